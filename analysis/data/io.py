"""Atomic file writes (a crash never leaves a half-written file behind) and the cache folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_with", "default_cache_dir"]


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename.

    Parameters
    ----------
    path : str or Path
    data : bytes

    Returns
    -------
    Path
        The written path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write_bytes(p, b"hi").read_bytes()
    b'hi'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_with(path: str | Path, write) -> Path:
    """Let ``write(tmp_path)`` write a temporary file beside ``path``, then rename it.

    For writers that want a file name rather than bytes (``DataFrame.to_parquet``): a
    reader running at the same time sees the old file or the whole new one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write_with(p, lambda tmp: pathlib.Path(tmp).write_text("hi")).read_text()
    'hi'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def default_cache_dir() -> Path:
    """Folder of the caches (export reads, gazetteer): ``$SYRIA_ATLAS_CACHE``, else ``reports/cache``.

    The cache lives under the project's git-ignored ``reports/`` folder (or a folder the
    user names): never in the home folder unasked, and never inside ``data/``, whose
    files are the versioned raw data. ``cache_dir=`` on the readers overrides both.

    Examples
    --------
    >>> import os
    >>> from analysis.config import CACHE_DIR
    >>> named = os.environ.get("SYRIA_ATLAS_CACHE")
    >>> default_cache_dir() == (Path(named) if named else CACHE_DIR)
    True
    """
    from analysis.config import CACHE_DIR

    named = os.environ.get("SYRIA_ATLAS_CACHE")
    return Path(named) if named else CACHE_DIR
