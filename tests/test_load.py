"""The loader: typed tables, geometry, row counts kept, the cache."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

import analysis
from analysis.config import DATA_DIR
from analysis.data import load
from analysis.data.schema import SCHEMAS, TABLE_ORDER

from .conftest import read_rows, set_cell


def test_row_count_in_equals_row_count_out_and_order_is_kept():
    ds = analysis.load_dataset()
    for name in TABLE_ORDER:
        rows = read_rows(DATA_DIR / f"{name}.csv")[1:]
        table = getattr(ds, name)
        assert len(table) == len(rows), name
        key = SCHEMAS[name].key
        if key and rows:
            col = read_rows(DATA_DIR / f"{name}.csv")[0].index(key)
            assert table[key].tolist() == [r[col] for r in rows]


def test_dtypes_follow_the_codebook():
    ds = analysis.load_dataset()
    assert isinstance(ds.locations["kind"].dtype, pd.CategoricalDtype)
    assert list(ds.locations["kind"].cat.categories) == list(SCHEMAS["locations"].column("kind").allowed)
    assert ds.events["event_date"].dtype == "datetime64[ns]"
    assert ds.events["fatalities"].dtype == "Int64"
    assert ds.events["disputed"].dtype == "boolean"
    assert ds.control["valid_from"].dtype == "datetime64[ns]"
    assert ds.locations["latitude"].dtype == "float64"


def test_place_tables_are_geodataframes_in_wgs84_joined_from_locations():
    ds = analysis.load_dataset()
    for name in ("locations", "events", "control", "deployments", "routes"):
        table = getattr(ds, name)
        assert isinstance(table, gpd.GeoDataFrame) and table.crs.to_epsg() == 4326, name
    points = dict(zip(ds.locations["id"], ds.locations.geometry))
    for frame in (ds.events, ds.control, ds.deployments):
        with_loc = frame[frame["location_id"].notna() & frame.get("latitude", pd.Series(float("nan"), index=frame.index)).isna()]
        for lid, geom in zip(with_loc["location_id"], with_loc.geometry):
            assert geom.equals(points[lid])


def test_event_with_its_own_coordinates_keeps_them(data_copy):
    set_cell(data_copy / "events.csv", 2, "latitude", "35.7")
    set_cell(data_copy / "events.csv", 2, "longitude", "37.1")
    ev = analysis.load_events(data_copy)
    assert (ev.geometry.iloc[0].x, ev.geometry.iloc[0].y) == (37.1, 35.7)


def test_loading_twice_reads_disk_once(monkeypatch):
    load._CACHE.clear()
    calls = []
    real = load.validate_tables
    monkeypatch.setattr(load, "validate_tables", lambda root: calls.append(root) or real(root))
    first = analysis.load_dataset()
    second = analysis.load_dataset()
    analysis.load_locations()
    assert len(calls) == 1
    assert first is not second  # each caller gets its own copy
    first.locations.loc[0, "name"] = "changed"
    assert analysis.load_dataset().locations.loc[0, "name"] != "changed"


def test_an_edited_file_is_read_again(data_copy):
    before = analysis.load_dataset(data_copy).claims["text"].iloc[0]
    set_cell(data_copy / "claims.csv", 2, "text", "An edited claim text that is longer than before")
    after = analysis.load_dataset(data_copy).claims["text"].iloc[0]
    assert before != after


def test_single_table_loaders_return_the_same_as_the_dataset():
    ds = analysis.load_dataset()
    for name in TABLE_ORDER:
        pd.testing.assert_frame_equal(getattr(analysis, f"load_{name}")(), getattr(ds, name))


def test_dataset_summary_helpers():
    ds = analysis.load_dataset()
    counts = ds.row_counts()
    assert list(counts.index) == list(TABLE_ORDER)
    assert "Dataset(" in repr(ds) and len(ds.content_hash) == 64
    assert ds.boundaries.shape[0] == 14 and ds.neighbours.shape[0] == 5


def test_content_hash_changes_with_the_data(data_copy):
    h1 = load.data_content_hash(data_copy)
    set_cell(data_copy / "claims.csv", 2, "notes", "edited")
    assert load.data_content_hash(data_copy) != h1


def test_validation_error_is_raised_by_every_loader(data_copy):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    with pytest.raises(analysis.DataValidationError):
        analysis.load_control(data_copy)
