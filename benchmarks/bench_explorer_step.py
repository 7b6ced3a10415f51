"""Time one step of the control explorer, whole study period, at three scales.

For the shipped tables, a synthetic copy at 400 places and one at 2,000 (places jittered a
few km, same control histories; :mod:`synthetic`), prints the median step (recolour + Agg
blit), the step with the JPEG the widget sends, and the naive full redraw of the same map
(the baseline of the same run) with the ratio. Goals (issue 25): step < 10 ms median at
400+ places, < 25 ms at 2,000; ratio to the full redraw >= 10x.
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
from synthetic import scaled_dataset  # noqa: E402

from analysis import load_dataset  # noqa: E402
from analysis.config import STUDY_END, STUDY_START  # noqa: E402
from analysis.drawing.maps import plot_control_map  # noqa: E402
from analysis.drawing.widgets import ControlMapAnimator  # noqa: E402
from analysis.territory.control import control_areas, control_at  # noqa: E402

warnings.simplefilter("ignore")
# Weekly over the whole study period, shuffled so the steps jump as a slider drag does.
DATES = pd.date_range(STUDY_START, STUDY_END, freq="W-MON").to_series().sample(frac=1, random_state=0)
GOALS_MS = {"shipped": 10.0, "400 places": 10.0, "2,000 places": 25.0}


def median_ms(fn, dates) -> float:
    times = []
    for d in dates:
        t0 = time.perf_counter()
        fn(d)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(label: str, ds) -> None:
    anim = ControlMapAnimator(dataset=ds)
    anim.update(DATES.iloc[0])  # first draw caches the background
    step = median_ms(anim.update, DATES.iloc[1:201])
    step_png = median_ms(lambda d: anim.step(d, fmt="jpeg"), DATES.iloc[201:301])

    def naive(d):
        fig, ax = plt.subplots(figsize=(7.2, 6.0), dpi=100)
        plot_control_map(control_at(d, dataset=ds), control_areas(d, dataset=ds), date=d, ax=ax, dataset=ds)
        fig.canvas.draw()
        plt.close(fig)

    full = median_ms(naive, DATES.iloc[301:311])
    goal = GOALS_MS[label]
    print(f"{label} ({len(anim._places)} places, {len(DATES)} weekly dates 2011-2024):")
    print(
        f"  explorer step (update + Agg blit):      median {step:7.1f} ms  (goal < {goal:.0f} ms: "
        f"{'met' if step < goal else 'NOT met'})"
    )
    print(f"  explorer step incl. the widget's JPEG:   median {step_png:7.1f} ms")
    print(f"  naive full redraw (baseline):            median {full:7.1f} ms")
    print(f"  ratio naive / step: {full / step:.1f}x  (goal >= 10x)")


def main() -> None:
    ds = load_dataset()
    measure("shipped", ds)
    measure("400 places", scaled_dataset(ds, 400))
    measure("2,000 places", scaled_dataset(ds, 2000))


if __name__ == "__main__":
    main()
