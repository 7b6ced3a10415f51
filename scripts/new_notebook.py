"""Write a clean notebook from a list of ("md"|"code"|"params", source) cells.

Used by hand to (re)create the numbered notebooks so that they stay free of outputs;
editing them in JupyterLab and clearing outputs before committing works just as well.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


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
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"  # stable ids: no churn in git diffs
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    nbformat.write(nb, path)


if __name__ == "__main__":
    sys.exit("import write_notebook from this module")
