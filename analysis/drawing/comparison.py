"""Charts that put two answers side by side: land beside people, ours beside published."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.drawing.style import NOT_ASSESSED_HATCH, SIDE_COLOURS, SIDE_LABELS, method_label, use_style

__all__ = ["plot_land_and_people", "plot_published_comparison", "METHOD_MARKERS", "METHOD_NAMES"]

#: Marker of each of our methods on the comparison chart.
METHOD_MARKERS = {
    "voronoi": ("s", "#0072B2"),
    "reach": ("^", "#009E73"),
    "reach_population": ("D", "#CC79A7"),
}
#: Short display names of the methods and of the published groupings that are not sides.
METHOD_NAMES = {"voronoi": "Voronoi", "reach": "reach", "reach_population": "reach by population"}
_GROUP_LABELS = {"opposition_incl_isis": "Rebels incl. ISIS"}


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.div(frame.sum(axis=1), axis=0) * 100


def _stack(ax, shares: pd.DataFrame) -> None:
    ax.stackplot(
        shares.index,
        shares.T.values,
        step="post",
        linewidth=0,
        colors=[SIDE_COLOURS.get(s, "#DDDDDD") for s in shares.columns],
        hatch=[NOT_ASSESSED_HATCH if s == "not_assessed" else None for s in shares.columns],
    )
    import matplotlib.dates as mdates

    ax.set_xlim(shares.index[0], shares.index[-1])
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def plot_land_and_people(areas: pd.DataFrame, population: pd.DataFrame) -> Figure:
    """Share of Syria's land and share of its pre-war people held by each side, side by side.

    "Most of the land" and "most of the people" are different questions: the desert that
    dominates the area counts hardly any of the population.

    Parameters
    ----------
    areas : DataFrame
        From :func:`analysis.territory.series.area_by_side` (its ``attrs["method"]`` is named).
    population : DataFrame
        From :func:`analysis.territory.series.population_series`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from analysis.territory.series import area_by_side, population_series
    >>> fig = plot_land_and_people(area_by_side(freq="QS"), population_series(freq="QS"))
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['a  Land (% of Syria)', 'b  People (% of the pre-war population counted)']
    """
    sides = [s for s in dict.fromkeys([*areas.columns, *population.columns])]
    with use_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.2), sharey=True)
        _stack(left, _shares(areas))
        _stack(right, _shares(population))
        left.set_title("a  Land (% of Syria)", loc="left", fontsize=8)
        right.set_title("b  People (% of the pre-war population counted)", loc="left", fontsize=8)
        left.set_ylabel("share (%)")
        import matplotlib.dates as mdates

        years = (areas.index[-1] - areas.index[0]).days / 365.25
        for ax in (left, right):
            ax.tick_params(axis="x", labelsize=6)
            # A half-width panel holds about five year labels.
            ax.xaxis.set_major_locator(mdates.YearLocator(max(1, int(np.ceil(years / 5)))))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        handles = [
            Patch(
                facecolor=SIDE_COLOURS.get(s, "#DDDDDD"),
                label=SIDE_LABELS.get(s, s),
                hatch=NOT_ASSESSED_HATCH if s == "not_assessed" else None,
            )
            for s in sides
        ]
        right.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=6, frameon=False)
        import textwrap

        for ax, attrs in ((left, areas.attrs), (right, population.attrs)):
            ax.set_xlabel(textwrap.fill("Method: " + method_label(attrs), 44), fontsize=6, color="#444444")
    return fig


def _publisher_short(publisher: str) -> str:
    """Short name of a publisher: its acronym if it gives one (SOHR), else its name, cut."""
    import re

    acronym = re.search(r"\(([A-Z][A-Za-z]*[A-Z])\)", publisher)
    if acronym:
        return acronym.group(1)
    name = publisher.split(" (")[0].split(",")[0]
    return name if len(name) <= 28 else name[:27] + "…"


def _row_label(row) -> str:
    side = _GROUP_LABELS.get(row.side, SIDE_LABELS.get(row.side, row.side))
    return f"{_publisher_short(row.publisher)}, {pd.Timestamp(row.refers_to):%b %Y}: {side}"


def plot_published_comparison(comparison: pd.DataFrame) -> Figure:
    """Each published figure beside ours on the same date, one row per figure.

    A black bar is the published share; a marker per method is ours (filled when the
    method answers the publisher's kind of definition, open when it does not). Only
    comparable figures (Syria alone, a share or km²) are drawn.

    Parameters
    ----------
    comparison : DataFrame
        One or more results of :func:`analysis.territory.published.compare_with_published`,
        concatenated (one per method).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.territory.published import compare_with_published
    >>> both = compare_with_published(("voronoi", "reach"))
    >>> fig = plot_published_comparison(both)
    >>> fig.axes[0].get_xlabel()
    'share of Syria (%): land, or people where marked'
    """
    ok = comparison[comparison["comparable"].astype(bool)]
    figures = ok.drop_duplicates("estimate_id").sort_values(["refers_to", "estimate_id"])
    labels = [
        _row_label(r) + (" (people)" if r.measure == "population" else "") for r in figures.itertuples()
    ]
    y = {eid: i for i, eid in enumerate(figures["estimate_id"])}
    with use_style():
        fig, ax = plt.subplots(figsize=(7.2, 0.22 * len(figures) + 1.4))
        ax.scatter(
            figures["theirs_pct"],
            [y[e] for e in figures["estimate_id"]],
            marker="|",
            s=120,
            color="#1A1A1A",
            linewidths=2,
            zorder=3,
        )
        for method, (marker, colour) in METHOD_MARKERS.items():
            mine = ok[ok["method"] == method]
            if mine.empty:
                continue
            match = mine["matches_definition"].astype(bool).to_numpy()
            ys = np.array([y[e] for e in mine["estimate_id"]], dtype=float)
            for filled in (True, False):
                sel = match == filled
                ax.scatter(
                    mine["ours_pct"].to_numpy()[sel],
                    ys[sel],
                    marker=marker,
                    s=22,
                    zorder=4,
                    facecolors=colour if filled else "white",
                    edgecolors=colour,
                    linewidths=0.9,
                )
        ax.set_yticks(range(len(labels)), labels, fontsize=6)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("share of Syria (%): land, or people where marked")
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.5)
        handles = [Line2D([], [], marker="|", color="#1A1A1A", linestyle="", markersize=9, label="published")]
        handles += [
            Line2D([], [], marker=m, color=c, linestyle="", markersize=5, label=f"ours: {METHOD_NAMES[k]}")
            for k, (m, c) in METHOD_MARKERS.items()
            if k in set(ok["method"])
        ]
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                markerfacecolor="white",
                markeredgecolor="#555555",
                linestyle="",
                markersize=5,
                label="open: definition differs",
            )
        )
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=3,
            fontsize=6,
            frameon=False,
            borderaxespad=0.3,
        )
    return fig
