"""The Parquet cache of checked export reads: where it lives and how a read is keyed.

A cached read is keyed by the SHA-256 of the file's bytes, the reader version, the
boundaries and the arguments, so a changed file or reader is never served stale.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from analysis.config import BOUNDARIES_DIR
from analysis.data.io import atomic_write_bytes, atomic_write_with, default_cache_dir

if TYPE_CHECKING:
    pass
from analysis.events.columns import (
    PARTITION_ROWS,
    READER_VERSION,
)

__all__ = ["default_cache_dir"]


def _scan(path: Path) -> tuple[str, int]:
    """SHA-256 of the file's bytes and its number of physical lines, in one pass."""
    digest = hashlib.sha256()
    newlines, last = 0, b""
    with open(path, "rb") as fh:
        while chunk := fh.read(16 << 20):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    return digest.hexdigest(), newlines + (1 if last not in (b"", b"\n") else 0)


def _digest(path: Path, cache_dir: Path | None) -> tuple[str, int]:
    """:func:`_scan`, remembered in the cache folder while the file's stat is unchanged.

    Hashing half a gigabyte takes longer than reading its cached Parquet copy, so the hash
    is kept next to the cache, keyed by path, size, modification time (ns) and inode, as
    ``make`` and the dataset loader decide that a file is unchanged.
    """
    if cache_dir is None:
        return _scan(path)
    index_path = cache_dir / "file_hashes.json"
    st = path.stat()
    stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    entry = index.get(str(path))
    if isinstance(entry, dict) and entry.get("stat") == stamp:
        return entry["sha256"], entry["lines"]
    digest, lines = _scan(path)
    index[str(path)] = {"stat": stamp, "sha256": digest, "lines": lines}
    index = dict(list(index.items())[-256:])  # a bounded memo, not an archive
    atomic_write_bytes(index_path, json.dumps(index, indent=0).encode("utf-8"))
    return digest, lines


@lru_cache(maxsize=1)
def _boundaries_digest() -> str:
    # New boundaries change the governorate column: part of the cache key.
    return hashlib.sha256((BOUNDARIES_DIR / "governorates.geojson").read_bytes()).hexdigest()


def _cache_path(cache_dir: Path, dataset: str, file_digest: str, options: dict) -> Path:
    key = json.dumps(
        {
            "file": file_digest,
            "reader": READER_VERSION,
            "dataset": dataset,
            "boundaries": _boundaries_digest(),
            **options,
        },
        sort_keys=True,
    )
    return cache_dir / f"{dataset}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.parquet"


def _write_cache(frame: gpd.GeoDataFrame, path: Path) -> None:
    # The points are not stored: decoding a million of them costs more than reading
    # everything else, and they are rebuilt from longitude and latitude one per place.
    plain = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    plain.attrs = dict(frame.attrs)  # the read report travels in the Parquet metadata
    # Atomic: a reader running at the same time sees the old file or the whole new one.
    atomic_write_with(
        path,
        lambda tmp: plain.to_parquet(tmp, compression="lz4", index=False, row_group_size=PARTITION_ROWS),
    )


# --------------------------------------------------------------------------- reading
