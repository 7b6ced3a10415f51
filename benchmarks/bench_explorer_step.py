"""Time one step of the control explorer against a naive full redraw of the same map.

Prints both medians (ms) and their ratio; goal: step (update + Agg) < 10 ms median with
250+ places, and >= 10x faster than a full redraw.
Run: `.venv/bin/python benchmarks/bench_explorer_step.py` (or `make benchmarks`).
"""

from __future__ import annotations

import statistics
import time
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import load_dataset  # noqa: E402
from analysis.drawing.maps import plot_control_map  # noqa: E402
from analysis.drawing.widgets import ControlMapAnimator  # noqa: E402

warnings.simplefilter("ignore")
DATES = pd.date_range("2014-01-06", "2016-12-26", freq="W-MON")


def median_ms(fn, dates) -> float:
    times = []
    for d in dates:
        t0 = time.perf_counter()
        fn(d)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ds = load_dataset()
    anim = ControlMapAnimator(dataset=ds)
    anim.update(DATES[0])  # first draw caches the background
    step = median_ms(anim.update, DATES[1:61])
    step_png = median_ms(anim.step, DATES[61:101])

    from analysis.territory.control import control_areas, control_at

    def naive(d):
        fig, ax = plt.subplots(figsize=(7.2, 6.0), dpi=100)
        plot_control_map(control_at(d, dataset=ds), control_areas(d, dataset=ds), date=d, ax=ax, dataset=ds)
        fig.canvas.draw()
        plt.close(fig)

    full = median_ms(naive, DATES[::12])
    print(f"explorer step (update + Agg blit):      median {step:7.1f} ms  ({len(DATES[1:61])} steps)")
    print(f"explorer step incl. PNG for the widget:  median {step_png:7.1f} ms  ({len(DATES[61:101])} steps)")
    print(f"naive full redraw (plot_control_map):    median {full:7.1f} ms  ({len(DATES[::12])} runs)")
    places = len(anim._places)
    print(f"ratio naive / step: {full / step:.1f}x   ({places} places; "
          "goal: step < 10 ms median, ratio >= 10x)")


if __name__ == "__main__":
    main()
