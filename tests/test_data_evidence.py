"""The shipped data meets the evidence rules of data/README.md that admit no exception."""

from __future__ import annotations

import pytest

import analysis
from analysis.data.audit import CORROBORATED_TABLES, audit, is_mirror
from analysis.data.schema import LIST_SEPARATOR, QUOTE_SEPARATOR


@pytest.fixture(scope="module")
def ds():
    return analysis.load_dataset()


@pytest.fixture(scope="module")
def report(ds):
    return audit(dataset=ds)


def test_no_source_is_a_mirror(ds, report):
    assert report.mirrors.empty, report.mirrors.to_string()
    assert not ds.sources["url"].astype(str).map(is_mirror).any()


def test_every_c_or_d_row_is_corroborated_or_marked_low(report):
    assert report.uncorroborated.empty, report.uncorroborated.to_string()


def test_low_confidence_rows_say_why(ds):
    for table in CORROBORATED_TABLES:
        frame = getattr(ds, table)
        low = frame[frame["confidence"].astype(str) == "low"]
        assert low["notes"].notna().all(), f"{table}: a low-confidence row without a note"


def test_corroboration_names_other_originators_with_one_quote_each(ds):
    originator = ds.sources.set_index("id")["originator"].astype(str)
    for table in CORROBORATED_TABLES:
        frame = getattr(ds, table)
        for row in frame[frame["corroborated_by"].notna()].itertuples():
            ids = str(row.corroborated_by).split(LIST_SEPARATOR)
            assert len(str(row.corroboration_quote).split(QUOTE_SEPARATOR)) == len(ids)
            assert all(originator[i] != originator[row.source_id] for i in ids), (table, row.Index)

