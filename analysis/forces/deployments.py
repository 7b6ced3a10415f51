"""Foreign military deployments, above all Russia's 2015 build-up at Latakia.

Counting rules (why: several outlets often report the same arrival, and the same total):

1. Only ``arrival`` (+) and ``departure`` (-) rows with a number in ``quantity`` are
   counted. ``presence`` rows are totals seen at a date (they overlap with arrivals), and
   ``strike`` rows are uses, not deliveries; :func:`reported_totals` lists the presence
   totals separately. An arrival reported without a number is not counted (no number is
   invented); :func:`forces_in_theatre` lists it in ``unquantified``.
2. Two rows describe **the same arrival** when they have the same actor, asset class,
   action and quantity, dates at most :data:`SAME_ARRIVAL_DAYS` days apart, places at most
   :data:`SAME_SITE_KM` km apart (Latakia city and Hmeimim air base count as one site) or
   one of them unplaced, and compatible types: when both name a model (``Su-24``,
   ``T-90``) the models must match, while a generic type ("tactical fighter jet") matches
   any model. The arrival is counted once, on the earliest date, under the strongest
   status among the reports (confirmed > disputed > reported > denied).
3. Ships are counted per reported voyage, not per hull: the "Syrian Express" landing ships
   shuttled between the Black Sea and Tartus.
4. How many assets were *in Syria* on a day is :func:`forces_in_theatre`: reported totals
   as anchors, distinct movements since, low and high bounds, never negative.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.arguments import DateLike, as_date, check_date_range
from analysis.data.distance import haversine_km
from analysis.data.load import Dataset, dataset_or_default
from analysis.data.schema import SCHEMAS

__all__ = [
    "deployments",
    "distinct_arrivals",
    "asset_models",
    "SAME_SITE_KM",
    "reported_totals",
    "forces_in_theatre",
    "forces_at_moments",
    "FORCE_FAMILIES",
    "SAME_ARRIVAL_DAYS",
    "BUILD_UP_START",
    "BUILD_UP_END",
    "FORCES_END",
]

SAME_ARRIVAL_DAYS = 7
SAME_SITE_KM = 30.0
_MODEL = re.compile(r"\b([A-Z][A-Za-z]{0,2})-(\d+)")
BUILD_UP_START = "2015-08-01"
BUILD_UP_END = "2016-03-31"
#: forces_in_theatre's series runs past the March 2016 drawdown to catch its reports.
FORCES_END = "2016-06-30"
#: The asset families of :func:`forces_in_theatre` and the codebook classes each counts.
#: Landing ships and cargo vessels are voyages of the "Syrian Express", not presence;
#: strikes by aircraft flying from Russia are uses, not presence: neither is counted.
FORCE_FAMILIES = {
    "combat_aircraft": ("combat_aircraft",),
    "helicopters": ("helicopter",),
    "transport_aircraft": ("transport_aircraft",),
    "ships": ("warship", "submarine"),
    "air_defence": ("air_defence",),
    "armour": ("armour",),
    "artillery": ("artillery",),
    "personnel": ("personnel",),
}
#: Families whose arrivals are visits (flights), so only reported totals count as presence.
_VISITING = {"transport_aircraft"}
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


def _strongest(statuses) -> str | None:
    statuses = [s for s in statuses if s in _STATUS_RANK]
    return min(statuses, key=lambda s: _STATUS_RANK[s]) if statuses else None


def _family_estimate(
    day: pd.Timestamp,
    family: str,
    totals: pd.DataFrame,
    parts: pd.DataFrame,
    moves: pd.DataFrame,
    loose: pd.DataFrame,
) -> dict:
    """The estimate of one family on one day (see :func:`forces_in_theatre`)."""
    anchors = totals[totals["date"] <= day]
    if len(anchors):
        since = anchors["date"].max()
        latest = anchors[anchors["date"] == since]
        q = latest["quantity"].astype(float)
        est, low, high = float(q.median()), float(q.min()), float(q.max())
        used = list(latest["deployment_id"])
        statuses = list(latest["claim_status"])
    else:
        since, est, low, high, used, statuses = None, 0.0, 0.0, 0.0, [], []
    counted = pd.DataFrame(columns=moves.columns) if family in _VISITING else moves
    after = counted[(counted["date"] <= day) & ((counted["date"] > since) if since is not None else True)]
    # A running total of a withdrawal replaces the departures reported before it.
    running = after[after["cumulative"]]
    if len(running):
        last = running["date"].max()
        began = after.loc[(after["quantity"] > 0) & (after["date"] <= last), "date"].max()
        covered = (after["quantity"] < 0) & ~after["cumulative"] & (after["date"] <= last)
        if pd.notna(began):
            covered &= after["date"] > began
        after = after[~covered]
    q = after["quantity"].astype(float)
    arrive, leave = q > 0, q < 0
    status = after["claim_status"].astype(str)
    live = status != "denied"
    est += q[live].sum()
    low += q[arrive & (status == "confirmed")].sum() + q[leave].sum()
    high += q[arrive].sum() + q[leave & (status == "confirmed")].sum()
    for ids in after["deployment_ids"]:
        used.extend(ids)
    statuses += list(status)
    # A part seen before a later departure may have left with it: only later parts count.
    last_out = after.loc[leave, "date"].max() if leave.any() else since
    seen = parts["date"] <= day
    if last_out is not None:
        seen &= parts["date"] >= last_out
    seen_parts = parts[seen]
    if len(seen_parts):  # "eight Su-34" means at least eight of the family were there
        floor = float(seen_parts["quantity"].max())
        if floor > low:
            low = floor
            top = seen_parts.loc[seen_parts["quantity"].astype(float).idxmax()]
            used.append(top["deployment_id"])
            statuses.append(str(top["claim_status"]))
    unquantified = loose[(loose["date"] <= day) & ((loose["date"] > since) if since is not None else True)]
    if not used:  # nothing counted: unknown, not zero
        est = low = high = float("nan")
    else:
        low = max(low, 0.0)
        est = max(est, low)
        high = max(high, est)
    return {
        "date": day,
        "family": family,
        "estimate": est,
        "low": low,
        "high": high,
        "evidence": _strongest(statuses),
        "anchor_date": since,
        "rows": ", ".join(dict.fromkeys(used)),
        "unquantified": ", ".join(unquantified["deployment_id"]),
    }


def forces_in_theatre(
    date: DateLike | list[DateLike] | None = None,
    asset_class: str | None = None,
    freq: str = "W",
    *,
    start: DateLike = BUILD_UP_START,
    end: DateLike = FORCES_END,
    actor: str = "russia",
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """How many assets of each family were in Syria on a date: estimate, low, high.

    **The rule.** For each family (:data:`FORCE_FAMILIES`) and day:

    1. *Anchor*: the latest reported total of the whole family in Syria on or before the
       day (presence rows with ``total_scope = class_total``, e.g. "32 Russian aircraft at
       the base near Latakia"). Several totals on that date: the estimate starts from
       their median, the low bound from the smallest, the high from the largest. With no
       total yet, everything starts at 0.
    2. *Movements since the anchor*: distinct arrivals (+) and departures and losses (-)
       dated after the anchor and up to the day, each counted once even when several
       outlets report it (:func:`distinct_arrivals`). The estimate adds every movement
       except those Moscow denied; the **low** bound adds only confirmed arrivals and
       every departure; the **high** bound adds every arrival and only confirmed
       departures.
    3. *Floors*: a reported part of the family ("eight Su-34") seen since the anchor and
       since the last departure is a floor for the low bound. Nothing is ever below
       zero: a bound that would fall below zero is 0, and ``low <= estimate <= high``.
    4. A departure coded ``total_scope = cumulative`` (a running total of a withdrawal,
       e.g. "about 30 aircraft removed" since 15 March 2016) replaces the quantified
       departures of the family reported before it within the same withdrawal (those
       since the family's last arrival), so a plane is not withdrawn twice; earlier losses
       stay counted.
    5. Totals that mix families ("50 airplanes and helicopters", the 69 jets "taking part",
       which include bombers flying from Russia) are not anchors; they stay in
       :func:`reported_totals`. Transport aircraft arrive as flights: only reported totals
       count them. Landing ships and strikes are not presence.
    6. A family with no number at all is unknown (NaN), not zero; ``unquantified`` lists
       the arrivals and departures reported without a number since the anchor.

    ``evidence`` is the strongest claim status among the rows a value rests on
    (confirmed > disputed > reported > denied): it describes the number, it does not split
    it into series.

    Parameters
    ----------
    date : str or Timestamp, or a list of them, optional
        One day: a small table by family (several days: one table per day, stacked).
        None: a series from ``start`` to ``end``.
    asset_class : str, optional
        One family (a key of :data:`FORCE_FAMILIES`); default all.
    freq : str
        pandas frequency of the series (``"W"``, ``"D"``, ``"MS"``).
    start, end : str or Timestamp
        The series' range (default August 2015 to June 2016).
    actor : str
        Whose forces (default Russia).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        ``date``, ``family``, ``estimate``, ``low``, ``high``, ``evidence``,
        ``anchor_date``, ``rows`` (deployment ids the value rests on), ``unquantified``.

    Examples
    --------
    >>> t = forces_in_theatre("2015-10-15").set_index("family")
    >>> int(t.loc["combat_aircraft", "estimate"])
    32
    >>> bool((forces_in_theatre()[["estimate", "low", "high"]].fillna(0) >= 0).all().all())
    True
    """
    families = FORCE_FAMILIES
    if asset_class is not None:
        if asset_class not in FORCE_FAMILIES:
            raise ValueError(
                f"asset_class={asset_class!r} is unknown; expected one of: " + ", ".join(FORCE_FAMILIES)
            )
        families = {asset_class: FORCE_FAMILIES[asset_class]}
    if date is not None:
        days = date if isinstance(date, (list, tuple, pd.Index)) else [date]
        dates = pd.DatetimeIndex([as_date(d, "date") for d in days])
    else:
        lo, hi = as_date(start, "start"), as_date(end, "end")
        check_date_range(lo, hi)
        try:
            dates = pd.date_range(lo, hi, freq=freq)
        except ValueError as exc:
            raise ValueError(f"freq={freq!r} is not a pandas frequency (e.g. 'W', 'D', 'MS')") from exc
    ds = dataset_or_default(dataset)
    dep = deployments(actor=actor, dataset=ds)
    moves = distinct_arrivals(dataset=ds, actor=actor)
    rows = []
    for family, classes in families.items():
        mine = dep[dep["asset_class"].isin(classes)]
        counted = mine[(mine["action"] == "presence") & mine["quantity"].notna()]
        totals = counted[counted["total_scope"] == "class_total"]
        parts = counted[counted["total_scope"] == "part"]
        fam_moves = moves[moves["asset_class"].isin(classes)].copy()
        running = set(mine.loc[mine["total_scope"] == "cumulative", "deployment_id"])
        fam_moves["cumulative"] = [bool(running & set(ids)) for ids in fam_moves["deployment_ids"]]
        loose = mine[mine["action"].isin(["arrival", "departure"]) & mine["quantity"].isna()]
        for day in dates:
            rows.append(_family_estimate(day, family, totals, parts, fam_moves, loose))
    out = pd.DataFrame(
        rows,
        columns=[
            "date",
            "family",
            "estimate",
            "low",
            "high",
            "evidence",
            "anchor_date",
            "rows",
            "unquantified",
        ],
    )
    return out.reset_index(drop=True)


def _range_text(row) -> str:
    if pd.isna(row["estimate"]):
        return "unknown"
    est, low, high = (int(round(row[k])) for k in ("estimate", "low", "high"))
    return f"{est}" if low == high == est else f"{est} ({low}-{high})"


def forces_at_moments(
    moments: dict,
    families: tuple[str, ...] = ("combat_aircraft", "helicopters", "personnel"),
    *,
    actor: str = "russia",
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Forces in theatre at a few named moments, beside the latest Russian official word.

    Parameters
    ----------
    moments : dict
        ``{label: date}``, e.g. ``{"before the air campaign": "2015-09-29"}``.
    families : tuple of str
        Families shown, as ``estimate (low-high)``.
    actor : str
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        One row per moment: ``moment``, ``date``, one column per family, and the latest
        statement by a Russian official on or before the date (``statement_date``,
        ``speaker``, ``stance``, ``said``: the quote, in English where the project
        translated it).

    Examples
    --------
    >>> t = forces_at_moments({"start": "2015-10-15"})
    >>> t.loc[0, "combat_aircraft"]
    '32'
    """
    from analysis.forces.claims import government_of

    ds = dataset_or_default(dataset)
    dates = [as_date(d, "date") for d in moments.values()]
    table = forces_in_theatre(dates, actor=actor, dataset=ds)
    st = ds.statements.copy()
    st = st[[government_of(o) == "Russia" for o in st["organisation"]]].sort_values("date", kind="stable")
    rows = []
    for label, day in zip(moments, dates):
        here = table[table["date"] == day].set_index("family")
        row = {"moment": label, "date": day}
        row.update({f: _range_text(here.loc[f]) for f in families})
        said = st[st["date"] <= day].tail(1)
        if len(said):
            s = said.iloc[0]
            text = s["quote_en"] if pd.notna(s["quote_en"]) else s["quote"]
            row.update(statement_date=s["date"], speaker=s["speaker"], stance=s["stance"], said=text)
        rows.append(row)
    return pd.DataFrame(rows)
