"""Maps drawn offline from the shipped boundaries (nothing is downloaded)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..boundaries import load_undof_zone
from ..arguments import as_date
from ..load import Dataset, load_dataset
from .style import use_style

__all__ = [
    "plot_base_map", "plot_locations", "add_source_line", "add_scale_bar", "SYRIA_EXTENT",
    "plot_control_map", "plot_control_small_multiples", "plot_capture_sequence",
    "plot_deployment_map",
]

#: lon_min, lon_max, lat_min, lat_max framing Syria with a margin.
SYRIA_EXTENT = (35.4, 42.6, 32.2, 37.5)

_KIND_MARKERS = {"city": "o", "town": "o", "village": ".", "air_base": "^", "military_base": "s",
                 "naval_base": "v", "port": "v", "border_crossing": "X", "region": "h"}


def add_source_line(ax: Axes, text: str, offset: float = -6) -> None:
    """Write a source line under the axes (every figure carries one); ``offset`` in points."""
    ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, offset),
                textcoords="offset points", ha="left", va="top", fontsize=6, color="#555555")


def plot_base_map(dataset: Dataset | None = None, ax: Axes | None = None,
                  extent: tuple[float, float, float, float] = SYRIA_EXTENT,
                  label_governorates: bool = True) -> Axes:
    """Neighbours, governorates and the hatched UNDOF zone: the base of every map.

    Parameters
    ----------
    dataset : Dataset, optional
        Supplies the boundaries (defaults to the shipped data).
    ax : matplotlib Axes, optional
        Drawn into a new figure when omitted.
    extent : tuple
        ``(lon_min, lon_max, lat_min, lat_max)``.
    label_governorates : bool
        Write governorate names at their representative points.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_base_map()
    >>> ax.get_xlim() == SYRIA_EXTENT[:2]
    True
    """
    ds = load_dataset() if dataset is None else dataset
    if ax is None:
        _, ax = plt.subplots(figsize=(7.2, 6))
    ds.neighbours.plot(ax=ax, color="#F2F2F2", edgecolor="#BBBBBB", linewidth=0.5)
    ds.boundaries.plot(ax=ax, color="#FAFAFA", edgecolor="#888888", linewidth=0.5)
    load_undof_zone(ds.data_dir).plot(ax=ax, facecolor="none", edgecolor="#666666",
                                      hatch="////", linewidth=0.3)
    if label_governorates:
        for name, point in zip(ds.boundaries["name"], ds.boundaries.representative_point()):
            if extent[0] < point.x < extent[1] and extent[2] < point.y < extent[3]:
                ax.text(point.x, point.y, name, fontsize=6, color="#777777", ha="center",
                        va="center", style="italic")
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


def plot_locations(dataset: Dataset | None = None, ax: Axes | None = None) -> Axes:
    """Every coded place, marker by kind; places with control intervals outlined.

    Examples
    --------
    >>> ax = plot_locations()
    >>> ax.get_title()
    'Places in the dataset'
    """
    ds = load_dataset() if dataset is None else dataset
    with use_style():
        ax = plot_base_map(ds, ax=ax)
        studied = set(ds.control["location_id"])
        handles = []
        for kind, marker in _KIND_MARKERS.items():
            rows = ds.locations[ds.locations["kind"] == kind]
            if rows.empty:
                continue
            in_control = rows["id"].isin(studied)
            ax.scatter(rows.geometry.x, rows.geometry.y, marker=marker, s=22,
                       c=["#333333" if s else "#FFFFFF" for s in in_control],
                       edgecolors="#333333", linewidths=0.6, zorder=3)
            handles.append(Line2D([], [], marker=marker, ls="", color="#333333",
                                  label=f"{kind.replace('_', ' ')} ({len(rows)})"))
        handles.append(Line2D([], [], marker="o", ls="", mfc="white", mec="#333333",
                              label="no control intervals"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6)
        ax.set_title("Places in the dataset")
        add_source_line(ax, "Data: syria-conflict-atlas locations table (GeoNames and cited pages); "
                            "boundaries: Natural Earth")
    return ax


# --- territorial control ------------------------------------------------------------

def _extent_of(extent, dataset: Dataset) -> tuple[float, float, float, float]:
    from ..schema import GOVERNORATES

    if extent == "syria":
        return SYRIA_EXTENT
    if isinstance(extent, tuple) and len(extent) == 4:
        return extent
    if extent not in GOVERNORATES:
        raise ValueError(f"extent={extent!r} is unknown; expected 'syria', a (lon_min, lon_max, "
                         f"lat_min, lat_max) tuple or one of: {', '.join(GOVERNORATES)}")
    x0, y0, x1, y1 = dataset.boundaries.loc[dataset.boundaries["name"] == extent].total_bounds
    pad = 0.15 * max(x1 - x0, y1 - y0)
    return (x0 - pad, x1 + pad, y0 - pad, y1 + pad)


def add_scale_bar(ax: Axes, km: int = 100) -> None:
    """Draw a scale bar of ``km`` kilometres in the lower right (degrees at ~35° N)."""
    import math

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lat = (y0 + y1) / 2
    deg = km / (111.32 * math.cos(math.radians(lat)))
    while deg > 0.4 * (x1 - x0) and km > 5:
        km //= 2
        deg = km / (111.32 * math.cos(math.radians(lat)))
    xs = x1 - 0.05 * (x1 - x0) - deg
    ys = y0 + 0.05 * (y1 - y0)
    ax.plot([xs, xs + deg], [ys, ys], color="#333333", linewidth=2, solid_capstyle="butt", zorder=6)
    ax.text(xs + deg / 2, ys + 0.015 * (y1 - y0), f"{km} km", ha="center", va="bottom", fontsize=6,
            zorder=6)


def _label_without_overlaps(ax: Axes, xs, ys, names) -> list:
    """Label points greedily, trying four offsets and skipping labels that would collide."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    placed, texts = [], []
    for x, y, name in zip(xs, ys, names):
        for dx, dy, ha, va in ((4, 3, "left", "bottom"), (-4, 3, "right", "bottom"),
                               (4, -3, "left", "top"), (-4, -3, "right", "top")):
            t = ax.annotate(name, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                            fontsize=6, zorder=7)
            box = t.get_window_extent(renderer).expanded(1.05, 1.1)
            if not ax.bbox.contains(box.x0, box.y0) or not ax.bbox.contains(box.x1, box.y1) or \
                    any(box.overlaps(b) for b in placed):
                t.remove()
                continue
            placed.append(box)
            texts.append(t)
            break
    return texts


#: Kinds labelled on control maps (towns and villages stay unlabelled to keep maps legible).
LABELLED_KINDS = ("city", "air_base", "naval_base")


def plot_control_map(date, ax: Axes | None = None, extent="syria", dataset: Dataset | None = None,
                     label: bool = True, legend: bool = True) -> Axes:
    """Map of who held what on a date: estimated control surface and the coded places.

    The shaded surface is the Voronoi estimate of :func:`analysis.control.control_areas`
    (an estimate from points, not a front line). Markers show the coded places coloured by
    side: circles held, diamonds contested, squares besieged.

    Parameters
    ----------
    date : str or datetime-like
        A day between 2014-01-01 and 2016-12-31.
    ax : matplotlib Axes, optional
    extent : "syria", a governorate name, or (lon_min, lon_max, lat_min, lat_max)
    dataset : Dataset, optional
    label, legend : bool
        Label key places (cities and bases) without overlaps; draw the legend.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_control_map("2015-09-30")
    >>> ax.get_title()
    'Territorial control, 30 September 2015'
    """
    from ..control import _cell_sides, control_at, control_cells
    from .style import SIDE_COLOURS, SIDE_LABELS, STATUS_MARKERS

    ds = load_dataset() if dataset is None else dataset
    day = as_date(date, "date")
    snap = control_at(day, ds)
    box = _extent_of(extent, ds)
    with use_style():
        ax = plot_base_map(ds, ax=ax, extent=box, label_governorates=extent == "syria")
        cells = control_cells(ds).to_crs("EPSG:4326")
        sides = _cell_sides(cells, snap)
        cells.plot(ax=ax, color=[SIDE_COLOURS[s] for s in sides], alpha=0.28, linewidth=0, zorder=1)
        ds.boundaries.boundary.plot(ax=ax, color="#888888", linewidth=0.4, zorder=2)
        for status, marker in STATUS_MARKERS.items():
            rows = snap[snap["status"] == status]
            ax.scatter(rows.geometry.x, rows.geometry.y, marker=marker, s=18 if status == "held" else 24,
                       c=[SIDE_COLOURS[s] for s in rows["side"]], edgecolors="#222222",
                       linewidths=0.5, zorder=5)
        if label:
            key = snap[snap["kind"].isin(LABELLED_KINDS)]
            _label_without_overlaps(ax, key.geometry.x, key.geometry.y, key["name"])
        if legend:
            present = [s for s in SIDE_COLOURS if s in set(snap["side"])]
            handles = [Patch(facecolor=SIDE_COLOURS[s], edgecolor="#222222", linewidth=0.5,
                             label=SIDE_LABELS[s]) for s in present]
            handles += [Line2D([], [], marker=m, ls="", mfc="white", mec="#222222", label=st)
                        for st, m in STATUS_MARKERS.items()]
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6)
        add_scale_bar(ax)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(f"Territorial control, {day.day} {day:%B %Y}")
        add_source_line(ax, "Data: syria-conflict-atlas control table (every interval cites a source); "
                            "shading: Voronoi estimate from points, not a front line")
    return ax


DEFAULT_SNAPSHOTS = ("2015-01-01", "2015-04-01", "2015-09-30", "2015-12-31")


def plot_control_small_multiples(dates=DEFAULT_SNAPSHOTS, dataset: Dataset | None = None,
                                 ncols: int = 2):
    """Control maps at several dates side by side, with one shared legend.

    Examples
    --------
    >>> fig = plot_control_small_multiples()
    >>> len(fig.axes)
    4
    """
    ds = load_dataset() if dataset is None else dataset
    nrows = -(-len(dates) // ncols)
    with use_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(7.2, 3.1 * nrows), squeeze=False)
        for i, (ax, date) in enumerate(zip(axes.flat, dates)):
            plot_control_map(date, ax=ax, dataset=ds, label=False, legend=i == ncols - 1)
            ax.set_title(f"{pd.Timestamp(date):%d %b %Y}")
        for ax in axes.flat[len(dates):]:
            ax.remove()
        fig.tight_layout()
    return fig


def plot_capture_sequence(governorate: str = "Idlib", start="2015-01-01", end="2015-12-31",
                          ax: Axes | None = None, dataset: Dataset | None = None) -> Axes:
    """Close-up of one governorate with each change of hands numbered and dated on the map.

    Examples
    --------
    >>> ax = plot_capture_sequence()
    >>> "Idlib" in ax.get_title()
    True
    """
    from ..control import changes
    from .style import SIDE_COLOURS

    ds = load_dataset() if dataset is None else dataset
    ch = changes(start, end, governorate, ds)
    ax = plot_control_map(end, ax=ax, extent=governorate, dataset=ds, label=False)
    points = ds.locations.set_index("id").geometry
    with use_style():
        lines = []
        _label_without_overlaps(ax, [points[i].x for i in ch["location_id"]],
                                [points[i].y for i in ch["location_id"]], ch["name"])
        for n, row in enumerate(ch.itertuples(), 1):
            p = points[row.location_id]
            ax.annotate(str(n), (p.x, p.y), xytext=(0, -9), textcoords="offset points", ha="center",
                        fontsize=6, fontweight="bold", zorder=8,
                        bbox=dict(boxstyle="circle,pad=0.2", fc="white", ec=SIDE_COLOURS[row.to_side], lw=1))
            lines.append(f"{n}. {row.date:%d %b} {row.name}: {row.from_controller} → {row.to_controller}")
        ax.text(1.01, 0.0, "\n".join(lines), transform=ax.transAxes, fontsize=5.5, va="bottom", ha="left")
        ax.set_title(f"{governorate}, {pd.Timestamp(start):%Y}: captures in order (map on "
                     f"{pd.Timestamp(end):%d %b %Y})")
    return ax


# --- foreign deployments --------------------------------------------------------------

_CLASS_COLOURS = {"combat_aircraft": "#0072B2", "helicopter": "#56B4E9", "transport_aircraft": "#999999",
                  "landing_ship": "#009E73", "warship": "#117733", "air_defence": "#CC79A7",
                  "armour": "#E69F00", "artillery": "#D55E00", "personnel": "#882255"}
#: West Syria, where Russia's bases are (lon_min, lon_max, lat_min, lat_max).
COAST_EXTENT = (35.3, 37.0, 34.5, 36.3)


def plot_deployment_map(dataset: Dataset | None = None, extent=COAST_EXTENT,
                        route_id: str = "syrian_express"):
    """Where Russia's assets were reported: proportional symbols by asset class at each site
    (distinct arrivals with a number), beside the naval route from the Black Sea to Tartus.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the coast of Syria, and the wider region with the route.

    Examples
    --------
    >>> fig = plot_deployment_map()
    >>> fig.axes[0].get_title()
    "Russia's reported deployments, August 2015 - March 2016"
    """
    import numpy as np

    from ..boundaries import load_region
    from ..deployments import BUILD_UP_END, distinct_arrivals

    ds = load_dataset() if dataset is None else dataset
    moves = distinct_arrivals(ds)
    moves = moves[(moves["quantity"] > 0) & (moves["date"] <= pd.Timestamp(BUILD_UP_END))
                  & moves["location_id"].notna()]
    totals = moves.groupby(["location_id", "asset_class"], observed=True)["quantity"].sum().reset_index()
    points = ds.locations.set_index("id").geometry
    with use_style():
        fig, (ax, inset) = plt.subplots(1, 2, figsize=(7.2, 4.2), gridspec_kw={"width_ratios": [1.1, 1]})
        plot_base_map(ds, ax=ax, extent=extent, label_governorates=False)
        handles = []
        for loc, group in totals.groupby("location_id", sort=True):
            p = points[loc]
            angles = np.linspace(0, 2 * np.pi, len(group), endpoint=False)
            for (row, angle) in zip(group.itertuples(), angles):
                r = 0.0 if len(group) == 1 else 0.06
                ax.scatter(p.x + r * np.cos(angle), p.y + r * np.sin(angle), s=12 * row.quantity,
                           color=_CLASS_COLOURS.get(row.asset_class, "#777777"), alpha=0.75,
                           edgecolors="#222222", linewidths=0.4, zorder=5)
            ax.annotate(ds.locations.set_index("id").loc[loc, "name"], (p.x, p.y), xytext=(10, -10),
                        textcoords="offset points", fontsize=6, zorder=6)
        for cls in totals["asset_class"].unique():
            handles.append(Line2D([], [], marker="o", ls="", color=_CLASS_COLOURS.get(cls, "#777777"),
                                  label=cls.replace("_", " ")))
        for n in (5, 15):
            handles.append(Line2D([], [], marker="o", ls="", mfc="none", mec="#222222",
                                  markersize=np.sqrt(12 * n), label=f"{n} reported"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.02), ncols=3, fontsize=6,
                  labelspacing=1.0)
        add_scale_bar(ax, km=50)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title("Russia's reported deployments, August 2015 - March 2016")
        ax.title.set_fontsize(8)
        # The naval route from the Black Sea through the Bosporus to Tartus.
        load_region(ds.data_dir).plot(ax=inset, color="#F2F2F2", edgecolor="#AAAAAA", linewidth=0.3)
        route = ds.routes[ds.routes["route_id"] == route_id].sort_values("seq")
        inset.plot(route["longitude"], route["latitude"], color="#009E73", linewidth=1.2, marker="o",
                   markersize=2.5)
        for r in route.itertuples():
            inset.annotate(r.name.split(" (")[0], (r.longitude, r.latitude), fontsize=4.5,
                           xytext=(2, 2), textcoords="offset points")
        inset.set_xlim(25, 41)
        inset.set_ylim(31.5, 46.5)
        inset.set_xticks([])
        inset.set_yticks([])
        inset.set_xlabel("")
        inset.set_ylabel("")
        inset.set_aspect(1 / 0.8)
        inset.set_title("The 'Syrian Express' naval route to Tartus")
        fig.tight_layout()
        add_source_line(inset, "Route: straight lines between sourced waypoints (schematic). Data: "
                               "syria-conflict-atlas deployments, routes; Natural Earth",
                        offset=-8)
    return fig
