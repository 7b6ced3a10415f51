"""GIS exports: the atlas on one day as a GeoPackage (or GeoJSON files) for QGIS, R or any GIS.

``python -m analysis export --date 2015-10-01`` writes one GeoPackage with the layers

``places``
    every studied place with its controller, side, status, source and quote on that day
    (:func:`analysis.territory.control.control_at`);
``control_surface``
    the control surface on that day by the chosen method
    (:func:`analysis.territory.control.control_areas`; ``not_assessed`` land for the reach
    methods);
``governorates``
    the 14 governorates' outlines;
``control_intervals``
    the whole interval table (every place's holders over the study period) as points;
``about``
    a table (no geometry) naming the package version, the day, the method and the data's
    hash; the same is written as the GeoPackage's metadata.

All layers are in EPSG:4326; dates are ISO text (``YYYY-MM-DD``), ``valid_to`` exclusive.
With ``fmt="geojson"`` the same layers go to one GeoJSON file each in a folder. The file
(or folder) is written beside its destination and renamed into place, so a reader never
sees half an export; nothing is ever written into a data folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import DATA_DIR, REPORTS_DIR
from analysis.data.arguments import DateLike, as_date
from analysis.data.load import Dataset, dataset_or_default

__all__ = ["EXPORT_FORMATS", "EXPORT_LAYERS", "ExportResult", "export_layers", "export_gis", "default_path"]

#: Formats of :func:`export_gis`: one GeoPackage, or a folder of GeoJSON files.
EXPORT_FORMATS = ("gpkg", "geojson")
#: The layers of an export, in the order they are written.
EXPORT_LAYERS = ("places", "control_surface", "governorates", "control_intervals", "about")


@dataclass
class ExportResult:
    """What :func:`export_gis` wrote: the file or folder, its format and rows per layer."""

    path: Path
    fmt: str
    rows: dict[str, int]


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns any GIS reads: text for categories, ISO dates, yes/no for booleans."""
    out = frame.copy()
    for name in out.columns:
        if name == "geometry":
            continue
        col = out[name]
        if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(col.dtype):
            out[name] = col.astype(object).where(col.notna(), None)
        elif pd.api.types.is_datetime64_any_dtype(col.dtype):
            out[name] = col.dt.strftime("%Y-%m-%d").astype(object).where(col.notna(), None)
        elif pd.api.types.is_bool_dtype(col.dtype):
            out[name] = col.map({True: "yes", False: "no"}).astype(object).where(col.notna(), None)
        elif isinstance(col.dtype, pd.ArrowDtype) or str(col.dtype) in ("Int64", "Int32", "Float64"):
            out[name] = col.astype("float64") if str(col.dtype) == "Float64" else col.astype(object)
        elif col.dtype == object:
            out[name] = col.map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple) else v)
    return out


def export_layers(
    date: DateLike, method: str = "voronoi", *, dataset: Dataset | None = None
) -> dict[str, pd.DataFrame]:
    """The export's layers for one day, as (Geo)DataFrames in EPSG:4326.

    Parameters
    ----------
    date : str or datetime-like
        A day of the study period.
    method : {"voronoi", "reach", "reach_population"}
        How the control surface is drawn (:func:`analysis.territory.control.control_areas`).
    dataset : Dataset, optional
        Defaults to the shipped data.

    Returns
    -------
    dict of str to DataFrame
        ``places``, ``control_surface``, ``governorates``, ``control_intervals`` (GeoDataFrames)
        and ``about`` (a DataFrame of ``key``, ``value``), with plain column types.

    Examples
    --------
    >>> layers = export_layers("2015-10-01")
    >>> list(layers)
    ['places', 'control_surface', 'governorates', 'control_intervals', 'about']
    """
    from analysis import __version__
    from analysis.data.load import data_content_hash
    from analysis.drawing.style import SIDE_LABELS
    from analysis.territory.control import control_areas, control_at, control_intervals

    day = as_date(date, "date")
    ds = dataset_or_default(dataset)
    actor_names = ds.actors.set_index("id")["name"]
    places = control_at(day, dataset=ds)
    places.insert(5, "controller_name", places["controller"].map(actor_names).astype(object))
    places.insert(7, "side_label", places["side"].astype(str).map(SIDE_LABELS))
    surface = control_areas(day, method=method, dataset=ds)
    surface.insert(1, "side_label", surface["side"].astype(str).map(SIDE_LABELS))
    reach_km = surface.attrs.get("reach_km")
    intervals = control_intervals(dataset=ds)
    intervals.insert(2, "controller_name", intervals["controller"].map(actor_names).astype(object))
    governorates = ds.boundaries.to_crs("EPSG:4326")
    about = pd.DataFrame(
        {
            "key": ["package", "package_version", "date", "method", "reach_km", "data_hash"],
            "value": [
                "syria-conflict-atlas",
                __version__,
                f"{day:%Y-%m-%d}",
                method,
                "" if reach_km is None else f"{reach_km:g}",
                data_content_hash(ds.data_dir),
            ],
        }
    )
    return {
        "places": _plain(places.to_crs("EPSG:4326")),
        "control_surface": _plain(surface),
        "governorates": _plain(governorates),
        "control_intervals": _plain(intervals.to_crs("EPSG:4326")),
        "about": about,
    }


def default_path(date: DateLike, method: str = "voronoi", fmt: str = "gpkg") -> Path:
    """Where an export goes by default: ``reports/exports/atlas_DATE_METHOD.gpkg`` (or a folder).

    Examples
    --------
    >>> default_path("2015-10-01").name
    'atlas_2015-10-01_voronoi.gpkg'
    """
    day = as_date(date, "date")
    suffix = ".gpkg" if fmt == "gpkg" else "_geojson"
    return REPORTS_DIR / "exports" / f"atlas_{day:%Y-%m-%d}_{method}{suffix}"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _write_gpkg(layers: dict[str, pd.DataFrame], path: Path) -> None:
    import pyogrio

    about = dict(zip(layers["about"]["key"], layers["about"]["value"]))
    for i, (name, frame) in enumerate(layers.items()):
        pyogrio.write_dataframe(
            frame,
            path,
            layer=name,
            driver="GPKG",
            append=i > 0,
            dataset_metadata=about if i == 0 else None,
            layer_metadata={"DESCRIPTION": f"{name} ({about['date']}, {about['method']})"},
        )


def _write_geojson(layers: dict[str, pd.DataFrame], folder: Path) -> None:
    import pyogrio

    folder.mkdir()
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, folder / f"{name}.geojson", driver="GeoJSON")


def export_gis(
    out: str | Path | None = None,
    *,
    date: DateLike,
    method: str = "voronoi",
    fmt: str = "gpkg",
    dataset: Dataset | None = None,
) -> ExportResult:
    """Write the atlas on one day as a GeoPackage, or as one GeoJSON file per layer.

    Parameters
    ----------
    out : str or Path, optional
        The ``.gpkg`` file, or for ``geojson`` the folder (replaced whole); default
        :func:`default_path`. Never inside the data folder.
    date : str or datetime-like
        A day of the study period.
    method : {"voronoi", "reach", "reach_population"}
        How the control surface is drawn.
    fmt : {"gpkg", "geojson"}
    dataset : Dataset, optional
        Defaults to the shipped data.

    Returns
    -------
    ExportResult

    Raises
    ------
    ValueError
        For an unknown format or method, a day outside the study period, or a destination
        inside the data folder.

    Examples
    --------
    >>> import tempfile, pathlib, pyogrio
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "atlas.gpkg"
    >>> result = export_gis(out, date="2015-10-01")
    >>> sorted(name for name, _ in pyogrio.list_layers(out))
    ['about', 'control_intervals', 'control_surface', 'governorates', 'places']
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format={fmt!r} is unknown; expected one of: {', '.join(EXPORT_FORMATS)}")
    ds = dataset_or_default(dataset)
    path = Path(out) if out is not None else default_path(date, method, fmt)
    for folder in {DATA_DIR, Path(ds.data_dir)}:
        if _inside(path, folder):
            raise ValueError(f"{path}: exports never go into a data folder ({folder}); choose another path")
    layers = export_layers(date, method, dataset=ds)
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        staged = work / path.name
        if fmt == "gpkg":
            _write_gpkg(layers, staged)
            os.replace(staged, path)
        else:
            _write_geojson(layers, staged)
            old = work / "old"
            if path.exists():
                os.replace(path, old)
            os.replace(staged, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ExportResult(path, fmt, {name: len(frame) for name, frame in layers.items()})
