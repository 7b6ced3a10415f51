"""syria-conflict-atlas: load, validate, analyse and map who held what in Syria, and when.

The public API is re-exported here; see the README for a tour.
"""

from analysis.data.boundaries import load_boundaries, load_neighbours, load_undof_zone
from analysis.data.errors import DataValidationError, Problem
from analysis.data.gazetteer import find_place
from analysis.data.load import (
    Dataset,
    DataWarning,
    load_actors,
    load_claims,
    load_control,
    load_dataset,
    load_deployments,
    load_events,
    load_locations,
    load_published_areas,
    load_routes,
    load_sources,
    load_statements,
)
from analysis.events.comparison import combine_events, match_events
from analysis.events.readers import read_acled, read_ucdp_ged

__all__ = [
    "Dataset",
    "DataValidationError",
    "DataWarning",
    "Problem",
    "load_dataset",
    "load_sources",
    "load_actors",
    "load_locations",
    "load_claims",
    "load_events",
    "load_control",
    "load_deployments",
    "load_statements",
    "load_routes",
    "load_published_areas",
    "load_boundaries",
    "load_neighbours",
    "load_undof_zone",
    "read_acled",
    "read_ucdp_ged",
    "combine_events",
    "match_events",
    "find_place",
]
__version__ = "0.2.0"
