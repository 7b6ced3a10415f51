"""ACLED and UCDP GED sample readers and fixtures shared by the event tests.

The fixtures in tests/fixtures are hand-written samples in the exact export formats (see
tests/fixtures/README.md); the known answers in the tests are read off those files.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import pandas as pd
import pytest

from analysis.events.readers import (
    SAMPLE_ACLED,
    SAMPLE_UCDP_GED,
    RowsLeftOutWarning,
    read_acled,
    read_ucdp_ged,
)

# Rows of the ACLED sample that the UCDP sample records too (same type, <= 1 day, <= 10 km).
ACLED_ALSO_IN_UCDP = {"SYR5001", "SYR5012", "SYR5040", "SYR5072", "SYR5090", "SYR5300",
                      "SYR5380", "SYR5400", "SYR5440", "SYR5460", "SYR5520"}


def acled_sample(path=SAMPLE_ACLED, **kw) -> gpd.GeoDataFrame:
    """The ACLED sample read without the cache, the rows-left-out warning silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        return read_acled(path, cache=False, **kw)


def ucdp_sample(path=SAMPLE_UCDP_GED, **kw) -> gpd.GeoDataFrame:
    """The UCDP GED sample read the same way."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        return read_ucdp_ged(path, cache=False, **kw)


def problems_of(exc: pytest.ExceptionInfo) -> pd.DataFrame:
    return exc.value.problems
