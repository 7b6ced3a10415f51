"""Event data: ACLED and UCDP GED exports beside the hand-coded events.

Exports read strictly (one file eagerly, many with Dask), cached, and compared with the
hand-coded events.
"""
