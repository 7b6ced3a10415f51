"""Known answers for forces in theatre, the de-duplication of arrivals, and the contradictions."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

import analysis
from analysis.config import DATA_DIR
from analysis.forces.claims import claim_ledger, contradictions, government_of
from analysis.forces.deployments import (
    asset_models,
    deployments,
    distinct_arrivals,
    reported_totals,
)
from analysis.forces.estimates import forces_in_theatre

from .conftest import read_rows, write_rows

DEP = [  # id, date, action, type, class, qty, location, status, total_scope
    ("T1", "2015-09-09", "arrival", "tank landing ship", "landing_ship", "2", "", "reported", ""),
    ("T2", "2015-09-10", "arrival", "tank landing ship", "landing_ship", "2", "tartus", "confirmed", ""),  # same
    ("T3", "2015-10-01", "arrival", "landing ship", "landing_ship", "2", "tartus", "reported", ""),  # new voyage
    ("T4", "2015-09-19", "arrival", "Su-25", "combat_aircraft", "12", "hmeimim_air_base", "reported", ""),
    ("T5", "2015-09-19", "arrival", "Su-24", "combat_aircraft", "12", "hmeimim_air_base", "reported", ""),
    ("T6", "2015-09-18", "arrival", "tactical fighter jet", "combat_aircraft", "4", "hmeimim_air_base", "reported", ""),
    ("T7", "2015-09-20", "arrival", "Su-30SM", "combat_aircraft", "4", "latakia", "reported", ""),  # same as T6
    ("T8", "2016-03-16", "departure", "Su-25", "combat_aircraft", "4", "hmeimim_air_base", "confirmed", ""),
    ("T9", "2015-11-25", "arrival", "S-400", "air_defence", "", "hmeimim_air_base", "confirmed", ""),
    ("T10", "2015-09-30", "presence", "aircraft at base", "combat_aircraft", "32", "hmeimim_air_base", "reported",
     "class_total"),
    ("T11", "2015-11-10", "arrival", "Su-34", "combat_aircraft", "8", "hmeimim_air_base", "confirmed", ""),
    ("T12", "2015-11-12", "arrival", "Su-34", "combat_aircraft", "8", "latakia", "reported", ""),  # same as T11
    ("T13", "2015-11-20", "arrival", "Su-27SM", "combat_aircraft", "4", "hmeimim_air_base", "reported", ""),
    ("T14", "2015-11-24", "departure", "Su-24M (shot down)", "combat_aircraft", "1", "hmeimim_air_base",
     "confirmed", ""),
    ("T15", "2016-05-04", "departure", "aircraft withdrawn since 15 March", "combat_aircraft", "30",
     "hmeimim_air_base", "confirmed", "cumulative"),
    ("T16", "2015-12-01", "presence", "Su-24", "combat_aircraft", "40", "hmeimim_air_base", "reported", "part"),
    ("T17", "2016-02-01", "arrival", "Su-35S", "combat_aircraft", "4", "hmeimim_air_base", "reported", ""),
]
ST = [  # id, date, speaker, organisation, claim, stance
    ("S1", "2015-09-01", "unnamed source", "Russian Ministry of Defence", "C01", "denies"),
    ("S2", "2015-10-01", "Igor Konashenkov", "Russian Ministry of Defence", "C01", "reverses"),
    ("S3", "2015-09-04", "Vladimir Putin", "Kremlin (Presidential Administration)", "C02", "denies"),
    ("S4", "2015-09-30", "Vladimir Putin", "Kremlin (Presidential Administration)", "C02", "confirms"),
    ("S5", "2015-09-09", "Maria Zakharova", "Russian Foreign Ministry", "C03", "confirms"),
]


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    root = tmp_path_factory.mktemp("toy5")
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, root / path.name)
    src = read_rows(root / "sources.csv")[1][0]
    dep_header = read_rows(root / "deployments.csv")[0]
    rows = []
    for i, t, a, ty, c, q, loc, st, scope in DEP:
        row = dict.fromkeys(dep_header, "")
        row.update(deployment_id=i, actor="russia", date=t, time_precision="1", action=a, asset_type=ty,
                   asset_class=c, quantity=q, location_id=loc, claim_status=st, source_id=src, quote="toy",
                   total_scope=scope, confidence="low")
        rows.append([row[h] for h in dep_header])
    write_rows(root / "deployments.csv", [dep_header] + rows)
    st_header = read_rows(root / "statements.csv")[0]
    rows = []
    for i, d, who, org, claim, stance in ST:
        row = dict.fromkeys(st_header, "")
        row.update(statement_id=i, date=d, time_precision="1", speaker=who, organisation=org, claim_id=claim,
                   stance=stance, quote=f"quote {i}", source_id=src, confidence="low")
        rows.append([row[h] for h in st_header])
    write_rows(root / "statements.csv", [st_header] + rows)
    return analysis.load_dataset(root)


def test_same_arrival_is_counted_once_under_its_strongest_status(toy):
    moves = distinct_arrivals(dataset=toy)
    ships = moves[moves["asset_class"] == "landing_ship"]
    assert ships["deployment_ids"].tolist() == [("T1", "T2"), ("T3",)]
    assert ships["claim_status"].tolist() == ["confirmed", "reported"]
    assert ships["location_id"].tolist() == ["tartus", "tartus"]


def test_different_models_are_not_merged_but_generic_types_are(toy):
    jets = distinct_arrivals(dataset=toy).query("asset_class == 'combat_aircraft' and action == 'arrival'")
    assert sorted(jets["deployment_ids"]) == [("T11", "T12"), ("T13",), ("T17",), ("T4",), ("T5",), ("T6", "T7")]
    assert asset_models("Su-24M and Su-34") == {"Su-24", "Su-34"}


def _jets(toy, day):
    return forces_in_theatre(day, "combat_aircraft", dataset=toy).iloc[0]


def test_forces_before_any_total_count_distinct_arrivals(toy):
    jets = _jets(toy, "2015-09-20")
    assert (jets.estimate, jets.low, jets.high) == (28, 0, 28)  # 12 + 12 + 4 reported, none confirmed
    assert jets.evidence == "reported" and jets.rows == "T6, T7, T4, T5"
    assert math.isnan(_jets(toy, "2015-09-01").estimate)  # nothing reported yet: unknown, not 0


def test_forces_from_a_total_then_arrivals_and_a_loss(toy):
    # 32 at the base on 30 Sep; 8 Su-34 arrive (reported twice, counted once, confirmed);
    # 4 Su-27SM only reported; one Su-24M lost.
    jets = _jets(toy, "2015-11-25")
    assert jets.estimate == 32 + 8 + 4 - 1
    assert jets.low == 32 + 8 - 1  # only confirmed arrivals, every loss
    assert jets.high == 32 + 8 + 4 - 1  # every arrival, confirmed losses
    assert jets.evidence == "confirmed" and jets.anchor_date == pd.Timestamp("2015-09-30")
    assert jets.rows.split(", ") == ["T10", "T11", "T12", "T13", "T14"]


def test_a_reported_part_is_a_floor_and_nothing_is_negative(toy):
    assert _jets(toy, "2015-12-02").low == 40  # "40 Su-24" seen: at least 40 of the family
    # The 30 withdrawn by May are a running total of the withdrawal (the departures since the
    # last arrival, 1 Feb): it includes the 4 Su-25 of 16 March, not the Su-24M lost in November.
    may = _jets(toy, "2016-05-10")
    assert may.estimate == 32 + 8 + 4 - 1 + 4 - 30
    assert may.low == 32 + 8 - 1 - 30 and may.high == may.estimate
    assert "T14" in may.rows and "T15" in may.rows and "T8" not in may.rows
    series = forces_in_theatre(freq="D", dataset=toy)
    assert (series[["estimate", "low", "high"]].fillna(0) >= 0).all().all()
    ok = series.dropna(subset=["estimate"])
    assert ((ok["low"] <= ok["estimate"]) & (ok["estimate"] <= ok["high"])).all()


def test_forces_table_by_family_for_one_day(toy):
    table = forces_in_theatre("2015-10-15", dataset=toy).set_index("family")
    assert list(table.index) == ["combat_aircraft", "helicopters", "transport_aircraft", "ships",
                                 "air_defence", "armour", "artillery", "personnel"]
    assert table.loc["combat_aircraft", "estimate"] == 32
    assert math.isnan(table.loc["air_defence", "estimate"])  # S-400 reported without a number
    assert math.isnan(table.loc["ships", "estimate"])  # landing-ship voyages are not presence


def test_presence_totals_are_kept_apart(toy):
    t = reported_totals("combat_aircraft", dataset=toy)
    assert t["quantity"].tolist() == [32, 40]


def test_filters_validate_their_arguments(toy):
    assert set(deployments("landing_ship", dataset=toy)["deployment_id"]) == {"T1", "T2", "T3"}
    with pytest.raises(ValueError, match="expected one of: combat_aircraft"):
        deployments("spaceship", dataset=toy)
    with pytest.raises(ValueError, match="outside the coded range"):
        deployments(start="2010-01-01", dataset=toy)
    with pytest.raises(ValueError, match="frequency"):
        forces_in_theatre(freq="sometimes", dataset=toy)
    with pytest.raises(ValueError, match="asset_class='jets' is unknown"):
        forces_in_theatre("2015-10-15", "jets", dataset=toy)
    with pytest.raises(ValueError, match="end=2015-09-01 is before start=2015-10-01"):
        forces_in_theatre(start="2015-10-01", end="2015-09-01", dataset=toy)


def test_contradiction_pairs_and_day_counts(toy):
    by_speaker = contradictions("speaker", dataset=toy)
    assert by_speaker[["claim_id", "who", "days"]].values.tolist() == [["C02", "Vladimir Putin", 26]]
    by_org = contradictions("organisation", dataset=toy)
    pairs = {(r.claim_id, r.who): (r.direction, r.days) for r in by_org.itertuples()}
    assert pairs[("C01", "Russian Ministry of Defence")] == ("denied → confirmed", 30)
    assert ("C03", "Russian Foreign Ministry") not in pairs  # never denied
    with pytest.raises(ValueError, match="level="):
        contradictions("planet", dataset=toy)


def test_ledger_has_statements_and_rule_based_evidence(toy):
    ledger = claim_ledger("C01", dataset=toy)
    assert ledger["kind"].value_counts().to_dict() == {"evidence": 10, "statement": 2}  # jets: T4-T7, T10-T13, T16, T17
    assert ledger["date"].is_monotonic_increasing and ledger["url"].str.startswith("http").all()
    with pytest.raises(ValueError, match="claim_id="):
        claim_ledger("C99", dataset=toy)


def test_government_of():
    assert government_of("Russian Ministry of Defence") == "Russia"
    assert government_of("Syrian government") == "Syria"
    assert government_of("U.S. Department of Defense") == "United States"
    assert government_of("UN") == "other"


def test_shipped_data_contradictions_include_the_articles_reversal():
    pairs = contradictions("organisation")
    mod = pairs[(pairs["claim_id"] == "C01") & (pairs["who"] == "Russian Ministry of Defence")]
    assert not mod.empty and (mod["direction"] == "denied → confirmed").all()
    assert (pd.to_datetime(mod["later_date"]) == pd.Timestamp("2015-10-01")).all()


def test_forces_at_moments_sits_beside_the_latest_russian_statement(toy):
    from analysis.forces.estimates import forces_at_moments

    t = forces_at_moments({"early": "2015-09-20", "later": "2015-11-25"}, dataset=toy).set_index("moment")
    assert t.loc["early", "combat_aircraft"] == "28 (0-28)"
    assert t.loc["later", "combat_aircraft"] == "43 (39-43)"
    assert t.loc["early", "helicopters"] == "unknown"
    # Toy statements: S5 (Zakharova, 9 Sep, confirms) is the last Russian word before 20 Sep.
    assert (t.loc["early", "speaker"], t.loc["early", "stance"]) == ("Maria Zakharova", "confirms")
    assert t.loc["later", "statement_date"] == pd.Timestamp("2015-10-01")
