"""Re-run the whole analysis: validate the data, then execute every notebook in order.

``python -m analysis report`` (and ``make report``) calls :func:`run_report`. Executed
copies and HTML renderings go to ``reports/`` (git-ignored); source notebooks are never
modified.
"""

from __future__ import annotations

import ast
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .config import DATA_DIR, FIGURES_DIR, NOTEBOOKS_DIR, REPORTS_DIR
from .errors import format_problems
from .io import atomic_write_bytes
from .validation import validate_tables

__all__ = ["NotebookResult", "parse_params", "notebook_parameters", "inject_parameters",
           "execute_notebook", "run_report"]


@dataclass
class NotebookResult:
    """Outcome of executing one notebook."""

    notebook: str
    seconds: float
    status: str
    error: str = ""
    figures: int = 0


def parse_params(pairs: list[str]) -> dict[str, object]:
    """Turn ``["as_of=2015-10-31", "n=3"]`` into ``{"as_of": "2015-10-31", "n": 3}``.

    Values that read as Python literals (numbers, True, None, quoted strings) keep their
    type; anything else is a string.

    Examples
    --------
    >>> parse_params(["as_of=2015-10-31", "n=3"])
    {'as_of': '2015-10-31', 'n': 3}
    """
    params: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise ValueError(f"--param {pair!r}: expected NAME=VALUE with NAME a Python identifier")
        try:
            params[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            params[name] = value
    return params


def _parameters_cell(nb) -> int | None:
    return next((i for i, c in enumerate(nb.cells)
                 if "parameters" in c.get("metadata", {}).get("tags", [])), None)


def notebook_parameters(nb) -> set[str]:
    """Names assigned in the notebook's cell tagged ``parameters`` (empty if none).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("as_of = '2015-09-30'", metadata={"tags": ["parameters"]})]
    >>> notebook_parameters(nb)
    {'as_of'}
    """
    index = _parameters_cell(nb)
    if index is None:
        return set()
    return {t.id for node in ast.walk(ast.parse(nb.cells[index].source))
            if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}


def inject_parameters(nb, params: dict[str, object]) -> None:
    """Insert a cell tagged ``injected-parameters`` after the ``parameters`` cell.

    Raises
    ------
    ValueError
        If a parameter is not defined in the notebook's ``parameters`` cell (or the
        notebook has none).
    """
    import nbformat

    if not params:
        return
    defined = notebook_parameters(nb)
    unknown = sorted(set(params) - defined)
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; the parameters cell "
                         f"defines: {', '.join(sorted(defined)) or 'nothing'}")
    source = "# Parameters injected by `python -m analysis report`\n" + "\n".join(
        f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(_parameters_cell(nb) + 1, cell)


def execute_notebook(path: Path, out_dir: Path, params: dict[str, object] | None = None,
                     timeout: int = 600) -> NotebookResult:
    """Execute one notebook in a fresh kernel and write the executed copy and its HTML.

    Parameters
    ----------
    path : Path
        Source notebook (left untouched).
    out_dir : Path
        Where ``NAME.ipynb`` and ``NAME.html`` are written.
    params : dict, optional
        Values overriding the notebook's ``parameters`` cell.
    timeout : int
        Seconds allowed per cell.

    Returns
    -------
    NotebookResult
        ``status`` is ``ok`` or ``failed``; a failure names the cell number and error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    status, error = "ok", ""
    try:
        # Each notebook gets the parameters its own cell defines.
        defined = notebook_parameters(nb)
        inject_parameters(nb, {k: v for k, v in (params or {}).items() if k in defined})
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        # A caller's MPLBACKEND (Agg in tests) would stop the kernel's inline backend
        # from putting figures into the notebook.
        saved = os.environ.pop("MPLBACKEND", None)
        try:
            client.execute()
        finally:
            if saved is not None:
                os.environ["MPLBACKEND"] = saved
    except CellExecutionError as exc:
        status = "failed"
        cell = next((i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code"
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        error = f"cell {cell}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # a kernel that died, a bad parameter: still report, keep going
        status, error = "failed", f"{type(exc).__name__}: {exc}"
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out_dir / path.name, nbformat.writes(nb).encode("utf-8"))
    html, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write_bytes(out_dir / f"{path.stem}.html", html.encode("utf-8"))
    return NotebookResult(path.name, time.perf_counter() - start, status, error)


def _summary(results: list[NotebookResult]) -> str:
    lines = [f"{'notebook':34} {'seconds':>8} {'figures':>8}  status"]
    for r in results:
        lines.append(f"{r.notebook:34} {r.seconds:8.1f} {r.figures:8d}  {r.status}"
                     + (f"  ({r.error})" if r.error else ""))
    return "\n".join(lines)


def _figure_stamps(figures_dir: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in Path(figures_dir).glob("*.json")}


def check_figures(data_dir: str | Path | None = None, figures_dir: Path = FIGURES_DIR,
                  out=None) -> int:
    """``--check``: exit status 1 when a committed figure is stale against the data."""
    from .figures import stale_figures

    out = out or sys.stdout
    stale = stale_figures(data_dir, figures_dir)
    if stale:
        print(f"{len(stale)} figure(s) are stale against the current data (re-run `make report`): "
              + ", ".join(stale), file=out)
        return 1
    print(f"All figures in {figures_dir} are current.", file=out)
    return 0


def run_report(data_dir: str | Path | None = None, params: list[str] | None = None,
               notebooks_dir: Path = NOTEBOOKS_DIR, reports_dir: Path = REPORTS_DIR,
               figures_dir: Path = FIGURES_DIR, out=None) -> int:
    """Validate the data, then execute every notebook in ``notebooks/`` in name order.

    Parameters
    ----------
    data_dir : str or Path, optional
        Data folder passed to the notebooks as ``data_dir`` (default: shipped ``data/``).
    params : list of str, optional
        ``NAME=VALUE`` parameters for every notebook.
    notebooks_dir, reports_dir : Path
        Where notebooks are read and executed copies written.
    figures_dir : Path
        Passed to notebooks that define a ``figures_dir`` parameter, so that their
        figures are exported there; the figure index is regenerated at the end.
    out : file-like

    Returns
    -------
    int
        0 when the data is valid and every notebook ran; 1 otherwise.
    """
    out = out or sys.stdout
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    _, problems, _ = validate_tables(root)
    if problems:
        print(f"Data has {len(problems)} problem(s); no notebook was run.\n"
              f"{format_problems(problems)}", file=out)
        return 1
    values = parse_params(params or [])
    if data_dir is not None:
        values.setdefault("data_dir", str(Path(data_dir).resolve()))
    values.setdefault("figures_dir", str(Path(figures_dir).resolve()))
    notebooks = sorted(Path(notebooks_dir).glob("[0-9]*.ipynb"))
    if not notebooks:
        print(f"Data valid; no notebooks in {notebooks_dir} yet.", file=out)
        return 0
    import nbformat

    defined = set().union(*(notebook_parameters(nbformat.read(p, as_version=4)) for p in notebooks))
    unknown = sorted(set(values) - defined - {"figures_dir", "data_dir"})
    if unknown:
        print(f"Unknown parameter(s) {', '.join(unknown)}; the notebooks define: "
              f"{', '.join(sorted(defined)) or 'none'}", file=out)
        return 1
    from .figures import write_figure_index

    results = []
    for i, path in enumerate(notebooks, 1):
        bar = "#" * i + "." * (len(notebooks) - i)
        print(f"[{bar}] {i}/{len(notebooks)} {path.name} ...", file=out, flush=True)
        before = _figure_stamps(figures_dir)
        result = execute_notebook(path, Path(reports_dir), values)
        after = _figure_stamps(figures_dir)
        written = sorted(name for name, stamp in after.items() if before.get(name) != stamp)
        result.figures = len(written)
        for name in written:
            print(f"      figure {name} (.png .svg .pdf)", file=out, flush=True)
        print(f"[{bar}] {i}/{len(notebooks)} {path.name} {result.status} in {result.seconds:.1f} s, "
              f"{result.figures} figure(s)" + (f": {result.error}" if result.error else ""),
              file=out, flush=True)
        results.append(result)
    if any(r.figures for r in results):
        write_figure_index(figures_dir)
    print("\n" + _summary(results), file=out)
    return 0 if all(r.status == "ok" for r in results) else 1
