"""Forces in theatre on toy data: a total split across the families it names, fading, anchors."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

import analysis
from analysis.config import DATA_DIR
from analysis.forces.estimates import STALE_AFTER_DAYS, family_of, forces_in_theatre, published_totals

from .conftest import read_rows, write_rows

DEP = [  # id, date, action, class, qty, status, total_scope, covers_classes
    ("F1", "2016-01-01", "presence", "combat_aircraft", "30", "reported", "class_total", ""),
    ("F2", "2016-01-01", "presence", "helicopter", "10", "reported", "class_total", ""),
    # "20 aircraft withdrawn", jets and helicopters: split 30:10, never all from the jets.
    ("F3", "2016-02-01", "departure", "combat_aircraft", "20", "confirmed", "mixed", "combat_aircraft;helicopter"),
    # A newer total of the family replaces everything before it.
    ("F4", "2016-04-01", "presence", "combat_aircraft", "40", "reported", "class_total", ""),
    # Two running totals of one withdrawal: the later replaces the earlier.
    ("F5", "2016-05-01", "departure", "combat_aircraft", "5", "confirmed", "cumulative", ""),
    ("F6", "2016-05-20", "departure", "combat_aircraft", "12", "confirmed", "cumulative", ""),
    # A count after the running total of 12, then the total reaches 18: only 6 leave after it.
    ("F7", "2016-06-10", "presence", "combat_aircraft", "30", "reported", "class_total", ""),
    ("F8", "2016-07-01", "departure", "combat_aircraft", "18", "confirmed", "cumulative", ""),
    # The cross-family total as a published figure beside the sum of the two families.
    ("F9", "2016-01-15", "presence", "combat_aircraft", "45", "reported", "mixed", "combat_aircraft;helicopter"),
]


#: Second toy: parts after a faded total, and withdrawal totals that include transports.
DEP_LATER = [
    ("G1", "2017-01-01", "presence", "combat_aircraft", "30", "reported", "class_total", ""),
    ("G2", "2017-01-01", "presence", "warship", "10", "reported", "class_total", ""),
    # "Four frigates at the port", nine months after the last whole count of the ships.
    ("G3", "2017-10-01", "presence", "warship", "4", "reported", "part", ""),
    # Two reports of one withdrawal of "aircraft", transports included: the second is the
    # running total and replaces the first.
    ("G4", "2017-02-01", "departure", "combat_aircraft", "8", "confirmed", "", "combat_aircraft;transport_aircraft"),
    ("G5", "2017-02-10", "departure", "combat_aircraft", "12", "confirmed", "cumulative",
     "combat_aircraft;transport_aircraft"),
]


def _toy_dataset(root, dep):
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, root / path.name)
    src = read_rows(root / "sources.csv")[1][0]  # graded C: every row "low"
    header = read_rows(root / "deployments.csv")[0]
    rows = []
    for i, day, action, cls, qty, status, scope, covers in dep:
        row = dict.fromkeys(header, "")
        row.update(deployment_id=i, actor="russia", date=day, time_precision="1", action=action,
                   asset_type=cls, asset_class=cls, quantity=qty, location_id="hmeimim_air_base",
                   claim_status=status, source_id=src, quote="toy", total_scope=scope,
                   covers_classes=covers, confidence="low")
        rows.append([row[h] for h in header])
    write_rows(root / "deployments.csv", [header] + rows)
    return analysis.load_dataset(root)


@pytest.fixture(scope="module")
def toy_later(tmp_path_factory):
    return _toy_dataset(tmp_path_factory.mktemp("forces_later"), DEP_LATER)


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    return _toy_dataset(tmp_path_factory.mktemp("forces"), DEP)


def _on(toy, day, family):
    return forces_in_theatre(day, family, dataset=toy).iloc[0]


def test_a_withdrawal_total_is_split_across_the_families_it_names(toy):
    jets, helis = _on(toy, "2016-02-02", "combat_aircraft"), _on(toy, "2016-02-02", "helicopters")
    assert (jets.estimate, helis.estimate) == (30 - 15, 10 - 5)  # 20 split 30:10
    assert jets.estimate + helis.estimate == 40 - 20  # the whole total leaves, once
    assert (jets.low, jets.high) == (30 - 20, 30 - 10)  # all of it, or what the helicopters can't cover
    assert (helis.low, helis.high) == (0, 10)
    assert "F3" in jets.rows and "F3" in helis.rows


def test_an_anchor_replaces_the_older_estimate(toy):
    jets = _on(toy, "2016-04-02", "combat_aircraft")
    assert (jets.estimate, jets.low, jets.high) == (40, 40, 40)
    assert jets.anchor_date == pd.Timestamp("2016-04-01") and jets.rows == "F4"


def test_a_running_total_replaces_the_earlier_one_and_not_what_the_anchor_already_counted(toy):
    assert _on(toy, "2016-05-10", "combat_aircraft").estimate == 40 - 5
    assert _on(toy, "2016-06-01", "combat_aircraft").estimate == 40 - 12  # not 40 - 5 - 12
    assert _on(toy, "2016-07-02", "combat_aircraft").estimate == 30 - (18 - 12)


def test_an_estimate_with_no_report_for_half_a_year_fades_to_unknown(toy):
    last = pd.Timestamp("2016-07-01")
    fresh = _on(toy, last + pd.Timedelta(days=STALE_AFTER_DAYS), "combat_aircraft")
    stale = _on(toy, last + pd.Timedelta(days=STALE_AFTER_DAYS + 1), "combat_aircraft")
    assert fresh.estimate == 24 and math.isnan(stale.estimate) and math.isnan(stale.low)
    assert stale.last_report == last  # says how old the last report is
    helis = _on(toy, pd.Timestamp("2016-02-01") + pd.Timedelta(days=STALE_AFTER_DAYS + 1), "helicopters")
    assert math.isnan(helis.estimate)


def test_a_part_does_not_keep_a_faded_total_alive(toy_later):
    # 2017-08-01: 212 days after the whole count of ten ships: unknown.
    assert math.isnan(_on(toy_later, "2017-08-01", "ships").estimate)
    # "Four frigates at the port" does not bring back the ten of January (nor says the
    # rest of the family is there): still unknown.
    ships = _on(toy_later, "2017-10-02", "ships")
    assert math.isnan(ships.estimate) and ships.last_report == pd.Timestamp("2017-01-01")
    # While the total is current, the same part lifts only the low bound.
    assert _on(toy_later, "2017-01-02", "ships").estimate == 10


def test_a_withdrawal_that_includes_transports_lowers_only_the_low_bound(toy_later):
    jets = _on(toy_later, "2017-02-11", "combat_aircraft")
    # The running total of 12 replaces the 8 reported before it (not 30 - 20). Any of the
    # 12 may have been transports: low 30 - 12, high 30, the estimate the middle.
    assert (jets.low, jets.high, jets.estimate) == (18, 30, 24)
    assert "G5" in jets.rows and "G4" not in jets.rows


def test_published_totals_sit_beside_the_estimate_of_the_day_before(toy):
    t = published_totals(dataset=toy).set_index("deployment_id")
    assert t.loc["F4", "reported"] == 40 and t.loc["F4", "estimate_before"] == 15
    assert t.loc["F4", "difference"] == 40 - 15 and t.loc["F4", "estimate"] == 40
    assert t.loc["F9", "family"] == "combat_aircraft + helicopters"
    assert t.loc["F9", "estimate_before"] == 30 + 10 and t.loc["F9", "difference"] == 5
    assert bool(t["comparable"].all())


def test_family_of_and_dates_beyond_the_record():
    assert family_of("warship") == "ships" and family_of("landing_ship") is None
    with pytest.raises(ValueError, match="after the last reports coded"):
        forces_in_theatre("2031-01-01")


def test_published_totals_text_reads_each_family_from_the_table():
    from analysis.forces.estimates import published_totals_text

    totals = pd.DataFrame({
        "family": ["ships", "ships", "personnel", "helicopters"],
        "comparable": [True, True, True, False],
        "estimate_before": [4.0, 6.0, float("nan"), 10.0],
        "difference": [2.0, -4.0, float("nan"), 50.0],
    })
    text = published_totals_text(totals)
    assert "- **ships**: 2 totals compared; on average the report was -1 against our estimate" in text
    assert "(largest gap 4)" in text
    assert "- **personnel**: 1 totals came after a stretch with no estimate" in text
    assert "helicopters" not in text  # not comparable
