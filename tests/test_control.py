import pandas as pd
import pytest

import analysis
from analysis.control import changes, control_at, control_intervals, coverage_gaps, studied_locations


@pytest.fixture(scope="module")
def ds():
    return analysis.load_dataset()


def test_control_at_gives_one_row_per_studied_place_with_its_source(ds):
    snap = control_at("2015-09-30", ds)
    assert len(snap) == len(studied_locations(ds))
    assert snap["source_id"].notna().all() and snap["side"].notna().all()
    assert snap.crs.to_epsg() == 4326


def test_control_at_known_answers(ds):
    before = control_at("2015-03-27", ds).set_index("location_id")
    after = control_at("2015-03-28", ds).set_index("location_id")
    assert before.loc["idlib", "side"] == "government"
    assert after.loc["idlib", "side"] == "opposition"


@pytest.mark.parametrize("bad", ["2013-12-31", "2017-01-01", "not a date"])
def test_control_at_rejects_dates_outside_the_coded_range(ds, bad):
    with pytest.raises(ValueError, match="date="):
        control_at(bad, ds)


def test_changes_are_sorted_and_filterable(ds):
    ch = changes(dataset=ds)
    assert ch["date"].is_monotonic_increasing
    assert (ch["from_controller"] != ch["to_controller"]).all()
    idlib = changes(governorate="Idlib", dataset=ds)
    assert set(idlib["governorate"]) == {"Idlib"}
    window = changes(start="2015-01-01", end="2015-12-31", dataset=ds)
    assert window["date"].between("2015-01-01", "2015-12-31").all()


def test_changes_rejects_unknown_governorate(ds):
    with pytest.raises(ValueError, match="expected one of: Aleppo"):
        changes(governorate="Narnia", dataset=ds)


def test_open_intervals_end_the_day_after_the_study(ds):
    iv = control_intervals(ds)
    assert iv["valid_to"].max() == pd.Timestamp("2017-01-01")


def test_coverage_gaps_finds_a_hole(ds):
    broken = ds.copy()
    first = broken.control.index[broken.control["location_id"] == "idlib"][0]
    broken.control = broken.control.drop(index=first)
    gaps = coverage_gaps(broken)
    assert gaps["location_id"].tolist() == ["idlib"]
    assert gaps["gap_from"].iloc[0] == pd.Timestamp("2014-01-01")
