"""Re-run the whole analysis: validate the data, then execute every notebook in order.

``python -m analysis report`` (and ``make report``) calls :func:`run_report`. Executed
copies and HTML renderings go to ``reports/`` (git-ignored); source notebooks are never
modified.
"""

from __future__ import annotations

import ast
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.config import DATA_DIR, FIGURES_DIR, NOTEBOOKS_DIR, REPORTS_DIR
from analysis.data.errors import format_problems
from analysis.data.io import atomic_write_bytes
from analysis.data.validation import validate_tables

__all__ = [
    "NotebookResult",
    "parse_params",
    "notebook_parameters",
    "inject_parameters",
    "execute_notebook",
    "run_name",
    "run_folders",
    "run_report",
    "check_figures",
    "RUN_ENV",
]

#: Environment variable through which a report run tells :func:`analysis.publishing.figures.export`
#: (in the notebook kernels) its parameters and data folder, for the figures' sidecars.
RUN_ENV = "SYRIA_ATLAS_RUN"


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
    return next(
        (i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None
    )


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
    return {
        t.id
        for node in ast.walk(ast.parse(nb.cells[index].source))
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }


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
        raise ValueError(
            f"unknown parameter(s) {', '.join(unknown)}; the parameters cell "
            f"defines: {', '.join(sorted(defined)) or 'nothing'}"
        )
    source = "# Parameters injected by `python -m analysis report`\n" + "\n".join(
        f"{k} = {v!r}" for k, v in params.items()
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(int(_parameters_cell(nb) or 0) + 1, cell)


def execute_notebook(
    path: Path, out_dir: Path, params: dict[str, object] | None = None, timeout: int = 600
) -> NotebookResult:
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
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
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
        cell = next(
            (
                i
                for i, c in enumerate(nb.cells, 1)
                if c.cell_type == "code"
                and any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            "?",
        )
        error = f"cell {cell}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # a kernel that died, a bad parameter: still report, keep going
        status, error = "failed", f"{type(exc).__name__}: {exc}"
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out_dir / path.name, nbformat.writes(nb).encode("utf-8"))
    html, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write_bytes(out_dir / f"{path.stem}.html", html.encode("utf-8"))
    return NotebookResult(path.name, time.perf_counter() - start, status, error)


def run_name(params: dict[str, object], data_dir: str | Path | None = None) -> str:
    """Folder name of a parameterised run: its parameters (and data folder), readable.

    Examples
    --------
    >>> run_name({"as_of": "2015-10-31"})
    'as_of-2015-10-31'
    >>> run_name({}, "/tmp/my copy")[:10]
    'data-my_co'
    """
    import hashlib
    import re

    def clean(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:40]

    parts = [f"{clean(k)}-{clean(str(v))}" for k, v in sorted(params.items())]
    if data_dir is not None:
        path = Path(data_dir).resolve()
        digest = hashlib.sha256(str(path).encode()).hexdigest()[:8]
        parts.append(f"data-{clean(path.name)}-{digest}")
    return "__".join(parts) or "default"


def run_folders(
    params: dict[str, object],
    data_dir: str | Path | None,
    reports_dir: Path = REPORTS_DIR,
    figures_dir: Path = FIGURES_DIR,
) -> tuple[Path, Path]:
    """Where a run writes its executed notebooks and its figures.

    The default run (no parameters, the shipped data) writes notebooks to ``reports/`` and
    figures to ``figures/``; any other run writes both under ``reports/RUN_NAME/``, so it
    can never overwrite the committed figures.

    Examples
    --------
    >>> nb_dir, fig_dir = run_folders({"as_of": "2015-10-31"}, None, Path("reports"), Path("figures"))
    >>> str(fig_dir)
    'reports/as_of-2015-10-31/figures'
    """
    if not params and data_dir is None:
        return Path(reports_dir), Path(figures_dir)
    folder = Path(reports_dir) / run_name(params, data_dir)
    return folder, folder / "figures"


def _split_data_dir(params: dict[str, object], data_dir: str | Path | None) -> str | Path | None:
    """``--param data_dir=PATH`` and ``--data-dir PATH`` are one setting."""
    raw = params.pop("data_dir", None)
    given = None if raw is None else str(raw)
    if given is not None and data_dir is not None and Path(given).resolve() != Path(data_dir).resolve():
        raise ValueError(f"--param data_dir={given} and --data-dir {data_dir} disagree; give one")
    return data_dir if data_dir is not None else given


def _summary(results: list[NotebookResult]) -> str:
    lines = [f"{'notebook':34} {'seconds':>8} {'figures':>8}  status"]
    for r in results:
        lines.append(
            f"{r.notebook:34} {r.seconds:8.1f} {r.figures:8d}  {r.status}"
            + (f"  ({r.error})" if r.error else "")
        )
    return "\n".join(lines)


def _figure_notebook(figures_dir: Path, name: str) -> str | None:
    import json

    try:
        return json.loads((Path(figures_dir) / f"{name}.json").read_text(encoding="utf-8")).get("notebook")
    except (OSError, ValueError):
        return None


def _figure_stamps(figures_dir: Path) -> dict[str, int]:
    if not Path(figures_dir).is_dir():
        return {}
    return {p.stem: p.stat().st_mtime_ns for p in Path(figures_dir).glob("*.json")}


def check_figures(
    data_dir: str | Path | None = None,
    figures_dir: Path | None = None,
    params: list[str] | None = None,
    reports_dir: Path = REPORTS_DIR,
    out=None,
) -> int:
    """``--check``: exit status 1 when a figure is stale.

    A figure is stale when its sidecar's data hash, boundaries hash, package version or
    parameters differ from the run being checked: the default run's ``figures/``, or the
    folder under ``reports/`` of a run with ``params`` / ``data_dir``.
    """
    from analysis.publishing.figures import stale_figures

    out = out or sys.stdout
    values = parse_params(params or [])
    data_dir = _split_data_dir(values, data_dir)
    if figures_dir is None:
        _, figures_dir = run_folders(values, data_dir, reports_dir)
    stale = stale_figures(data_dir, figures_dir, parameters=values)
    if stale:
        print(
            f"{len(stale)} figure(s) in {figures_dir} are stale against the current data, "
            "boundaries, package version or parameters (re-run the report): " + ", ".join(stale),
            file=out,
        )
        return 1
    print(f"All figures in {figures_dir} are current.", file=out)
    return 0


def run_report(
    data_dir: str | Path | None = None,
    params: list[str] | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    reports_dir: Path = REPORTS_DIR,
    figures_dir: Path = FIGURES_DIR,
    out=None,
    jobs: int = 2,
    animation: bool = True,
) -> int:
    """Validate the data, then execute every notebook in ``notebooks/``, ``jobs`` at a time.

    Parameters
    ----------
    data_dir : str or Path, optional
        Data folder passed to the notebooks as ``data_dir`` (default: shipped ``data/``);
        ``params=["data_dir=PATH"]`` is the same setting. It is validated before any
        notebook runs.
    params : list of str, optional
        ``NAME=VALUE`` parameters for every notebook.
    notebooks_dir, reports_dir : Path
        Where notebooks are read and executed copies written.
    figures_dir : Path
        Where the default run exports figures. A run with parameters or another data
        folder writes its notebooks and figures to ``reports_dir/RUN_NAME/`` instead
        (:func:`run_folders`), never to ``figures_dir``.
    out : file-like
    jobs : int
        Notebooks executed side by side, each in its own kernel (default 2, one per core
        of the machine the goal was measured on); 1 runs them one after the other. The
        summary lists them in name order either way.
    animation : bool
        Also write the animated control map (:mod:`analysis.publishing.animation`) and its PNG
        frames beside the figures, as one more job of the same pool.

    Returns
    -------
    int
        0 when the data is valid and every notebook ran; 1 otherwise.
    """
    import json

    out = out or sys.stdout
    try:
        values = parse_params(params or [])
        data_dir = _split_data_dir(values, data_dir)
    except ValueError as exc:
        print(str(exc), file=out)
        return 1
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    if not root.is_dir():
        print(
            f"data_dir={str(data_dir)!r} is not a folder; expected a folder with one CSV per table "
            "(a copy of data/)",
            file=out,
        )
        return 1
    _, problems, _ = validate_tables(root)
    if problems:
        print(
            f"Data has {len(problems)} problem(s); no notebook was run.\n{format_problems(problems)}",
            file=out,
        )
        return 1
    notebooks = sorted(Path(notebooks_dir).glob("[0-9]*.ipynb"))
    if not notebooks:
        print(f"Data valid; no notebooks in {notebooks_dir} yet.", file=out)
        return 0
    import nbformat

    defined = set().union(*(notebook_parameters(nbformat.read(p, as_version=4)) for p in notebooks))
    unknown = sorted(set(values) - defined - {"figures_dir"})
    if unknown:
        print(
            f"Unknown parameter(s) {', '.join(unknown)}; the notebooks define: "
            f"{', '.join(sorted(defined)) or 'none'}",
            file=out,
        )
        return 1
    notebooks_out, figures_out = run_folders(values, data_dir, reports_dir, figures_dir)
    if figures_out != Path(figures_dir):
        print(
            f"A run with parameters or another data folder writes to {notebooks_out}/ "
            f"(figures in {figures_out}/), not to {figures_dir}/.",
            file=out,
        )
    kernel_values = dict(values, figures_dir=str(Path(figures_out).resolve()))
    if data_dir is not None:
        kernel_values["data_dir"] = str(Path(data_dir).resolve())
    from analysis.publishing.figures import write_figure_index

    saved_env = os.environ.get(RUN_ENV)
    os.environ[RUN_ENV] = json.dumps({"parameters": values, "data_dir": kernel_values.get("data_dir")})
    from concurrent.futures import ThreadPoolExecutor

    done: list[str] = []
    lock = threading.Lock()

    def run_one(path: Path) -> NotebookResult:
        with lock:
            print(f"[{len(done)}/{len(notebooks)} done] {path.name} started", file=out, flush=True)
        before = _figure_stamps(figures_out)
        result = execute_notebook(path, Path(notebooks_out), kernel_values)
        # Notebooks run side by side: a figure is this notebook's when its sidecar says so.
        written = sorted(
            name
            for name, stamp in _figure_stamps(figures_out).items()
            if before.get(name) != stamp and _figure_notebook(figures_out, name) == path.name
        )
        result.figures = len(written)
        with lock:
            done.append(path.name)
            for name in written:
                print(f"      figure {name} (.png .svg .pdf)", file=out, flush=True)
            print(
                f"[{len(done)}/{len(notebooks)} done] {path.name} {result.status} in {result.seconds:.1f} s, "
                f"{result.figures} figure(s)" + (f": {result.error}" if result.error else ""),
                file=out,
                flush=True,
            )
        return result

    def animate() -> str:
        from analysis.data.load import load_dataset
        from analysis.publishing.animation import export_control_animation

        try:
            dataset = load_dataset(data_dir) if data_dir is not None else None
            done_ = export_control_animation(
                Path(figures_out) / "control_animation.webp",
                frames_dir=Path(figures_out) / "control_animation_frames",
                dataset=dataset,
            )
        except Exception as exc:  # reported in the summary, like a failing notebook
            return f"failed: {type(exc).__name__}: {exc}"
        with lock:
            print(
                f"      animation {done_.path.name}: {done_.frames} frames "
                f"({done_.frames_per_second:.0f} frames/s drawn)",
                file=out,
                flush=True,
            )
        return "ok"

    try:
        # The notebooks are independent: each runs in its own kernel, ``jobs`` at a time;
        # the animated map is one more job, drawn in this process.
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(run_one, path) for path in notebooks]
            animation_status = pool.submit(animate) if animation else None
            results = [f.result() for f in futures]
            animated = animation_status.result() if animation_status is not None else "not drawn"
    finally:
        if saved_env is None:
            os.environ.pop(RUN_ENV, None)
        else:
            os.environ[RUN_ENV] = saved_env
    if any(r.figures for r in results):
        write_figure_index(figures_out)
    print("\n" + _summary(results), file=out)
    if animation:
        print(f"animated control map: {animated}", file=out)
    ok = all(r.status == "ok" for r in results) and animated in ("ok", "not drawn")
    return 0 if ok else 1
