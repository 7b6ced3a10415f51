"""Time read_acled on a synthetic 1,000,000-row ACLED export against plain pyarrow CSV reading.

Writes a deterministic ACLED-format CSV (seed 2015; realistic values and text lengths:
notes of about 200 characters, ACLED's 31 columns, 95 % of rows in Syria) to a temporary
folder (12,000 distinct places, as ACLED geocodes events to named locations), then, each in
a fresh Python process so that memory figures do not mix:

1. baseline: ``pandas.read_csv(path, engine="pyarrow")``;
2. ``read_acled(path)``: read, validate, filter to Syria, governorate by point in polygon,
   points, and write the Parquet cache (a first read);
3. ``read_acled(path)`` again: the cache hit (hash the file, read the Parquet copy).

Prints each time, the ratio to the baseline (goal: at most 3x), the peak memory of each
process (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the whole process's peak resident
set, interpreter and imports included, not only the Python heap; goal: under 2 GB) and the
cache's speed-up (goal: at least 5x).

Run: `.venv/bin/python benchmarks/bench_external.py [--rows N]` (or `make benchmarks`).
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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

SEED = 2015
SYLLABLES = (
    "ka",
    "fr",
    "tel",
    "deir",
    "ain",
    "ma",
    "rat",
    "nu",
    "man",
    "sha",
    "ra",
    "qa",
    "bu",
    "hal",
    "zor",
    "jis",
    "ri",
    "ha",
    "ma",
    "sal",
    "din",
    "kh",
    "ar",
    "bat",
    "ab",
    "yad",
    "um",
    "sa",
    "lam",
    "ta",
    "ib",
    "li",
)
PREFIXES = ("Kafr ", "Tell ", "Deir ", "Ain ", "Khirbet ", "Jabal ", "Beit ", "Al ", "", "", "")
#: (disorder_type, event_type, sub_event_type, share)
TYPES = (
    ("Political violence", "Battles", "Armed clash", 0.34),
    ("Political violence", "Battles", "Government regains territory", 0.02),
    ("Political violence", "Battles", "Non-state actor overtakes territory", 0.02),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.30),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", 0.14),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED", 0.04),
    ("Political violence", "Violence against civilians", "Attack", 0.06),
    ("Political violence", "Violence against civilians", "Abduction/forced disappearance", 0.01),
    ("Demonstrations", "Protests", "Peaceful protest", 0.04),
    ("Strategic developments", "Strategic developments", "Looting/property destruction", 0.02),
    ("Strategic developments", "Strategic developments", "Other", 0.01),
)
ACTORS = (
    "Military Forces of Syria (2000-)",
    "Islamic State (Syria)",
    "Hayat Tahrir al-Sham",
    "Al Nusra Front",
    "Jaish al-Fatah",
    "Ahrar al-Sham",
    "Free Syrian Army",
    "SDF: Syrian Democratic Forces",
    "YPG: People's Protection Units",
    "Military Forces of Russia (2000-)",
    "Military Forces of the United States (2009-2017)",
    "Unidentified Armed Group (Syria)",
    "Civilians (Syria)",
    "Protesters (Syria)",
    "NDF: National Defence Forces",
    "Hezbollah",
    "Jaish al-Islam",
    "Southern Front",
)
SOURCES = (
    "Syrian Observatory for Human Rights",
    "SOHR; Reuters",
    "Local Source",
    "Syrian Arab News Agency",
    "Smart News Agency",
    "Step News Agency; SOHR",
    "Violations Documentation Center",
    "Aleppo Media Center; Orient News",
)
SCALES = (
    "Other",
    "National",
    "Local partner-Other",
    "National-International",
    "Subnational",
    "Other-National",
    "International",
)
VERBS = (
    "clashed with",
    "shelled positions of",
    "carried out air strikes against",
    "attacked",
    "fired rockets at",
    "ambushed",
    "detained members of",
    "exchanged fire with",
)
TAILS = (
    "The attack damaged several houses and a school.",
    "Casualties were reported on both sides; exact figures are unknown.",
    "The area had seen heavy fighting in the previous weeks.",
    "Local sources reported that the clashes lasted several hours.",
    "No further details were reported by the source.",
    "A number of fighters were reportedly captured during the clashes.",
)
COUNTRIES = (
    ("Syria", 760, "SYR", 0.95, (32.4, 37.2, 35.8, 42.2)),
    ("Iraq", 368, "IRQ", 0.03, (31.0, 36.8, 41.0, 46.0)),
    ("Lebanon", 422, "LBN", 0.01, (33.2, 34.6, 35.2, 36.5)),
    ("Turkey", 792, "TUR", 0.01, (36.8, 37.6, 36.0, 42.0)),
)


def _names(rng, n: int, prefixes=PREFIXES) -> np.ndarray:
    words = ["".join(rng.choice(SYLLABLES, rng.integers(2, 4))).capitalize() for _ in range(n)]
    return np.array([rng.choice(prefixes) + w for w in words], dtype=object)


def _take(pool, idx) -> pa.Array:
    return pa.array(list(pool), pa.string()).take(pa.array(idx))


def _join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def generate(path: Path, rows: int, seed: int = SEED) -> None:
    """Write a synthetic ACLED export of ``rows`` rows (deterministic for a seed)."""
    from analysis.data.boundaries import governorate_at
    from analysis.events.readers import ACLED_COLUMNS

    rng = np.random.default_rng(seed)
    # Places: 12,000 named locations with admin names and fixed coordinates, as ACLED
    # geocodes events (its Syria data holds some 10-15 thousand distinct locations).
    n_places = 12_000
    country_idx = rng.choice(len(COUNTRIES), n_places, p=[c[3] for c in COUNTRIES])
    lat = np.empty(n_places)
    lon = np.empty(n_places)
    for k, (_, _, _, _, (la0, la1, lo0, lo1)) in enumerate(COUNTRIES):
        m = country_idx == k
        lat[m], lon[m] = rng.uniform(la0, la1, m.sum()), rng.uniform(lo0, lo1, m.sum())
    syria = country_idx == 0
    # Syrian places must lie in a governorate: draw again until they do.
    while True:
        gov = governorate_at(lon, lat)
        redo = syria & (gov == None)  # noqa: E711
        if not redo.any():
            break
        lat[redo], lon[redo] = rng.uniform(32.4, 37.2, redo.sum()), rng.uniform(35.8, 42.2, redo.sum())
    acled_names = {
        "Idlib": "Idleb",
        "Latakia": "Lattakia",
        "Raqqa": "Ar-Raqqa",
        "Daraa": "Dar'a",
        "Deir ez-Zor": "Deir-ez-Zor",
        "Hasakah": "Al Hasakeh",
        "As-Suwayda": "As-Sweida",
        "Rif Dimashq": "Rural Damascus",
        "Tartus": "Tartous",
    }
    admin1 = np.array([acled_names.get(g, g) if g else "" for g in gov], dtype=object)
    admin1[~syria] = _names(rng, (~syria).sum(), ("",))
    admin2, admin3, place = _names(rng, n_places), _names(rng, n_places), _names(rng, n_places)

    p = rng.integers(0, n_places, rows)
    c = country_idx[p]
    day = rng.integers(0, 1096, rows)
    dates = np.datetime64("2014-01-01") + day
    date_iso = pa.array(dates.astype(str))
    long_dates = np.array(
        [
            str(d)
            for d in np.datetime_as_string(
                np.arange(np.datetime64("2014-01-01"), np.datetime64("2017-01-01"))
            )
        ]
    )
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    long_text = [f"{int(d[8:]):d} {months[int(d[5:7]) - 1]} {d[:4]}" for d in long_dates]
    t = rng.choice(len(TYPES), rows, p=np.array([x[3] for x in TYPES]) / sum(x[3] for x in TYPES))
    a1, a2 = rng.integers(0, len(ACTORS), rows), rng.integers(0, len(ACTORS), rows)
    has_a2 = rng.random(rows) < 0.8
    fatalities = np.where(rng.random(rows) < 0.55, 0, rng.geometric(0.25, rows))
    ids = pc.binary_join_element_wise(
        _take([x[2] for x in COUNTRIES], c), pa.array((100000 + np.arange(rows)).astype(str)), ""
    )
    verbs = _take(VERBS, rng.integers(0, len(VERBS), rows))
    notes = _join(
        "On ",
        _take(long_text, day),
        ", ",
        _take(ACTORS, a1),
        " ",
        verbs,
        " ",
        _take(ACTORS, a2),
        " in ",
        _take(place, p),
        " (",
        _take(admin2, p),
        ", ",
        _take(admin1, p),
        "). ",
        _take(TAILS, rng.integers(0, len(TAILS), rows)),
        " ",
        pa.array(fatalities.astype(str)),
        " fatalities reported. [size=no report]",
    )
    inter1, inter2 = rng.integers(1, 9, rows), np.where(has_a2, rng.integers(1, 9, rows), 0)
    table = pa.table(
        {
            "event_id_cnty": ids,
            "event_date": date_iso,
            "year": pa.array(dates.astype("datetime64[Y]").astype(int) + 1970),
            "time_precision": pa.array(rng.choice([1, 2, 3], rows, p=[0.85, 0.12, 0.03])),
            "disorder_type": _take([x[0] for x in TYPES], t),
            "event_type": _take([x[1] for x in TYPES], t),
            "sub_event_type": _take([x[2] for x in TYPES], t),
            "actor1": _take(ACTORS, a1),
            "assoc_actor_1": pa.array(
                np.where(rng.random(rows) < 0.3, "Civilians (Syria); Ahrar al-Sham", None)
            ),
            "inter1": pa.array(inter1),
            "actor2": pa.array(np.where(has_a2, np.array(ACTORS, dtype=object)[a2], None)),
            "assoc_actor_2": pa.array(np.where(rng.random(rows) < 0.2, "NDF: National Defence Forces", None)),
            "inter2": pa.array(inter2),
            "interaction": pa.array(
                np.minimum(inter1, np.maximum(inter2, 1)) * 10 + np.maximum(inter1, inter2)
            ),
            "civilian_targeting": pa.array(np.where(rng.random(rows) < 0.1, "Civilian targeting", None)),
            "iso": pa.array(np.array([x[1] for x in COUNTRIES])[c]),
            "region": pa.array(np.full(rows, "Middle East")),
            "country": _take([x[0] for x in COUNTRIES], c),
            "admin1": _take(admin1, p),
            "admin2": _take(admin2, p),
            "admin3": _take(admin3, p),
            "location": _take(place, p),
            "latitude": pa.array(np.round(lat[p], 4)),
            "longitude": pa.array(np.round(lon[p], 4)),
            "geo_precision": pa.array(rng.choice([1, 2, 3], rows, p=[0.7, 0.25, 0.05])),
            "source": _take(SOURCES, rng.integers(0, len(SOURCES), rows)),
            "source_scale": _take(SCALES, rng.integers(0, len(SCALES), rows)),
            "notes": notes,
            "fatalities": pa.array(fatalities),
            "tags": pa.array(np.where(rng.random(rows) < 0.15, "crowd size=no report", None)),
            "timestamp": pa.array(1_600_000_000 + rng.integers(0, 90_000_000, rows)),
        }
    )
    assert tuple(table.column_names) == ACLED_COLUMNS
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def _step(step: str, path: str, cache_dir: str) -> dict:
    """Run one timed step in this (fresh) process; return seconds and peak memory."""
    import pandas as pd

    from analysis.events import readers as external

    if step == "baseline":
        t0 = time.perf_counter()
        frame = pd.read_csv(path, engine="pyarrow")
        seconds = time.perf_counter() - t0
        rows = len(frame)
    else:
        external.load_boundaries()  # the shipped GeoJSON, read once per session: not timed
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", external.RowsLeftOutWarning)
            t0 = time.perf_counter()
            frame = external.read_acled(path, cache_dir=cache_dir)
            seconds = time.perf_counter() - t0
        rows = len(frame)
        assert frame["governorate"].notna().all()
        assert frame.attrs["read_report"]["from_cache"] == (step == "cached")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"step": step, "seconds": seconds, "rows": rows, "peak_mb": peak_mb}


def _run(step: str, path: Path, cache_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, str(path), str(cache_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--step", nargs=3, metavar=("STEP", "PATH", "CACHE_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(*args.step)))
        return
    with tempfile.TemporaryDirectory(prefix="bench_external_") as tmp:
        path, cache_dir = Path(tmp) / "acled_synthetic.csv", Path(tmp) / "cache"
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(
            f"synthetic ACLED export: {args.rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB, "
            f"written in {time.perf_counter() - t0:.1f} s (seed {SEED})"
        )
        base = _run("baseline", path, cache_dir)
        first = _run("first", path, cache_dir)
        cached = _run("cached", path, cache_dir)
        cache_mb = sum(f.stat().st_size for f in cache_dir.glob("*.parquet")) / 1e6
    print(
        f"baseline pandas.read_csv(engine='pyarrow'):   {base['seconds']:6.2f} s   "
        f"peak RSS {base['peak_mb']:6.0f} MB   {base['rows']:,} rows"
    )
    print(
        f"read_acled + governorates (first read):       {first['seconds']:6.2f} s   "
        f"peak RSS {first['peak_mb']:6.0f} MB   {first['rows']:,} rows kept (Syria)"
    )
    print(
        f"read_acled again (Parquet cache, {cache_mb:,.0f} MB):      {cached['seconds']:6.2f} s   "
        f"peak RSS {cached['peak_mb']:6.0f} MB"
    )
    print(f"ratio first read / baseline: {first['seconds'] / base['seconds']:.2f}x   (goal: <= 3x)")
    print(
        f"peak memory of the first read: {first['peak_mb'] / 1024:.2f} GB   (goal: < 2 GB; "
        f"ru_maxrss = whole process)"
    )
    print(f"cache speed-up first / second read: {first['seconds'] / cached['seconds']:.1f}x   (goal: >= 5x)")


if __name__ == "__main__":
    main()
