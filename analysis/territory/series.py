"""Area and population by side over many dates, with the surfaces built once.

A series asks who held each place on each of many dates. Rather than one
:func:`~analysis.territory.control.control_at` per date, :func:`sides_on` reads every
interval once and assigns each place its side on all the dates together; the cells of a
method are built once; only the grouping is repeated per date.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.arguments import DateLike, as_date
from analysis.data.load import Dataset, dataset_or_default
from analysis.territory.control import (
    POPULATION_METHODS,
    _check_method,
    _check_reach,
    _listed_dates,
    _series_dates,
    _side_order,
    _towns_in_cells,
    cell_sides,
    control_cells,
    control_intervals,
    population_by_side,
    studied_locations,
)

__all__ = ["sides_on", "area_by_side", "population_series"]


def sides_on(days: Sequence[DateLike], *, dataset: Dataset | None = None) -> dict[pd.Timestamp, pd.DataFrame]:
    """Who held each studied place on each date: ``{date: DataFrame(location_id, side)}``.

    The same sides as :func:`~analysis.territory.control.control_at` (``unknown`` where no
    interval covers a date), for many dates in one pass over the intervals.

    Examples
    --------
    >>> from analysis.territory.control import control_at
    >>> s = sides_on(["2015-06-01"])[pd.Timestamp("2015-06-01")]
    >>> snap = control_at("2015-06-01")
    >>> s["side"].tolist() == snap["side"].astype(str).tolist()
    True
    """
    ds = dataset_or_default(dataset)
    stamps = pd.DatetimeIndex([as_date(d, "days") for d in days])
    places = studied_locations(dataset=ds)["id"].astype(str).to_numpy()
    row_of = {p: i for i, p in enumerate(places)}
    iv = control_intervals(dataset=ds)
    table = np.full((len(places), len(stamps)), "unknown", dtype=object)
    filled = np.zeros((len(places), len(stamps)), dtype=bool)
    when = stamps.to_numpy()
    # File order decides between overlapping rows, as control_at's first match does.
    for loc, start, stop, side in zip(
        iv["location_id"], iv["valid_from"], iv["valid_to"], iv["side"].astype(str)
    ):
        at = row_of.get(str(loc))
        if at is None:
            continue
        hit = (when >= start.to_datetime64()) & (when < stop.to_datetime64()) & ~filled[at]
        table[at, hit] = side
        filled[at, hit] = True
    return {day: pd.DataFrame({"location_id": places, "side": table[:, j]}) for j, day in enumerate(stamps)}


def area_by_side(
    start: DateLike | None = None,
    end: DateLike | None = None,
    freq: str = "MS",
    method: str = "voronoi",
    *,
    reach_km: float | None = None,
    dates: Sequence[DateLike] | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Estimated km² per side on each date of a range (see :func:`control_areas`).

    Parameters
    ----------
    start, end : str or Timestamp
        Within the study period; default its first and last day.
    freq : str
        pandas frequency of the dates (``"MS"`` month starts, ``"W"`` weeks, ``"D"`` days).
        Each day of the final offensive (``config.FINAL_OFFENSIVE``) within the range and
        the range's last day are added, so a monthly series shows the collapse of
        November-December 2024 and ends on the state after 8 December.
    method : {"voronoi", "reach", "reach_population"}
    reach_km : float, optional
        Radius of ``reach`` in km.
    dates : sequence of str or Timestamp, optional
        Explicit dates instead of ``start`` / ``end`` / ``freq`` (duplicates dropped).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        Index: dates; one column per side that holds any area in the range (and
        ``not_assessed`` for ``reach``); km². Each row sums to Syria's area.
        ``attrs["method"]`` names the method.

    Examples
    --------
    >>> a = area_by_side("2015-01-01", "2015-12-01")
    >>> len(a), bool((a.sum(axis=1).round() == 185939).all())
    (12, True)
    """
    _check_method(method)
    days = _series_dates(start, end, freq) if dates is None else _listed_dates(dates)
    ds = dataset_or_default(dataset)
    # The cells do not change with the date, only the side of each: build them once.
    cells = control_cells(dataset=ds, method=method, reach_km=reach_km)
    snapshots = sides_on(days, dataset=ds)
    rows = {}
    for day in days:
        sides = cell_sides(cells, snapshots[day])
        rows[day] = cells["area_km2"].groupby(sides.to_numpy()).sum()
    out = pd.DataFrame(rows).T.fillna(0.0)
    out = out[_side_order(out.columns)]
    out.index.name = "date"
    out.attrs.update(method=method, reach_km=_check_reach(reach_km) if method != "voronoi" else None)
    return out


def population_series(
    start: DateLike | None = None,
    end: DateLike | None = None,
    freq: str = "MS",
    method: str = "places",
    *,
    reach_km: float | None = None,
    dates: Sequence[DateLike] | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Pre-war population per side on each date of a range (see :func:`population_by_side`).

    Takes the arguments of :func:`area_by_side` (``dates=`` for explicit dates); the
    cells and the town each lies in are worked out once, not once per date.

    Returns
    -------
    pandas.DataFrame
        Index: dates; one column per side (and ``divided`` / ``not_assessed`` where they
        occur); people. ``attrs["method"]`` names the method.

    Examples
    --------
    >>> p = population_series("2015-01-01", "2015-03-01")
    >>> len(p), bool((p.sum(axis=1) > 0).all())
    (3, True)
    """
    _check_method(method, POPULATION_METHODS)
    ds = dataset_or_default(dataset)
    # The cells and which cell each town lies in do not change with the date: join once.
    towns = None if method == "places" else _towns_in_cells(ds, method, reach_km)
    days = _series_dates(start, end, freq) if dates is None else _listed_dates(dates)
    snapshots = sides_on(days, dataset=ds) if method != "places" else {}
    rows = {
        day: population_by_side(
            day, method, reach_km=reach_km, dataset=ds, towns_in_cells=towns, snapshot=snapshots.get(day)
        ).set_index("side")["population"]
        for day in days
    }
    out = pd.DataFrame(rows).T.fillna(0).astype("int64")
    out = out[_side_order(out.columns)]
    out.index.name = "date"
    reach = _check_reach(reach_km) if method not in ("voronoi", "places") else None
    out.attrs.update(method=method, reach_km=reach)
    return out
