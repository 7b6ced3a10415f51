from datetime import timedelta

import pandas as pd
import pytest

import analysis
from analysis.config import STUDY_END, STUDY_START
from analysis.territory.control import (
    changes,
    control_at,
    control_intervals,
    coverage_gaps,
    studied_locations,
)


@pytest.fixture(scope="module")
def ds():
    return analysis.load_dataset()


def test_control_at_gives_one_row_per_studied_place_with_its_source(ds):
    snap = control_at("2015-09-30", dataset=ds)
    assert len(snap) == len(studied_locations(dataset=ds))
    assert snap["source_id"].notna().all() and snap["side"].notna().all()
    assert snap.crs.to_epsg() == 4326


def test_control_at_known_answers(ds):
    before = control_at("2015-03-27", dataset=ds).set_index("location_id")
    after = control_at("2015-03-28", dataset=ds).set_index("location_id")
    assert before.loc["idlib", "side"] == "government"
    assert after.loc["idlib", "side"] == "opposition"


@pytest.mark.parametrize(
    "bad", [str(STUDY_START - timedelta(days=1)), str(STUDY_END + timedelta(days=1)), "not a date"]
)
def test_control_at_rejects_dates_outside_the_coded_range(ds, bad):
    with pytest.raises(ValueError, match="date="):
        control_at(bad, dataset=ds)


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
    iv = control_intervals(dataset=ds)
    assert iv["valid_to"].max() == pd.Timestamp(STUDY_END + timedelta(days=1))


def test_coverage_gaps_finds_a_hole(ds):
    broken = ds.copy()
    first = broken.control.index[broken.control["location_id"] == "idlib"][0]
    broken.control = broken.control.drop(index=first)
    gaps = coverage_gaps(dataset=broken)
    assert gaps["location_id"].tolist() == ["idlib"]
    assert gaps["gap_from"].iloc[0] == pd.Timestamp(STUDY_START)


import geopandas as gpd  # noqa: E402

from analysis.config import EQUAL_AREA_CRS  # noqa: E402
from analysis.data.boundaries import syria_outline  # noqa: E402
from analysis.territory.control import control_areas, control_cells  # noqa: E402
from analysis.territory.series import area_by_side  # noqa: E402


def _syria_km2():
    return gpd.GeoSeries([syria_outline()], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.iloc[0] / 1e6


def test_cells_cover_syria_once_and_group_co_located_places(ds):
    cells = control_cells(dataset=ds)
    assert cells["area_km2"].sum() == pytest.approx(_syria_km2(), rel=1e-6)
    aleppo = [ids for ids in cells["location_ids"] if "aleppo_west" in ids]
    assert aleppo and "aleppo_east" in aleppo[0]
    assert sum(len(i) for i in cells["location_ids"]) == len(studied_locations(dataset=ds))


def test_control_areas_sum_to_syria_and_name_sides(ds):
    areas = control_areas("2015-09-30", dataset=ds)
    assert areas["area_km2"].sum() == pytest.approx(_syria_km2(), rel=0.005)
    assert set(areas["side"]) <= set(control_at("2015-09-30", dataset=ds)["side"])
    assert areas.crs.to_epsg() == 4326


def test_control_areas_rejects_unknown_method(ds):
    with pytest.raises(ValueError, match="expected one of: voronoi"):
        control_areas("2015-09-30", method="kriging", dataset=ds)


def test_area_by_side_rows_sum_to_syria_and_isis_grows_in_2014(ds):
    a = area_by_side("2014-01-01", "2015-06-01", dataset=ds)
    assert (a.sum(axis=1) - _syria_km2()).abs().max() < 1
    assert a.loc["2015-06-01", "isis"] > a.loc["2014-01-01", "isis"]
    with pytest.raises(ValueError, match="before start"):
        area_by_side("2015-01-01", "2014-01-01", dataset=ds)
    with pytest.raises(ValueError, match="frequency"):
        area_by_side(freq="fortnightly", dataset=ds)


def test_the_end_of_an_unknown_stretch_is_not_a_change_of_hands(ds):
    ch = changes(dataset=ds)
    assert not (ch["from_controller"] == "unknown").any() and not (ch["to_controller"] == "unknown").any()
    # A place unknown before its first sourced date has no change of hands on that date.
    iv = control_intervals(dataset=ds).sort_values(["location_id", "valid_from"])
    first_known = iv[iv["controller"] != "unknown"].groupby("location_id", observed=True)["valid_from"].min()
    after_unknown = iv.groupby("location_id", observed=True)["controller"].first() == "unknown"
    for loc in after_unknown[after_unknown].index.intersection(first_known.index)[:20]:
        assert not ((ch["location_id"] == loc) & (ch["date"] == first_known[loc])).any()


def test_a_city_decides_its_shared_cell_over_its_own_districts():
    from analysis.territory.control import cell_sides, control_at, control_cells

    cells = control_cells()
    damascus = cells[cells["location_ids"].map(lambda ids: "damascus" in ids)].iloc[0]
    # Jobar, Barzeh, al-Qadam and Tadamon (rebel-held districts) share the city's point...
    assert {"jobar", "barzeh"} <= set(damascus["location_ids"]) and damascus["voters"] == ("damascus",)
    snap = control_at("2015-01-01")
    held = snap.set_index("location_id")["side"]
    assert (held[["jobar", "barzeh", "qadam", "tadamon"]] != "government").all()
    # ...but the cell is the city's: government-held, not outvoted four to one.
    assert cell_sides(cells, snap)[damascus.name] == "government"
    # Where both places are parts (Aleppo's west and east), both still vote.
    aleppo = cells[cells["location_ids"].map(lambda ids: "aleppo_east" in ids)].iloc[0]
    assert set(aleppo["voters"]) == {"aleppo_west", "aleppo_east"}
