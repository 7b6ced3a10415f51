"""ACLED and UCDP exports read with Dask: many files, on this machine or on a cluster.

``read_acled(paths, engine="dask")`` and ``read_ucdp_ged(paths, engine="dask")`` come here.
The work is split in two steps, so that checking keeps its promise at any scale:

1. **Checked now, one task per file.** Each file is read, checked and mapped by
   :func:`analysis.events.readers.read_export_file` (the same function the eager reader
   calls) in a Dask task, on whatever runs the tasks: Dask's local scheduler, a
   ``distributed.LocalCluster`` or a remote cluster. The task writes the checked rows as
   Parquet into the cache folder (row groups of :data:`~analysis.events.readers.PARTITION_ROWS`
   rows) and sends back only its read report, the frame's empty shape and its problems.
   A bad row in any file raises :class:`~analysis.data.errors.DataValidationError` here, with
   the problems of every file (file, line as an editor shows it, column, value, expected);
   rows of other countries are counted per file and announced with a
   :class:`~analysis.events.readers.RowsLeftOutWarning`.
2. **Read lazily, one partition per row group.** The returned
   ``dask_geopandas.GeoDataFrame`` reads those Parquet row groups when it is computed:
   the columns and dtypes of the eager reader, the governorate already assigned per
   file with the prepared polygons, rows in the order of the files, and an index that
   numbers them across files (known divisions).

The driver never holds the rows: it sends paths and receives reports. A file is checked
by one worker as a whole (its line numbers depend on every line before them), so a
worker needs the memory the eager reader needs for its largest file; split very large
exports into several files. On a cluster of several machines the files and the cache
folder must be visible to every worker at the same path.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
from pandas.api.types import union_categoricals

from analysis.data.errors import DataValidationError, Problem
from analysis.events.cache import default_cache_dir
from analysis.events.export_files import (
    ExportFormat,
    events_from_cache,
    read_export_file,
    warn_rows_left_out,
)

if TYPE_CHECKING:
    import dask_geopandas
    from distributed import Client

__all__ = ["LOCAL_SCHEDULERS", "export_paths", "read_exports", "dask_client"]

#: Dask's local schedulers, as ``scheduler=`` names them; any other value must be the
#: address of a distributed scheduler (``tcp://host:8786``).
LOCAL_SCHEDULERS = (
    "threads",
    "threading",
    "processes",
    "multiprocessing",
    "sync",
    "synchronous",
    "single-threaded",
)
_ADDRESS_SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://", "ws://", "wss://")
#: Clients this module connected by address, kept open (and default) for the session, so
#: that computing the frame later runs on the same cluster.
_CONNECTED: dict[str, Client] = {}


def export_paths(paths: str | os.PathLike | Sequence[str | os.PathLike], source: str = "CSV") -> list[Path]:
    """The files a path, a glob or a list of paths names, in order.

    Parameters
    ----------
    paths : str, Path, or list of them
        A file, a glob (``*``, ``?``, ``[...]``: its files in sorted order) or a list of
        files and globs (in the order given).
    source : str
        The export's name, for messages.

    Returns
    -------
    list of Path

    Raises
    ------
    FileNotFoundError
        If a path does not exist or a glob matches nothing.

    Examples
    --------
    >>> from analysis.events.readers import SAMPLE_ACLED
    >>> [p.name for p in export_paths(str(SAMPLE_ACLED.parent / "acled_*.csv"))]
    ['acled_sample.csv']
    """
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not items:
        raise FileNotFoundError(f"paths={paths!r}: no file given (expected {source} CSV exports)")
    files: list[Path] = []
    for item in items:
        text = os.fspath(item)
        if glob.has_magic(text):
            found = sorted(glob.glob(text))
            if not found:
                raise FileNotFoundError(
                    f"paths={text!r}: the glob matches no file (expected {source} CSV exports)"
                )
            files.extend(Path(f) for f in found)
        elif not Path(text).is_file():
            raise FileNotFoundError(f"path={text!r}: no such file (expected a {source} CSV export)")
        else:
            files.append(Path(text))
    return [f.resolve() for f in files]


def dask_client(scheduler: str | None = None, client: Client | None = None) -> Client | None:
    """The ``distributed.Client`` to run on, or None for Dask's local schedulers.

    In this order: ``client``; a cluster address given as ``scheduler``; the active client
    (``distributed.Client`` made earlier in the session); the address in Dask's
    ``scheduler-address`` setting (``$DASK_SCHEDULER_ADDRESS``). A client connected by
    address stays open and becomes the default, so that computing the frame afterwards
    runs on the same cluster.

    Parameters
    ----------
    scheduler : str, optional
        One of :data:`LOCAL_SCHEDULERS` (returns None), or a scheduler's address.
    client : distributed.Client, optional
        Returned as it is.

    Returns
    -------
    distributed.Client or None

    Raises
    ------
    ValueError
        If both are given, or ``scheduler`` is neither a local scheduler nor an address.

    Examples
    --------
    >>> dask_client("threads") is None
    True
    """
    if client is not None and scheduler is not None:
        raise ValueError(f"scheduler={scheduler!r} and client={client!r}: expected one of them, not both")
    if client is not None:
        return client
    if scheduler in LOCAL_SCHEDULERS:
        return None
    if scheduler is not None and not (isinstance(scheduler, str) and scheduler.startswith(_ADDRESS_SCHEMES)):
        raise ValueError(
            f"scheduler={scheduler!r}: expected one of {', '.join(LOCAL_SCHEDULERS)}, "
            f"or a scheduler address such as 'tcp://10.0.0.5:8786'"
        )
    import dask
    import distributed

    if scheduler is None:
        try:
            return distributed.get_client()
        except ValueError:  # no client in this session
            scheduler = dask.config.get("scheduler-address", None)
            if not scheduler:
                return None
    connected = _CONNECTED.get(scheduler)
    if connected is None or connected.status in ("closing", "closed"):
        connected = _CONNECTED[scheduler] = distributed.Client(scheduler, set_as_default=True)
    return connected


@dataclass
class _FileRead:
    """What a file's task sends back to the driver: never its rows."""

    problems: list[Problem] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    meta: pd.DataFrame | None = None
    row_groups: list[int] = field(default_factory=list)


def _read_file(
    path: Path, export: ExportFormat, country: str | Sequence[str] | None, cache_dir: Path, reuse: bool
) -> _FileRead:
    """One file's task: read and check it, leave its rows as Parquet in ``cache_dir``."""
    try:
        frame = read_export_file(path, export, country=country, cache_dir=cache_dir, reuse=reuse)
    except DataValidationError as err:
        return _FileRead(problems=err.problem_list)
    report = frame.attrs["read_report"]
    metadata = pq.ParquetFile(report["cache_file"]).metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    return _FileRead(report=report, meta=frame.iloc[:0], row_groups=sizes)


def _common_meta(metas: list[pd.DataFrame]) -> gpd.GeoDataFrame:
    """The empty frame of all files: the eager dtypes, categories of every file in order.

    The eager reader on the files joined end to end would find each file's categories in
    this order (first seen first), so the partitions share these categories.
    """
    with_cats = {c for m in metas for c in m.columns if isinstance(m[c].dtype, pd.CategoricalDtype)}
    plain = [m.drop(columns=[c for c in with_cats if c in m.columns]) for m in metas]
    meta = pd.concat(plain) if len(plain) > 1 else plain[0]
    for name in with_cats:
        parts = [m[name] for m in metas if name in m.columns]
        categories = union_categoricals(parts, ignore_order=True).categories if len(parts) > 1 else None
        meta[name] = parts[0].astype(pd.CategoricalDtype(categories)) if categories is not None else parts[0]
    meta = meta[list(metas[0].columns) + [c for c in meta.columns if c not in metas[0].columns]]
    return gpd.GeoDataFrame(meta, geometry=metas[0].geometry.name, crs="EPSG:4326")


def _read_partition(
    part: tuple[str, int, int], export: ExportFormat, dtypes: dict[str, Any], columns: list[str]
) -> gpd.GeoDataFrame:
    """One partition: a row group of a file's checked copy, typed like the meta."""
    path, row_group, start = part
    plain = pq.ParquetFile(path).read_row_group(row_group).to_pandas()
    frame = events_from_cache(plain, export)
    frame.index = pd.RangeIndex(start, start + len(frame))
    for name, dtype in dtypes.items():
        if name in frame.columns and frame[name].dtype != dtype:
            frame[name] = frame[name].astype(dtype)
    return frame[columns]


def read_exports(
    paths: str | os.PathLike | Sequence[str | os.PathLike],
    export: ExportFormat,
    *,
    country: str | Sequence[str] | None = "Syria",
    cache: bool = True,
    cache_dir: str | Path | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
) -> dask_geopandas.GeoDataFrame:
    """Read export files as one lazy frame: checked now, file by file in Dask tasks.

    The engine behind ``read_acled(..., engine="dask")`` and ``read_ucdp_ged(...,
    engine="dask")``; see the module's description.

    Parameters
    ----------
    paths : str, Path, or list of them
        Files, globs or a list of both (:func:`export_paths`).
    export : ExportFormat
        :data:`~analysis.events.readers.ACLED_EXPORT` or
        :data:`~analysis.events.readers.UCDP_GED_EXPORT`.
    country : str, list of str or None
        As :func:`~analysis.events.readers.read_acled`.
    cache : bool
        Reuse the checked copy of an earlier read of the same bytes; copies are always
        written (the workers hand the rows over through them).
    cache_dir : str or Path, optional
        Where the copies live; default :func:`~analysis.events.readers.default_cache_dir`.
    scheduler, client
        Where the tasks run (:func:`dask_client`).

    Returns
    -------
    dask_geopandas.GeoDataFrame
        The eager reader's columns and dtypes, one partition per row group of each file,
        the files in order, index 0..n-1 across the files (known divisions). Its
        meta's ``attrs["read_reports"]`` holds each file's read report
        (:func:`~analysis.events.readers.read_summary`).

    Raises
    ------
    DataValidationError
        The problems of every file, each with its file and line.

    Examples
    --------
    >>> import warnings
    >>> from analysis.events.readers import ACLED_EXPORT, SAMPLE_ACLED, RowsLeftOutWarning
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", RowsLeftOutWarning)
    ...     lazy = read_exports([SAMPLE_ACLED], ACLED_EXPORT, scheduler="sync")
    >>> lazy.npartitions, len(lazy.compute())
    (1, 28)
    """
    import dask
    import dask.dataframe as dd
    import dask_geopandas  # noqa: F401  (registers GeoDataFrame partitions with Dask)

    files = export_paths(paths, export.source)
    folder = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).resolve()
    run_on = dask_client(scheduler, client)
    tasks = [dask.delayed(_read_file, pure=False)(path, export, country, folder, cache) for path in files]
    if run_on is not None:
        reads = run_on.gather(run_on.compute(tasks))
    else:
        reads = list(dask.compute(*tasks, scheduler=scheduler))
    problems = [p for r in reads for p in r.problems]
    if problems:
        raise DataValidationError(problems)
    for r in reads:
        warn_rows_left_out(r.report, stacklevel=5)

    meta = _common_meta([r.meta for r in reads if r.meta is not None])
    meta.attrs["read_reports"] = [r.report for r in reads]
    parts, starts, start = [], [], 0
    for r in reads:
        for group, rows in enumerate(r.row_groups):
            if rows:  # a file with no rows kept adds no partition
                parts.append((r.report["cache_file"], group, start))
                starts.append(start)
                start += rows
    # Text stays pandas' own "str" dtype, as the eager reader gives it; Dask would turn
    # it into "string[pyarrow]" (another NA value) unless told not to.
    with dask.config.set({"dataframe.convert-string": False}):
        if not parts:
            return dd.from_pandas(meta, npartitions=1)
        return dd.from_map(
            _read_partition,
            parts,
            meta=meta,
            divisions=(*starts, start - 1),
            label=f"read-{export.dataset}",
            export=export,
            dtypes=meta.dtypes.to_dict(),
            columns=list(meta.columns),
        )
