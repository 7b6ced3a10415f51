"""Charts (no maps): coverage over time, sources by grade, control over time, the claims ledger.

Each chart draws what it is given (a table from :mod:`analysis.publishing.overview`,
:mod:`analysis.territory.control`, :mod:`analysis.forces.deployments` or
:mod:`analysis.forces.claims`) and never
re-runs the analysis.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.config import STUDY_END, STUDY_START, STUDY_YEARS
from analysis.data.arguments import as_date, check_date_range
from analysis.drawing.maps import add_source_line, fix_layout
from analysis.drawing.style import method_label, use_style

__all__ = [
    "plot_rows_by_month",
    "plot_sources_by_grade",
    "plot_control_timeline",
    "plot_area_by_side",
    "plot_forces_in_theatre",
    "key_dates_from_events",
    "plot_claims_ledger",
    "plot_monthly_counts_by_dataset",
]

_TABLE_COLOURS = {
    "events": "#0072B2",
    "changes": "#D55E00",
    "to_new_authorities": "#F5C9A8",
    "deployments": "#009E73",
    "statements": "#CC79A7",
}

_TABLE_LABELS = {
    "events": "events",
    "changes": "changes of hands",
    "to_new_authorities": "handed to the new authorities, 8 Dec 2024",
    "deployments": "Russian deployments",
    "statements": "official statements",
}


def plot_rows_by_month(counts: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked monthly bars of coded rows per table over the study period.

    The axis is scaled to the months of fighting: a month whose handovers to the new
    authorities (8 December 2024) would flatten every other bar is cut at the top and
    labelled with its full count.

    Parameters
    ----------
    counts : DataFrame
        From :func:`analysis.publishing.overview.rows_by_month`: months by table.
    ax : Axes, optional

    Examples
    --------
    >>> from analysis.publishing.overview import rows_by_month
    >>> ax = plot_rows_by_month(rows_by_month())
    >>> len(ax.get_legend().get_texts())
    5
    """
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 2.8))
        bottom = pd.Series(0, index=counts.index)
        for name in counts.columns:
            ax.bar(
                counts.index,
                counts[name],
                width=25,
                bottom=bottom,
                label=_TABLE_LABELS.get(name, name),
                color=_TABLE_COLOURS.get(name, "#999999"),
                align="edge",
            )
            bottom += counts[name]
        fighting = counts.drop(columns="to_new_authorities", errors="ignore").sum(axis=1)
        top = max(float(fighting.max()) * 1.45, 1.0)
        if bottom.max() > top:
            ax.set_ylim(0, top)
            for month, total in bottom[bottom > top].items():
                handed = int(counts.at[month, "to_new_authorities"]) if "to_new_authorities" in counts else 0
                ax.annotate(
                    f"{month:%b %Y}: {int(total)} rows, {handed} of them handovers (bar cut)",
                    xy=(month, top),
                    xytext=(-4, -2),
                    textcoords="offset points",
                    ha="right",
                    va="top",
                    fontsize=7,
                    color="#333333",
                )
        ax.set_ylabel("rows per month")
        # Above the axes: the tall bars of 2015 and 2024 leave no free corner inside.
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, fontsize=7, frameon=False)
        ax.set_title("What the data covers, month by month", pad=34)
        add_source_line(
            ax, "Data: syria-conflict-atlas (events, control, deployments, statements)", offset=-16
        )
    return ax


def plot_sources_by_grade(grades: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heat table of sources by Admiralty reliability and credibility.

    Parameters
    ----------
    grades : DataFrame
        From :func:`analysis.publishing.overview.sources_by_grade`: reliability by credibility.
    ax : Axes, optional

    Examples
    --------
    >>> from analysis.publishing.overview import sources_by_grade
    >>> ax = plot_sources_by_grade(sources_by_grade())
    >>> ax.get_xlabel()
    'credibility (1 confirmed … 6 cannot be judged)'
    """
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(3.5, 3))
        ax.imshow(grades.values, cmap="Blues")
        for (i, j), v in pd.DataFrame(grades.values).stack().items():
            ax.text(
                j,
                i,
                str(v),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if v > grades.values.max() / 2 else "black",
            )
        ax.set_xticks(range(grades.shape[1]), grades.columns)
        ax.set_yticks(range(grades.shape[0]), grades.index)
        ax.set_xlabel("credibility (1 confirmed … 6 cannot be judged)")
        ax.set_ylabel("reliability (A … F)")
        ax.set_title("Sources by grade")
    return ax


def plot_control_timeline(intervals: pd.DataFrame, ax: Axes | None = None, *, max_places: int = 80) -> Axes:
    """One bar per place, coloured by the controlling side through the study period.

    Grouped by governorate; hatched where the place was besieged or contested.

    With more than ``max_places`` places only those that changed side are drawn (the
    title says how many of how many), so that names stay at a readable 6 pt.

    Parameters
    ----------
    intervals : DataFrame
        From :func:`analysis.territory.control.control_intervals`.
    ax : Axes, optional
        A new figure sized to the rows when omitted.
    max_places : int

    Examples
    --------
    >>> from analysis.territory.control import control_intervals
    >>> ax = plot_control_timeline(control_intervals())
    >>> bool(ax.get_xlim()[0] < ax.get_xlim()[1])
    True
    """
    from analysis.drawing.style import SIDE_COLOURS, SIDE_LABELS

    iv = intervals
    total = iv["location_id"].nunique()
    shown = "every place"
    if total > max_places:
        sides = iv.groupby("location_id", observed=True)["side"].nunique()
        iv = iv[iv["location_id"].isin(sides[sides > 1].index)]
        shown = f"{iv['location_id'].nunique()} of {total} places: those that changed side"
    order = iv[["governorate", "name", "location_id"]].drop_duplicates("location_id")
    order = order.sort_values(["governorate", "name"], key=lambda s: s.astype(str)).reset_index(drop=True)
    with use_style():
        if ax is None and len(order) > _ROWS_PER_COLUMN:
            # Two columns of governorates, split where the rows are balanced.
            cut = _balanced_cut(order)
            parts = [order.iloc[:cut].reset_index(drop=True), order.iloc[cut:].reset_index(drop=True)]
            rows = max(len(p) for p in parts)
            # Fixed margins (inches): names 1.4 left of each column, governorates 0.65 right,
            # title above, ticks, legend and source line below.
            height = 0.1 * rows + 1.45
            fig: Any = plt.figure(figsize=(7.2, height))
            axes = [
                fig.add_axes(((x0 + 1.4) / 7.2, 1.0 / height, 1.5 / 7.2, 0.1 * rows / height))
                for x0 in (0.0, 3.6)
            ]
            fix_layout(fig)
        else:
            if ax is None:
                _, ax = plt.subplots(figsize=(7.2, 0.1 * len(order) + 1.2))
            fig, axes, parts, rows = ax.figure, [ax], [order], len(order)
        for panel, part in zip(axes, parts):
            _timeline_rows(panel, iv[iv["location_id"].isin(part["location_id"])], part, rows)
        first = axes[0]
        present = [s for s in SIDE_COLOURS if s in set(iv["side"])]
        first.legend(
            handles=[Patch(color=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in present]
            + [Patch(facecolor="white", edgecolor="#555555", hatch="////", label="besieged / contested")],
            loc="upper left",
            bbox_to_anchor=(-1.35 / 1.5 if len(axes) > 1 else 0, -0.25 / (0.1 * rows)),
            ncols=4,
            fontsize=6,
            columnspacing=1.0,
        )
        title = f"Who held each place, {STUDY_YEARS} ({shown})"
        if len(axes) > 1:
            fig.text(0.01, 1 - 0.1 / height, title, ha="left", va="top", fontsize=9)
        else:
            first.set_title(title, loc="left")
        # Under the legend, however many rows it has.
        legend = first.get_legend()
        assert legend is not None
        first.annotate(
            "Data: syria-conflict-atlas control table",
            xy=(0, 0),
            xycoords=legend,
            xytext=(0, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=6,
            color="#555555",
        )
    return first


#: Rows of the control timeline that fit one column of a printed page at 6 pt.
_ROWS_PER_COLUMN = 45


def _balanced_cut(order: pd.DataFrame) -> int:
    """Row index splitting the governorate groups into two columns of similar length."""
    ends = order.groupby("governorate", observed=True, sort=False).apply(lambda g: g.index.max() + 1)
    return int(min(ends, key=lambda e: abs(e - len(order) / 2)))


def _timeline_rows(ax: Axes, iv: pd.DataFrame, order: pd.DataFrame, rows: int) -> None:
    import matplotlib.dates as mdates

    from analysis.drawing.style import SIDE_COLOURS

    row_of = {lid: i for i, lid in enumerate(order["location_id"])}
    start = pd.Timestamp(STUDY_START)
    for r in iv.itertuples():
        left = max(r.valid_from, start)
        ax.barh(
            row_of[r.location_id],
            (r.valid_to - left).days,
            left=mdates.date2num(left),
            height=0.8,
            color=SIDE_COLOURS[r.side],
            edgecolor="white",
            linewidth=0.2,
            hatch="////" if r.status != "held" else None,
        )
    ax.set_yticks(range(len(order)), [n.split(" (")[0] for n in order["name"]], fontsize=6)
    ax.tick_params(axis="y", length=0, pad=2)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.xaxis_date()
    ax.set_xlim(mdates.date2num(start), mdates.date2num(pd.Timestamp(STUDY_END) + pd.Timedelta(days=1)))
    # A year a tick up to eight years; every second year beyond, so that labels stay apart.
    years = (pd.Timestamp(STUDY_END) - pd.Timestamp(STUDY_START)).days / 365.25
    locator = mdates.YearLocator(1 if years <= 8 else 2)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    # Governorate group separators and names.
    for gov, group in order.groupby("governorate", observed=True, sort=False):
        ax.axhline(group.index.min() - 0.5, color="#999999", linewidth=0.4)
        ax.text(
            1.01,
            (group.index.min() + group.index.max()) / 2,
            str(gov),
            fontsize=6,
            va="center",
            transform=ax.get_yaxis_transform(),
        )


def plot_area_by_side(areas: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked area chart of the estimated km² each side held; the title names the method.

    Parameters
    ----------
    areas : DataFrame
        From :func:`analysis.territory.series.area_by_side` (km² by date and side; its
        ``attrs["method"]`` names the method). ``not_assessed`` land is drawn grey, hatched.
    ax : Axes, optional

    Examples
    --------
    >>> from analysis.territory.series import area_by_side
    >>> ax = plot_area_by_side(area_by_side(freq="QS"))
    >>> ax.get_ylabel()
    'estimated area (thousand km²)'
    """
    from analysis.drawing.style import NOT_ASSESSED_HATCH, SIDE_COLOURS, SIDE_LABELS

    method = method_label(areas.attrs)
    areas = areas / 1000
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 3))
        layers = ax.stackplot(
            areas.index,
            areas.T.values,
            colors=[SIDE_COLOURS.get(s, "#DDDDDD") for s in areas.columns],
            labels=[SIDE_LABELS.get(s, s) for s in areas.columns],
            step="post",
            linewidth=0,
            hatch=[NOT_ASSESSED_HATCH if s == "not_assessed" else "" for s in areas.columns],
        )
        for side, layer in zip(areas.columns, layers):
            if side == "not_assessed":  # light grey hatch, as on the maps
                layer.set_edgecolor("#C4C4C4")
        ax.set_ylabel("estimated area (thousand km²)")
        ax.set_xlim(areas.index[0], areas.index[-1])
        ax.set_ylim(0, areas.sum(axis=1).max())
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title("Estimated territory by side", loc="left", pad=11)
        ax.text(
            0,
            1.0,
            f"Method: {method}",
            transform=ax.transAxes,
            fontsize=6,
            color="#555555",
            va="bottom",
            ha="left",
        )
        add_source_line(ax, "Data: syria-conflict-atlas control table; Natural Earth boundaries", offset=-16)
    return ax


# --- Russia's forces in theatre and the claims ledger -------------------------------

#: Key dates marked on the forces chart: event ids in the events table and labels.
KEY_EVENTS = {
    "E-E003": "air campaign begins",
    "E-E004": "first Kalibr salvo",
    "E-E006": "Su-24M shot down",
    "E-E010": "withdrawal announced",
}
#: Panels of the forces chart, in reading order, with their display titles.
FORCE_PANELS = {
    "combat_aircraft": "Combat aircraft",
    "helicopters": "Helicopters",
    "personnel": "Personnel",
    "armour": "Armour",
    "artillery": "Artillery",
    "ships": "Warships and submarines",
}
_EVIDENCE_LINES = {"confirmed": "-", "disputed": ":", "reported": "--", "denied": "-."}


def plot_forces_in_theatre(
    forces: pd.DataFrame,
    key_dates: dict | None = None,
    panels: dict | None = None,
    published: pd.DataFrame | None = None,
):
    """Russian assets in Syria over time: the estimate, its low-high band, key dates.

    Draws what :func:`analysis.forces.estimates.forces_in_theatre` returned: one panel per
    asset family, the estimate as a step line (solid where the strongest evidence is a
    confirmation, dashed where it was only reported, dotted where disputed), the low-high
    band shaded, and numbered key dates explained under the panels.

    Parameters
    ----------
    forces : DataFrame
        A series from ``forces_in_theatre()`` (several dates).
    key_dates : dict, optional
        ``{date: label}``; see :func:`key_dates_from_events`.
    panels : dict, optional
        ``{family: title}``; default :data:`FORCE_PANELS`.
    published : DataFrame, optional
        :func:`analysis.forces.estimates.published_totals`: every reported total of a
        family drawn as a point on its panel (head counts only, not running totals of
        people who ever served).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from analysis.forces.estimates import forces_in_theatre
    >>> fig = plot_forces_in_theatre(forces_in_theatre(freq="W"))
    >>> fig.axes[0].get_title(loc="left")
    'Combat aircraft'
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    panels = FORCE_PANELS if panels is None else panels
    key_dates = key_dates or {}
    with use_style():
        fig, axes = plt.subplots(3, 2, figsize=(7.2, 6.4), sharex=True)
        for ax, (family, title) in zip(axes.flat, panels.items()):
            g = forces[forces["family"] == family].sort_values("date")
            ax.fill_between(
                g["date"], g["low"], g["high"], step="post", color="#0072B2", alpha=0.18, linewidth=0
            )
            runs = (g["evidence"] != g["evidence"].shift()).cumsum()
            for _, run in g.groupby(runs):
                # Each run joins the next one's first point, so the line has no gaps.
                nxt = g.loc[g.index > run.index[-1]].head(1)
                seg = pd.concat([run, nxt])
                style = _EVIDENCE_LINES.get(str(run["evidence"].iloc[0]), "-")
                ax.step(
                    seg["date"],
                    seg["estimate"],
                    where="post",
                    color="#0072B2",
                    linestyle=style,
                    linewidth=1.2,
                )
            for n, day in enumerate(key_dates, 1):
                ax.axvline(day, color="#999999", linewidth=0.5, zorder=0)
                ax.text(
                    day,
                    1.0 if n % 2 else 0.9,
                    str(n),
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="top",
                    fontsize=6,
                    color="#444444",
                    bbox=dict(boxstyle="circle,pad=0.15", fc="white", ec="#999999", lw=0.4),
                )
            top = float(g["high"].max()) if g["high"].notna().any() else 1.0
            if published is not None:
                pts = published[(published["family"] == family) & published["comparable"]]
                pts = pts[(pts["date"] >= g["date"].min()) & (pts["date"] <= g["date"].max())]
                ax.scatter(
                    pts["date"],
                    pts["reported"],
                    s=10,
                    marker="o",
                    facecolor="white",
                    edgecolor="#D55E00",
                    linewidth=0.8,
                    zorder=4,
                )
                if len(pts):
                    top = max(top, float(pts["reported"].max()))
            ax.set_ylim(0, top * 1.3 + 1)
            ax.set_title(title, loc="left", fontsize=8)
            if g["date"].max() - g["date"].min() > pd.Timedelta(days=3 * 365):
                ax.xaxis.set_major_locator(mdates.YearLocator(2))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            else:
                ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(9, 11, 1, 3, 5)))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
            ax.tick_params(labelsize=6)
        for ax in axes[:, 0]:
            ax.set_ylabel("in Syria (count)", fontsize=7)
        handles: list = [
            Line2D(
                [],
                [],
                color="#0072B2",
                linestyle=_EVIDENCE_LINES[k],  # type: ignore[arg-type]
                label=f"estimate ({k})",
            )
            for k in ("confirmed", "reported", "disputed")
        ]
        handles.append(Patch(facecolor="#0072B2", alpha=0.18, label="low - high"))
        if published is not None:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor="white",
                    markeredgecolor="#D55E00",
                    label="published total",
                )
            )
        fig.legend(
            handles=handles, loc="lower left", ncol=5, fontsize=6, frameon=False, bbox_to_anchor=(0.01, 0.085)
        )
        if key_dates:
            items = [
                f"{n} {pd.Timestamp(d):%d %b %Y}: {label}"
                for n, (d, label) in enumerate(key_dates.items(), 1)
            ]
            fig.text(
                0.01,
                0.075,
                "\n".join("   ".join(items[i : i + 3]) for i in range(0, len(items), 3)),
                fontsize=6,
                color="#444444",
                ha="left",
                va="top",
            )
        fig.suptitle(
            "Russian forces in Syria: best estimate and range from reported totals and movements",
            fontsize=9,
            x=0.01,
            ha="left",
        )
        fig.tight_layout(rect=(0, 0.115, 1, 0.97))
    return fig


def key_dates_from_events(events: pd.DataFrame, labels: dict = KEY_EVENTS) -> dict:
    """``{date: label}`` for the events named in ``labels`` (event id to label), in date order.

    Examples
    --------
    >>> from analysis import load_dataset
    >>> list(key_dates_from_events(load_dataset().events).values())[0]
    'air campaign begins'
    """
    known = events.set_index("event_id")["event_date"]
    pairs = sorted((known[eid], label) for eid, label in labels.items() if eid in known.index)
    return dict(pairs)


_STANCE_MARKERS = {
    "denies": ("v", "#D55E00"),
    "downplays": ("<", "#E69F00"),
    "confirms": ("^", "#009E73"),
    "reverses": ("*", "#0072B2"),
}
_EVIDENCE_MARKERS = {"report": ("o", "#BBBBBB"), "image": ("s", "#888888"), "strike": ("X", "#555555")}


def plot_claims_ledger(
    ledger: pd.DataFrame,
    contradictions: pd.DataFrame,
    claims: pd.DataFrame,
    ax: Axes | None = None,
    *,
    start="2015-08-01",
    end="2015-10-31",
    level: str = "speaker",
) -> Axes:
    """Swim lanes, one per claim: statements by stance, evidence by kind.

    Arcs join a denial to the same party's later confirmation.

    Parameters
    ----------
    ledger : DataFrame
        From :func:`analysis.forces.claims.claim_ledger`.
    contradictions : DataFrame
        From :func:`analysis.forces.claims.contradictions` at ``level``.
    claims : DataFrame
        The claims table (``Dataset.claims``): one lane per claim, labelled with its text.
    ax : Axes, optional
    start, end : str or Timestamp
        The window drawn.
    level : str
        The level ``contradictions`` was computed at, named in the legend.

    Examples
    --------
    >>> from analysis import load_dataset
    >>> from analysis.forces.claims import claim_ledger, contradictions
    >>> ds = load_dataset()
    >>> ax = plot_claims_ledger(claim_ledger(dataset=ds), contradictions("speaker", dataset=ds), ds.claims)
    >>> len(ax.get_yticks()) == len(ds.claims)
    True
    """
    import matplotlib.dates as mdates

    lo, hi = as_date(start, "start", within_study=False), as_date(end, "end", within_study=False)
    check_date_range(lo, hi)
    ledger = ledger[ledger["date"].between(lo, hi)]
    lanes = {cid: i for i, cid in enumerate(claims["claim_id"])}
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 3.6))
        ev = ledger[ledger["kind"] == "evidence"]
        for kind, (marker, colour) in _EVIDENCE_MARKERS.items():
            rows = ev[ev["evidence"] == kind]
            ax.scatter(
                rows["date"],
                rows["claim_id"].map(lanes) + 0.22,
                marker=marker,
                s=10,
                c=colour,
                label=f"evidence: {kind}",
                zorder=2,
            )
        st = ledger[ledger["kind"] == "statement"]
        for stance, (marker, colour) in _STANCE_MARKERS.items():
            rows = st[st["stance"] == stance]
            ax.scatter(
                rows["date"],
                rows["claim_id"].map(lanes),
                marker=marker,
                s=36,
                c=colour,
                edgecolors="#222222",
                linewidths=0.4,
                label=stance,
                zorder=4,
            )
        pairs = contradictions
        pairs = pairs[(pairs["direction"] == "denied → confirmed") & pairs["first_date"].between(lo, hi)]
        for p in pairs.itertuples():
            y = lanes[p.claim_id]
            ax.annotate(
                "",
                xy=(p.later_date, y),
                xytext=(p.first_date, y),
                zorder=3,
                arrowprops=dict(arrowstyle="->", color="#CC79A7", lw=1.2, connectionstyle="arc3,rad=-0.35"),
            )
        ax.set_yticks(
            list(lanes.values()),
            [
                f"{c}: {t[:38]}…" if len(t) > 38 else f"{c}: {t}"
                for c, t in zip(claims["claim_id"], claims["text"])
            ],
            fontsize=6,
        )
        ax.set_ylim(len(lanes) - 0.5, -0.7)
        # A few days' margin so that markers on the first and last day are drawn whole.
        ax.set_xlim(lo - pd.Timedelta(days=3), hi + pd.Timedelta(days=3))
        locator = mdates.AutoDateLocator(maxticks=8)
        formatter = mdates.ConciseDateFormatter(locator)
        formatter.offset_formats = ["", "%Y", "%Y", "%Y", "%Y", "%Y"]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(formatter)
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=6,
            title=f"arcs: same {level} denied, then confirmed",
            title_fontsize=6,
        )
        ax.set_title("Claims ledger: what officials said, and the evidence, day by day")
        add_source_line(ax, "Data: syria-conflict-atlas statements and deployments tables", offset=-16)
    return ax


def plot_monthly_counts_by_dataset(
    counts: pd.DataFrame, governorate: str | None = None, mark: str | None = None, ax: Axes | None = None
) -> Axes:
    """Events per month in each dataset, one line per dataset.

    Parameters
    ----------
    counts : DataFrame
        From :func:`analysis.events.comparison.monthly_counts`: indexed by (month, governorate), one
        column per dataset.
    governorate : str, optional
        Draw one governorate; default the sum over all of them.
    mark : str, optional
        A date drawn as a thin vertical line (e.g. the notebook's ``as_of``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from analysis.events.comparison import hand_coded_events, monthly_counts
    >>> ax = plot_monthly_counts_by_dataset(monthly_counts(hand_coded_events()))
    >>> ax.get_ylabel()
    'events per month'
    """
    from analysis.drawing.style import DATASET_COLOURS as colours
    from analysis.drawing.style import DATASET_LABELS as labels

    if governorate is not None and governorate not in counts.index.get_level_values("governorate"):
        raise ValueError(
            f"governorate={governorate!r} is not in counts; expected one of: "
            f"{', '.join(counts.index.unique('governorate'))}"
        )
    series = (
        counts.xs(governorate, level="governorate") if governorate else counts.groupby(level="month").sum()
    )
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 2.8))
        # steps-post draws each month from its start; repeat the last month one month on
        # so that it gets a width like the others instead of ending in a bare vertical line.
        if len(series):
            series = pd.concat(
                [series, series.iloc[[-1]].set_axis([series.index[-1] + pd.DateOffset(months=1)])]
            )
        for name in series.columns:
            ax.plot(
                series.index,
                series[name],
                drawstyle="steps-post",
                linewidth=1.4,
                color=colours.get(name, "#999999"),
                label=labels.get(name, name),
            )
        if mark is not None:
            ax.axvline(pd.Timestamp(mark), color="#555555", linewidth=0.6, linestyle="--")
        ax.set_ylabel("events per month")
        # Head-room above the highest month, so the legend never sits on a line.
        ax.set_ylim(0, max(1.0, float(series.to_numpy().max(initial=0))) * 1.3)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 12.5 events
        ax.legend(loc="upper left", ncols=len(series.columns))
        where = governorate or "Syria"
        ax.set_title(f"Events recorded per month by each dataset — {where}")
        add_source_line(
            ax,
            "Data: syria-conflict-atlas events; ACLED and UCDP GED files as read "
            "by analysis.events.readers (counts, not fatalities)",
            offset=-16,
        )
    return ax
