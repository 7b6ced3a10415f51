"""The control explorer as one offline web page: no kernel, no network, no library.

Notebook 02's explorer (:func:`analysis.drawing.widgets.control_explorer`) needs a running
Python kernel. This module precomputes what it shows and writes a single HTML file of plain
JavaScript and SVG that any browser opens from the file system:

- the Voronoi control map (:func:`analysis.territory.control.control_cells` with
  ``method="voronoi"``) as SVG paths in the Lambert equal-area projection of
  :data:`analysis.config.EQUAL_AREA_CRS`, the governorates' outlines and a marker per place;
- a date slider over the study period at the animation's dates
  (:func:`analysis.publishing.animation.animation_dates`: monthly, daily through the final
  offensive), a play button and a governorate zoom;
- on hover and on click on a place (or its cell): its name, who held it on that date, the
  status, and the source with its quote, exactly as :func:`analysis.territory.control.control_at`
  finds them (the first interval in file order that covers the date).

The data are embedded as JSON. Per date, the side of every cell and of every place is one
character of a string (``"a"`` = the first side of ``sides`` ...), so the page stays small;
the places' intervals (with quotes and sources) are stored once, not per date.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import REPORTS_DIR, STUDY_YEARS
from analysis.data.io import atomic_write_bytes
from analysis.data.load import Dataset, dataset_or_default

__all__ = [
    "DEFAULT_PATH",
    "WebExplorerResult",
    "explorer_data",
    "explorer_html",
    "write_web_explorer",
    "SIDE_CODE_BASE",
]

#: Where ``python -m analysis web-explorer`` writes the page by default (git-ignored).
DEFAULT_PATH = REPORTS_DIR / "explorer.html"
#: Side codes: side ``i`` of the page's ``sides`` list is the character ``chr(SIDE_CODE_BASE + i)``.
SIDE_CODE_BASE = ord("a")
#: Width of the map in SVG units; the height follows Syria's shape.
MAP_WIDTH = 1000.0
#: Simplification of the outlines, metres (a few hundred metres are invisible at this scale).
SIMPLIFY_M = 300.0
_STATUS_CODES = {"held": "h", "contested": "c", "besieged": "b"}


@dataclass
class WebExplorerResult:
    """What :func:`write_web_explorer` wrote: the page, its size and what it holds."""

    path: Path
    size_bytes: int
    dates: int
    places: int
    cells: int
    seconds: float


def _svg_path(geom, project) -> str:
    """An SVG path (absolute coordinates, one decimal) of a polygon or multipolygon."""
    parts = []
    polygons = getattr(geom, "geoms", [geom])
    for poly in polygons:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = project(np.asarray(ring.coords)[:-1])
            parts.append("M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


def _code(index: int) -> str:
    return chr(SIDE_CODE_BASE + index)


def explorer_data(*, dataset: Dataset | None = None, dates: pd.DatetimeIndex | None = None) -> dict[str, Any]:
    """Everything the page shows, precomputed, as a JSON-ready dict.

    Parameters
    ----------
    dataset : Dataset, optional
        Defaults to the shipped data.
    dates : DatetimeIndex, optional
        The slider's dates; default :func:`analysis.publishing.animation.animation_dates`.

    Returns
    -------
    dict
        ``dates`` (ISO), ``sides`` (ids, labels and colours), ``cells`` (SVG paths and the
        places of each), ``places`` (id, name, governorate, kind, x, y, intervals),
        ``actors``, ``sources``, ``governorates`` (name, path, bounding box), and per date
        ``cell_sides`` and ``place_sides``: one side code per cell or place.

    Examples
    --------
    >>> d = explorer_data(dates=pd.DatetimeIndex(["2015-06-01"]))
    >>> len(d["place_sides"][0]) == len(d["places"])
    True
    """
    from analysis.config import EQUAL_AREA_CRS
    from analysis.drawing.style import METHOD_LABELS, SIDE_COLOURS, SIDE_LABELS
    from analysis.publishing.animation import animation_dates
    from analysis.territory.control import cell_sides, control_at, control_cells, control_intervals

    ds = dataset_or_default(dataset)
    days = animation_dates() if dates is None else pd.DatetimeIndex(dates)
    cells = control_cells(method="voronoi", dataset=ds)
    governorates = ds.boundaries.to_crs(EQUAL_AREA_CRS)
    minx, miny, maxx, maxy = governorates.total_bounds
    pad = 0.02 * (maxx - minx)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    scale = MAP_WIDTH / (maxx - minx)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([(xy[:, 0] - minx) * scale, (maxy - xy[:, 1]) * scale])

    places = control_at(days[0], dataset=ds)  # the studied places, in control_at's order
    place_index = {pid: i for i, pid in enumerate(places["location_id"])}
    points = project(np.column_stack(_xy(places.to_crs(EQUAL_AREA_CRS))))

    intervals = control_intervals(dataset=ds)
    # The sides: every side of the package's palette that the data use, in the palette's order.
    snapshots = _place_sides(intervals, list(place_index), days)
    cell_frames = [
        cell_sides(cells, pd.DataFrame({"location_id": list(place_index), "side": snap})).to_numpy()
        for snap in snapshots
    ]
    used = set().union(*(set(s) for s in snapshots), *(set(c) for c in cell_frames))
    sides = [s for s in SIDE_COLOURS if s in used]
    code = {s: _code(i) for i, s in enumerate(sides)}

    actors = ds.actors.reset_index(drop=True)
    actor_index = {a: i for i, a in enumerate(actors["id"])}
    cited = list(dict.fromkeys(intervals["source_id"].dropna().astype(str)))
    source_index = {s: i for i, s in enumerate(cited)}
    sources = ds.sources.set_index("id").loc[cited]
    per_place: list[list] = [[] for _ in place_index]
    for row in intervals.itertuples(index=False):
        i = place_index.get(row.location_id)
        if i is None:
            continue
        per_place[i].append(
            [
                f"{row.valid_from:%Y-%m-%d}",
                f"{row.valid_to:%Y-%m-%d}",
                actor_index.get(row.controller, -1),
                _STATUS_CODES.get(str(row.status), ""),
                source_index.get(str(row.source_id), -1) if pd.notna(row.source_id) else -1,
                "" if pd.isna(row.quote) else str(row.quote),
            ]
        )
    gov_rows = []
    for name, geom in sorted(zip(governorates["name"], governorates.geometry.simplify(SIMPLIFY_M))):
        x0, y0, x1, y1 = geom.bounds
        (px0, py1), (px1, py0) = project(np.array([[x0, y0], [x1, y1]]))
        gov_rows.append(
            {
                "name": str(name),
                "path": _svg_path(geom, project),
                "bbox": [round(v, 1) for v in (px0, py0, px1, py1)],
            }
        )
    return {
        "title": f"Who held what in Syria, {STUDY_YEARS}",
        "method": METHOD_LABELS["voronoi"],
        "width": MAP_WIDTH,
        "height": round((maxy - miny) * scale, 1),
        "dates": [f"{d:%Y-%m-%d}" for d in days],
        "sides": [{"id": s, "label": SIDE_LABELS[s], "colour": SIDE_COLOURS[s]} for s in sides],
        "actors": [[str(a), str(n), str(s)] for a, n, s in zip(actors["id"], actors["name"], actors["side"])],
        "sources": [
            [str(r.outlet), str(r.title), str(r.url), f"{r.reliability}{r.credibility}"]
            for r in sources.itertuples()
        ],
        "governorates": gov_rows,
        "cells": [
            {"path": _svg_path(g, project), "places": [place_index[i] for i in ids]}
            for g, ids in zip(cells.geometry.simplify(SIMPLIFY_M), cells["location_ids"])
        ],
        "places": [
            {
                "id": str(pid),
                "name": str(name),
                "governorate": str(gov),
                "kind": str(kind).replace("_", " "),
                "x": round(float(x), 1),
                "y": round(float(y), 1),
                "intervals": per_place[i],
            }
            for i, (pid, name, gov, kind, (x, y)) in enumerate(
                zip(places["location_id"], places["name"], places["governorate"], places["kind"], points)
            )
        ],
        "place_sides": ["".join(code[s] for s in snap) for snap in snapshots],
        "cell_sides": ["".join(code[s] for s in frame) for frame in cell_frames],
    }


def _place_sides(intervals: pd.DataFrame, place_ids: list[str], days: pd.DatetimeIndex) -> list[list[str]]:
    """The side holding each place on each day, by control_at's rule, for many days at once.

    The first interval in file order that covers the day gives the side; a place that no
    interval covers is ``unknown`` (:func:`analysis.territory.control.control_at`, which the
    tests compare with on several days).
    """
    index = {pid: i for i, pid in enumerate(place_ids)}
    rows = intervals[intervals["location_id"].isin(index)]
    place = rows["location_id"].map(index).to_numpy(dtype=int)
    start = rows["valid_from"].to_numpy(dtype="datetime64[D]")
    stop = rows["valid_to"].to_numpy(dtype="datetime64[D]")
    side = rows["side"].astype(str).to_numpy()
    out = []
    for day in days.to_numpy(dtype="datetime64[D]"):
        covering = np.flatnonzero((start <= day) & (day < stop))
        found, first = np.unique(place[covering], return_index=True)  # first row per place
        held = np.full(len(place_ids), "unknown", dtype=object)
        held[found] = side[covering[first]]
        out.append([str(v) for v in held])
    return out


def _xy(frame) -> tuple[np.ndarray, np.ndarray]:
    return frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()


def _embed(data: dict) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</`` or ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def explorer_html(data: dict) -> str:
    """The page: :data:`_TEMPLATE` with the data embedded.

    Examples
    --------
    >>> page = explorer_html({"title": "A </script> title", "dates": []})
    >>> page.startswith("<!DOCTYPE html>"), page.count("</script>")
    (True, 2)
    """
    from html import escape

    from analysis.publishing.web_explorer_page import TEMPLATE

    return TEMPLATE.replace("__TITLE__", escape(str(data.get("title", "")))).replace("__DATA__", _embed(data))


def write_web_explorer(
    path: str | Path = DEFAULT_PATH,
    *,
    dataset: Dataset | None = None,
    dates: pd.DatetimeIndex | None = None,
) -> WebExplorerResult:
    """Build the explorer page and write it (atomically).

    Parameters
    ----------
    path : str or Path
        The HTML file (default ``reports/explorer.html``).
    dataset : Dataset, optional
        Defaults to the shipped data.
    dates : DatetimeIndex, optional
        The slider's dates (default: monthly, daily through the final offensive).

    Returns
    -------
    WebExplorerResult
    """
    started = time.perf_counter()
    data = explorer_data(dataset=dataset, dates=dates)
    page = explorer_html(data).encode("utf-8")
    path = atomic_write_bytes(Path(path), page)
    return WebExplorerResult(
        path,
        len(page),
        len(data["dates"]),
        len(data["places"]),
        len(data["cells"]),
        time.perf_counter() - started,
    )
