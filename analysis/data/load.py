"""Load the hand-coded tables into typed (Geo)DataFrames: the :class:`Dataset`.

Every table is validated first (:mod:`analysis.data.validation`); a problem anywhere raises
one :class:`~analysis.data.errors.DataValidationError` listing them all. A loaded table has
exactly the rows of its file, in file order.
"""

from __future__ import annotations

import copy
import hashlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.config import DATA_DIR
from analysis.data.boundaries import load_boundaries, load_neighbours
from analysis.data.errors import DataValidationError, Problem
from analysis.data.schema import LIST_SEPARATOR, SCHEMAS, TABLE_ORDER, TableSchema
from analysis.data.validation import ParsedTable, validate_tables

__all__ = [
    "Dataset",
    "DataWarning",
    "load_dataset",
    "load_sources",
    "load_actors",
    "load_locations",
    "load_claims",
    "load_events",
    "load_control",
    "load_deployments",
    "load_statements",
    "load_routes",
    "load_published_areas",
    "data_content_hash",
    "dataset_or_default",
]


class DataWarning(UserWarning):
    """Something in the data a coder should check that does not stop loading."""


@dataclass
class Dataset:
    """All tables of one data folder, typed and validated.

    Tables with places (locations, events, control, deployments, routes) are
    GeoDataFrames in EPSG:4326; rows that only name a ``location_id`` take that
    location's point. Dates are ``datetime64``, categories are pandas categoricals with the
    codebook's allowed values, counts are nullable integers, yes/no is nullable boolean.

    Attributes
    ----------
    sources, actors, locations, claims, events, control, deployments, statements, routes, published_areas
        One (Geo)DataFrame per table; see ``data/README.md`` for the columns.
    boundaries : geopandas.GeoDataFrame
        The 14 governorates (see :func:`analysis.data.boundaries.load_boundaries`).
    neighbours : geopandas.GeoDataFrame
        Neighbouring countries' outlines.
    data_dir : Path
        Folder the tables were read from.
    content_hash : str
        SHA-256 over the tables' bytes: figures record it to tell whether they are current.
    warnings : list of Problem
        Non-fatal findings (e.g. a place a few km outside its governorate polygon).
    """

    sources: pd.DataFrame
    actors: pd.DataFrame
    locations: gpd.GeoDataFrame
    claims: pd.DataFrame
    events: gpd.GeoDataFrame
    control: gpd.GeoDataFrame
    deployments: gpd.GeoDataFrame
    statements: pd.DataFrame
    routes: gpd.GeoDataFrame
    published_areas: pd.DataFrame
    boundaries: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    data_dir: Path
    content_hash: str
    warnings: list[Problem] = field(default_factory=list)

    def copy(self) -> Dataset:
        """A deep copy, so a caller can modify tables without touching the cache."""
        return copy.deepcopy(self)

    def table_names(self) -> tuple[str, ...]:
        """The tables' names, in load order."""
        return TABLE_ORDER

    def row_counts(self) -> pd.Series:
        """Rows per table, in load order.

        Examples
        --------
        >>> bool(load_dataset().row_counts()["sources"] > 0)
        True
        """
        return pd.Series({n: len(getattr(self, n)) for n in TABLE_ORDER}, name="rows")

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={len(getattr(self, n))}" for n in TABLE_ORDER)
        return f"Dataset({self.data_dir}: {counts})"


class LineNumbers(tuple):
    """The line of each row of a table in its CSV file (header = 1), as an editor shows it.

    A tuple that copies share: ``copy.deepcopy`` returns it as is, since it never changes.
    """

    def __deepcopy__(self, memo) -> LineNumbers:
        return self


def _column_series(table: ParsedTable, name: str) -> pd.Series:
    col = table.schema.column(name)
    values = table.values[name]
    if col.kind in ("date", "event_date", "report_date"):
        return pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
    if col.kind == "int":
        return pd.Series(values, dtype="Int64")
    if col.kind in ("float", "latitude", "longitude"):
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if col.kind == "category":
        return pd.Series(pd.Categorical(values, categories=list(col.allowed)))
    if col.kind == "yesno":
        return pd.Series(values, dtype="boolean")
    if col.kind == "refs":  # kept as written, "id1;id2"
        return pd.Series([None if v is None else LIST_SEPARATOR.join(v) for v in values], dtype="string")
    return pd.Series(values, dtype="string")


def _frame(table: ParsedTable) -> pd.DataFrame:
    schema: TableSchema = table.schema
    frame = pd.DataFrame({name: _column_series(table, name) for name in schema.column_names})
    # Each row's line in the file, for messages that cite it. Immutable and shared by copies:
    # pandas deep-copies attrs on every operation, and a list of a thousand ints made that
    # the slowest part of a series of maps.
    frame.attrs["lines"] = LineNumbers(table.lines)
    return frame


def _with_points(frame: pd.DataFrame, locations: gpd.GeoDataFrame, own_coords: bool) -> gpd.GeoDataFrame:
    """Attach a point to each row: its own coordinates if any, else its location's."""
    lookup = dict(zip(locations["id"], locations.geometry))
    geometry = frame["location_id"].map(lambda lid: lookup.get(lid) if pd.notna(lid) else None)
    if own_coords:
        has_xy = frame["latitude"].notna() & frame["longitude"].notna()
        own = gpd.points_from_xy(frame["longitude"], frame["latitude"])
        geometry = pd.Series(
            [own[i] if has_xy.iloc[i] else geometry.iloc[i] for i in range(len(frame))], index=frame.index
        )
    return gpd.GeoDataFrame(frame, geometry=list(geometry), crs="EPSG:4326")


def data_content_hash(data_dir: str | Path | None = None) -> str:
    """SHA-256 of the tables' bytes (names and contents, in table order).

    Examples
    --------
    >>> len(data_content_hash())
    64
    """
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    digest = hashlib.sha256()
    for name in TABLE_ORDER:
        path = root / f"{name}.csv"
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _signature(root: Path) -> tuple:
    # Stat, not read: a cached dataset is reused while no file changed.
    sig = []
    for name in TABLE_ORDER:
        path = root / f"{name}.csv"
        st = path.stat() if path.exists() else None
        sig.append((name, st.st_mtime_ns if st else None, st.st_size if st else None))
    return tuple(sig)


_CACHE: dict[tuple, Dataset] = {}


def _read_dataset(root: Path) -> Dataset:
    tables, problems, found_warnings = validate_tables(root)
    if problems:
        raise DataValidationError(problems)
    frames = {name: _frame(tables[name]) for name in TABLE_ORDER}
    locations = frames["locations"]
    frames["locations"] = gpd.GeoDataFrame(
        locations, geometry=gpd.points_from_xy(locations["longitude"], locations["latitude"]), crs="EPSG:4326"
    )
    for name in ("events", "control", "deployments"):
        frames[name] = _with_points(frames[name], frames["locations"], own_coords=name == "events")
    routes = frames["routes"]
    frames["routes"] = gpd.GeoDataFrame(
        routes, geometry=gpd.points_from_xy(routes["longitude"], routes["latitude"]), crs="EPSG:4326"
    )
    if found_warnings:
        worst = max(found_warnings, key=lambda p: p.line or 0)
        warnings.warn(
            f"{len(found_warnings)} row(s) to check, e.g. {worst.file} line {worst.line}: "
            f"{worst.expected}. See Dataset.warnings or `python -m analysis validate`.",
            DataWarning,
            stacklevel=3,
        )
    return Dataset(
        **frames,
        boundaries=load_boundaries(root),
        neighbours=load_neighbours(root),
        data_dir=root,
        content_hash=data_content_hash(root),
        warnings=found_warnings,
    )


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Load and validate every table of a data folder.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder with one CSV per table; defaults to the shipped ``data/``. Point it at
        your own copy to analyse edited tables.

    Returns
    -------
    Dataset
        A fresh copy each call; files are read again only when one changed on disk.

    Raises
    ------
    DataValidationError
        Listing every problem found, each with file, line, column, value and what was
        expected.

    Examples
    --------
    >>> ds = load_dataset()
    >>> ds.control.crs.to_epsg()
    4326
    """
    root = (Path(data_dir) if data_dir is not None else DATA_DIR).resolve()
    key = (str(root), _signature(root))
    if key not in _CACHE:
        _CACHE.clear()  # one dataset per process is the normal case; do not hoard old ones
        _CACHE[key] = _read_dataset(root)
    return _CACHE[key].copy()


def dataset_or_default(dataset: Dataset | None) -> Dataset:
    """The given Dataset, or the shipped data when None.

    The default of every analysis function's ``dataset=``.

    Examples
    --------
    >>> dataset_or_default(None).data_dir.name
    'data'
    """
    return load_dataset() if dataset is None else dataset


def _table_loader(name: str):
    def loader(data_dir: str | Path | None = None):
        return getattr(load_dataset(data_dir), name)

    loader.__name__ = f"load_{name}"
    loader.__doc__ = f"""Load the ``{name}`` table (validated with the whole dataset).

    Parameters
    ----------
    data_dir : str or Path, optional
        Defaults to the shipped ``data/``.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        {SCHEMAS[name].description}

    Examples
    --------
    >>> isinstance(load_{name}(), pd.DataFrame)
    True
    """
    return loader


load_sources = _table_loader("sources")
load_actors = _table_loader("actors")
load_locations = _table_loader("locations")
load_claims = _table_loader("claims")
load_events = _table_loader("events")
load_control = _table_loader("control")
load_deployments = _table_loader("deployments")
load_statements = _table_loader("statements")
load_routes = _table_loader("routes")
load_published_areas = _table_loader("published_areas")
