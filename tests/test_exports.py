"""GIS exports (``python -m analysis export``): layers, CRS, rows, and what they say, read back with pyogrio."""

from __future__ import annotations

import json

import pandas as pd
import pyogrio
import pytest

from analysis.cli import main
from analysis.config import DATA_DIR
from analysis.data.load import load_dataset
from analysis.publishing.exports import EXPORT_LAYERS, export_gis
from analysis.territory.control import control_areas, control_at, control_intervals

DATE = "2015-10-01"


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "atlas.gpkg"
    assert main(["export", "--date", DATE, "--method", "reach", "--out", str(out)]) == 0
    return out


def test_the_geopackage_has_every_layer_in_wgs84(gpkg):
    layers = dict(pyogrio.list_layers(gpkg))
    assert list(layers) == list(EXPORT_LAYERS)
    assert layers["places"] == "Point" and layers["control_intervals"] == "Point"
    assert layers["about"] is None
    for name in ("places", "control_surface", "governorates", "control_intervals"):
        assert pyogrio.read_info(gpkg, layer=name)["crs"] == "EPSG:4326", name


def test_rows_match_the_library(gpkg):
    snapshot = control_at(DATE)
    assert pyogrio.read_info(gpkg, layer="places")["features"] == len(snapshot)
    assert pyogrio.read_info(gpkg, layer="control_intervals")["features"] == len(control_intervals())
    assert pyogrio.read_info(gpkg, layer="governorates")["features"] == len(load_dataset().boundaries)
    surface = pyogrio.read_dataframe(gpkg, layer="control_surface")
    assert list(surface["side"]) == list(control_areas(DATE, method="reach")["side"])
    assert "not_assessed" in set(surface["side"])


def test_a_place_is_held_by_the_controller_control_at_names(gpkg):
    places = pyogrio.read_dataframe(gpkg, layer="places").set_index("location_id")
    expected = control_at(DATE).set_index("location_id")
    for place in ("idlib", expected.index[0], expected.index[-1]):
        assert places.loc[place, "controller"] == expected.loc[place, "controller"]
        assert places.loc[place, "side"] == str(expected.loc[place, "side"])
        if pd.notna(expected.loc[place, "quote"]):
            assert places.loc[place, "quote"] == expected.loc[place, "quote"]
    assert places.loc["idlib", "valid_from"] == f"{expected.loc['idlib', 'valid_from']:%Y-%m-%d}"


def test_the_export_names_version_date_and_method(gpkg):
    from analysis import __version__

    about = pyogrio.read_dataframe(gpkg, layer="about").set_index("key")["value"]
    assert about["package_version"] == __version__
    assert about["date"] == DATE and about["method"] == "reach" and about["reach_km"] == "10"
    meta = pyogrio.read_info(gpkg, layer="places")["dataset_metadata"]
    assert meta["package_version"] == __version__ and meta["date"] == DATE


def test_geojson_writes_one_file_per_layer_and_replaces_a_folder(tmp_path):
    out = tmp_path / "atlas"
    out.mkdir()
    (out / "stale.geojson").write_text("{}")
    result = export_gis(out, date=DATE, fmt="geojson")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.geojson" for n in EXPORT_LAYERS)
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert len(places["features"]) == result.rows["places"] == len(control_at(DATE))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_exports_never_go_into_the_data_folder_and_bad_arguments_say_why(tmp_path, capsys):
    with pytest.raises(ValueError, match="data folder"):
        export_gis(DATA_DIR / "atlas.gpkg", date=DATE)
    assert not (DATA_DIR / "atlas.gpkg").exists()
    with pytest.raises(ValueError, match="format"):
        export_gis(tmp_path / "a.gpkg", date=DATE, fmt="shp")
    assert main(["export", "--date", "1999-01-01", "--out", str(tmp_path / "a.gpkg")]) == 2
    assert main(["export", "--date", DATE, "--method", "bogus", "--out", str(tmp_path / "a.gpkg")]) == 2
    assert "bogus" in capsys.readouterr().out and not (tmp_path / "a.gpkg").exists()


def test_an_export_of_another_data_folder(data_copy, tmp_path):
    import shutil

    shutil.copytree(DATA_DIR / "boundaries", data_copy / "boundaries")
    result = export_gis(tmp_path / "copy.gpkg", date=DATE, dataset=load_dataset(data_copy))
    assert result.rows["places"] == len(control_at(DATE))
    with pytest.raises(ValueError, match="data folder"):
        export_gis(data_copy / "atlas.gpkg", date=DATE, dataset=load_dataset(data_copy))
