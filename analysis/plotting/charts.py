"""Charts (no maps): coverage over time, sources by grade."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..load import Dataset
from ..overview import rows_by_month, sources_by_grade
from .maps import add_source_line
from .style import use_style

__all__ = [
    "plot_rows_by_month", "plot_sources_by_grade", "plot_control_timeline", "plot_area_by_side",
]

_TABLE_COLOURS = {"events": "#0072B2", "changes": "#D55E00", "deployments": "#009E73",
                  "statements": "#CC79A7"}


def plot_rows_by_month(dataset: Dataset | None = None, ax: Axes | None = None) -> Axes:
    """Stacked monthly bars of coded rows per table, 2014-2016.

    Examples
    --------
    >>> ax = plot_rows_by_month()
    >>> len(ax.get_legend().get_texts())
    4
    """
    counts = rows_by_month(dataset)
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 2.8))
        bottom = pd.Series(0, index=counts.index)
        for name in counts.columns:
            ax.bar(counts.index, counts[name], width=25, bottom=bottom, label=name,
                   color=_TABLE_COLOURS[name], align="edge")
            bottom += counts[name]
        ax.set_ylabel("rows per month")
        ax.legend(loc="upper left", ncols=4)
        ax.set_title("What the data covers, month by month")
        add_source_line(ax, "Data: syria-conflict-atlas (events, control, deployments, statements)", offset=-16)
    return ax


def plot_sources_by_grade(dataset: Dataset | None = None, ax: Axes | None = None) -> Axes:
    """Heat table of sources by Admiralty reliability and credibility.

    Examples
    --------
    >>> ax = plot_sources_by_grade()
    >>> ax.get_xlabel()
    'credibility (1 confirmed … 6 cannot be judged)'
    """
    grades = sources_by_grade(dataset)
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(3.5, 3))
        ax.imshow(grades.values, cmap="Blues")
        for (i, j), v in pd.DataFrame(grades.values).stack().items():
            ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                    color="white" if v > grades.values.max() / 2 else "black")
        ax.set_xticks(range(grades.shape[1]), grades.columns)
        ax.set_yticks(range(grades.shape[0]), grades.index)
        ax.set_xlabel("credibility (1 confirmed … 6 cannot be judged)")
        ax.set_ylabel("reliability (A … F)")
        ax.set_title("Sources by grade")
    return ax


def plot_control_timeline(dataset: Dataset | None = None, ax: Axes | None = None) -> Axes:
    """One bar per studied place, coloured by the controlling side through 2014-2016,
    grouped by governorate; hatched where the place was besieged or contested.

    Examples
    --------
    >>> ax = plot_control_timeline()
    >>> bool(ax.get_xlim()[0] < ax.get_xlim()[1])
    True
    """
    import matplotlib.dates as mdates

    from ..control import control_intervals
    from .style import SIDE_COLOURS, SIDE_LABELS

    iv = control_intervals(dataset)
    order = iv[["governorate", "name", "location_id"]].drop_duplicates("location_id")
    order = order.sort_values(["governorate", "name"], key=lambda s: s.astype(str)).reset_index(drop=True)
    row_of = {lid: i for i, lid in enumerate(order["location_id"])}
    start = pd.Timestamp("2014-01-01")
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 0.11 * len(order) + 1.2))
        for r in iv.itertuples():
            left = max(r.valid_from, start)
            ax.barh(row_of[r.location_id], (r.valid_to - left).days, left=mdates.date2num(left),
                    height=0.8, color=SIDE_COLOURS[r.side], edgecolor="white", linewidth=0.2,
                    hatch="////" if r.status != "held" else None)
        ax.set_yticks(range(len(order)), order["name"], fontsize=4.5)
        ax.invert_yaxis()
        ax.xaxis_date()
        ax.set_xlim(mdates.date2num(start), mdates.date2num(pd.Timestamp("2017-01-01")))
        # Governorate group separators and names.
        for gov, group in order.groupby("governorate", observed=True, sort=False):
            top = group.index.min() - 0.5
            ax.axhline(top, color="#999999", linewidth=0.4)
            ax.text(1.005, (group.index.min() + group.index.max()) / 2, str(gov), fontsize=5,
                    va="center", transform=ax.get_yaxis_transform())
        present = [s for s in SIDE_COLOURS if s in set(iv["side"])]
        ax.legend(handles=[Patch(color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in present]
                  + [Patch(facecolor="white", edgecolor="#555555", hatch="////", label="besieged / contested")],
                  loc="upper left", bbox_to_anchor=(0, -0.03), ncols=4, fontsize=5.5)
        ax.set_title("Who held each studied place, 2014-2016")
        add_source_line(ax, "Data: syria-conflict-atlas control table", offset=-40)
    return ax


def plot_area_by_side(dataset: Dataset | None = None, ax: Axes | None = None,
                      start="2014-01-01", end="2016-12-31", freq: str = "MS") -> Axes:
    """Stacked area chart of the estimated km² each side held (Voronoi estimate).

    Examples
    --------
    >>> ax = plot_area_by_side(freq="QS")
    >>> ax.get_ylabel()
    'estimated area (thousand km²)'
    """
    from ..control import area_by_side
    from .style import SIDE_COLOURS, SIDE_LABELS

    areas = area_by_side(start, end, freq=freq, dataset=dataset) / 1000
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 3))
        ax.stackplot(areas.index, areas.T.values, colors=[SIDE_COLOURS[s] for s in areas.columns],
                     labels=[SIDE_LABELS[s] for s in areas.columns], step="post", linewidth=0)
        ax.set_ylabel("estimated area (thousand km²)")
        ax.set_xlim(areas.index[0], areas.index[-1])
        ax.set_ylim(0, areas.sum(axis=1).max())
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title("Estimated territory by side (Voronoi cells of coded places, not front lines)")
        add_source_line(ax, "Data: syria-conflict-atlas control table; Natural Earth boundaries", offset=-16)
    return ax
