"""Every figure the notebooks draw (the exported ones and notebook 04's chart), built as the
notebooks build them: shared by the layout tests (tests/test_figures.py) and the image
baselines (tests/test_figure_images.py)."""

from __future__ import annotations

import pandas as pd

import analysis
from analysis.drawing import charts, comparison, maps, period_charts
from analysis.events import comparison as event_comparison
from analysis.forces import claims, deployments, estimates
from analysis.publishing import overview
from analysis.territory import control, coverage, published, series

from .event_samples import acled_sample, ucdp_sample

AS_OF = "2015-09-30"


def _surface(day, ds, method="voronoi"):
    return control.control_at(day, dataset=ds), control.control_areas(day, method, dataset=ds)


def _captures(governorates, start, end, ds):
    governorates = [governorates] if isinstance(governorates, str) else governorates  # as notebook 02 passes them
    changes = control.changes(start, end, dataset=ds)
    changes = changes[changes["governorate"].isin(governorates)]
    return maps.plot_capture_sequence(changes, *_surface(end, ds), governorate=governorates, date=end,
                                      title=f"changes of hands, {start} to {end}", dataset=ds)


def _arrivals(ds):
    arrivals = deployments.distinct_arrivals(dataset=ds)
    return arrivals[arrivals["date"] <= deployments.BUILD_UP_END]


def _forces(ds):
    key = {pd.Timestamp("2015-09-30"): "air campaign begins", pd.Timestamp("2017-12-11"): "withdrawal at Hmeimim",
           pd.Timestamp("2024-12-08"): "fall of Damascus"}
    return charts.plot_forces_in_theatre(estimates.forces_in_theatre(freq="MS", dataset=ds), key,
                                         published=estimates.published_totals(dataset=ds))


OFFENSIVE_2024 = ["Aleppo", "Idlib", "Hama", "Homs", "Damascus", "Rif Dimashq", "Daraa", "Quneitra", "As-Suwayda",
                  "Deir ez-Zor", "Raqqa"]

#: name -> (builder taking a Dataset, export size)
FIGURES = {
    "places": (lambda ds: maps.plot_locations(ds.locations, set(ds.control["location_id"]), dataset=ds), "double"),
    "coverage_by_month": (lambda ds: charts.plot_rows_by_month(overview.rows_by_month(dataset=ds)), "double"),
    "sources_by_grade": (lambda ds: charts.plot_sources_by_grade(overview.sources_by_grade(dataset=ds)), "single"),
    "unknown_share": (lambda ds: period_charts.plot_unknown_share(coverage.unknown_share(dataset=ds)), "double"),
    "control_map": (lambda ds: maps.plot_control_map(*_surface(AS_OF, ds), date=AS_OF, dataset=ds), "double"),
    "control_map_reach": (lambda ds: maps.plot_control_map(*_surface(AS_OF, ds, "reach"), date=AS_OF, dataset=ds),
                          "double"),
    "control_2012_2014_small_multiples": (lambda ds: maps.plot_control_small_multiples(
        {d: _surface(d, ds) for d in coverage.snapshot_dates([2012, 2013, 2014])}, ncols=3, max_labels=3,
        dataset=ds), "double"),
    "control_2015_2024_small_multiples": (lambda ds: maps.plot_control_small_multiples(
        {d: _surface(d, ds) for d in coverage.snapshot_dates(range(2015, 2025), "2024-12-08")}, ncols=3,
        max_labels=0, dataset=ds), "double"),
    "places_by_governorate": (lambda ds: period_charts.plot_places_by_side(coverage.places_by_side(dataset=ds)),
                              "double"),
    "control_timeline": (lambda ds: charts.plot_control_timeline(
        control.control_intervals(dataset=ds).query("governorate == 'Idlib'")), "double"),
    "area_by_side": (lambda ds: charts.plot_area_by_side(series.area_by_side(dataset=ds)), "double"),
    "area_by_side_reach": (lambda ds: charts.plot_area_by_side(
        series.area_by_side(freq="QS", method="reach", dataset=ds)), "double"),
    "north_2012_captures": (lambda ds: _captures(["Hasakah", "Aleppo", "Raqqa"], "2012-07-01", "2012-12-31", ds),
                            "double"),
    "raqqa_2013_2014_captures": (lambda ds: _captures("Raqqa", "2013-01-01", "2014-12-31", ds), "double"),
    "idlib_2015_captures": (lambda ds: _captures("Idlib", "2015-01-01", "2015-12-31", ds), "double"),
    "east_2017_2019_captures": (lambda ds: _captures(["Raqqa", "Deir ez-Zor"], "2017-01-01", "2019-03-31", ds),
                                "double"),
    "south_2018_captures": (lambda ds: _captures(["Damascus", "Rif Dimashq", "Daraa", "Quneitra"], "2018-01-01",
                                                 "2018-12-31", ds), "double"),
    "idlib_2019_2020_captures": (lambda ds: _captures(["Idlib", "Hama", "Aleppo"], "2019-01-01", "2020-03-31", ds),
                                 "double"),
    "offensive_2024_captures": (lambda ds: _captures(OFFENSIVE_2024, "2024-11-27", "2024-12-07", ds), "double"),
    "deployment_map": (lambda ds: maps.plot_deployment_map(_arrivals(ds), ds.routes, dataset=ds), "double"),
    "russian_sites": (lambda ds: maps.plot_russian_sites(deployments.deployments(actor=None, dataset=ds),
                                                         dataset=ds), "double"),
    "claims_ledger": (lambda ds: charts.plot_claims_ledger(claims.claim_ledger(dataset=ds),
                                                           claims.contradictions("speaker", dataset=ds), ds.claims),
                      "double"),
    "claims_ledger_later": (lambda ds: charts.plot_claims_ledger(
        claims.claim_ledger(dataset=ds), claims.contradictions("speaker", dataset=ds), ds.claims,
        start="2016-01-01", end="2025-12-31"), "double"),
}
FIGURES.update({
    "russian_build_up": (_forces, "double"),
    "land_and_people": (lambda ds: comparison.plot_land_and_people(
        series.area_by_side(freq="QS", dataset=ds),
        series.population_series(freq="QS", method="voronoi", dataset=ds)), "double"),
    "published_comparison": (lambda ds: comparison.plot_published_comparison(
        published.compare_with_published(control.AREA_METHODS, dataset=ds)), "double"),
    "published_over_time": (lambda ds: period_charts.plot_published_over_time(
        series.area_by_side(dataset=ds), published.compare_with_published(dataset=ds)), "double"),
    # Notebook 04 shows it without exporting it: the shipped ACLED and UCDP samples.
    "monthly_counts_by_dataset": (lambda ds: charts.plot_monthly_counts_by_dataset(
        event_comparison.monthly_counts(event_comparison.combine_events(
            ds, acled_sample(), ucdp_sample()))), "double"),
})
#: Figures the notebooks export with a layout exception (the reason is in their sidecar): where
#: places changed hands a few km apart, numbered discs may touch each other or a neighbour's
#: marker. Only those problems are allowed for them.
DISC_CROWDING = {"north_2012_captures", "east_2017_2019_captures", "south_2018_captures",
                 "idlib_2019_2020_captures", "offensive_2024_captures"}


def build(name: str, ds=None):
    """The figure ``name`` drawn from ``ds`` (default: the shipped data)."""
    make, _ = FIGURES[name]
    fig = make(ds if ds is not None else analysis.load_dataset())
    return getattr(fig, "figure", fig)
