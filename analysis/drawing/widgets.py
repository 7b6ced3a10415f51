"""Interactive explorers (ipywidgets), updated in place.

Thin: data from :mod:`analysis.territory.control`, drawing from :mod:`analysis.drawing`; a step
recolours artists in place, nothing is re-read.
"""

from __future__ import annotations

import io
from functools import cache

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.text import Annotation
from matplotlib.transforms import IdentityTransform

from analysis.data.arguments import STUDY_START_TS, STUDY_STOP_TS, DateLike, as_date, check_governorate
from analysis.data.load import Dataset, dataset_or_default
from analysis.drawing.labels import label_points
from analysis.drawing.maps import (
    SYRIA_EXTENT,
    add_scale_bar,
    add_source_line,
    extent_of,
    label_governorates,
    legend_handles,
    plot_base_map,
)
from analysis.drawing.style import SIDE_COLOURS, STATUS_MARKERS, use_style
from analysis.territory.control import control_cells, control_intervals
from analysis.territory.coverage import map_dates

__all__ = ["ControlMapAnimator", "control_explorer", "claim_ledger_explorer"]


def _polygon_rings(geom) -> list[np.ndarray]:
    parts = getattr(geom, "geoms", [geom])
    return [np.asarray(p.exterior.coords) for p in parts if not p.is_empty]


class ControlMapAnimator:
    r"""A control map whose colours change with the date, redrawn by blitting.

    The static layers (base map, labels, legend) are drawn once and cached; a step
    recolours the Voronoi cells and the markers, restores the cached background and
    redraws only those artists (Agg, no screen needed).

    Parameters
    ----------
    dataset : Dataset, optional
    figsize : tuple
        Inches.
    legend : bool
        Draw the sides' legend to the right of the map (the exported animation does; the
        explorer keeps the map at full width).

    Examples
    --------
    >>> anim = ControlMapAnimator()
    >>> png = anim.step("2015-03-28")
    >>> png[:4] == b"\x89PNG"
    True
    """

    def __init__(
        self,
        *,
        figsize=(7.2, 6.0),
        dpi: int = 100,
        dataset: Dataset | None = None,
        legend: bool = False,
    ):
        ds = dataset_or_default(dataset)
        self.dataset = ds
        iv = control_intervals(dataset=ds)
        self._places = ds.locations[ds.locations["id"].isin(iv["location_id"])].reset_index(drop=True)
        index = {lid: i for i, lid in enumerate(self._places["id"])}
        self._iv_place = iv["location_id"].map(index).to_numpy()
        self._iv_from = iv["valid_from"].to_numpy()
        self._iv_to = iv["valid_to"].to_numpy()
        self._iv_side = iv["side"].astype(str).to_numpy()
        self._iv_status = iv["status"].astype(str).to_numpy()
        # Integer codes, so that a step is array indexing, not Python loops over places.
        self._side_names = list(SIDE_COLOURS)
        side_code = {s: i for i, s in enumerate(self._side_names)}
        self._palette = np.array([to_rgba(SIDE_COLOURS[s]) for s in self._side_names])
        self._unknown = side_code["unknown"]
        self._iv_side_code = np.array([side_code[s] for s in self._iv_side], dtype=np.int64)
        self._status_names = list(STATUS_MARKERS)
        status_code = {s: i for i, s in enumerate(self._status_names)}
        self._iv_status_code = np.array([status_code[s] for s in self._iv_status], dtype=np.int64)
        cells = control_cells(dataset=ds).to_crs("EPSG:4326")
        # Drawn at screen resolution: 0.005° (about 500 m) of simplification is invisible
        # and divides the vertices to draw on each step.
        cells["geometry"] = cells.geometry.simplify(0.005, preserve_topology=True)
        voters = [[index[i] for i in ids] for ids in cells["voters"]]
        self._cell_first = np.array([p[0] for p in voters], dtype=np.int64)
        self._cell_shared = [(c, np.array(p)) for c, p in enumerate(voters) if len(p) > 1]
        rings, owner = [], []
        for c, geom in enumerate(cells.geometry):
            for ring in _polygon_rings(geom):
                rings.append(ring)
                owner.append(c)
        self._ring_cell = np.asarray(owner)
        with use_style():
            self.figure = Figure(figsize=figsize, dpi=dpi)
            self.canvas = FigureCanvasAgg(self.figure)
            # With a legend the map keeps its shape and the legend takes the right margin.
            self.ax = self.figure.add_axes((0.01, 0.07, 0.66, 0.86)) if legend else self.figure.add_subplot()
            plot_base_map(ax=self.ax, dataset=ds)
            self._cells = PolyCollection(rings, linewidths=0, alpha=0.3, zorder=1, animated=True)
            self.ax.add_collection(self._cells)
            ds.boundaries.boundary.plot(ax=self.ax, color="#888888", linewidth=0.4, zorder=2)
            self.ax.set_xlabel("")
            self.ax.set_ylabel("")
            xy = np.column_stack([self._places.geometry.x, self._places.geometry.y])
            self._xy = xy
            # One collection per status and side, each of one colour: matplotlib draws a
            # one-colour collection as stamped markers, ten times faster than a collection
            # with a colour per point (measured: 1.9 against 16.7 ms at 1,800 places).
            self._markers = {}
            for status, marker in STATUS_MARKERS.items():
                for code in range(len(self._side_names)):
                    self._markers[status, code] = self.ax.scatter(
                        np.empty(0),
                        np.empty(0),
                        # A 32-gon for the circle: matplotlib measures a marker's extent on
                        # every draw, and a Bezier circle's costs 0.5 ms; the polygon's nothing.
                        marker=_POLYGON_CIRCLE if marker == "o" else marker,
                        s=20,
                        facecolors=self._palette[code : code + 1],
                        edgecolors="#222222",
                        linewidths=0.5,
                        zorder=5,
                        animated=True,
                    )
            key = self._places[self._places["kind"].isin(("city", "air_base"))]
            # Every place's marker is on the map while the labels are placed, so that they
            # keep clear of all of them; the frames then share the places out by side.
            everyone = self._markers["held", 0]
            everyone.set_offsets(xy)
            self.canvas.draw()  # labels need a renderer to measure themselves
            label_points(self.ax, key.geometry.x, key.geometry.y, key["name"])
            everyone.set_offsets(np.empty((0, 2)))
            self._marker_list = list(self._markers.values())  # status-major, as ``update`` groups
            self._shown_markers: list[int] = []
            label_governorates(self.ax, dataset=ds)
            add_scale_bar(self.ax)
            add_source_line(
                self.ax,
                "Data: syria-conflict-atlas control table; shading: Voronoi "
                "estimate from points, not a front line",
            )
            if legend:
                # Every side the table can show, unknown included, so the legend never
                # changes between frames.
                sides = [*dict.fromkeys([*self._side_names[: self._unknown], "unknown"])]
                sides = [s for s in sides if s in set(self._iv_side) | {"unknown"}]
                self.figure.legend(
                    handles=legend_handles(sides),
                    loc="upper left",
                    bbox_to_anchor=(0.68, 0.93),
                    frameon=False,
                    title="Side",
                    alignment="left",
                )
            # The title's fixed words are drawn once, with the background; only the date is
            # drawn on every step (each glyph costs time on the explorer's critical path).
            self._title_words = self.ax.set_title("Territorial control,", loc="left")
            self._title = self.ax.text(
                0,
                0,
                "",
                animated=True,
                va="baseline",
                ha="left",
                fontproperties=self._title_words.get_fontproperties(),
            )
        self._background = None
        self.extent = "syria"
        self.date: pd.Timestamp | None = None

    # -- state -------------------------------------------------------------------------
    def sides_on(self, date) -> tuple[np.ndarray, np.ndarray]:
        """Side and status of every studied place on a date (arrays in place order)."""
        side, status = self._codes_on(date)
        return (
            np.array(self._side_names, dtype=object)[side],
            np.array(self._status_names, dtype=object)[status],
        )

    def set_extent(self, extent="syria") -> None:
        """Zoom to Syria or a governorate; the static background is re-cached."""
        box = extent_of(extent, dataset=self.dataset) if extent != "syria" else SYRIA_EXTENT
        self.ax.set_xlim(box[:2])
        self.ax.set_ylim(box[2:])
        # Zoomed in, the labels of places outside the box would be drawn around the map,
        # over its title and source line: clip them (and their leader lines) to the map.
        zoomed = extent != "syria"
        for text in self.ax.texts:
            anchor = text.xycoords if isinstance(text, Annotation) else text.get_transform()
            if anchor not in ("data", self.ax.transData):
                continue  # the source line, placed by the axes' frame, stays
            for artist in (text, getattr(text, "arrow_patch", None)):
                if artist is not None:
                    artist.set_clip_box(self.ax.bbox)
                    artist.set_clip_on(zoomed)
        self.extent = extent
        self._background = None

    def _codes_on(self, date) -> tuple[np.ndarray, np.ndarray]:
        day = np.datetime64(as_date(date, "date"))
        live = (self._iv_from <= day) & (day < self._iv_to)
        side = np.full(len(self._places), self._unknown, dtype=np.int64)
        status = np.zeros(len(self._places), dtype=np.int64)  # "held"
        side[self._iv_place[live]] = self._iv_side_code[live]
        status[self._iv_place[live]] = self._iv_status_code[live]
        return side, status

    def update(self, date) -> None:
        """Recolour cells and markers for a date and redraw them (blitting)."""
        side, status = self._codes_on(date)
        cell_side = side[self._cell_first]
        for cell, members in self._cell_shared:  # co-located places: the side holding most
            held = side[members]
            counts = np.bincount(held)
            # A tie goes to the place first in the table, as in control.cell_sides.
            cell_side[cell] = held[np.argmax(counts[held] == counts.max())]
        self._cells.set_facecolor(self._palette[cell_side][self._ring_cell])
        # The places of each (status, side) collection, in the collections' order.
        group = status * len(self._side_names) + side
        order = np.argsort(group, kind="stable")
        bounds = np.searchsorted(group[order], np.arange(len(self._marker_list) + 1))
        shown = []
        for i, sc in enumerate(self._marker_list):
            lo, hi = bounds[i], bounds[i + 1]
            if hi > lo or i in self._shown_markers:
                sc.set_offsets(self._xy[order[lo:hi]])
            if hi > lo:
                shown.append(i)
        self._shown_markers = shown
        self.date = pd.Timestamp(date)
        self._title.set_text(f"{self.date.day} {self.date:%B %Y}")
        self._blit()

    @property
    def title(self) -> str:
        """The map's title as drawn: "Territorial control, <day month year>"."""
        return f"{self._title_words.get_text()} {self._title.get_text()}".strip()

    def _blit(self) -> None:
        if self._background is None:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            # The date follows the fixed words on their baseline, one space after them.
            renderer = self.canvas.get_renderer()
            words = self._title_words.get_window_extent(renderer)
            _, baseline = self._title_words.get_transform().transform(self._title_words.get_position())
            space = float(self._title.get_fontsize()) * self.figure.dpi / 72 * 0.3
            self._title.set_transform(IdentityTransform())
            self._title.set_position((words.x1 + space, baseline))
        self.canvas.restore_region(self._background)
        markers = [self._marker_list[i] for i in self._shown_markers]
        for artist in (self._cells, *markers, self._title):
            self.figure.draw_artist(artist)

    def png(self) -> bytes:
        """The current frame as PNG bytes (fast, low compression)."""
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def webp(self) -> bytes:
        """The current frame as lossless WebP bytes, what the explorer widget sends.

        Lossless, so the map is pixel for pixel the PNG's; encoded at WebP's fastest
        setting (method 0), which measured 6.9 ms and 119 kB per frame against 16.3 ms and
        151 kB for the PNG.
        """
        from PIL import Image

        buf = io.BytesIO()
        rgb = Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB")
        rgb.save(buf, format="webp", lossless=True, quality=0, method=0)
        return buf.getvalue()

    def jpeg(self) -> bytes:
        """The current frame as JPEG bytes, what the explorer widget sends.

        Quality 90 without chroma subsampling: the map's flat colours and labels come out
        visually unchanged (mean error 0.8 of 255 per channel against the PNG), and the
        frame encodes in about 2 ms and 86 kB against 6.6 ms and 120 kB for lossless WebP,
        and decodes faster in the browser. Figures for print stay lossless (PNG, SVG, PDF).
        """
        from PIL import Image

        buf = io.BytesIO()
        rgb = Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB")
        rgb.save(buf, format="jpeg", quality=90, subsampling=0)
        return buf.getvalue()

    def step(self, date, fmt: str = "png") -> bytes:
        """Update to a date and return the frame as PNG (default), lossless WebP or JPEG bytes."""
        encoders = {"png": self.png, "webp": self.webp, "jpeg": self.jpeg}
        if fmt not in encoders:
            raise ValueError(f"fmt={fmt!r}: expected one of {', '.join(map(repr, encoders))}")
        self.update(date)
        return encoders[fmt]()


_POLYGON_CIRCLE = Path.unit_regular_polygon(32)


@cache
def _quiet(widget_class):
    """``widget_class`` with a ``value`` the kernel does not echo back to the browser.

    ipywidgets 8 answers every change from the browser with an "echo" of the new value; with
    one browser on the explorer the echo only queues one more message before the new map.
    """
    from traitlets import CInt

    return type(widget_class.__name__, (widget_class,), {"value": CInt(0).tag(sync=True, echo_update=False)})


def _DateSlider(**kwargs):
    import ipywidgets as w

    return _quiet(w.IntSlider)(**kwargs)


def _DatePlay(**kwargs):
    import ipywidgets as w

    return _quiet(w.Play)(**kwargs)


def control_explorer(
    freq: str | None = None, start: DateLike | None = None, *, dataset: Dataset | None = None
):
    """Explore territorial control by date, with the map updated in place.

    A slider with a play button, a governorate dropdown and the map.

    Parameters
    ----------
    dataset : Dataset, optional
    freq : str, optional
        Step between slider dates (a pandas frequency); default the map series' dates:
        month starts, and every day of the final offensive
        (:func:`analysis.territory.coverage.map_dates`).
    start : str, optional
        Initial date (default 2015-09-30).

    Returns
    -------
    ipywidgets.VBox
        With attributes ``animator`` (the :class:`ControlMapAnimator`), ``slider``,
        ``play``, ``governorate`` and ``image``.

    Examples
    --------
    >>> box = control_explorer()
    >>> box.slider.value = 10
    >>> box.date_label.value
    '2012-01-01'
    """
    import ipywidgets as w

    from analysis.data.schema import GOVERNORATES

    anim = ControlMapAnimator(dataset=dataset)
    dates = (
        map_dates()
        if freq is None
        else pd.date_range(STUDY_START_TS, STUDY_STOP_TS - pd.Timedelta(days=1), freq=freq)
    )
    first = int(np.searchsorted(dates, as_date(start or "2015-09-30", "start")))
    image = w.Image(format="jpeg", layout=w.Layout(width="720px"))
    slider = _DateSlider(
        value=first,
        min=0,
        max=len(dates) - 1,
        readout=False,
        description="Date",
        continuous_update=True,
        layout=w.Layout(width="480px"),
    )
    play = _DatePlay(value=first, min=0, max=len(dates) - 1, interval=400, description="Play")
    w.jslink((play, "value"), (slider, "value"))
    label = w.Label()
    governorate = w.Dropdown(options=["Syria", *GOVERNORATES], value="Syria", description="Zoom")

    def show(_=None):
        # The map first: its message leaves the kernel before the label's.
        image.value = anim.step(dates[slider.value], fmt="jpeg")
        label.value = f"{dates[slider.value]:%Y-%m-%d}"

    def zoom(change):
        check_governorate(None if change["new"] == "Syria" else change["new"])
        anim.set_extent("syria" if change["new"] == "Syria" else change["new"])
        show()

    slider.observe(show, names="value")
    governorate.observe(zoom, names="value")
    show()
    box = w.VBox([w.HBox([play, slider, label]), governorate, image])
    box.animator, box.slider, box.play, box.governorate, box.image, box.date_label = (
        anim,
        slider,
        play,
        governorate,
        image,
        label,
    )
    return box


def _ledger_html(rows: pd.DataFrame) -> str:
    """An HTML table of ledger rows; the full quote is the row's tooltip.

    A quote not in English is shown in its own words with the project's translation
    beneath it.
    """
    import html

    head = (
        "<tr><th>date</th><th>claim</th><th>kind</th><th>who</th><th>stance / evidence</th>"
        "<th>quote</th></tr>"
    )
    body = []
    for r in rows.itertuples():
        mark = r.stance if r.kind == "statement" else f"evidence: {r.evidence}"
        quote = str(r.quote)
        english = "" if pd.isna(r.quote_en) else str(r.quote_en)
        short = quote if len(quote) <= 90 else quote[:89] + "…"
        tooltip = quote + (f"\n[translation by the project] {english}" if english else "")
        translation = (
            f'<br><span class="quote-en" style="color:#555">[translation by the '
            f"project] {html.escape(english)}</span>"
            if english
            else ""
        )
        body.append(
            f'<tr class="ledger-row" title="{html.escape(tooltip)}"><td>{r.date:%Y-%m-%d}</td>'
            f"<td>{html.escape(r.claim_id)}</td><td>{r.kind}</td><td>{html.escape(str(r.who))}</td>"
            f"<td>{html.escape(str(mark))}</td>"
            f'<td><a href="{html.escape(str(r.url))}" target="_blank">{html.escape(short)}</a>'
            f"{translation}</td></tr>"
        )
    return (
        f'<table class="claims-ledger" style="font-size:11px">{head}{"".join(body)}</table>'
        f"<p>{len(rows)} rows</p>"
    )


def claim_ledger_explorer(*, dataset: Dataset | None = None):
    """Filter the claims ledger by claim, speaker and date range; the table updates in place.

    Each row's full quote shows as a tooltip; the quote links to its source page.

    Returns
    -------
    ipywidgets.VBox
        With attributes ``claim``, ``speaker``, ``dates`` (the controls), ``table``
        (an HTML widget) and ``rows`` (the DataFrame currently shown).

    Examples
    --------
    >>> box = claim_ledger_explorer()
    >>> n_all = len(box.rows)
    >>> box.claim.value = "C01"
    >>> 0 < len(box.rows) < n_all
    True
    """
    import ipywidgets as w

    from analysis.forces.claims import claim_ledger

    ledger = claim_ledger(dataset=dataset)
    claims = ledger.drop_duplicates("claim_id").sort_values("claim_id")
    # "all", not None: a Dropdown whose value is None shows no selection at all.
    claim = w.Dropdown(
        options=[("All claims", "all")]
        + [(f"{c}: {t}", c) for c, t in zip(claims["claim_id"], claims["claim"])],
        description="Claim",
        layout=w.Layout(width="640px"),
    )
    speakers = sorted(ledger.loc[ledger["kind"] == "statement", "who"].unique())
    speaker = w.Dropdown(options=[("Anyone", "all")] + [(s, s) for s in speakers], description="Speaker")
    days = sorted(ledger["date"].dt.normalize().unique())
    dates = w.SelectionRangeSlider(
        options=[(f"{d:%Y-%m-%d}", d) for d in days],
        index=(0, len(days) - 1),
        description="Dates",
        layout=w.Layout(width="640px"),
    )
    table = w.HTML()
    box = w.VBox([claim, speaker, dates, table])

    def refresh(_=None):
        rows = ledger
        if claim.value != "all":
            rows = rows[rows["claim_id"] == claim.value]
        if speaker.value != "all":
            rows = rows[rows["who"] == speaker.value]
        lo, hi = dates.value
        rows = rows[rows["date"].between(lo, hi)]
        box.rows = rows
        table.value = _ledger_html(rows)

    for control in (claim, speaker, dates):
        control.observe(refresh, names="value")
    refresh()
    box.claim, box.speaker, box.dates, box.table = claim, speaker, dates, table
    return box
