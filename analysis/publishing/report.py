"""Re-run the whole analysis: validate the data, then execute every notebook in order.

``python -m analysis report`` (and ``make report``) calls :func:`run_report`. Executed
copies and HTML renderings go to ``reports/`` (git-ignored); source notebooks are never
modified. Each notebook runs in a kernel of its own (:mod:`analysis.publishing.execution`);
the figures are staged and published only when the run has finished, so Ctrl-C (exit
status 130) stops the kernels and leaves every figure as it was.
"""

from __future__ import annotations

import ast
import errno
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from analysis.config import DATA_DIR, FIGURES_DIR, NOTEBOOKS_DIR, REPORTS_DIR
from analysis.data.errors import format_problems
from analysis.data.io import atomic_write_bytes
from analysis.data.validation import validate_tables
from analysis.publishing.execution import (
    NotebookResult,
    execute_notebook,
    inject_parameters,
    notebook_parameters,
)

__all__ = [
    "NotebookResult",
    "parse_params",
    "notebook_parameters",
    "inject_parameters",
    "execute_notebook",
    "run_name",
    "run_folders",
    "run_report",
    "longest_first",
    "check_figures",
    "RUN_ENV",
]

#: Environment variable through which a report run tells :func:`analysis.publishing.figures.export`
#: (in the notebook kernels) its parameters and data folder, for the figures' sidecars.
RUN_ENV = "SYRIA_ATLAS_RUN"


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
        0 when the data is valid and every notebook ran; 1 otherwise; 130 when Ctrl-C
        stopped the run.

    Notes
    -----
    The figures are written to a staging folder under ``reports_dir`` and moved into their
    folder (one atomic rename per file) only when every notebook and the animation have
    finished, failed ones included. Ctrl-C (SIGINT) kills the running kernels within a
    second, starts nothing more, discards the staging folder, so that every figure is left
    as it was, prints which notebooks were running, had finished or were not started, and
    returns 130. A second Ctrl-C stops waiting for the kernels.
    """
    out = out or sys.stdout
    cancel = threading.Event()
    previous = _on_sigint(cancel)
    try:
        return _run_report(
            cancel,
            data_dir,
            params,
            Path(notebooks_dir),
            Path(reports_dir),
            Path(figures_dir),
            out,
            jobs,
            animation,
        )
    except KeyboardInterrupt:  # Ctrl-C where no handler could be installed, or a second one
        print("\nInterrupted by Ctrl-C: no figure was published. Exit status 130.", file=out, flush=True)
        return INTERRUPTED
    finally:
        _restore_sigint(previous)


def longest_first(notebooks: list[Path]) -> list[Path]:
    """The notebooks in the order the report starts them: most exported figures first.

    Exporting figures (three formats and a layout check each) is most of a notebook's run
    time, so the figure count stands in for it; starting the longest notebook first keeps
    it from finishing alone while the other worker idles. Ties keep file-name order.

    Examples
    --------
    >>> from analysis.config import PROJECT_ROOT
    >>> [p.name for p in longest_first(sorted((PROJECT_ROOT / "notebooks").glob("0*.ipynb")))][0]
    '02_territorial_control.ipynb'
    """
    import nbformat

    def exports(path: Path) -> int:
        nb = nbformat.read(path, as_version=4)
        return sum(c.source.count("export(") for c in nb.cells if c.cell_type == "code")

    return sorted(notebooks, key=lambda p: -exports(p))


def _run_report(
    cancel: threading.Event,
    data_dir: str | Path | None,
    params: list[str] | None,
    notebooks_dir: Path,
    reports_dir: Path,
    figures_dir: Path,
    out,
    jobs: int,
    animation: bool,
) -> int:
    import json

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
    if cancel.is_set():
        print("Interrupted by Ctrl-C before any notebook started: nothing was written.", file=out, flush=True)
        return INTERRUPTED
    notebooks_out, figures_out = run_folders(values, data_dir, reports_dir, figures_dir)
    if figures_out != Path(figures_dir):
        print(
            f"A run with parameters or another data folder writes to {notebooks_out}/ "
            f"(figures in {figures_out}/), not to {figures_dir}/.",
            file=out,
        )
    # The run writes its figures to a staging folder under reports/ and moves them into place
    # only when it has finished: an interrupted run leaves every earlier figure as it was.
    staging = Path(reports_dir) / ".partial" / f"{run_name(values, data_dir)}-{os.getpid()}"
    figures_stage = staging / "figures"
    figures_stage.mkdir(parents=True, exist_ok=True)
    kernel_values = dict(values, figures_dir=str(figures_stage.resolve()))
    if data_dir is not None:
        kernel_values["data_dir"] = str(Path(data_dir).resolve())
    from analysis.publishing.figures import write_figure_index

    saved_env = os.environ.get(RUN_ENV)
    os.environ[RUN_ENV] = json.dumps({"parameters": values, "data_dir": kernel_values.get("data_dir")})

    lock = threading.Lock()
    done: list[str] = []
    state = {p.name: "not started" for p in notebooks}
    results: dict[str, NotebookResult] = {}

    def run_one(path: Path) -> None:
        before = _figure_stamps(figures_stage)
        result = execute_notebook(path, Path(notebooks_out), kernel_values, cancel=cancel)
        # Notebooks run side by side: a figure is this notebook's when its sidecar says so.
        written = sorted(
            name
            for name, stamp in _figure_stamps(figures_stage).items()
            if before.get(name) != stamp and _figure_notebook(figures_stage, name) == path.name
        )
        result.figures = len(written)
        with lock:
            results[path.name] = result
            state[path.name] = result.status
            if result.status == "interrupted":
                return
            done.append(path.name)
            for name in written:
                print(f"      figure {name} (.png .svg .pdf)", file=out, flush=True)
            print(
                f"[{len(done)}/{len(notebooks)} done] {path.name} {result.status} in {result.seconds:.1f} s, "
                f"{result.figures} figure(s)" + (f": {result.error}" if result.error else ""),
                file=out,
                flush=True,
            )

    def animate() -> None:
        from analysis.data.load import load_dataset
        from analysis.publishing.animation import AnimationCancelled, export_control_animation

        try:
            dataset = load_dataset(data_dir) if data_dir is not None else None
            done_ = export_control_animation(
                figures_stage / "control_animation.webp",
                frames_dir=figures_stage / "control_animation_frames",
                dataset=dataset,
                cancel=cancel,
            )
        except AnimationCancelled:
            state[ANIMATION] = "interrupted"
            return
        except Exception as exc:  # reported in the summary, like a failing notebook
            state[ANIMATION] = f"failed: {type(exc).__name__}: {exc}"
            return
        with lock:
            state[ANIMATION] = "ok"
            print(
                f"      animation {done_.path.name}: {done_.frames} frames "
                f"({done_.frames_per_second:.0f} frames/s drawn)",
                file=out,
                flush=True,
            )

    # The notebooks are independent: each runs in its own kernel, ``jobs`` at a time; the
    # animated map is one more job, drawn in this process, taken when a worker is free.
    tasks: list[tuple[str, Callable[[], None]]] = [
        (p.name, partial(run_one, p)) for p in longest_first(notebooks)
    ]
    if animation:
        state[ANIMATION] = "not started"
        tasks.append((ANIMATION, animate))

    def worker() -> None:
        while True:
            with lock:
                if cancel.is_set() or not tasks:
                    return
                name, task = tasks.pop(0)
                state[name] = "running"
                if name != ANIMATION:
                    print(f"[{len(done)}/{len(notebooks)} done] {name} started", file=out, flush=True)
            try:
                task()
            except Exception as exc:  # never lose a worker: the notebook is reported as failed
                with lock:
                    results[name] = NotebookResult(name, 0.0, "failed", f"{type(exc).__name__}: {exc}")
                    state[name] = "failed"

    # Daemon threads: a second Ctrl-C must not wait for them at interpreter exit.
    workers = [threading.Thread(target=worker, daemon=True, name=f"report-{i}") for i in range(max(1, jobs))]
    started = time.perf_counter()
    try:
        try:
            for w in workers:
                w.start()
            _join(workers, cancel)
            if cancel.is_set():
                running = sorted(name for name, status in state.items() if status == "running")
                print(f"\nCtrl-C: stopping {', '.join(running) or 'the run'} ...", file=out, flush=True)
                _join(workers, None, deadline=time.monotonic() + STOP_SECONDS)
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting for the workers
            cancel.set()
        finally:
            if saved_env is None:
                os.environ.pop(RUN_ENV, None)
            else:
                os.environ[RUN_ENV] = saved_env
        interrupted = cancel.is_set()  # from here on, Ctrl-C no longer changes the outcome
        if not interrupted:
            _publish(figures_stage, Path(figures_out))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(staging.parent)
    if interrupted:
        print(
            _interruption(state, time.perf_counter() - started, Path(figures_out), workers),
            file=out,
            flush=True,
        )
        return INTERRUPTED
    ordered = [results[p.name] for p in notebooks]
    if any(r.figures for r in ordered):
        write_figure_index(figures_out)
    print("\n" + _summary(ordered), file=out)
    animated = state.get(ANIMATION, "not drawn")
    if animation:
        print(f"animated control map: {animated}", file=out)
    ok = all(r.status == "ok" for r in ordered) and animated in ("ok", "not drawn")
    return 0 if ok else 1


# --- Ctrl-C and publishing ----------------------------------------------------------------

#: Exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130
#: Seconds a run waits for its kernels to stop after Ctrl-C before it gives up on them.
STOP_SECONDS = 10.0
ANIMATION = "animated control map"
_NO_HANDLER = object()


def _on_sigint(cancel: threading.Event) -> object:
    """Let Ctrl-C set ``cancel`` (the workers stop their kernels); a second one interrupts."""
    if threading.current_thread() is not threading.main_thread():
        return _NO_HANDLER

    def handler(signum, frame) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    return signal.signal(signal.SIGINT, handler)


def _restore_sigint(previous: object) -> None:
    if previous is not _NO_HANDLER:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)  # type: ignore[arg-type]


def _join(
    threads: list[threading.Thread], cancel: threading.Event | None, deadline: float | None = None
) -> None:
    """Wait for ``threads`` until they end, ``cancel`` is set or ``deadline`` passes."""
    for thread in threads:
        while thread.is_alive():
            if cancel is not None and cancel.is_set():
                return
            if deadline is not None and time.monotonic() >= deadline:
                return
            thread.join(0.1)


def _move(src: Path, dest: Path) -> None:
    try:
        os.replace(src, dest)
    except OSError as exc:  # another file system: copy to a temporary file beside dest, rename
        if exc.errno != errno.EXDEV:
            raise
        atomic_write_bytes(dest, src.read_bytes())
        src.unlink()


def _publish(staged: Path, dest: Path) -> None:
    """Move a finished run's files into ``dest``, one atomic rename each.

    Sub-folders (the animation's PNG frames) are merged the same way; frames of an earlier
    run that this run did not draw again are removed, other files are kept.
    """
    from analysis.publishing.animation import FRAME_PATTERN

    if not staged.is_dir():
        return
    dest.mkdir(parents=True, exist_ok=True)
    names = set()
    for item in sorted(staged.iterdir()):
        names.add(item.name)
        if item.is_dir():
            _publish(item, dest / item.name)
        else:
            _move(item, dest / item.name)
    for old in dest.iterdir():
        if FRAME_PATTERN.fullmatch(old.name) and old.name not in names:
            old.unlink()


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _interruption(state: dict[str, str], seconds: float, figures: Path, workers) -> str:
    """What a Ctrl-C stopped: the notebooks that were running, finished or not started."""
    words = {
        "interrupted": "interrupted while running; its kernel was shut down",
        "running": "interrupted while running",
        "not started": "not started",
    }
    lines = [f"Interrupted by Ctrl-C after {seconds:.1f} s:"]
    width = max(len(name) for name in state) + 2
    for name, status in state.items():
        if name == ANIMATION and status == "interrupted":
            text = "interrupted while drawing"
        else:
            text = words.get(status, f"{status.split(':')[0]} (finished before Ctrl-C)")
        lines.append(f"  {name:{width}}{text}")
    stuck = [w.name for w in workers if w.is_alive()]
    if stuck:
        lines.append(f"  still stopping after {STOP_SECONDS:.0f} s: {', '.join(stuck)}")
    lines.append(
        f"Nothing was published: every figure in {figures}/ is as it was before this run "
        "(this run's partial output was discarded). Exit status 130."
    )
    return "\n".join(lines)
