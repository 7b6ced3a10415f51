"""The static site's sources and checks (the browser test is tests/e2e/test_site.py)."""

from __future__ import annotations

import io
import json
import shutil

import nbformat
import pytest

from analysis.publishing.site import (
    ANIMATION,
    EXPLORER,
    WIDGET_MIME,
    build_site,
    offline_problems,
    site_sources,
)


@pytest.fixture
def report_run(tmp_path):
    """A fake report run: two executed notebooks (one with the explorer widget) and a figure."""
    reports, figures = tmp_path / "reports", tmp_path / "figures"
    reports.mkdir()
    figures.mkdir()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("control_explorer()")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox(...)"}
        )
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# 02 · Territorial control"), cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, reports / "02_territorial_control.ipynb")
    other = nbformat.v4.new_notebook()
    other.cells = [nbformat.v4.new_markdown_cell("# 01 · What is in the data")]
    nbformat.write(other, reports / "01_data_overview.ipynb")
    from analysis.config import FIGURES_DIR

    for ext in ("png", "svg", "pdf", "json"):
        shutil.copy(FIGURES_DIR / f"control_map.{ext}", figures)
    shutil.copy(FIGURES_DIR / ANIMATION, figures)
    (figures / "control_animation_frames").mkdir()
    return reports, figures


def test_site_sources_replace_widgets_and_write_every_page(report_run, tmp_path):
    reports, figures = report_run
    src = site_sources(tmp_path / "src", reports_dir=reports, figures_dir=figures)
    nb = nbformat.read(src / "notebooks" / "02_territorial_control.ipynb", as_version=4)
    data = nb.cells[1].outputs[0]["data"]
    assert WIDGET_MIME not in data and ANIMATION in data["text/html"]
    assert f'href="../{EXPLORER}"' in data["text/html"]
    assert (src / "extra" / EXPLORER).exists()
    assert f'href="{EXPLORER}"' in (src / "index.md").read_text(encoding="utf-8")
    assert "widgets" not in nb.metadata
    assert (src / "extra" / ANIMATION).exists() and not (src / "figures" / "control_animation_frames").exists()
    gallery = (src / "figures.md").read_text(encoding="utf-8")
    caption = json.loads((figures / "control_map.json").read_text())["caption"]
    assert caption in gallery and "{download}`SVG <figures/control_map.svg>`" in gallery
    control = (src / "tables" / "control.md").read_text(encoding="utf-8")
    assert "rows**" in control and "| page | originator | kind | grade | rows citing it |" in control
    assert "notebooks/01_data_overview" in (src / "index.md").read_text(encoding="utf-8")


def test_site_sources_need_a_report_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="make report"):
        site_sources(tmp_path / "src", reports_dir=tmp_path, figures_dir=tmp_path)
    from analysis.cli import site_command

    printed = io.StringIO()
    assert site_command(tmp_path / "site", out=printed, reports_dir=tmp_path) == 1
    assert "run `make report` first" in printed.getvalue() and not (tmp_path / "site").exists()


def test_offline_problems_flag_loads_from_the_network_but_not_links(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://cdn.jsdelivr.net/x.js"></script>')
    (tmp_path / "b.html").write_text('<a href="https://www.reuters.com/x">Reuters</a><img src="x.png">')
    (tmp_path / "c.html").write_text('<link rel="stylesheet" href="//unpkg.com/y.css">')
    problems = offline_problems(tmp_path)
    assert [p.split(":")[0] for p in problems] == ["a.html", "c.html"]


def test_build_site_writes_pages_that_load_nothing_from_the_network(report_run, tmp_path):
    reports, figures = report_run
    result = build_site(tmp_path / "site", reports_dir=reports, figures_dir=figures, work_dir=tmp_path / "src")
    names = {str(p.relative_to(result.path)) for p in result.pages}
    assert {"index.html", "figures.html", "codebook.html", "tables/sources.html"} <= names
    assert "notebooks/02_territorial_control.html" in names
    assert (result.path / ANIMATION).exists() and offline_problems(result.path) == []
    assert (result.path / EXPLORER).exists()
    index = (result.path / "index.html").read_text(encoding="utf-8")
    assert f'href="{EXPLORER}"' in index
    assert result.seconds > 0
