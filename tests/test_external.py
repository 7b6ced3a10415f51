"""ACLED and UCDP GED readers, combining, matching, monthly counts and the Parquet cache.

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

from analysis import external
from analysis.config import DATA_DIR
from analysis.errors import DataValidationError
from analysis.external import (
    ACLED_COLUMNS,
    ACLED_NEWER_COLUMNS,
    EVENT_COLUMNS,
    SAMPLE_ACLED,
    SAMPLE_UCDP_GED,
    UCDP_GED_COLUMNS,
    RowsLeftOutWarning,
    combine_events,
    event_pairs,
    hand_coded_events,
    match_events,
    monthly_counts,
    read_acled,
    read_ucdp_ged,
)

from .conftest import read_rows, set_cell, write_rows

# Rows of the ACLED sample that the UCDP sample records too (same type, <= 1 day, <= 10 km).
ACLED_ALSO_IN_UCDP = {"SYR5001", "SYR5012", "SYR5040", "SYR5072", "SYR5090", "SYR5300",
                      "SYR5380", "SYR5400", "SYR5440", "SYR5460", "SYR5520"}


def _acled(path=SAMPLE_ACLED, **kw) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        return read_acled(path, cache=False, **kw)


def _ucdp(path=SAMPLE_UCDP_GED, **kw) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        return read_ucdp_ged(path, cache=False, **kw)


@pytest.fixture
def acled_copy(tmp_path: Path) -> Path:
    path = tmp_path / "acled.csv"
    path.write_bytes(SAMPLE_ACLED.read_bytes())
    return path


@pytest.fixture
def ucdp_copy(tmp_path: Path) -> Path:
    path = tmp_path / "ged.csv"
    path.write_bytes(SAMPLE_UCDP_GED.read_bytes())
    return path


def _problems(exc: pytest.ExceptionInfo) -> pd.DataFrame:
    return exc.value.problems


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
    assert set(acled["governorate"].cat.categories) == set(external.GOVERNORATES)


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


def test_hand_coded_events_carry_governorate_and_points():
    ev = hand_coded_events()
    idlib = ev.set_index("event_id").loc["B-E012"]
    assert idlib["governorate"] == "Idlib" and idlib["dataset"] == "hand_coded"
    assert (idlib["longitude"], idlib["latitude"]) == (36.6339, 35.9306)
    no_place = ev["location_id"].isna() & ev["latitude"].isna()
    assert ev.loc[no_place, "governorate"].isna().all()


def test_combine_events_stacks_every_row_in_order():
    hand, acled, ged = hand_coded_events(), _acled(), _ucdp()
    both = combine_events(hand, acled, ged)
    assert len(both) == len(hand) + len(acled) + len(ged)
    assert list(both.columns) == [*EVENT_COLUMNS, "geometry"]
    assert both["dataset"].value_counts().to_dict() == {"hand_coded": len(hand), "acled": 28, "ucdp_ged": 22}
    assert both["event_id"].tolist() == [*hand["event_id"], *acled["event_id"], *ged["event_id"]]
    assert both["event_date"].dtype == "datetime64[ns]" and both.crs.to_epsg() == 4326


def test_combine_events_accepts_a_dataset_and_rejects_other_frames():
    import analysis

    assert len(combine_events(analysis.load_dataset())) == len(hand_coded_events())
    with pytest.raises(ValueError, match=r"frames\[1\] lacks the column"):
        combine_events(hand_coded_events(), pd.DataFrame({"event_id": ["x"]}))


def test_match_events_flags_known_pairs_and_drops_nothing():
    acled, ged = _acled(), _ucdp()
    flagged = match_events(acled, ged, days=1, km=10)
    assert len(flagged) == len(acled) + len(ged)
    assert flagged["event_id"].tolist() == [*acled["event_id"], *ged["event_id"]]
    in_acled = flagged[flagged["dataset"] == "acled"]
    assert set(in_acled.loc[in_acled["likely_duplicate"], "event_id"]) == ACLED_ALSO_IN_UCDP
    row = flagged.set_index(["dataset", "event_id"]).loc[("acled", "SYR5012")]
    assert row["best_match"] == "ucdp_ged:198202" and row["match_count"] == 1
    assert row["match_days"] == 0 and row["match_km"] < 0.1
    # Each pair flags one event on each side.
    assert flagged.loc[flagged["dataset"] == "ucdp_ged", "likely_duplicate"].sum() == len(ACLED_ALSO_IN_UCDP)


def test_event_pairs_find_the_hand_coded_events_in_acled():
    pairs = event_pairs(hand_coded_events(), _acled())
    found = set(zip(pairs["a_event_id"], pairs["b_event_id"]))
    assert {("B-E012", "SYR5012"),   # capture of Idlib city, 2015-03-28
            ("B-E014", "SYR5040"),   # Jisr al-Shughur, 2015-04-25
            ("D-E025", "SYR5090"),   # Palmyra, 2015-05-20
            ("B-E023", "SYR5201"),   # first Russian strikes, Kafr Zita, 2015-09-30
            } <= found
    assert (pairs["days_apart"] <= 1).all() and (pairs["km_apart"] <= 10).all()


def test_event_pairs_respect_the_window_and_the_type():
    hand, acled, ged = hand_coded_events(), _acled(), _ucdp()

    def ids(pairs):
        return set(zip(pairs["a_event_id"], pairs["b_event_id"]))

    # Talbiseh (ACLED) lies about 13 km from the point of Homs (hand-coded E-E003).
    assert ("E-E003", "SYR5202") not in ids(event_pairs(hand, acled, km=10))
    assert ("E-E003", "SYR5202") in ids(event_pairs(hand, acled, km=15))
    # ACLED's Idlib offensive (03-24) and UCDP's (03-25) are one day apart.
    assert ("SYR5001", "198201") in ids(event_pairs(acled, ged, days=1))
    assert ("SYR5001", "198201") not in ids(event_pairs(acled, ged, days=0))
    # UCDP records the Kafr Zita strike as state-based violence (Battles): no same-type pair.
    assert ("SYR5201", "198320") not in ids(event_pairs(acled, ged))
    assert ("SYR5201", "198320") in ids(event_pairs(acled, ged, same_type=False))
    with pytest.raises(ValueError, match="days=-1"):
        event_pairs(acled, ged, days=-1)


def test_monthly_counts_by_governorate_and_dataset():
    events = combine_events(hand_coded_events(), _acled(), _ucdp())
    counts = monthly_counts(events, start="2014-01-01", end="2016-12-31")
    assert list(counts.columns) == ["hand_coded", "acled", "ucdp_ged"]
    assert len(counts) == 36 * 15
    assert counts["acled"].sum() == 28 and counts["ucdp_ged"].sum() == 22
    dated = events["event_date"].between("2014-01-01", "2016-12-31")
    assert counts.sum().sum() == dated.sum()
    # SYR5001, SYR5012 and SYR5013: the offensive on Idlib city, its capture, the strike after.
    assert counts.loc[(pd.Timestamp("2015-03-01"), "Idlib"), "acled"] == 3
    assert counts.xs("unplaced", level="governorate")["hand_coded"].sum() == (
        events["governorate"].isna() & (events["dataset"] == "hand_coded") & dated).sum()


def test_plot_monthly_counts_by_dataset_draws_one_line_per_dataset():
    import matplotlib.pyplot as plt

    from analysis.plotting.charts import plot_monthly_counts_by_dataset

    counts = monthly_counts(combine_events(hand_coded_events(), _acled()))
    ax = plot_monthly_counts_by_dataset(counts, governorate="Idlib", mark="2015-09-30")
    assert len(ax.get_lines()) == 3  # two datasets and the as_of line
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="governorate='Idleb'"):
        plot_monthly_counts_by_dataset(counts, governorate="Idleb")


# --------------------------------------------------------------------------- cache


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

        monkeypatch.setattr(external, "_read_csv", no_csv)
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
