"""The animated control map over the study period, for readers without a kernel.

The frames come from :class:`analysis.drawing.widgets.ControlMapAnimator`, the explorer's map that
recolours its artists in place and blits them, so a frame costs a recolouring, not a
redraw. The animation is written as an animated WebP (plays in every current browser, no
codec to install) and, on request, every frame as a PNG.
"""

from __future__ import annotations

import io
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.io import atomic_write_bytes
from analysis.data.load import Dataset
from analysis.territory.coverage import map_dates as animation_dates

__all__ = [
    "AnimationCancelled",
    "AnimationResult",
    "animation_dates",
    "export_control_animation",
    "FRAME_PATTERN",
]

#: File names of the PNG frames: ``control_frame_001_YYYY-MM-DD.png`` ...
FRAME_PATTERN = re.compile(r"control_frame_\d{3}_\d{4}-\d{2}-\d{2}\.png")


@dataclass
class AnimationResult:
    """What :func:`export_control_animation` wrote, and how fast it drew."""

    path: Path
    frames: int
    render_seconds: float
    encode_seconds: float
    frames_dir: Path | None = None

    @property
    def frames_per_second(self) -> float:
        """Frames drawn per second (recolouring and reading the pixels, not encoding)."""
        return self.frames / self.render_seconds if self.render_seconds else float("inf")


class AnimationCancelled(Exception):
    """The animation was stopped (its ``cancel`` event was set) before it was finished."""


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise AnimationCancelled("stopped before the animation was finished")


def export_control_animation(
    path: str | Path,
    *,
    dates: pd.DatetimeIndex | None = None,
    frames_dir: str | Path | None = None,
    frame_ms: int = 250,
    dataset: Dataset | None = None,
    quality: int = 80,
    cancel: threading.Event | None = None,
) -> AnimationResult:
    """Write the animated control map (animated WebP) and, optionally, its frames as PNG.

    Each frame shows the date in the title, the sides' legend and the source line.

    Parameters
    ----------
    path : str or Path
        The ``.webp`` file to write (atomically).
    dates : DatetimeIndex, optional
        One frame per date (default :func:`animation_dates`: monthly, daily through the
        final offensive).
    frames_dir : str or Path, optional
        Also write every frame there as ``control_frame_NNN_YYYY-MM-DD.png``; frames of an
        earlier run that this run does not write again are removed, other files are kept.
    frame_ms : int
        How long each frame shows, in milliseconds.
    dataset : Dataset, optional
    quality : int
        WebP quality, 0-100.
    cancel : threading.Event, optional
        Checked between frames: once it is set, nothing more is drawn or written and
        :class:`AnimationCancelled` is raised (``python -m analysis report`` on Ctrl-C).

    Returns
    -------
    AnimationResult

    Raises
    ------
    AnimationCancelled
        When ``cancel`` was set before the animation was finished (the WebP file may then
        be written without all of its PNG frames: write to a staging folder, as the report
        does, to publish both or neither).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "control.webp"
    >>> result = export_control_animation(out, dates=animation_dates("2015-03-01", "2015-03-15", days=7))
    >>> result.frames, out.exists()
    (2, True)
    """
    from PIL import Image

    from analysis.drawing.widgets import ControlMapAnimator

    path = Path(path)
    if path.suffix.lower() != ".webp":
        raise ValueError(f"{path}: the animation is written as animated WebP; give a .webp path")
    dates = animation_dates() if dates is None else pd.DatetimeIndex(dates)
    if len(dates) == 0:
        raise ValueError("no dates to draw: give at least one")
    anim = ControlMapAnimator(dataset=dataset, figsize=(8.8, 6.0), dpi=100, legend=True)
    images = []
    started = time.perf_counter()
    for day in dates:
        _check(cancel)
        anim.update(day)
        images.append(np.asarray(anim.canvas.buffer_rgba())[..., :3].copy())
    render_seconds = time.perf_counter() - started
    _check(cancel)

    started = time.perf_counter()
    frames = [Image.fromarray(a) for a in images]
    buf = io.BytesIO()
    frames[0].save(
        buf,
        format="webp",
        save_all=True,
        append_images=frames[1:],
        duration=frame_ms,
        loop=0,
        quality=quality,
        method=0,  # the fastest encoder setting; the map's flat colours compress well anyway
    )
    atomic_write_bytes(path, buf.getvalue())
    written_dir = None
    if frames_dir is not None:
        written_dir = Path(frames_dir)
        written_dir.mkdir(parents=True, exist_ok=True)
        names = [f"control_frame_{i:03d}_{day:%Y-%m-%d}.png" for i, day in enumerate(dates, 1)]
        for name, frame in zip(names, frames, strict=True):
            _check(cancel)
            png = io.BytesIO()
            frame.save(png, format="png", compress_level=1)
            atomic_write_bytes(written_dir / name, png.getvalue())
        for old in written_dir.iterdir():
            if FRAME_PATTERN.fullmatch(old.name) and old.name not in set(names):
                old.unlink()
    encode_seconds = time.perf_counter() - started
    return AnimationResult(path, len(dates), render_seconds, encode_seconds, written_dir)
