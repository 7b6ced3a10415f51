"""Known answers on a small hand-made dataset (three places, a toy timeline)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import analysis
from analysis.config import DATA_DIR
from analysis.control import area_by_side, changes, control_areas, control_at

from .conftest import read_rows, write_rows

TOY_CONTROL = [
    # location, controller, from, to, status
    ("idlib", "syrian_government", "2014-01-01", "2015-03-28", "held"),
    ("idlib", "jaish_al_fatah", "2015-03-28", "", "held"),
    ("raqqa", "isis", "2014-01-01", "", "held"),
    ("damascus", "syrian_government", "2014-01-01", "", "held"),
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
    rows = [[loc, who, a, b, st, "1", "no", src, "toy row", ""] for loc, who, a, b, st in TOY_CONTROL]
    write_rows(root / "control.csv", [ctl[0]] + rows)
    for table in ("events", "deployments"):  # drop rows pointing at removed places
        data = read_rows(root / f"{table}.csv")
        col = data[0].index("location_id")
        write_rows(root / f"{table}.csv", [data[0]] + [r for r in data[1:] if r[col] in keep | {""}])
    return analysis.load_dataset(root)


def test_which_side_holds_what(toy):
    snap = control_at("2015-03-27", toy).set_index("location_id")["side"].astype(str).to_dict()
    assert snap == {"damascus": "government", "idlib": "government", "raqqa": "isis"}
    assert control_at("2015-03-28", toy).set_index("location_id").loc["idlib", "side"] == "opposition"


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
