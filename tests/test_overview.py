import pandas as pd

import analysis
from analysis.config import STUDY_END, STUDY_START
from analysis.data.schema import GOVERNORATES
from analysis.publishing import overview
from analysis.territory.control import changes

from .conftest import set_cell


def test_coverage_by_governorate_counts_match_the_tables():
    ds = analysis.load_dataset()
    cov = overview.coverage_by_governorate(dataset=ds)
    assert list(cov.index) == list(GOVERNORATES)
    assert cov["locations"].sum() == len(ds.locations)
    assert cov["changes"].sum() == len(changes(dataset=ds))
    assert cov["control_locations"].sum() == ds.control["location_id"].nunique()


def test_rows_by_month_counts_every_dated_row_in_range():
    ds = analysis.load_dataset()
    m = overview.rows_by_month(dataset=ds)
    inside = ds.events["event_date"].between(pd.Timestamp(STUDY_START), pd.Timestamp(STUDY_END))
    assert m["events"].sum() == inside.sum()
    assert m.index[0] == pd.Timestamp(STUDY_START).replace(day=1)
    assert m.index[-1] == pd.Timestamp(STUDY_END).replace(day=1)


def test_sources_by_grade_and_outlet():
    ds = analysis.load_dataset()
    assert overview.sources_by_grade(dataset=ds).values.sum() == len(ds.sources)
    top = overview.sources_by_outlet(dataset=ds, top=3)
    assert len(top) == 3 and top["rows_citing"].is_monotonic_decreasing


def test_validation_report_lists_problems_and_warnings(data_copy):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    report = overview.validation_report(data_copy)
    problems = report[report["severity"] == "problem"]
    assert problems[["file", "line", "column"]].values.tolist() == [["locations.csv", 2, "kind"]]
