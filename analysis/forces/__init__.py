"""Foreign forces: what Russia sent and when, against what officials said.

Deployments counted family by family, reported totals, and the claims ledger.
"""
