"""The columns of ACLED and UCDP GED exports and the project's event columns, with their types.

The shared vocabulary of the readers (:mod:`analysis.events.readers`), the per-file work
(:mod:`analysis.events.export_files`) and the Dask engine (:mod:`analysis.events.partitions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis.config import PROJECT_ROOT
from analysis.data.schema import GOVERNORATES, SYRIA_BOUNDS

if TYPE_CHECKING:
    pass

__all__ = [
    "ACLED_CATEGORY_COLUMNS",
    "ACLED_COLUMNS",
    "ACLED_NEWER_COLUMNS",
    "ACLED_REQUIRED",
    "DATASETS",
    "DATASET_DTYPE",
    "ENGINES",
    "EVENT_COLUMNS",
    "GOVERNORATE_DTYPE",
    "PARTITION_ROWS",
    "PRECISION_DTYPE",
    "READER_VERSION",
    "SAMPLE_ACLED",
    "SAMPLE_UCDP_GED",
    "UCDP_EVENT_TYPES",
    "UCDP_GED_CATEGORY_COLUMNS",
    "UCDP_GED_COLUMNS",
    "UCDP_GED_REQUIRED",
    "UCDP_GEO_PRECISION",
    "UCDP_TIME_PRECISION",
]


#: Bump when the mapping, the checks or the cached frame's layout change: cached reads made
#: by an older reader are then ignored, never reused.
READER_VERSION = "1"
#: Rows per Parquet row group of a cached read; ``engine="dask"`` makes one partition of
#: each row group, so a file becomes one or more partitions of at most this many rows.
PARTITION_ROWS = 131_072
#: The readers' engines: ``"eager"`` reads one file into memory (the default); ``"dask"``
#: reads a path, glob or list of files as a lazy ``dask_geopandas.GeoDataFrame``
#: (:mod:`analysis.events.partitions`).
ENGINES = ("eager", "dask")

#: The columns of an ACLED export, in the order ACLED's export tool writes them (2024).
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: Columns ACLED added in 2022-2023 (``disorder_type``, ``civilian_targeting``, ``tags``).
#: Older exports lack them; the reader adds them, empty, so that exports of every vintage
#: stack into the same columns.
ACLED_NEWER_COLUMNS = ("disorder_type", "civilian_targeting", "tags")
#: Columns the reader needs; every ACLED export since the 2019 codebook has them. Other
#: columns (including those of older exports, such as ``data_id`` or ``iso3``) are kept
#: as they are.
ACLED_REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
    "fatalities",
)

#: Text columns whose values repeat (types, actors, places, sources): read as pandas
#: categoricals. The values are ACLED's own; only the dtype differs from plain text.
ACLED_CATEGORY_COLUMNS = (
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "source",
    "source_scale",
    "tags",
)

#: The columns of a UCDP GED CSV (version 23.1 onwards), in file order.
UCDP_GED_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)
#: UCDP text columns read as categoricals (see :data:`ACLED_CATEGORY_COLUMNS`).
UCDP_GED_CATEGORY_COLUMNS = (
    "code_status",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_office",
    "source_original",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "country",
    "region",
)
UCDP_GED_REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_headline",
    "where_prec",
    "adm_1",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
)

#: UCDP ``date_prec`` → the codebook's time precision (1 day, 2 week, 3 month).
#: UCDP: 1 the exact day; 2 a range of 2-6 days; 3 the week; 4 a range of 8-30 days or the
#: month; 5 more than a month, up to the year. Code 5 is coarser than a month: such rows
#: are month-precision at best and should be read with care.
UCDP_TIME_PRECISION = {1: "1", 2: "2", 3: "2", 4: "3", 5: "3"}
#: UCDP ``where_prec`` → ACLED-style geo precision (1 the place, 2 near it or part of a
#: region, 3 only the governorate or coarser). UCDP: 1 the exact place; 2 within 25 km of a
#: known point; 3 the district (adm_2); 4 the governorate (adm_1); 5 a linear feature or an
#: area larger than a governorate; 6 only the country; 7 international waters or airspace.
UCDP_GEO_PRECISION = {1: "1", 2: "2", 3: "2", 4: "3", 5: "3", 6: "3", 7: "3"}
#: UCDP ``type_of_violence`` → ACLED event type. State-based (1) and non-state (2) conflict
#: are both fighting between organised armed groups, ACLED's Battles; one-sided violence (3)
#: is ACLED's Violence against civilians. UCDP counts air strikes and shelling as state-based
#: violence where ACLED codes Explosions/Remote violence, so the two never share a type for
#: a strike (see :func:`event_pairs`, ``same_type``).
UCDP_EVENT_TYPES = {1: "Battles", 2: "Battles", 3: "Violence against civilians"}

DATASETS = ("hand_coded", "acled", "ucdp_ged")
#: The columns every dataset shares after reading, in the order :func:`combine_events` uses.
EVENT_COLUMNS = (
    "dataset",
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "governorate",
    "file_line",
)
#: Small hand-written files in ACLED's and UCDP's exact export formats, used by the tests
#: and as notebook 04's defaults. They imitate real reporting of 2015 but are NOT ACLED or
#: UCDP data (see ``tests/fixtures/README.md``).
SAMPLE_ACLED = PROJECT_ROOT / "tests" / "fixtures" / "acled_sample.csv"
SAMPLE_UCDP_GED = PROJECT_ROOT / "tests" / "fixtures" / "ucdp_ged_sample.csv"

#: dtypes of the project's event columns, shared by the readers and the comparison.
PRECISION_DTYPE = pd.CategoricalDtype(["1", "2", "3"])
GOVERNORATE_DTYPE = pd.CategoricalDtype(list(GOVERNORATES))
DATASET_DTYPE = pd.CategoricalDtype(list(DATASETS))

#: Bounding boxes used to check coordinates for a country filter (lon_min, lat_min,
#: lon_max, lat_max); other countries are only checked against the world's ranges.
_COUNTRY_BOUNDS = {"Syria": SYRIA_BOUNDS}
#: At most this many problems are listed per column and kind; the rest are counted, so a
#: file with a systematic error gives a readable table instead of a million lines.
_MAX_LISTED = 50

# Date formats the exports have used: (example shown in errors, whole-cell pattern,
# strptime format, characters kept). ACLED wrote "30 September 2015" and
# "30-September-2015" before switching to ISO dates; UCDP writes "2015-09-30 00:00:00.000".
_ACLED_DATE_FORMATS = (
    ("2015-09-30", r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", None),
    ("30 September 2015", r"^\d{1,2} [A-Za-z]+ \d{4}$", "%d %B %Y", None),
    ("30-September-2015", r"^\d{1,2}-[A-Za-z]+-\d{4}$", "%d-%B-%Y", None),
)
_UCDP_DATE_FORMATS = (
    ("2015-09-30 00:00:00.000", r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$", "%Y-%m-%d", 10),
    ("2015-09-30", r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", None),
)
