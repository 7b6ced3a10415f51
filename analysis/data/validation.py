"""Read the CSV tables strictly and collect every problem, with file, line and column.

Nothing here drops, reorders or coerces a row: a table is either parsed whole, row for
row, or its problems are reported. :func:`validate_tables` is the single entry point used
by the loader and by ``python -m analysis validate``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.config import RECORD_END, STUDY_END, STUDY_START
from analysis.data.boundaries import distance_to_governorate_km, governorate_at, load_boundaries
from analysis.data.csv_checks import (
    decode_utf8,
    header_problems,
    malformed_csv_problem,
    ragged_row_problem,
    swapped_coordinates_expected,
)
from analysis.data.errors import Problem
from analysis.data.rules import expected_confidence, likely_duplicate_events, says_how_the_start_is_covered
from analysis.data.schema import (
    LIST_SEPARATOR,
    QUOTE_SEPARATOR,
    SCHEMAS,
    TABLE_ORDER,
    Column,
    TableSchema,
)

__all__ = ["ParsedTable", "read_table", "validate_tables", "GOVERNORATE_TOLERANCE_KM"]

#: How far a place may lie outside the governorate its sources name before it is a problem.
#: The shipped borders are Natural Earth's 1:10m lines, generalised: along Syria's borders
#: with Turkey, Iraq and Jordan they and Natural Earth's own 1:50m lines for the same border
#: differ by a median of 0.2-0.6 km and 1.7-2.8 km at the 95th percentile (measured with
#: ``tests/test_validation.py::test_border_tolerance_covers_the_simplification``' method).
#: A point within 3 km is taken as true (Abu al-Duhur air base, in Idlib by every source,
#: falls 1.1 km inside Aleppo's polygon; Latakia's coast lies 0.6 km "at sea"); beyond it,
#: the point or the governorate is wrong and the row is an error.
GOVERNORATE_TOLERANCE_KM = 3.0

_ID = re.compile(r"^\S+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_URL = re.compile(r"^https?://\S+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")


@dataclass
class ParsedTable:
    """One table read from disk: parsed values column by column, with source line numbers.

    Attributes
    ----------
    schema : TableSchema
    lines : list of int
        Editor line number of each row (header = line 1).
    values : dict of str to list
        Parsed value of each cell (None for empty cells and for cells with problems).
    raw : dict of str to list of str
        The cells as written.
    ok : bool
        False when the file could not be read as a table at all.
    """

    schema: TableSchema
    lines: list[int] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)
    raw: dict[str, list[str]] = field(default_factory=dict)
    ok: bool = True

    def __len__(self) -> int:
        return len(self.lines)


def _read_rows(
    text: str, schema: TableSchema
) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    fname = schema.filename
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    last_line = 0
    try:
        for record in reader:
            start = last_line + 1
            last_line = reader.line_num
            if not header and start == 1:
                header = record
                continue
            rows.append((start, record))
    except csv.Error as exc:
        problems.append(malformed_csv_problem(fname, reader.line_num, exc))
    if not header:
        problems.append(Problem(fname, 1, "", "", "a header row: " + ",".join(schema.column_names)))
    return header, rows, problems


def _check_header(header: list[str], schema: TableSchema) -> list[Problem]:
    return header_problems(header, schema.filename, schema.column_names, allowed=schema.column_names)


def _parse_cell(col: Column, text: str) -> tuple[object, str | None]:
    """Parse one non-empty cell; return (value, expected-if-bad)."""
    kind = col.kind
    if kind in ("text", "ref"):
        return text, None
    if kind == "refs":
        ids = tuple(part.strip() for part in text.split(LIST_SEPARATOR))
        return (ids, None) if all(ids) and len(set(ids)) == len(ids) else (None, col.expected)
    if kind == "id":
        return (text, None) if _ID.match(text) else (None, col.expected)
    if kind == "slug":
        return (text, None) if _SLUG.match(text) else (None, col.expected)
    if kind == "url":
        return (text, None) if _URL.match(text) else (None, col.expected)
    if kind in ("date", "event_date", "report_date"):
        if not _DATE.match(text):
            return None, col.expected
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return None, "a real calendar date (this day does not exist)"
        if kind == "event_date" and not (STUDY_START <= value <= STUDY_END):
            return None, col.expected
        if kind == "report_date" and not (STUDY_START <= value <= RECORD_END):
            return None, col.expected
        return value, None
    number: float
    if kind == "int":
        if not _INT.match(text):
            return None, col.expected
        number = int(text)
    elif kind in ("float", "latitude", "longitude"):
        try:
            number = float(text)
        except ValueError:
            return None, col.expected
        if not math.isfinite(number):
            return None, col.expected
    elif kind == "category":
        return (text, None) if text in col.allowed else (None, col.expected)
    elif kind == "yesno":
        return ({"yes": True, "no": False}[text], None) if text in ("yes", "no") else (None, col.expected)
    else:  # pragma: no cover - a schema typo
        raise ValueError(f"unknown column kind {kind!r}")
    if (col.minimum is not None and number < col.minimum) or (
        col.maximum is not None and number > col.maximum
    ):
        return None, col.expected
    return number, None


def read_table(path: Path, schema: TableSchema) -> tuple[ParsedTable, list[Problem]]:
    """Read one CSV file and parse each cell by its column's kind.

    Parameters
    ----------
    path : Path
        The CSV file.
    schema : TableSchema

    Returns
    -------
    (ParsedTable, list of Problem)
        Every row is kept in file order; cells that fail to parse are None in
        ``values`` and reported as problems.
    """
    fname = schema.filename
    table = ParsedTable(schema)
    if not path.exists():
        table.ok = False
        return table, [Problem(fname, None, "", str(path), "this file to exist (every table is required)")]
    text, problems = decode_utf8(path.read_bytes(), fname)
    if text is None:
        table.ok = False
        return table, problems
    header, rows, problems = _read_rows(text, schema)
    header_problems = _check_header(header, schema) if header else []
    problems += header_problems
    if not header or any(p.expected.startswith("this column") for p in header_problems):
        table.ok = False
        return table, problems
    width = len(header)
    for name in schema.column_names:
        table.values[name] = []
        table.raw[name] = []
    for line, record in rows:
        if len(record) != width:
            problems.append(ragged_row_problem(fname, line, len(record), width))
            record = (record + [""] * width)[:width]
        cells = dict(zip(header, record))
        table.lines.append(line)
        for col in schema.columns:
            text_value = cells.get(col.name, "")
            table.raw[col.name].append(text_value)
            if text_value == "":
                table.values[col.name].append(None)
                if col.required:
                    problems.append(Problem(fname, line, col.name, "", "a value (required): " + col.expected))
                continue
            value, expected = _parse_cell(col, text_value)
            table.values[col.name].append(value)
            if expected:
                problems.append(Problem(fname, line, col.name, text_value, expected))
    return table, problems


def _check_keys(table: ParsedTable) -> list[Problem]:
    key = table.schema.key
    if not key:
        return []
    problems: list[Problem] = []
    first_seen: dict[object, int] = {}
    for line, value in zip(table.lines, table.values[key]):
        if value is None:
            continue
        if value in first_seen:
            problems.append(
                Problem(
                    table.schema.filename,
                    line,
                    key,
                    value,
                    f"a unique {key}: already used on line {first_seen[value]}",
                )
            )
        else:
            first_seen[value] = line
    return problems


def _check_coordinates(table: ParsedTable) -> list[Problem]:
    schema = table.schema
    if not schema.coords:
        return []
    lat_col, lon_col = schema.coords
    lon_min, lat_min, lon_max, lat_max = schema.bounds
    problems = []
    for i, line in enumerate(table.lines):
        lat, lon = table.values[lat_col][i], table.values[lon_col][i]
        raw_lat, raw_lon = table.raw[lat_col][i], table.raw[lon_col][i]
        if (raw_lat == "") != (raw_lon == ""):
            problems.append(
                Problem(
                    schema.filename,
                    line,
                    lat_col if raw_lat == "" else lon_col,
                    "",
                    "both latitude and longitude, or neither",
                )
            )
            continue
        if lat is None or lon is None:
            continue
        if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
            continue
        value = f"{raw_lat}, {raw_lon}"
        if lat_min <= lon <= lat_max and lon_min <= lat <= lon_max:
            expected = (
                f"latitude and longitude look swapped: latitudes here lie between "
                f"{lat_min:g} and {lat_max:g} N and longitudes between {lon_min:g} and "
                f"{lon_max:g} E, ranges that do not overlap; exchange the two values"
            )
        else:
            expected = (
                f"a point near Syria: latitude {lat_min:g}..{lat_max:g}, longitude {lon_min:g}..{lon_max:g}"
            )
        problems.append(Problem(schema.filename, line, f"{lat_col}/{lon_col}", value, expected))
        # Keep a bad point out of the later governorate check; it is reported here.
        table.values[lat_col][i] = table.values[lon_col][i] = None
    return problems


def _check_references(table: ParsedTable, tables: dict[str, ParsedTable]) -> list[Problem]:
    problems = []
    for col in table.schema.columns:
        if col.kind not in ("ref", "refs") or col.ref is None:
            continue
        target_table, target_col = col.ref.split(".")
        target = tables.get(target_table)
        if target is None or not target.ok:
            continue  # that table's own problems are reported already
        known = {v for v in target.values[target_col] if v is not None}
        for line, value in zip(table.lines, table.values[col.name]):
            if value is None:
                continue
            for one in value if col.kind == "refs" else (value,):
                if one not in known:
                    problems.append(Problem(table.schema.filename, line, col.name, one, col.expected))
    return problems


def _check_corroboration(table: ParsedTable, tables: dict[str, ParsedTable]) -> list[Problem]:
    """A corroborating source has its own quote and another originator than the row's source."""
    if "corroborated_by" not in table.values:
        return []
    fname = table.schema.filename
    sources = tables["sources"]
    originator = dict(zip(sources.values["id"], sources.values["originator"])) if sources.ok else {}
    problems = []
    v = table.values
    for i, line in enumerate(table.lines):
        ids, quotes = v["corroborated_by"][i], table.raw["corroboration_quote"][i]
        if ids is None:
            if quotes:
                problems.append(
                    Problem(fname, line, "corroboration_quote", quotes, "empty when corroborated_by is empty")
                )
            continue
        n_quotes = len(quotes.split(QUOTE_SEPARATOR)) if quotes else 0
        if n_quotes != len(ids):
            problems.append(
                Problem(
                    fname,
                    line,
                    "corroboration_quote",
                    quotes,
                    f"{len(ids)} quote(s) separated by '{QUOTE_SEPARATOR}', one per corroborating source",
                )
            )
        own = v["source_id"][i]
        for one in ids:
            if one == own or (originator.get(one) is not None and originator.get(one) == originator.get(own)):
                problems.append(
                    Problem(
                        fname,
                        line,
                        "corroborated_by",
                        one,
                        f"a source independent of {own} (another source row with another originator)",
                    )
                )
    return problems


def _check_confidence(table: ParsedTable, tables: dict[str, ParsedTable]) -> list[Problem]:
    """``confidence`` follows the codebook's rule from the source's grade and corroboration."""
    if "confidence" not in table.values or "source_id" not in table.values:
        return []
    sources = tables["sources"]
    if not sources.ok:
        return []
    grade = dict(zip(sources.values["id"], sources.values["reliability"]))
    problems = []
    v = table.values
    for i, line in enumerate(table.lines):
        given, cited = v["confidence"][i], v["source_id"][i]
        if given is None or cited is None:
            continue
        corroborated = bool(v["corroborated_by"][i]) if "corroborated_by" in v else False
        rule = expected_confidence(grade.get(cited), corroborated)
        if rule is not None and given != rule:
            how = "corroborated" if corroborated else "not corroborated"
            problems.append(
                Problem(
                    table.schema.filename,
                    line,
                    "confidence",
                    str(given),
                    f"{rule}: the codebook's rule for a source graded {grade.get(cited)}, {how}",
                )
            )
    return problems


def _check_duplicate_events(table: ParsedTable) -> list[Problem]:
    """One event, one row: likely duplicates are problems unless the notes say why not."""
    v = table.values
    pairs = likely_duplicate_events(
        v["event_id"], v["event_date"], v["location_id"], v["event_type"], v["actor1"], v["notes"]
    )
    return [
        Problem(
            table.schema.filename,
            table.lines[b],
            "event_id",
            str(v["event_id"][b]),
            f"one row per event: line {table.lines[a]} ({v['event_id'][a]}) has the same place, "
            "event_type and actor1 within a day; merge them (the other report goes to "
            f"corroborated_by) or say 'distinct from {v['event_id'][a]}' and why in notes",
        )
        for a, b in pairs
    ]


def _check_control_intervals(table: ParsedTable) -> list[Problem]:
    fname = table.schema.filename
    problems = []
    v = table.values
    by_location: dict[str, list[tuple[date, date | None, int]]] = {}
    for i, line in enumerate(table.lines):
        start, end, loc = v["valid_from"][i], v["valid_to"][i], v["location_id"][i]
        if start is None or loc is None:
            continue
        if end is not None and end <= start:
            problems.append(
                Problem(
                    fname, line, "valid_to", table.raw["valid_to"][i], f"a date after valid_from ({start})"
                )
            )
            continue
        by_location.setdefault(loc, []).append((start, end, line))
        if start == STUDY_START and not says_how_the_start_is_covered(v["controller"][i], v["notes"][i]):
            problems.append(
                Problem(
                    fname,
                    line,
                    "notes",
                    table.raw["notes"][i][:60],
                    f"how the source covers {STUDY_START} (a general statement, a first capture later, "
                    "'held since ...'), or controller unknown until the first sourced date",
                )
            )
    for loc, intervals in by_location.items():
        intervals.sort()
        first_start, _, first_line = intervals[0]
        if first_start != STUDY_START:
            problems.append(
                Problem(
                    fname,
                    first_line,
                    "valid_from",
                    str(first_start),
                    f"{STUDY_START} for the first interval of {loc}: the intervals tile the study "
                    "period; code the stretch before the first sourced date as unknown",
                )
            )
        for (s0, e0, l0), (s1, _, l1) in zip(intervals, intervals[1:]):
            if e0 is None or s1 < e0:
                shown = "open" if e0 is None else str(e0)
                problems.append(
                    Problem(
                        fname,
                        l1,
                        "valid_from",
                        str(s1),
                        f"no overlap with the interval on line {l0} for {loc} ({s0} to {shown})",
                    )
                )
            elif s1 > e0:
                problems.append(
                    Problem(
                        fname,
                        l1,
                        "valid_from",
                        str(s1),
                        f"{e0}, the valid_to of the interval on line {l0} for {loc}: no gap between "
                        "intervals; code a stretch no source speaks of as unknown",
                    )
                )
        _, last_end, last_line = intervals[-1]
        if last_end is not None:
            problems.append(
                Problem(
                    fname,
                    last_line,
                    "valid_to",
                    str(last_end),
                    f"empty for the last interval of {loc} (it runs to the study's end, {STUDY_END})",
                )
            )
    return problems


def _check_route_order(table: ParsedTable) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for line, route, seq in zip(table.lines, table.values["route_id"], table.values["seq"]):
        if route is None or seq is None:
            continue
        if (route, seq) in seen:
            problems.append(
                Problem(
                    table.schema.filename,
                    line,
                    "seq",
                    str(seq),
                    f"a unique seq within route {route}: already used on line {seen[(route, seq)]}",
                )
            )
        seen.setdefault((route, seq), line)
    return problems


def _check_published_figures(table: ParsedTable) -> list[Problem]:
    figures = ("area_km2", "share_pct", "population", "population_share_pct")
    return [
        Problem(
            table.schema.filename,
            line,
            "area_km2",
            "",
            "at least one figure: area_km2, share_pct, population or population_share_pct",
        )
        for i, line in enumerate(table.lines)
        if all(table.raw[c][i] == "" for c in figures)
    ]


def _check_governorates(table: ParsedTable, data_dir: Path | None) -> tuple[list[Problem], list[Problem]]:
    v = table.values
    rows = [
        i
        for i in range(len(table))
        if v["latitude"][i] is not None and v["longitude"][i] is not None and v["governorate"][i] is not None
    ]
    if not rows:
        return [], []
    govs = load_boundaries(data_dir)
    found = governorate_at([v["longitude"][i] for i in rows], [v["latitude"][i] for i in rows], govs)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    # The point with latitude and longitude exchanged: where it lands tells a swap apart
    # from a point that is merely a little off (al-Mastumah 36.63, 35.87 swapped is in Turkey).
    swapped = governorate_at([v["latitude"][i] for i in rows], [v["longitude"][i] for i in rows], govs)
    for i, actual, twin in zip(rows, found, swapped):
        named = v["governorate"][i]
        if actual == named:
            continue
        where = f"in {actual}" if actual else "outside Syria's governorates"
        if twin is not None and (twin == named or actual is None):
            problems.append(
                Problem(
                    table.schema.filename,
                    table.lines[i],
                    "latitude/longitude",
                    f"{table.raw['latitude'][i]}, {table.raw['longitude'][i]}",
                    swapped_coordinates_expected(
                        where, f"in {twin} ({table.raw['longitude'][i]}, {table.raw['latitude'][i]})"
                    ),
                )
            )
            continue
        km = distance_to_governorate_km(named, v["longitude"][i], v["latitude"][i], govs)
        text = (
            f"a point inside {named}: it lies {where}, {km:.1f} km from {named}'s border "
            f"in the shipped boundaries"
        )
        if km > GOVERNORATE_TOLERANCE_KM:
            text += f" (more than the {GOVERNORATE_TOLERANCE_KM:g} km the generalised borders allow)"
            problems.append(Problem(table.schema.filename, table.lines[i], "governorate", named, text))
    return problems, warnings


def validate_tables(data_dir: Path) -> tuple[dict[str, ParsedTable], list[Problem], list[Problem]]:
    """Read and check every table in a data folder.

    Parameters
    ----------
    data_dir : Path
        Folder holding one CSV per table (see :data:`analysis.data.schema.SCHEMAS`).

    Returns
    -------
    tables : dict of str to ParsedTable
    problems : list of Problem
        Everything that makes the data unusable, in table order.
    warnings : list of Problem
        Things a coder should look at that do not stop loading (a place within
        :data:`GOVERNORATE_TOLERANCE_KM` of the governorate its source names).
    """
    tables: dict[str, ParsedTable] = {}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for name in TABLE_ORDER:
        table, table_problems = read_table(Path(data_dir) / f"{name}.csv", SCHEMAS[name])
        tables[name] = table
        problems += table_problems
    for name in TABLE_ORDER:
        table = tables[name]
        if not table.ok:
            continue
        problems += _check_keys(table)
        problems += _check_coordinates(table)
        problems += _check_references(table, tables)
        problems += _check_corroboration(table, tables)
        problems += _check_confidence(table, tables)
        if name == "control":
            problems += _check_control_intervals(table)
        elif name == "events":
            problems += _check_duplicate_events(table)
        elif name == "routes":
            problems += _check_route_order(table)
        elif name == "published_areas":
            problems += _check_published_figures(table)
        elif name == "locations":
            gov_problems, gov_warnings = _check_governorates(table, data_dir)
            problems += gov_problems
            warnings += gov_warnings
    order = {f"{n}.csv": i for i, n in enumerate(TABLE_ORDER)}
    problems.sort(key=lambda p: (order.get(p.file, 99), p.line or 0))
    return tables, problems, warnings


def table_lengths(tables: dict[str, ParsedTable]) -> dict[str, int]:
    """Row count per table (for the "N tables, M rows" summary)."""
    return {name: len(t) for name, t in tables.items()}
