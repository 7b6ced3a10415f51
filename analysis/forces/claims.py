"""The claims ledger: what officials said about each claim, beside the evidence.

A ledger row is either a **statement** (from the statements table, with its stance) or a
piece of **evidence** (a deployment or event that bears on the claim). Evidence is linked
to claims by the documented rules in :data:`EVIDENCE_RULES`, not by hand, so that a
reader can see why a report counts as evidence for a claim.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.load import Dataset, dataset_or_default

__all__ = [
    "claim_ledger",
    "contradictions",
    "government_of",
    "EVIDENCE_RULES",
    "DENIAL_STANCES",
    "CONFIRMATION_STANCES",
]

DENIAL_STANCES = ("denies", "downplays")
CONFIRMATION_STANCES = ("confirms", "reverses")

#: Which deployments count as evidence for which claim (Russian assets only):
#: claim id -> (actions, asset classes); an empty tuple means "any".
EVIDENCE_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "C01": (("arrival", "presence"), ("combat_aircraft",)),  # combat aircraft in Syria
    "C02": (("strike",), ()),  # taking part in operations
    "C05": (("arrival", "presence"), ("infrastructure", "air_defence")),  # base near Latakia
    "C06": (("arrival",), ()),  # a build-up
    "C08": (("arrival", "presence"), ("personnel",)),  # personnel present
    # The withdrawals of March 2016 and December 2017: what was counted there, and what left.
    "C09": (("presence", "departure"), ("combat_aircraft", "helicopter", "personnel")),
    "C10": (("presence", "departure"), ("combat_aircraft", "helicopter", "personnel")),
    "C11": (("presence",), ("infrastructure", "warship", "submarine")),  # the bases kept
    # After the fall of Assad: what stayed at the bases and what was shipped out.
    "C12": (
        ("presence", "departure"),
        ("warship", "submarine", "transport_aircraft", "air_defence", "infrastructure"),
    ),
    "C14": (("departure",), ("warship", "combat_aircraft")),  # the reduction of January 2017
    "C15": (("departure",), ()),  # withdrawing after December 2024
}
_IMAGE = re.compile(r"\b(picture|photo|image|video|footage|satellite)", re.IGNORECASE)


def government_of(organisation: str) -> str:
    """The state an organisation speaks for (Russia, Syria, United States or other).

    Examples
    --------
    >>> government_of("Kremlin (Presidential Administration)"), government_of("U.S. Department of State")
    ('Russia', 'United States')
    """
    text = organisation or ""
    if re.search(r"Russia|Kremlin|Federation Council|State Duma", text):
        return "Russia"
    if re.search(r"Syria", text):
        return "Syria"
    if re.search(r"U\.S\.|United States|US |Pentagon|White House", text):
        return "United States"
    return "other"


def _evidence_kind(action: str, text: str) -> str:
    if action == "strike":
        return "strike"
    return "image" if _IMAGE.search(text or "") else "report"


def claim_ledger(claim_id: str | None = None, *, dataset: Dataset | None = None) -> pd.DataFrame:
    """One row per statement or piece of evidence about a claim, in date order.

    Parameters
    ----------
    claim_id : str, optional
        Keep one claim (see the claims table).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        ``date``, ``claim_id``, ``claim``, ``kind`` (statement / evidence), ``who``
        (speaker, or the asset for evidence), ``organisation``, ``government``, ``stance``
        (statements) or ``evidence`` (report / image / strike), ``quote`` (the source's
        own words, in its language), ``quote_en`` (the project's English translation of a
        non-English quote, else empty), ``source_id``, ``url``, ``row_id`` (statement or
        deployment id).

    Raises
    ------
    ValueError
        For a claim id not in the claims table.

    Examples
    --------
    >>> ledger = claim_ledger("C01")
    >>> set(ledger["kind"]) == {"statement", "evidence"}
    True
    """
    ds = dataset_or_default(dataset)
    claims = ds.claims.set_index("claim_id")["text"]
    if claim_id is not None and claim_id not in claims.index:
        raise ValueError(f"claim_id={claim_id!r} is unknown; expected one of: {', '.join(claims.index)}")
    st = ds.statements
    statements = pd.DataFrame(
        {
            "date": st["date"],
            "claim_id": st["claim_id"],
            "kind": "statement",
            "who": st["speaker"],
            "organisation": st["organisation"],
            "stance": st["stance"].astype("string"),
            "evidence": pd.NA,
            "quote": st["quote"],
            "quote_en": st["quote_en"],
            "source_id": st["source_id"],
            "row_id": st["statement_id"],
        }
    )
    dep = ds.deployments[ds.deployments["actor"] == "russia"]
    pieces = []
    for cid, (actions, classes) in EVIDENCE_RULES.items():
        rows = dep[dep["action"].isin(actions) & (dep["asset_class"].isin(classes) if classes else True)]
        pieces.append(
            pd.DataFrame(
                {
                    "date": rows["date"],
                    "claim_id": cid,
                    "kind": "evidence",
                    "who": rows["asset_type"],
                    "organisation": rows["attributed_to"].fillna(""),
                    "stance": pd.NA,
                    "evidence": [
                        _evidence_kind(a, f"{q} {n}")
                        for a, q, n in zip(rows["action"], rows["quote"], rows["notes"].fillna(""))
                    ],
                    "quote": rows["quote"],
                    "quote_en": rows["quote_en"],
                    "source_id": rows["source_id"],
                    "row_id": rows["deployment_id"],
                }
            )
        )
    ledger = pd.concat([statements, *pieces], ignore_index=True)
    ledger["claim"] = ledger["claim_id"].map(claims)
    ledger["government"] = [
        government_of(o) if k == "statement" else "" for o, k in zip(ledger["organisation"], ledger["kind"])
    ]
    ledger["url"] = ledger["source_id"].map(ds.sources.set_index("id")["url"])
    if claim_id is not None:
        ledger = ledger[ledger["claim_id"] == claim_id]
    cols = [
        "date",
        "claim_id",
        "claim",
        "kind",
        "who",
        "organisation",
        "government",
        "stance",
        "evidence",
        "quote",
        "quote_en",
        "source_id",
        "url",
        "row_id",
    ]
    return ledger.sort_values(["date", "kind", "row_id"], kind="stable")[cols].reset_index(drop=True)


def contradictions(level: str = "speaker", *, dataset: Dataset | None = None) -> pd.DataFrame:
    """Pairs where the same speaker (or organisation, or government) reversed itself.

    A denial followed by a confirmation of the same claim, or a confirmation followed by
    a denial.

    Denials are ``denies`` and ``downplays``; confirmations are ``confirms`` and
    ``reverses``. Each statement is paired with the first later statement of the opposite
    kind by the same party about the same claim.

    Parameters
    ----------
    level : {"speaker", "organisation", "government"}
        Who counts as "the same": the person, their ministry, or their state.
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        ``claim_id``, ``who``, ``direction`` (``denied → confirmed`` or ``confirmed →
        denied``), ``first_date``, ``first_stance``, ``first_quote``, ``first_id``,
        ``later_date``, ``later_stance``, ``later_quote``, ``later_id``, ``days``;
        sorted by first date.

    Examples
    --------
    >>> pairs = contradictions("organisation")
    >>> row = pairs[(pairs["claim_id"] == "C01") & (pairs["who"] == "Russian Ministry of Defence")].iloc[0]
    >>> row["direction"], int(row["days"])
    ('denied → confirmed', 30)
    """
    if level not in ("speaker", "organisation", "government"):
        raise ValueError(f"level={level!r} is unknown; expected one of: speaker, organisation, government")
    ds = dataset_or_default(dataset)
    st = ds.statements.copy()
    st["who"] = st["organisation"].map(government_of) if level == "government" else st[level]
    st["denial"] = st["stance"].isin(DENIAL_STANCES)
    st = st.sort_values(["date", "statement_id"], kind="stable")
    pairs = []
    for (claim, who), group in st.groupby(["claim_id", "who"], observed=True, sort=False):
        rows = list(group.itertuples())
        for i, first in enumerate(rows):
            later = next((r for r in rows[i + 1 :] if r.denial != first.denial and r.date > first.date), None)
            if later is None:
                continue
            pairs.append(
                {
                    "claim_id": claim,
                    "who": who,
                    "direction": "denied → confirmed" if first.denial else "confirmed → denied",
                    "first_date": first.date,
                    "first_stance": first.stance,
                    "first_quote": first.quote,
                    "first_id": first.statement_id,
                    "later_date": later.date,
                    "later_stance": later.stance,
                    "later_quote": later.quote,
                    "later_id": later.statement_id,
                    "days": (later.date - first.date).days,
                }
            )
    cols = [
        "claim_id",
        "who",
        "direction",
        "first_date",
        "first_stance",
        "first_quote",
        "first_id",
        "later_date",
        "later_stance",
        "later_quote",
        "later_id",
        "days",
    ]
    out = pd.DataFrame(pairs, columns=cols)
    return out.sort_values(["first_date", "claim_id"], kind="stable").reset_index(drop=True)
