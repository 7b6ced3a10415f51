"""Time `make report` (notebooks two at a time, the animation beside them) and the site from it.

Prints each notebook's seconds (from the report's own summary), the notebooks' total, the
animation's, the site's build, and each against its goal (issue 25: the whole report, the
animation included, under 45 s for 2011-2024; issue 16: the site in under 60 s more). Run after `make setup`:
`.venv/bin/python benchmarks/bench_report.py`. Writes only to reports/, figures/, build/ and
site/ (as `make report` and `make site` do).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 45.0
SITE_GOAL_S = 60.0


def main() -> None:
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "report"], cwd=ROOT, capture_output=True, text=True
    )
    total = time.perf_counter() - start
    lines = run.stdout.splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("notebook "))) :]
    print("\n".join(table))
    if run.returncode:
        print(run.stdout[-2000:], run.stderr[-2000:], sep="\n")
        raise SystemExit(run.returncode)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "site"], cwd=ROOT, check=True, capture_output=True)
    site = time.perf_counter() - start
    # The baseline of the same run: the notebooks one after the other (their own seconds).
    serial = sum(float(line.split()[1]) for line in table[1:] if ".ipynb " in line)
    print(
        f"\nwhole report (notebooks two at a time, animation beside them): {total:.1f} s; "
        f"goal {GOAL_S:.0f} s; ratio to goal {total / GOAL_S:.2f}"
    )
    print(
        f"the notebooks' own seconds added up (one after the other): {serial:.1f} s; "
        f"ratio serial / whole report {serial / total:.2f}"
    )
    print(
        f"site from that run: {site:.1f} s; goal {SITE_GOAL_S:.0f} s; ratio to goal {site / SITE_GOAL_S:.2f}"
    )


if __name__ == "__main__":
    main()
