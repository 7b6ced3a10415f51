"""The report runner: validation first, every notebook run, failures named by cell."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from analysis.config import FIGURES_DIR, PROJECT_ROOT, REPORTS_DIR
from analysis.publishing.animation import FRAME_PATTERN, animation_dates
from analysis.publishing.report import check_figures, inject_parameters, parse_params, run_name, run_report

from .conftest import set_cell


def write_notebook(path, *sources, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if tags:
        for i, t in tags.items():
            nb.cells[i].metadata["tags"] = t
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_parse_params_keeps_literals_and_strings():
    assert parse_params(["as_of=2015-10-31", "n=3", "flag=True", "x='y'"]) == {
        "as_of": "2015-10-31", "n": 3, "flag": True, "x": "y"}
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_params(["oops"])


def test_inject_parameters_after_the_tagged_cell_and_rejects_unknown_names():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("as_of = '2015-09-30'\ndata_dir = None",
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("print(as_of)")]
    inject_parameters(nb, {"as_of": "2015-10-31"})
    assert nb.cells[1].metadata["tags"] == ["injected-parameters"]
    assert "as_of = '2015-10-31'" in nb.cells[1].source
    with pytest.raises(ValueError, match="unknown parameter"):
        inject_parameters(nb, {"colour": "red"})


def test_report_runs_every_notebook_reports_failures_and_params_reach_them(tmp_path, capsys):
    nbs, reports = tmp_path / "notebooks", tmp_path / "reports"
    nbs.mkdir()
    write_notebook(nbs / "01_good.ipynb", "as_of = '2015-09-30'",
                   "open('as_of.txt', 'w').write(as_of)", tags={0: ["parameters"]})
    write_notebook(nbs / "02_broken.ipynb", "x = 1", "1 / 0")
    status = run_report(params=["as_of=2015-10-31"], notebooks_dir=nbs, reports_dir=reports)
    out = capsys.readouterr().out
    assert status == 1
    assert "01_good.ipynb" in out and "02_broken.ipynb failed" in out
    assert "cell 2: ZeroDivisionError" in out
    assert (nbs / "as_of.txt").read_text() == "2015-10-31"
    assert run_report(params=["as_off=2015-10-31"], notebooks_dir=nbs, reports_dir=reports) == 1
    assert "Unknown parameter(s) as_off" in capsys.readouterr().out
    run = reports / "as_of-2015-10-31"  # a parameterised run has its own folder
    assert {p.name for p in run.iterdir()} >= {"01_good.ipynb", "01_good.html", "02_broken.ipynb"}
    # The source notebook is untouched (no outputs written back).
    assert all(not c.get("outputs") for c in nbformat.read(nbs / "01_good.ipynb", 4).cells)


def test_invalid_data_stops_the_report_before_any_notebook(data_copy, tmp_path, capsys):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs / "01_x.ipynb", "open('ran.txt','w').write('1')")
    assert run_report(data_dir=data_copy, notebooks_dir=nbs, reports_dir=tmp_path / "r") == 1
    assert "no notebook was run" in capsys.readouterr().out
    assert not (nbs / "ran.txt").exists()


def test_report_exports_figures_counts_them_and_writes_the_index(tmp_path, capsys):
    nbs, figs = tmp_path / "notebooks", tmp_path / "figures"
    nbs.mkdir()
    write_notebook(nbs / "01_fig.ipynb", "figures_dir = None\nas_of = '2015-09-30'\ndata_dir = None",
                   "import matplotlib.pyplot as plt\nfrom analysis.publishing.figures import export\n"
                   "fig, ax = plt.subplots()\nax.plot([1, 2])\n"
                   "export(fig, 'line', 'A line.', ['none'], out_dir=figures_dir, notebook='01_fig.ipynb')",
                   tags={0: ["parameters"]})
    status = run_report(notebooks_dir=nbs, reports_dir=tmp_path / "reports", figures_dir=figs, animation=False)
    out = capsys.readouterr().out
    assert status == 0
    assert "figure line (.png .svg .pdf)" in out
    assert "01_fig.ipynb" in out.splitlines()[-1] and out.splitlines()[-1].split()[2] == "1"
    assert {p.name for p in figs.iterdir()} == {"line.png", "line.svg", "line.pdf", "line.json", "README.md",
                                                "atlas.pdf"}


FIG_NOTEBOOK = ("figures_dir = None\nas_of = '2015-09-30'\ndata_dir = None",
                "import matplotlib.pyplot as plt\nfrom analysis.publishing.figures import export\n"
                "fig, ax = plt.subplots()\nax.plot([1, 2])\nax.set_title(as_of)\n"
                "export(fig, 'line', 'A line.', ['none'], out_dir=figures_dir, notebook='01_fig.ipynb')")


def test_a_parameterised_run_never_writes_into_the_figures_folder(tmp_path, capsys):
    nbs, figs, reports = tmp_path / "notebooks", tmp_path / "figures", tmp_path / "reports"
    nbs.mkdir()
    write_notebook(nbs / "01_fig.ipynb", *FIG_NOTEBOOK, tags={0: ["parameters"]})
    assert run_report(notebooks_dir=nbs, reports_dir=reports, figures_dir=figs) == 0
    committed = (figs / "line.png").read_bytes()
    assert check_figures(figures_dir=figs) == 0
    assert run_report(params=["as_of=2015-10-31"], notebooks_dir=nbs, reports_dir=reports,
                      figures_dir=figs) == 0
    assert (figs / "line.png").read_bytes() == committed
    run = reports / "as_of-2015-10-31"
    assert (run / "01_fig.ipynb").exists() and (run / "figures" / "line.png").exists()
    meta = json.loads((run / "figures" / "line.json").read_text())
    assert meta["parameters"] == {"as_of": "2015-10-31"}
    assert {"data_hash", "boundaries_hash", "package_version"} <= set(meta)
    capsys.readouterr()
    # The default figures stay current; the run's folder is current for its own parameters only.
    assert check_figures(figures_dir=figs) == 0
    assert check_figures(params=["as_of=2015-10-31"], reports_dir=reports) == 0
    assert check_figures(figures_dir=run / "figures") == 1
    assert "stale" in capsys.readouterr().out


def test_a_run_on_another_data_folder_records_that_folders_hash(tmp_path, data_copy):
    from analysis.data.load import data_content_hash

    set_cell(data_copy / "claims.csv", 2, "notes", "edited by a user")
    nbs, figs, reports = tmp_path / "notebooks", tmp_path / "figures", tmp_path / "reports"
    nbs.mkdir()
    write_notebook(nbs / "01_fig.ipynb", *FIG_NOTEBOOK, tags={0: ["parameters"]})
    assert run_report(params=[f"data_dir={data_copy}"], notebooks_dir=nbs, reports_dir=reports,
                      figures_dir=figs) == 0
    assert not figs.exists()
    run = reports / run_name({}, data_copy)
    meta = json.loads((run / "figures" / "line.json").read_text())
    assert meta["data_hash"] == data_content_hash(data_copy) != data_content_hash()
    assert check_figures(data_copy, reports_dir=reports) == 0
    set_cell(data_copy / "claims.csv", 2, "notes", "edited again")
    assert check_figures(data_copy, reports_dir=reports) == 1


def test_param_data_dir_is_validated_before_any_notebook(tmp_path, data_copy, capsys):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs / "01_x.ipynb", "data_dir = None", "open('ran.txt','w').write('1')",
                   tags={0: ["parameters"]})
    assert run_report(params=[f"data_dir={data_copy}"], notebooks_dir=nbs, reports_dir=tmp_path / "r") == 1
    assert "no notebook was run" in capsys.readouterr().out and not (nbs / "ran.txt").exists()
    assert run_report(params=["data_dir=/no/such/folder"], notebooks_dir=nbs, reports_dir=tmp_path / "r") == 1
    assert "is not a folder" in capsys.readouterr().out


def test_notebooks_run_side_by_side_keep_their_own_figures_and_the_animation_is_drawn(tmp_path, capsys):
    nbs, figs = tmp_path / "notebooks", tmp_path / "figures"
    nbs.mkdir()
    for i, name in enumerate(("01_a.ipynb", "02_b.ipynb")):
        params, body = FIG_NOTEBOOK
        body = body.replace("'line'", f"'line_{i}'").replace("notebook='01_fig.ipynb'", f"notebook='{name}'")
        if i == 0:
            body += "\nexport(fig, 'line_extra', 'A line.', ['none'], out_dir=figures_dir, notebook='01_a.ipynb')"
        write_notebook(nbs / name, params, body, tags={0: ["parameters"]})
    status = run_report(notebooks_dir=nbs, reports_dir=tmp_path / "reports", figures_dir=figs, jobs=2)
    out = capsys.readouterr().out
    assert status == 0, out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("01_a", "02_b"))}
    assert rows["01_a.ipynb"][2] == "2" and rows["02_b.ipynb"][2] == "1"  # each counts only its own
    assert list(rows) == ["01_a.ipynb", "02_b.ipynb"]  # the summary keeps name order
    assert "animated control map: ok" in out
    assert (figs / "control_animation.webp").exists()
    frames = [p for p in (figs / "control_animation_frames").iterdir() if FRAME_PATTERN.fullmatch(p.name)]
    assert len(frames) == len(animation_dates())


# --- Ctrl-C ---------------------------------------------------------------------------------

def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _processes_with(marker: str) -> list[int]:
    """Processes (the report and its kernels) whose environment carries ``marker``."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:  # gone, or not ours
            continue
    return found


def test_publishing_moves_the_staged_files_and_removes_only_stale_frames(tmp_path):
    from analysis.publishing.report import _publish

    staged, dest = tmp_path / "staged", tmp_path / "figures"
    (staged / "control_animation_frames").mkdir(parents=True)
    (staged / "line.png").write_bytes(b"new")
    (staged / "control_animation_frames" / "control_frame_001_2015-01-01.png").write_bytes(b"frame")
    (dest / "control_animation_frames").mkdir(parents=True)
    (dest / "line.png").write_bytes(b"old")
    (dest / "other.png").write_bytes(b"kept")
    (dest / "control_animation_frames" / "control_frame_002_2015-02-01.png").write_bytes(b"stale")
    (dest / "control_animation_frames" / "notes.txt").write_text("kept")
    _publish(staged, dest)
    assert (dest / "line.png").read_bytes() == b"new" and (dest / "other.png").read_bytes() == b"kept"
    assert sorted(p.name for p in (dest / "control_animation_frames").iterdir()) == [
        "control_frame_001_2015-01-01.png", "notes.txt"]
    assert not [p for p in staged.rglob("*") if p.is_file()]


def test_ctrl_c_in_the_middle_of_a_run_publishes_no_figure(tmp_path, capsys):
    nbs, figs, reports = tmp_path / "notebooks", tmp_path / "figures", tmp_path / "reports"
    nbs.mkdir()
    params, body = FIG_NOTEBOOK
    write_notebook(nbs / "01_fig.ipynb", params, body, tags={0: ["parameters"]})
    assert run_report(notebooks_dir=nbs, reports_dir=reports, figures_dir=figs, animation=False) == 0
    committed = _tree_hash(figs)
    capsys.readouterr()
    # The second run draws another figure, then works on; Ctrl-C comes when the figure is drawn.
    write_notebook(nbs / "01_fig.ipynb", params, body.replace("ax.plot([1, 2])", "ax.plot([2, 1])"),
                   "import time\ntime.sleep(60)", tags={0: ["parameters"]})
    write_notebook(nbs / "02_later.ipynb", "x = 1")

    def interrupt_when_the_figure_is_staged():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((reports / ".partial").glob("*/figures/line.json")):
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_when_the_figure_is_staged, daemon=True).start()
    started = time.monotonic()
    status = run_report(notebooks_dir=nbs, reports_dir=reports, figures_dir=figs, animation=False, jobs=1)
    assert status == 130 and time.monotonic() - started < 30
    out = capsys.readouterr().out
    assert re.search(r"01_fig.ipynb +interrupted while running; its kernel was shut down", out), out
    assert re.search(r"02_later.ipynb +not started", out) and "Nothing was published" in out
    assert _tree_hash(figs) == committed  # the staged figure was thrown away
    assert not (reports / ".partial").exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is restored


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds the kernels through /proc")
def test_ctrl_c_stops_a_real_report_within_seconds_and_leaves_no_kernel_behind():
    marker = f"SYRIA_ATLAS_TEST_RUN={uuid.uuid4().hex}"
    name, value = marker.split("=")
    before = _tree_hash(FIGURES_DIR)
    env = dict(os.environ, PYTHONUNBUFFERED="1", **{name: value})
    # A parameterised run writes under reports/as_of-2015-10-29/, never to figures/.
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "report", "--param", "as_of=2015-10-29"],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not any("started" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("started" in line for line in lines), "".join(lines)
        time.sleep(2)
        assert len(_processes_with(marker)) > 1  # the report and at least one kernel
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        status = proc.wait(timeout=20)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(5)
    out = "".join(lines)
    assert status == 130, out
    assert took < 10, f"{took:.1f} s"
    assert "Interrupted by Ctrl-C" in out and "interrupted while running" in out and "not started" in out
    assert "Traceback" not in out and "Warning" not in out and "WARNING" not in out, out
    assert _processes_with(marker) == []  # no kernel left behind
    assert _tree_hash(FIGURES_DIR) == before
    assert not list((REPORTS_DIR / ".partial").glob("as_of-2015-10-29-*"))
