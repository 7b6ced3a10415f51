"""Notebooks: committed clean, and each runs headlessly without an error output."""

from __future__ import annotations

import json
import warnings

import nbformat
import pytest

from analysis.cli import main
from analysis.config import NOTEBOOKS_DIR
from analysis.publishing.cell_ids import cell_id_problems
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
def test_notebook_cells_have_stable_ids(path):
    """Without ids nbformat warns (MissingIDFieldWarning) wherever the notebook is read."""
    problems = cell_id_problems(json.loads(path.read_text(encoding="utf-8")), path)
    assert not problems, "\n".join(map(str, problems)) + "\nrun: python -m analysis notebooks --normalise"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nbformat.read(path, as_version=4)


def test_notebooks_command_finds_missing_ids_and_normalise_writes_stable_ones(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("y = 2")]
    raw = json.loads(nbformat.writes(nb))
    raw["cells"][0]["id"] = "cell-01"  # taken: the cell at position 1 must not get it again
    del raw["cells"][1]["id"], raw["cells"][2]["id"]
    path = tmp_path / "05_new.ipynb"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["notebooks", str(path)]) == 1
    out = capsys.readouterr().out
    assert "05_new.ipynb: cell 2: no id" in out and "cell 3: no id" in out and "--normalise" in out
    assert main(["notebooks", "--normalise", str(path)]) == 0
    assert [c["id"] for c in json.loads(path.read_text())["cells"]] == ["cell-01", "cell-01-2", "cell-02"]
    first = path.read_bytes()
    assert main(["notebooks", "--normalise", str(tmp_path)]) == 0  # a folder; nothing left to do
    assert path.read_bytes() == first
    assert main(["notebooks", str(path)]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nbformat.read(path, as_version=4)


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
        warned = [o.text for o in cell.outputs
                  if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
        assert not warned, f"{path.name}: a warning the reader cannot act on:\n" + "\n".join(warned)
        if "plot_" in cell.source and "def " not in cell.source:  # a helper that draws when called
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source
