"""Build the offline explorer page and open it in headless Chromium: size, build time, first map.

Prints the page's size (goal: under 2 MB), the time to build it, the time from navigation to
the first drawn map (``window.atlasFirstMapMs``, median of 5 loads, file://, offline) and the
time to redraw the map for a date (median over 50 slider moves).
Run: `.venv/bin/python benchmarks/bench_web_explorer.py` (or `make benchmarks`).
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from analysis.publishing.web_explorer import write_web_explorer

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = write_web_explorer(Path(tmp) / "explorer.html")
        print(
            f"explorer.html: {result.size_bytes / 1e6:.2f} MB (goal < 2 MB), {result.dates} dates, "
            f"{result.places} places, {result.cells} cells, built in {result.seconds:.1f} s"
        )
        if not os.access(CHROMIUM, os.X_OK):
            print(f"{CHROMIUM} missing: no browser timings")
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1366, "height": 900}, offline=True)
            page = context.new_page()
            first = []
            for _ in range(5):
                page.goto(result.path.as_uri(), wait_until="load")
                page.wait_for_selector("html[data-ready='1']")
                first.append(page.evaluate("window.atlasFirstMapMs"))
            redraw = page.evaluate(
                """(n) => { const t = []; const max = window.atlasExplorer.data.dates.length - 1;
                    for (let i = 0; i < n; i++) { const s = performance.now();
                      window.atlasExplorer.render(Math.floor(Math.random() * max));
                      t.push(performance.now() - s); }
                    t.sort((a, b) => a - b); return t[Math.floor(n / 2)]; }""",
                50,
            )
            browser.close()
        print(f"time to first map: {statistics.median(first):.0f} ms (median of 5 loads, file://, offline)")
        print(f"redraw for a date: {redraw:.2f} ms (median of 50)")


if __name__ == "__main__":
    main()
