"""Charts (no maps): coverage over time, sources by grade."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from ..load import Dataset
from ..overview import rows_by_month, sources_by_grade
from .maps import add_source_line
from .style import use_style

__all__ = ["plot_rows_by_month", "plot_sources_by_grade"]

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
        add_source_line(ax, "Data: syria-conflict-atlas (events, control, deployments, statements)")
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
