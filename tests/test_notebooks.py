"""Notebooks: committed clean, and each runs headlessly without an error output."""

from __future__ import annotations

import json

import nbformat
import pytest

from analysis.config import NOTEBOOKS_DIR
from analysis.publishing.report import execute_notebook, notebook_parameters

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_parameters_cell_with_as_of_and_data_dir(path):
    assert {"as_of", "data_dir"} <= notebook_parameters(nbformat.read(path, as_version=4))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_headless_and_draws_its_figures(path, tmp_path):
    result = execute_notebook(path, tmp_path)
    assert result.status == "ok", result.error
    nb = nbformat.read(tmp_path / path.name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not any(o.output_type == "error" for o in cell.outputs)
        if "plot_" in cell.source:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source
