"""Charts (no maps): coverage over time, sources by grade."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..arguments import as_date, check_date_range
from ..load import Dataset
from ..overview import rows_by_month, sources_by_grade
from .maps import add_source_line
from .style import use_style

__all__ = [
    "plot_rows_by_month", "plot_sources_by_grade", "plot_control_timeline", "plot_area_by_side",
    "plot_build_up", "plot_claims_ledger", "plot_monthly_counts_by_dataset",
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


# --- Russia's build-up and the claims ledger ----------------------------------------

_STATUS_STYLES = {"confirmed": "-", "reported": "--", "disputed": ":", "denied": "-."}
_CLASS_PANELS = {
    "Aircraft": ("combat_aircraft", "helicopter", "transport_aircraft"),
    "Ships": ("landing_ship", "warship", "submarine"),
    "Ground equipment": ("armour", "artillery"),
}
#: Key dates annotated on the build-up chart: event ids in the events table and labels.
KEY_EVENTS = {"E-E003": "air campaign begins", "E-E004": "Kalibr salvo (Caspian)",
              "E-E006": "Su-24M shot down", "E-E010": "withdrawal ordered"}


def plot_build_up(dataset: Dataset | None = None, freq: str = "D", key_events=KEY_EVENTS):
    """Step chart of cumulative Russian assets by class, August 2015 - March 2016.

    One panel per group of classes; line style by claim status (solid confirmed, dashed
    reported, dotted disputed, dash-dot denied); key dates from the events table marked.

    Examples
    --------
    >>> fig = plot_build_up()
    >>> [ax.get_title() for ax in fig.axes]
    ['Aircraft', 'Ships', 'Ground equipment']
    """
    from ..deployments import build_up
    from ..load import load_dataset

    ds = load_dataset() if dataset is None else dataset
    data = build_up(freq=freq, dataset=ds)
    events = ds.events.set_index("event_id")
    colours = dict(zip([c for group in _CLASS_PANELS.values() for c in group],
                       ["#0072B2", "#009E73", "#E69F00"] * 3))
    with use_style():
        fig, axes = plt.subplots(1, len(_CLASS_PANELS), figsize=(7.2, 2.8), sharex=True)
        for ax, (title, classes) in zip(axes, _CLASS_PANELS.items()):
            for (cls, status), g in data[data["asset_class"].isin(classes)].groupby(
                    ["asset_class", "claim_status"], observed=True):
                if not g["cumulative"].any():
                    continue
                ax.step(g["date"], g["cumulative"], where="post", color=colours[cls],
                        linestyle=_STATUS_STYLES[status], label=f"{cls.replace('_', ' ')} ({status})")
            for eid, label in key_events.items():
                if eid in events.index:
                    day = events.loc[eid, "event_date"]
                    ax.axvline(day, color="#999999", linewidth=0.5)
                    if ax is axes[0]:
                        ax.text(day, 1.0, label, rotation=90, fontsize=5, va="top", ha="right",
                                transform=ax.get_xaxis_transform(), color="#555555")
            ax.set_title(title)
            ax.axhline(0, color="#333333", linewidth=0.4)
            ax.legend(fontsize=5, loc="upper left")
            ax.tick_params(axis="x", labelrotation=45)
        axes[0].set_ylabel("net arrivals (count)")
        fig.suptitle("Russia's build-up in Syria as reported: cumulative arrivals minus departures",
                     fontsize=9)
        fig.tight_layout()
        add_source_line(axes[0], "Data: syria-conflict-atlas deployments (one count per distinct "
                                 "arrival; see analysis.deployments)", offset=-30)
    return fig


_STANCE_MARKERS = {"denies": ("v", "#D55E00"), "downplays": ("<", "#E69F00"),
                   "confirms": ("^", "#009E73"), "reverses": ("*", "#0072B2")}
_EVIDENCE_MARKERS = {"report": ("o", "#BBBBBB"), "image": ("s", "#888888"), "strike": ("X", "#555555")}


def plot_claims_ledger(dataset: Dataset | None = None, ax: Axes | None = None,
                       start="2015-08-01", end="2015-10-31", level: str = "speaker") -> Axes:
    """Swim lanes, one per claim: statements by stance, evidence by kind, and lines joining
    a denial to the same party's later confirmation.

    Examples
    --------
    >>> from analysis import load_dataset
    >>> ax = plot_claims_ledger()
    >>> len(ax.get_yticks()) == len(load_dataset().claims)
    True
    """
    import matplotlib.dates as mdates

    from ..claims import claim_ledger, contradictions
    from ..load import load_dataset

    ds = load_dataset() if dataset is None else dataset
    ledger = claim_ledger(dataset=ds)
    lo, hi = as_date(start, "start"), as_date(end, "end")
    check_date_range(lo, hi)
    ledger = ledger[ledger["date"].between(lo, hi)]
    lanes = {cid: i for i, cid in enumerate(ds.claims["claim_id"])}
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 3.6))
        ev = ledger[ledger["kind"] == "evidence"]
        for kind, (marker, colour) in _EVIDENCE_MARKERS.items():
            rows = ev[ev["evidence"] == kind]
            ax.scatter(rows["date"], rows["claim_id"].map(lanes) + 0.22, marker=marker, s=10, c=colour,
                       label=f"evidence: {kind}", zorder=2)
        st = ledger[ledger["kind"] == "statement"]
        for stance, (marker, colour) in _STANCE_MARKERS.items():
            rows = st[st["stance"] == stance]
            ax.scatter(rows["date"], rows["claim_id"].map(lanes), marker=marker, s=36, c=colour,
                       edgecolors="#222222", linewidths=0.4, label=stance, zorder=4)
        pairs = contradictions(level, ds)
        pairs = pairs[(pairs["direction"] == "denied → confirmed") & pairs["first_date"].between(lo, hi)]
        for p in pairs.itertuples():
            y = lanes[p.claim_id]
            ax.annotate("", xy=(p.later_date, y), xytext=(p.first_date, y), zorder=3,
                        arrowprops=dict(arrowstyle="->", color="#CC79A7", lw=1.2,
                                        connectionstyle="arc3,rad=-0.35"))
        ax.set_yticks(list(lanes.values()), [f"{c}: {t[:38]}…" if len(t) > 38 else f"{c}: {t}"
                                             for c, t in zip(ds.claims["claim_id"], ds.claims["text"])],
                      fontsize=6)
        ax.set_ylim(len(lanes) - 0.5, -0.7)
        ax.set_xlim(lo, hi)
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6,
                  title=f"arcs: same {level} denied, then confirmed", title_fontsize=6)
        ax.set_title("Claims ledger: what officials said, and the evidence, day by day")
        add_source_line(ax, "Data: syria-conflict-atlas statements and deployments tables", offset=-16)
    return ax


def plot_monthly_counts_by_dataset(counts: pd.DataFrame, governorate: str | None = None,
                                   mark: str | None = None, ax: Axes | None = None) -> Axes:
    """Events per month in each dataset, one line per dataset.

    Parameters
    ----------
    counts : DataFrame
        From :func:`analysis.external.monthly_counts`: indexed by (month, governorate), one
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
    >>> from analysis.external import hand_coded_events, monthly_counts
    >>> ax = plot_monthly_counts_by_dataset(monthly_counts(hand_coded_events()))
    >>> ax.get_ylabel()
    'events per month'
    """
    from .style import DATASET_COLOURS as colours, DATASET_LABELS as labels

    if governorate is not None and governorate not in counts.index.get_level_values("governorate"):
        raise ValueError(f"governorate={governorate!r} is not in counts; expected one of: "
                         f"{', '.join(counts.index.unique('governorate'))}")
    series = (counts.xs(governorate, level="governorate") if governorate
              else counts.groupby(level="month").sum())
    with use_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.2, 2.8))
        for name in series.columns:
            ax.plot(series.index, series[name], drawstyle="steps-post", linewidth=1.4,
                    color=colours.get(name, "#999999"), label=labels.get(name, name))
        if mark is not None:
            ax.axvline(pd.Timestamp(mark), color="#555555", linewidth=0.6, linestyle="--")
        ax.set_ylabel("events per month")
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", ncols=len(series.columns))
        where = governorate or "Syria"
        ax.set_title(f"Events recorded per month by each dataset — {where}")
        add_source_line(ax, "Data: syria-conflict-atlas events; ACLED and UCDP GED files as read "
                            "by analysis.external (counts, not fatalities)", offset=-16)
    return ax
