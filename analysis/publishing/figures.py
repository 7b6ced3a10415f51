"""Export publication figures (PNG, SVG, PDF) deterministically, and index them.

Each exported figure gets a sidecar ``NAME.json`` (caption, sources, notebook, the data's
content hash, size); ``figures/README.md`` is regenerated from the sidecars, and
:func:`stale_figures` compares their hashes with the current data.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from analysis.config import FIGURES_DIR
from analysis.data.io import atomic_write_bytes
from analysis.data.load import data_content_hash
from analysis.drawing.labels import marker_boxes, text_box
from analysis.drawing.style import STYLE_PATH

__all__ = [
    "export",
    "write_figure_index",
    "write_atlas",
    "stale_figures",
    "run_context",
    "provenance",
    "boundaries_content_hash",
    "check_layout",
    "LayoutProblem",
    "LayoutError",
    "prepare_for_print",
    "FIGURE_WIDTHS_MM",
    "FORMATS",
    "MIN_FONT_PT",
]

#: Report column widths (Nature-style single and double column).
FIGURE_WIDTHS_MM = {"single": 89.0, "double": 183.0}
FORMATS = ("png", "svg", "pdf")
PNG_DPI = 300
# Fixed metadata so that the same figure gives the same bytes on every run.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_RC: Any = {
    "svg.hashsalt": "syria-conflict-atlas",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "pdf.compression": 6,
    "path.simplify": True,
}


#: Smallest text allowed at print size, points.
MIN_FONT_PT = 6.0
#: Two text boxes may touch by this much (pixels at the export's 300 dpi ≈ 0.17 mm).
OVERLAP_TOLERANCE_PX = 2.0


# --- the layout check ----------------------------------------------------------------


@dataclass(frozen=True)
class LayoutProblem:
    """One defect found by :func:`check_layout`: what, in which figure, and the artists."""

    figure: str
    #: "outside figure", "cut by axes", "overlap", "text over marker", "too small" or
    #: "legend over marker".
    kind: str
    first: str
    second: str = ""

    def __str__(self) -> str:
        return f"{self.figure}: {self.kind}: {self.first}" + (f" <-> {self.second}" if self.second else "")


class LayoutError(ValueError):
    """A figure failed :func:`check_layout`; ``problems`` lists every defect."""

    def __init__(self, name: str, problems: list[LayoutProblem]):
        self.problems = problems
        lines = [f"figure {name!r} fails the layout check ({len(problems)} problem(s)):"]
        lines += [f"  - {p}" for p in problems]
        lines.append(
            'Fix the figure, or pass export(..., layout_exception="<why this figure may '
            'break the rule>") to write it anyway; the reason is kept in its sidecar.'
        )
        super().__init__("\n".join(lines))


def _undrawn_tick_labels(fig: Figure) -> set[int]:
    """Tick labels matplotlib keeps but does not draw (ticks outside the view limits)."""
    skip = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values() if hasattr(ax, "_axis_map") else (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            span = (hi - lo) * 1e-9
            for locs, ticks in (
                (axis.get_majorticklocs(), axis.get_major_ticks),
                (axis.get_minorticklocs(), axis.get_minor_ticks),
            ):
                for loc, tick in zip(locs, ticks(len(locs))):
                    if not lo - span <= loc <= hi + span:
                        skip.update({id(tick.label1), id(tick.label2)})
    return skip


def _visible_texts(fig: Figure) -> list[Text]:
    """Every Text drawn in the figure: a walk over the artist tree that skips hidden branches."""
    out: list[Text] = []
    stack: list[Any] = [fig]
    undrawn = _undrawn_tick_labels(fig)
    while stack:
        artist = stack.pop()
        if not artist.get_visible() or id(artist) in undrawn:
            continue
        if isinstance(artist, Text):
            if artist.get_text().strip():
                out.append(artist)
            continue
        stack.extend(reversed(artist.get_children()))
    return out


def _describe(text: Text) -> str:
    """Role and content of a text artist, e.g. ``x tick label '2015-10'`` in axes 2."""
    fig = text.figure
    where = ""
    role = type(text).__name__.lower()
    for i, ax in enumerate(fig.axes, 1):
        if text in (ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None)):
            role, where = "title", f" of axes {i}"
        elif text in ax.get_xticklabels() or text in ax.get_yticklabels():
            role, where = ("x" if text in ax.get_xticklabels() else "y") + " tick label", f" of axes {i}"
        elif text in (ax.xaxis.label, ax.yaxis.label):
            role, where = "axis label", f" of axes {i}"
        elif (legend := ax.get_legend()) is not None and (
            text in legend.get_texts() or text is legend.get_title()
        ):
            role, where = "legend entry", f" in axes {i}"
        elif text in ax.texts:
            where = f" in axes {i}"
        else:
            continue
        break
    else:
        if text is getattr(fig, "_suptitle", None):
            role = "suptitle"
        elif any(text in lg.get_texts() for lg in fig.legends):
            role = "figure legend entry"
    content = text.get_text().replace("\n", " / ")
    if len(content) > 60:
        content = content[:57] + "..."
    return f"{role} {content!r}{where}"


def _data_lines(fig: Figure) -> list[tuple[Line2D, str]]:
    """Lines drawn in data coordinates (not axhline/axvline guides)."""
    out = []
    for i, ax in enumerate(fig.axes, 1):
        for line in ax.lines:
            if line.get_visible() and line.get_transform() is ax.transData:
                out.append((line, f"line {line.get_label()!r} in axes {i}"))
    return out


def _legends(fig: Figure):
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            yield legend
    yield from (lg for lg in fig.legends if lg.get_visible())


def check_layout(
    fig,
    name: str = "figure",
    min_font_pt: float = MIN_FONT_PT,
    tolerance_px: float = OVERLAP_TOLERANCE_PX,
    dpi: float = 300,
) -> list[LayoutProblem]:
    """Defects a reader would see: clipped, overlapping, tiny or covered text, legends on data.

    Draws the figure at its current size and at the PNG's resolution (text is measured as
    it will be rendered; call it at the print size: :func:`export` does) and checks every
    visible text artist (titles, axis and tick labels, legend entries,
    annotations, the source line):

    - *outside figure*: its box extends past the figure's edge;
    - *cut by axes*: a clipped text (e.g. a map label) runs over its axes' edge;
    - *overlap*: two boxes intersect by more than ``tolerance_px`` in both directions
      (a text's box includes the frame drawn around it, e.g. a numbered circle);
    - *text over marker*: a text in an axes covers a data marker (scatter point or line
      marker) of the figure;
    - *too small*: its font is under ``min_font_pt`` points (sizes are print sizes when the
      figure has its print width);
    - *legend over marker*: a legend's frame covers a data marker, or a data line.

    Parameters
    ----------
    fig : Figure or Axes
    name : str
        Named in every problem.
    min_font_pt, tolerance_px : float
        Smallest font, points; overlap allowed, pixels at ``dpi``.
    dpi : float
        Resolution the figure is drawn at for the check (the exported PNG's).

    Returns
    -------
    list of LayoutProblem
        Empty when the figure passes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 3))
    >>> _ = ax.text(0.5, 0.5, "one", fontsize=8); _ = ax.text(0.5, 0.5, "two", fontsize=8)
    >>> [p.kind for p in check_layout(fig, "demo")]
    ['overlap']
    >>> print(check_layout(fig, "demo")[0])
    demo: overlap: text 'one' in axes 1 <-> text 'two' in axes 1
    """
    fig = fig if isinstance(fig, Figure) else fig.figure
    saved_dpi = fig.dpi
    fig.set_dpi(dpi)
    try:
        return _check_layout(fig, name, min_font_pt, tolerance_px)
    finally:
        fig.set_dpi(saved_dpi)


#: Resolution of the image a notebook shows for an exported figure (a third of the PNG's).
SHOWN_DPI = PNG_DPI // 3


def _check_layout_and_png(
    fig: Figure, name: str, *, shown: bool = False
) -> tuple[list[LayoutProblem], bytes, bytes | None]:
    """The layout check and the PNG from one drawing at the PNG's resolution.

    The check draws the figure at 300 dpi anyway; encoding that canvas gives the bytes
    ``savefig(format="png", facecolor="white")`` would, without drawing the figure again.
    With ``shown``, the same canvas reduced to :data:`SHOWN_DPI` is returned as well, for
    the notebook to show in place of drawing the figure a fourth time.
    """
    import matplotlib.image

    saved_dpi, saved_face = fig.dpi, fig.patch.get_facecolor()
    fig.set_dpi(PNG_DPI)
    fig.patch.set_facecolor("white")
    small = None
    try:
        with matplotlib.rc_context(_RC):
            problems = _check_layout(fig, name, MIN_FONT_PT, OVERLAP_TOLERANCE_PX)
            buf = io.BytesIO()
            pixels = fig.canvas.buffer_rgba()  # type: ignore[attr-defined]  # Agg, as savefig's
            metadata: Any = _METADATA["png"]  # None drops matplotlib's "Software" entry
            matplotlib.image.imsave(buf, pixels, format="png", origin="upper", dpi=PNG_DPI, metadata=metadata)
            if shown:
                small = _reduced_png(np.asarray(pixels), PNG_DPI // SHOWN_DPI)
    finally:
        fig.set_dpi(saved_dpi)
        fig.patch.set_facecolor(saved_face)
    return problems, buf.getvalue(), small


def _reduced_png(rgba: np.ndarray, factor: int) -> bytes:
    """``rgba`` averaged over ``factor`` x ``factor`` blocks, as PNG bytes (fast, low compression)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba).convert("RGB").reduce(factor).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def _in_notebook() -> bool:
    """Whether this code runs in a Jupyter kernel (where a figure left open is drawn inline)."""
    shell = sys.modules.get("IPython")
    ipython = getattr(shell, "get_ipython", lambda: None)() if shell is not None else None
    return ipython is not None and type(ipython).__name__ == "ZMQInteractiveShell"


def _check_layout(fig: Figure, name: str, min_font_pt: float, tolerance_px: float) -> list[LayoutProblem]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg, as export draws
    page = fig.bbox
    problems: list[LayoutProblem] = []
    texts, boxes = [], []
    for text in _visible_texts(fig):
        box = text_box(text, renderer)
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None and not box.overlaps(clip):
            continue  # clipped away entirely: not drawn
        texts.append(text)
        boxes.append(box)
        # Described only when at fault: describing asks every axes for its tick labels.
        if float(text.get_fontsize()) < min_font_pt - 1e-6:
            problems.append(
                LayoutProblem(
                    name,
                    "too small",
                    f"{_describe(text)} at {text.get_fontsize():g} pt (at least {min_font_pt:g} pt)",
                )
            )
        if box.x0 < page.x0 - 1 or box.y0 < page.y0 - 1 or box.x1 > page.x1 + 1 or box.y1 > page.y1 + 1:
            problems.append(LayoutProblem(name, "outside figure", _describe(text)))
        elif clip is not None and (
            box.x0 < clip.x0 - 1 or box.y0 < clip.y0 - 1 or box.x1 > clip.x1 + 1 or box.y1 > clip.y1 + 1
        ):
            problems.append(LayoutProblem(name, "cut by axes", _describe(text)))
    if boxes:
        ext = np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes])
        for i in range(len(ext)):
            w = np.minimum(ext[i, 2], ext[i + 1 :, 2]) - np.maximum(ext[i, 0], ext[i + 1 :, 0])
            h = np.minimum(ext[i, 3], ext[i + 1 :, 3]) - np.maximum(ext[i, 1], ext[i + 1 :, 1])
            for j in np.flatnonzero((w > tolerance_px) & (h > tolerance_px)):
                problems.append(
                    LayoutProblem(name, "overlap", _describe(texts[i]), _describe(texts[i + 1 + j]))
                )
    markers = marker_boxes(fig)
    axes_texts = {id(t) for ax in fig.axes for t in ax.texts}
    in_axes = [(t, b) for t, b in zip(texts, boxes) if id(t) in axes_texts]
    for text, box in in_axes:
        for mbox, what in markers:
            if _intersect(box, mbox, tolerance_px):
                problems.append(LayoutProblem(name, "text over marker", _describe(text), what))
                break
    for legend in _legends(fig):
        frame = legend.get_window_extent(renderer)
        first = f"legend ({', '.join(t.get_text() for t in legend.get_texts()[:3])}...)"
        hit = next((what for mbox, what in markers if _intersect(frame, mbox, tolerance_px)), None)
        if hit is None:
            for line, what in _data_lines(fig):
                path = line.get_transform().transform_path(line.get_path())
                vertices = np.asarray(path.vertices)
                step = max(1, len(vertices) // 500)
                if path.intersects_bbox(frame, filled=False) or any(
                    frame.contains(x, y) for x, y in vertices[::step]
                ):
                    hit = what
                    break
        if hit is not None:
            problems.append(LayoutProblem(name, "legend over marker", first, hit))
    return problems


def _intersect(a: Bbox, b: Bbox, tolerance: float) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance


def _render(fig: Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(
            buf, format=fmt, dpi=PNG_DPI if fmt == "png" else 72, metadata=_METADATA[fmt], facecolor="white"
        )
    return buf.getvalue()


#: Height kept free at the bottom of an exported figure for its source line, inches.
FOOTER_IN = 0.16


@contextmanager
def prepare_for_print(fig, sources: list[str], size: str = "double"):
    """Give a figure its print width and source footer for as long as the block runs.

    The figure is resized to the column width (keeping its aspect ratio), laid out again
    at that size (``tight_layout``, unless it has its own layout engine), and given a
    6 pt footer naming its sources, removed on leaving. :func:`export` writes the figure
    inside this block; tests check its layout inside it (see :func:`check_layout`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 3))
    >>> with prepare_for_print(fig, ["control"], "single") as f:
    ...     round(f.get_size_inches()[0] * 25.4)
    89
    """
    if size not in FIGURE_WIDTHS_MM:
        raise ValueError(f"size={size!r} is unknown; expected one of: {', '.join(FIGURE_WIDTHS_MM)}")
    fig = fig if isinstance(fig, Figure) else fig.figure
    width_in = FIGURE_WIDTHS_MM[size] / 25.4
    w, h = fig.get_size_inches()
    height_in = h * width_in / w
    bottom = FOOTER_IN / height_in
    with matplotlib.style.context(STYLE_PATH):
        fig.set_size_inches(width_in, height_in)
        engine = fig.get_layout_engine()
        if engine is None or type(engine).__name__ == "TightLayoutEngine":
            # Fit legends and labels placed outside the axes inside the fixed page width,
            # leaving room at the bottom for the footer.
            fig.tight_layout(rect=(0, bottom, 1, 1))
        elif type(engine).__name__ == "ConstrainedLayoutEngine":
            engine.set(rect=(0, bottom, 1, 1 - bottom / 4))
        footer = fig.text(
            0.01,
            0.004,
            "Sources: " + "; ".join(sources) + " · syria-conflict-atlas",
            fontsize=MIN_FONT_PT,
            color="#555555",
            ha="left",
            va="bottom",
        )
        try:
            yield fig
        finally:
            footer.remove()


def export(
    fig,
    name: str,
    caption: str,
    sources: list[str],
    size: str = "double",
    out_dir: str | Path | None = FIGURES_DIR,
    notebook: str | None = None,
    data_dir: str | Path | None = None,
    *,
    layout_exception: str | None = None,
    show: bool | None = None,
) -> dict[str, Path] | None:
    """Write ``NAME.png`` (300 dpi), ``NAME.svg`` and ``NAME.pdf`` at a report width.

    The figure is resized to the column width (keeping its aspect ratio), given a footer
    with its sources (:func:`prepare_for_print`), checked by :func:`check_layout` (a
    failing figure is refused unless ``layout_exception`` says why it may pass), and
    written atomically (a temporary file, then a rename): a failure leaves any earlier
    file untouched. Dates and tool names are left out of the files and
    the SVG hash salt is fixed, so the same figure gives the same bytes on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or Axes
        The figure (an Axes is taken as its figure).
    name : str
        File stem, e.g. ``"control_map_2015-09-30"`` (letters, digits, ``-``, ``_``).
    caption : str
        One or two sentences for the figure index.
    sources : list of str
        Tables or outlets the figure draws on; printed in the footer and the index.
    size : {"single", "double"}
        89 mm or 183 mm wide.
    out_dir : str or Path or None
        Folder to write to (default ``figures/``); None writes nothing and returns None,
        so notebooks can be run interactively without touching committed figures.
    notebook : str, optional
        The notebook that made the figure, for the index.
    data_dir : str or Path, optional
        Data folder whose content hash is recorded (default: the report run's data
        folder, see :func:`run_context`, else the shipped ``data/``). The sidecar also
        records the boundaries' hash, the package version and the run's parameters.
    layout_exception : str, optional
        Why this figure may be written although it fails :func:`check_layout` (e.g.
        ``"draft for the editor: labels overlap in the Aleppo inset"``). Without it a
        failing figure raises :class:`LayoutError` and nothing is written; with it the
        reason and the problems are kept in the sidecar and the index.
    show : bool, optional
        Show the exported figure (at :data:`SHOWN_DPI`, with its footer) as the cell's
        output and close the live figure, so that the notebook shows what was written and
        the figure is not drawn once more for the notebook. Default: when running in a
        Jupyter kernel. Nothing is shown or closed when ``out_dir`` is None.

    Returns
    -------
    dict of str to Path, or None
        Paths written, by format (plus ``"json"`` for the sidecar).

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> paths = export(fig, "demo", "A demo.", ["none"], out_dir=tempfile.mkdtemp())
    >>> sorted(paths)
    ['json', 'pdf', 'png', 'svg']
    """
    if size not in FIGURE_WIDTHS_MM:
        raise ValueError(f"size={size!r} is unknown; expected one of: {', '.join(FIGURE_WIDTHS_MM)}")
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise ValueError(f"name={name!r}: use letters, digits, '-' and '_' only")
    if out_dir is None:
        return None
    if layout_exception is not None and not str(layout_exception).strip():
        raise ValueError("layout_exception='' : give the reason this figure may fail the layout check")
    fig = getattr(fig, "figure", fig) if not isinstance(fig, Figure) else fig
    out = Path(out_dir)
    show = _in_notebook() if show is None else show
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # a figure closed after an earlier export is drawn by Agg again
    with prepare_for_print(fig, sources, size):
        problems, png, shown = _check_layout_and_png(fig, name, shown=show)
        if problems and layout_exception is None:
            raise LayoutError(name, problems)
        rendered = {fmt: png if fmt == "png" else _render(fig, fmt) for fmt in FORMATS}
    paths = {fmt: atomic_write_bytes(out / f"{name}.{fmt}", data) for fmt, data in rendered.items()}
    if shown is not None:
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        plt.close(fig)
        display(Image(data=shown, format="png", width=round(FIGURE_WIDTHS_MM[size] / 25.4 * SHOWN_DPI)))
    run = run_context()
    if data_dir is None:
        data_dir = run["data_dir"]
    meta = {
        "name": name,
        "caption": caption,
        "sources": list(sources),
        "notebook": notebook,
        "size": size,
        "width_mm": FIGURE_WIDTHS_MM[size],
        **provenance(data_dir, run["parameters"]),
    }
    if layout_exception is not None:
        meta["layout_exception"] = {"reason": layout_exception, "problems": [str(p) for p in problems]}
    paths["json"] = atomic_write_bytes(
        out / f"{name}.json", (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode()
    )
    return paths


def _sidecars(out_dir: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(out_dir).glob("*.json"))]


def write_figure_index(out_dir: str | Path = FIGURES_DIR) -> Path:
    """Regenerate ``README.md`` in the figures folder from the sidecars.

    Returns
    -------
    Path
        The index written.

    Examples
    --------
    >>> import tempfile
    >>> write_figure_index(tempfile.mkdtemp()).name
    'README.md'
    """
    out = Path(out_dir)
    sidecars = _sidecars(out)
    lines = [
        "# Figures",
        "",
        "Exported by `make report` (`python -m analysis report`); do not edit by hand. "
        "Each figure comes as PNG (300 dpi), SVG and PDF. `data hash` is the SHA-256 of the "
        "tables the figure was made from: `python -m analysis report --check` tells whether "
        "a figure is stale against the current data.",
        "",
    ]
    if sidecars:
        lines += [
            "For print: [`atlas.pdf`](atlas.pdf) has every figure below on its own A4 page with "
            "its caption and sources. Every figure passed the layout check "
            "(`analysis.publishing.figures.check_layout`) when it was exported, unless its entry says "
            "why not.",
            "",
        ]
    for meta in sidecars:
        lines += [
            f"## {meta['name']}",
            "",
            f'<img src="{meta["name"]}.png" width="360" alt="{meta["caption"]}">',
            "",
            meta["caption"],
            "",
            f"- files: [{meta['name']}.png]({meta['name']}.png), [svg]({meta['name']}.svg), "
            f"[pdf]({meta['name']}.pdf); {meta['size']} column, {meta['width_mm']:g} mm",
            f"- sources: {'; '.join(meta['sources'])}",
            f"- notebook: `{meta['notebook'] or 'n/a'}`",
            f"- data hash: `{meta['data_hash'][:16]}`",
            "",
        ]
        if meta.get("layout_exception"):
            lines[-1:-1] = [f"- layout exception: {meta['layout_exception']['reason']}"]
    if sidecars:
        write_atlas(out)
    return atomic_write_bytes(out / "README.md", "\n".join(lines).encode("utf-8"))


#: A4 portrait, inches, and its margin.
_A4_IN = (210 / 25.4, 297 / 25.4)
_MARGIN_IN = 14 / 25.4
#: Resolution of the figures in the atlas. The atlas is a proof sheet that keeps them
#: together with their captions; 200 dpi reads sharply on paper and keeps the file under
#: 5 MB (at 300 dpi it was 10 MB). Print a figure from its own PDF or 300 dpi PNG.
ATLAS_DPI = 200


def write_atlas(out_dir: str | Path = FIGURES_DIR) -> Path:
    """Write ``atlas.pdf``: every exported figure on its own A4 page, with its caption.

    Pages follow the sidecars' order (by name); each shows the figure's PNG, at
    :data:`ATLAS_DPI` and its print width (89 or 183 mm, smaller only if it would not fit
    the page), its number and name, the caption, sources and notebook. The file is
    deterministic like the figures.

    Returns
    -------
    Path
        The atlas written.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> out = tempfile.mkdtemp()
    >>> _ = export(plt.subplots(figsize=(4, 3))[0], "demo", "A demo.", ["none"], out_dir=out)
    >>> write_atlas(out).name
    'atlas.pdf'
    """
    from matplotlib.backends.backend_pdf import PdfPages

    out = Path(out_dir)
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC), matplotlib.style.context(STYLE_PATH):
        with PdfPages(buf, metadata=_METADATA["pdf"]) as pdf:
            for number, meta in enumerate(_sidecars(out), 1):
                pdf.savefig(_atlas_page(number, meta, *_atlas_image(out, meta)))
    return atomic_write_bytes(out / "atlas.pdf", buf.getvalue())


def _atlas_image(out: Path, meta: dict) -> tuple[np.ndarray, float, float]:
    """A figure's PNG as the atlas shows it: its pixels, and its width and height in inches."""
    from PIL import Image

    w_in, h_in = _A4_IN
    with Image.open(out / f"{meta['name']}.png") as im:
        rgb = im.convert("RGB")
    width = min(meta["width_mm"] / 25.4, w_in - 2 * _MARGIN_IN)
    height = width * rgb.height / rgb.width
    room = h_in - 2 * _MARGIN_IN - 0.35 - 1.4
    if height > room:
        width, height = width * room / height, room
    if rgb.width > width * ATLAS_DPI:
        rgb = rgb.resize((round(width * ATLAS_DPI), round(height * ATLAS_DPI)), Image.Resampling.LANCZOS)
    # 256 colours (the figures use a dozen, plus their anti-aliasing): matplotlib then
    # writes an indexed image, a third of the size of full RGB.
    indexed = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    return np.asarray(indexed.convert("RGB")), width, height


def _atlas_page(number: int, meta: dict, pixels: np.ndarray, width: float, height: float) -> Figure:
    """One A4 page of the atlas: number and name, the figure's image, caption, sources."""
    import textwrap

    page = Figure(figsize=_A4_IN)
    w_in, h_in = _A4_IN
    top = h_in - _MARGIN_IN
    page.text(
        _MARGIN_IN / w_in,
        top / h_in,
        f"Figure {number}. {meta['name']}",
        fontsize=10,
        fontweight="bold",
        va="top",
        ha="left",
    )
    img_top = top - 0.35
    ax = page.add_axes((_MARGIN_IN / w_in, (img_top - height) / h_in, width / w_in, height / h_in))
    ax.imshow(pixels, interpolation="none")
    ax.set_axis_off()
    caption = textwrap.fill(meta["caption"], 105)
    notes = (
        f"Sources: {'; '.join(meta['sources'])}. Notebook: {meta['notebook'] or 'n/a'}. "
        f"Files: {meta['name']}.png / .svg / .pdf ({meta['size']} column, {meta['width_mm']:g} mm)."
    )
    page.text(
        _MARGIN_IN / w_in,
        (img_top - height - 0.15) / h_in,
        caption + "\n\n" + textwrap.fill(notes, 120),
        fontsize=8,
        va="top",
        ha="left",
        linespacing=1.4,
    )
    return page


def run_context() -> dict:
    """The report run this process belongs to: ``{"parameters": {...}, "data_dir": ...}``.

    ``python -m analysis report`` sets it (environment variable
    :data:`analysis.publishing.report.RUN_ENV`) for the notebook kernels it starts, so that each
    figure's sidecar records the run's parameters and data folder. Outside a report run it
    is empty: no parameters, the shipped data.

    Examples
    --------
    >>> run_context()
    {'parameters': {}, 'data_dir': None}
    """
    raw = os.environ.get("SYRIA_ATLAS_RUN")
    run = json.loads(raw) if raw else {}
    return {"parameters": dict(run.get("parameters") or {}), "data_dir": run.get("data_dir")}


def boundaries_content_hash(data_dir: str | Path | None = None) -> str:
    """SHA-256 of the boundary files a map of this data folder is drawn from.

    Examples
    --------
    >>> len(boundaries_content_hash())
    64
    """
    from analysis.data.boundaries import boundaries_dir

    digest = hashlib.sha256()
    for path in sorted(boundaries_dir(data_dir).glob("*.geojson")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def provenance(data_dir: str | Path | None = None, parameters: dict | None = None) -> dict:
    """What a figure was made from: data and boundaries hashes, package version, parameters.

    Examples
    --------
    >>> sorted(provenance())
    ['boundaries_hash', 'data_hash', 'package_version', 'parameters']
    """
    from analysis import __version__

    return {
        "data_hash": data_content_hash(data_dir),
        "boundaries_hash": boundaries_content_hash(data_dir),
        "package_version": __version__,
        "parameters": dict(parameters or {}),
    }


def stale_figures(
    data_dir: str | Path | None = None, out_dir: str | Path = FIGURES_DIR, parameters: dict | None = None
) -> list[str]:
    """Names of exported figures that are missing or stale.

    Stale: made from other data, other boundaries, another package version or other
    parameters.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data folder the figures should reflect (default: shipped ``data/``).
    out_dir : str or Path
        The figures folder to check.
    parameters : dict, optional
        The run's parameters (the default run has none).

    Examples
    --------
    >>> import tempfile
    >>> stale_figures(out_dir=tempfile.mkdtemp())
    []
    """
    expected = provenance(data_dir, parameters)
    out = Path(out_dir)
    stale = []
    for meta in _sidecars(out):
        missing = any(not (out / f"{meta['name']}.{fmt}").exists() for fmt in FORMATS)
        if missing or any(meta.get(key) != value for key, value in expected.items()):
            stale.append(meta["name"])
    return stale
