"""Arguments are checked at the door: the error names the argument, the value and what is allowed."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from analysis.config import STUDY_END, STUDY_START
from analysis.data.arguments import as_date, check_date_range, check_governorate
from analysis.data.boundaries import distance_to_governorate_km
from analysis.drawing import charts, maps
from analysis.territory.control import changes, control_areas, control_at
from analysis.territory.series import area_by_side


@pytest.mark.parametrize("value", ["2015-09-30", pd.Timestamp("2015-09-30"),
                                   pd.Timestamp("2015-09-30").to_pydatetime(),
                                   pd.Timestamp("2015-09-30").date()])
def test_as_date_accepts_str_timestamp_datetime_and_date(value):
    assert as_date(value, "date") == pd.Timestamp("2015-09-30")


@pytest.mark.parametrize("value", ["2015-13-45", "yesterday", None, 3.5, ""])
def test_as_date_names_argument_value_and_format(value):
    with pytest.raises(ValueError) as exc:
        as_date(value, "as_of")
    assert str(exc.value).startswith(f"as_of={value!r} is not a date") and "YYYY-MM-DD" in str(exc.value)


def test_as_date_outside_study_period():
    before = str(STUDY_START - timedelta(days=1))
    with pytest.raises(ValueError, match=rf"date={before} is outside the coded range {STUDY_START} to {STUDY_END}"):
        as_date(before, "date")
    assert as_date(before, "date", within_study=False) == pd.Timestamp(before)


def test_check_date_range_and_governorate():
    check_date_range(pd.Timestamp("2015-01-01"), pd.Timestamp("2015-01-01"))
    with pytest.raises(ValueError, match="before"):
        check_date_range(pd.Timestamp("2015-01-02"), pd.Timestamp("2015-01-01"))
    with pytest.raises(ValueError, match="governorate='Idleb' is unknown; expected one of: Aleppo"):
        check_governorate("Idleb")


def test_bad_date_in_maps_is_named_before_any_drawing():
    snap, areas = control_at("2015-09-30"), control_areas("2015-09-30")
    with pytest.raises(ValueError, match=r"date='2015-02-30' is not a date"):
        maps.plot_control_map(snap, areas, date="2015-02-30")


def test_bad_date_in_charts_is_named():
    from analysis import load_dataset
    from analysis.forces.claims import claim_ledger, contradictions

    ds = load_dataset()
    args = (claim_ledger(dataset=ds), contradictions("speaker", dataset=ds), ds.claims)
    with pytest.raises(ValueError, match=r"start='Sept 2015x' is not a date"):
        charts.plot_claims_ledger(*args, start="Sept 2015x")
    with pytest.raises(ValueError, match=r"end=2015-08-01 is before start=2015-09-01"):
        charts.plot_claims_ledger(*args, start="2015-09-01", end="2015-08-01")


def test_distance_to_unknown_governorate_names_the_choices():
    with pytest.raises(ValueError, match=r"name='Narnia' is not a governorate; expected one of: Aleppo"):
        distance_to_governorate_km("Narnia", 36.3, 33.5)


def test_changes_end_before_start_raises_like_area_by_side():
    with pytest.raises(ValueError, match=r"end=2015-01-01 is before start=2015-05-01"):
        changes("2015-05-01", "2015-01-01")
    with pytest.raises(ValueError, match=r"end=2015-01-01 is before start=2015-05-01"):
        area_by_side("2015-05-01", "2015-01-01")


def test_control_at_bad_date():
    with pytest.raises(ValueError, match=r"date='31/12/2015x' is not a date"):
        control_at("31/12/2015x")
