"""Who held what, when: territorial control from the ``control`` table."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .arguments import STUDY_START_TS, STUDY_STOP_TS, DateLike, as_date, check_date_range, check_governorate
from .load import Dataset, dataset_or_default
from .schema import SIDES

__all__ = [
    "control_intervals", "control_at", "changes", "coverage_gaps", "studied_locations",
    "control_cells", "control_areas", "area_by_side",
]


def control_intervals(dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """The control table with each interval's end made explicit and the places' details.

    Open intervals (empty ``valid_to``) end on 2017-01-01 (exclusive), the day after the
    study period. Adds ``name``, ``governorate``, ``kind`` (from locations) and ``side``
    (from actors).

    Parameters
    ----------
    dataset : Dataset, optional
        Defaults to the shipped data.

    Returns
    -------
    geopandas.GeoDataFrame
        Rows in file order, one per interval.

    Examples
    --------
    >>> iv = control_intervals()
    >>> bool(iv["valid_to"].notna().all())
    True
    """
    ds = dataset_or_default(dataset)
    iv = ds.control.copy()
    iv["valid_to"] = iv["valid_to"].fillna(STUDY_STOP_TS)
    places = ds.locations.set_index("id")
    for col in ("name", "governorate", "kind"):
        iv[col] = iv["location_id"].map(places[col]).astype(places[col].dtype)
    iv["side"] = iv["controller"].map(ds.actors.set_index("id")["side"]).astype(ds.actors["side"].dtype)
    return iv


def studied_locations(dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """Locations that have control intervals (the places the control maps show).

    Examples
    --------
    >>> len(studied_locations()) > 0
    True
    """
    ds = dataset_or_default(dataset)
    return ds.locations[ds.locations["id"].isin(ds.control["location_id"])].reset_index(drop=True)


def control_at(date, dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """Who held each studied place on a date.

    Parameters
    ----------
    date : str or datetime-like
        A day between 2014-01-01 and 2016-12-31.
    dataset : Dataset, optional
        Defaults to the shipped data.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per studied location (in locations-table order): ``location_id``,
        ``name``, ``governorate``, ``kind``, ``controller``, ``side``, ``status``,
        ``valid_from``, ``valid_to``, ``source_id``, ``quote``, ``geometry``. A place
        with no interval covering the date has controller ``unknown``.

    Raises
    ------
    ValueError
        If the date is not a date or outside the coded range.

    Examples
    --------
    >>> held = control_at("2015-06-01")
    >>> held.loc[held["location_id"] == "idlib", "side"].item()
    'opposition'
    """
    day = as_date(date, "date")
    ds = dataset_or_default(dataset)
    iv = control_intervals(ds)
    current = iv[(iv["valid_from"] <= day) & (day < iv["valid_to"])]
    current = current.drop_duplicates("location_id").set_index("location_id")
    places = studied_locations(ds)
    out = gpd.GeoDataFrame({"location_id": places["id"], "name": places["name"],
                            "governorate": places["governorate"], "kind": places["kind"]},
                           geometry=places.geometry, crs=places.crs)
    for col in ("controller", "side", "status", "valid_from", "valid_to", "source_id", "quote"):
        out[col] = out["location_id"].map(current[col]).astype(current[col].dtype)
    missing = out["controller"].isna()
    out.loc[missing, "controller"] = "unknown"
    out.loc[missing, "side"] = "unknown"
    return out[["location_id", "name", "governorate", "kind", "controller", "side", "status",
                "valid_from", "valid_to", "source_id", "quote", "geometry"]]


def changes(start=None, end=None, governorate: str | None = None,
            dataset: Dataset | None = None) -> pd.DataFrame:
    """Every change of hands: an interval whose controller differs from the previous one.

    Parameters
    ----------
    start, end : str or datetime-like, optional
        Keep changes on or after ``start`` and on or before ``end`` (within 2014-2016).
    governorate : str, optional
        Keep one governorate (see :data:`analysis.schema.GOVERNORATES`).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        ``date``, ``location_id``, ``name``, ``governorate``, ``from_controller``,
        ``to_controller``, ``from_side``, ``to_side``, ``date_precision``, ``disputed``,
        ``source_id``, ``quote``; sorted by date, then name.

    Examples
    --------
    >>> ch = changes(governorate="Idlib", start="2015-03-01", end="2015-03-31")
    >>> ch[["name", "to_side"]].values.tolist()
    [['Idlib', 'opposition']]
    """
    lo = as_date(start, "start") if start is not None else None
    hi = as_date(end, "end") if end is not None else None
    check_date_range(lo, hi)
    check_governorate(governorate)
    iv = control_intervals(dataset).sort_values(["location_id", "valid_from"], kind="stable")
    prev = iv.groupby("location_id", sort=False)[["controller", "side"]].shift()
    moved = prev["controller"].notna() & (prev["controller"] != iv["controller"])
    out = pd.DataFrame({
        "date": iv["valid_from"], "location_id": iv["location_id"], "name": iv["name"],
        "governorate": iv["governorate"], "from_controller": prev["controller"],
        "to_controller": iv["controller"], "from_side": prev["side"], "to_side": iv["side"],
        "date_precision": iv["date_precision"], "disputed": iv["disputed"],
        "source_id": iv["source_id"], "quote": iv["quote"],
    })[moved.to_numpy()]
    if lo is not None:
        out = out[out["date"] >= lo]
    if hi is not None:
        out = out[out["date"] <= hi]
    if governorate is not None:
        out = out[out["governorate"] == governorate]
    return out.sort_values(["date", "name"], kind="stable").reset_index(drop=True)


def coverage_gaps(dataset: Dataset | None = None) -> pd.DataFrame:
    """Stretches of 2014-01-01..2016-12-31 that no interval covers, per studied place.

    Returns
    -------
    pandas.DataFrame
        ``location_id``, ``gap_from``, ``gap_to`` (exclusive); empty when every studied
        place is covered for the whole period.

    Examples
    --------
    >>> coverage_gaps().empty
    True
    """
    iv = control_intervals(dataset).sort_values(["location_id", "valid_from"])
    gaps = []
    for loc, group in iv.groupby("location_id", sort=True, observed=True):
        cursor = STUDY_START_TS
        for start, stop in zip(group["valid_from"], group["valid_to"]):
            if start > cursor:
                gaps.append((loc, cursor, start))
            cursor = max(cursor, stop)
        if cursor < STUDY_STOP_TS:
            gaps.append((loc, cursor, STUDY_STOP_TS))
    return pd.DataFrame(gaps, columns=["location_id", "gap_from", "gap_to"])


_AREA_METHODS = ("voronoi",)


def control_cells(dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """Voronoi cells of the studied places, clipped to Syria's border (equal-area CRS).

    Places that share coordinates (e.g. Aleppo's government-held west and opposition-held
    east, both coded at the city's point) share one cell; ``location_ids`` lists them.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per distinct point: ``location_ids`` (tuple), ``area_km2``, ``geometry``
        in the Lambert equal-area CRS of :data:`analysis.config.EQUAL_AREA_CRS`.

    Examples
    --------
    >>> cells = control_cells()
    >>> round(cells["area_km2"].sum())
    185939
    """
    import shapely

    from .boundaries import syria_outline
    from .config import EQUAL_AREA_CRS

    ds = dataset_or_default(dataset)
    places = studied_locations(ds).to_crs(EQUAL_AREA_CRS)
    keys = list(zip(places.geometry.x.round(1), places.geometry.y.round(1)))
    groups: dict[tuple, list[str]] = {}
    for key, lid in zip(keys, places["id"]):
        groups.setdefault(key, []).append(lid)
    points = shapely.points([k for k in groups])
    border = gpd.GeoSeries([syria_outline(ds.boundaries)], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).iloc[0]
    # Extend the diagram well past the border so every cell is closed before clipping.
    cells = shapely.voronoi_polygons(shapely.multipoints(points),
                                     extend_to=border.buffer(500_000), ordered=True)
    geoms = shapely.intersection(shapely.get_parts(cells), border)
    out = gpd.GeoDataFrame({"location_ids": [tuple(v) for v in groups.values()]},
                           geometry=list(geoms), crs=EQUAL_AREA_CRS)
    out["area_km2"] = out.geometry.area / 1e6
    return out


def _cell_sides(cells: gpd.GeoDataFrame, snapshot: pd.DataFrame) -> pd.Series:
    """Side of each cell on a snapshot: the side holding most of its places (ties: first)."""
    side_of = snapshot.set_index("location_id")["side"].astype(str)
    return cells["location_ids"].map(lambda ids: pd.Series([side_of[i] for i in ids]).mode().iloc[0]
                                     if len(ids) > 1 else side_of[ids[0]])


def _check_method(method: str) -> None:
    if method not in _AREA_METHODS:
        raise ValueError(f"method={method!r} is unknown; expected one of: {', '.join(_AREA_METHODS)}")


def control_areas(date, method: str = "voronoi", dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """An approximate control surface: Voronoi cells of the coded places, dissolved by side.

    **This is an estimate from points, not a front line.** Each studied place claims the
    part of Syria nearer to it than to any other studied place; the cells are clipped to
    Syria's border and merged by the side holding the place on ``date``. Sparse coverage
    (few places in the desert east) makes large cells, so areas in thinly coded regions
    are the least reliable. Co-located places share one cell, assigned to the side holding
    most of them (ties: the first in the table).

    Parameters
    ----------
    date : str or datetime-like
        A day between 2014-01-01 and 2016-12-31.
    method : {"voronoi"}
    dataset : Dataset, optional

    Returns
    -------
    geopandas.GeoDataFrame
        One row per side present: ``side``, ``area_km2`` (Lambert equal-area), ``share``
        (of Syria), ``places``; geometry in EPSG:4326. Areas sum to Syria's area.

    Examples
    --------
    >>> areas = control_areas("2015-09-30")
    >>> float(round(areas["share"].sum(), 6))
    1.0
    """
    _check_method(method)
    ds = dataset_or_default(dataset)
    cells = control_cells(ds)
    cells["side"] = _cell_sides(cells, control_at(date, ds)).to_numpy()
    cells["places"] = cells["location_ids"].map(len)
    out = cells.dissolve("side", aggfunc={"places": "sum"}).reset_index()
    out["area_km2"] = out.geometry.area / 1e6
    out["share"] = out["area_km2"] / out["area_km2"].sum()
    return out[["side", "area_km2", "share", "places", "geometry"]].to_crs("EPSG:4326")


def area_by_side(start="2014-01-01", end="2016-12-31", freq: str = "MS",
                 dataset: Dataset | None = None) -> pd.DataFrame:
    """Estimated km² per side on each date of a range (see :func:`control_areas`).

    Parameters
    ----------
    start, end : str or datetime-like
        Within 2014-01-01..2016-12-31.
    freq : str
        pandas frequency of the dates (``"MS"`` month starts, ``"W"`` weeks, ``"D"`` days).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        Index: dates; one column per side that holds any area in the range; km².

    Examples
    --------
    >>> a = area_by_side("2015-01-01", "2015-12-01")
    >>> len(a), bool((a.sum(axis=1).round() == 185939).all())
    (12, True)
    """
    lo, hi = as_date(start, "start"), as_date(end, "end")
    if hi < lo:
        raise ValueError(f"end={hi.date()} is before start={lo.date()}")
    try:
        dates = pd.date_range(lo, hi, freq=freq)
    except ValueError as exc:
        raise ValueError(f"freq={freq!r} is not a pandas frequency (e.g. 'MS', 'W', 'D')") from exc
    ds = dataset_or_default(dataset)
    cells = control_cells(ds)
    rows = {}
    for day in dates:
        sides = _cell_sides(cells, control_at(day, ds))
        rows[day] = cells["area_km2"].groupby(sides.to_numpy()).sum()
    out = pd.DataFrame(rows).T.fillna(0.0)
    order = [s for s in SIDES if s in out.columns]
    out = out[order]
    out.index.name = "date"
    return out
