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


def test_rows_by_month_counts_handovers_apart_and_the_chart_cuts_their_bar():
    from analysis.drawing import charts
    from analysis.territory.control import changes

    ds = analysis.load_dataset()
    m = overview.rows_by_month(dataset=ds)
    ch = changes(dataset=ds)
    handed = ch["to_controller"].eq("new_syrian_authorities")
    assert m["to_new_authorities"].sum() == handed.sum() > 0
    assert m["changes"].sum() == (~handed).sum()
    ax = charts.plot_rows_by_month(m)
    fighting = m.drop(columns="to_new_authorities").sum(axis=1).max()
    assert ax.get_ylim()[1] < m.sum(axis=1).max() and ax.get_ylim()[1] > fighting
    assert any("handovers (bar cut)" in t.get_text() for t in ax.texts)
