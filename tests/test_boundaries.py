import geopandas as gpd
import pytest

from analysis.config import EQUAL_AREA_CRS
from analysis.data.boundaries import (
    distance_to_governorate_km,
    governorate_at,
    load_boundaries,
    load_neighbours,
    load_undof_zone,
    syria_outline,
)
from analysis.data.schema import GOVERNORATES


def test_fourteen_governorates_with_the_package_spelling():
    govs = load_boundaries()
    assert sorted(govs["name"]) == sorted(GOVERNORATES)
    assert set(govs["name_ne"]) >= {"Lattakia", "Ar Raqqah", "Dar`a"}
    assert govs.is_valid.all()


def test_area_matches_syria_within_half_a_percent():
    area = gpd.GeoSeries([syria_outline()], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.iloc[0] / 1e6
    # Natural Earth's outline; the official figure is 185,180 km².
    assert area == pytest.approx(185_180, rel=0.005)


@pytest.mark.parametrize("lon,lat,name", [
    (36.63, 35.93, "Idlib"), (35.79, 35.52, "Latakia"), (35.95, 35.41, "Latakia"),
    (39.01, 35.95, "Raqqa"), (38.57, 35.75, "Raqqa"), (36.29, 33.51, "Damascus"),
    (35.82, 33.12, "Quneitra"),  # Quneitra city lies in the UNDOF zone, merged into Quneitra
])
def test_known_points_fall_in_their_governorate(lon, lat, name):
    assert governorate_at([lon], [lat]).tolist() == [name]


def test_points_outside_syria_get_none():
    assert governorate_at([2.35], [48.85]).tolist() == [None]


def test_abu_al_duhur_is_in_aleppos_coarse_polygon_but_close_to_idlib():
    assert governorate_at([37.10], [35.73]).tolist() == ["Aleppo"]
    assert 0 < distance_to_governorate_km("Idlib", 37.10, 35.73) < 5


def test_neighbours_and_undof():
    assert sorted(load_neighbours()["name"]) == ["Iraq", "Israel", "Jordan", "Lebanon", "Turkey"]
    assert len(load_undof_zone()) == 1


def test_user_data_dir_without_boundaries_falls_back_to_shipped(tmp_path):
    assert len(load_boundaries(tmp_path)) == 14
