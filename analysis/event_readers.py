"""Reading ACLED and UCDP GED exports with the same strictness as the hand-coded tables.

:func:`read_acled` and :func:`read_ucdp_ged` read the CSV files the two projects publish,
keep every original column and add the project's event columns, so that
:mod:`analysis.event_comparison` can stack the three datasets, count them month by month
and search for events that two datasets both recorded. The checks a CSV file gets (UTF-8,
ragged rows, header, swapped coordinates) are worded once, in :mod:`analysis.csv_checks`.

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
is the governorate polygon (:func:`analysis.boundaries.governorate_at`) holding the point,
spelt as :data:`analysis.schema.GOVERNORATES`; a point just outside every polygon (the
Natural Earth borders are coarse) takes the governorate its export names in ``admin1`` /
``adm_1`` when that name is recognised, else stays empty.

Reading rules: the same as for the hand-coded tables. Nothing is coerced silently and no
row is lost: a missing required column, an unreadable date, a coordinate that is not a
number or lies outside Syria (with the same hint when latitude and longitude look swapped)
raise one :class:`~analysis.errors.DataValidationError` listing file, line, column, value
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
``dask_geopandas.GeoDataFrame`` (:mod:`analysis.event_partitions`;
``benchmarks/bench_dask_readers.py`` measures it on five million rows).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import shapely

from .boundaries import governorate_at, load_boundaries
from .config import BOUNDARIES_DIR, PROJECT_ROOT
from .csv_checks import (
    header_problems,
    malformed_csv_problem,
    ragged_row_problem,
    swapped_coordinates_expected,
    utf8_problem,
)
from .errors import DataValidationError, Problem
from .io import atomic_write_bytes, atomic_write_with
from .schema import GOVERNORATES, SYRIA_BOUNDS

if TYPE_CHECKING:
    import dask_geopandas
    from distributed import Client

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

#: Bump when the mapping, the checks or the cached frame's layout change: cached reads made
#: by an older reader are then ignored, never reused.
READER_VERSION = "1"
#: Rows per Parquet row group of a cached read; ``engine="dask"`` makes one partition of
#: each row group, so a file becomes one or more partitions of at most this many rows.
PARTITION_ROWS = 131_072
#: The readers' engines: ``"eager"`` reads one file into memory (the default); ``"dask"``
#: reads a path, glob or list of files as a lazy ``dask_geopandas.GeoDataFrame``
#: (:mod:`analysis.event_partitions`).
ENGINES = ("eager", "dask")

#: The columns of an ACLED export, in the order ACLED's export tool writes them (2024).
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: Columns ACLED added in 2022-2023 (``disorder_type``, ``civilian_targeting``, ``tags``).
#: Older exports lack them; the reader adds them, empty, so that exports of every vintage
#: stack into the same columns.
ACLED_NEWER_COLUMNS = ("disorder_type", "civilian_targeting", "tags")
#: Columns the reader needs; every ACLED export since the 2019 codebook has them. Other
#: columns (including those of older exports, such as ``data_id`` or ``iso3``) are kept
#: as they are.
ACLED_REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
    "fatalities",
)

#: Text columns whose values repeat (types, actors, places, sources): read as pandas
#: categoricals. The values are ACLED's own; only the dtype differs from plain text.
ACLED_CATEGORY_COLUMNS = (
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "source",
    "source_scale",
    "tags",
)

#: The columns of a UCDP GED CSV (version 23.1 onwards), in file order.
UCDP_GED_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)
#: UCDP text columns read as categoricals (see :data:`ACLED_CATEGORY_COLUMNS`).
UCDP_GED_CATEGORY_COLUMNS = (
    "code_status",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_office",
    "source_original",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "country",
    "region",
)
UCDP_GED_REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_headline",
    "where_prec",
    "adm_1",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
)

#: UCDP ``date_prec`` → the codebook's time precision (1 day, 2 week, 3 month).
#: UCDP: 1 the exact day; 2 a range of 2-6 days; 3 the week; 4 a range of 8-30 days or the
#: month; 5 more than a month, up to the year. Code 5 is coarser than a month: such rows
#: are month-precision at best and should be read with care.
UCDP_TIME_PRECISION = {1: "1", 2: "2", 3: "2", 4: "3", 5: "3"}
#: UCDP ``where_prec`` → ACLED-style geo precision (1 the place, 2 near it or part of a
#: region, 3 only the governorate or coarser). UCDP: 1 the exact place; 2 within 25 km of a
#: known point; 3 the district (adm_2); 4 the governorate (adm_1); 5 a linear feature or an
#: area larger than a governorate; 6 only the country; 7 international waters or airspace.
UCDP_GEO_PRECISION = {1: "1", 2: "2", 3: "2", 4: "3", 5: "3", 6: "3", 7: "3"}
#: UCDP ``type_of_violence`` → ACLED event type. State-based (1) and non-state (2) conflict
#: are both fighting between organised armed groups, ACLED's Battles; one-sided violence (3)
#: is ACLED's Violence against civilians. UCDP counts air strikes and shelling as state-based
#: violence where ACLED codes Explosions/Remote violence, so the two never share a type for
#: a strike (see :func:`event_pairs`, ``same_type``).
UCDP_EVENT_TYPES = {1: "Battles", 2: "Battles", 3: "Violence against civilians"}

DATASETS = ("hand_coded", "acled", "ucdp_ged")
#: The columns every dataset shares after reading, in the order :func:`combine_events` uses.
EVENT_COLUMNS = (
    "dataset",
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "governorate",
    "file_line",
)
#: Small hand-written files in ACLED's and UCDP's exact export formats, used by the tests
#: and as notebook 04's defaults. They imitate real reporting of 2015 but are NOT ACLED or
#: UCDP data (see ``tests/fixtures/README.md``).
SAMPLE_ACLED = PROJECT_ROOT / "tests" / "fixtures" / "acled_sample.csv"
SAMPLE_UCDP_GED = PROJECT_ROOT / "tests" / "fixtures" / "ucdp_ged_sample.csv"

#: dtypes of the project's event columns, shared by the readers and the comparison.
PRECISION_DTYPE = pd.CategoricalDtype(["1", "2", "3"])
GOVERNORATE_DTYPE = pd.CategoricalDtype(list(GOVERNORATES))
DATASET_DTYPE = pd.CategoricalDtype(list(DATASETS))

#: Bounding boxes used to check coordinates for a country filter (lon_min, lat_min,
#: lon_max, lat_max); other countries are only checked against the world's ranges.
_COUNTRY_BOUNDS = {"Syria": SYRIA_BOUNDS}
#: At most this many problems are listed per column and kind; the rest are counted, so a
#: file with a systematic error gives a readable table instead of a million lines.
_MAX_LISTED = 50

# Date formats the exports have used: (example shown in errors, whole-cell pattern,
# strptime format, characters kept). ACLED wrote "30 September 2015" and
# "30-September-2015" before switching to ISO dates; UCDP writes "2015-09-30 00:00:00.000".
_ACLED_DATE_FORMATS = (
    ("2015-09-30", r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", None),
    ("30 September 2015", r"^\d{1,2} [A-Za-z]+ \d{4}$", "%d %B %Y", None),
    ("30-September-2015", r"^\d{1,2}-[A-Za-z]+-\d{4}$", "%d-%B-%Y", None),
)
_UCDP_DATE_FORMATS = (
    ("2015-09-30 00:00:00.000", r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$", "%Y-%m-%d", 10),
    ("2015-09-30", r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", None),
)


class RowsLeftOutWarning(UserWarning):
    """Rows of an export were left out by the ``country=`` filter (counts in the message)."""


# --------------------------------------------------------------------------- cache


def default_cache_dir() -> Path:
    """Folder of the Parquet cache: ``$SYRIA_ATLAS_CACHE``, else ``reports/cache``.

    The cache lives under the project's git-ignored ``reports/`` folder (or a folder the
    user names): never in the home folder unasked, and never inside ``data/``, whose
    files are the versioned raw data. ``cache_dir=`` on the readers overrides both.

    Examples
    --------
    >>> import os
    >>> from analysis.config import CACHE_DIR
    >>> named = os.environ.get("SYRIA_ATLAS_CACHE")
    >>> default_cache_dir() == (Path(named) if named else CACHE_DIR)
    True
    """
    from .config import CACHE_DIR

    named = os.environ.get("SYRIA_ATLAS_CACHE")
    return Path(named) if named else CACHE_DIR


def _scan(path: Path) -> tuple[str, int]:
    """SHA-256 of the file's bytes and its number of physical lines, in one pass."""
    digest = hashlib.sha256()
    newlines, last = 0, b""
    with open(path, "rb") as fh:
        while chunk := fh.read(16 << 20):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    return digest.hexdigest(), newlines + (1 if last not in (b"", b"\n") else 0)


def _digest(path: Path, cache_dir: Path | None) -> tuple[str, int]:
    """:func:`_scan`, remembered in the cache folder while the file's stat is unchanged.

    Hashing half a gigabyte takes longer than reading its cached Parquet copy, so the hash
    is kept next to the cache, keyed by path, size, modification time (ns) and inode, as
    ``make`` and the dataset loader decide that a file is unchanged.
    """
    if cache_dir is None:
        return _scan(path)
    index_path = cache_dir / "file_hashes.json"
    st = path.stat()
    stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    entry = index.get(str(path))
    if isinstance(entry, dict) and entry.get("stat") == stamp:
        return entry["sha256"], entry["lines"]
    digest, lines = _scan(path)
    index[str(path)] = {"stat": stamp, "sha256": digest, "lines": lines}
    index = dict(list(index.items())[-256:])  # a bounded memo, not an archive
    atomic_write_bytes(index_path, json.dumps(index, indent=0).encode("utf-8"))
    return digest, lines


@lru_cache(maxsize=1)
def _boundaries_digest() -> str:
    # New boundaries change the governorate column: part of the cache key.
    return hashlib.sha256((BOUNDARIES_DIR / "governorates.geojson").read_bytes()).hexdigest()


def _cache_path(cache_dir: Path, dataset: str, file_digest: str, options: dict) -> Path:
    key = json.dumps(
        {
            "file": file_digest,
            "reader": READER_VERSION,
            "dataset": dataset,
            "boundaries": _boundaries_digest(),
            **options,
        },
        sort_keys=True,
    )
    return cache_dir / f"{dataset}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.parquet"


def _write_cache(frame: gpd.GeoDataFrame, path: Path) -> None:
    # The points are not stored: decoding a million of them costs more than reading
    # everything else, and they are rebuilt from longitude and latitude one per place.
    plain = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    plain.attrs = dict(frame.attrs)  # the read report travels in the Parquet metadata
    # Atomic: a reader running at the same time sees the old file or the whole new one.
    atomic_write_with(
        path,
        lambda tmp: plain.to_parquet(tmp, compression="lz4", index=False, row_group_size=PARTITION_ROWS),
    )


# --------------------------------------------------------------------------- reading


def _ragged_rows(path: Path, width: int) -> tuple[np.ndarray, list[Problem]]:
    """Exact start line of every data row, and rows with the wrong number of fields.

    A slow pass with Python's csv module, used only when a file's rows do not sit one per
    line (a quoted value holding a line break, a blank line) or pyarrow cannot parse it.
    """
    import csv

    lines, problems, last = [], [], 1
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
        reader = csv.reader(fh)
        try:
            next(reader)
            last = reader.line_num
            for record in reader:
                start, last = last + 1, reader.line_num
                if not record:
                    continue  # a blank line: pyarrow skips it too
                lines.append(start)
                if len(record) != width:
                    problems.append(ragged_row_problem(path.name, start, len(record), width))
        except csv.Error as exc:
            problems.append(malformed_csv_problem(path.name, reader.line_num, exc))
    return np.asarray(lines, dtype=np.int64), problems


def _read_csv(
    path: Path, physical_lines: int, text_columns: Iterable[str], category_columns: Iterable[str] = ()
) -> tuple[pa.Table, np.ndarray]:
    """Read the CSV with pyarrow; return the table and each row's line in the file."""
    fname = path.name
    try:
        with open(path, "rb") as fh:
            header_line = fh.readline().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataValidationError([utf8_problem(path.read_bytes()[:65536], fname, err)]) from None
    import csv

    header = next(csv.reader([header_line]), [])
    if not any(h.strip() for h in header):
        raise DataValidationError([Problem(fname, 1, "", "", "a header row naming the columns")])
    convert = pacsv.ConvertOptions(
        # Only an empty cell is missing: "NA" or "null" may be a real name in a text column.
        null_values=[""],
        strings_can_be_null=True,
        # Identifiers, names and dates are read as text, whatever they look like; dates are
        # parsed below with one explicit format per file.
        column_types={
            **{name: pa.string() for name in text_columns if name in header},
            # Names that repeat (types, actors, places, sources) are dictionary
            # encoded while parsing: pandas categoricals, a fraction of the memory,
            # and a Parquet cache that reads back without rebuilding the strings.
            **{name: pa.dictionary(pa.int32(), pa.string()) for name in category_columns if name in header},
        },
    )

    def read(newlines_in_values: bool) -> pa.Table:
        return pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=newlines_in_values),
            convert_options=convert,
        )

    try:
        table = read(newlines_in_values=False)
        if table.num_rows + 1 == physical_lines:
            # One row per line, no blank line: data row i sits on line i + 2.
            return table, np.arange(2, table.num_rows + 2, dtype=np.int64)
        # A line break inside a quoted value (or a blank line) shifts the lines; read again
        # allowing line breaks in values, which pyarrow cannot split across threads.
        table = read(newlines_in_values=True)
    except pa.ArrowInvalid as exc:
        lines, problems = _ragged_rows(path, len(header))
        if not problems:
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as err:
                problems = [utf8_problem(data, fname, err)]
            else:
                problems = [Problem(fname, None, "", str(exc).splitlines()[0], "a CSV file pyarrow can read")]
        raise DataValidationError(problems) from None
    lines, problems = _ragged_rows(path, len(header))
    if problems:
        raise DataValidationError(problems)
    return table, lines


def _check_header(table: pa.Table, fname: str, required: Sequence[str], source: str) -> None:
    problems = header_problems(
        table.column_names, fname, required, missing_note=f"; every {source} export has it"
    )
    if problems:
        raise DataValidationError(problems)


def _country_filter(
    table: pa.Table, country: str | Sequence[str] | None
) -> tuple[pa.Table, np.ndarray | None, dict]:
    """Keep the rows of the chosen countries; count the others by country."""
    if country is None:
        return table, None, {}
    wanted = [country] if isinstance(country, str) else list(country)
    column = table.column("country")
    if pa.types.is_dictionary(column.type):
        column = column.cast(pa.string())
    keep = pc.fill_null(pc.is_in(column, value_set=pa.array(wanted, pa.string())), False)
    if pc.all(keep).as_py():
        return table, None, {}
    left_out = pc.value_counts(pc.fill_null(pc.filter(column, pc.invert(keep)), "(empty)"))
    counts = {str(v["values"]): int(v["counts"]) for v in left_out.to_pylist()}
    positions = np.flatnonzero(keep.to_numpy(zero_copy_only=False))
    return table.filter(keep), positions, dict(sorted(counts.items(), key=lambda kv: -kv[1]))


class _Problems:
    """Problems of one file, listed up to :data:`_MAX_LISTED` per column and kind."""

    def __init__(self, fname: str):
        self.fname = fname
        self.items: list[Problem] = []

    def add(self, mask, lines: np.ndarray, column: str, values, expected: str) -> None:
        """Add a problem for each row where ``mask`` is true.

        ``values`` may be a callable returning the cells, so that costly text is only
        built when something is wrong.
        """
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(idx):
            return
        shown = idx[:_MAX_LISTED]
        raw = np.asarray(values() if callable(values) else values, dtype=object)
        for i in shown:
            value = raw[i] if not isinstance(raw[i], float) or not np.isnan(raw[i]) else ""
            self.items.append(Problem(self.fname, int(lines[i]), column, str(value), expected))
        if len(idx) > len(shown):
            self.items.append(
                Problem(
                    self.fname,
                    None,
                    column,
                    f"{len(idx) - len(shown)} more rows",
                    expected + f" (only the first {_MAX_LISTED} rows are listed)",
                )
            )

    def raise_if_any(self) -> None:
        if self.items:
            self.items.sort(key=lambda p: (p.line is None, p.line or 0))
            raise DataValidationError(self.items)


def _dates(
    frame: pd.DataFrame, columns: Sequence[str], formats, lines: np.ndarray, problems: _Problems
) -> str | None:
    """Parse date columns in place with the one format the file uses; return its example."""
    first = None
    for name in columns:
        s = frame[name]
        if first is None:
            sample = s.dropna()
            sample = sample.iloc[0] if len(sample) else ""
            first = next((f for f in formats if re.match(f[1], sample)), formats[0])
        example, pattern, fmt, keep = first
        # Thousands of rows share a date: parse each distinct text once.
        codes, uniques = pd.factorize(s)
        text = pd.Series(uniques, dtype="str")
        ok_shape = text.str.match(pattern).to_numpy(dtype=bool, na_value=False)
        parsed = pd.to_datetime(
            text.str.slice(0, keep) if keep else text, format=fmt, errors="coerce"
        ).astype("datetime64[ns]")
        parsed[~ok_shape] = pd.NaT
        values = np.append(parsed.to_numpy(), np.datetime64("NaT", "ns"))[codes]  # -1 → NaT
        frame[name] = values
        expected = (
            f"a date written like {example}, the format of this file's first date (a real calendar day)"
        )
        problems.add(np.isnat(values) & s.notna().to_numpy(), lines, name, s, expected)
        problems.add(s.isna(), lines, name, s, "a value (required): " + expected)
    return first[0] if first else None


def _numbers(
    frame: pd.DataFrame,
    name: str,
    lines: np.ndarray,
    problems: _Problems,
    expected: str,
    required: bool = True,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> pd.Series:
    """The column as numbers; report text that is not a number and values out of range."""
    s = frame[name]
    values = s if pd.api.types.is_numeric_dtype(s) else pd.to_numeric(s, errors="coerce")
    values = values.astype("float64")
    missing = s.isna().to_numpy()
    bad = np.isnan(values.to_numpy()) & ~missing
    if integer:
        bad |= ~np.isnan(values.to_numpy()) & (values.to_numpy() % 1 != 0)
    if minimum is not None:
        bad |= values.to_numpy() < minimum
    if maximum is not None:
        bad |= values.to_numpy() > maximum
    problems.add(bad, lines, name, s, expected)
    if required:
        problems.add(missing, lines, name, s, "a value (required): " + expected)
    return values.where(~bad)


def _codes(
    frame: pd.DataFrame, name: str, mapping: dict[int, str], lines: np.ndarray, problems: _Problems
) -> pd.Series:
    """Translate a numeric code column with ``mapping``; report unknown codes."""
    expected = "one of: " + ", ".join(str(k) for k in mapping)
    values = _numbers(frame, name, lines, problems, expected)
    known = values.isin(list(mapping))
    problems.add(~known.to_numpy() & values.notna().to_numpy(), lines, name, frame[name], expected)
    return values.where(known).map({float(k): v for k, v in mapping.items()}).astype(PRECISION_DTYPE)


def _distinct_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (lon, lat) pairs and each row's position among them.

    Exports geocode events to named places, so a million events share some ten thousand
    points: polygon tests and point objects are made once per place, not once per row.
    """
    codes, uniques = pd.factorize(np.asarray(lon, dtype=float) + 1j * np.asarray(lat, dtype=float))
    return uniques.real.copy(), uniques.imag.copy(), codes


def _point_array(lon: np.ndarray, lat: np.ndarray):
    """Points in EPSG:4326, one shapely object per distinct place (shared by its rows)."""
    ux, uy, codes = _distinct_points(lon, lat)
    return gpd.array.from_shapely(shapely.points(ux, uy)[codes], crs="EPSG:4326")


#: Swapping latitude and longitude moves a point less than this (degrees) when the two
#: are this close: such a point cannot be told from a correct one near a border.
_SWAP_MIN_DEGREES = 0.2


def _coordinates(
    frame: pd.DataFrame, lines: np.ndarray, problems: _Problems, country: str | Sequence[str] | None
) -> np.ndarray:
    """Check the coordinates; return the governorate polygon holding each point (or None)."""
    lat = _numbers(
        frame, "latitude", lines, problems, "a latitude in decimal degrees north", minimum=-90, maximum=90
    )
    lon = _numbers(
        frame, "longitude", lines, problems, "a longitude in decimal degrees east", minimum=-180, maximum=180
    )
    frame["latitude"], frame["longitude"] = lat, lon
    x, y = lon.to_numpy(), lat.to_numpy()
    ux, uy, codes = _distinct_points(x, y)
    found = np.append(governorate_at(ux, uy), np.array([None], dtype=object))[codes]  # code -1 → None
    bounds = _COUNTRY_BOUNDS.get(country) if isinstance(country, str) else None
    if bounds is None:
        return found
    lon_min, lat_min, lon_max, lat_max = bounds
    with np.errstate(invalid="ignore"):
        outside = ~((y >= lat_min) & (y <= lat_max) & (x >= lon_min) & (x <= lon_max))
        outside &= ~np.isnan(x) & ~np.isnan(y)
        swapped = outside & (x >= lat_min) & (x <= lat_max) & (y >= lon_min) & (y <= lon_max)
        # Syria's neighbourhood box holds some swapped points of western Syria (Idlib
        # 35.93 N 36.63 E swapped lies in Turkey, inside the box): a point outside every
        # governorate whose swapped twin lies inside one is named as swapped too.
        maybe = ~outside & pd.isna(found) & (np.abs(x - y) > _SWAP_MIN_DEGREES)
    if maybe.any():
        idx = np.flatnonzero(maybe)
        swapped[idx[pd.notna(governorate_at(y[idx], x[idx]))]] = True

    def shown():
        return (frame["latitude"].astype("str") + ", " + frame["longitude"].astype("str")).to_numpy()

    problems.add(
        swapped,
        lines,
        "latitude/longitude",
        shown,
        swapped_coordinates_expected(
            f"outside {country}",
            f"inside it (latitudes here lie between {lat_min:g} and {lat_max:g} N, "
            f"longitudes between {lon_min:g} and {lon_max:g} E)",
        ),
    )
    problems.add(
        outside & ~swapped,
        lines,
        "latitude/longitude",
        shown,
        f"a point in {country}: latitude {lat_min:g}..{lat_max:g}, longitude {lon_min:g}..{lon_max:g}",
    )
    return found


def _name_key(name: str) -> str:
    name = re.sub(r"\b(governorate|province|muhafazah)\b", "", str(name).lower())
    return re.sub(r"[^a-z]", "", name)


@lru_cache(maxsize=1)
def _governorate_names() -> dict[str, str]:
    """Every spelling of a governorate the boundaries and the exports use → ours."""
    govs = load_boundaries()
    names: dict[str, str] = {}
    for row in govs.itertuples():
        for variant in [row.name, row.name_ne, *str(row.name_alt or "").split("|")]:
            if variant:
                names[_name_key(variant)] = row.name
    # ACLED's and UCDP's spellings that the Natural Earth variants lack.
    names.update(
        {
            _name_key(k): v
            for k, v in {
                "Rural Damascus": "Rif Dimashq",
                "Damascus Countryside": "Rif Dimashq",
                "Dimashq": "Damascus",
                "Halab": "Aleppo",
                "Ar-Raqqa": "Raqqa",
                "Al Hasakeh": "Hasakah",
                "Al-Hasakah": "Hasakah",
                "As-Sweida": "As-Suwayda",
                "As Suwayda": "As-Suwayda",
                "Dar'a": "Daraa",
                "Deir-ez-Zor": "Deir ez-Zor",
                "Dayr az Zawr": "Deir ez-Zor",
                "Idleb": "Idlib",
                "Lattakia": "Latakia",
                "Tartous": "Tartus",
                "Hamah": "Hama",
                "Hims": "Homs",
                "Al Qunaytirah": "Quneitra",
            }.items()
        }
    )
    return names


def _governorates(found: np.ndarray, admin1: pd.Series | None) -> pd.Categorical:
    """Polygon governorates, completed from the export's own admin1 names."""
    found = found.copy()
    if admin1 is not None:
        # A point just outside every polygon (coarse borders, a coastal town): take the
        # governorate the export itself names, when we know that spelling.
        missing = np.flatnonzero(pd.isna(found))
        if len(missing):
            # Each distinct name is looked up once; rows take theirs by position.
            names = _governorate_names()
            codes, spellings = pd.factorize(admin1.to_numpy()[missing])
            ours = np.array([names.get(_name_key(a)) for a in spellings] + [None], dtype=object)
            found[missing] = ours[codes]
    return pd.Categorical(found, dtype=GOVERNORATE_DTYPE)


@dataclass(frozen=True)
class ExportFormat:
    """What the readers need to know about one export format (ACLED, UCDP GED).

    Attributes
    ----------
    dataset : str
        The ``dataset`` value of its rows (one of :data:`DATASETS`).
    source : str
        Its name in messages (``"ACLED"``).
    required : tuple of str
        Columns every export has; a file without one is rejected (line 1).
    text_columns : tuple of str
        Columns read as text whatever they look like (identifiers, dates, notes).
    category_columns : tuple of str
        Columns whose values repeat, read as categoricals.
    admin_column : str
        The export's governorate name, used when a point lies just outside every polygon.
    mapper : callable
        ``mapper(frame, lines, problems)`` types and maps the shared columns in place and
        returns the example of the date format found.
    """

    dataset: str
    source: str
    required: tuple[str, ...]
    text_columns: tuple[str, ...]
    category_columns: tuple[str, ...]
    admin_column: str
    mapper: Callable[[pd.DataFrame, np.ndarray, _Problems], str | None]


def _check_country(country: object) -> None:
    if country is not None and not isinstance(country, str):
        if not isinstance(country, Iterable) or not all(isinstance(c, str) for c in country):
            raise TypeError(f"country={country!r}: expected a country name, a list of names, or None")


def events_from_cache(frame: pd.DataFrame, export: ExportFormat) -> gpd.GeoDataFrame:
    """Events read back from their Parquet copy: categories tidied, points rebuilt.

    The cache stores no points (see :func:`read_export_file`); they are made again from
    ``longitude`` and ``latitude``, one per distinct place.

    Parameters
    ----------
    frame : pandas.DataFrame
        A cached read, or some of its row groups.
    export : ExportFormat
        The format the frame was read from.

    Returns
    -------
    geopandas.GeoDataFrame
        The frame with its points, in EPSG:4326.

    Examples
    --------
    >>> cached = pd.DataFrame({"longitude": [36.6339], "latitude": [35.9306], "tags": [None]})
    >>> events_from_cache(cached, ACLED_EXPORT).geometry.iloc[0].wkt
    'POINT (36.6339 35.9306)'
    """
    _tidy_categories(frame, export.category_columns)
    return gpd.GeoDataFrame(
        frame, geometry=_point_array(frame["longitude"], frame["latitude"]), crs="EPSG:4326"
    )


def read_export_file(
    path: str | Path,
    export: ExportFormat,
    *,
    country: str | Sequence[str] | None = "Syria",
    cache_dir: Path | None = None,
    reuse: bool = True,
) -> gpd.GeoDataFrame:
    """Read, check and map one export file: the work both engines do for each file.

    :func:`read_acled` and :func:`read_ucdp_ged` call it for their one file (``engine=
    "eager"``); :func:`analysis.event_partitions.read_exports` calls it for each file in
    a Dask task. It never warns: the caller announces the rows left out
    (:func:`warn_rows_left_out`) where the user sees it.

    Parameters
    ----------
    path : str or Path
        The CSV export.
    export : ExportFormat
        :data:`ACLED_EXPORT` or :data:`UCDP_GED_EXPORT`.
    country : str, list of str or None
        See :func:`read_acled`.
    cache_dir : Path, optional
        Where the Parquet copy is written (and looked for); None writes no copy.
    reuse : bool
        Return an earlier copy of the same bytes read with the same arguments, if any.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`read_acled`, with ``attrs["read_report"]``.

    Raises
    ------
    DataValidationError
        As :func:`read_acled`.

    Examples
    --------
    >>> ged = read_export_file(SAMPLE_UCDP_GED, UCDP_GED_EXPORT)
    >>> ged.attrs["read_report"]["rows_in_file"], len(ged)
    (26, 22)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path={str(path)!r}: no such file (expected a {export.source} CSV export)")
    _check_country(country)
    path = path.resolve()
    digest, physical_lines = _digest(path, cache_dir)
    options = {"country": country if country is None or isinstance(country, str) else sorted(country)}
    target = _cache_path(cache_dir, export.dataset, digest, options) if cache_dir is not None else None
    if reuse and target is not None and target.exists():
        frame = events_from_cache(pd.read_parquet(target), export)
        frame.attrs["read_report"] = dict(
            frame.attrs.get("read_report", {}), from_cache=True, cache_file=str(target), file=path.name
        )
        return frame

    table, lines = _read_csv(path, physical_lines, export.text_columns, export.category_columns)
    _check_header(table, path.name, export.required, export.source)
    rows_in_file = table.num_rows
    table, positions, left_out = _country_filter(table, country)
    if positions is not None:
        lines = lines[positions]
    # Free each Arrow column as it is converted: the table and the frame never both hold
    # all the text, which keeps a million-row export well under 2 GB.
    frame = table.to_pandas(self_destruct=True, split_blocks=True)
    del table
    problems = _Problems(path.name)
    date_format = export.mapper(frame, lines, problems)
    _tidy_categories(frame, export.category_columns)
    in_polygon = _coordinates(frame, lines, problems, country)
    problems.raise_if_any()
    frame["dataset"] = pd.Categorical([export.dataset] * len(frame), dtype=DATASET_DTYPE)
    frame["file_line"] = lines
    frame["governorate"] = _governorates(in_polygon, frame.get(export.admin_column))
    out = gpd.GeoDataFrame(
        frame, geometry=_point_array(frame["longitude"], frame["latitude"]), crs="EPSG:4326"
    )
    out.attrs["read_report"] = {
        "file": path.name,
        "dataset": export.dataset,
        "sha256": digest,
        "reader_version": READER_VERSION,
        "rows_in_file": rows_in_file,
        "rows_kept": len(out),
        "country": options["country"],
        "rows_left_out": left_out,
        "date_format": date_format,
        "from_cache": False,
        "cache_file": str(target) if target is not None else None,
    }
    if target is not None:
        _write_cache(out, target)
    return out


def _tidy_categories(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    """Give empty category columns text categories, as a Parquet round trip would not."""
    for name in columns:
        if name not in frame.columns:
            continue
        s = frame[name]
        if (
            isinstance(s.dtype, pd.CategoricalDtype)
            and len(s.cat.categories) == 0
            or (s.dtype == object and s.isna().all())
        ):
            frame[name] = pd.Categorical([None] * len(s), categories=pd.Index([], dtype="str"))


def warn_rows_left_out(report: dict, stacklevel: int = 4) -> None:
    """Announce the rows a read left out, if any, with a :class:`RowsLeftOutWarning`.

    Parameters
    ----------
    report : dict
        A ``read_report`` (see :func:`read_acled`).
    stacklevel : int
        As :func:`warnings.warn`; the default points at the caller of the public reader.

    Examples
    --------
    >>> warn_rows_left_out({"file": "a.csv", "rows_in_file": 3, "rows_left_out": {}})
    """
    left_out = report.get("rows_left_out") or {}
    if left_out:
        n = sum(left_out.values())
        by = ", ".join(f"{k} {v}" for k, v in list(left_out.items())[:8])
        more = ", …" if len(left_out) > 8 else ""
        warnings.warn(
            f"{report['file']}: {n} of {report['rows_in_file']} rows lie outside "
            f"country={report['country']!r} and were left out ({by}{more}); "
            f"counts in frame.attrs['read_report']['rows_left_out']",
            RowsLeftOutWarning,
            stacklevel=stacklevel,
        )


def _map_acled(frame: pd.DataFrame, lines: np.ndarray, problems: _Problems) -> str | None:
    for name in ACLED_NEWER_COLUMNS:
        if name not in frame.columns:
            frame[name] = pd.Categorical([None] * len(frame), categories=pd.Index([], dtype="str"))
    date_format = _dates(frame, ["event_date"], _ACLED_DATE_FORMATS, lines, problems)
    for name in ("event_id_cnty", "event_type", "sub_event_type", "actor1"):
        problems.add(frame[name].isna(), lines, name, frame[name], "a value (required): text")
    for name in ("time_precision", "geo_precision"):
        frame[name] = _codes(frame, name, {1: "1", 2: "2", 3: "3"}, lines, problems)
    fatalities = _numbers(
        frame, "fatalities", lines, problems, "an integer at least 0", integer=True, minimum=0
    )
    frame["fatalities"] = fatalities.astype("Int64")
    frame.insert(0, "event_id", frame["event_id_cnty"])
    return date_format


def _map_ucdp(frame: pd.DataFrame, lines: np.ndarray, problems: _Problems) -> str | None:
    date_format = _dates(frame, ["date_start", "date_end"], _UCDP_DATE_FORMATS, lines, problems)
    problems.add(frame["id"].isna(), lines, "id", frame["id"], "a value (required): an identifier")
    best = _numbers(frame, "best", lines, problems, "an integer at least 0", integer=True, minimum=0)
    kind = _numbers(frame, "type_of_violence", lines, problems, "one of: 1, 2, 3")
    unknown = ~kind.isin(list(UCDP_EVENT_TYPES)) & kind.notna()
    problems.add(unknown, lines, "type_of_violence", frame["type_of_violence"], "one of: 1, 2, 3")
    mapped = pd.DataFrame(
        {
            "event_id": frame["id"].astype("str"),
            "event_date": frame["date_start"],
            "time_precision": _codes(frame, "date_prec", UCDP_TIME_PRECISION, lines, problems),
            "event_type": kind.map({float(k): v for k, v in UCDP_EVENT_TYPES.items()}).astype("str"),
            "sub_event_type": pd.Series(pd.NA, index=frame.index, dtype="str"),
            "actor1": frame["side_a"],
            "actor2": frame["side_b"],
            "geo_precision": _codes(frame, "where_prec", UCDP_GEO_PRECISION, lines, problems),
            "fatalities": best.astype("Int64"),
            "notes": frame["source_headline"].astype("str"),
        }
    )
    for name in mapped.columns:
        frame[name] = mapped[name]
    return date_format


ACLED_EXPORT = ExportFormat(
    dataset="acled",
    source="ACLED",
    required=ACLED_REQUIRED,
    text_columns=("event_id_cnty", "event_date", "notes"),
    category_columns=ACLED_CATEGORY_COLUMNS,
    admin_column="admin1",
    mapper=_map_acled,
)
UCDP_GED_EXPORT = ExportFormat(
    dataset="ucdp_ged",
    source="UCDP GED",
    required=UCDP_GED_REQUIRED,
    text_columns=(
        "id",
        "relid",
        "date_start",
        "date_end",
        "source_headline",
        "source_article",
        "source_date",
        "where_description",
        "geom_wkt",
    ),
    category_columns=UCDP_GED_CATEGORY_COLUMNS,
    admin_column="adm_1",
    mapper=_map_ucdp,
)


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
        from .event_partitions import read_exports

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
        in Syria's neighbourhood (:data:`analysis.schema.SYRIA_BOUNDS`).
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
        (:func:`analysis.event_partitions.read_exports`).
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
