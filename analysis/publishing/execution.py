"""Execute one notebook in a kernel of its own: parameters in, executed copy and HTML out.

The kernels are started on **IPC transport** (Unix domain sockets in a private temporary
folder) rather than on TCP ports of localhost. Over TCP, ipykernel prints "Kernel is
running over TCP without encryption ..." at every start, a warning the reader of
``make report`` can do nothing about; over IPC the messages never leave this machine's file
system (the folder is readable by this user only), so there is nothing to encrypt and
nothing to warn about. A run that is interrupted (:class:`threading.Event` ``cancel`` set,
as ``run_report`` does on Ctrl-C) kills its kernel at once and reports ``interrupted``.
"""

from __future__ import annotations

import ast
import asyncio
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.config import PROJECT_ROOT
from analysis.data.io import atomic_write_bytes

__all__ = [
    "NotebookResult",
    "NotebookInterrupted",
    "notebook_parameters",
    "inject_parameters",
    "execute_notebook",
    "kernel_manager",
    "kernel_environment",
]


@dataclass
class NotebookResult:
    """Outcome of executing one notebook."""

    notebook: str
    seconds: float
    #: ``ok``, ``failed`` or ``interrupted``.
    status: str
    error: str = ""
    figures: int = 0


class NotebookInterrupted(Exception):
    """The run was cancelled while the notebook was executing; its kernel was killed."""


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


def kernel_manager(socket_dir: str | Path, kernel_name: str = "python3"):
    """An :class:`~jupyter_client.AsyncKernelManager` whose kernel listens on IPC sockets.

    Parameters
    ----------
    socket_dir : str or Path
        A private folder (mode 0700, as :func:`tempfile.mkdtemp` makes it) for the connection
        file and the five sockets; keep its path short (Unix sockets allow ~100 bytes).
    kernel_name : str
        The kernelspec.

    Returns
    -------
    jupyter_client.AsyncKernelManager
    """
    from jupyter_client.manager import AsyncKernelManager

    socket_dir = Path(socket_dir)
    # ``ip`` is the sockets' path prefix under IPC; set explicitly so that two kernels started
    # side by side never share jupyter_client's default relative prefix ("kernel-ipc").
    return AsyncKernelManager(
        kernel_name=kernel_name,
        transport="ipc",
        ip=str(socket_dir / "kernel"),
        connection_file=str(socket_dir / "kernel.json"),
    )


def kernel_environment() -> dict[str, str]:
    """The environment of a report kernel: this process's, for the same ``analysis`` package.

    The project folder goes first on ``PYTHONPATH``, so the kernel imports the ``analysis``
    package that runs the report (a git work tree's, not whichever copy is installed), and
    ``MPLBACKEND`` is left out: a caller's backend (Agg in tests) would stop the kernel's
    inline backend from putting figures into the notebook.

    Examples
    --------
    >>> from analysis.config import PROJECT_ROOT
    >>> kernel_environment()["PYTHONPATH"].split(os.pathsep)[0] == str(PROJECT_ROOT)
    True
    """
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


async def _execute(client, km, cancel: threading.Event | None, env: dict[str, str]) -> None:
    """Run ``client`` in ``km``'s kernel; shut the kernel down whatever happens."""
    task = asyncio.ensure_future(client.async_execute(env=env))
    cancelled = False
    try:
        while not task.done():
            if cancel is not None and cancel.is_set():
                cancelled = True
                task.cancel()
                break
            await asyncio.wait({task}, timeout=0.1)
        try:
            await task
        except (Exception, asyncio.CancelledError):
            # nbclient turns the cancellation into DeadKernelError("Kernel died"): whatever it
            # raised, a cancelled run was interrupted, not failed.
            if cancelled:
                raise NotebookInterrupted() from None
            raise
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            # Cancelled: kill the kernel's process group now. Otherwise ask it to stop
            # (jupyter_client kills it after ``shutdown_wait_time`` if it does not).
            await km.shutdown_kernel(now=cancelled)


def execute_notebook(
    path: Path,
    out_dir: Path,
    params: dict[str, object] | None = None,
    timeout: int = 600,
    cancel: threading.Event | None = None,
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
    cancel : threading.Event, optional
        When it is set, the kernel is killed within a tenth of a second, the result is
        ``interrupted`` and nothing is written to ``out_dir``.

    Returns
    -------
    NotebookResult
        ``status`` is ``ok``, ``failed`` or ``interrupted``; a failure names the cell number
        and error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    status, error = "ok", ""
    socket_dir = tempfile.mkdtemp(prefix="atlas-kernel-")
    try:
        # Each notebook gets the parameters its own cell defines.
        defined = notebook_parameters(nb)
        inject_parameters(nb, {k: v for k, v in (params or {}).items() if k in defined})
        km = kernel_manager(socket_dir)
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        asyncio.run(_execute(client, km, cancel, kernel_environment()))
    except NotebookInterrupted:
        return NotebookResult(path.name, time.perf_counter() - start, "interrupted", "stopped by Ctrl-C")
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
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out_dir / path.name, nbformat.writes(nb).encode("utf-8"))
    html, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write_bytes(out_dir / f"{path.stem}.html", html.encode("utf-8"))
    return NotebookResult(path.name, time.perf_counter() - start, status, error)
