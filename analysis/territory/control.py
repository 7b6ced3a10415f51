"""Who held what, when: territorial control from the ``control`` table."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis.data.arguments import (
    STUDY_START_TS,
    STUDY_STOP_TS,
    DateLike,
    as_date,
    check_date_range,
    check_governorate,
)
from analysis.data.load import Dataset, dataset_or_default
from analysis.data.schema import SIDES

__all__ = [
    "control_intervals",
    "control_at",
    "changes",
    "changes_per_year",
    "handovers",
    "coverage_gaps",
    "studied_locations",
    "control_cells",
    "cell_sides",
    "control_areas",
    "population_by_side",
    "area_shares_by_method",
    "describe_snapshot",
    "AREA_METHODS",
    "POPULATION_METHODS",
    "DEFAULT_REACH_KM",
    "NOT_ASSESSED",
    "DIVIDED",
    "CONTROL_SIDE_GROUPS",
]


#: Sides drawn together on control maps and counted together in areas: a reader groups the
#: Iranian-led militias and Hezbollah (al-Qusayr, 2013-2024) with the government they
#: fought for. Russia's bases stay their own side: after 8 December 2024 they were no one's ally.
CONTROL_SIDE_GROUPS = {"iran_hezbollah": "government"}


def control_intervals(*, dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """The control table with each interval's end made explicit and the places' details.

    Open intervals (empty ``valid_to``) end on the day after the study period
    (``config.STUDY_END``, exclusive). Adds ``name``, ``governorate``, ``kind`` (from
    locations) and ``side``: the actor's side, grouped as a reader of a control map groups
    them (:data:`CONTROL_SIDE_GROUPS`: Iran and Hezbollah with the government they fought for).

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
    sides = iv["controller"].map(ds.actors.set_index("id")["side"]).astype(str).replace(CONTROL_SIDE_GROUPS)
    iv["side"] = sides.astype(ds.actors["side"].dtype)
    return iv


def studied_locations(*, dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """Locations that have control intervals (the places the control maps show).

    Examples
    --------
    >>> len(studied_locations()) > 0
    True
    """
    ds = dataset_or_default(dataset)
    return ds.locations[ds.locations["id"].isin(ds.control["location_id"])].reset_index(drop=True)


def control_at(date: DateLike, *, dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """Who held each studied place on a date.

    Parameters
    ----------
    date : str or datetime-like
        A day of the study period (``config.STUDY_START`` .. ``STUDY_END``).
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
    iv = control_intervals(dataset=ds)
    current = iv[(iv["valid_from"] <= day) & (day < iv["valid_to"])]
    current = current.drop_duplicates("location_id").set_index("location_id")
    places = studied_locations(dataset=ds)
    out = gpd.GeoDataFrame(
        {
            "location_id": places["id"],
            "name": places["name"],
            "governorate": places["governorate"],
            "kind": places["kind"],
        },
        geometry=places.geometry,
        crs=places.crs,
    )
    for col in ("controller", "side", "status", "valid_from", "valid_to", "source_id", "quote"):
        out[col] = out["location_id"].map(current[col]).astype(current[col].dtype)
    missing = out["controller"].isna()
    out.loc[missing, "controller"] = "unknown"
    out.loc[missing, "side"] = "unknown"
    return out[
        [
            "location_id",
            "name",
            "governorate",
            "kind",
            "controller",
            "side",
            "status",
            "valid_from",
            "valid_to",
            "source_id",
            "quote",
            "geometry",
        ]
    ]


def changes(
    start: DateLike | None = None,
    end: DateLike | None = None,
    governorate: str | None = None,
    *,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Every change of hands: an interval whose controller differs from the previous one.

    Intervals coded ``unknown`` (no source says who held the place) neither start nor end
    a change of hands: the end of an unknown stretch is a first sourced date, not a capture.

    Parameters
    ----------
    start, end : str or datetime-like, optional
        Keep changes on or after ``start`` and on or before ``end`` (within the study period).
    governorate : str, optional
        Keep one governorate (see :data:`analysis.data.schema.GOVERNORATES`).
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
    iv = control_intervals(dataset=dataset).sort_values(["location_id", "valid_from"], kind="stable")
    prev = iv.groupby("location_id", sort=False)[["controller", "side"]].shift()
    # A stretch coded `unknown` ends at the first sourced date: that is no change of hands,
    # and neither is a known holder followed by an unknown one.
    moved = (
        prev["controller"].notna()
        & (prev["controller"] != iv["controller"])
        & (prev["controller"] != "unknown")
        & (iv["controller"] != "unknown")
    )
    out = pd.DataFrame(
        {
            "date": iv["valid_from"],
            "location_id": iv["location_id"],
            "name": iv["name"],
            "governorate": iv["governorate"],
            "from_controller": prev["controller"],
            "to_controller": iv["controller"],
            "from_side": prev["side"],
            "to_side": iv["side"],
            "date_precision": iv["date_precision"],
            "disputed": iv["disputed"],
            "source_id": iv["source_id"],
            "quote": iv["quote"],
        }
    )[moved.to_numpy()]
    if lo is not None:
        out = out[out["date"] >= lo]
    if hi is not None:
        out = out[out["date"] <= hi]
    if governorate is not None:
        out = out[out["governorate"] == governorate]
    return out.sort_values(["date", "name"], kind="stable").reset_index(drop=True)


def handovers(changes_table: pd.DataFrame) -> pd.Series:
    """Which changes are handovers to the new authorities (8 December 2024 and after).

    Places passed by the codebook's rule, not taken in fighting: charts count them apart.

    Examples
    --------
    >>> ch = changes()
    >>> int(handovers(ch).sum()) > 0 and len(handovers(ch)) == len(ch)
    True
    """
    return changes_table["to_controller"].eq("new_syrian_authorities")


def changes_per_year(changes_table: pd.DataFrame) -> pd.DataFrame:
    """Changes of hands per year, the handovers to the new authorities counted apart.

    Parameters
    ----------
    changes_table : DataFrame
        From :func:`changes`.

    Returns
    -------
    pandas.DataFrame
        Index ``year``: ``changes`` (between the war's sides) and ``to_new_authorities``
        (the transfers of 8 December 2024 and after, by the codebook's rule).

    Examples
    --------
    >>> t = changes_per_year(changes())
    >>> int(t.loc[2024, "to_new_authorities"]) > 0
    True
    """
    per_year = changes_table.assign(year=changes_table["date"].dt.year, transfer=handovers(changes_table))
    by_year = per_year.groupby("year")["transfer"]
    return by_year.agg(changes=lambda t: int((~t).sum()), to_new_authorities="sum")


def coverage_gaps(*, dataset: Dataset | None = None) -> pd.DataFrame:
    """Stretches of the study period that no interval covers, per studied place.

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
    iv = control_intervals(dataset=dataset).sort_values(["location_id", "valid_from"])
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


#: Methods of :func:`control_areas`: the full partition, land within a fixed reach of a
#: place, or within a reach that grows with the place's population.
AREA_METHODS = ("voronoi", "reach", "reach_population")
#: Default radius of the ``reach`` method, km: chosen once, before any comparison with
#: published figures, as the order of the ground a garrison or a town's fighters hold
#: around it (field-artillery range, the edge of a town's fields); never tuned per date.
DEFAULT_REACH_KM = 10.0
#: ``reach_population``: a place of this pre-war population reaches DEFAULT_REACH_KM; the
#: radius grows with the square root of the population (a town's hinterland and the
#: number of its fighters grow with its size; its area with the radius squared), within
#: REACH_LIMITS_KM. Places without a population (bases, fields, crossings) reach
#: DEFAULT_REACH_KM. Chosen once, before any comparison, never tuned per date.
REACH_REFERENCE_POPULATION = 10_000
REACH_LIMITS_KM = (5.0, 30.0)
#: Land that no coded place reaches (``reach``): reported, never given to a side.
NOT_ASSESSED = "not_assessed"
#: Population of a city coded as several places held by different sides (Aleppo).
DIVIDED = "divided"


def _check_method(method: str, allowed: tuple[str, ...] = AREA_METHODS) -> None:
    if method not in allowed:
        raise ValueError(f"method={method!r} is unknown; expected one of: {', '.join(allowed)}")


def _check_reach(reach_km) -> float:
    if reach_km is None:
        return DEFAULT_REACH_KM
    if isinstance(reach_km, bool) or not isinstance(reach_km, (int, float)) or not reach_km > 0:
        raise ValueError(
            f"reach_km={reach_km!r}: expected a positive number of kilometres (default {DEFAULT_REACH_KM:g})"
        )
    return float(reach_km)


#: Tessellations already drawn, by what they depend on (see :func:`_cells_key`): maps,
#: series and comparisons ask for the same cells dozens of times per notebook.
_CELLS_CACHE: OrderedDict[tuple, gpd.GeoDataFrame] = OrderedDict()
_CELLS_CACHE_SIZE = 8


def _cells_key(ds: Dataset, method: str, radius_m: float) -> tuple:
    """Everything a tessellation depends on: the places' table and the border.

    Hashing the tables' content (about a millisecond) rather than keying on the dataset
    object keeps the cache right when a caller edits a table in place.
    """
    import shapely

    places = pd.util.hash_pandas_object(ds.locations.drop(columns="geometry"), index=False)
    points = shapely.to_wkb(ds.locations.geometry.values)
    border = shapely.to_wkb(ds.boundaries.geometry.values)
    return (method, radius_m, int(places.sum()), hash(tuple(points)), hash(tuple(border)))


def control_cells(
    *, method: str = "voronoi", reach_km: float | None = None, dataset: Dataset | None = None
) -> gpd.GeoDataFrame:
    """The pieces of Syria each studied place speaks for (equal-area CRS).

    ``voronoi``: each place's Voronoi cell (the land nearer to it than to any other
    studied place), clipped to Syria's border; the cells partition the country.
    ``reach``: the same cell cut to a disc of ``reach_km`` around the place; the land
    that no disc covers is one extra row with no places (``location_ids == ()``), which
    :func:`cell_sides` reports as ``not_assessed``.

    Places that share coordinates (e.g. Aleppo's government-held west and opposition-held
    east, both coded at the city's point) share one cell; ``location_ids`` lists them and
    ``voters`` those whose side decides the cell: a city, not its own districts coded at
    its point (kind ``region``), when both are there.

    Parameters
    ----------
    dataset : Dataset, optional
    method : {"voronoi", "reach", "reach_population"}
    reach_km : float, optional
        Radius of ``reach`` (default :data:`DEFAULT_REACH_KM`), and the radius of a place
        of :data:`REACH_REFERENCE_POPULATION` people for ``reach_population``; ignored by
        ``voronoi``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per distinct point (plus the not-assessed remainder for ``reach``):
        ``location_ids`` (tuple), ``voters`` (tuple), ``area_km2``, ``geometry`` in the Lambert equal-area CRS
        of :data:`analysis.config.EQUAL_AREA_CRS`.

    Examples
    --------
    >>> cells = control_cells()
    >>> round(cells["area_km2"].sum())
    185939
    >>> reach = control_cells(method="reach")
    >>> round(reach["area_km2"].sum()), reach["location_ids"].iloc[-1]
    (185939, ())
    """
    _check_method(method)
    radius_m = _check_reach(reach_km) * 1000.0
    ds = dataset_or_default(dataset)
    key = _cells_key(ds, method, radius_m)
    if key in _CELLS_CACHE:
        _CELLS_CACHE.move_to_end(key)
        return _CELLS_CACHE[key].copy()
    out = _draw_cells(ds, method, radius_m)
    _CELLS_CACHE[key] = out
    while len(_CELLS_CACHE) > _CELLS_CACHE_SIZE:
        _CELLS_CACHE.popitem(last=False)
    return out.copy()


def _draw_cells(ds: Dataset, method: str, radius_m: float) -> gpd.GeoDataFrame:
    import shapely

    from analysis.config import EQUAL_AREA_CRS
    from analysis.data.boundaries import syria_outline

    places = studied_locations(dataset=ds).to_crs(EQUAL_AREA_CRS)
    keys = list(zip(places.geometry.x.round(1), places.geometry.y.round(1)))
    groups: dict[tuple, list[str]] = {}
    for key, lid in zip(keys, places["id"]):
        groups.setdefault(key, []).append(lid)
    points = shapely.points([k for k in groups])
    border = gpd.GeoSeries([syria_outline(ds.boundaries)], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).iloc[0]
    # Extend the diagram well past the border so every cell is closed before clipping.
    cells = shapely.voronoi_polygons(
        shapely.multipoints(points), extend_to=border.buffer(500_000), ordered=True
    )
    geoms = shapely.intersection(shapely.get_parts(cells), border)
    ids = [tuple(v) for v in groups.values()]
    if method in ("reach", "reach_population"):
        radii = np.full(len(ids), radius_m)
        if method == "reach_population":
            radii = _population_radii_m(ids, ds, radius_m)
        geoms = shapely.intersection(geoms, shapely.buffer(points, radii, quad_segs=32))
        rest = shapely.difference(border, shapely.union_all(geoms))
        geoms = [*geoms, rest]
        ids.append(())
    out = gpd.GeoDataFrame({"location_ids": ids}, geometry=list(geoms), crs=EQUAL_AREA_CRS)
    out["voters"] = _cell_voters(ids, dict(zip(places["id"], places["kind"])))
    out["area_km2"] = out.geometry.area / 1e6
    return out


def _cell_voters(ids: list[tuple], kind_of: dict[str, str]) -> list[tuple]:
    """The places whose side decides each cell.

    A city coded with its parts at its own point (Damascus and its rebel-held districts,
    al-Hasakah and its Kurdish districts) is decided by the city: the parts (kind
    ``region``) are on the map as markers but do not outvote it. Where every place is a
    part (Aleppo's west and east) or none is, all of them vote.
    """
    out = []
    for group in ids:
        whole = tuple(i for i in group if kind_of.get(i) != "region")
        out.append(whole if whole and len(whole) < len(group) else group)
    return out


def _population_radii_m(ids: list[tuple], ds: Dataset, radius_m: float) -> np.ndarray:
    """Radius per cell for ``reach_population``: from the largest population in the cell."""
    from analysis.data.gazetteer import place_population

    pop = place_population(dataset=ds)
    lo, hi = REACH_LIMITS_KM
    out = []
    for group in ids:
        people = max((int(pop[i]) for i in group if i in pop.index), default=None)
        if people is None or people <= 0:
            out.append(radius_m)
            continue
        scale = (people / REACH_REFERENCE_POPULATION) ** 0.5
        out.append(min(max(radius_m * scale, lo * 1000.0), hi * 1000.0))
    return np.asarray(out)


def cell_sides(cells: gpd.GeoDataFrame, snapshot: pd.DataFrame) -> pd.Series:
    """Side of each cell on a snapshot: the side holding most of its places.

    Only a cell's ``voters`` count (a city outweighs its own districts coded at its point,
    see :func:`control_cells`). Ties go to the first in the table; the remainder that no
    place reaches (``reach`` methods) is ``not_assessed``.

    Parameters
    ----------
    cells : GeoDataFrame
        From :func:`control_cells`.
    snapshot : DataFrame
        From :func:`control_at`.

    Examples
    --------
    >>> cells = control_cells(method="reach")
    >>> sides = cell_sides(cells, control_at("2015-09-30"))
    >>> sides.iloc[-1]
    'not_assessed'
    """
    side_of = dict(zip(snapshot["location_id"], snapshot["side"].astype(str)))
    voters = cells["voters"] if "voters" in cells else cells["location_ids"]

    def side(ids: tuple) -> str:
        if not ids:
            return NOT_ASSESSED
        if len(ids) == 1:
            return side_of[ids[0]]
        # The commonest side; a tie goes to the place first in the table.
        held = [side_of[i] for i in ids]
        return max(dict.fromkeys(held), key=held.count)

    return pd.Series([side(ids) for ids in voters], index=cells.index, name="location_ids")


def _side_order(columns) -> list[str]:
    return [s for s in (*SIDES, NOT_ASSESSED, DIVIDED) if s in set(columns)]


def control_areas(
    date: DateLike, method: str = "voronoi", *, reach_km: float | None = None, dataset: Dataset | None = None
) -> gpd.GeoDataFrame:
    """An approximate control surface from the coded places, dissolved by side.

    **This is an estimate from points, not a front line.** Two methods:

    ``voronoi``
        Each studied place claims the part of Syria nearer to it than to any other
        studied place (clipped to the border); cells are merged by the side holding the
        place on ``date``. Every km² goes to some side, so thinly coded regions (the
        desert) make large cells, and a single desert garrison can claim thousands of km².
        Comparable with definitions that divide the whole country (e.g. Wikipedia-style
        maps where "desert areas are mapped as under the control of forces holding roads
        and towns within them").
    ``reach``
        Each place claims only the part of its Voronoi cell within ``reach_km`` of it
        (default :data:`DEFAULT_REACH_KM`); the land no place reaches is returned as
        ``not_assessed``, never given to a side. Comparable with strict definitions of
        control (IHS Conflict Monitor: holding defensive positions or being the dominant
        military force), which leave empty desert to nobody.
    ``reach_population``
        As ``reach``, but each place's radius grows with the square root of its pre-war
        population (:data:`REACH_REFERENCE_POPULATION` people reach ``reach_km``; within
        :data:`REACH_LIMITS_KM`); places with no population figure (bases, fields,
        crossings) reach ``reach_km``. Assumes a town's hinterland and fighters scale with
        its size; it uses no roads or terrain (none are shipped offline).

    Co-located places share one cell, assigned to the side holding most of them (ties: the
    first in the table).

    Parameters
    ----------
    date : str or Timestamp
        A day of the study period (``config.STUDY_START`` .. ``STUDY_END``).
    method : {"voronoi", "reach", "reach_population"}
    reach_km : float, optional
        Radius of ``reach`` in km.
    dataset : Dataset, optional

    Returns
    -------
    geopandas.GeoDataFrame
        One row per side present (plus ``not_assessed`` for ``reach``): ``side``,
        ``area_km2`` (Lambert equal-area), ``share`` (of Syria), ``places``; geometry in
        EPSG:4326. Areas sum to Syria's area. ``attrs["method"]`` and
        ``attrs["reach_km"]`` say how the surface was drawn.

    Examples
    --------
    >>> areas = control_areas("2015-09-30")
    >>> float(round(areas["share"].sum(), 6))
    1.0
    >>> reach = control_areas("2015-09-30", method="reach")
    >>> "not_assessed" in set(reach["side"])
    True
    """
    _check_method(method)
    ds = dataset_or_default(dataset)
    cells = control_cells(dataset=ds, method=method, reach_km=reach_km)
    cells["side"] = cell_sides(cells, control_at(date, dataset=ds)).to_numpy()
    cells["places"] = cells["location_ids"].map(len)
    out = cells.dissolve("side", aggfunc={"places": "sum"}).reset_index()
    out["area_km2"] = out.geometry.area / 1e6
    out["share"] = out["area_km2"] / out["area_km2"].sum()
    out = out.set_index("side").loc[_side_order(out["side"])].reset_index()
    out = out[["side", "area_km2", "share", "places", "geometry"]].to_crs("EPSG:4326")
    out.attrs.update(method=method, reach_km=_check_reach(reach_km) if method != "voronoi" else None)
    return out


def _bounds(start: DateLike | None, end: DateLike | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A range's first and last day (both included); default the study period."""
    lo = STUDY_START_TS if start is None else as_date(start, "start")
    hi = STUDY_STOP_TS - pd.Timedelta(days=1) if end is None else as_date(end, "end")
    check_date_range(lo, hi)
    return lo, hi


def _offensive_days(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    """Each day of the final offensive (``config.FINAL_OFFENSIVE``) from ``first`` to ``last``."""
    from analysis.config import FINAL_OFFENSIVE

    days = pd.date_range(*(pd.Timestamp(d) for d in FINAL_OFFENSIVE), freq="D")
    return days[(days >= first) & (days <= last)]


def _dates(start: DateLike | None, end: DateLike | None, freq: str) -> pd.DatetimeIndex:
    lo, hi = _bounds(start, end)
    try:
        return pd.date_range(lo, hi, freq=freq)
    except ValueError as exc:
        raise ValueError(f"freq={freq!r} is not a pandas frequency (e.g. 'MS', 'W', 'D')") from exc


def _series_dates(start: DateLike | None, end: DateLike | None, freq: str) -> pd.DatetimeIndex:
    """The dates of a series: ``freq`` over the range, plus the final offensive and the last day.

    Each day of ``config.FINAL_OFFENSIVE`` within the range is added, and the range's last day.

    Month starts alone would stop on 1 December 2024, before the handover of 8 December.
    """
    days = _dates(start, end, freq)
    _, last = _bounds(start, end)
    first = days[0] if len(days) else last
    return days.union(_offensive_days(first, last)).union(pd.DatetimeIndex([last]))


def _listed_dates(dates: Sequence[DateLike]) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(list(dict.fromkeys(as_date(d, "dates") for d in dates)))


#: Methods of :func:`population_by_side`.
POPULATION_METHODS = ("places", *AREA_METHODS)


def _towns_in_cells(ds: Dataset, method: str, reach_km: float | None):
    """The cells of a method, and the cell (or -1) and population of every gazetteer town."""
    from analysis.config import EQUAL_AREA_CRS
    from analysis.data.gazetteer import geonames_places

    cells = control_cells(dataset=ds, method=method, reach_km=reach_km)
    towns = geonames_places().to_crs(EQUAL_AREA_CRS)
    joined = gpd.sjoin(towns, cells[["geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    town_cell = joined["index_right"].fillna(-1).astype(int).to_numpy()
    return cells, town_cell, joined["population"].astype("int64").to_numpy()


def population_by_side(
    date: DateLike,
    method: str = "places",
    *,
    reach_km: float | None = None,
    towns_in_cells=None,
    snapshot: pd.DataFrame | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Pre-war population living in places held by each side on a date, and its share.

    Populations are GeoNames' pre-war figures (:data:`analysis.data.gazetteer.GAZETTEER`,
    mostly the 2004 census): they weigh places by size; they are not counts of who lived
    there during the war, when millions had fled or moved.

    Parameters
    ----------
    date : str or Timestamp
    method : {"places", "voronoi", "reach"}
        ``places``: only the coded places that GeoNames lists, each with its own
        population; a city coded as several places held by different sides (Aleppo's
        west and east) is counted as ``divided``, since no source splits its population.
        ``voronoi`` / ``reach``: every Syrian place of the gazetteer (308 with population
        >= 500), counted for the side whose area (:func:`control_areas`) holds it;
        ``not_assessed`` for places that no coded place reaches.
    reach_km : float, optional
        Radius of ``reach`` in km.
    dataset : Dataset, optional
    towns_in_cells : tuple, optional
        Precomputed cells and town assignment (internal: lets a series join once).
    snapshot : DataFrame, optional
        Who held each place on the date (``location_id``, ``side``), if already known
        (:func:`analysis.territory.series.sides_on`); default :func:`control_at`.

    Returns
    -------
    pandas.DataFrame
        ``side``, ``population``, ``share`` (of the population counted), ``places``.

    Examples
    --------
    >>> pop = population_by_side("2015-09-30")
    >>> float(round(pop["share"].sum(), 6))
    1.0
    """
    from analysis.data.gazetteer import place_population

    day = as_date(date, "date")
    _check_method(method, POPULATION_METHODS)
    ds = dataset_or_default(dataset)
    snap = control_at(day, dataset=ds) if snapshot is None else snapshot
    if method == "places":
        pop = place_population(dataset=ds)
        gid = ds.locations.set_index("id")["geonameid"]
        held = snap[snap["location_id"].isin(pop.index)].copy()
        held["geonameid"] = held["location_id"].map(gid).to_numpy()
        held["side"] = held["side"].astype(str)
        # One GeoNames place coded as several locations: one population, not several.
        sides = held.groupby("geonameid")["side"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else DIVIDED)
        people = held.drop_duplicates("geonameid").set_index("geonameid")["location_id"].map(pop)
        frame = pd.DataFrame({"side": sides, "population": people})
    else:
        cells, town_cell, town_pop = (
            _towns_in_cells(ds, method, reach_km) if towns_in_cells is None else towns_in_cells
        )
        sides = cell_sides(cells, snap).to_numpy()
        # Points on the border line or in a sliver outside the clipped outline: not assessed.
        town_side = np.where(town_cell >= 0, sides[np.maximum(town_cell, 0)], NOT_ASSESSED)
        frame = pd.DataFrame({"side": town_side, "population": town_pop})
    out = frame.groupby("side").agg(population=("population", "sum"), places=("population", "size"))
    out = out.loc[_side_order(out.index)].reset_index()
    out["population"] = out["population"].astype("int64")
    out["share"] = out["population"] / out["population"].sum()
    out = out[["side", "population", "share", "places"]]
    out.attrs.update(method=method, date=day)
    return out


def area_shares_by_method(
    date: DateLike,
    methods: tuple[str, ...] = AREA_METHODS,
    *,
    reach_km: float | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Share of Syria (%) each side holds on a date, one column per method.

    Examples
    --------
    >>> t = area_shares_by_method("2015-09-30")
    >>> list(t.columns)
    ['voronoi', 'reach', 'reach_population']
    >>> bool((t.sum().round(6) == 100).all())
    True
    """
    ds = dataset_or_default(dataset)
    columns = {
        m: control_areas(date, m, reach_km=reach_km, dataset=ds).set_index("side")["share"] * 100
        for m in methods
    }
    out = pd.DataFrame(columns).fillna(0.0)
    out = out.loc[_side_order(out.index)]
    out.index.name = "side"
    return out


def describe_snapshot(date: DateLike, *, dataset: Dataset | None = None) -> str:
    """One paragraph (Markdown) on who held what on a date, with every number from the data.

    Examples
    --------
    >>> "coded places" in describe_snapshot("2015-09-30")
    True
    """
    from analysis.data.schema import SIDES

    day = as_date(date, "date")
    ds = dataset_or_default(dataset)
    snap = control_at(day, dataset=ds)
    counts = snap["side"].astype(str).value_counts()
    held = ", ".join(f"{side.replace('_', ' ')} {counts[side]}" for side in SIDES if side in counts)
    shares = area_shares_by_method(day, dataset=ds)
    gov = shares.loc["government"] if "government" in shares.index else shares.iloc[0] * 0
    moved = changes(STUDY_START_TS, day, dataset=ds)
    last = moved[moved["from_side"].astype(str) != "unknown"].tail(1)  # a first sourced date is no change
    latest = (
        f" The latest change of hands before that day: {last['name'].iloc[0]} "
        f"({last['from_side'].iloc[0]} → {last['to_side'].iloc[0]}) on "
        f"{last['date'].iloc[0]:%d %B %Y}."
        if len(last)
        else ""
    )
    return (
        f"On **{day:%d %B %Y}**, the {len(snap)} coded places were held as follows: {held}. "
        f"The government's share of Syria's area is {gov['voronoi']:.0f} % by the Voronoi "
        f"partition, {gov['reach']:.0f} % counting only land within {DEFAULT_REACH_KM:g} km of a "
        f"place it held, and {gov['reach_population']:.0f} % with a reach that grows with each "
        f"place's population (the reach methods leave the land no coded place reaches "
        f"unassessed).{latest}"
    )
