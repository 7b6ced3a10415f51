"""The command line: `python -m analysis validate | report | codebook`, exit statuses and output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.cli import main
from analysis.config import PROJECT_ROOT

from .conftest import set_cell


def test_validate_ok_on_the_shipped_data(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "no problems" in out and "tables" in out


def test_validate_lists_every_problem_and_exits_1(data_copy, capsys):
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    set_cell(data_copy / "control.csv", 2, "valid_from", "2015-02-30")
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "problem(s) in 2 file(s)" in out
    assert "metropolis" in out and "2015-02-30" in out


def test_codebook_prints_the_schema_tables(capsys):
    assert main(["codebook"]) == 0
    out = capsys.readouterr().out
    assert "### `control.csv`" in out and "### `published_areas.csv`" in out


def test_report_check_passes_for_the_committed_figures(capsys):
    assert main(["report", "--check"]) == 0
    assert "are current" in capsys.readouterr().out


def test_report_rejects_a_bad_parameter_before_running_anything(capsys):
    assert main(["report", "--param", "not a pair"]) == 1
    assert "NAME=VALUE" in capsys.readouterr().out


def test_unknown_command_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["draw-me-a-map"])
    assert exc.value.code == 2


def test_python_dash_m_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "analysis", "validate"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout
