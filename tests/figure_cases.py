"""Every figure the notebooks draw (the exported ones and notebook 04's chart), built as the
notebooks build them: shared by the layout tests (tests/test_figures.py) and the image
baselines (tests/test_figure_images.py)."""

from __future__ import annotations

import analysis
from analysis.drawing import charts, comparison, maps
from analysis.events import comparison as event_comparison
from analysis.forces import claims, deployments, estimates
from analysis.publishing import overview
from analysis.territory import control, published, series

from .event_samples import acled_sample, ucdp_sample

AS_OF = "2015-09-30"


def _surface(day, ds, method="voronoi"):
    return control.control_at(day, dataset=ds), control.control_areas(day, method, dataset=ds)


def _captures(governorate, start, end, ds):
    return maps.plot_capture_sequence(control.changes(start, end, governorate, dataset=ds), *_surface(end, ds),
                                      governorate=governorate, date=end, dataset=ds)


def _arrivals(ds):
    arrivals = deployments.distinct_arrivals(dataset=ds)
    return arrivals[arrivals["date"] <= deployments.BUILD_UP_END]


#: name -> (builder taking a Dataset, export size)
FIGURES = {
    "places": (lambda ds: maps.plot_locations(ds.locations, set(ds.control["location_id"]), dataset=ds), "double"),
    "coverage_by_month": (lambda ds: charts.plot_rows_by_month(overview.rows_by_month(dataset=ds)), "double"),
    "sources_by_grade": (lambda ds: charts.plot_sources_by_grade(overview.sources_by_grade(dataset=ds)), "single"),
    "control_map": (lambda ds: maps.plot_control_map(*_surface(AS_OF, ds), date=AS_OF, dataset=ds), "double"),
    "control_map_reach": (lambda ds: maps.plot_control_map(*_surface(AS_OF, ds, "reach"), date=AS_OF, dataset=ds),
                          "double"),
    "control_2015_small_multiples": (lambda ds: maps.plot_control_small_multiples(
        {d: _surface(d, ds) for d in maps.DEFAULT_SNAPSHOTS}, dataset=ds), "double"),
    "control_timeline": (lambda ds: charts.plot_control_timeline(control.control_intervals(dataset=ds)), "double"),
    "area_by_side": (lambda ds: charts.plot_area_by_side(series.area_by_side(dataset=ds)), "double"),
    "area_by_side_reach": (lambda ds: charts.plot_area_by_side(
        series.area_by_side(freq="QS", method="reach", dataset=ds)), "double"),
    "idlib_2015_captures": (lambda ds: _captures("Idlib", "2015-01-01", "2015-12-31", ds), "double"),
    "raqqa_2014_captures": (lambda ds: _captures("Raqqa", "2014-01-01", "2015-12-31", ds), "double"),
    "deployment_map": (lambda ds: maps.plot_deployment_map(_arrivals(ds), ds.routes, dataset=ds), "double"),
    "claims_ledger": (lambda ds: charts.plot_claims_ledger(claims.claim_ledger(dataset=ds),
                                                           claims.contradictions("speaker", dataset=ds), ds.claims),
                      "double"),
}
FIGURES.update({
    "russian_build_up": (lambda ds: charts.plot_forces_in_theatre(
        estimates.forces_in_theatre(freq="W", dataset=ds), charts.key_dates_from_events(ds.events)), "double"),
    "land_and_people": (lambda ds: comparison.plot_land_and_people(
        series.area_by_side(freq="QS", dataset=ds),
        series.population_series(freq="QS", method="voronoi", dataset=ds)), "double"),
    "published_comparison": (lambda ds: comparison.plot_published_comparison(
        published.compare_with_published(control.AREA_METHODS, dataset=ds)), "double"),
    # Notebook 04 shows it without exporting it: the shipped ACLED and UCDP samples.
    "monthly_counts_by_dataset": (lambda ds: charts.plot_monthly_counts_by_dataset(
        event_comparison.monthly_counts(event_comparison.combine_events(
            ds, acled_sample(), ucdp_sample()), start="2014-01-01", end="2016-12-31")), "double"),
})


def build(name: str, ds=None):
    """The figure ``name`` drawn from ``ds`` (default: the shipped data)."""
    make, _ = FIGURES[name]
    fig = make(ds if ds is not None else analysis.load_dataset())
    return getattr(fig, "figure", fig)
