"""The readers' Dask engine (analysis.events.partitions): many files, local scheduler or cluster.

The ACLED and UCDP samples are split into parts; the Dask result must equal the eager
reader on the whole sample (the parts joined end to end), but for ``file_line``, which
counts in each part's own file.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import dask
import dask_geopandas
import geopandas as gpd
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from geopandas.testing import assert_geodataframe_equal

from analysis.data.errors import DataValidationError
from analysis.events import cache
from analysis.events import partitions as event_partitions
from analysis.events.comparison import monthly_counts
from analysis.events.readers import (
    SAMPLE_ACLED,
    SAMPLE_UCDP_GED,
    RowsLeftOutWarning,
    read_acled,
    read_summary,
    read_ucdp_ged,
)

from .conftest import read_rows, set_cell, write_rows
from .event_samples import acled_sample, ucdp_sample


def _split(sample: Path, folder: Path, parts: int = 3) -> list[Path]:
    """The sample's rows in ``parts`` files, each with the header, in order."""
    header, *rows = read_rows(sample)
    size = -(-len(rows) // parts)
    paths = []
    for k in range(parts):
        path = folder / f"{sample.stem}_part{k}.csv"
        write_rows(path, [header, *rows[k * size : (k + 1) * size]])
        paths.append(path)
    return paths


def _quietly(reader, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RowsLeftOutWarning)
        return reader(*args, **kw)


def _assert_same_as_eager(lazy, sample: Path, parts: list[Path], reader) -> None:
    """The lazy frame computed == the eager read of the whole sample (lines: per part)."""
    assert isinstance(lazy, dask_geopandas.GeoDataFrame)
    assert lazy.npartitions >= len(parts) and lazy.known_divisions
    got = lazy.compute()
    whole = reader(sample)
    assert list(got.columns) == list(whole.columns)
    assert got.dtypes.astype(str).to_dict() == whole.dtypes.astype(str).to_dict()
    assert_geodataframe_equal(got.drop(columns="file_line"), whole.drop(columns="file_line"))
    by_part = pd.concat([reader(p)["file_line"] for p in parts], ignore_index=True)
    pd.testing.assert_series_equal(got["file_line"], by_part)


@pytest.fixture
def acled_parts(tmp_path) -> list[Path]:
    return _split(SAMPLE_ACLED, tmp_path)


@pytest.fixture
def local_cluster():
    """Two workers (threads of this process, which keeps the test fast), closed after."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        yield cluster


# --------------------------------------------------------------------------- same as eager


def test_acled_parts_read_with_dask_equal_the_eager_read_of_the_whole_file(acled_parts, tmp_path):
    lazy = _quietly(read_acled, acled_parts, engine="dask", cache_dir=tmp_path / "c", scheduler="sync")
    _assert_same_as_eager(lazy, SAMPLE_ACLED, acled_parts, acled_sample)


def test_ucdp_parts_read_with_dask_equal_the_eager_read_of_the_whole_file(tmp_path):
    parts = _split(SAMPLE_UCDP_GED, tmp_path, parts=2)
    lazy = _quietly(read_ucdp_ged, str(tmp_path / "*_part*.csv"), engine="dask", cache_dir=tmp_path / "c")
    _assert_same_as_eager(lazy, SAMPLE_UCDP_GED, parts, ucdp_sample)


def test_a_file_larger_than_a_partition_gives_several_partitions(acled_parts, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "PARTITION_ROWS", 4)
    lazy = _quietly(read_acled, acled_parts, engine="dask", cache_dir=tmp_path / "c", scheduler="threads")
    assert lazy.npartitions == 8  # 9 + 9 + 10 rows kept of 11 + 11 + 10, in groups of 4
    _assert_same_as_eager(lazy, SAMPLE_ACLED, acled_parts, acled_sample)


def test_the_same_on_a_local_cluster_of_two_workers(acled_parts, tmp_path, local_cluster):
    with Client(local_cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        lazy = _quietly(read_acled, acled_parts, engine="dask", cache_dir=tmp_path / "c", client=client)
        _assert_same_as_eager(lazy, SAMPLE_ACLED, acled_parts, acled_sample)


def test_a_cluster_named_by_dask_scheduler_address(acled_parts, tmp_path, local_cluster, monkeypatch):
    # Dask reads $DASK_SCHEDULER_ADDRESS into its `scheduler-address` setting.
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", local_cluster.scheduler_address)
    dask.config.refresh()
    try:
        assert dask.config.get("scheduler-address") == local_cluster.scheduler_address
        lazy = _quietly(read_acled, acled_parts, engine="dask", cache_dir=tmp_path / "c")
    finally:
        monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
        dask.config.refresh()
    connected = event_partitions._CONNECTED.pop(local_cluster.scheduler_address)
    try:
        assert connected.status == "running"
        assert len(lazy.compute()) == 28
    finally:
        connected.close()


# --------------------------------------------------------------------------- checks


def test_a_bad_date_in_the_second_file_names_that_file_and_line(acled_parts, tmp_path):
    set_cell(acled_parts[1], 4, "event_date", "2015-02-30")
    with pytest.raises(DataValidationError) as exc:
        read_acled(acled_parts, engine="dask", cache_dir=tmp_path / "c", scheduler="sync")
    problems = exc.value.problems
    assert problems[["file", "line", "column", "value"]].values.tolist() == [
        [acled_parts[1].name, 4, "event_date", "2015-02-30"]
    ]
    assert "a date written like 2015-09-30" in problems.loc[0, "expected"]


def test_problems_of_every_file_are_raised_together_on_a_cluster(acled_parts, tmp_path, local_cluster):
    set_cell(acled_parts[0], 2, "fatalities", "many")
    set_cell(acled_parts[2], 5, "event_date", "2015-13-01")
    with Client(local_cluster) as client, pytest.raises(DataValidationError) as exc:
        read_acled(acled_parts, engine="dask", cache_dir=tmp_path / "c", client=client)
    assert exc.value.problems[["file", "line"]].values.tolist() == [
        [acled_parts[0].name, 2],
        [acled_parts[2].name, 5],
    ]


def test_rows_of_other_countries_are_counted_and_announced_per_file(acled_parts, tmp_path):
    with pytest.warns(RowsLeftOutWarning) as record:
        lazy = read_acled(acled_parts, engine="dask", cache_dir=tmp_path / "c", scheduler="sync")
    summary = read_summary(lazy)
    eager = read_summary(*(acled_sample(p) for p in acled_parts))
    with_left_out = eager.loc[eager["rows_left_out"] > 0, "file"].tolist()
    assert with_left_out and [str(w.message).split(":")[0] for w in record] == with_left_out
    assert record[0].filename == __file__
    cols = ["file", "rows_in_file", "rows_kept", "rows_left_out", "left_out_by_country"]
    pd.testing.assert_frame_equal(summary[cols], eager[cols])
    assert summary["rows_left_out"].sum() == 4 and summary["rows_kept"].sum() == len(lazy) == 28


def test_files_with_no_row_of_the_country_add_no_partition(acled_parts, tmp_path):
    lazy = _quietly(read_acled, acled_parts, "Iraq", engine="dask", cache_dir=tmp_path / "c")
    assert lazy.npartitions == 1
    got, whole = lazy.compute(), acled_sample(country="Iraq")
    # Same values; the category lists differ: a file whose rows are all left out brings no
    # categories (pyarrow drops the dictionary of an empty table), the whole file brings all.
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.drop(columns=["file_line", "geometry"])),
        pd.DataFrame(whole.drop(columns=["file_line", "geometry"])),
        check_categorical=False,
    )
    assert got.geometry.equals(whole.geometry)
    nothing = _quietly(read_acled, acled_parts, "Narnia", engine="dask", cache_dir=tmp_path / "c")
    assert len(nothing.compute()) == 0 and list(nothing.columns) == list(lazy.columns)
    assert read_summary(nothing)["rows_left_out"].tolist() == [11, 11, 10]


def test_monthly_counts_of_the_dask_frame_equal_the_eager_counts(acled_parts, tmp_path):
    lazy = _quietly(read_acled, acled_parts, engine="dask", cache_dir=tmp_path / "c")
    pd.testing.assert_frame_equal(monthly_counts(lazy), monthly_counts(acled_sample()))
    pd.testing.assert_frame_equal(
        monthly_counts(lazy, "2014-06-01", "2016-02-01"), monthly_counts(acled_sample(), "2014-06-01", "2016-02-01")
    )


def test_a_partitioned_geoparquet_dataset_reads_back_the_same_rows(acled_parts, tmp_path):
    lazy = _quietly(read_acled, acled_parts, engine="dask", cache_dir=tmp_path / "c")
    lazy.to_parquet(tmp_path / "acled_events")
    back = dask_geopandas.read_parquet(tmp_path / "acled_events")
    assert back.npartitions == lazy.npartitions
    got, want = back.compute(), lazy.compute()
    assert isinstance(got, gpd.GeoDataFrame) and got.crs.to_epsg() == 4326
    assert got.geometry.equals(want.geometry) and got["event_id"].tolist() == want["event_id"].tolist()


# --------------------------------------------------------------------------- arguments


def test_engine_and_paths_are_checked_at_the_door(acled_parts, tmp_path):
    with pytest.raises(ValueError, match=r"engine='spark': expected one of 'eager', 'dask'"):
        read_acled(SAMPLE_ACLED, engine="spark")
    with pytest.raises(TypeError, match="engine='eager' reads one file"):
        read_acled(acled_parts)
    with pytest.raises(ValueError, match="only engine='dask' runs on a scheduler"):
        read_acled(SAMPLE_ACLED, scheduler="threads")
    with pytest.raises(ValueError, match=r"scheduler='gpu': expected one of threads"):
        read_acled(acled_parts, engine="dask", scheduler="gpu")
    with pytest.raises(FileNotFoundError, match="the glob matches no file"):
        read_acled(str(tmp_path / "none-*.csv"), engine="dask")
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_acled([acled_parts[0], tmp_path / "missing.csv"], engine="dask")


def test_the_default_engine_is_unchanged():
    eager = acled_sample()
    assert type(eager) is gpd.GeoDataFrame and eager.attrs["read_report"]["rows_kept"] == 28
