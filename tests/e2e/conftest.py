"""A real JupyterLab, started from the project's environment, driven by Debian's Chromium.

Fixtures (one server, one browser for the whole ``tests/e2e`` package):

- ``jupyter_server``: ``jupyter lab`` on 127.0.0.1, a free port and a random token, serving
  a temporary copy of the numbered notebooks, with its own config, data and runtime folders
  (the venv's kernelspec stays visible). Stopped by its process id at the end, whatever
  happens.
- ``browser``: headless Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) through Playwright.
- ``lab``: opens a notebook in its own browser context, runs all cells once (cached for the
  session, so the widget tests reuse the executed notebook) and reads back every cell.

On a failure the report gets the tail of the server log and the browser console messages.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.drawing.lab_server import SERVER_OPTION

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1366, "height": 900}
POLL_MS = 200
SERVER_START_TIMEOUT = 60  # seconds
RUN_ALL_TIMEOUT = 300  # seconds per notebook (02 draws fourteen years of maps)

# Nothing should pop up over the notebook: no news toast, no update check.
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def notebook_paths() -> list[Path]:
    """The numbered notebooks, as they are when the tests are collected."""
    return sorted(NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))


def wait_until(predicate, *, timeout: float, what: str, page=None, interval_ms: int = POLL_MS):
    """Poll ``predicate`` until it returns something truthy; return that value.

    With a ``page`` the pause between polls is Playwright's (events keep flowing)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        if page is not None:
            page.wait_for_timeout(interval_ms)
        else:
            time.sleep(interval_ms / 1000)


# -- the server -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class JupyterServer:
    proc: subprocess.Popen
    url: str
    token: str
    root: Path
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"
        return "\n".join(text.splitlines()[-lines:])

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def answers(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with status {self.proc.returncode}:\n"
                               f"{self.log_tail()}")
        try:
            self.api("/api/status")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False
        return True

    def stop(self) -> None:
        """Shut the kernels down, then stop the server by its process id."""
        if self.proc.poll() is None:
            try:
                for kernel in self.api("/api/kernels") or []:
                    self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
            except Exception:  # noqa: BLE001 - stopping must go on whatever happens
                pass
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _server_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # A caller's MPLBACKEND (Agg in tests) would stop the kernel's inline backend.
    env.pop("MPLBACKEND", None)
    for name in ("config", "data", "runtime", "ipython"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env["JUPYTER_CONFIG_DIR"] = str(home / "config")
    env["JUPYTER_DATA_DIR"] = str(home / "data")  # the venv's share/jupyter stays on the path
    env["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    env["IPYTHONDIR"] = str(home / "ipython")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    # The kernels import this checkout's `analysis` (a git work tree's, not an installed copy),
    # as the report's kernels do (analysis.publishing.execution.kernel_environment).
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    labconfig = home / "config" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG), encoding="utf-8")
    return env


def start_jupyter_server(base: Path, notebooks: list[Path]) -> JupyterServer:
    """Start ``jupyter lab`` serving copies of ``notebooks`` under ``base``; wait until it
    answers. The caller stops it (``server.stop()``). Used by the fixture and by
    ``benchmarks/bench_explorer_browser.py``."""
    root = base / "notebooks"
    root.mkdir(parents=True)
    for path in notebooks:
        shutil.copy(path, root / path.name)
    env = _server_environment(base / "home")
    port, token = _free_port(), secrets.token_hex(24)
    log_path = base / "server.log"
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        # As `make lab`: CurveZMQ-encrypted kernel connections, so no kernel warns about
        # unencrypted TCP.
        "--KernelManager.transport_encryption=auto",
        # As `make lab`: kernel messages to the browser without Nagle's delay (see the module).
        SERVER_OPTION,
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.workspaces_dir={base / 'home' / 'workspaces'}",
        f"--LabApp.user_settings_dir={base / 'home' / 'settings'}",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT)
    server = JupyterServer(proc, f"http://127.0.0.1:{port}", token, root, log_path)
    try:
        wait_until(server.answers, timeout=SERVER_START_TIMEOUT, what="jupyter lab to answer",
                   interval_ms=100)
    except BaseException as exc:
        server.stop()
        raise AssertionError(f"{exc}\n--- server log ---\n{server.log_tail()}") from None
    return server


@pytest.fixture(scope="package")
def jupyter_server(tmp_path_factory) -> JupyterServer:
    """``jupyter lab`` serving a temporary copy of the notebooks; stopped at the end."""
    server = start_jupyter_server(tmp_path_factory.mktemp("jupyterlab"), notebook_paths())
    try:
        yield server
    finally:
        server.stop()


# -- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    """Headless Debian Chromium through Playwright (Playwright's own download cannot work)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: run `bash scripts/install_chromium.sh` "
                    "(`make test` does it for you)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# -- the control explorer ---

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WIDGET_TIMEOUT = 30  # seconds for the kernel to answer a widget change


class Explorer:
    """The locators of the control explorer's widgets in an executed notebook 02."""

    def __init__(self, nb):
        self.nb, self.page = nb, nb.page
        index = next(c["index"] for c in nb.cells if "control_explorer(" in c["source"]
                     and "import" not in c["source"])
        self.area = nb.output_of(index)
        self.box = self.area.locator(".widget-vbox").filter(has=self.page.locator(".widget-play")).first
        controls = self.box.locator(".widget-hbox").filter(has=self.page.locator(".widget-play")).first
        # ipywidgets 8: play/pause (one toggling button), stop (back to the start), repeat.
        self.play_button = controls.locator(".widget-play button").first
        self.handle = controls.locator(".widget-slider .noUi-handle").first
        self.date = controls.locator(":scope > .widget-label").first
        self.zoom = self.box.locator(".widget-dropdown").filter(
            has=self.page.locator("label", has_text=re.compile(r"^\s*Zoom\s*$"))).locator("select")
        self.image = self.box.locator("img.widget-image").first
        self.image.wait_for(state="visible", timeout=WIDGET_TIMEOUT * 1000)
        wait_until(lambda: DATE.match(self.date_text()), timeout=WIDGET_TIMEOUT, page=self.page,
                   what="the explorer's date label")

    def date_text(self) -> str:
        return self.date.inner_text().strip()

    def image_digest(self) -> str:
        """What the reader sees of the map: a hash of a screenshot of the image element."""
        return hashlib.sha256(self.image.screenshot()).hexdigest()

    def wait_for_date_change(self, before: str) -> str:
        return wait_until(lambda: (t := self.date_text()) != before and DATE.match(t) and t,
                          timeout=WIDGET_TIMEOUT, page=self.page,
                          what=f"the date label to change from {before}")

    def wait_for_image_change(self, before: str) -> str:
        return wait_until(lambda: (d := self.image_digest()) != before and d,
                          timeout=WIDGET_TIMEOUT, page=self.page, what="the map image to change")

    def wait_for_image_stable(self) -> str:
        """The image once two screenshots a poll apart agree (the kernel has caught up)."""
        last = [self.image_digest()]

        def settled():
            now = self.image_digest()
            same, last[0] = now == last[0], now
            return same and now

        return wait_until(settled, timeout=WIDGET_TIMEOUT, page=self.page,
                          what="the map image to settle", interval_ms=400)



# -- notebooks in the browser -----------------------------------------------------------

_PANEL_JS = """(path) => Array.from(window.jupyterapp.shell.widgets('main'))
    .find(w => w.context && w.context.path === path)"""

# Everything a reader sees of each cell: its prompt, outputs and rendered images.
_CELLS_JS = """(path) => {
    const panel = (%s)(path);
    return panel.content.widgets.map((cell, index) => {
        const m = cell.model;
        const out = {index, type: m.type, source: m.sharedModel.getSource()};
        if (m.type !== 'code') return out;
        const outputs = m.outputs.toJSON();
        const imgs = Array.from(cell.node.querySelectorAll('.jp-OutputArea-output img'));
        return Object.assign(out, {
            count: m.executionCount,
            running: m.executionState === 'running',
            prompt: (cell.node.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
            errors: outputs.filter(o => o.output_type === 'error')
                           .map(o => `${o.ename}: ${o.evalue}`),
            images: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
            pendingImages: imgs.filter(i => !i.complete).length,
        });
    });
}""" % _PANEL_JS

_READY_JS = """(path) => {
    const panel = (%s)(path);
    if (!panel || !panel.context.isReady || !panel.sessionContext.isReady) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0;
}""" % _PANEL_JS

_DONE_JS = """(path) => {
    const panel = (%s)(path);
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const code = panel.content.widgets.filter(c => c.model.type === 'code');
    if (code.some(c => c.model.executionState === 'running'
                       || /\\[\\*\\]/.test(c.node.querySelector('.jp-InputArea-prompt').textContent)))
        return false;
    const failed = code.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
    return failed || code.every(c => c.model.executionCount !== null);
}""" % _PANEL_JS

_RUN_ALL_JS = """async (path) => {
    const panel = (%s)(path);
    window.jupyterapp.shell.activateById(panel.id);
    await window.jupyterapp.commands.execute('notebook:run-all-cells');
}""" % _PANEL_JS


@dataclass
class NotebookPage:
    """One notebook open in JupyterLab in its own browser context."""

    name: str
    page: object
    console: list[str] = field(default_factory=list)
    cells: list[dict] | None = None  # as read after "Run All Cells"
    seconds: float | None = None  # how long "Run All Cells" took

    def read_cells(self) -> list[dict]:
        return self.page.evaluate(_CELLS_JS, self.name)

    def output_of(self, cell_index: int):
        """The output area of a cell (a Playwright locator)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(cell_index).locator(".jp-OutputArea")

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
        return path


class Lab:
    """Opens notebooks in JupyterLab and runs them once; remembers what each test used."""

    def __init__(self, server: JupyterServer, browser, screenshot_dir: Path):
        self.server, self.browser, self.screenshot_dir = server, browser, screenshot_dir
        self.pages: dict[str, NotebookPage] = {}
        self.used: list[NotebookPage] = []

    def open(self, name: str) -> NotebookPage:
        """Open a notebook (kernel started and idle); the same page on a second call."""
        if name in self.pages:
            nb = self.pages[name]
        else:
            context = self.browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            nb = NotebookPage(name, page)
            page.on("console", lambda m: nb.console.append(f"[{m.type}] {m.text}"))
            page.on("pageerror", lambda e: nb.console.append(f"[pageerror] {e}"))
            page.on("dialog", lambda d: (nb.console.append(f"[dialog] {d.message}"), d.dismiss()))
            self.pages[name] = nb
            workspace = f"e2e-{len(self.pages)}"
            page.goto(f"{self.server.url}/lab/workspaces/{workspace}/tree/{name}"
                      f"?token={self.server.token}")
            page.wait_for_function("() => !!window.jupyterapp", timeout=60_000, polling=POLL_MS)
            page.wait_for_function(_READY_JS, arg=name, timeout=60_000, polling=POLL_MS)
        if nb not in self.used:
            self.used.append(nb)
        return nb

    def run_all(self, name: str) -> NotebookPage:
        """Open a notebook and "Run All Cells" once; wait until the kernel is idle again."""
        nb = self.open(name)
        if nb.cells is None:
            start = time.monotonic()
            nb.page.evaluate(_RUN_ALL_JS, name)
            nb.page.wait_for_function(_DONE_JS, arg=name, timeout=RUN_ALL_TIMEOUT * 1000,
                                      polling=POLL_MS)
            # Figures are data URLs or blobs: wait until the browser has decoded them all.
            wait_until(lambda: not any(c.get("pendingImages") for c in nb.read_cells()),
                       timeout=30, what=f"the images of {name} to load", page=nb.page)
            nb.seconds = time.monotonic() - start
            nb.cells = nb.read_cells()
            nb.screenshot(self.screenshot_dir / f"{Path(name).stem}.png")
        return nb

    def close(self) -> None:
        for nb in self.pages.values():
            try:
                nb.page.context.close()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass

    def failure_report(self) -> list[tuple[str, str]]:
        sections = [("JupyterLab server log (tail)", self.server.log_tail())]
        for nb in self.used:
            sections.append((f"browser console: {nb.name} (last 60 messages)",
                             "\n".join(nb.console[-60:]) or "(no messages)"))
        return sections


@pytest.fixture(scope="package")
def screenshot_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots", numbered=False)


@pytest.fixture(scope="package")
def _lab(jupyter_server, browser, screenshot_dir):
    lab = Lab(jupyter_server, browser, screenshot_dir)
    try:
        yield lab
    finally:
        lab.close()


@pytest.fixture
def lab(_lab) -> Lab:
    """The session's JupyterLab; what this test touches is reported if it fails."""
    _lab.used = []
    return _lab


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    lab = getattr(item, "funcargs", {}).get("lab")
    if report.failed and isinstance(lab, Lab):
        for title, text in lab.failure_report():
            report.sections.append((title, text))
    return report


def docs_screenshot_path() -> Path | None:
    """Where the README's screenshot goes when ``UPDATE_DOCS_SCREENSHOT=1``."""
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") == "1":
        return PROJECT_ROOT / "docs" / "jupyterlab.png"
    return None
