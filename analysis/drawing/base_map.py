"""The map's furniture: boundaries, place markers and labels, scale bar, legend, source line.

Every map of the package starts from :func:`plot_base_map`, drawn offline from the shipped
boundaries, at its print width (183 mm) with a fixed layout.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.data.boundaries import load_undof_zone
from analysis.data.load import Dataset, dataset_or_default
from analysis.drawing.labels import SCALE_BAR, LabelResult, label_points, short_name
from analysis.drawing.style import (
    NOT_ASSESSED_HATCH,
    SIDE_COLOURS,
    SIDE_LABELS,
    STATUS_MARKERS,
    use_style,
)

__all__ = [
    "GOVERNORATE_CAPITALS",
    "KIND_MARKERS",
    "LABELLED_KINDS",
    "PRINT_WIDTH_IN",
    "SYRIA_EXTENT",
    "actor_names",
    "add_scale_bar",
    "add_source_line",
    "extent_of",
    "fix_layout",
    "key_places",
    "label_governorates",
    "label_places",
    "legend_handles",
    "plot_base_map",
    "plot_locations",
]


#: lon_min, lon_max, lat_min, lat_max framing Syria with a margin.
SYRIA_EXTENT = (35.4, 42.6, 32.2, 37.5)
#: Double-column print width (183 mm) in inches: maps are drawn at the size they are printed.
PRINT_WIDTH_IN = 183 / 25.4

KIND_MARKERS = {
    "city": "o",
    "town": "o",
    "village": ".",
    "air_base": "^",
    "military_base": "s",
    "naval_base": "v",
    "port": "v",
    "border_crossing": "X",
    "region": "h",
    "oil_gas_field": "P",
    "pumping_station": "p",
    "road_junction": "+",
    "dam": "d",
}

#: Governorate capitals by GeoNames id, with the name a map shows: always labelled first.
GOVERNORATE_CAPITALS = {
    170654: "Damascus",
    170063: "Aleppo",
    169577: "Homs",
    170017: "Hama",
    173576: "Latakia",
    163345: "Tartus",
    169389: "Idlib",
    172955: "Raqqa",
    170794: "Deir ez-Zor",
    173811: "Hasakah",
    170905: "Daraa",
    172408: "As-Suwayda",
    173334: "Quneitra",
}
#: Kinds labelled after the capitals, in this order (towns and villages stay unlabelled).
LABELLED_KINDS = ("air_base", "naval_base", "port", "city")


def fix_layout(fig: Figure) -> Figure:
    """Mark a figure's layout as final, so that :func:`analysis.publishing.figures.export` keeps it.

    Labels were placed at this size and must not move.
    """
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=True))
    return fig


def actor_names(*, dataset: Dataset | None = None) -> dict[str, str]:
    """Display names of actors by id (from ``actors.csv``, without the parenthesised detail).

    Examples
    --------
    >>> actor_names()["syrian_government"]
    'Syrian government forces'
    """
    actors = dataset_or_default(dataset).actors
    return {a: short_name(n) for a, n in zip(actors["id"], actors["name"])}


def key_places(
    places: pd.DataFrame, governorate: str | None = None, *, dataset: Dataset | None = None
) -> pd.DataFrame:
    """The places a map labels, most important first.

    Governorate capitals, then bases and cities; one per point (co-located places, e.g.
    Aleppo's two halves, share one label).

    Parameters
    ----------
    places : DataFrame
        With ``kind``, ``name``, ``geometry`` and (optionally) ``geonameid`` columns, e.g. a
        snapshot from :func:`analysis.territory.control.control_at` or the locations table.
    governorate : str, optional
        Keep only places in this governorate.
    dataset : Dataset, optional
        The locations table, for the GeoNames ids of a snapshot's places.

    Returns
    -------
    DataFrame
        ``name`` (display name), ``x``, ``y``, in labelling order.

    Examples
    --------
    >>> from analysis.territory.control import control_at
    >>> key_places(control_at("2015-09-30"))["name"].iloc[0]
    'Damascus'
    """
    rows = places if governorate is None else places[places["governorate"] == governorate]
    if "geonameid" in rows:
        gid = rows["geonameid"]
    else:  # a snapshot: look the GeoNames ids up in the locations table
        ids = dataset_or_default(dataset).locations.set_index("id")["geonameid"]
        gid = rows["location_id"].map(ids)
    capital = gid.map(lambda g: GOVERNORATE_CAPITALS.get(int(g)) if pd.notna(g) else None)
    kinds = rows["kind"].astype(str)
    order = {name: i for i, name in enumerate(GOVERNORATE_CAPITALS.values())}
    rank = np.where(
        capital.notna(),
        capital.map(order).fillna(0).to_numpy(),
        kinds.map({k: 50 + i for i, k in enumerate(LABELLED_KINDS)}).fillna(99).to_numpy(),
    )
    out = pd.DataFrame(
        {
            "name": [c if isinstance(c, str) else short_name(n) for c, n in zip(capital, rows["name"])],
            "x": rows.geometry.x.to_numpy(),
            "y": rows.geometry.y.to_numpy(),
            "rank": rank,
        },
        index=rows.index,
    )
    out = out[out["rank"] < 99].sort_values(["rank", "name"], kind="stable")
    out = out.loc[~out[["x", "y"]].round(3).duplicated()]
    return out[["name", "x", "y"]].reset_index(drop=True)


def label_places(
    ax: Axes, places: pd.DataFrame, max_labels: int | None = None, marker_pt: float = 4.5
) -> LabelResult:
    """Label a map's key places (see :func:`key_places`) without overlaps.

    Leader lines join a label that had to move away; places that find no room are left
    unlabelled.

    Parameters
    ----------
    ax : Axes
    places : DataFrame
        From :func:`key_places` (``name``, ``x``, ``y``), in priority order.
    max_labels : int, optional
    marker_pt : float
        Marker diameter in points.

    Returns
    -------
    LabelResult
    """
    return label_points(
        ax, places["x"], places["y"], places["name"], max_labels=max_labels, marker_pt=marker_pt
    )


def label_governorates(ax: Axes, *, dataset: Dataset | None = None) -> LabelResult:
    """Governorate names in grey italics, where they cover no marker or label.

    At the representative point or nearby; names with no free spot are left out.
    """
    ds = dataset_or_default(dataset)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    pts = ds.boundaries.representative_point()
    inside = [(p.x, p.y, n) for p, n in zip(pts, ds.boundaries["name"]) if x0 < p.x < x1 and y0 < p.y < y1]
    if not inside:
        return LabelResult([], [])
    xs, ys, names = zip(*inside)
    return label_points(
        ax, xs, ys, names, colour="#777777", style="italic", centred=True, zorder=4, leader=False
    )


def add_source_line(ax: Axes, text: str, offset: float = -6) -> None:
    """Write a source line under the axes (every figure carries one); ``offset`` in points."""
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, offset),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=6,
        color="#555555",
    )


def plot_base_map(
    ax: Axes | None = None,
    extent: tuple[float, float, float, float] = SYRIA_EXTENT,
    *,
    dataset: Dataset | None = None,
) -> Axes:
    """Neighbours, governorates and the hatched UNDOF zone: the base of every map.

    Governorate names are written later, once the markers are down
    (:func:`label_governorates`), so that they never cover a place.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Drawn into a new figure when omitted.
    extent : tuple
        ``(lon_min, lon_max, lat_min, lat_max)``.
    dataset : Dataset, optional
        Supplies the boundaries (defaults to the shipped data).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_base_map()
    >>> ax.get_xlim() == SYRIA_EXTENT[:2]
    True
    """
    ds = dataset_or_default(dataset)
    if ax is None:
        _, ax = plt.subplots(figsize=(PRINT_WIDTH_IN, 6))
    ds.neighbours.plot(ax=ax, color="#F2F2F2", edgecolor="#BBBBBB", linewidth=0.5)
    ds.boundaries.plot(ax=ax, color="#FAFAFA", edgecolor="#888888", linewidth=0.5)
    load_undof_zone(ds.data_dir).plot(
        ax=ax, facecolor="none", edgecolor="#666666", hatch="////", linewidth=0.3
    )
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    ax.set_aspect(1 / 0.82)  # ~1/cos(35°): degrees look right at Syria's latitude
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#BBBBBB")
    return ax


def _map_figure(height_in: float, rect=(0.01, 0.07, 0.73, 0.86)) -> tuple[Figure, Axes]:
    fig = plt.figure(figsize=(PRINT_WIDTH_IN, height_in))
    ax = fig.add_axes(rect)
    fix_layout(fig)
    return fig, ax


def plot_locations(
    locations, studied=None, ax: Axes | None = None, *, dataset: Dataset | None = None
) -> Axes:
    """Every coded place, marker by kind; places with control intervals filled.

    Parameters
    ----------
    locations : GeoDataFrame
        The locations table (``Dataset.locations``) or a subset.
    studied : collection of str, optional
        Ids of places with control intervals (filled markers).
    ax : Axes, optional
    dataset : Dataset, optional
        Boundaries.

    Examples
    --------
    >>> from analysis import load_dataset
    >>> ds = load_dataset()
    >>> ax = plot_locations(ds.locations, set(ds.control["location_id"]))
    >>> ax.get_title()
    'Places in the dataset'
    """
    studied = set() if studied is None else set(studied)
    with use_style():
        if ax is None:
            _, ax = _map_figure(5.9)
        ax = plot_base_map(ax=ax, dataset=dataset)
        handles = []
        for kind, marker in KIND_MARKERS.items():
            rows = locations[locations["kind"] == kind]
            if rows.empty:
                continue
            in_control = rows["id"].isin(studied)
            ax.scatter(
                rows.geometry.x,
                rows.geometry.y,
                marker=marker,
                s=16,
                c=["#333333" if s else "#FFFFFF" for s in in_control],
                edgecolors="#333333",
                linewidths=0.6,
                zorder=3,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    ls="",
                    color="#333333",
                    label=f"{kind.replace('_', ' ')} ({len(rows)})",
                )
            )
        handles.append(
            Line2D([], [], marker="o", ls="", mfc="white", mec="#333333", label="no control intervals")
        )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=6)
        ax.set_title("Places in the dataset")
        add_source_line(
            ax,
            "Data: syria-conflict-atlas locations table (GeoNames and cited pages); "
            "boundaries: Natural Earth",
        )
        label_places(ax, key_places(locations), marker_pt=4.5)
        label_governorates(ax, dataset=dataset)
    return ax


# --- territorial control ------------------------------------------------------------


def extent_of(extent, *, dataset: Dataset | None = None) -> tuple[float, float, float, float]:
    """A map extent ``(lon_min, lon_max, lat_min, lat_max)``.

    From ``"syria"``, a governorate's name or a list of names (their bounds with a margin)
    or a ``(lon_min, lon_max, lat_min, lat_max)`` tuple.

    Examples
    --------
    >>> extent_of("syria") == SYRIA_EXTENT
    True
    """
    from analysis.data.schema import GOVERNORATES

    if isinstance(extent, str) and extent == "syria":
        return SYRIA_EXTENT
    if isinstance(extent, tuple) and len(extent) == 4 and all(isinstance(v, (int, float)) for v in extent):
        return extent
    if isinstance(extent, (list, tuple)) and extent and all(e in GOVERNORATES for e in extent):
        ds = dataset_or_default(dataset)
        x0, y0, x1, y1 = ds.boundaries.loc[ds.boundaries["name"].isin(list(extent))].total_bounds
        pad = 0.08 * max(x1 - x0, y1 - y0)
        return (x0 - pad, x1 + pad, y0 - pad, y1 + pad)
    if extent not in GOVERNORATES:
        raise ValueError(
            f"extent={extent!r} is unknown; expected 'syria', a (lon_min, lon_max, "
            f"lat_min, lat_max) tuple or one of: {', '.join(GOVERNORATES)}"
        )
    ds = dataset_or_default(dataset)
    x0, y0, x1, y1 = ds.boundaries.loc[ds.boundaries["name"] == extent].total_bounds
    pad = 0.15 * max(x1 - x0, y1 - y0)
    return (x0 - pad, x1 + pad, y0 - pad, y1 + pad)


def add_scale_bar(ax: Axes, km: int = 100, avoid=None) -> None:
    """Draw a scale bar of ``km`` kilometres in a lower corner (degrees at ~35° N).

    The lower right unless a point of ``avoid`` (``(x, y)`` pairs: the places drawn) lies
    under the bar or its label there; then the first free corner of lower left, upper right,
    upper left.
    """
    import math

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lat = (y0 + y1) / 2
    deg = km / (111.32 * math.cos(math.radians(lat)))
    while deg > 0.4 * (x1 - x0) and km > 5:
        km //= 2
        deg = km / (111.32 * math.cos(math.radians(lat)))
    points = list(avoid) if avoid is not None else []
    corners = [
        (x1 - 0.05 * (x1 - x0) - deg, y0 + 0.05 * (y1 - y0)),
        (x0 + 0.05 * (x1 - x0), y0 + 0.05 * (y1 - y0)),
        (x1 - 0.05 * (x1 - x0) - deg, y1 - 0.1 * (y1 - y0)),
        (x0 + 0.05 * (x1 - x0), y1 - 0.1 * (y1 - y0)),
    ]

    def free(xs: float, ys: float) -> bool:
        pad_x, top = 0.03 * (x1 - x0), ys + 0.06 * (y1 - y0)
        return not any(
            xs - pad_x <= x <= xs + deg + pad_x and ys - 0.03 * (y1 - y0) <= y <= top for x, y in points
        )

    xs, ys = next((c for c in corners if free(*c)), corners[0])
    # Tagged so that labels placed later keep clear of it (labels.furniture_boxes).
    ax.plot(
        [xs, xs + deg], [ys, ys], color="#333333", linewidth=2, solid_capstyle="butt", zorder=6, gid=SCALE_BAR
    )
    ax.text(xs + deg / 2, ys + 0.015 * (y1 - y0), f"{km} km", ha="center", va="bottom", fontsize=6, zorder=6)


def _draw_surface(ax: Axes, areas) -> list[str]:
    """Shade a control surface (one polygon per side); not-assessed land grey and hatched."""
    drawn = []
    for side, geom in zip(areas["side"], areas.geometry):
        if geom is None or geom.is_empty:
            continue
        one = areas[areas["side"] == side]
        if side == "not_assessed":
            one.plot(
                ax=ax,
                facecolor=SIDE_COLOURS[side],
                edgecolor="#C4C4C4",
                hatch=NOT_ASSESSED_HATCH,
                linewidth=0,
                zorder=1,
            )
        else:
            one.plot(ax=ax, color=SIDE_COLOURS.get(side, "#DDDDDD"), alpha=0.28, linewidth=0, zorder=1)
        drawn.append(side)
    return drawn


def _draw_places(ax: Axes, snapshot, skip=()) -> None:
    for status, marker in STATUS_MARKERS.items():
        rows = snapshot[(snapshot["status"] == status) & ~snapshot["location_id"].isin(list(skip))]
        ax.scatter(
            rows.geometry.x,
            rows.geometry.y,
            marker=marker,
            s=14 if status == "held" else 18,
            c=[SIDE_COLOURS[s] for s in rows["side"]],
            edgecolors="#222222",
            linewidths=0.5,
            zorder=5,
        )


def legend_handles(sides) -> list:
    """Legend entries for the given sides (display names, house colours) and the statuses.

    Parameters
    ----------
    sides : iterable of str
        Side codes to show; they are listed in the house order of ``SIDE_COLOURS``.

    Returns
    -------
    list
        Matplotlib patches, one per side, then one marker per place status.

    Examples
    --------
    >>> [h.get_label() for h in legend_handles(["isis", "government"])][:2]
    ['Government and allies', 'ISIS']
    """
    handles: list[Any] = []
    for s in SIDE_COLOURS:
        if s not in set(sides):
            continue
        if s == "not_assessed":
            handles.append(
                Patch(
                    facecolor=SIDE_COLOURS[s],
                    edgecolor="#999999",
                    hatch=NOT_ASSESSED_HATCH,
                    linewidth=0.5,
                    label=SIDE_LABELS[s],
                )
            )
        else:
            handles.append(
                Patch(facecolor=SIDE_COLOURS[s], edgecolor="#222222", linewidth=0.5, label=SIDE_LABELS[s])
            )
    handles += [
        Line2D([], [], marker=m, ls="", mfc="white", mec="#222222", label=f"place {st}")
        for st, m in STATUS_MARKERS.items()
    ]
    return handles
