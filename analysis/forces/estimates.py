"""How many of Russia's assets were in Syria on a day, and how that holds up against the record.

:func:`forces_in_theatre` estimates each asset family (:data:`FORCE_FAMILIES`) from the
reported totals of the whole family (anchors) and the distinct movements reported since;
:func:`published_totals` puts every dated reported total beside the estimate, so a reader
sees where the two differ and why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from analysis.config import RECORD_END
from analysis.data.arguments import DateLike, as_date, check_date_range
from analysis.data.load import Dataset, dataset_or_default
from analysis.forces.deployments import _STATUS_RANK, BUILD_UP_START, deployments, distinct_arrivals

__all__ = [
    "FORCE_FAMILIES",
    "STALE_AFTER_DAYS",
    "WITHDRAWAL_DAYS",
    "family_of",
    "forces_in_theatre",
    "forces_at_moments",
    "published_totals",
    "published_totals_text",
]

#: The asset families and the codebook classes each counts. Landing ships and cargo vessels
#: are voyages of the "Syrian Express", counted apart as movements, not presence; strikes
#: by aircraft flying from Russia are uses, not presence. The naval family is the Russian
#: warships and submarines operating off Syria (the Mediterranean task force, a cruiser off
#: Latakia, the carrier group of 2016-2017, the ships at Tartus).
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
#: An estimate that rests on no report for longer than this fades to unknown. Why half a
#: year: the air group's squadrons were rotated and its size changed (the drawdowns of
#: March 2016 and December 2017, the carrier's aircraft of late 2016) within months of one
#: another; a count older than six months describes a group that has since been reshaped,
#: and carrying it forward would state a number no one reported.
STALE_AFTER_DAYS = 182
#: Departures of one family reported as running totals within this many days are one
#: withdrawal: the latest total replaces the earlier ones.
WITHDRAWAL_DAYS = 120
#: Families whose arrivals are visits (flights), so only reported totals count as presence.
_VISITING = {"transport_aircraft"}
_CLASS_FAMILY = {c: f for f, classes in FORCE_FAMILIES.items() for c in classes}
_COLUMNS = [
    "date",
    "family",
    "estimate",
    "low",
    "high",
    "evidence",
    "anchor_date",
    "last_report",
    "rows",
    "unquantified",
]


def family_of(asset_class: str) -> str | None:
    """The family of :data:`FORCE_FAMILIES` that counts an asset class, if any.

    Examples
    --------
    >>> family_of("submarine"), family_of("landing_ship")
    ('ships', None)
    """
    return _CLASS_FAMILY.get(asset_class)


def _families_named(covers: object) -> list[str]:
    """Families a cross-class number spans, from its ``covers_classes`` (counted families only)."""
    if not isinstance(covers, str) or not covers.strip():
        return []
    named = [family_of(c.strip()) for c in covers.split(";")]
    return list(dict.fromkeys(f for f in named if f is not None and f not in _VISITING))


def _names_uncounted(covers: object) -> bool:
    """Whether a cross-class number also spans classes no family counts (e.g. transports)."""
    if not isinstance(covers, str) or not covers.strip():
        return False
    return any(family_of(c.strip()) in (None, *_VISITING) for c in covers.split(";"))


def _strongest(statuses) -> str | None:
    statuses = [s for s in statuses if s in _STATUS_RANK]
    return min(statuses, key=lambda s: _STATUS_RANK[s]) if statuses else None


def _running_baseline(moves: pd.DataFrame, since: pd.Timestamp | None, first: pd.Timestamp) -> float:
    """The running withdrawal total already reported when the anchor was counted."""
    if since is None:
        return 0.0
    earlier = moves[
        moves["cumulative"]
        & (moves["date"] <= since)
        & (moves["date"] >= first - pd.Timedelta(days=WITHDRAWAL_DAYS))
    ]
    return float(earlier.sort_values("date")["quantity"].iloc[-1]) if len(earlier) else 0.0


def _family_estimate(
    day: pd.Timestamp,
    family: str,
    totals: pd.DataFrame,
    parts: pd.DataFrame,
    moves: pd.DataFrame,
    loose: pd.DataFrame,
) -> dict:
    """The estimate of one family on one day from its own rows (see :func:`forces_in_theatre`)."""
    anchors = totals[totals["date"] <= day]
    evidence_days: list[pd.Timestamp] = []
    if len(anchors):
        since = anchors["date"].max()
        latest = anchors[anchors["date"] == since]
        q = latest["quantity"].astype(float)
        est, low, high = float(q.median()), float(q.min()), float(q.max())
        used = list(latest["deployment_id"])
        statuses = list(latest["claim_status"])
        evidence_days.append(since)
    else:
        since, est, low, high, used, statuses = None, 0.0, 0.0, 0.0, [], []
    counted = moves.iloc[0:0] if family in _VISITING else moves
    after = counted[(counted["date"] <= day) & ((counted["date"] > since) if since is not None else True)]
    # Movements only update a count that is still current: one reported more than
    # STALE_AFTER_DAYS after the evidence before it starts from an unknown, not from it.
    broken = False
    previous = since
    for moved in sorted(after["date"]):
        if previous is not None and (moved - previous).days > STALE_AFTER_DAYS:
            broken = True
            break
        previous = moved
    # A running total of a withdrawal replaces every departure of that withdrawal reported
    # before it (earlier running totals included), and only the part not yet reported when
    # the anchor was counted is taken off it.
    running = after[after["cumulative"]]
    if len(running):
        last = running["date"].max()
        began = after.loc[(after["quantity"] > 0) & (after["date"] <= last), "date"].max()
        covered = (after["quantity"] < 0) & (after["date"] <= last)
        covered &= ~(after["cumulative"] & (after["date"] == last))
        if pd.notna(began):
            covered &= after["date"] > began
        after = after[~covered].copy()
        first = running["date"].min()
        baseline = _running_baseline(counted, since, first)
        at_last = after["cumulative"] & (after["date"] == last)
        after.loc[at_last, "quantity"] = (after.loc[at_last, "quantity"].astype(float) - baseline).clip(
            upper=0
        )
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
    evidence_days += list(after["date"])
    # A part seen before a later departure may have left with it: only later parts count.
    last_out = after.loc[leave, "date"].max() if leave.any() else since
    seen = parts["date"] <= day
    if last_out is not None:
        seen &= parts["date"] >= last_out
    seen_parts = parts[seen]
    if len(seen_parts):  # "eight Su-34" means at least eight of the family were there
        floor = float(seen_parts["quantity"].max())
        top = seen_parts.loc[seen_parts["quantity"].astype(float).idxmax()]
        # A part lifts the floor but does not keep an old total alive: what it says is
        # "at least", not that the rest of the family is still there.
        if floor > low:
            low = floor
            used.append(top["deployment_id"])
            statuses.append(str(top["claim_status"]))
        if not evidence_days:  # the parts are the only evidence: they date the value
            evidence_days.append(seen_parts["date"].max())
    unquantified = loose[(loose["date"] <= day) & ((loose["date"] > since) if since is not None else True)]
    last_report = max(evidence_days) if evidence_days else None
    if not used or broken:  # nothing counted, or a chain of movements from a stale count
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
        "last_report": last_report,
        "rows": ", ".join(dict.fromkeys(used)),
        "unquantified": ", ".join(unquantified["deployment_id"]),
    }


def _series_dates(
    date: DateLike | Sequence[DateLike] | None, start: DateLike | None, end: DateLike | None, freq: str
) -> pd.DatetimeIndex:
    if date is not None:
        days = date if isinstance(date, (list, tuple, pd.Index)) else [date]
        out = pd.DatetimeIndex([as_date(d, "date", within_study=False) for d in days])
    else:
        lo = as_date(start if start is not None else BUILD_UP_START, "start", within_study=False)
        hi = as_date(end, "end", within_study=False) if end is not None else pd.Timestamp(RECORD_END)
        check_date_range(lo, hi)
        try:
            out = pd.date_range(lo, hi, freq=freq)
        except ValueError as exc:
            raise ValueError(f"freq={freq!r} is not a pandas frequency (e.g. 'W', 'D', 'MS')") from exc
    late = out[out > pd.Timestamp(RECORD_END)]
    if len(late):
        raise ValueError(f"date={late[0].date()} is after the last reports coded ({RECORD_END})")
    return out


def forces_in_theatre(
    date: DateLike | list[DateLike] | None = None,
    asset_class: str | None = None,
    freq: str = "MS",
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    actor: str = "russia",
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """How many assets of each family were in Syria on a date: estimate, low, high.

    **The rule.** For each family (:data:`FORCE_FAMILIES`) and day:

    1. *Anchor*: the latest reported total of the whole family in Syria on or before the
       day (presence rows with ``total_scope = class_total``, e.g. "32 Russian aircraft at
       the base near Latakia"). A newer anchor replaces everything before it. Several
       totals on that date: the estimate starts from their median, the low bound from the
       smallest, the high from the largest. With no total yet, everything starts at 0.
    2. *Movements since the anchor*: distinct arrivals (+) and departures and losses (-)
       dated after the anchor and up to the day, each counted once even when several
       outlets report it. The estimate adds every movement except those Moscow denied;
       the **low** bound adds only confirmed arrivals and every departure; the **high**
       bound adds every arrival and only confirmed departures.
    3. *Running totals of a withdrawal* (departures coded ``cumulative``, e.g. "about 30
       aircraft withdrawn" since 15 March 2016): the latest replaces the departures and
       running totals reported before it within the same withdrawal
       (:data:`WITHDRAWAL_DAYS`), and the part already reported when the anchor was
       counted is not taken off again.
    4. *A number that spans families* (``covers_classes`` naming several, e.g. "about 30
       aircraft" of jets and helicopters) is split across the families it names in
       proportion to their estimates on the day before it, never all taken from one;
       the low bound of each named family takes the whole number (up to what it held),
       the high bound none of it. When the number also spans classes no family counts
       (e.g. "36 aeroplanes", transports among them), how much of it was of a counted
       family is unknown: its low bound takes the whole number, its high bound none, and
       the estimate is the middle of that range. A running total of such a withdrawal
       replaces the cross-family departures of the same families reported before it.
    5. *Floors*: a reported part of the family ("eight Su-34") seen since the anchor and
       since the last departure is a floor for the low bound. Nothing is below zero and
       ``low <= estimate <= high``.
    6. *Fading*: when the latest total or movement a value rests on is more than
       :data:`STALE_AFTER_DAYS` days old, the family is unknown (NaN) on that day instead
       of carrying an old count forward; ``last_report`` says how old. A part does not
       keep an old total alive ("four frigates at the port" says nothing of the rest of
       the family): only totals and movements date a value, parts only where a family
       has nothing else.
    7. A family with no number at all is unknown (NaN), not zero; ``unquantified`` lists
       the movements reported without a number since the anchor. Transport aircraft
       arrive as flights: only reported totals count them.

    ``evidence`` is the strongest claim status among the rows a value rests on
    (confirmed > disputed > reported > denied).

    Parameters
    ----------
    date : str or Timestamp, or a list of them, optional
        One day: a small table by family (several days: one table per day, stacked).
        None: a series from ``start`` to ``end``.
    asset_class : str, optional
        One family (a key of :data:`FORCE_FAMILIES`); default all.
    freq : str
        pandas frequency of the series (``"MS"``, ``"W"``, ``"D"``).
    start, end : str or Timestamp, optional
        The series' range (default from the build-up, August 2015, to the last reports
        coded, ``config.RECORD_END``).
    actor : str
        Whose forces (default Russia).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        ``date``, ``family``, ``estimate``, ``low``, ``high``, ``evidence``,
        ``anchor_date``, ``last_report``, ``rows`` (deployment ids the value rests on),
        ``unquantified``.

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
    dates = _series_dates(date, start, end, freq)
    ds = dataset_or_default(dataset)
    estimate = _estimator(ds, actor)
    rows = [estimate(day, family) for family in families for day in dates]
    return pd.DataFrame(rows, columns=_COLUMNS).reset_index(drop=True)


def _estimator(ds: Dataset, actor: str) -> Callable[[pd.Timestamp, str], dict]:
    """A function (day, family) -> estimate row, with the splitting of cross-family numbers."""
    dep = deployments(actor=actor, dataset=ds)
    moves = distinct_arrivals(dataset=ds, actor=actor)
    covers = dict(zip(dep["deployment_id"], dep["covers_classes"]))
    partial = {i for i, c in covers.items() if _families_named(c) and _names_uncounted(c)}
    split_ids = {i for i, c in covers.items() if len(_families_named(c)) > 1} | partial
    is_split = moves["deployment_ids"].map(lambda ids: bool(split_ids & set(ids)))
    split_moves = moves[is_split & (moves["quantity"] < 0)]
    plain = moves[~is_split]
    running_ids = set(dep.loc[dep["total_scope"] == "cumulative", "deployment_id"])
    # A running total of a withdrawal replaces the cross-family departures of the same
    # families reported before it within the withdrawal (as step 3 does for one family).
    named_of = {m.Index: _families_named(covers[m.deployment_ids[0]]) for m in split_moves.itertuples()}
    superseded = {
        m.Index
        for m in split_moves.itertuples()
        for later in split_moves.itertuples()
        if later.deployment_ids[0] in running_ids
        and set(named_of[m.Index]) <= set(named_of[later.Index])
        and m.date < later.date <= m.date + pd.Timedelta(days=WITHDRAWAL_DAYS)
    }
    split_moves = split_moves.drop(index=list(superseded))
    inputs = {}
    for family, classes in FORCE_FAMILIES.items():
        mine = dep[dep["asset_class"].isin(classes)]
        counted = mine[(mine["action"] == "presence") & mine["quantity"].notna()]
        totals = counted[counted["total_scope"] == "class_total"]
        parts = counted[counted["total_scope"] == "part"]
        fam_moves = plain[plain["asset_class"].isin(classes)].copy()
        running = set(mine.loc[mine["total_scope"] == "cumulative", "deployment_id"])
        fam_moves["cumulative"] = [bool(running & set(ids)) for ids in fam_moves["deployment_ids"]]
        loose = mine[mine["action"].isin(["arrival", "departure"]) & mine["quantity"].isna()]
        inputs[family] = (totals, parts, fam_moves, loose)

    def _reported_by(named: list[str], since: pd.Timestamp | None, moved: pd.Timestamp) -> float:
        """The running total of the same withdrawal already reported by the anchor's date."""
        if since is None:
            return 0.0
        classes = [c for f in named for c in FORCE_FAMILIES[f]]
        earlier = moves[
            moves["asset_class"].isin(classes)
            & moves["deployment_ids"].map(lambda ids: bool((running_ids | split_ids) & set(ids)))
            & (moves["date"] <= since)
            & (moves["date"] >= moved - pd.Timedelta(days=WITHDRAWAL_DAYS))
        ]
        return float(-earlier["quantity"].min()) if len(earlier) else 0.0

    memo: dict[tuple, dict] = {}

    # The estimate depends on a day only through which rows are dated on or before it: days
    # that see the same rows share one computation (a monthly series of ten years has a few
    # hundred distinct states, not a thousand).
    dated = {
        family: [np.sort(frame["date"].to_numpy()) for frame in frames] for family, frames in inputs.items()
    }

    def own(day: pd.Timestamp, family: str) -> dict:
        seen = tuple(int(np.searchsorted(d, day.to_datetime64(), side="right")) for d in dated[family])
        key = (family, seen)
        if key not in memo:
            memo[key] = _family_estimate(day, family, *inputs[family])
        return {**memo[key], "date": day}

    def estimate(day: pd.Timestamp, family: str) -> dict:
        row = dict(own(day, family))
        since = row["anchor_date"]
        for move in split_moves.itertuples():
            named = named_of[move.Index]
            if family not in named or move.date > day or (since is not None and move.date <= since):
                continue
            before = {f: own(move.date - pd.Timedelta(days=1), f)["estimate"] for f in named}
            known = {f: v for f, v in before.items() if pd.notna(v) and v > 0}
            if family not in known:
                continue
            n = -float(move.quantity)
            if move.deployment_ids[0] in running_ids:  # a running total: only what is new since the anchor
                n = max(n - _reported_by(named, since, move.date), 0.0)
            share = n * known[family] / sum(known.values())
            others = sum(v for f, v in known.items() if f != family)
            row["low"] = max(row["low"] - min(n, known[family]), 0.0)
            if move.deployment_ids[0] in partial:
                # Part of the number is of classes no family counts (transports): any of
                # it may have been of this family or none, so the high bound keeps it all
                # and the estimate is the middle of the range.
                row["estimate"] = (row["low"] + row["high"]) / 2
            else:
                row["estimate"] = max(row["estimate"] - share, 0.0)
                row["high"] = max(row["high"] - max(n - others, 0.0), row["estimate"])
            row["rows"] = ", ".join(
                dict.fromkeys([*filter(None, row["rows"].split(", ")), *move.deployment_ids])
            )
            row["last_report"] = max(filter(None, [row["last_report"], move.date]))
        if pd.notna(row["estimate"]):
            # Counts are of whole aircraft, ships or people: a mixed withdrawal total split
            # across families in proportion gives fractions, which the range rounds outwards.
            low = float(math.floor(row["low"] + 1e-9))
            est = float(max(round(row["estimate"]), low))
            row.update(low=low, estimate=est, high=float(math.ceil(max(row["high"], est) - 1e-9)))
        last = row["last_report"]
        if last is not None and (day - last).days > STALE_AFTER_DAYS:
            row.update(estimate=float("nan"), low=float("nan"), high=float("nan"))
        return row

    return estimate


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
    dates = [as_date(d, "date", within_study=False) for d in moments.values()]
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


def published_totals(*, actor: str = "russia", dataset: Dataset | None = None) -> pd.DataFrame:
    """Every dated reported total beside our estimate on that day and the day before.

    A reported total is a ``presence`` row with a number that counts a whole family
    (``class_total``) or several families (``mixed``, compared with the sum of the families
    its ``covers_classes`` names). ``estimate_before`` is what the evidence before the
    report gave (the day before): the honest test of the estimate, since on the day itself
    a class total becomes the anchor. Running totals of people who ever served
    (``cumulative`` presence rows) and totals across classes the source does not name (a
    ``mixed`` row without ``covers_classes``) are listed with ``comparable`` False.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``family``, ``reported``, ``total_scope``, ``publisher`` (the source's
        originator), ``attributed_to``, ``quote``, ``source_id``, ``deployment_id``,
        ``estimate_before``, ``low_before``, ``high_before``, ``estimate``, ``difference``
        (reported minus estimate the day before), ``comparable``.

    Examples
    --------
    >>> t = published_totals()
    >>> bool((t.loc[t["comparable"], "reported"] > 0).all())
    True
    """
    ds = dataset_or_default(dataset)
    dep = deployments(actor=actor, dataset=ds)
    dep = dep[(dep["action"] == "presence") & dep["quantity"].notna()]
    dep = dep[dep["total_scope"].isin(["class_total", "mixed", "cumulative"])]
    origin = dict(zip(ds.sources["id"], ds.sources["originator"]))
    estimate = _estimator(ds, actor)
    rows = []
    for r in dep.sort_values(["date", "deployment_id"]).itertuples():
        own = family_of(r.asset_class)
        named = _families_named(r.covers_classes) or ([own] if own else [])
        if r.total_scope == "class_total" and own:
            named = [own]
        if not named:
            continue
        # A head-count of named families; not a running total of people who ever served, nor
        # a total across classes the source does not name ("69 jets" that include bombers).
        comparable = r.total_scope == "class_total" or (
            r.total_scope == "mixed" and bool(_families_named(r.covers_classes))
        )
        before = [estimate(r.date - pd.Timedelta(days=1), f) for f in named]
        on_day = [estimate(r.date, f) for f in named]

        def total(values, key):
            vals = [v[key] for v in values]
            return float("nan") if any(pd.isna(v) for v in vals) else float(sum(vals))

        est_before = total(before, "estimate")
        rows.append(
            {
                "date": r.date,
                "family": " + ".join(named),
                "reported": float(r.quantity),
                "total_scope": r.total_scope,
                "publisher": origin.get(r.source_id),
                "attributed_to": r.attributed_to,
                "quote": r.quote,
                "source_id": r.source_id,
                "deployment_id": r.deployment_id,
                "estimate_before": est_before,
                "low_before": total(before, "low"),
                "high_before": total(before, "high"),
                "estimate": total(on_day, "estimate"),
                "difference": float(r.quantity) - est_before if comparable else float("nan"),
                "comparable": comparable,
            }
        )
    return pd.DataFrame(rows)


def published_totals_text(totals: pd.DataFrame) -> str:
    """Where the published totals and our estimate of the day before differ, as Markdown.

    One line per family: how many comparable totals, the mean difference (report minus our
    estimate) and the largest gap; then the families whose totals came after a stretch
    with no estimate. The numbers are read from ``totals``.

    Parameters
    ----------
    totals : DataFrame
        From :func:`published_totals`.

    Examples
    --------
    >>> published_totals_text(published_totals()).startswith("- **")
    True
    """
    comparable = totals[totals["comparable"].astype(bool)]
    by_family = comparable[comparable["estimate_before"].notna()].groupby("family")["difference"]
    summary = by_family.agg(totals="size", mean_difference="mean", largest=lambda d: d.abs().max()).round(0)
    unknown_before = comparable[comparable["estimate_before"].isna()].groupby("family").size()
    lines = [
        f"- **{f}**: {int(r.totals)} totals compared; on average the report was "
        f"{r.mean_difference:+.0f} against our estimate of the day before (largest gap {r.largest:.0f})."
        for f, r in summary.iterrows()
    ]
    lines += [
        f"- **{f}**: {n} totals came after a stretch with no estimate (unknown before the report)."
        for f, n in unknown_before.items()
    ]
    return "\n".join(lines)
