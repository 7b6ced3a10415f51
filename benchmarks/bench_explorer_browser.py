"""How the control explorer feels in a real browser: key press on the date slider → new map.

Starts JupyterLab (from this venv) serving notebook 02, opens it in headless Debian
Chromium through Playwright, runs all cells, then presses ArrowRight on the explorer's date
slider from the first date of the study period to the last (every step of the slider:
monthly from March 2011, daily through 27 November-8 December 2024). For each press it
measures, in the page, the time from the keydown event to the moment the explorer's
``<img>`` has loaded the new frame (its ``load`` event after the ``src`` changed). Prints
median and p90 (goal, issue 25: median < 50 ms on the 2-core machine), and, as the same-run
baseline, the kernel-side step (update + Agg blit + JPEG) on the same machine, with the
ratio browser / kernel.

Run: `.venv/bin/python benchmarks/bench_explorer_browser.py` (or `make benchmarks`).
Needs /usr/bin/chromium (`bash scripts/install_chromium.sh`).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import NOTEBOOKS_DIR  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    Explorer,
    Lab,
    start_jupyter_server,
)

NOTEBOOK = "02_territorial_control.ipynb"

# Records the keydown time, then the time the image finished loading a new src.
_INSTRUMENT_JS = """(img) => {
    window.__bench = {down: null, shown: []};
    document.addEventListener('keydown', () => { window.__bench.down = performance.now(); }, true);
    img.addEventListener('load', () => {
        if (window.__bench.down !== null) {
            window.__bench.shown.push(performance.now() - window.__bench.down);
            window.__bench.down = null;
        }
    });
}"""


def kernel_step_ms() -> float:
    """The same step without the browser: update + Agg blit + JPEG, median over the slider's dates."""

    from analysis.drawing.widgets import ControlMapAnimator

    warnings.simplefilter("ignore")
    from analysis.territory.coverage import map_dates

    anim = ControlMapAnimator()
    dates = map_dates()
    anim.step(dates[0], fmt="jpeg")
    times = []
    for d in dates[1:]:
        t0 = time.perf_counter()
        anim.step(d, fmt="jpeg")
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = start_jupyter_server(Path(tmp), [NOTEBOOKS_DIR / NOTEBOOK])
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                lab = Lab(server, browser, Path(tmp) / "shots")
                t0 = time.perf_counter()
                nb = lab.run_all(NOTEBOOK)
                print(f"notebook 02 run in JupyterLab: {time.perf_counter() - t0:.1f} s")
                ex = Explorer(nb)
                ex.wait_for_image_stable()
                ex.page.evaluate(_INSTRUMENT_JS, ex.image.element_handle())
                ex.handle.focus()
                ex.page.keyboard.press("Home")  # the slider's first date, March 2011
                ex.wait_for_image_stable()
                ex.page.evaluate("() => { window.__bench.down = null; window.__bench.shown = []; }")
                presses = round(float(ex.handle.get_attribute("aria-valuemax") or 0))
                for i in range(presses):
                    ex.page.keyboard.press("ArrowRight")
                    ex.page.wait_for_function(
                        f"() => window.__bench.shown.length > {i}", timeout=30_000, polling="raf"
                    )
                shown = ex.page.evaluate("() => window.__bench.shown")
                lab.close()
                browser.close()
        finally:
            server.stop()
    ordered = sorted(shown)
    p90 = ordered[int(round(0.9 * (len(ordered) - 1)))]
    median = statistics.median(shown)
    kernel = kernel_step_ms()
    print(
        f"key press -> new map shown ({len(shown)} presses): median {median:6.1f} ms, "
        f"p90 {p90:6.1f} ms, max {max(shown):6.1f} ms   (goal: median < 50 ms)"
    )
    print(f"kernel-side step (update + blit + JPEG the widget sends), same machine: median {kernel:6.1f} ms")
    print(f"ratio browser round trip / kernel step: {median / kernel:.1f}x")


if __name__ == "__main__":
    main()
