"""Reading ACLED and UCDP GED exports with the same strictness as the hand-coded tables.

:func:`read_acled` and :func:`read_ucdp_ged` read the CSV files the two projects publish,
keep every original column and add the project's event columns, so that
:mod:`analysis.events.comparison` can stack the three datasets, count them month by month
and search for events that two datasets both recorded. The checks a CSV file gets (UTF-8,
ragged rows, header, swapped coordinates) are worded once, in :mod:`analysis.data.csv_checks`.

The project's event columns
---------------------------
=================  =========================  ==========================================
project column     ACLED export               UCDP GED
=================  =========================  ==========================================
``dataset``        ``"acled"``                ``"ucdp_ged"``
``event_id``       ``event_id_cnty``          ``id`` (as text)
``event_date``     ``event_date``             ``date_start``
``time_precision`` ``time_precision`` (as is) ``date_prec``: see :data:`UCDP_TIME_PRECISION`
``event_type``     ``event_type`` (as is)     ``type_of_violence``: see :data:`UCDP_EVENT_TYPES`
``sub_event_type`` ``sub_event_type`` (as is) empty: UCDP has no sub-types
``actor1``         ``actor1``                 ``side_a``
``actor2``         ``actor2``                 ``side_b``
``latitude``       ``latitude``               ``latitude``
``longitude``      ``longitude``              ``longitude``
``geo_precision``  ``geo_precision`` (as is)  ``where_prec``: see :data:`UCDP_GEO_PRECISION`
``fatalities``     ``fatalities``             ``best`` (UCDP's best estimate of deaths)
``notes``          ``notes``                  ``source_headline``
``governorate``    point in polygon           point in polygon
``file_line``      line of the row in the file, as an editor shows it (header = 1)
=================  =========================  ==========================================

ACLED's columns already carry the project's names (the hand-coded events follow ACLED),
so for ACLED the shared columns are typed in place (``event_date`` becomes a date,
precision codes become the codebook's ``"1"``/``"2"``/``"3"`` categories). ``governorate``
is the governorate polygon (:func:`analysis.data.boundaries.governorate_at`) holding the point,
spelt as :data:`analysis.data.schema.GOVERNORATES`; a point just outside every polygon (the
Natural Earth borders are coarse) takes the governorate its export names in ``admin1`` /
``adm_1`` when that name is recognised, else stays empty.

Reading rules: the same as for the hand-coded tables. Nothing is coerced silently and no
row is lost: a missing required column, an unreadable date, a coordinate that is not a
number or lies outside Syria (with the same hint when latitude and longitude look swapped)
raise one :class:`~analysis.data.errors.DataValidationError` listing file, line, column, value
and what was expected. Rows of other countries are left out by the ``country=`` filter,
counted in ``frame.attrs["read_report"]`` and announced with a :class:`RowsLeftOutWarning`.

Reading is vectorised: pyarrow's CSV reader, repeated names (types, actors, places) read as
categoricals, dates parsed once per distinct value with the format detected for the file,
polygon tests and points made once per distinct place. The result is cached as Parquet in
:func:`default_cache_dir` (``reports/cache`` unless ``$SYRIA_ATLAS_CACHE`` names another
folder), keyed by the SHA-256 of the file's bytes, the reader version, the boundaries
and the arguments, so a second read of an unchanged export skips the parsing
(``benchmarks/bench_external.py`` measures all this on a million rows).

Two engines share the per-file work (:func:`read_export_file`): ``engine="eager"`` (the
default) reads one file into this process; ``engine="dask"`` reads a glob or a list of files,
each checked in a Dask task on the local scheduler or a cluster, as one lazy
``dask_geopandas.GeoDataFrame`` (:mod:`analysis.events.partitions`;
``benchmarks/bench_dask_readers.py`` measures it on five million rows).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import pandas as pd

if TYPE_CHECKING:
    import dask_geopandas
    from distributed import Client

from analysis.events.cache import default_cache_dir  # noqa: F401
from analysis.events.columns import (  # noqa: F401  (re-exported: the public face of event reading)
    ACLED_CATEGORY_COLUMNS,
    ACLED_COLUMNS,
    ACLED_NEWER_COLUMNS,
    ACLED_REQUIRED,
    DATASET_DTYPE,
    DATASETS,
    ENGINES,
    EVENT_COLUMNS,
    GOVERNORATE_DTYPE,
    PARTITION_ROWS,
    PRECISION_DTYPE,
    READER_VERSION,
    SAMPLE_ACLED,
    SAMPLE_UCDP_GED,
    UCDP_EVENT_TYPES,
    UCDP_GED_CATEGORY_COLUMNS,
    UCDP_GED_COLUMNS,
    UCDP_GED_REQUIRED,
    UCDP_GEO_PRECISION,
    UCDP_TIME_PRECISION,
)
from analysis.events.export_files import (  # noqa: F401  (re-exported: the public face of event reading)
    ACLED_EXPORT,
    UCDP_GED_EXPORT,
    ExportFormat,
    RowsLeftOutWarning,
    events_from_cache,
    read_export_file,
    warn_rows_left_out,
)
from analysis.events.partitions import read_exports

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_NEWER_COLUMNS",
    "ACLED_REQUIRED",
    "ACLED_CATEGORY_COLUMNS",
    "UCDP_GED_CATEGORY_COLUMNS",
    "UCDP_GED_COLUMNS",
    "UCDP_GED_REQUIRED",
    "UCDP_TIME_PRECISION",
    "UCDP_GEO_PRECISION",
    "UCDP_EVENT_TYPES",
    "DATASETS",
    "EVENT_COLUMNS",
    "PRECISION_DTYPE",
    "GOVERNORATE_DTYPE",
    "DATASET_DTYPE",
    "READER_VERSION",
    "PARTITION_ROWS",
    "ENGINES",
    "ExportFormat",
    "ACLED_EXPORT",
    "UCDP_GED_EXPORT",
    "RowsLeftOutWarning",
    "SAMPLE_ACLED",
    "SAMPLE_UCDP_GED",
    "default_cache_dir",
    "read_acled",
    "read_ucdp_ged",
    "read_export_file",
    "events_from_cache",
    "warn_rows_left_out",
    "read_summary",
]


def _read(
    path: str | Path | Sequence[str | Path],
    export: ExportFormat,
    country: str | Sequence[str] | None,
    cache: bool,
    cache_dir: str | Path | None,
    engine: str,
    scheduler: str | None,
    client: Client | None,
) -> Any:
    """Both readers: check the engine, then read one file here or many with Dask."""
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r}: expected one of {', '.join(map(repr, ENGINES))}")
    if engine == "dask":
        return read_exports(
            path,
            export,
            country=country,
            cache=cache,
            cache_dir=cache_dir,
            scheduler=scheduler,
            client=client,
        )
    if scheduler is not None or client is not None:
        raise ValueError(
            f"scheduler={scheduler!r}, client={client!r}: only engine='dask' runs on a scheduler; "
            "expected both None with engine='eager'"
        )
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"path={path!r}: engine='eager' reads one file (a str or Path); "
            "pass engine='dask' to read a list of files or a glob"
        )
    folder = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) if cache else None
    frame = read_export_file(path, export, country=country, cache_dir=folder, reuse=cache)
    warn_rows_left_out(frame.attrs["read_report"], stacklevel=4)
    return frame


def read_acled(
    path: str | Path | Sequence[str | Path],
    country: str | Sequence[str] | None = "Syria",
    *,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    engine: Literal["eager", "dask"] = "eager",
    scheduler: str | None = None,
    client: Client | None = None,
) -> gpd.GeoDataFrame | dask_geopandas.GeoDataFrame:
    """Read an ACLED export (CSV from ACLED's export tool or API) as project events.

    Parameters
    ----------
    path : str, Path, or list of them
        The CSV file, with ACLED's own column names (:data:`ACLED_COLUMNS`). Older exports
        without :data:`ACLED_NEWER_COLUMNS` are read too; dates may be ISO (``2015-09-30``)
        or ACLED's older ``30 September 2015`` / ``30-September-2015``: the format is
        detected from the first date and every date must follow it. With
        ``engine="dask"``: also a glob (``"exports/acled-*.csv"``) or a list of files.
    country : str, list of str or None
        Keep the rows of this country (ACLED's ``country`` column); None keeps every row.
        Rows left out are counted in ``attrs["read_report"]["rows_left_out"]`` and
        announced with a :class:`RowsLeftOutWarning`. For ``"Syria"`` every point must lie
        in Syria's neighbourhood (:data:`analysis.data.schema.SYRIA_BOUNDS`).
    cache : bool
        Reuse (and write) the Parquet copy of an earlier read of the same bytes. With
        ``engine="dask"`` the copies are how the workers hand over the checked rows, so
        they are always written; False only refuses an earlier copy.
    cache_dir : str or Path, optional
        Where the cache lives; default :func:`default_cache_dir`. With ``engine="dask"``
        on a cluster of several machines, a folder every worker can read and write.
    engine : {"eager", "dask"}
        ``"eager"`` (default) reads one file into this process. ``"dask"`` reads and
        checks each file in a Dask task and returns a lazy frame
        (:func:`analysis.events.partitions.read_exports`).
    scheduler : str, optional
        ``engine="dask"`` only: where the files are read: ``"threads"``, ``"processes"``,
        ``"sync"``, or a cluster's address (``"tcp://10.0.0.5:8786"``). Default: the
        active ``distributed.Client``, else ``$DASK_SCHEDULER_ADDRESS`` (Dask's
        ``scheduler-address`` setting), else Dask's default scheduler.
    client : distributed.Client, optional
        ``engine="dask"`` only: the client of the cluster to run on.

    Returns
    -------
    geopandas.GeoDataFrame or dask_geopandas.GeoDataFrame
        Every original column, plus ``event_id``, ``dataset`` (``"acled"``),
        ``governorate`` and ``file_line``, points in EPSG:4326, rows in file order. The
        shared columns are typed: ``event_date`` datetime64, precision codes categorical
        ``"1"``/``"2"``/``"3"``, ``fatalities`` Int64; names that repeat
        (:data:`ACLED_CATEGORY_COLUMNS`) are categoricals of ACLED's own values.
        ``attrs["read_report"]`` records the
        file's SHA-256, rows read, kept and left out, the date format and whether the frame
        came from the cache. ``engine="dask"``: the same columns and dtypes, one or more
        partitions per file (:data:`PARTITION_ROWS`), in the order of the files;
        :func:`read_summary` gives the report of each file.

    Raises
    ------
    DataValidationError
        Listing every missing required column (line 1), unreadable date, precision code,
        fatality count or coordinate, with file, line, column, value and what was expected.
        Line numbers count as an editor does (header = 1), line breaks inside quoted values
        included. ``engine="dask"``: the problems of every file, raised by this call.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", RowsLeftOutWarning)
    ...     acled = read_acled(SAMPLE_ACLED, cache=False)
    >>> acled["dataset"].unique().tolist(), str(acled["event_date"].dtype)
    (['acled'], 'datetime64[ns]')
    """
    return _read(path, ACLED_EXPORT, country, cache, cache_dir, engine, scheduler, client)


def read_ucdp_ged(
    path: str | Path | Sequence[str | Path],
    country: str | Sequence[str] | None = "Syria",
    *,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    engine: Literal["eager", "dask"] = "eager",
    scheduler: str | None = None,
    client: Client | None = None,
) -> gpd.GeoDataFrame | dask_geopandas.GeoDataFrame:
    """Read a UCDP Georeferenced Event Dataset (GED) CSV as project events.

    Parameters
    ----------
    path : str, Path, or list of them
        The CSV file with UCDP's column names (:data:`UCDP_GED_COLUMNS`). ``date_start``
        and ``date_end`` may be ``2015-09-30`` or ``2015-09-30 00:00:00.000``. With
        ``engine="dask"``: also a glob or a list of files.
    country : str, list of str or None
        Keep the rows of this country (UCDP's ``country`` column); None keeps every row.
        See :func:`read_acled`.
    cache : bool
        Reuse (and write) the Parquet copy of an earlier read of the same bytes.
    cache_dir : str or Path, optional
        Where the cache lives; default :func:`default_cache_dir`.
    engine, scheduler, client
        As :func:`read_acled`.

    Returns
    -------
    geopandas.GeoDataFrame or dask_geopandas.GeoDataFrame
        Every original column plus the project's event columns (:data:`EVENT_COLUMNS`)
        mapped as in the module's table: ``event_date`` from ``date_start``, precision codes
        through :data:`UCDP_TIME_PRECISION` and :data:`UCDP_GEO_PRECISION`, ``event_type``
        through :data:`UCDP_EVENT_TYPES`, ``actor1``/``actor2`` from ``side_a``/``side_b``,
        ``fatalities`` from ``best``, ``notes`` from ``source_headline``. A lazy frame
        with ``engine="dask"``, as :func:`read_acled`.

    Raises
    ------
    DataValidationError
        As :func:`read_acled`.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", RowsLeftOutWarning)
    ...     ged = read_ucdp_ged(SAMPLE_UCDP_GED, cache=False)
    >>> sorted(ged["event_type"].unique())
    ['Battles', 'Violence against civilians']
    """
    return _read(path, UCDP_GED_EXPORT, country, cache, cache_dir, engine, scheduler, client)


def read_summary(*frames: pd.DataFrame) -> pd.DataFrame:
    """One row per file read by :func:`read_acled` / :func:`read_ucdp_ged`: what was read.

    Parameters
    ----------
    *frames : GeoDataFrame or dask_geopandas.GeoDataFrame
        Frames as the readers return them; a Dask frame gives one row per file it read.

    Returns
    -------
    pandas.DataFrame
        ``file``, ``dataset``, ``rows_in_file``, ``rows_kept``, ``rows_left_out`` (total),
        ``left_out_by_country``, ``date_format``, ``from_cache`` and the first 12 hex digits
        of the file's SHA-256.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", RowsLeftOutWarning)
    ...     acled = read_acled(SAMPLE_ACLED, cache=False)
    >>> read_summary(acled)[["rows_in_file", "rows_kept", "rows_left_out"]].values.tolist()
    [[32, 28, 4]]
    """
    rows: list[dict] = []
    for i, frame in enumerate(frames):
        # A Dask frame of read_acled(engine="dask") carries one report per file in its meta.
        attrs = getattr(frame, "_meta", frame).attrs
        reports = attrs.get("read_reports") or ([attrs["read_report"]] if "read_report" in attrs else [])
        if not reports:
            raise ValueError(
                f"frames[{i}] has no read report; expected a frame returned by read_acled or read_ucdp_ged"
            )
        rows.extend(_summary_row(report) for report in reports)
    return pd.DataFrame(rows)


def _summary_row(report: dict) -> dict:
    left_out = report.get("rows_left_out") or {}
    return {
        "file": report["file"],
        "dataset": report["dataset"],
        "rows_in_file": report["rows_in_file"],
        "rows_kept": report["rows_kept"],
        "rows_left_out": sum(left_out.values()),
        "left_out_by_country": ", ".join(f"{k} {v}" for k, v in left_out.items()),
        "date_format": report["date_format"],
        "from_cache": report["from_cache"],
        "sha256": report["sha256"][:12],
    }
