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
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "problem(s) in 2 file(s)" in out
    assert "metropolis" in out and "2015-02-30" in out


@pytest.mark.parametrize("command", ["validate", "audit"])
def test_the_old_positional_data_folder_still_works_with_a_deprecation_notice(command, data_copy, capsys):
    set_cell(data_copy / "claims.csv", 2, "notes", "edited by a user")
    new = main([command, "--data-dir", str(data_copy)])
    captured = capsys.readouterr()
    assert "deprecated" not in captured.err
    assert main([command, str(data_copy)]) == new
    old = capsys.readouterr()
    assert old.out == captured.out  # the same folder was read
    assert f"deprecated: `python -m analysis {command} {data_copy}`" in old.err
    assert f"--data-dir {data_copy}`" in old.err and "next release" in old.err


def test_giving_the_data_folder_twice_is_an_error(data_copy, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", str(data_copy), "--data-dir", str(data_copy)])
    assert exc.value.code == 2 and "give the data folder once" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "audit", "report", "animate", "site", "codebook"])
def test_every_command_reading_the_tables_takes_data_dir_the_same_way(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "--data-dir DIR" in text and "default: data/" in text


@pytest.mark.parametrize("command", [None, "validate", "audit", "report", "animate", "site", "codebook",
                                     "notebooks"])
def test_help_lists_examples(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main(([command] if command else []) + ["--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    examples = [line.split()[:4] for line in text.split("examples:")[1].splitlines() if "python -m" in line]
    assert examples and all(words[3] == (command or words[3]) for words in examples)


def test_site_data_dir_builds_from_that_runs_folder(tmp_path, data_copy, capsys):
    from analysis.cli import site_command
    from analysis.publishing.report import run_folders

    assert site_command(tmp_path / "site", reports_dir=tmp_path, data_dir=data_copy) == 1
    assert str(run_folders({}, data_copy, tmp_path)[0]) in capsys.readouterr().out


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
    done = subprocess.run([sys.executable, "-m", "analysis", "validate", "--data-dir", "data"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout and not done.stderr
