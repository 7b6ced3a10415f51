"""The shipped dataset meets the quality bar: sourced, quoted, referentially whole, tiled."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.config import DATA_DIR, STUDY_START
from analysis.data.schema import GOVERNORATES, LIST_SEPARATOR, SCHEMAS, TABLE_ORDER
from analysis.territory.control import changes, coverage_gaps, studied_locations


@pytest.fixture(scope="module")
def ds():
    return analysis.load_dataset()


def test_loads_without_problems(ds):
    assert all(len(getattr(ds, n)) for n in TABLE_ORDER), ds.row_counts()


def test_every_row_cites_a_source_with_a_url_and_quotes_it(ds):
    urls = ds.sources.set_index("id")["url"]
    assert urls.str.match(r"^https?://").all()
    for name in TABLE_ORDER:
        schema = SCHEMAS[name]
        if name in ("sources", "actors", "claims"):
            continue
        table = getattr(ds, name)
        assert table["source_id"].notna().all(), name
        assert table["source_id"].isin(urls.index).all(), name
        assert (table["quote"].str.strip().str.len() > 0).all(), name
        assert "quote" in schema.column_names


def test_quotes_are_short(ds):
    for name in ("locations", "events", "control", "deployments", "statements"):
        words = getattr(ds, name)["quote"].str.split().str.len()
        assert (words <= 45).all(), getattr(ds, name).loc[words > 45, "quote"].tolist()


def test_every_source_is_cited(ds):
    cited = set()
    for name in TABLE_ORDER:
        for col in SCHEMAS[name].columns:
            if col.ref == "sources.id":
                values = getattr(ds, name)[col.name].dropna().astype(str)
                # a `refs` column lists several ids in one cell
                cited |= {i for v in values for i in v.split(LIST_SEPARATOR)}
    assert set(ds.sources["id"]) == cited


def test_control_intervals_tile_the_study_period(ds):
    gaps = coverage_gaps(dataset=ds)
    assert gaps.empty, gaps


def test_coverage_targets(ds):
    assert len(ds.locations) >= 80
    assert set(ds.locations["governorate"]) == set(GOVERNORATES)
    assert len(studied_locations(dataset=ds)) >= 60
    assert len(changes(dataset=ds)) >= 40
    assert ds.locations["name_ar"].notna().mean() > 0.75


@pytest.mark.parametrize("place", [
    "idlib", "jisr_al_shughur", "al_mastumah", "ariha", "abu_al_duhur_air_base", "al_fuah", "kafriya",
    "raqqa", "division_17", "brigade_93", "tabqa_air_base", "tal_abyad", "latakia", "hmeimim_air_base",
    "kessab", "salma", "jableh", "palmyra", "kuweires_air_base", "kobani", "deir_ez_zor",
    "deir_ez_zor_air_base", "aleppo_west", "aleppo_east", "damascus", "tartus",
])
def test_required_places_are_studied(ds, place):
    assert place in set(ds.control["location_id"])


@pytest.mark.parametrize("place,date,side", [
    ("idlib", "2015-03-28", "opposition"),          # Jaish al-Fatah took Idlib city
    ("jisr_al_shughur", "2015-04-25", "opposition"),
    ("abu_al_duhur_air_base", "2015-09-09", "nusra"),
    ("palmyra", "2016-03-27", "government"),
    ("palmyra", "2016-12-11", "isis"),
    ("tabqa_air_base", "2014-08-24", "isis"),
    ("aleppo_east", "2016-12-22", "government"),
])
def test_known_changes_of_hands(ds, place, date, side):
    ch = changes(dataset=ds)
    row = ch[(ch["location_id"] == place) & (ch["date"] == pd.Timestamp(date))]
    assert row["to_side"].tolist() == [side], ch[ch["location_id"] == place]


def test_russian_build_up_is_covered(ds):
    dep = ds.deployments
    # The build-up and the air campaign's first months are the densest stretch of the record.
    assert dep["date"].between("2015-08-01", "2016-05-31").sum() >= 80
    assert dep["date"].max() >= pd.Timestamp("2024-12-08")  # the bases after the fall of Damascus
    assert {"arrival", "strike", "departure"} <= set(dep["action"])
    assert {"combat_aircraft", "landing_ship", "air_defence", "cruise_missile"} <= set(dep["asset_class"])
    assert "hmeimim_air_base" in set(dep["location_id"].dropna())


def test_a_deployment_names_no_departure_place_that_its_sources_do_not():
    """Issue 24: the Tu-160s' origin was coded as Mozdok, which the cited page does not say.

    Every capitalised place word of ``origin`` (beyond Russia and its fleets) must occur in
    the row's quotes, notes or asset description.
    """
    import re

    generic = {"Russia", "Black", "Sea", "Fleet", "Fleets", "Pacific", "Northern", "Baltic", "North", "Ossetia",
               "United", "States", "Caspian", "Flotilla"}
    rows = pd.read_csv(DATA_DIR / "deployments.csv", dtype=str, keep_default_na=False)
    unsupported = []
    for line, r in enumerate(rows.itertuples(), 2):
        text = " ".join([r.quote, r.quote_en, r.notes, r.corroboration_quote, r.asset_type]).lower()
        words = [w for w in re.findall(r"[A-Za-z][\w-]+", r.origin) if w[0].isupper() and w not in generic]
        unsupported += [f"line {line} {r.deployment_id}: {w}" for w in words if w.lower() not in text]
    assert not unsupported, unsupported


def test_the_first_air_strikes_are_confirmed_as_moscow_confirmed_them_that_day():
    rows = pd.read_csv(DATA_DIR / "deployments.csv", dtype=str, keep_default_na=False)
    first = rows[(rows["date"] == "2015-09-30") & (rows["action"] == "strike")]
    assert len(first) and set(first["claim_status"]) == {"confirmed"}


ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first "
            "twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth twenty-seventh "
            "twenty-eighth twenty-ninth thirtieth thirty-first").split()
MONTHS = "January February March April May June July August September October November December".split()


def _days_named(text: str) -> set[tuple[int, int]]:
    """(month, day) pairs a quote names: '4 July', 'July 4', 'the fourth of July'."""
    import re

    months = "|".join(MONTHS)
    found = set()
    for d, m in re.findall(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({months})\b", text):
        found.add((MONTHS.index(m) + 1, int(d)))
    for m, d in re.findall(rf"\b({months}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)", text):
        found.add((MONTHS.index(m) + 1, int(d)))
    for o, m in re.findall(rf"\bthe ({'|'.join(ORDINALS)}) of ({months})\b", text, flags=re.I):
        found.add((MONTHS.index(m.capitalize()) + 1, ORDINALS.index(o.lower()) + 1))
    return found


def test_a_day_precise_start_is_the_day_its_quote_names():
    """Issue 24: Zabadani started on 3 July 2015 while its quote says 'since the fourth of July'.

    Where an interval with a known holder is dated to the day and its quote names exactly
    one day of the year, that day is where the interval starts or ends, or the notes give
    the start date and say why it differs (e.g. two agencies date the fall apart).
    """
    rows = pd.read_csv(DATA_DIR / "control.csv", dtype=str, keep_default_na=False)
    # A row that continues the previous interval (same holder, same status) marks no change.
    holder = rows["controller"] + "/" + rows["status"]
    previous = holder.loc[rows.sort_values(["location_id", "valid_from"]).index].groupby(rows["location_id"]).shift()
    continues = previous.reindex(rows.index) == holder
    first_day = f"{STUDY_START:%Y-%m-%d}"  # the study's first day: covered by the start-covered rule
    wrong = []
    for line, r in enumerate(rows.itertuples(), 2):
        if r.date_precision != "1" or r.controller == "unknown" or continues[r.Index] or r.valid_from == first_day:
            continue
        named = _days_named(r.quote)
        start = pd.Timestamp(r.valid_from)
        ends = {(start.month, start.day)}
        if r.valid_to:
            end = pd.Timestamp(r.valid_to)
            ends.add((end.month, end.day))
        explained = f"{start.day} {start:%b}" in r.notes
        if len(named) == 1 and not named & ends and not explained:
            wrong.append(f"line {line} {r.location_id} {r.valid_from}: quote names {named}")
    assert not wrong, "\n".join(wrong)
