"""Syria's governorates and its neighbours, read from files shipped in ``data/boundaries``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from analysis.config import BOUNDARIES_DIR, EQUAL_AREA_CRS

__all__ = [
    "boundaries_dir",
    "load_boundaries",
    "load_neighbours",
    "load_undof_zone",
    "load_region",
    "syria_outline",
    "governorate_at",
    "distance_to_governorate_km",
]


def boundaries_dir(data_dir: str | Path | None = None) -> Path:
    """Folder of the boundary files for a data folder.

    A user's own copy of the tables may carry no ``boundaries/``: the shipped ones are
    used then.

    Examples
    --------
    >>> boundaries_dir().name
    'boundaries'
    """
    if data_dir is not None and (Path(data_dir) / "boundaries" / "governorates.geojson").exists():
        return Path(data_dir) / "boundaries"
    return BOUNDARIES_DIR


@lru_cache(maxsize=8)
def _read(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path, engine="pyogrio")


def load_boundaries(data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Syria's 14 governorates (Natural Earth 10m admin-1), in EPSG:4326.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder with its own ``boundaries/governorates.geojson``; the shipped
        boundaries are used when it has none.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``name`` (the package's spelling, e.g. ``Latakia``), ``name_ne`` (Natural
        Earth's, e.g. ``Lattakia``), ``name_alt`` (``|``-separated variants),
        ``code_hasc`` and ``geometry``. The UNDOF zone is merged into Quneitra.

    Examples
    --------
    >>> govs = load_boundaries()
    >>> len(govs), govs.crs.to_epsg()
    (14, 4326)
    """
    return _read(boundaries_dir(data_dir) / "governorates.geojson").copy()


def load_neighbours(data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Outlines of Turkey, Iraq, Jordan, Lebanon and Israel near Syria (Natural Earth 50m).

    Examples
    --------
    >>> sorted(load_neighbours()["name"])
    ['Iraq', 'Israel', 'Jordan', 'Lebanon', 'Turkey']
    """
    return _read(boundaries_dir(data_dir) / "neighbours.geojson").copy()


def load_undof_zone(data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """The UN Disengagement Observer Force zone in the Golan, drawn hatched on maps.

    Examples
    --------
    >>> load_undof_zone()["name"].tolist()
    ['UNDOF zone']
    """
    return _read(boundaries_dir(data_dir) / "undof_zone.geojson").copy()


def load_region(data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Countries from the Black Sea to the Levant (Natural Earth 50m, simplified).

    For context maps such as the naval route to Tartus.

    Examples
    --------
    >>> {"Russia", "Turkey", "Syria"} <= set(load_region()["name"])
    True
    """
    return _read(boundaries_dir(data_dir) / "region.geojson").copy()


def syria_outline(governorates: gpd.GeoDataFrame | None = None) -> shapely.Geometry:
    """Syria's border as one (multi)polygon, the union of the governorates.

    Examples
    --------
    >>> syria_outline().geom_type in ("Polygon", "MultiPolygon")
    True
    """
    govs = load_boundaries() if governorates is None else governorates
    return shapely.union_all(govs.geometry.values)


def governorate_at(longitude, latitude, governorates: gpd.GeoDataFrame | None = None) -> np.ndarray:
    """Name of the governorate polygon containing each point, or None outside Syria.

    Parameters
    ----------
    longitude, latitude : array-like of float
        Coordinates in decimal degrees (EPSG:4326).
    governorates : GeoDataFrame, optional
        Defaults to :func:`load_boundaries`.

    Returns
    -------
    numpy.ndarray of object

    Examples
    --------
    >>> governorate_at([36.63], [35.93]).tolist()
    ['Idlib']
    """
    govs = load_boundaries() if governorates is None else governorates
    x = np.asarray(longitude, dtype=float)
    y = np.asarray(latitude, dtype=float)
    out = np.full(x.shape, None, dtype=object)
    for name, geom in zip(govs["name"], govs.geometry.values):
        shapely.prepare(geom)
        inside = shapely.contains_xy(geom, x, y) & (out == None)  # noqa: E711
        out[inside] = name
    return out


def distance_to_governorate_km(
    name: str, longitude: float, latitude: float, governorates: gpd.GeoDataFrame | None = None
) -> float:
    """Distance in km from a point to a governorate polygon (0 inside), equal-area CRS.

    Examples
    --------
    >>> round(distance_to_governorate_km("Idlib", 36.63, 35.93), 1)
    0.0
    """
    govs = load_boundaries() if governorates is None else governorates
    match = govs.loc[govs["name"] == name]
    if match.empty:
        raise ValueError(
            f"name={name!r} is not a governorate; expected one of: " + ", ".join(sorted(govs["name"]))
        )
    geom = match.to_crs(EQUAL_AREA_CRS).geometry.iloc[0]
    point = gpd.points_from_xy([longitude], [latitude], crs="EPSG:4326").to_crs(EQUAL_AREA_CRS)
    return float(geom.distance(point[0]) / 1000.0)
