"""ACLED and UCDP GED readers and the Parquet cache (analysis.events.readers).

The fixtures in tests/fixtures are hand-written samples in the exact export formats (see
tests/fixtures/README.md); the known answers below are read off those files.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from analysis.config import DATA_DIR
from analysis.data.errors import DataValidationError
from analysis.data.schema import GOVERNORATES
from analysis.events import export_files
from analysis.events import readers as external
from analysis.events.readers import (
    ACLED_COLUMNS,
    ACLED_NEWER_COLUMNS,
    EVENT_COLUMNS,
    SAMPLE_ACLED,
    SAMPLE_UCDP_GED,
    UCDP_GED_COLUMNS,
    RowsLeftOutWarning,
    read_acled,
)

from .conftest import read_rows, set_cell, write_rows
from .event_samples import acled_sample as _acled
from .event_samples import problems_of as _problems
from .event_samples import ucdp_sample as _ucdp

# --------------------------------------------------------------------------- fixtures


def test_fixtures_have_the_exact_export_columns():
    assert tuple(read_rows(SAMPLE_ACLED)[0]) == ACLED_COLUMNS
    assert tuple(read_rows(SAMPLE_UCDP_GED)[0]) == UCDP_GED_COLUMNS
    assert 20 <= len(read_rows(SAMPLE_ACLED)) - 1 <= 40
    assert 20 <= len(read_rows(SAMPLE_UCDP_GED)) - 1 <= 40


# --------------------------------------------------------------------------- ACLED


def test_read_acled_keeps_every_original_column_and_adds_the_event_columns():
    acled = _acled()
    assert isinstance(acled, gpd.GeoDataFrame) and acled.crs.to_epsg() == 4326
    assert list(acled.columns[: len(ACLED_COLUMNS) + 1]) == ["event_id", *ACLED_COLUMNS]
    assert set(EVENT_COLUMNS) <= set(acled.columns)
    raw = pd.read_csv(SAMPLE_ACLED, dtype=str, keep_default_na=False)
    raw = raw[raw["country"] == "Syria"].reset_index(drop=True)
    for name in ("event_id_cnty", "notes", "actor1", "admin1", "source", "location"):
        assert acled[name].tolist() == raw[name].tolist(), name


def test_read_acled_maps_and_types_the_shared_columns():
    acled = _acled().set_index("event_id")
    row = acled.loc["SYR5012"]  # capture of Idlib city, line 3 of the file
    assert row["event_date"] == pd.Timestamp("2015-03-28")
    assert row["file_line"] == 3
    assert row["dataset"] == "acled" and row["governorate"] == "Idlib"
    assert row["fatalities"] == 25 and row["time_precision"] == "1"
    assert (row.geometry.x, row.geometry.y) == (36.6339, 35.9306)
    assert acled.loc["SYR5210", "time_precision"] == "2"
    assert acled.loc["SYR5360", "governorate"] == "Rif Dimashq"
    assert acled["event_date"].dtype == "datetime64[ns]"
    assert acled["fatalities"].dtype == "Int64"
    assert list(acled["time_precision"].cat.categories) == ["1", "2", "3"]
    assert set(acled["governorate"].cat.categories) == set(GOVERNORATES)


def test_syria_filter_counts_and_reports_the_rows_left_out():
    with pytest.warns(RowsLeftOutWarning, match="4 of 32 rows"):
        acled = read_acled(SAMPLE_ACLED, cache=False)
    report = acled.attrs["read_report"]
    assert report["rows_in_file"] == 32 and report["rows_kept"] == len(acled) == 28
    assert report["rows_left_out"] == {"Iraq": 2, "Turkey": 1, "Lebanon": 1}
    assert len(_acled(country=None)) == 32
    iraq = _acled(country="Iraq")
    assert iraq["event_id"].tolist() == ["IRQ2001", "IRQ2002"]
    assert iraq["file_line"].tolist() == [30, 31]
    assert len(_acled(country=["Iraq", "Lebanon"])) == 3


def _rewrite_acled(path: Path, drop=(), add=None, date_format=None) -> None:
    rows = read_rows(path)
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    frame = frame.drop(columns=list(drop))
    for name, value in (add or {}).items():
        frame.insert(0, name, value)
    if date_format:
        frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.strftime(date_format).str.lstrip("0")
    write_rows(path, [list(frame.columns), *frame.values.tolist()])


def test_older_export_without_the_newer_columns_is_read(acled_copy):
    # An export of about 2019: no disorder_type, civilian_targeting, tags; data_id and
    # event_id_no_cnty still there; dates written "28 March 2015".
    _rewrite_acled(acled_copy, drop=ACLED_NEWER_COLUMNS, date_format="%d %B %Y",
                   add={"event_id_no_cnty": "1", "data_id": "7"})
    old, new = _acled(acled_copy), _acled()
    assert old["event_date"].tolist() == new["event_date"].tolist()
    assert old.attrs["read_report"]["date_format"] == "30 September 2015"
    for name in ACLED_NEWER_COLUMNS:
        assert old[name].isna().all()
    assert {"data_id", "event_id_no_cnty"} <= set(old.columns)


@pytest.mark.parametrize("fmt,detected", [("%Y-%m-%d", "2015-09-30"),
                                          ("%d %B %Y", "30 September 2015"),
                                          ("%d-%B-%Y", "30-September-2015")])
def test_both_acled_date_styles_give_the_same_dates(acled_copy, fmt, detected):
    rows = read_rows(acled_copy)
    col = rows[0].index("event_date")
    for row in rows[1:]:
        row[col] = pd.Timestamp(row[col]).strftime(fmt)
    write_rows(acled_copy, rows)
    acled = _acled(acled_copy)
    assert acled.attrs["read_report"]["date_format"] == detected
    assert acled["event_date"].tolist() == _acled()["event_date"].tolist()


def test_missing_required_column_is_reported_on_line_1(acled_copy):
    _rewrite_acled(acled_copy, drop=["latitude"])
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    problems = _problems(exc)
    assert problems[["file", "line", "column"]].values.tolist() == [["acled.csv", 1, "latitude"]]
    assert "missing" in problems["expected"].iloc[0]


def test_bad_dates_are_reported_with_their_lines(acled_copy):
    set_cell(acled_copy, 5, "event_date", "2015-02-30")  # no such day
    set_cell(acled_copy, 7, "event_date", "30 May 2015")  # not this file's format
    set_cell(acled_copy, 9, "event_date", "")
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    problems = _problems(exc)
    assert problems[["line", "column", "value"]].values.tolist() == [
        [5, "event_date", "2015-02-30"], [7, "event_date", "30 May 2015"], [9, "event_date", ""]]
    assert "2015-09-30" in problems["expected"].iloc[0]


def test_bad_coordinates_are_reported(acled_copy):
    set_cell(acled_copy, 4, "latitude", "35,93")        # decimal comma
    set_cell(acled_copy, 6, "longitude", "")             # empty
    set_cell(acled_copy, 8, "latitude", "48.85")         # Paris, not Syria
    set_cell(acled_copy, 8, "longitude", "2.35")
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    problems = _problems(exc).set_index("line")
    assert problems.loc[4, "column"] == "latitude" and problems.loc[4, "value"] == "35,93"
    assert problems.loc[6, "column"] == "longitude" and "required" in problems.loc[6, "expected"]
    assert problems.loc[8, "column"] == "latitude/longitude"
    assert problems.loc[8, "expected"].startswith("a point in Syria")


def test_swapped_coordinates_are_named_as_such(acled_copy):
    set_cell(acled_copy, 3, "latitude", "36.6339")
    set_cell(acled_copy, 3, "longitude", "35.9306")
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    problems = _problems(exc)
    assert problems[["line", "column", "value"]].values.tolist() == [[3, "latitude/longitude", "36.6339, 35.9306"]]
    assert "look swapped" in problems["expected"].iloc[0]


def test_bad_codes_and_fatalities_are_reported(acled_copy):
    set_cell(acled_copy, 2, "time_precision", "4")
    set_cell(acled_copy, 3, "fatalities", "-1")
    set_cell(acled_copy, 4, "geo_precision", "one")
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    assert _problems(exc)[["line", "column"]].values.tolist() == [
        [2, "time_precision"], [3, "fatalities"], [4, "geo_precision"]]


def test_line_numbers_count_line_breaks_inside_quoted_values(acled_copy):
    rows = read_rows(acled_copy)
    notes = rows[0].index("notes")
    rows[2][notes] = "First line of the notes.\nSecond line.\nThird line."  # the row on line 3
    write_rows(acled_copy, rows)
    assert _acled(acled_copy).loc[1, "notes"].count("\n") == 2
    # The row after it starts on editor line 6, not 4.
    set_cell(acled_copy, 4, "event_date", "2015-13-01")
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    assert _problems(exc)[["line", "value"]].values.tolist() == [[6, "2015-13-01"]]


def test_a_ragged_row_is_reported_with_its_line(acled_copy):
    rows = read_rows(acled_copy)
    rows[5] = rows[5][:10]
    write_rows(acled_copy, rows)
    with pytest.raises(DataValidationError) as exc:
        _acled(acled_copy)
    problems = _problems(exc)
    assert problems[["line", "value"]].values.tolist() == [[6, "10 fields"]]


def test_a_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_acled(tmp_path / "nope.csv", cache=False)


# --------------------------------------------------------------------------- UCDP GED


def test_read_ucdp_ged_keeps_columns_and_maps_them():
    ged = _ucdp()
    assert set(UCDP_GED_COLUMNS) <= set(ged.columns) and set(EVENT_COLUMNS) <= set(ged.columns)
    assert len(ged) == 22 and ged.attrs["read_report"]["rows_left_out"] == {"Iraq": 2, "Turkey": 1, "Lebanon": 1}
    g = ged.set_index("event_id")
    idlib = g.loc["198202"]
    assert idlib["event_date"] == pd.Timestamp("2015-03-28") and idlib["file_line"] == 3
    assert idlib["actor1"] == "Government of Syria" and idlib["actor2"] == "Syrian insurgents"
    assert idlib["fatalities"] == 35 and idlib["event_type"] == "Battles"
    assert idlib["notes"] == "Islamist fighters seize Syrian city of Idlib"
    assert idlib["governorate"] == "Idlib" and idlib["dataset"] == "ucdp_ged"
    assert g.loc["198291", "event_type"] == "Violence against civilians"  # one-sided
    assert g.loc["198310", "event_type"] == "Battles"                     # non-state
    assert g.loc["198291", "time_precision"] == "2"   # date_prec 2 (2-6 days)
    assert g.loc["198330", "time_precision"] == "3"   # date_prec 4 (month)
    assert g.loc["198330", "geo_precision"] == "3"    # where_prec 4 (governorate)
    assert g.loc["198370", "geo_precision"] == "2"    # where_prec 2 (within 25 km)
    assert ged["sub_event_type"].isna().all()
    assert ged["date_end"].dtype == "datetime64[ns]"


@pytest.mark.parametrize("column,mapping", [("date_prec", external.UCDP_TIME_PRECISION),
                                            ("where_prec", external.UCDP_GEO_PRECISION),
                                            ("type_of_violence", external.UCDP_EVENT_TYPES)])
def test_every_ucdp_code_is_translated_as_documented(ucdp_copy, column, mapping):
    rows = read_rows(ucdp_copy)
    header, template = rows[0], rows[1]
    out = [header]
    for code in mapping:
        row = list(template)
        row[header.index(column)] = str(code)
        row[header.index("id")] = str(900000 + code)
        out.append(row)
    write_rows(ucdp_copy, out)
    target = {"date_prec": "time_precision", "where_prec": "geo_precision",
              "type_of_violence": "event_type"}[column]
    assert _ucdp(ucdp_copy)[target].astype(str).tolist() == list(mapping.values())


def test_ucdp_errors_use_the_same_problem_table(ucdp_copy):
    set_cell(ucdp_copy, 4, "date_start", "2015-04-31 00:00:00.000")
    set_cell(ucdp_copy, 5, "type_of_violence", "4")
    set_cell(ucdp_copy, 6, "best", "many")
    with pytest.raises(DataValidationError) as exc:
        _ucdp(ucdp_copy)
    assert _problems(exc)[["file", "line", "column"]].values.tolist() == [
        ["ged.csv", 4, "date_start"], ["ged.csv", 5, "type_of_violence"], ["ged.csv", 6, "best"]]


# --------------------------------------------------------------------------- combining


def test_second_read_comes_from_the_parquet_cache(acled_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        first = read_acled(acled_copy, cache_dir=cache)
        assert first.attrs["read_report"]["from_cache"] is False
        assert Path(first.attrs["read_report"]["cache_file"]).exists()
        assert len(list(cache.glob("acled-*.parquet"))) == 1

        # A cache hit must not parse the CSV at all.
        def no_csv(*args, **kwargs):
            raise AssertionError("the CSV was parsed again")

        monkeypatch.setattr(export_files, "_read_csv", no_csv)
        second = read_acled(acled_copy, cache_dir=cache)
    assert second.attrs["read_report"]["from_cache"] is True
    pd.testing.assert_frame_equal(pd.DataFrame(second), pd.DataFrame(first))
    assert isinstance(second, gpd.GeoDataFrame) and second.crs.to_epsg() == 4326
    assert second.geometry.geom_equals(first.geometry).all()
    # The report of the first read comes back with the frame.
    same = {k: v for k, v in first.attrs["read_report"].items() if k != "from_cache"}
    assert {k: second.attrs["read_report"][k] for k in same} == same
    assert external.read_summary(second)["rows_left_out"].tolist() == [4]


def test_cache_is_keyed_by_content_and_arguments(acled_copy, tmp_path):
    cache = tmp_path / "cache"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        read_acled(acled_copy, cache_dir=cache)
        read_acled(acled_copy, country="Iraq", cache_dir=cache)
        assert len(list(cache.glob("acled-*.parquet"))) == 2
        set_cell(acled_copy, 3, "fatalities", "26")
        changed = read_acled(acled_copy, cache_dir=cache)
    assert changed.attrs["read_report"]["from_cache"] is False
    assert changed.set_index("event_id").loc["SYR5012", "fatalities"] == 26


def test_default_cache_is_under_reports_never_home_nor_data(monkeypatch, tmp_path):
    from analysis.config import PROJECT_ROOT

    monkeypatch.delenv("SYRIA_ATLAS_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert external.default_cache_dir() == PROJECT_ROOT / "reports" / "cache"
    assert DATA_DIR.resolve() not in external.default_cache_dir().resolve().parents
    monkeypatch.setenv("SYRIA_ATLAS_CACHE", str(tmp_path / "mine"))
    assert external.default_cache_dir() == tmp_path / "mine"


def test_a_default_read_writes_its_cache_to_the_named_folder_not_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("SYRIA_ATLAS_CACHE", str(tmp_path / "cache"))
    with pytest.warns(RowsLeftOutWarning, match="4 of 32 rows"):  # the sample's rows of Iraq etc.
        frame = read_acled(SAMPLE_ACLED)
    assert frame.attrs["read_report"]["cache_file"].startswith(str(tmp_path / "cache"))
    assert list((tmp_path / "cache").glob("*.parquet"))
    assert not (tmp_path / "home").exists()


def test_read_summary_lists_each_file():
    summary = external.read_summary(_acled(), _ucdp())
    assert summary["rows_left_out"].tolist() == [4, 4]
    assert summary["dataset"].tolist() == ["acled", "ucdp_ged"]
    with pytest.raises(ValueError, match="no read report"):
        external.read_summary(pd.DataFrame())


def test_points_lie_in_their_governorate_polygon():
    acled = _acled()
    assert acled["governorate"].notna().all()
    assert np.allclose(acled.geometry.x, acled["longitude"]) and np.allclose(acled.geometry.y, acled["latitude"])
