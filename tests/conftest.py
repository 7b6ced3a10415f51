"""Shared fixtures: a writable copy of the shipped data and helpers to break it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from analysis.config import DATA_DIR
from analysis.events import readers as event_readers


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Tests never write a cache into the home folder or the project."""
    import os

    saved = os.environ.get("SYRIA_ATLAS_CACHE")
    os.environ["SYRIA_ATLAS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("SYRIA_ATLAS_CACHE", None)
    else:
        os.environ["SYRIA_ATLAS_CACHE"] = saved


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped tables (not the boundaries) in a temporary folder."""
    out = tmp_path / "data"
    out.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, out / path.name)
    return out


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell; ``line`` counts as an editor does (header = 1)."""
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def append_row(path: Path, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); return its editor line number."""
    rows = read_rows(path)
    rows.append([values.get(c, "") for c in rows[0]])
    write_rows(path, rows)
    return len(rows)


def copy_row(path: Path, line: int, **changes: str) -> int:
    """Append a copy of the row at ``line`` with some cells changed."""
    rows = read_rows(path)
    row = dict(zip(rows[0], rows[line - 1]))
    row.update(changes)
    return append_row(path, row)


# ACLED / UCDP GED sample copies that a test may break (tests/event_samples.py reads them).
@pytest.fixture
def acled_copy(tmp_path: Path) -> Path:
    path = tmp_path / "acled.csv"
    path.write_bytes(event_readers.SAMPLE_ACLED.read_bytes())
    return path


@pytest.fixture
def ucdp_copy(tmp_path: Path) -> Path:
    path = tmp_path / "ged.csv"
    path.write_bytes(event_readers.SAMPLE_UCDP_GED.read_bytes())
    return path


def apply_confidence_rule(data_dir: Path) -> None:
    """Set every row's confidence by the codebook's rule (after a test regrades sources)."""
    from analysis.data.rules import expected_confidence

    sources = read_rows(data_dir / "sources.csv")
    grade = {r[0]: r[sources[0].index("reliability")] for r in sources[1:]}
    for table in ("control", "events", "deployments", "statements"):
        rows = read_rows(data_dir / f"{table}.csv")
        head = rows[0]
        for row in rows[1:]:
            corroborated = "corroborated_by" in head and bool(row[head.index("corroborated_by")].strip())
            rule = expected_confidence(grade.get(row[head.index("source_id")]), corroborated)
            if rule:
                row[head.index("confidence")] = rule
        write_rows(data_dir / f"{table}.csv", rows)
