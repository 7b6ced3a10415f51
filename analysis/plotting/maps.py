"""Maps drawn offline from the shipped boundaries (nothing is downloaded).

Every map draws what it is given — a control snapshot and surface from
:mod:`analysis.control`, changes of hands, arrivals from :mod:`analysis.deployments` — and
the :class:`~analysis.load.Dataset` only supplies boundaries and lookup tables (``dataset=``,
keyword-only, last). Figures are built at their print width (183 mm) with a fixed layout, so
that labels placed by :func:`analysis.plotting.labels.label_points` stay clear of each other
when :func:`analysis.figures.export` writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..arguments import as_date
from ..boundaries import load_undof_zone
from ..load import Dataset, dataset_or_default
from .labels import LabelResult, label_points, short_name, text_box
from .style import NOT_ASSESSED_HATCH, SIDE_COLOURS, SIDE_LABELS, STATUS_MARKERS, method_label, use_style

__all__ = [
    "plot_base_map",
    "plot_locations",
    "add_source_line",
    "add_scale_bar",
    "SYRIA_EXTENT",
    "plot_control_map",
    "plot_control_small_multiples",
    "plot_capture_sequence",
    "plot_deployment_map",
    "extent_of",
    "label_places",
    "label_governorates",
    "legend_handles",
    "key_places",
    "actor_names",
    "fix_layout",
    "GOVERNORATE_CAPITALS",
    "DEFAULT_ROUTES",
    "KIND_MARKERS",
    "ASSET_CLASS_COLOURS",
    "PRINT_WIDTH_IN",
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
    """Mark a figure's layout as final, so that :func:`analysis.figures.export` keeps it.

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
        snapshot from :func:`analysis.control.control_at` or the locations table.
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
    >>> from analysis.control import control_at
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

    From ``"syria"``, a governorate's name (its bounds with a margin) or a tuple.

    Examples
    --------
    >>> extent_of("syria") == SYRIA_EXTENT
    True
    """
    from ..schema import GOVERNORATES

    if isinstance(extent, str) and extent == "syria":
        return SYRIA_EXTENT
    if isinstance(extent, tuple) and len(extent) == 4:
        return extent
    if extent not in GOVERNORATES:
        raise ValueError(
            f"extent={extent!r} is unknown; expected 'syria', a (lon_min, lon_max, "
            f"lat_min, lat_max) tuple or one of: {', '.join(GOVERNORATES)}"
        )
    ds = dataset_or_default(dataset)
    x0, y0, x1, y1 = ds.boundaries.loc[ds.boundaries["name"] == extent].total_bounds
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
    ['Government', 'ISIS']
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


def plot_control_map(
    snapshot,
    areas,
    *,
    date,
    ax: Axes | None = None,
    extent="syria",
    label: bool = True,
    legend: bool = True,
    max_labels: int | None = 40,
    dataset: Dataset | None = None,
) -> Axes:
    """Map of who held what on a date: the estimated control surface and the coded places.

    Draws what it is given: the places of a snapshot (circles held, diamonds contested,
    squares besieged, coloured by side) over a control surface; the title names the date
    and the method that drew the surface, and not-assessed land (``method="reach"``) is
    grey and hatched.

    Parameters
    ----------
    snapshot : GeoDataFrame
        From :func:`analysis.control.control_at`.
    areas : GeoDataFrame
        From :func:`analysis.control.control_areas` for the same date (its
        ``attrs["method"]`` names the method).
    date : str or Timestamp
        The day both describe, for the title.
    ax : matplotlib Axes, optional
        A new figure at print width when omitted.
    extent : "syria", a governorate name, or (lon_min, lon_max, lat_min, lat_max)
    label, legend : bool
        Label key places (:func:`key_places`) without overlaps; draw the legend.
    max_labels : int, optional
        At most this many place labels (capitals and bases first).
    dataset : Dataset, optional
        Boundaries.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from analysis.control import control_at, control_areas
    >>> ax = plot_control_map(control_at("2015-09-30"), control_areas("2015-09-30"), date="2015-09-30")
    >>> ax.get_title()
    'Territorial control, 30 September 2015 (Voronoi estimate)'
    """
    day = as_date(date, "date")
    method = method_label(areas.attrs)
    box = extent_of(extent, dataset=dataset)
    with use_style():
        if ax is None:
            _, ax = _map_figure(5.45 if extent == "syria" else 6.2, rect=(0.01, 0.075, 0.73, 0.865))
        ax = plot_base_map(ax=ax, extent=box, dataset=dataset)
        drawn = _draw_surface(ax, areas)
        dataset_or_default(dataset).boundaries.boundary.plot(ax=ax, color="#888888", linewidth=0.4, zorder=2)
        _draw_places(ax, snapshot)
        ax.set_xlabel("")
        ax.set_ylabel("")
        if legend:
            ax.legend(
                handles=legend_handles([*drawn, *snapshot["side"]]),
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
                fontsize=6,
                title="Shading and markers: side",
                title_fontsize=6,
                alignment="left",
            )
        add_scale_bar(ax)
        ax.set_title(f"Territorial control, {day.day} {day:%B %Y} ({_METHOD_SHORT[areas.attrs['method']]})")
        add_source_line(
            ax, f"Shading: {method}. Data: syria-conflict-atlas control table (every interval cites a source)"
        )
        if label:
            gov = extent if isinstance(extent, str) and extent != "syria" else None
            label_places(ax, key_places(snapshot, gov, dataset=dataset), max_labels=max_labels)
        if extent == "syria":
            label_governorates(ax, dataset=dataset)
    return ax


_METHOD_SHORT = {"voronoi": "Voronoi estimate", "reach": "reach method"}

DEFAULT_SNAPSHOTS = ("2015-01-01", "2015-04-01", "2015-09-30", "2015-12-31")


def plot_control_small_multiples(
    surfaces: Mapping, *, title: str | None = None, max_labels: int = 6, dataset: Dataset | None = None
) -> Figure:
    """Control maps at several dates in a 2-column grid.

    Panel letters and dates, one shared legend, one title naming the method.

    Parameters
    ----------
    surfaces : mapping of date to (snapshot, areas)
        For each date, :func:`analysis.control.control_at` and
        :func:`analysis.control.control_areas` (all drawn with one method).
    title : str, optional
        Default: "Territorial control on N dates".
    max_labels : int
        Place labels per panel (the capitals first); 0 for none.
    dataset : Dataset, optional
        Boundaries.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from analysis.control import control_at, control_areas
    >>> s = {d: (control_at(d), control_areas(d)) for d in DEFAULT_SNAPSHOTS}
    >>> fig = plot_control_small_multiples(s)
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['a  1 January 2015', 'b  1 April 2015', 'c  30 September 2015', 'd  31 December 2015']
    """
    items = [(as_date(d, "date"), snap, areas) for d, (snap, areas) in surfaces.items()]
    if not items:
        raise ValueError("surfaces is empty: expected {date: (control_at(date), control_areas(date))}")
    methods = {method_label(a.attrs) for _, _, a in items}
    if len(methods) > 1:
        raise ValueError(f"surfaces mix methods ({'; '.join(sorted(methods))}): draw one method per figure")
    ncols = 2
    nrows = -(-len(items) // ncols)
    panel_w = 0.48
    panel_h_in = (
        panel_w
        * PRINT_WIDTH_IN
        * (SYRIA_EXTENT[3] - SYRIA_EXTENT[2])
        / 0.82
        / (SYRIA_EXTENT[1] - SYRIA_EXTENT[0])
    )
    top_in, legend_in, gap_in = 0.45, 0.55, 0.28
    height = top_in + nrows * (panel_h_in + gap_in) + legend_in
    with use_style():
        fig = plt.figure(figsize=(PRINT_WIDTH_IN, height))
        fix_layout(fig)
        sides = []
        for i, (day, snap, areas) in enumerate(items):
            r, c = divmod(i, ncols)
            bottom = (legend_in + (nrows - 1 - r) * (panel_h_in + gap_in)) / height
            ax = fig.add_axes((0.01 + c * (panel_w + 0.025), bottom, panel_w, panel_h_in / height))
            plot_base_map(ax=ax, dataset=dataset)
            sides += _draw_surface(ax, areas)
            dataset_or_default(dataset).boundaries.boundary.plot(
                ax=ax, color="#888888", linewidth=0.4, zorder=2
            )
            _draw_places(ax, snap)
            ax.set_xlabel("")
            ax.set_ylabel("")
            sides += list(snap["side"])
            ax.set_title(
                f"{'abcdefghijklmnopqrstuvwxyz'[i]}  {day.day} {day:%B %Y}",
                loc="left",
                fontsize=8,
                fontweight="bold",
            )
            if max_labels:
                label_places(ax, key_places(snap, dataset=dataset), max_labels=max_labels)
        fig.text(
            0.01,
            1 - 0.12 / height,
            title or f"Territorial control on {len(items)} dates",
            fontsize=9,
            va="top",
            ha="left",
        )
        fig.text(
            0.01,
            1 - 0.30 / height,
            f"Shading: {methods.pop()}. Markers: coded places by side "
            "(circle held, diamond contested, square besieged).",
            fontsize=6,
            va="top",
            ha="left",
            color="#333333",
        )
        fig.legend(
            handles=legend_handles(sides),
            loc="lower left",
            bbox_to_anchor=(0.01, 0.16 / height),
            ncols=6,
            fontsize=6,
            columnspacing=1.2,
            handlelength=1.4,
            frameon=False,
        )
    return fig


def plot_capture_sequence(
    changes,
    snapshot,
    areas,
    *,
    governorate: str,
    date,
    title: str | None = None,
    max_rows: int = 40,
    dataset: Dataset | None = None,
) -> Figure:
    """Close-up of one governorate with each change of hands numbered and listed.

    The list beside the map gives date, place, from → to, with display names.

    Parameters
    ----------
    changes : DataFrame
        From :func:`analysis.control.changes` (one governorate, in date order).
    snapshot, areas : GeoDataFrame
        :func:`analysis.control.control_at` and :func:`analysis.control.control_areas` on the
        day the map shows (usually the end of the period).
    governorate : str
        The governorate to frame.
    date : str or Timestamp
        The day the map shows (``snapshot``'s and ``areas``' date).
    title : str, optional
    max_rows : int
        Changes listed beside the map at most (fewer if the space above the legend is
        shorter); later ones are summarised in one line.
    dataset : Dataset, optional
        Boundaries and actor names.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from analysis.control import changes, control_at, control_areas
    >>> ch = changes("2015-01-01", "2015-12-31", "Idlib")
    >>> fig = plot_capture_sequence(ch, control_at("2015-12-31"), control_areas("2015-12-31"),
    ...                             governorate="Idlib", date="2015-12-31")
    >>> "Idlib" in fig.axes[0].get_title(loc="left")
    True
    """
    ds = dataset_or_default(dataset)
    day = as_date(date, "date")
    names = actor_names(dataset=ds)
    box = extent_of(governorate, dataset=ds)
    ch = changes.reset_index(drop=True)
    ch = ch.assign(n=np.arange(1, len(ch) + 1))
    points = ds.locations.set_index("id").geometry
    aspect = (box[3] - box[2]) / 0.82 / (box[1] - box[0])
    map_w = 0.56
    height = max(4.2, map_w * PRINT_WIDTH_IN * aspect + 1.0)
    with use_style():
        fig = plt.figure(figsize=(PRINT_WIDTH_IN, height))
        fix_layout(fig)
        ax = fig.add_axes((0.01, 0.55 / height, map_w, 1 - 1.0 / height))
        plot_base_map(ax=ax, extent=box, dataset=ds)
        drawn = _draw_surface(ax, areas)
        ds.boundaries.boundary.plot(ax=ax, color="#888888", linewidth=0.4, zorder=2)
        _draw_places(ax, snapshot, skip=set(ch["location_id"]))
        ax.set_xlabel("")
        ax.set_ylabel("")

        add_scale_bar(ax, km=50)
        # One numbered disc per place, listing every change there ("2,5"), on the place or,
        # where discs would touch, beside it on a leader line.
        discs = []
        for loc, group in ch.groupby("location_id", sort=False):
            p = points[loc]
            colour = SIDE_COLOURS.get(group.iloc[-1]["to_side"], "#222222")
            placed = label_points(
                ax,
                [p.x],
                [p.y],
                [",".join(str(n) for n in group["n"])],
                centred=True,
                fontweight="bold",
                halo=False,
                zorder=8,
                marker_pt=16,
                bbox=dict(boxstyle="circle,pad=0.25", fc="white", ec=colour, lw=1.4),
            )
            if placed.texts:
                discs.append((placed.texts[0], short_name(group.iloc[0]["name"])))
        # Names go beside the discs (where a disc moved, beside its new place).
        fig.canvas.draw()  # annotations know their place only once drawn
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg
        centres = [
            ax.transData.inverted().transform(text_box(t, renderer).get_points().mean(axis=0))
            for t, _ in discs
        ]
        diameter = max((text_box(t, renderer).width * 72 / fig.dpi for t, _ in discs), default=10)
        label_points(
            ax, [c[0] for c in centres], [c[1] for c in centres], [n for _, n in discs], marker_pt=diameter
        )
        years = sorted({ch["date"].min().year, ch["date"].max().year}) if len(ch) else [day.year]
        ax.set_title(
            title
            or f"{governorate}, {'–'.join(map(str, years))}: changes of hands in order "
            f"(map: {day.day} {day:%B %Y})",
            loc="left",
            fontsize=8,
        )
        add_source_line(
            ax,
            f"Shading: {method_label(areas.attrs)}. Numbered discs: places that "
            "changed hands, edged in the new holder's colour.",
        )
        listing = fig.add_axes((map_w + 0.04, 0.55 / height, 1 - map_w - 0.05, 1 - 1.0 / height))
        listing.set_axis_off()
        listing.legend(
            handles=legend_handles([*drawn, *snapshot["side"]]),
            loc="lower left",
            bbox_to_anchor=(0.0, 0.0),
            ncols=2,
            fontsize=6,
            borderaxespad=0,
        )

        # The list, inside the figure: two lines per change, as many as the space above the
        # legend holds (measured: rows are dropped from the end until the list clears it).
        def listing_lines(rows: int) -> list[str]:
            lines = []
            for row in ch.head(rows).itertuples():
                lines.append(f"{row.n:>2}  {row.date.day} {row.date:%b %Y}  {short_name(row.name)}")
                lines.append(
                    f"      {names.get(row.from_controller, row.from_controller)} → "
                    f"{names.get(row.to_controller, row.to_controller)}"
                )
            if len(ch) > rows:
                more = len(ch) - rows
                lines.append(f"… and {more} later change{'s' if more > 1 else ''} (see the changes table)")
            return lines

        listing.set_title("Changes of hands", loc="left", fontsize=8)
        rows = min(max_rows, len(ch))
        text = listing.text(
            0,
            1,
            "\n".join(listing_lines(rows)),
            transform=listing.transAxes,
            va="top",
            ha="left",
            fontsize=6,
            linespacing=1.35,
        )
        legend_box = listing.get_legend()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg
        while (
            rows > 1
            and legend_box is not None
            and text.get_window_extent(renderer).y0 < legend_box.get_window_extent(renderer).y1 + 4
        ):
            rows -= 1
            text.set_text("\n".join(listing_lines(rows)))
    return fig


# --- foreign deployments --------------------------------------------------------------
#: Colours of asset classes on the deployment map.
ASSET_CLASS_COLOURS = {
    "combat_aircraft": "#0072B2",
    "helicopter": "#56B4E9",
    "transport_aircraft": "#999999",
    "landing_ship": "#009E73",
    "warship": "#117733",
    "air_defence": "#CC79A7",
    "armour": "#E69F00",
    "artillery": "#D55E00",
    "personnel": "#882255",
}
#: West Syria, where Russia's bases are (lon_min, lon_max, lat_min, lat_max).
COAST_EXTENT = (35.3, 37.0, 34.5, 36.3)
#: The region of the naval route (lon_min, lon_max, lat_min, lat_max).
ROUTE_EXTENT = (24.5, 41.0, 31.5, 46.5)
# Marker area (pt²) per reported item on the deployment map.
_PT2_PER_ITEM = 9.0


#: Routes drawn on the deployment map: the main line and the branch from Sevastopol.
DEFAULT_ROUTES = ("syrian_express", "syrian_express_sevastopol")


def _waypoint_label(name: str) -> str | None:
    """Short map label of a waypoint ("Bosporus, northern entrance (…)" -> "Bosporus").

    Schematic lane points are not labelled.
    """
    if "lane point" in name:
        return None
    return short_name(name).split(",")[0]


def plot_deployment_map(
    arrivals,
    routes,
    *,
    route_ids=DEFAULT_ROUTES,
    extent=COAST_EXTENT,
    period: str = "August 2015 - March 2016",
    dataset: Dataset | None = None,
) -> Figure:
    """Where Russia's assets were reported, beside the naval route from the Black Sea.

    Proportional symbols by asset class at each site; the route to Tartus in a second panel.

    Parameters
    ----------
    arrivals : DataFrame
        Distinct arrivals (:func:`analysis.deployments.distinct_arrivals`), already cut to
        the period shown: ``location_id``, ``asset_class``, ``quantity``.
    routes : DataFrame
        The routes table (``Dataset.routes``): waypoints by ``route_id`` and ``seq``.
    route_ids : sequence of str
        The routes drawn (waypoints by ``seq``); the first is the main line.
    extent : tuple
        Frame of the coast map.
    period : str
        Named in the title.
    dataset : Dataset, optional
        Boundaries, the region's land and place names.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the coast of Syria, and the wider region with the route.

    Examples
    --------
    >>> from analysis import load_dataset
    >>> from analysis.deployments import distinct_arrivals
    >>> ds = load_dataset()
    >>> fig = plot_deployment_map(distinct_arrivals(dataset=ds), ds.routes)
    >>> fig.axes[0].get_title(loc="left")
    'a  Reported at each site'
    """
    from ..boundaries import load_region

    ds = dataset_or_default(dataset)
    moves = arrivals[(arrivals["quantity"] > 0) & arrivals["location_id"].notna()]
    totals = moves.groupby(["location_id", "asset_class"], observed=True)["quantity"].sum().reset_index()
    places = ds.locations.set_index("id")
    unknown = [r for r in route_ids if r not in set(routes["route_id"])]
    if unknown or not len(route_ids):
        raise ValueError(
            f"route_ids={tuple(route_ids)!r}: {unknown or 'empty'} not in routes; expected "
            f"some of: {', '.join(sorted(set(routes['route_id'])))}"
        )
    height = 4.3
    with use_style():
        fig = plt.figure(figsize=(PRINT_WIDTH_IN, height))
        fix_layout(fig)
        ax = fig.add_axes((0.01, 1.25 / height, 0.40, 1 - 1.75 / height))
        inset = fig.add_axes((0.45, 0.55 / height, 0.54, 1 - 1.05 / height))
        plot_base_map(ax=ax, extent=extent, dataset=ds)
        sites = []
        for loc, group in totals.groupby("location_id", sort=True):
            p = places.loc[loc, "geometry"]
            angles = np.linspace(0, 2 * np.pi, len(group), endpoint=False) + np.pi / 4
            r = 0.0 if len(group) == 1 else 0.045
            for row, angle in zip(group.sort_values("asset_class").itertuples(), angles):
                ax.scatter(
                    p.x + r * np.cos(angle),
                    p.y + r * np.sin(angle),
                    s=_PT2_PER_ITEM * row.quantity,
                    color=ASSET_CLASS_COLOURS.get(row.asset_class, "#777777"),
                    alpha=0.8,
                    edgecolors="#222222",
                    linewidths=0.4,
                    zorder=5,
                )
            sites.append(
                (
                    p.x,
                    p.y,
                    short_name(places.loc[loc, "name"]),
                    np.sqrt(_PT2_PER_ITEM * group["quantity"].max()) + (14 if r else 0),
                )
            )
        add_scale_bar(ax, km=50)
        for x, y, name, size in sorted(sites, key=lambda t: -t[3]):
            label_points(ax, [x], [y], [name], marker_pt=size)
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=ASSET_CLASS_COLOURS.get(c, "#777777"),
                label=c.replace("_", " "),
            )
            for c in sorted(totals["asset_class"].unique())
        ]
        handles += [
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                mfc="none",
                mec="#222222",
                markersize=np.sqrt(_PT2_PER_ITEM * n),
                label=f"{n} reported",
            )
            for n in (5, 20)
        ]
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.01),
            ncols=3,
            fontsize=6,
            borderaxespad=0,
            columnspacing=1.0,
            handletextpad=0.3,
            labelspacing=1.3,
        )
        ax.set_title("a  Reported at each site", loc="left", fontsize=8, fontweight="bold")
        # The naval route from the Black Sea through the straits, the Aegean and east of Cyprus.
        load_region(ds.data_dir).plot(ax=inset, color="#EDEDED", edgecolor="#AAAAAA", linewidth=0.3)
        for i, rid in enumerate(route_ids):
            route = routes[routes["route_id"] == rid].sort_values("seq")
            inset.plot(
                route["longitude"],
                route["latitude"],
                color="#0072B2",
                linewidth=1.2 if i == 0 else 0.9,
                linestyle="-" if i == 0 else "--",
                marker="o",
                markersize=2.5,
                zorder=5,
                label=rid,
            )
        inset.set_xlim(ROUTE_EXTENT[:2])
        inset.set_ylim(ROUTE_EXTENT[2:])
        inset.set_xticks([])
        inset.set_yticks([])
        inset.set_xlabel("")
        inset.set_ylabel("")
        inset.set_aspect(1 / 0.8)
        for spine in inset.spines.values():
            spine.set_visible(True)
            spine.set_color("#BBBBBB")
        inset.set_title(
            "b  The 'Syrian Express' naval route to Tartus", loc="left", fontsize=8, fontweight="bold"
        )
        stops = routes[routes["route_id"].isin(route_ids)]
        stops = stops.assign(label=stops["name"].map(_waypoint_label))
        stops = stops.dropna(subset=["label"]).drop_duplicates("label")
        label_points(inset, stops["longitude"], stops["latitude"], stops["label"], marker_pt=4)
        fig.text(
            0.01,
            1 - 0.1 / height,
            f"Russia's reported deployments in Syria, {period}",
            fontsize=9,
            va="top",
            ha="left",
        )
        fig.text(
            0.01,
            0.2 / height,
            "Route: straight sea legs between sourced waypoints; dashed: the "
            "branch from Sevastopol; unlabelled dots: schematic lane points in the Aegean.\nSymbols: "
            "distinct reported arrivals by class. Data: syria-conflict-atlas deployments, routes; "
            "Natural Earth",
            fontsize=6,
            color="#555555",
            ha="left",
            va="bottom",
        )
    return fig
