"""Known answers for the build-up count, its de-duplication, and the contradictions."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import analysis
from analysis.claims import claim_ledger, contradictions, government_of
from analysis.config import DATA_DIR
from analysis.deployments import asset_models, build_up, deployments, distinct_arrivals, reported_totals

from .conftest import read_rows, write_rows

DEP = [  # id, date, action, type, class, qty, location, status
    ("T1", "2015-09-09", "arrival", "tank landing ship", "landing_ship", "2", "", "reported"),
    ("T2", "2015-09-10", "arrival", "tank landing ship", "landing_ship", "2", "tartus", "confirmed"),  # same
    ("T3", "2015-10-01", "arrival", "landing ship", "landing_ship", "2", "tartus", "reported"),  # new voyage
    ("T4", "2015-09-19", "arrival", "Su-25", "combat_aircraft", "12", "hmeimim_air_base", "reported"),
    ("T5", "2015-09-19", "arrival", "Su-24", "combat_aircraft", "12", "hmeimim_air_base", "reported"),
    ("T6", "2015-09-18", "arrival", "tactical fighter jet", "combat_aircraft", "4", "hmeimim_air_base", "reported"),
    ("T7", "2015-09-20", "arrival", "Su-30SM", "combat_aircraft", "4", "latakia", "reported"),  # same as T6
    ("T8", "2016-03-16", "departure", "Su-25", "combat_aircraft", "4", "hmeimim_air_base", "confirmed"),
    ("T9", "2015-11-25", "arrival", "S-400", "air_defence", "", "hmeimim_air_base", "confirmed"),
    ("T10", "2015-09-30", "presence", "aircraft at base", "combat_aircraft", "32", "hmeimim_air_base", "reported"),
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
    for i, t, a, ty, c, q, loc, st in DEP:
        row = dict.fromkeys(dep_header, "")
        row.update(deployment_id=i, actor="russia", date=t, time_precision="1", action=a, asset_type=ty,
                   asset_class=c, quantity=q, location_id=loc, claim_status=st, source_id=src, quote="toy")
        rows.append([row[h] for h in dep_header])
    write_rows(root / "deployments.csv", [dep_header] + rows)
    st_header = read_rows(root / "statements.csv")[0]
    rows = []
    for i, d, who, org, claim, stance in ST:
        row = dict.fromkeys(st_header, "")
        row.update(statement_id=i, date=d, time_precision="1", speaker=who, organisation=org, claim_id=claim,
                   stance=stance, quote=f"quote {i}", source_id=src)
        rows.append([row[h] for h in st_header])
    write_rows(root / "statements.csv", [st_header] + rows)
    return analysis.load_dataset(root)


def test_same_arrival_is_counted_once_under_its_strongest_status(toy):
    moves = distinct_arrivals(toy)
    ships = moves[moves["asset_class"] == "landing_ship"]
    assert ships["deployment_ids"].tolist() == [("T1", "T2"), ("T3",)]
    assert ships["claim_status"].tolist() == ["confirmed", "reported"]
    assert ships["location_id"].tolist() == ["tartus", "tartus"]


def test_different_models_are_not_merged_but_generic_types_are(toy):
    jets = distinct_arrivals(toy).query("asset_class == 'combat_aircraft' and action == 'arrival'")
    assert sorted(jets["deployment_ids"]) == [("T4",), ("T5",), ("T6", "T7")]
    assert asset_models("Su-24M and Su-34") == {"Su-24", "Su-34"}


def test_cumulative_counts(toy):
    b = build_up(freq="D", dataset=toy).set_index(["date", "asset_class", "claim_status"])
    assert b.loc[("2015-09-20", "combat_aircraft", "reported"), "cumulative"] == 28  # 12 + 12 + 4
    assert b.loc[("2016-03-16", "combat_aircraft", "confirmed"), "cumulative"] == -4  # confirmed departure
    assert b.loc[("2015-10-01", "landing_ship", "reported"), "cumulative"] == 2
    assert b.loc[("2015-10-01", "landing_ship", "confirmed"), "cumulative"] == 2
    # An arrival without a number is marked, never counted.
    assert b.loc[("2015-11-25", "air_defence", "confirmed"), "unquantified"] == 1
    assert b.loc[("2015-11-25", "air_defence", "confirmed"), "cumulative"] == 0


def test_presence_totals_are_kept_apart(toy):
    t = reported_totals("combat_aircraft", toy)
    assert t["quantity"].tolist() == [32]


def test_filters_validate_their_arguments(toy):
    assert set(deployments("landing_ship", dataset=toy)["deployment_id"]) == {"T1", "T2", "T3"}
    with pytest.raises(ValueError, match="expected one of: combat_aircraft"):
        deployments("spaceship", dataset=toy)
    with pytest.raises(ValueError, match="outside the coded range"):
        deployments(start="2010-01-01", dataset=toy)
    with pytest.raises(ValueError, match="frequency"):
        build_up(freq="sometimes", dataset=toy)


def test_contradiction_pairs_and_day_counts(toy):
    by_speaker = contradictions("speaker", toy)
    assert by_speaker[["claim_id", "who", "days"]].values.tolist() == [["C02", "Vladimir Putin", 26]]
    by_org = contradictions("organisation", toy)
    pairs = {(r.claim_id, r.who): (r.direction, r.days) for r in by_org.itertuples()}
    assert pairs[("C01", "Russian Ministry of Defence")] == ("denied → confirmed", 30)
    assert ("C03", "Russian Foreign Ministry") not in pairs  # never denied
    with pytest.raises(ValueError, match="level="):
        contradictions("planet", toy)


def test_ledger_has_statements_and_rule_based_evidence(toy):
    ledger = claim_ledger("C01", toy)
    assert ledger["kind"].value_counts().to_dict() == {"evidence": 5, "statement": 2}  # T4-T7, T10
    assert ledger["date"].is_monotonic_increasing and ledger["url"].str.startswith("http").all()
    with pytest.raises(ValueError, match="claim_id="):
        claim_ledger("C99", toy)


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
