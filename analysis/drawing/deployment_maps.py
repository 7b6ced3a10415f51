"""The map of Russia's deployments: arrivals at sites on the coast and the supply routes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.data.load import Dataset, dataset_or_default
from analysis.drawing.base_map import (
    PRINT_WIDTH_IN,
    SYRIA_EXTENT,
    add_scale_bar,
    add_source_line,
    fix_layout,
    plot_base_map,
)
from analysis.drawing.labels import label_points, short_name
from analysis.drawing.style import (
    use_style,
)

__all__ = [
    "ASSET_CLASS_COLOURS",
    "COAST_EXTENT",
    "DEFAULT_ROUTES",
    "ROUTE_EXTENT",
    "plot_deployment_map",
    "plot_russian_sites",
]


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
        Distinct arrivals (:func:`analysis.forces.deployments.distinct_arrivals`), already cut to
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
    >>> from analysis.forces.deployments import distinct_arrivals
    >>> ds = load_dataset()
    >>> fig = plot_deployment_map(distinct_arrivals(dataset=ds), ds.routes)
    >>> fig.axes[0].get_title(loc="left")
    'a  Reported at each site'
    """
    from analysis.data.boundaries import load_region

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


def plot_russian_sites(deployments, *, title: str | None = None, dataset: Dataset | None = None) -> Figure:
    """Every site where Russia's forces were reported, each with the years of its reports.

    One marker per site (area by the number of rows reporting it), labelled with the site's
    name and the first and last year reported: the geography of the intervention over the
    whole period, from Hmeimim and Tartus to the bases used later (T-4, Shayrat, Qamishli ...).

    Parameters
    ----------
    deployments : DataFrame
        Rows of :func:`analysis.forces.deployments.deployments` (any actor; rows without a
        place are left out of the map, not of the count in the title).
    title : str, optional
    dataset : Dataset, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from analysis.forces.deployments import deployments
    >>> fig = plot_russian_sites(deployments(actor=None))
    >>> fig.axes[0].get_title(loc="left").startswith("Where Russia's forces were")
    True
    """
    ds = dataset_or_default(dataset)
    # Strikes are uses, not presence: a bombed town is not a site the forces used.
    placed = deployments[deployments["location_id"].notna() & (deployments["action"] != "strike")]
    sites = (
        placed.groupby("location_id", observed=True)["date"]
        .agg(first="min", last="max", rows="size")
        .reset_index()
        .sort_values("rows", ascending=False)
    )
    places = ds.locations.set_index("id")
    with use_style():
        fig = plt.figure(figsize=(PRINT_WIDTH_IN, 5.6))
        fix_layout(fig)
        ax = fig.add_axes((0.01, 0.08, 0.98, 0.86))
        plot_base_map(ax=ax, extent=SYRIA_EXTENT, dataset=ds)
        xs, ys, labels, sizes = [], [], [], []
        for row in sites.itertuples():
            p = places.loc[row.location_id, "geometry"]
            size = 12 + 6 * row.rows
            ax.scatter(
                p.x, p.y, s=size, color="#332288", alpha=0.75, edgecolors="white", linewidths=0.6, zorder=5
            )
            years = (
                f"{row.first.year}"
                if row.first.year == row.last.year
                else f"{row.first.year}–{row.last.year}"
            )
            xs.append(p.x)
            ys.append(p.y)
            labels.append(f"{short_name(places.loc[row.location_id, 'name'])} {years}")
            sizes.append(np.sqrt(size))
        label_points(ax, xs, ys, labels, marker_pt=max(sizes, default=8))
        ax.set_title(
            title
            or f"Where Russia's forces were reported, {sites['first'].min().year}–{sites['last'].max().year}"
            if len(sites)
            else "Where Russia's forces were based or reported present",
            loc="left",
            fontsize=9,
        )
        add_source_line(
            ax,
            "Marker area: rows of the deployments table reporting the site; years: first and last report. "
            "Data: syria-conflict-atlas deployments table.",
        )
    return fig
