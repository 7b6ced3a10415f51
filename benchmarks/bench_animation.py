"""Render the animated control map (157 weekly frames) and compare with redrawing each frame.

Prints the frames per second of the in-place drawing used by the export, the same for a
baseline that redraws the whole figure each frame (``canvas.draw``, measured on 20 frames),
their ratio, and the encoding time; goal: 20 frames per second or faster.
Run: `.venv/bin/python benchmarks/bench_animation.py` (or `make benchmarks`).
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

from analysis import load_dataset
from analysis.drawing.widgets import ControlMapAnimator
from analysis.publishing.animation import animation_dates, export_control_animation

warnings.simplefilter("ignore")


def main() -> None:
    ds = load_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = export_control_animation(folder / "control.webp", frames_dir=folder / "frames", dataset=ds)
        size_mb = result.path.stat().st_size / 1e6

    # Baseline: the same figure, fully redrawn for every frame.
    anim = ControlMapAnimator(dataset=ds, figsize=(8.8, 6.0), legend=True)
    days = animation_dates()[::8][:20]
    anim.update(days[0])
    started = time.perf_counter()
    for day in days:
        anim.update(day)
        anim.canvas.draw()
    full_fps = len(days) / (time.perf_counter() - started)

    print(
        f"in-place drawing (export):  {result.frames} frames in {result.render_seconds:5.2f} s = "
        f"{result.frames_per_second:5.1f} frames/s"
    )
    print(f"full redraw per frame:      {len(days)} frames           = {full_fps:5.1f} frames/s")
    print(
        f"ratio in-place / full redraw: {result.frames_per_second / full_fps:.1f}x   "
        f"(goal: >= 20 frames/s in place)"
    )
    print(f"encoding WebP + {result.frames} PNG frames: {result.encode_seconds:.1f} s; WebP {size_mb:.1f} MB")


if __name__ == "__main__":
    main()
