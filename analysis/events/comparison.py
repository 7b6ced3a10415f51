"""Hand-coded events beside ACLED and UCDP GED: combine, match, count by month.

:func:`combine_events` stacks the hand-coded events and the frames of
:mod:`analysis.events.readers` on the project's event columns, :func:`monthly_counts`
counts them per dataset and month, and :func:`event_pairs` / :func:`match_events` find the
events that two datasets both recorded (within a number of days and kilometres).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis.data.boundaries import governorate_at
from analysis.data.distance import KM_PER_DEGREE_LATITUDE, haversine_km
from analysis.data.load import Dataset, dataset_or_default
from analysis.data.schema import GOVERNORATES
from analysis.events.columns import DATASET_DTYPE, DATASETS, EVENT_COLUMNS, GOVERNORATE_DTYPE, PRECISION_DTYPE

if TYPE_CHECKING:
    import dask_geopandas

__all__ = ["hand_coded_events", "combine_events", "event_pairs", "match_events", "monthly_counts"]


def hand_coded_events(*, dataset: Dataset | None = None) -> gpd.GeoDataFrame:
    """The hand-coded events with the columns the external datasets share.

    Adds ``dataset`` (``"hand_coded"``), ``governorate`` (the location's governorate, or
    the polygon holding the event's own point) and fills ``latitude``/``longitude`` from
    the location's point. Events without a place (country-wide developments) keep empty
    coordinates and governorate.

    Parameters
    ----------
    dataset : Dataset, optional
        Defaults to the shipped data.

    Returns
    -------
    geopandas.GeoDataFrame

    Examples
    --------
    >>> ev = hand_coded_events()
    >>> ev["dataset"].unique().tolist()
    ['hand_coded']
    """
    ds = dataset_or_default(dataset)
    events = ds.events.copy()
    has_point = events.geometry.notna() & ~events.geometry.is_empty
    events["longitude"] = np.where(has_point, events.geometry.x.where(has_point), np.nan)
    events["latitude"] = np.where(has_point, events.geometry.y.where(has_point), np.nan)
    by_location = events["location_id"].map(ds.locations.set_index("id")["governorate"])
    own = governorate_at(events["longitude"], events["latitude"], ds.boundaries)
    governorate = by_location.astype("object").where(by_location.notna(), pd.Series(own, index=events.index))
    events["governorate"] = pd.Categorical(governorate, dtype=GOVERNORATE_DTYPE)
    events["dataset"] = pd.Categorical(["hand_coded"] * len(events), dtype=DATASET_DTYPE)
    # The tables are validated whole, so their rows sit one per line below the header.
    events["file_line"] = np.arange(2, len(events) + 2)
    return events


def combine_events(*frames: gpd.GeoDataFrame | Dataset) -> gpd.GeoDataFrame:
    """Stack events of several datasets into one frame of the shared columns.

    Parameters
    ----------
    *frames : GeoDataFrame or Dataset
        Frames returned by :func:`read_acled`, :func:`read_ucdp_ged` or
        :func:`hand_coded_events`; a :class:`~analysis.data.load.Dataset` stands for its
        hand-coded events.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`EVENT_COLUMNS` and the points, every row of every frame in the order given
        (nothing dropped or merged; see :func:`match_events` for likely duplicates).

    Raises
    ------
    ValueError
        If a frame lacks one of :data:`EVENT_COLUMNS`.

    Examples
    --------
    >>> both = combine_events(hand_coded_events(), hand_coded_events())
    >>> len(both) == 2 * len(hand_coded_events())
    True
    """
    if not frames:
        raise ValueError("combine_events() needs at least one frame of events")
    parts = []
    for i, frame in enumerate(frames):
        if isinstance(frame, Dataset):
            frame = hand_coded_events(dataset=frame)
        missing = [c for c in EVENT_COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(
                f"frames[{i}] lacks the column(s) {', '.join(missing)}; expected a "
                f"frame from read_acled, read_ucdp_ged or hand_coded_events"
            )
        part = pd.DataFrame({c: frame[c].to_numpy() for c in EVENT_COLUMNS})
        part["geometry"] = (
            frame.geometry.to_numpy()
            if isinstance(frame, gpd.GeoDataFrame)
            else gpd.points_from_xy(frame["longitude"], frame["latitude"])
        )
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = out.astype(
        {
            "dataset": DATASET_DTYPE,
            "time_precision": PRECISION_DTYPE,
            "geo_precision": PRECISION_DTYPE,
            "governorate": GOVERNORATE_DTYPE,
            "event_id": "str",
            "event_type": "str",
            "sub_event_type": "str",
            "actor1": "str",
            "actor2": "str",
            "notes": "str",
            "fatalities": "Int64",
            "latitude": "float64",
            "longitude": "float64",
            "file_line": "int64",
        }
    )
    out["event_date"] = pd.to_datetime(out["event_date"]).astype("datetime64[ns]")
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def _keyed(frame: pd.DataFrame, cell_lat: float, cell_lon: float) -> pd.DataFrame:
    ok = frame["event_date"].notna() & frame["latitude"].notna() & frame["longitude"].notna()
    sub = frame.loc[ok]
    return pd.DataFrame(
        {
            "row": np.flatnonzero(ok.to_numpy()),
            "dataset": sub["dataset"].astype("str").to_numpy(),
            "event_id": sub["event_id"].astype("str").to_numpy(),
            "event_type": sub["event_type"].astype("str").to_numpy(),
            "date": sub["event_date"].to_numpy(),
            "day": sub["event_date"].to_numpy().astype("datetime64[D]").astype(np.int64),
            "lat": sub["latitude"].to_numpy(dtype=float),
            "lon": sub["longitude"].to_numpy(dtype=float),
            "cy": np.floor(sub["latitude"].to_numpy(dtype=float) / cell_lat).astype(np.int64),
            "cx": np.floor(sub["longitude"].to_numpy(dtype=float) / cell_lon).astype(np.int64),
        }
    )


def event_pairs(
    a: pd.DataFrame, b: pd.DataFrame, days: int = 1, km: float = 10.0, same_type: bool = True
) -> pd.DataFrame:
    """Every pair of events, one from ``a`` and one from ``b``, close in time and space.

    Parameters
    ----------
    a, b : DataFrame
        Events with :data:`EVENT_COLUMNS` (e.g. from :func:`read_acled`,
        :func:`hand_coded_events` or :func:`combine_events`). Events without a date or
        point are never paired.
    days : int
        Largest difference between the two dates, in days (dates as recorded, whatever
        their precision).
    km : float
        Largest great-circle distance between the two points.
    same_type : bool
        Pair only events of the same ``event_type``. UCDP has no type for air strikes
        (they are Battles here), so set False to pair UCDP with ACLED's strikes.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``a_row``, ``a_dataset``, ``a_event_id``, ``a_date``,
        ``b_row``, ``b_dataset``, ``b_event_id``, ``b_date``, ``event_type`` (of the ``a``
        event), ``days_apart`` and ``km_apart``; ``*_row`` are positions in ``a`` and ``b``.
        Sorted by ``a_row`` then distance. An event never pairs with itself.

    Examples
    --------
    >>> ev = hand_coded_events()
    >>> pairs = event_pairs(ev, ev)
    >>> bool((pairs["a_event_id"] != pairs["b_event_id"]).all())
    True
    """
    if days < 0 or km < 0:
        raise ValueError(f"days={days!r} and km={km!r}: expected numbers at least 0")
    # Bucket points into cells at least `km` wide, then join each cell with its neighbours
    # and each day with the days around it: work grows with the pairs found, not with
    # len(a) * len(b), so ACLED against UCDP for all of Syria stays fast.
    cell_lat = max(km, 0.001) / KM_PER_DEGREE_LATITUDE
    cell_lon = cell_lat / np.cos(np.radians(38.0))  # wide enough up to 38° N (all of Syria)
    ka, kb = _keyed(a, cell_lat, cell_lon), _keyed(b, cell_lat, cell_lon)
    keys = ["day", "cy", "cx"] + (["event_type"] if same_type else [])
    pieces = []
    for dd in range(-int(days), int(days) + 1):
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                shifted = ka.assign(day=ka["day"] + dd, cy=ka["cy"] + dy, cx=ka["cx"] + dx)
                pieces.append(shifted.merge(kb, on=keys, suffixes=("_a", "_b")))
    columns = [
        "a_row",
        "a_dataset",
        "a_event_id",
        "a_date",
        "b_row",
        "b_dataset",
        "b_event_id",
        "b_date",
        "event_type",
        "days_apart",
        "km_apart",
    ]
    joined = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()
    if joined.empty:
        return pd.DataFrame({c: [] for c in columns})
    if same_type:
        joined["event_type_a"] = joined["event_type"]
    distance = haversine_km(joined["lon_a"], joined["lat_a"], joined["lon_b"], joined["lat_b"])
    out = pd.DataFrame(
        {
            "a_row": joined["row_a"],
            "a_dataset": joined["dataset_a"],
            "a_event_id": joined["event_id_a"],
            "a_date": joined["date_a"],
            "b_row": joined["row_b"],
            "b_dataset": joined["dataset_b"],
            "b_event_id": joined["event_id_b"],
            "b_date": joined["date_b"],
            "event_type": joined["event_type_a"],
            "days_apart": (joined["date_a"] - joined["date_b"]).abs().dt.days,
            "km_apart": distance.round(2),
        }
    )
    same_event = (out["a_dataset"] == out["b_dataset"]) & (out["a_event_id"] == out["b_event_id"])
    out = out[(distance <= km) & ~same_event.to_numpy()]
    return out.sort_values(["a_row", "km_apart", "days_apart", "b_row"]).reset_index(drop=True)


def match_events(
    a: pd.DataFrame, b: pd.DataFrame, days: int = 1, km: float = 10.0, same_type: bool = True
) -> gpd.GeoDataFrame:
    """Stack two sets of events and flag those the other set probably records too.

    An event is a likely duplicate when the other set has an event of the same type
    within ``days`` days and ``km`` kilometres (:func:`event_pairs`). Nothing is dropped or
    merged: the flags help a reader decide, the data stays as each dataset coded it.

    Parameters
    ----------
    a, b : DataFrame
        Events with :data:`EVENT_COLUMNS`.
    days, km, same_type
        See :func:`event_pairs`.

    Returns
    -------
    geopandas.GeoDataFrame
        :func:`combine_events` of ``a`` then ``b`` (every row of both) with
        ``likely_duplicate`` (bool), ``match_count`` (events of the other set within the
        window), ``best_match`` (``dataset:event_id`` of the nearest one), ``match_km`` and
        ``match_days``.

    Examples
    --------
    >>> ev = hand_coded_events()
    >>> flagged = match_events(ev.iloc[:5], ev.iloc[5:])
    >>> len(flagged) == len(ev)
    True
    """
    pairs = event_pairs(a, b, days=days, km=km, same_type=same_type)
    out = combine_events(a, b)
    n_a = len(a)
    # Each pair flags both of its events: a's by position, b's after a's rows.
    both = pd.concat(
        [
            pd.DataFrame(
                {
                    "row": pairs["a_row"],
                    "other": pairs["b_dataset"].astype(str) + ":" + pairs["b_event_id"].astype(str),
                    "km": pairs["km_apart"],
                    "days": pairs["days_apart"],
                }
            ),
            pd.DataFrame(
                {
                    "row": pairs["b_row"] + n_a,
                    "other": pairs["a_dataset"].astype(str) + ":" + pairs["a_event_id"].astype(str),
                    "km": pairs["km_apart"],
                    "days": pairs["days_apart"],
                }
            ),
        ],
        ignore_index=True,
    ).astype({"row": "int64"})
    count = both.groupby("row").size()
    best = both.sort_values(["row", "km", "days", "other"]).drop_duplicates("row").set_index("row")
    rows = pd.RangeIndex(len(out))
    out["match_count"] = count.reindex(rows, fill_value=0).to_numpy()
    out["likely_duplicate"] = out["match_count"] > 0
    out["best_match"] = best["other"].reindex(rows).astype("str").to_numpy()
    out["match_km"] = best["km"].reindex(rows).to_numpy(dtype=float)
    out["match_days"] = pd.array(best["days"].reindex(rows), dtype="Int64")
    return out


def _is_dask_frame(events: object) -> bool:
    # Dask is imported only by its engine: a frame of it means Dask is already loaded.
    dd = sys.modules.get("dask.dataframe")
    return dd is not None and isinstance(events, dd.DataFrame)


def _count_by_month(events: pd.DataFrame) -> pd.DataFrame:
    """Rows per month, governorate and dataset of one frame (or one Dask partition).

    Undated rows are counted under an empty month, so that their dataset still shows.
    """
    frame = pd.DataFrame(
        {
            "month": events["event_date"].dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]"),
            "governorate": events["governorate"].astype("object").fillna("unplaced"),
            "dataset": events["dataset"].astype("object").fillna("nan").astype("str"),
        }
    )
    counts = frame.groupby(["month", "governorate", "dataset"], dropna=False).size()
    return counts.rename("count").reset_index()


def monthly_counts(
    events: pd.DataFrame | dask_geopandas.GeoDataFrame, start: str | None = None, end: str | None = None
) -> pd.DataFrame:
    """Events per calendar month, governorate and dataset.

    Parameters
    ----------
    events : DataFrame or dask DataFrame
        With ``event_date``, ``governorate`` and ``dataset`` (e.g. :func:`combine_events`,
        or a reader's Dask frame: each partition is counted where it lies and only the
        counts are gathered, never the rows).
    start, end : str, optional
        First and last month shown; default the first and last month with an event.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``month``, ``governorate``), every month and all 14 governorates plus
        ``"unplaced"`` (events without a governorate); one column per dataset present, in
        :data:`DATASETS` order; zeros where nothing was recorded. Events outside
        ``start``..``end`` or without a date are not counted.

    Examples
    --------
    >>> m = monthly_counts(hand_coded_events(), "2015-01-01", "2015-12-31")
    >>> m.index.names, list(m.columns)
    (FrozenList(['month', 'governorate']), ['hand_coded'])
    >>> m.loc["2015-03-01"].loc["Idlib", "hand_coded"] > 0
    np.True_
    """
    missing = [c for c in ("event_date", "governorate", "dataset") if c not in events.columns]
    if missing:
        raise ValueError(
            f"events lacks the column(s) {', '.join(missing)}; expected a frame "
            f"from combine_events or one of the readers"
        )
    keys = ["month", "governorate", "dataset"]
    if _is_dask_frame(events):
        meta = _count_by_month(events._meta)
        parts = events.map_partitions(_count_by_month, meta=meta).compute()
        counts = parts.groupby(keys, dropna=False)["count"].sum().reset_index()
    else:
        counts = _count_by_month(events)
    dated = counts["month"].dropna()
    if dated.empty and (start is None or end is None):
        raise ValueError("events has no dated rows; give start= and end=")
    months = pd.date_range(
        pd.Timestamp(start or dated.min()).to_period("M").to_timestamp(),
        pd.Timestamp(end or dated.max()).to_period("M").to_timestamp(),
        freq="MS",
    )
    places = list(GOVERNORATES) + ["unplaced"]
    datasets = [d for d in DATASETS if d in set(counts["dataset"])]
    wide = counts.dropna(subset=["month"]).groupby(keys)["count"].sum().unstack("dataset")
    index = pd.MultiIndex.from_product([months, places], names=["month", "governorate"])
    out = wide.reindex(index=index, columns=datasets).fillna(0).astype("int64")
    out.columns.name = None
    return out
