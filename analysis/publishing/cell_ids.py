"""Cell ids of the committed notebooks: every cell has one, unique and stable.

nbformat 4.5 requires an ``id`` on every cell; a notebook without them makes nbformat
warn (``MissingIDFieldWarning``) each time it is read, in ``make report``, in the tests and
in JupyterLab. ``python -m analysis notebooks`` lists the cells that lack an id (exit 1, for
the pre-commit hook and the test suite) and ``--normalise`` writes them: ``cell-NN`` after the
cell's position, so that the same notebook always gets the same ids and git diffs stay small.
The notebooks are read as JSON here, not through :func:`nbformat.read`, so that checking
them does not raise the very warning it is there to prevent.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.config import NOTEBOOKS_DIR
from analysis.data.io import atomic_write_bytes

__all__ = ["CellIdProblem", "assign_cell_ids", "cell_id_problems", "check_notebooks", "notebook_paths"]

#: What nbformat accepts as a cell id.
ID_PATTERN = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")


@dataclass(frozen=True)
class CellIdProblem:
    """A cell whose id is missing, malformed or already used by an earlier cell."""

    path: Path
    #: Position of the cell in the notebook, from 1 as JupyterLab counts.
    cell: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: cell {self.cell}: {self.reason}"


def _needs_id(notebook: dict[str, Any]) -> bool:
    return (notebook.get("nbformat", 4), notebook.get("nbformat_minor", 0)) >= (4, 5)


def cell_id_problems(notebook: dict[str, Any], path: Path = Path("notebook.ipynb")) -> list[CellIdProblem]:
    """The cells of a notebook (as a JSON dict) whose id is missing, malformed or repeated.

    Examples
    --------
    >>> nb = {"nbformat": 4, "nbformat_minor": 5, "cells": [{"id": "a"}, {}, {"id": "a"}]}
    >>> [str(p) for p in cell_id_problems(nb)]
    ['notebook.ipynb: cell 2: no id', "notebook.ipynb: cell 3: id 'a' is used by an earlier cell"]
    """
    if not _needs_id(notebook):
        return []
    problems, seen = [], set()
    for i, cell in enumerate(notebook.get("cells", []), 1):
        cell_id = cell.get("id")
        if cell_id is None:
            problems.append(CellIdProblem(path, i, "no id"))
        elif not isinstance(cell_id, str) or not ID_PATTERN.fullmatch(cell_id):
            problems.append(CellIdProblem(path, i, f"id {cell_id!r} is not 1-64 letters, digits, - or _"))
        elif cell_id in seen:
            problems.append(CellIdProblem(path, i, f"id {cell_id!r} is used by an earlier cell"))
        else:
            seen.add(cell_id)
    return problems


def assign_cell_ids(notebook: dict[str, Any]) -> int:
    """Give every cell that lacks a valid, unique id one: ``cell-NN`` after its position.

    Cells that have a good id keep it. When ``cell-NN`` is taken, ``cell-NN-2``, ``cell-NN-3``
    ... are tried, so the result depends only on the notebook: ids never change between runs.
    Upgrades a notebook older than nbformat 4.5 to 4.5 (the first minor version with ids).

    Returns
    -------
    int
        How many cells got a new id.

    Examples
    --------
    >>> nb = {"nbformat": 4, "nbformat_minor": 5, "cells": [{"id": "cell-01"}, {}, {"id": "x y"}]}
    >>> assign_cell_ids(nb), [c["id"] for c in nb["cells"]]
    (2, ['cell-01', 'cell-01-2', 'cell-02'])
    """
    if not _needs_id(notebook):
        notebook["nbformat"], notebook["nbformat_minor"] = 4, 5
    cells = notebook.get("cells", [])
    bad = {p.cell - 1 for p in cell_id_problems(notebook)}
    taken = {c["id"] for i, c in enumerate(cells) if i not in bad}
    for i in sorted(bad):
        base = f"cell-{i:02d}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        cells[i]["id"] = candidate
        taken.add(candidate)
    return len(bad)


def notebook_paths(paths: list[str | Path] | None = None) -> list[Path]:
    """The notebooks to check: ``paths`` (files or folders), or the numbered notebooks."""
    if not paths:
        return sorted(NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))
    found: list[Path] = []
    for p in map(Path, paths):
        found.extend(sorted(p.glob("*.ipynb")) if p.is_dir() else [p])
    return found


def _serialise(notebook: dict[str, Any]) -> bytes:
    """The notebook as nbformat writes it (one-space indent, sorted keys), validated."""
    import nbformat

    node = nbformat.from_dict(notebook)
    nbformat.validate(node)
    return nbformat.writes(node).encode("utf-8") + b"\n"


def check_notebooks(paths: list[str | Path] | None = None, normalise: bool = False, out=None) -> int:
    """List the cells without a valid id in ``paths``; with ``normalise``, write the ids.

    Parameters
    ----------
    paths : list of str or Path, optional
        Notebooks or folders of notebooks (default: the numbered notebooks in ``notebooks/``).
    normalise : bool
        Write ids into the notebooks (atomically) instead of failing.
    out : file-like
        Where to print (default stdout).

    Returns
    -------
    int
        0 when every cell has an id (or was given one), 1 otherwise: the exit status a
        pre-commit hook needs.
    """
    out = out or sys.stdout
    status = 0
    for path in notebook_paths(paths):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        problems = cell_id_problems(notebook, path)
        if not problems:
            continue
        if normalise:
            count = assign_cell_ids(notebook)
            atomic_write_bytes(path, _serialise(notebook))
            print(f"{path}: {count} cell id(s) written", file=out)
            continue
        status = 1
        for problem in problems:
            print(problem, file=out)
    if status:
        print(
            "Give the cells ids with `python -m analysis notebooks --normalise` "
            "(deterministic: cell-NN after the position).",
            file=out,
        )
    return status
