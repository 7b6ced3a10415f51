"""Place labels without piling them, by a rule that the layout check proves.

:func:`analysis.publishing.figures.check_layout` proves the rule; leader lines join a label that had to
move away to its point.

The rule: labels are placed in priority order (the caller sorts them: governorate capitals
first, say). Each tries positions around its point, nearest first — eight positions just
outside the marker, then two rings further out joined to the point by a thin leader line —
and takes the first whose box stays inside the axes and clear of every marker, every text
already drawn in the axes and every label already placed. A label with no free position is
left out (and listed in the return value), never piled: on a crowded map the low-priority
names give way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = [
    "marker_boxes",
    "text_box",
    "text_boxes",
    "furniture_boxes",
    "label_points",
    "LabelResult",
    "short_name",
    "LABEL_PT",
    "SCALE_BAR",
]

#: Font size of place labels (points at print size; the layout check's minimum is 6).
LABEL_PT = 6.0
#: Resolution labels are measured at: the exported PNG's.
MEASURE_DPI = 300
# Directions around a point, nearest-looking first: right, left, above, below, then diagonals.
_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def short_name(name: str) -> str:
    """A place's display name without its parenthesised detail.

    Examples
    --------
    >>> short_name("Hmeimim Air Base (Bassel al-Assad International Airport)")
    'Hmeimim Air Base'
    """
    return str(name).split(" (")[0]


def marker_boxes(fig, axes: Axes | None = None) -> list[tuple[Bbox, str]]:
    """Display boxes of the data markers drawn (scatter points, markers of lines).

    Only markers whose centre lies inside their axes are returned (the rest are clipped).

    Parameters
    ----------
    fig : Figure
    axes : Axes, optional
        Only this axes' markers.

    Returns
    -------
    list of (Bbox, str)
        Box in display pixels and a description naming the axes.
    """
    boxes = []
    px_per_pt = fig.dpi / 72
    for i, ax in enumerate(fig.axes, 1):
        if axes is not None and ax is not axes:
            continue
        clip = ax.bbox
        for coll in ax.collections:
            if not isinstance(coll, PathCollection) or not coll.get_visible():
                continue
            offsets = np.asarray(coll.get_offsets())
            sizes = np.asarray(coll.get_sizes())
            if len(offsets) == 0 or len(sizes) == 0:
                continue
            xy = coll.get_offset_transform().transform(offsets)
            r = np.sqrt(np.resize(sizes, len(xy))) / 2 * px_per_pt
            label = str(coll.get_label())
            what = f"marker {label!r} in axes {i}" if not label.startswith("_") else f"marker in axes {i}"
            for (x, y), radius in zip(xy, r):
                if radius > 0 and np.isfinite([x, y]).all() and clip.contains(x, y):
                    boxes.append((Bbox.from_extents(x - radius, y - radius, x + radius, y + radius), what))
        for line in ax.lines:
            if not line.get_visible() or line.get_marker() in (None, "", "None", " ", "none"):
                continue
            radius = line.get_markersize() / 2 * px_per_pt
            for x, y in line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float)):
                if np.isfinite([x, y]).all() and clip.contains(x, y):
                    boxes.append(
                        (
                            Bbox.from_extents(x - radius, y - radius, x + radius, y + radius),
                            f"marker of line {line.get_label()!r} in axes {i}",
                        )
                    )
    return boxes


def text_box(text: Text, renderer) -> Bbox:
    """Window extent of a text, with its frame (e.g. a numbered circle), without its leader line."""
    own = Text.get_window_extent(text, renderer)  # an Annotation's own adds its arrow
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        return Bbox.union([own, patch.get_window_extent(renderer)])
    return own


#: The ``gid`` of a map's scale bar (:func:`analysis.drawing.base_map.add_scale_bar`).
SCALE_BAR = "scale-bar"


def furniture_boxes(ax: Axes, renderer) -> list[Bbox]:
    """Boxes of the map furniture a label must not cover: the scale bar."""
    return [line.get_window_extent(renderer) for line in ax.lines if line.get_gid() == SCALE_BAR]


def text_boxes(ax: Axes, renderer) -> list[Bbox]:
    """Boxes of the visible, non-empty texts already drawn in an axes (its title excluded)."""
    return [text_box(t, renderer) for t in ax.texts if t.get_visible() and t.get_text().strip()]


@dataclass
class LabelResult:
    """What :func:`label_points` did: the texts drawn and the names left out."""

    texts: list[Text]
    skipped: list[str]


def _clear(box: np.ndarray, obstacles: np.ndarray, pad: float) -> bool:
    if not len(obstacles):
        return True
    w = np.minimum(box[2], obstacles[:, 2]) - np.maximum(box[0], obstacles[:, 0])
    h = np.minimum(box[3], obstacles[:, 3]) - np.maximum(box[1], obstacles[:, 1])
    return not bool(np.any((w > -pad) & (h > -pad)))


def label_points(
    ax: Axes,
    xs,
    ys,
    names,
    *,
    fontsize: float = LABEL_PT,
    max_labels: int | None = None,
    leader: bool = True,
    marker_pt: float = 4.0,
    colour: str = "#222222",
    style: str = "normal",
    halo: bool = True,
    zorder: float = 7,
    centred: bool = False,
    bbox: dict | None = None,
    fontweight: str = "normal",
    always: bool = False,
) -> LabelResult:
    """Label points in the order given, each at the nearest free position (see module doc).

    Call it after everything else in the axes is drawn and the figure has its final size
    and layout: positions are measured in display pixels.

    Parameters
    ----------
    ax : Axes
    xs, ys : sequence of float
        Data coordinates of the points.
    names : sequence of str
        Display names (already short: see :func:`short_name`).
    fontsize : float
        Points.
    max_labels : int, optional
        Stop after this many labels.
    leader : bool
        Allow the far rings, joined to the point by a leader line.
    marker_pt : float
        Marker diameter in points: the first ring starts just outside it, and a leader line
        stops at its edge.
    colour, style : str
        Text colour and font style.
    halo : bool
        A thin white outline so that labels stay legible over shading.
    centred : bool
        Try the point itself first (names of areas, e.g. governorates, or a numbered disc
        that stands for the point); then nearby positions (with leader lines if ``leader``).
    bbox : dict, optional
        A frame drawn around each label (e.g. a numbered circle), kept clear like the text.
    fontweight : str
    always : bool
        Draw every label: one that finds no free position goes on its point (``centred``)
        or just beside it, and the layout check reports the overlap. For labels that stand
        for their point (numbered discs), which must not go missing.

    Returns
    -------
    LabelResult
        The texts drawn and the names that found no free position.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2))
    >>> _ = ax.scatter([0, 1], [0, 0]); _ = ax.set_xlim(-1, 2)
    >>> res = label_points(ax, [0, 1], [0, 0], ["west", "east"])
    >>> [t.get_text() for t in res.texts], res.skipped
    (['west', 'east'], [])
    """
    fig = ax.figure
    # Measure at the exported PNG's resolution, where the layout check measures too.
    saved_dpi = fig.dpi
    fig.set_dpi(MEASURE_DPI)
    try:
        return _label_points(
            ax,
            fig,
            xs,
            ys,
            names,
            fontsize,
            max_labels,
            leader,
            marker_pt,
            colour,
            style,
            halo,
            zorder,
            centred,
            bbox,
            fontweight,
            always,
        )
    finally:
        fig.set_dpi(saved_dpi)


def _label_points(
    ax,
    fig,
    xs,
    ys,
    names,
    fontsize,
    max_labels,
    leader,
    marker_pt,
    colour,
    style,
    halo,
    zorder,
    centred,
    bbox,
    fontweight,
    always,
) -> LabelResult:
    import matplotlib.patheffects as pe

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72
    frame = ax.bbox
    boxes = [b for b, _ in marker_boxes(fig, ax)] + text_boxes(ax, renderer) + furniture_boxes(ax, renderer)
    obstacles = np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes], dtype=float).reshape(-1, 4)
    effects = [pe.withStroke(linewidth=1.6, foreground="white")] if halo else None
    if centred:
        rings = [0.0, 9.0, 16.0, 24.0]
    else:
        near = marker_pt / 2
        rings = [near + 1.5, near + 9, near + 18] if leader else [near + 1.5]
    probe = ax.text(0, 0, "", fontsize=fontsize, style=style, fontweight=fontweight, bbox=bbox)
    texts: list[Text] = []
    skipped: list[str] = []
    xy = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]))
    for (px0, py0), x, y, name in zip(xy, np.asarray(xs, float), np.asarray(ys, float), names):
        if max_labels is not None and len(texts) >= max_labels:
            skipped.append(name)
            continue
        probe.set_text(name)
        ext = text_box(probe, renderer)
        w, h = ext.width, ext.height
        chosen = None
        for k, ring in enumerate(rings):
            for dx, dy in ((0, 0),) if ring == 0 else _DIRECTIONS:
                norm = np.hypot(dx, dy) or 1.0
                ox, oy = dx / norm * ring * px, dy / norm * ring * px
                ax0 = px0 + ox - (0 if dx > 0 else w if dx < 0 else w / 2)
                ay0 = py0 + oy - (0 if dy > 0 else h if dy < 0 else h / 2)
                box = np.array([ax0, ay0, ax0 + w, ay0 + h])
                if (
                    box[0] < frame.x0 + 1
                    or box[1] < frame.y0 + 1
                    or box[2] > frame.x1 - 1
                    or box[3] > frame.y1 - 1
                ):
                    continue
                if _clear(box, obstacles, 1.0):
                    chosen = (k, dx, dy, ox, oy, box)
                    break
            if chosen:
                break
        if chosen is None and always:
            # On the point (or just right of it): drawn over whatever is there, which the
            # layout check then reports.
            dx, ox = (0, 0.0) if centred else (1, rings[0] * px)
            x0 = px0 + ox - (w / 2 if centred else 0)
            chosen = (0, dx, 0, ox, 0.0, np.array([x0, py0 - h / 2, x0 + w, py0 + h / 2]))
        if chosen is None:
            skipped.append(name)
            continue
        k, dx, dy, ox, oy, box = chosen
        ha = "left" if dx > 0 else "right" if dx < 0 else "center"
        va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
        arrow = None
        if k > 0 and leader:
            arrow = dict(
                arrowstyle="-", color="#555555", lw=0.4, shrinkA=0, shrinkB=marker_pt / 2 + 0.5, patchA=None
            )
        t = ax.annotate(
            name,
            (x, y),
            xytext=(ox / px, oy / px),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=fontsize,
            color=colour,
            style=style,
            zorder=zorder,
            arrowprops=arrow,
            path_effects=effects,
            annotation_clip=False,
            bbox=bbox,
            fontweight=fontweight,
        )
        texts.append(t)
        obstacles = np.vstack([obstacles, box])
    probe.remove()
    return LabelResult(texts, skipped)
