"""One test per defect: a bad copy of the data gives a clear, located error."""

from __future__ import annotations

from datetime import timedelta

import pytest

from analysis import DataValidationError, load_dataset
from analysis.cli import validate_command
from analysis.config import RECORD_END, STUDY_END, STUDY_START
from analysis.data.validation import GOVERNORATE_TOLERANCE_KM, validate_tables

from .conftest import append_row, copy_row, read_rows, set_cell, write_rows


def problems_of(data_dir):
    with pytest.raises(DataValidationError) as excinfo:
        load_dataset(data_dir)
    return excinfo.value.problem_list


def the_problem(data_dir, file, column=None):
    found = [p for p in problems_of(data_dir) if p.file == file and (column is None or p.column == column)]
    assert found, f"no problem reported for {file} {column}"
    return found[0]


def first_id(data_dir, table, column="id"):
    rows = read_rows(data_dir / f"{table}.csv")
    return rows[1][rows[0].index(column)]


def control_row(data_dir, **changes):
    row = {"location_id": first_id(data_dir, "locations"), "controller": "syrian_government",
           "valid_from": "2014-01-01", "valid_to": "", "status": "held", "date_precision": "1",
           "disputed": "no", "source_id": first_id(data_dir, "sources"), "quote": "held by the army",
           "notes": ""}
    row.update(changes)
    return append_row(data_dir / "control.csv", row)


def test_shipped_data_has_no_problem(data_copy):
    _, problems, _ = validate_tables(data_copy)
    assert problems == []


def test_missing_column(data_copy):
    rows = read_rows(data_copy / "sources.csv")
    col = rows[0].index("outlet")
    write_rows(data_copy / "sources.csv", [r[:col] + r[col + 1:] for r in rows])
    p = the_problem(data_copy, "sources.csv", "outlet")
    assert p.line == 1 and "missing" in p.expected


def test_unknown_column(data_copy):
    rows = read_rows(data_copy / "claims.csv")
    write_rows(data_copy / "claims.csv", [rows[0] + ["colour"]] + [r + [""] for r in rows[1:]])
    p = the_problem(data_copy, "claims.csv", "colour")
    assert p.line == 1 and "only the codebook's columns" in p.expected


def test_unparseable_date(data_copy):
    set_cell(data_copy / "events.csv", 2, "event_date", "9/9/2015")
    p = the_problem(data_copy, "events.csv", "event_date")
    assert (p.line, p.value) == (2, "9/9/2015") and "YYYY-MM-DD" in p.expected


def test_impossible_date(data_copy):
    set_cell(data_copy / "events.csv", 2, "event_date", "2015-02-30")
    p = the_problem(data_copy, "events.csv", "event_date")
    assert "does not exist" in p.expected


@pytest.mark.parametrize(
    "value", [str(STUDY_START - timedelta(days=1)), str(RECORD_END + timedelta(days=1))]
)
def test_statement_date_outside_the_record_window(data_copy, value):
    set_cell(data_copy / "statements.csv", 2, "date", value)
    p = the_problem(data_copy, "statements.csv", "date")
    assert f"between {STUDY_START} and {RECORD_END}" in p.expected


def test_event_date_after_the_study_is_a_problem(data_copy):
    set_cell(data_copy / "events.csv", 2, "event_date", str(STUDY_END + timedelta(days=1)))
    p = the_problem(data_copy, "events.csv", "event_date")
    assert f"between {STUDY_START} and {STUDY_END}" in p.expected


@pytest.mark.parametrize("table,column,value", [
    ("events", "location_id", "atlantis"),
    ("events", "actor1", "martians"),
    ("events", "source_id", "no_such_source"),
    ("statements", "claim_id", "C99"),
])
def test_unknown_references(data_copy, table, column, value):
    set_cell(data_copy / f"{table}.csv", 2, column, value)
    p = the_problem(data_copy, f"{table}.csv", column)
    assert p.value == value and p.line == 2 and "existing" in p.expected


def test_duplicate_id(data_copy):
    line = copy_row(data_copy / "locations.csv", 2)
    p = the_problem(data_copy, "locations.csv", "id")
    assert p.line == line and "already used on line 2" in p.expected


def test_coordinates_outside_syria(data_copy):
    set_cell(data_copy / "locations.csv", 2, "latitude", "48.85")
    set_cell(data_copy / "locations.csv", 2, "longitude", "2.35")
    p = the_problem(data_copy, "locations.csv", "latitude/longitude")
    assert p.value == "48.85, 2.35" and "near Syria" in p.expected


def test_swapped_latitude_and_longitude_is_named_plainly(data_copy):
    set_cell(data_copy / "locations.csv", 2, "latitude", "36.29")
    set_cell(data_copy / "locations.csv", 2, "longitude", "33.51")
    p = the_problem(data_copy, "locations.csv", "latitude/longitude")
    assert "swapped" in p.expected and "do not overlap" in p.expected


def test_swapped_point_inside_the_neighbourhood_box_is_named_as_swapped(data_copy):
    # al-Mastumah (Idlib) swapped lands in Turkey, inside Syria's lat/lon box: the error must
    # say "swapped", not only "outside Syria's governorates, 63 km from Idlib's border".
    rows = read_rows(data_copy / "locations.csv")
    line = [r[0] for r in rows].index("al_mastumah") + 1
    set_cell(data_copy / "locations.csv", line, "latitude", "36.6311")
    set_cell(data_copy / "locations.csv", line, "longitude", "35.8744")
    p = the_problem(data_copy, "locations.csv", "latitude/longitude")
    assert p.line == line and p.value == "36.6311, 35.8744"
    assert "look swapped" in p.expected and "lies in Idlib" in p.expected
    assert not [q for q in problems_of(data_copy) if q.column == "governorate" and q.line == line]


def test_valid_to_before_valid_from(data_copy):
    line = control_row(data_copy, valid_from="2015-05-01", valid_to="2015-04-01")
    p = the_problem(data_copy, "control.csv", "valid_to")
    assert p.line == line and "after valid_from (2015-05-01)" in p.expected


def new_location(data_copy, loc="test_place"):
    append_row(data_copy / "locations.csv", {
        "id": loc, "name": "Test place", "kind": "town", "governorate": "Damascus",
        "latitude": "33.51", "longitude": "36.29", "geo_precision": "1",
        "source_id": first_id(data_copy, "sources"), "quote": "test"})
    return loc


def test_overlapping_control_intervals(data_copy):
    loc = new_location(data_copy)
    first = control_row(data_copy, location_id=loc, valid_from="2011-06-01", valid_to="2015-06-01")
    second = control_row(data_copy, location_id=loc, valid_from="2015-03-01", valid_to="")
    problems = [p for p in problems_of(data_copy) if p.file == "control.csv"]
    assert any(p.line == second and f"line {first}" in p.expected for p in problems)


def test_value_outside_a_category(data_copy):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    p = the_problem(data_copy, "locations.csv", "kind")
    assert p.value == "metropolis" and "one of: city, town" in p.expected


def test_empty_required_field(data_copy):
    set_cell(data_copy / "sources.csv", 2, "url", "")
    p = the_problem(data_copy, "sources.csv", "url")
    assert p.line == 2 and "required" in p.expected


def test_file_that_is_not_utf8(data_copy):
    path = data_copy / "claims.csv"
    lines_before = len(path.read_text(encoding="utf-8").splitlines())
    path.write_bytes(path.read_bytes() + "C77,Caf\u00e9 claim,\n".encode("latin-1"))
    p = the_problem(data_copy, "claims.csv")
    assert "UTF-8" in p.expected and p.line == lines_before + 1


def test_ragged_row(data_copy):
    path = data_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8") + "C88,a claim,with,too,many\n", encoding="utf-8")
    p = the_problem(data_copy, "claims.csv")
    assert "ragged" in p.expected and p.value == "5 fields"


def test_governorate_far_from_its_polygon_is_an_error(data_copy):
    # Damascus's point, declared as Raqqa governorate.
    rows = read_rows(data_copy / "locations.csv")
    line = next(i for i, r in enumerate(rows, 1) if r[0] == "damascus")
    set_cell(data_copy / "locations.csv", line, "governorate", "Raqqa")
    p = the_problem(data_copy, "locations.csv", "governorate")
    assert p.line == line and "lies in Damascus" in p.expected


def test_governorate_a_little_off_is_accepted_silently(data_copy):
    # Abu al-Duhur air base: Idlib by every source, 1.1 km inside Aleppo's generalised polygon.
    append_row(data_copy / "locations.csv", {
        "id": "test_abu_al_duhur", "name": "Abu al-Duhur air base", "kind": "air_base",
        "governorate": "Idlib", "latitude": "35.73", "longitude": "37.10", "geo_precision": "1",
        "source_id": first_id(data_copy, "sources"), "quote": "test"})
    _, problems, warnings = validate_tables(data_copy)
    assert problems == [] and warnings == []


def test_a_real_misplacement_is_still_an_error(data_copy):
    # The same base said to be in Idlib but put 15 km east, well inside Aleppo governorate.
    line = append_row(data_copy / "locations.csv", {
        "id": "test_misplaced", "name": "Misplaced base", "kind": "air_base",
        "governorate": "Idlib", "latitude": "35.73", "longitude": "37.27", "geo_precision": "1",
        "source_id": first_id(data_copy, "sources"), "quote": "test"})
    p = the_problem(data_copy, "locations.csv", "governorate")
    assert p.line == line and "lies in Aleppo" in p.expected
    assert f"more than the {GOVERNORATE_TOLERANCE_KM:g} km" in p.expected


def test_border_tolerance_covers_the_simplification():
    """The tolerance is measured: shipped 1:10m borders against Natural Earth's 1:50m lines."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from analysis.config import BOUNDARIES_DIR, EQUAL_AREA_CRS

    govs = gpd.read_file(BOUNDARIES_DIR / "governorates.geojson").to_crs(EQUAL_AREA_CRS)
    neighbours = gpd.read_file(BOUNDARIES_DIR / "neighbours.geojson").to_crs(EQUAL_AREA_CRS)
    outline = shapely.union_all(govs.geometry.to_numpy()).boundary
    points = shapely.line_interpolate_point(outline, np.arange(0, outline.length, 500))
    for name in ("Turkey", "Iraq", "Jordan"):
        border = neighbours.loc[neighbours["name"] == name, "geometry"].iloc[0].boundary
        gap_km = shapely.distance(points, border) / 1000
        shared = gap_km[gap_km < 10]
        assert np.percentile(shared, 95) < GOVERNORATE_TOLERANCE_KM, name


def test_a_copied_event_with_a_new_id_is_a_duplicate(data_copy):
    line = copy_row(data_copy / "events.csv", 2, event_id="COPY-1")
    p = the_problem(data_copy, "events.csv", "event_id")
    assert p.line == line and p.value == "COPY-1" and "one row per event" in p.expected


def test_rows_may_say_why_they_are_distinct(data_copy):
    rows = read_rows(data_copy / "events.csv")
    first = rows[1][rows[0].index("event_id")]
    copy_row(data_copy / "events.csv", 2, event_id="COPY-1", notes=f"distinct from {first}: a second assault")
    _, problems, _ = validate_tables(data_copy)
    assert not [p for p in problems if p.column == "event_id"]


def test_confidence_must_follow_the_rule(data_copy):
    rows = read_rows(data_copy / "events.csv")
    head = rows[0]
    line = next(i for i, r in enumerate(rows[1:], 2) if r[head.index("confidence")] == "high")
    set_cell(data_copy / "events.csv", line, "confidence", "low")
    p = the_problem(data_copy, "events.csv", "confidence")
    assert p.line == line and p.value == "low" and "high: the codebook's rule" in p.expected


def test_control_must_start_on_the_first_day_and_leave_no_gap(data_copy):
    rows = read_rows(data_copy / "control.csv")
    head = rows[0]
    first = next(i for i, r in enumerate(rows[1:], 2) if r[head.index("valid_from")] == str(STUDY_START))
    set_cell(data_copy / "control.csv", first, "valid_from", str(STUDY_START + timedelta(days=1)))
    problems = [p for p in problems_of(data_copy) if p.file == "control.csv"]
    assert any(p.line == first and f"{STUDY_START} for the first interval" in p.expected for p in problems)


def test_every_problem_is_collected_at_once(data_copy):
    set_cell(data_copy / "events.csv", 2, "event_date", "yesterday")
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    set_cell(data_copy / "statements.csv", 2, "stance", "maybe")
    files = {p.file for p in problems_of(data_copy)}
    assert {"events.csv", "locations.csv", "statements.csv"} <= files


def test_cli_validate_prints_table_and_exits_nonzero(data_copy, capsys):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    assert validate_command(data_copy) == 1
    out = capsys.readouterr().out
    assert "locations.csv" in out and "metropolis" in out and "expected" in out


def test_cli_validate_summary_when_clean(data_copy, capsys):
    assert validate_command(data_copy) == 0
    assert "tables" in capsys.readouterr().out
