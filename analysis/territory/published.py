"""Our area and population figures beside the published record (``published_areas.csv``).

Publishers define control differently: IHS Conflict Monitor counts only land a side
"controls" (holds defensive positions or is the dominant force), others divide the whole
country. :func:`compare_with_published` therefore compares each published figure with
every method of :mod:`analysis.territory.control`, and says which method matches which definition.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.load import Dataset, dataset_or_default
from analysis.territory.control import AREA_METHODS
from analysis.territory.series import area_by_side, population_series

__all__ = [
    "SYRIA_OFFICIAL_KM2",
    "METHOD_FOR_DEFINITION",
    "compare_with_published",
    "published_summary",
    "agreement_text",
    "partition_agreement",
]

#: Syria's official area (km²), the base publishers use for their percentages. Our own
#: shares use the boundary polygons' area (185,939 km²), so a share is compared with a share.
SYRIA_OFFICIAL_KM2 = 185_180.0


def _published_pct(row) -> tuple[str, float | None]:
    """The figure as a percentage: of Syria's area, or of its population."""
    if pd.notna(row.share_pct):
        return "area", float(row.share_pct)
    if pd.notna(row.area_km2):
        return "area", float(row.area_km2) / SYRIA_OFFICIAL_KM2 * 100
    if pd.notna(row.population_share_pct):
        return "population", float(row.population_share_pct)
    return "population", None  # a head count with no share: nothing to compare a share with


#: A publisher's "opposition" covers every armed opposition area unless it gives one of them
#: its own figure for that date: al-Nusra/HTS in Idlib, the Turkish-backed areas, al-Tanf.
_OPPOSITION_AREAS = ("opposition", "nusra", "turkey", "us_coalition")


def _our_sides(frame: pd.DataFrame, publisher: str, refers_to, side: str) -> tuple[str, ...]:
    # Most publishers have one "opposition" (or "rebels") figure that includes al-Nusra/HTS
    # and, after 2016, the Turkish-backed areas; only the groups the same publisher gives
    # their own figure for that date are kept apart.
    if side == "opposition_incl_isis":
        return (*_OPPOSITION_AREAS, "isis")
    if side != "opposition":
        return (side,)
    same = frame[(frame["publisher"] == publisher) & (frame["refers_to"] == refers_to)]
    apart = set(same["side"].astype(str))
    return ("opposition",) + tuple(s for s in _OPPOSITION_AREAS[1:] if s not in apart)


#: Which of our methods answers which kind of published definition.
METHOD_FOR_DEFINITION = {"strict": ("reach", "reach_population"), "partition": ("voronoi",)}


def _matches(method: str, kind: str) -> bool:
    return method in METHOD_FOR_DEFINITION.get(kind, ())


def compare_with_published(
    method: str | Sequence[str] = "voronoi", *, reach_km: float | None = None, dataset: Dataset | None = None
) -> pd.DataFrame:
    """One row per published figure: theirs, ours on the same date, the difference.

    Parameters
    ----------
    method : {"voronoi", "reach", "reach_population"} or a sequence of them
        How our areas are drawn (:func:`analysis.territory.control.control_areas`). Population
        figures are compared with :func:`analysis.territory.control.population_by_side` with the
        same method. Several methods give one block of rows per method, stacked.
    reach_km : float, optional
        Radius of ``reach`` in km.
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        ``estimate_id``, ``publisher``, ``refers_to``, ``side``, ``measure`` (area or
        population), ``theirs_pct``, ``ours_pct``, ``difference_pp`` (ours minus theirs, in
        percentage points of Syria's area or population), ``our_sides``, ``definition``,
        ``method``, ``comparable`` (False for Iraq+Syria totals and head counts without a
        share, whose ``ours_pct`` is NaN). In table order.

    Examples
    --------
    >>> import pandas as pd
    >>> compare_with_published().columns[:4].tolist()
    ['estimate_id', 'publisher', 'refers_to', 'side']
    """
    methods = [method] if isinstance(method, str) else list(method)
    for m in methods:  # checked here too: the error should name this function's argument
        if m not in AREA_METHODS:
            raise ValueError(f"method={m!r} is unknown; expected one of: {', '.join(AREA_METHODS)}")
    if len(methods) != 1:
        return pd.concat(
            [compare_with_published(m, reach_km=reach_km, dataset=dataset) for m in methods],
            ignore_index=True,
        )
    method = methods[0]
    ds = dataset_or_default(dataset)
    pub = ds.published_areas
    # Our shares on every date a figure refers to, each surface built once per method.
    days = pub.loc[pub["scope"] == "syria", "refers_to"]
    area = area_by_side(method=method, reach_km=reach_km, dates=list(days), dataset=ds)
    people = population_series(method=method, reach_km=reach_km, dates=list(days), dataset=ds)
    shares = {
        "area": area.div(area.sum(axis=1), axis=0),
        "population": people.div(people.sum(axis=1), axis=0),
    }
    rows = []
    for row in pub.itertuples(index=False):
        measure, theirs = _published_pct(row)
        sides = _our_sides(pub, row.publisher, row.refers_to, str(row.side))
        comparable = row.scope == "syria" and theirs is not None
        ours = float("nan")
        if comparable:
            on_day = shares[measure].loc[row.refers_to]
            ours = float(on_day.reindex(list(sides)).fillna(0).sum() * 100)
        rows.append(
            {
                "estimate_id": row.estimate_id,
                "publisher": row.publisher,
                "refers_to": row.refers_to,
                "side": str(row.side),
                "measure": measure,
                "theirs_pct": theirs,
                "ours_pct": ours,
                "difference_pp": ours - theirs if comparable and theirs is not None else float("nan"),
                "our_sides": "+".join(sides),
                "definition": row.definition,
                "definition_kind": str(row.definition_kind),
                "method": method,
                "comparable": comparable,
                "matches_definition": comparable and _matches(method, str(row.definition_kind)),
            }
        )
    columns = [
        "estimate_id",
        "publisher",
        "refers_to",
        "side",
        "measure",
        "theirs_pct",
        "ours_pct",
        "difference_pp",
        "our_sides",
        "definition",
        "definition_kind",
        "method",
        "comparable",
        "matches_definition",
    ]
    return pd.DataFrame(rows, columns=columns)


def published_summary(comparison: pd.DataFrame, tolerance_pp: float = 5.0) -> pd.DataFrame:
    """How many comparable published figures each method matches within a tolerance.

    Parameters
    ----------
    comparison : DataFrame
        One or more results of :func:`compare_with_published`, concatenated.
    tolerance_pp : float
        Agreement threshold in percentage points.

    Returns
    -------
    pandas.DataFrame
        Index ``method``, ``measure``, ``matches_definition``: ``figures``, ``within``
        (count within the tolerance), ``median_abs_pp``, ``max_abs_pp``.

    Examples
    --------
    >>> published_summary(compare_with_published()).columns.tolist()
    ['figures', 'within', 'median_abs_pp', 'max_abs_pp']
    """
    ok = comparison[comparison["comparable"].astype(bool)].copy()
    ok["abs_pp"] = ok["difference_pp"].abs()
    ok["within"] = ok["abs_pp"] <= tolerance_pp
    out = ok.groupby(["method", "measure", "matches_definition"]).agg(
        figures=("abs_pp", "size"),
        within=("within", "sum"),
        median_abs_pp=("abs_pp", "median"),
        max_abs_pp=("abs_pp", "max"),
    )
    return out[["figures", "within", "median_abs_pp", "max_abs_pp"]]


def agreement_text(comparison: pd.DataFrame, tolerance_pp: float = 5.0) -> str:
    """Where we agree with the published record and where we do not, as Markdown.

    Every number in the text comes from ``comparison`` (several methods concatenated),
    so the text stays true when the data or the date change.

    Examples
    --------
    >>> text = agreement_text(compare_with_published(("voronoi", "reach")))
    >>> "percentage points" in text
    True
    """
    ok = comparison[comparison["comparable"].astype(bool)].copy()
    ok["abs_pp"] = ok["difference_pp"].abs()
    lines = []
    for method, mine in ok.groupby("method", sort=False):
        matched = mine[mine["matches_definition"].astype(bool)]
        if len(matched):
            within = int((matched["abs_pp"] <= tolerance_pp).sum())
            worst = matched.loc[matched["abs_pp"].idxmax()]
            lines.append(
                f"- **{method}**: {within} of the {len(matched)} published figures whose "
                f"definition it answers are within {tolerance_pp:g} percentage points "
                f"(median gap {matched['abs_pp'].median():.1f}); the largest gap is "
                f"{worst['difference_pp']:+.1f} points against {worst['publisher']} "
                f"({worst['side']}, {pd.Timestamp(worst['refers_to']):%B %Y})."
            )
        else:
            lines.append(
                f"- **{method}**: no published figure uses a definition this method answers; "
                f"against all {len(mine)} comparable figures the median gap is "
                f"{mine['abs_pp'].median():.1f} percentage points."
            )
    return "\n".join(lines)


def partition_agreement(
    comparison: pd.DataFrame,
    start: str = "2019-01-01",
    end: str | None = None,
    tolerance_pp: float = 5.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Our Voronoi shares against the whole-country partitions published in a period.

    The test of issue 21: when the fronts were stable (2019 to the eve of the final
    offensive), the Voronoi partition should lie within ``tolerance_pp`` of the published
    partitions.

    Parameters
    ----------
    comparison : DataFrame
        From :func:`compare_with_published` (the ``voronoi`` rows are used).
    start, end : str
        Period of the published figures (``refers_to``), both included; ``end`` defaults
        to the day before the final offensive (``config.FINAL_OFFENSIVE``).
    tolerance_pp : float
        Agreement threshold in percentage points.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Per side: ``figures``, ``within_<tolerance>pp``, ``mean_difference_pp``,
        ``largest_difference_pp``; and the published rows compared.

    Examples
    --------
    >>> per_side, rows = partition_agreement(compare_with_published())
    >>> int(per_side["figures"].sum()) == len(rows)
    True
    """
    from analysis.config import FINAL_OFFENSIVE

    if end is None:
        end = f"{pd.Timestamp(FINAL_OFFENSIVE[0]) - pd.Timedelta(days=1):%Y-%m-%d}"
    rows = comparison[
        (comparison["method"] == "voronoi")
        & comparison["comparable"].astype(bool)
        & (comparison["definition_kind"] == "partition")
        & comparison["refers_to"].between(start, end)
    ]
    within = f"within_{tolerance_pp:g}pp"
    per_side = (
        rows.assign(**{within: rows["difference_pp"].abs() <= tolerance_pp})
        .groupby("side")
        .agg(
            figures=("estimate_id", "size"),
            **{within: (within, "sum")},
            mean_difference_pp=("difference_pp", "mean"),
            largest_difference_pp=("difference_pp", lambda d: d.abs().max()),
        )
    )
    return per_side, rows
