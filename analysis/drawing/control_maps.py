"""Maps of territorial control: the map on a date, small multiples, capture sequences.

Each draws what it is given (a snapshot and surface from :mod:`analysis.territory.control`,
changes of hands); the :class:`~analysis.data.load.Dataset` only supplies boundaries and lookups.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.data.arguments import as_date
from analysis.data.load import Dataset, dataset_or_default
from analysis.drawing.base_map import (
    PRINT_WIDTH_IN,
    SYRIA_EXTENT,
    _draw_places,
    _draw_surface,
    _map_figure,
    actor_names,
    add_scale_bar,
    add_source_line,
    extent_of,
    fix_layout,
    key_places,
    label_governorates,
    label_places,
    legend_handles,
    plot_base_map,
)
from analysis.drawing.labels import label_points, short_name, text_box
from analysis.drawing.style import (
    SIDE_COLOURS,
    method_label,
    use_style,
)

__all__ = ["DEFAULT_SNAPSHOTS", "plot_capture_sequence", "plot_control_map", "plot_control_small_multiples"]


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
        From :func:`analysis.territory.control.control_at`.
    areas : GeoDataFrame
        From :func:`analysis.territory.control.control_areas` for the same date (its
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
    >>> from analysis.territory.control import control_at, control_areas
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
    surfaces: Mapping,
    *,
    title: str | None = None,
    max_labels: int = 6,
    ncols: int = 2,
    dataset: Dataset | None = None,
) -> Figure:
    """Control maps at several dates in a grid (2 columns, or ``ncols``).

    Panel letters and dates, one shared legend, one title naming the method.

    Parameters
    ----------
    surfaces : mapping of date to (snapshot, areas)
        For each date, :func:`analysis.territory.control.control_at` and
        :func:`analysis.territory.control.control_areas` (all drawn with one method).
    title : str, optional
        Default: "Territorial control on N dates".
    max_labels : int
        Place labels per panel (the capitals first); 0 for none.
    ncols : int
        Panels per row: 3 keeps a dozen dates on one printed page.
    dataset : Dataset, optional
        Boundaries.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from analysis.territory.control import control_at, control_areas
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
    nrows = -(-len(items) // ncols)
    panel_w = (0.98 - 0.025 * (ncols - 1)) / ncols
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
    governorate: str | list[str] | tuple[float, float, float, float],
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
        From :func:`analysis.territory.control.changes` (one governorate, in date order).
    snapshot, areas : GeoDataFrame
        :func:`analysis.territory.control.control_at` and
        :func:`analysis.territory.control.control_areas` on the
        day the map shows (usually the end of the period).
    governorate : str, list of str, or (lon_min, lon_max, lat_min, lat_max)
        The governorate to frame, or several (their joint bounds), or an explicit extent
        for a close-up (e.g. Eastern Ghouta); ``title`` names them.
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
    >>> from analysis.territory.control import changes, control_at, control_areas
    >>> ch = changes("2015-01-01", "2015-12-31", "Idlib")
    >>> fig = plot_capture_sequence(ch, control_at("2015-12-31"), control_areas("2015-12-31"),
    ...                             governorate="Idlib", date="2015-12-31")
    >>> "Idlib" in fig.texts[0].get_text()
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
        # A place that did not change hands but lies under a numbered disc is left to the
        # shading: its marker would hide under (or poke out of) the disc.
        changed = set(ch["location_id"])
        disc_deg = 9 / 72 * (box[1] - box[0]) / (map_w * PRINT_WIDTH_IN)
        near = {
            loc
            for loc, x, y in zip(snapshot["location_id"], snapshot.geometry.x, snapshot.geometry.y)
            if any(abs(x - points[c].x) < disc_deg and abs(y - points[c].y) < disc_deg for c in changed)
        }
        _draw_places(ax, snapshot, skip=changed | near)
        ax.set_xlabel("")
        ax.set_ylabel("")

        add_scale_bar(ax, km=50, avoid=zip(snapshot.geometry.x, snapshot.geometry.y))
        # One numbered disc per place, listing every change there ("2,5"), on the place or,
        # where discs would touch, beside it on a leader line.
        # All discs in one call, so that each keeps clear of the others (a crowded valley
        # moves a disc aside on a leader line rather than stacking two); each is then edged
        # in its new holder's colour.
        # Places coded at one point (a city's districts) share a disc: two discs on one
        # point would only push each other, and their names, away from it.
        at = [f"{points[loc].x:.4f} {points[loc].y:.4f}" for loc in ch["location_id"]]
        groups = [group for _, group in ch.groupby(at, sort=False)]
        # Three numbers a line keeps a shared disc round rather than a long pill.
        numbers = [
            "\n".join(",".join(map(str, group["n"].iloc[i : i + 3])) for i in range(0, len(group), 3))
            for group in groups
        ]
        placed = label_points(
            ax,
            [points[group["location_id"].iloc[0]].x for group in groups],
            [points[group["location_id"].iloc[0]].y for group in groups],
            numbers,
            centred=True,
            fontweight="bold",
            halo=False,
            zorder=8,
            marker_pt=16,
            bbox=dict(boxstyle="circle,pad=0.25", fc="white", ec="#222222", lw=1.4),
            always=True,  # every change listed beside the map has its disc on it
        )
        by_number = dict(zip(numbers, groups))
        discs = []
        for text in placed.texts:
            group = by_number[text.get_text()]
            disc = text.get_bbox_patch()
            if disc is not None:  # every number was given a bbox above
                disc.set_edgecolor(SIDE_COLOURS.get(group.iloc[-1]["to_side"], "#222222"))
            discs.append((text, ", ".join(dict.fromkeys(short_name(n) for n in group["name"]))))
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
        # Over both panels: a long title would run into the list's own heading.
        fig.text(
            0.01,
            1 - 0.1 / height,
            title
            or f"{governorate if isinstance(governorate, str) else ', '.join(map(str, governorate))}, "
            f"{'–'.join(map(str, years))}: changes of hands in order "
            f"(map: {day.day} {day:%B %Y})",
            ha="left",
            va="top",
            fontsize=8,
        )
        add_source_line(
            ax,
            f"Shading: {method_label(areas.attrs)}.\nNumbered discs: places that "
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
