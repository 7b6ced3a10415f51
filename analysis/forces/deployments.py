"""Foreign military deployments: Russia's intervention, from the 2015 build-up to the bases after 2024.

Counting rules (why: several outlets often report the same arrival, and the same total):

1. Only ``arrival`` (+) and ``departure`` (-) rows with a number in ``quantity`` are
   counted. ``presence`` rows are totals seen at a date (they overlap with arrivals), and
   ``strike`` rows are uses, not deliveries; :func:`reported_totals` lists the presence
   totals separately. An arrival reported without a number is not counted (no number is
   invented); ``forces_in_theatre`` lists it in ``unquantified``.
2. Two rows describe **the same arrival** when they have the same actor, asset class,
   action and quantity, dates at most :data:`SAME_ARRIVAL_DAYS` days apart, places at most
   :data:`SAME_SITE_KM` km apart (Latakia city and Hmeimim air base count as one site) or
   one of them unplaced, and compatible types: when both name a model (``Su-24``,
   ``T-90``) the models must match, while a generic type ("tactical fighter jet") matches
   any model. The arrival is counted once, on the earliest date, under the strongest
   status among the reports (confirmed > disputed > reported > denied).
3. Ships are counted per reported voyage, not per hull: the "Syrian Express" landing ships
   shuttled between the Black Sea and Tartus.
4. How many assets were *in Syria* on a day is
   :func:`analysis.forces.estimates.forces_in_theatre`: reported totals as anchors,
   distinct movements since, low and high bounds, never negative, unknown when stale.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.arguments import DateLike, as_date
from analysis.data.distance import haversine_km
from analysis.data.load import Dataset, dataset_or_default
from analysis.data.schema import SCHEMAS

__all__ = [
    "deployments",
    "distinct_arrivals",
    "asset_models",
    "SAME_SITE_KM",
    "reported_totals",
    "SAME_ARRIVAL_DAYS",
    "BUILD_UP_START",
    "BUILD_UP_END",
]

SAME_ARRIVAL_DAYS = 7
SAME_SITE_KM = 30.0
_MODEL = re.compile(r"\b([A-Z][A-Za-z]{0,2})-(\d+)")
BUILD_UP_START = "2015-08-01"
BUILD_UP_END = "2016-03-31"
_STATUS_RANK = {"confirmed": 0, "disputed": 1, "reported": 2, "denied": 3}
_ASSET_CLASSES = SCHEMAS["deployments"].column("asset_class").allowed


def deployments(
    asset_class: str | list[str] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    actor: str | None = "russia",
    *,
    dataset: Dataset | None = None,
):
    """The deployments table, filtered.

    Parameters
    ----------
    asset_class : str or list of str, optional
        One or more of the codebook's asset classes (e.g. ``"combat_aircraft"``).
    start, end : str or datetime-like, optional
        Keep rows dated on or after ``start`` and on or before ``end``.
    actor : str or None
        Whose assets (default ``"russia"``); None keeps every actor.
    dataset : Dataset, optional

    Returns
    -------
    geopandas.GeoDataFrame
        Rows in file order.

    Examples
    --------
    >>> jets = deployments("combat_aircraft", start="2015-09-01", end="2015-09-30")
    >>> set(jets["asset_class"]) == {"combat_aircraft"}
    True
    """
    ds = dataset_or_default(dataset)
    out = ds.deployments
    if asset_class is not None:
        classes = [asset_class] if isinstance(asset_class, str) else list(asset_class)
        unknown = [c for c in classes if c not in _ASSET_CLASSES]
        if unknown:
            raise ValueError(
                f"asset_class={unknown[0]!r} is unknown; expected one of: " + ", ".join(_ASSET_CLASSES)
            )
        out = out[out["asset_class"].isin(classes)]
    if actor is not None:
        if actor not in set(ds.actors["id"]):
            raise ValueError(f"actor={actor!r} is unknown; expected one of: " + ", ".join(ds.actors["id"]))
        out = out[out["actor"] == actor]
    if start is not None:
        out = out[out["date"] >= as_date(start, "start")]
    if end is not None:
        out = out[out["date"] <= as_date(end, "end")]
    return out


def asset_models(asset_type: str) -> frozenset[str]:
    """Model designations named in an asset type (variants folded: Su-24M -> Su-24).

    Examples
    --------
    >>> sorted(asset_models("Su-34 with Tu-154 leader"))
    ['Su-34', 'Tu-154']
    >>> asset_models("tactical fighter jet")
    frozenset()
    """
    return frozenset(f"{a}-{n}" for a, n in _MODEL.findall(asset_type or ""))


def _same_site(loc_a, loc_b, points) -> bool:
    if loc_a is None or loc_b is None or loc_a == loc_b:
        return True
    a, b = points[loc_a], points[loc_b]
    return haversine_km(a.x, a.y, b.x, b.y) <= SAME_SITE_KM


def _compatible(models_a: frozenset, models_b: frozenset) -> bool:
    return not models_a or not models_b or bool(models_a & models_b)


def distinct_arrivals(*, actor: str | None = "russia", dataset: Dataset | None = None) -> pd.DataFrame:
    """Arrivals and departures with a number, one row per distinct movement (rule 2).

    Returns
    -------
    pandas.DataFrame
        ``date``, ``actor``, ``asset_class``, ``action``, ``quantity`` (negative for
        departures), ``claim_status`` (strongest among the reports), ``deployment_ids``
        (every row describing it), ``asset_type``.

    Examples
    --------
    >>> moves = distinct_arrivals()
    >>> bool((moves.loc[moves["action"] == "departure", "quantity"] < 0).all())
    True
    """
    ds = dataset_or_default(dataset)
    points = dict(zip(ds.locations["id"], ds.locations.geometry))
    dep = deployments(actor=actor, dataset=ds)
    dep = dep[dep["action"].isin(["arrival", "departure"]) & dep["quantity"].notna()]
    dep = dep.sort_values(["date", "deployment_id"], kind="stable")
    groups: list[dict] = []
    for row in dep.itertuples():
        loc = None if pd.isna(row.location_id) else row.location_id
        models = asset_models(row.asset_type)
        match = next(
            (
                g
                for g in groups
                if g["actor"] == row.actor
                and g["asset_class"] == row.asset_class
                and g["action"] == row.action
                and g["n"] == int(row.quantity)
                and (row.date - g["date"]).days <= SAME_ARRIVAL_DAYS
                and _same_site(loc, g["location_id"], points)
                and _compatible(models, g["models"])
            ),
            None,
        )
        if match is None:
            groups.append(
                {
                    "date": row.date,
                    "actor": row.actor,
                    "asset_class": row.asset_class,
                    "action": row.action,
                    "n": int(row.quantity),
                    "location_id": loc,
                    "models": models,
                    "claim_status": row.claim_status,
                    "ids": [row.deployment_id],
                    "asset_type": row.asset_type,
                }
            )
            continue
        match["ids"].append(row.deployment_id)
        match["models"] = match["models"] | models
        if match["location_id"] is None:
            match["location_id"] = loc
        if _STATUS_RANK[row.claim_status] < _STATUS_RANK[match["claim_status"]]:
            match["claim_status"] = row.claim_status
    out = pd.DataFrame(
        [
            {
                "date": g["date"],
                "actor": g["actor"],
                "asset_class": g["asset_class"],
                "action": g["action"],
                "quantity": g["n"] if g["action"] == "arrival" else -g["n"],
                "claim_status": g["claim_status"],
                "location_id": g["location_id"],
                "deployment_ids": tuple(g["ids"]),
                "asset_type": g["asset_type"],
            }
            for g in groups
        ],
        columns=[
            "date",
            "actor",
            "asset_class",
            "action",
            "quantity",
            "claim_status",
            "location_id",
            "deployment_ids",
            "asset_type",
        ],
    )
    return out.astype({"quantity": "Int64"})


def reported_totals(
    asset_class: str | None = None, *, actor: str | None = "russia", dataset: Dataset | None = None
) -> pd.DataFrame:
    """Totals present at a date as reported (``presence`` rows with a number).

    Examples
    --------
    >>> t = reported_totals("combat_aircraft")
    >>> list(t.columns)[:4]
    ['date', 'asset_type', 'quantity', 'claim_status']
    """
    dep = deployments(asset_class, actor=actor, dataset=dataset)
    dep = dep[(dep["action"] == "presence") & dep["quantity"].notna()]
    return dep[
        ["date", "asset_type", "quantity", "claim_status", "location_id", "source_id", "deployment_id"]
    ].reset_index(drop=True)
