"""Every figure the notebooks export, built as the notebooks build it: shared by the layout
tests (tests/test_figures.py) and the image baselines (tests/test_figure_images.py)."""

from __future__ import annotations

import analysis
from analysis import claims, control, deployments, overview
from analysis.plotting import charts, maps

AS_OF = "2015-09-30"


def _surface(day, ds, method="voronoi"):
    return control.control_at(day, ds), control.control_areas(day, method, dataset=ds)


def _captures(governorate, start, end, ds):
    return maps.plot_capture_sequence(control.changes(start, end, governorate, ds), *_surface(end, ds),
                                      governorate=governorate, date=end, dataset=ds)


def _arrivals(ds):
    arrivals = deployments.distinct_arrivals(ds)
    return arrivals[arrivals["date"] <= deployments.BUILD_UP_END]


#: name -> (builder taking a Dataset, export size)
FIGURES = {
    "places": (lambda ds: maps.plot_locations(ds.locations, set(ds.control["location_id"]), dataset=ds), "double"),
    "coverage_by_month": (lambda ds: charts.plot_rows_by_month(overview.rows_by_month(ds)), "double"),
    "sources_by_grade": (lambda ds: charts.plot_sources_by_grade(overview.sources_by_grade(ds)), "single"),
    "control_map": (lambda ds: maps.plot_control_map(*_surface(AS_OF, ds), date=AS_OF, dataset=ds), "double"),
    "control_map_reach": (lambda ds: maps.plot_control_map(*_surface(AS_OF, ds, "reach"), date=AS_OF, dataset=ds),
                          "double"),
    "control_2015_small_multiples": (lambda ds: maps.plot_control_small_multiples(
        {d: _surface(d, ds) for d in maps.DEFAULT_SNAPSHOTS}, dataset=ds), "double"),
    "control_timeline": (lambda ds: charts.plot_control_timeline(control.control_intervals(ds)), "double"),
    "area_by_side": (lambda ds: charts.plot_area_by_side(control.area_by_side(dataset=ds)), "double"),
    "area_by_side_reach": (lambda ds: charts.plot_area_by_side(
        control.area_by_side(freq="QS", method="reach", dataset=ds)), "double"),
    "idlib_2015_captures": (lambda ds: _captures("Idlib", "2015-01-01", "2015-12-31", ds), "double"),
    "raqqa_2014_captures": (lambda ds: _captures("Raqqa", "2014-01-01", "2015-12-31", ds), "double"),
    "deployment_map": (lambda ds: maps.plot_deployment_map(_arrivals(ds), ds.routes, dataset=ds), "double"),
    "claims_ledger": (lambda ds: charts.plot_claims_ledger(claims.claim_ledger(dataset=ds),
                                                           claims.contradictions("speaker", ds), ds.claims),
                      "double"),
}
# The forces-in-theatre chart (notebook 03) joins FIGURES once its builder lands:
if hasattr(charts, "plot_forces_in_theatre") and hasattr(deployments, "forces_in_theatre"):
    FIGURES["russian_forces_in_theatre"] = (
        lambda ds: charts.plot_forces_in_theatre(deployments.forces_in_theatre(freq="W", dataset=ds)), "double")
elif hasattr(charts, "plot_build_up"):
    FIGURES["russian_build_up"] = (lambda ds: charts.plot_build_up(ds), "double")


def build(name: str, ds=None):
    """The figure ``name`` drawn from ``ds`` (default: the shipped data)."""
    make, _ = FIGURES[name]
    fig = make(ds if ds is not None else analysis.load_dataset())
    return getattr(fig, "figure", fig)
