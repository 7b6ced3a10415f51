"""Foreign military deployments, above all Russia's 2015 build-up at Latakia.

Counting rule of :func:`build_up` (why: several outlets often report the same arrival):

1. Only ``arrival`` (+) and ``departure`` (-) rows with a number in ``quantity`` are
   counted. ``presence`` rows are totals seen at a date (they overlap with arrivals), and
   ``strike`` rows are uses, not deliveries; :func:`reported_totals` lists the presence
   totals separately. An arrival reported without a number is not counted (no number is
   invented); :func:`build_up` marks its date in ``unquantified``.
2. Two rows describe **the same arrival** when they have the same actor, asset class,
   action and quantity, dates at most :data:`SAME_ARRIVAL_DAYS` days apart, places at most
   :data:`SAME_SITE_KM` km apart (Latakia city and Hmeimim air base count as one site) or
   one of them unplaced, and compatible types: when both name a model (``Su-24``,
   ``T-90``) the models must match, while a generic type ("tactical fighter jet") matches
   any model. The arrival is counted once, on the earliest date, under the strongest
   status among the reports (confirmed > disputed > reported > denied).
3. Ships are counted per reported voyage, not per hull: the "Syrian Express" landing ships
   shuttled between the Black Sea and Tartus.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .arguments import as_date
from .load import Dataset, dataset_or_default
from .schema import SCHEMAS

__all__ = ["deployments", "distinct_arrivals", "asset_models", "SAME_SITE_KM", "build_up", "reported_totals", "SAME_ARRIVAL_DAYS",
           "BUILD_UP_START", "BUILD_UP_END"]

SAME_ARRIVAL_DAYS = 7
SAME_SITE_KM = 30.0
_MODEL = re.compile(r"\b([A-Z][A-Za-z]{0,2})-(\d+)")
BUILD_UP_START = "2015-08-01"
BUILD_UP_END = "2016-03-31"
_STATUS_RANK = {"confirmed": 0, "disputed": 1, "reported": 2, "denied": 3}
_ASSET_CLASSES = SCHEMAS["deployments"].column("asset_class").allowed



def deployments(asset_class: str | list[str] | None = None, start=None, end=None,
                actor: str | None = "russia", dataset: Dataset | None = None):
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
            raise ValueError(f"asset_class={unknown[0]!r} is unknown; expected one of: "
                             + ", ".join(_ASSET_CLASSES))
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


def _km(a, b) -> float:
    lat = math.radians((a.y + b.y) / 2)
    return math.hypot((a.x - b.x) * math.cos(lat), a.y - b.y) * 111.32


def _same_site(loc_a, loc_b, points) -> bool:
    if loc_a is None or loc_b is None or loc_a == loc_b:
        return True
    return _km(points[loc_a], points[loc_b]) <= SAME_SITE_KM


def _compatible(models_a: frozenset, models_b: frozenset) -> bool:
    return not models_a or not models_b or bool(models_a & models_b)


def distinct_arrivals(dataset: Dataset | None = None, actor: str | None = "russia") -> pd.DataFrame:
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
        match = next((g for g in groups if g["actor"] == row.actor and g["asset_class"] == row.asset_class
                      and g["action"] == row.action and g["n"] == int(row.quantity)
                      and (row.date - g["date"]).days <= SAME_ARRIVAL_DAYS
                      and _same_site(loc, g["location_id"], points)
                      and _compatible(models, g["models"])), None)
        if match is None:
            groups.append({"date": row.date, "actor": row.actor, "asset_class": row.asset_class,
                           "action": row.action, "n": int(row.quantity),
                           "location_id": loc, "models": models,
                           "claim_status": row.claim_status, "ids": [row.deployment_id],
                           "asset_type": row.asset_type})
            continue
        match["ids"].append(row.deployment_id)
        match["models"] = match["models"] | models
        if match["location_id"] is None:
            match["location_id"] = loc
        if _STATUS_RANK[row.claim_status] < _STATUS_RANK[match["claim_status"]]:
            match["claim_status"] = row.claim_status
    out = pd.DataFrame([{
        "date": g["date"], "actor": g["actor"], "asset_class": g["asset_class"], "action": g["action"],
        "quantity": g["n"] if g["action"] == "arrival" else -g["n"], "claim_status": g["claim_status"],
        "location_id": g["location_id"], "deployment_ids": tuple(g["ids"]), "asset_type": g["asset_type"],
    } for g in groups], columns=["date", "actor", "asset_class", "action", "quantity", "claim_status",
                                 "location_id", "deployment_ids", "asset_type"])
    return out.astype({"quantity": "Int64"})


def build_up(freq: str = "W", start=BUILD_UP_START, end=BUILD_UP_END,
             dataset: Dataset | None = None, actor: str | None = "russia") -> pd.DataFrame:
    """Cumulative reported assets by class over time, reported / confirmed / denied apart.

    Parameters
    ----------
    freq : str
        pandas frequency of the output dates (``"W"`` weekly, ``"D"``, ``"MS"`` ...).
    start, end : str or datetime-like
        Range of the output (movements before ``start`` count from the first date).
    dataset : Dataset, optional
    actor : str or None
        Whose assets (default ``"russia"``).

    Returns
    -------
    pandas.DataFrame
        Long format: ``date``, ``asset_class``, ``claim_status``, ``cumulative`` (net
        arrivals so far, by the module's counting rule) and ``unquantified`` (arrivals
        reported without a number on or before that date).

    Examples
    --------
    >>> b = build_up(freq="MS")
    >>> last = b[b["date"] == b["date"].max()]
    >>> int(last.loc[last["asset_class"] == "landing_ship", "cumulative"].sum()) > 0
    True
    """
    lo, hi = as_date(start, "start"), as_date(end, "end")
    try:
        dates = pd.date_range(lo, hi, freq=freq)
    except ValueError as exc:
        raise ValueError(f"freq={freq!r} is not a pandas frequency (e.g. 'W', 'D', 'MS')") from exc
    moves = distinct_arrivals(dataset, actor=actor)
    dep = deployments(actor=actor, dataset=dataset)
    loose = dep[(dep["action"] == "arrival") & dep["quantity"].isna()]
    rows = []
    for (cls, status), group in moves.groupby(["asset_class", "claim_status"], observed=True):
        for day in dates:
            rows.append({"date": day, "asset_class": cls, "claim_status": status,
                         "cumulative": int(group.loc[group["date"] <= day, "quantity"].sum())})
    out = pd.DataFrame(rows, columns=["date", "asset_class", "claim_status", "cumulative"])
    extra = []
    for (cls, status), group in loose.groupby(["asset_class", "claim_status"], observed=True):
        for day in dates:
            extra.append({"date": day, "asset_class": cls, "claim_status": status,
                          "unquantified": int((group["date"] <= day).sum())})
    extra = pd.DataFrame(extra, columns=["date", "asset_class", "claim_status", "unquantified"])
    out = out.merge(extra, on=["date", "asset_class", "claim_status"], how="outer")
    out["cumulative"] = out["cumulative"].fillna(0).astype(int)
    out["unquantified"] = out["unquantified"].fillna(0).astype(int)
    return out.sort_values(["asset_class", "claim_status", "date"]).reset_index(drop=True)


def reported_totals(asset_class: str | None = None, dataset: Dataset | None = None,
                    actor: str | None = "russia") -> pd.DataFrame:
    """Totals present at a date as reported (``presence`` rows with a number).

    Examples
    --------
    >>> t = reported_totals("combat_aircraft")
    >>> list(t.columns)[:4]
    ['date', 'asset_type', 'quantity', 'claim_status']
    """
    dep = deployments(asset_class, actor=actor, dataset=dataset)
    dep = dep[(dep["action"] == "presence") & dep["quantity"].notna()]
    return dep[["date", "asset_type", "quantity", "claim_status", "location_id", "source_id",
                "deployment_id"]].reset_index(drop=True)
