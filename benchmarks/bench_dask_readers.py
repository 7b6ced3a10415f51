"""Time read_acled(engine="dask") on a 2-worker LocalCluster against the eager reader.

Writes 5,000,000 synthetic ACLED rows in 10 files of 500,000 (the generator of
``bench_external.py``, seeds 2015..2024) to a temporary folder, then, each in a fresh Python
process so that memory figures do not mix:

1. eager: ``read_acled(path)`` for each file, every frame kept (as a session that analyses
   them together would), then ``monthly_counts`` of each, summed;
2. dask: a ``distributed.LocalCluster`` of 2 worker processes (1 thread each) is started
   (not timed), then ``read_acled(paths, engine="dask")`` and ``monthly_counts`` of the
   lazy frame (timed), computed on the cluster.

Both write their Parquet cache to a fresh folder (the readers' default ``cache=True``).
Prints each wall time, the peak memory of the driver process (``ru_maxrss`` of the
process: interpreter and imports included; the Dask workers are other processes, their
own peaks printed beside), and the ratios (goal: driver under 1 GB while the eager path
needs several times that; Dask wall time at most 1.5x eager). No asserts: the figures
depend on the machine and on what else runs on it.

Run: `.venv/bin/python benchmarks/bench_dask_readers.py [--rows N] [--files K]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_external import SEED, generate

START, END = "2014-01-01", "2016-12-31"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _step(step: str, folder: str) -> dict:
    """Run one path in this (fresh) process; return seconds, peaks and a checksum."""
    from analysis.events import readers as external
    from analysis.events.comparison import monthly_counts

    files = sorted(Path(folder).glob("acled_*.csv"))
    cache_dir = Path(folder) / f"cache_{step}"
    external.load_boundaries()  # the shipped GeoJSON, read once per session: not timed
    warnings.simplefilter("ignore", external.RowsLeftOutWarning)
    out: dict = {"step": step}
    if step == "eager":
        t0 = time.perf_counter()
        frames = [external.read_acled(path, cache_dir=cache_dir) for path in files]
        counts = sum(monthly_counts(frame, START, END) for frame in frames)
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = sum(len(frame) for frame in frames)
    else:
        from distributed import Client, LocalCluster

        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        client.run(external.load_boundaries)
        out["startup_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        lazy = external.read_acled([str(f) for f in files], engine="dask", cache_dir=cache_dir, client=client)
        counts = monthly_counts(lazy, START, END)
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = int(external.read_summary(lazy)["rows_kept"].sum())
        out["partitions"] = lazy.npartitions
        out["worker_peak_mb"] = sorted(v / 1024 for v in client.run(_worker_peak_kib).values())
        client.close()
        cluster.close()
    out["counted"] = int(counts.to_numpy().sum())
    out["peak_mb"] = _peak_mb()
    return out


def _worker_peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _run(step: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, str(folder)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="rows in all files together")
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--step", nargs=2, metavar=("STEP", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(*args.step)))
        return
    with tempfile.TemporaryDirectory(prefix="bench_dask_") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        for k in range(args.files):
            generate(folder / f"acled_{k:02d}.csv", args.rows // args.files, seed=SEED + k)
        size = sum(f.stat().st_size for f in folder.glob("acled_*.csv")) / 1e6
        print(
            f"synthetic ACLED exports: {args.files} files, {args.rows:,} rows, {size:,.0f} MB, "
            f"written in {time.perf_counter() - t0:.0f} s (seeds {SEED}..{SEED + args.files - 1})",
            flush=True,
        )
        eager = _run("eager", folder)
        print(
            f"eager read_acled x{args.files} + monthly_counts:  {eager['seconds']:7.1f} s   "
            f"driver peak RSS {eager['peak_mb']:7.0f} MB   {eager['rows']:,} rows kept",
            flush=True,
        )
        dask = _run("dask", folder)
    workers = " + ".join(f"{mb:.0f}" for mb in dask["worker_peak_mb"])
    print(
        f"dask (2-worker LocalCluster) + monthly_counts: {dask['seconds']:7.1f} s   "
        f"driver peak RSS {dask['peak_mb']:7.0f} MB   {dask['rows']:,} rows kept, "
        f"{dask['partitions']} partitions; workers' peaks {workers} MB; "
        f"cluster start-up {dask['startup_seconds']:.1f} s (not timed)"
    )
    print(f"same counts: {eager['counted'] == dask['counted']} ({eager['counted']:,} events counted)")
    print(f"ratio wall time dask / eager: {dask['seconds'] / eager['seconds']:.2f}x   (goal: <= 1.5x)")
    print(
        f"ratio driver peak eager / dask: {eager['peak_mb'] / dask['peak_mb']:.1f}x   "
        f"(dask driver {dask['peak_mb'] / 1024:.2f} GB; goal: < 1 GB)"
    )


if __name__ == "__main__":
    main()
