"""Combining, matching and counting events across datasets (analysis.events.comparison).

The fixtures in tests/fixtures are hand-written samples in the exact export formats (see
tests/fixtures/README.md); the known answers below are read off those files.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.events.comparison import (
    combine_events,
    event_pairs,
    hand_coded_events,
    match_events,
    monthly_counts,
)
from analysis.events.readers import (
    EVENT_COLUMNS,
)

from .event_samples import ACLED_ALSO_IN_UCDP
from .event_samples import acled_sample as _acled
from .event_samples import ucdp_sample as _ucdp

# --------------------------------------------------------------------------- fixtures


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

    from analysis.drawing.charts import plot_monthly_counts_by_dataset

    counts = monthly_counts(combine_events(hand_coded_events(), _acled()))
    ax = plot_monthly_counts_by_dataset(counts, governorate="Idlib", mark="2015-09-30")
    assert len(ax.get_lines()) == 3  # two datasets and the as_of line
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="governorate='Idleb'"):
        plot_monthly_counts_by_dataset(counts, governorate="Idleb")


# --------------------------------------------------------------------------- cache


