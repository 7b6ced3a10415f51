"""Write a clean notebook from a list of ("md"|"code"|"params", source) cells.

Used by hand to (re)create the numbered notebooks so that they stay free of outputs;
editing them in JupyterLab and clearing outputs before committing works just as well. Cells
get stable ids (``cell-NN``); cells added in JupyterLab get theirs from the pre-commit hook,
or from ``python -m analysis notebooks --normalise``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from analysis.publishing.cell_ids import assign_cell_ids


def write_notebook(path: str | Path, cells: list[tuple[str, str]]) -> None:
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        source = source.strip("\n")
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    for cell in nb.cells:
        cell.pop("id", None)  # nbformat's ids are random; ours are stable (no churn in git diffs)
    assign_cell_ids(nb)  # cell-NN, as `python -m analysis notebooks --normalise` writes them
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    nbformat.write(nb, path)


if __name__ == "__main__":
    sys.exit("import write_notebook from this module")
