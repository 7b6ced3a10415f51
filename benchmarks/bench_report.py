"""Time the whole report (`python -m analysis report`) and each notebook on the shipped data.

Prints the total wall time, each notebook's seconds (from the report's own summary), and the
ratio to the 60 s goal. Run after `make setup`: `.venv/bin/python benchmarks/bench_report.py`.
Writes only to reports/ and figures/ (as `make report` does).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 60.0


def main() -> None:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "analysis", "report"], cwd=ROOT, capture_output=True,
                         text=True)
    total = time.perf_counter() - start
    lines = run.stdout.splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("notebook "))):]
    print("\n".join(table))
    print(f"\nwhole report: {total:.1f} s (exit status {run.returncode}); goal {GOAL_S:.0f} s; "
          f"ratio to goal {total / GOAL_S:.2f}")
    if run.returncode:
        print(run.stdout[-2000:], run.stderr[-2000:], sep="\n")
        raise SystemExit(run.returncode)


if __name__ == "__main__":
    main()
