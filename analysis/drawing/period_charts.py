"""Charts of the whole war: where the map is thin, places by side, ours against the record.

Where the map rests on little, each governorate's places by side, and our shares against the
published whole-country partitions.

Each draws what an analysis function returned (:mod:`analysis.territory.coverage`,
:func:`analysis.territory.series.area_by_side`,
:func:`analysis.territory.published.compare_with_published`); nothing here reads the data.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.drawing.base_map import add_source_line
from analysis.drawing.style import SIDE_COLOURS, SIDE_LABELS, use_style

__all__ = ["plot_unknown_share", "plot_places_by_side", "plot_published_over_time", "PUBLISHED_PANELS"]

#: Panels of the comparison with the published partitions: the publishers' side, and ours.
PUBLISHED_PANELS = {
    "government": ("Government", ("government",)),
    "opposition": (
        "Opposition incl. HTS and Turkish-backed areas",
        ("opposition", "nusra", "turkey", "us_coalition"),
    ),
    "kurdish": ("Kurdish-led (YPG/SDF)", ("kurdish",)),
    "isis": ("ISIS", ("isis",)),
}
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")


def _years_axis(ax) -> None:
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=6)


def plot_unknown_share(share: pd.DataFrame, goal_pct: float = 10.0) -> Figure:
    """The share of coded places no source speaks of, month by month, against a goal.

    Parameters
    ----------
    share : DataFrame
        From :func:`analysis.territory.coverage.unknown_share`.
    goal_pct : float
        Drawn as a dashed line (the data's goal on every 1 January).

    Examples
    --------
    >>> from analysis.territory.coverage import unknown_share
    >>> fig = plot_unknown_share(unknown_share(freq="QS"))
    >>> fig.axes[0].get_ylabel()
    'places with no source (%)'
    """
    with use_style():
        fig, ax = plt.subplots(figsize=(7.2, 2.6))
        pct = share["share"] * 100
        ax.fill_between(share.index, 0, pct, step="post", color=SIDE_COLOURS["unknown"], edgecolor="#888888")
        ax.step(share.index, pct, where="post", color="#555555", linewidth=0.8)
        ax.axhline(goal_pct, color="#D55E00", linestyle="--", linewidth=0.8)
        ax.text(
            share.index[-1],
            goal_pct,
            f" goal {goal_pct:g}%",
            color="#D55E00",
            fontsize=6,
            va="bottom",
            ha="right",
        )
        ax.set_ylim(0, max(100.0, float(pct.max()) * 1.05))
        ax.set_xlim(share.index[0], share.index[-1])
        ax.set_ylabel("places with no source (%)")
        _years_axis(ax)
        ax.set_title(
            f"Where the map is thin: share of the {int(share['places'].max())} coded places whose holder "
            "no source gives",
            loc="left",
        )
        add_source_line(ax, "Data: syria-conflict-atlas control table (controller 'unknown')", offset=-14)
        fig.tight_layout()
    return fig


def plot_places_by_side(counts: pd.DataFrame, ncols: int = 2) -> Figure:
    """Each governorate's coded places by the side holding them, over the study period.

    One small panel per governorate (stacked counts of places, the same colours as the
    maps): the compact view of who held what over fourteen years.

    Parameters
    ----------
    counts : DataFrame
        From :func:`analysis.territory.coverage.places_by_side` (long form).
    ncols : int
        Panels per row.

    Examples
    --------
    >>> from analysis.territory.coverage import places_by_side
    >>> fig = plot_places_by_side(places_by_side(freq="QS"))
    >>> len([ax for ax in fig.axes if ax.get_visible()]) >= 14
    True
    """
    wide = counts.pivot_table(index=["governorate", "date"], columns="side", values="places", fill_value=0)
    order = [s for s in SIDE_COLOURS if s in wide.columns]
    governorates = sorted(
        counts["governorate"].unique(), key=lambda g: -counts.loc[counts["governorate"] == g, "places"].max()
    )
    nrows = -(-len(governorates) // ncols)
    with use_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(7.2, 1.05 * nrows + 1.1), sharex=True, squeeze=False)
        for ax, gov in zip(axes.flat, governorates):
            g = wide.loc[gov].reindex(columns=order, fill_value=0)
            ax.stackplot(
                g.index, g.T.values, colors=[SIDE_COLOURS[s] for s in order], step="post", linewidth=0
            )
            ax.set_xlim(g.index[0], g.index[-1])
            ax.set_ylim(0, g.sum(axis=1).max())
            ax.set_title(f"{gov} ({int(g.sum(axis=1).max())} places)", loc="left", fontsize=7, pad=2)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
            ax.tick_params(labelsize=6)
            _years_axis(ax)
        for ax in axes.flat[len(governorates) :]:
            ax.set_visible(False)
        for ax in axes[:, 0]:
            ax.set_ylabel("places", fontsize=6)
        present = [s for s in order if wide[s].sum() > 0]
        fig.legend(
            handles=[Patch(color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in present],
            loc="lower left",
            ncols=5,
            fontsize=6,
            frameon=False,
            bbox_to_anchor=(0.01, 0.25 / (1.05 * nrows + 1.1)),
        )
        fig.suptitle(
            "Who held each governorate's coded places, month by month", x=0.01, ha="left", fontsize=9
        )
        fig.tight_layout(rect=(0, 0.8 / (1.05 * nrows + 1.1) + 0.02, 1, 0.98))
    return fig


def plot_published_over_time(areas: pd.DataFrame, comparison: pd.DataFrame) -> Figure:
    """Our share of Syria per side over time (line) and the published partitions (points).

    Parameters
    ----------
    areas : DataFrame
        From :func:`analysis.territory.series.area_by_side` (Voronoi, km² by date and side).
    comparison : DataFrame
        From :func:`analysis.territory.published.compare_with_published`; the comparable
        area shares of whole-country partitions are drawn, one marker per publisher.

    Examples
    --------
    >>> from analysis.territory.series import area_by_side
    >>> from analysis.territory.published import compare_with_published
    >>> fig = plot_published_over_time(area_by_side(freq="QS"), compare_with_published())
    >>> fig.axes[0].get_title(loc="left")
    'Government'
    """
    shares = areas.div(areas.sum(axis=1), axis=0) * 100
    pub = comparison[
        comparison["comparable"]
        & (comparison["measure"] == "area")
        & (comparison["definition_kind"] == "partition")
    ]
    publishers = list(dict.fromkeys(pub["publisher"]))
    marker = {p: _MARKERS[i % len(_MARKERS)] for i, p in enumerate(publishers)}
    with use_style():
        fig, axes = plt.subplots(2, 2, figsize=(7.2, 4.8), sharex=True)
        for ax, (side, (title, ours)) in zip(axes.flat, PUBLISHED_PANELS.items()):
            colour = SIDE_COLOURS[side]
            line = shares.reindex(columns=list(ours), fill_value=0).sum(axis=1)
            ax.step(
                line.index, line, where="post", color=colour if side != "isis" else "#1A1A1A", linewidth=1.2
            )
            theirs = pub[pub["side"] == side]
            for publisher, rows in theirs.groupby("publisher", sort=False):
                ax.scatter(
                    rows["refers_to"],
                    rows["theirs_pct"],
                    marker=marker[publisher],
                    s=14,
                    facecolor="white",
                    edgecolor="#222222",
                    linewidth=0.7,
                    zorder=3,
                )
            ax.set_title(title, loc="left", fontsize=8)
            ax.set_ylim(0, 100 if side == "government" else max(60.0, float(line.max()) * 1.1))
            ax.set_xlim(line.index[0], line.index[-1])
            _years_axis(ax)
        for ax in axes[:, 0]:
            ax.set_ylabel("share of Syria (%)", fontsize=7)
        handles = [Line2D([], [], color="#555555", label="ours (Voronoi partition of the coded places)")]
        handles += [
            Line2D([], [], marker=marker[p], color="#222222", markerfacecolor="white", linestyle="", label=p)
            for p in publishers
        ]
        fig.legend(
            handles=handles, loc="lower left", ncols=2, fontsize=6, frameon=False, bbox_to_anchor=(0.01, 0.06)
        )
        fig.suptitle(
            "Share of Syria by side: our Voronoi partition against the published whole-country partitions",
            x=0.01,
            ha="left",
            fontsize=9,
        )
        rows = -(-len(handles) // 2)
        fig.tight_layout(rect=(0, 0.12 + 0.03 * rows, 1, 0.97))
    return fig
