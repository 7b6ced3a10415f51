"""Maps drawn offline from the shipped boundaries (nothing is downloaded)."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..boundaries import load_undof_zone
from ..load import Dataset, load_dataset
from .style import use_style

__all__ = ["plot_base_map", "plot_locations", "add_source_line", "SYRIA_EXTENT"]

#: lon_min, lon_max, lat_min, lat_max framing Syria with a margin.
SYRIA_EXTENT = (35.4, 42.6, 32.2, 37.5)

_KIND_MARKERS = {"city": "o", "town": "o", "village": ".", "air_base": "^", "military_base": "s",
                 "naval_base": "v", "port": "v", "border_crossing": "X", "region": "h"}


def add_source_line(ax: Axes, text: str) -> None:
    """Write a source line under the axes (every figure carries one)."""
    ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, -6),
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
