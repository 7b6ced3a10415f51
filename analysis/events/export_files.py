"""One export file read and checked: the per-file work that both engines share.

:func:`read_export_file` reads one ACLED or UCDP GED CSV, checks every row as strictly as
the hand-coded tables, maps it to the project's event columns and caches the result as
Parquet; :class:`ExportFormat` says how each of the two exports is read.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import shapely

from analysis.data.boundaries import governorate_at, load_boundaries
from analysis.data.csv_checks import (
    header_problems,
    malformed_csv_problem,
    ragged_row_problem,
    swapped_coordinates_expected,
    utf8_problem,
)
from analysis.data.errors import DataValidationError, Problem

if TYPE_CHECKING:
    pass
from analysis.events.cache import _cache_path, _digest, _write_cache
from analysis.events.columns import (
    _ACLED_DATE_FORMATS,
    _COUNTRY_BOUNDS,
    _MAX_LISTED,
    _UCDP_DATE_FORMATS,
    ACLED_CATEGORY_COLUMNS,
    ACLED_NEWER_COLUMNS,
    ACLED_REQUIRED,
    DATASET_DTYPE,
    GOVERNORATE_DTYPE,
    PRECISION_DTYPE,
    READER_VERSION,
    UCDP_EVENT_TYPES,
    UCDP_GED_CATEGORY_COLUMNS,
    UCDP_GED_REQUIRED,
    UCDP_GEO_PRECISION,
    UCDP_TIME_PRECISION,
)

__all__ = [
    "ACLED_EXPORT",
    "ExportFormat",
    "RowsLeftOutWarning",
    "UCDP_GED_EXPORT",
    "events_from_cache",
    "read_export_file",
    "warn_rows_left_out",
]


class RowsLeftOutWarning(UserWarning):
    """Rows of an export were left out by the ``country=`` filter (counts in the message)."""


# --------------------------------------------------------------------------- cache


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
    "eager"``); :func:`analysis.events.partitions.read_exports` calls it for each file in
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
    >>> from analysis.events.columns import SAMPLE_UCDP_GED
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
