"""The static site (``make site``) as a reader opens it: from the file system, in Chromium.

Built once from a real report run into a temporary folder (the notebooks executed by
``run_report``, the figures and the animation exported there), then every page is opened
with ``file://``: no console error, no failed request, every image decoded, and the
animated control map plays (two screenshots of it, a second apart, differ).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.publishing.animation import export_control_animation
from analysis.publishing.report import run_report
from analysis.publishing.site import ANIMATION, EXPLORER, build_site, offline_problems

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("site_run")
    reports, figures = base / "reports", base / "figures"
    assert run_report(reports_dir=reports, figures_dir=figures) == 0
    export_control_animation(figures / ANIMATION)
    result = build_site(base / "site", reports_dir=reports, figures_dir=figures, work_dir=base / "src")
    return result.path


def _pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.name.startswith("webpack")]


def test_the_site_has_the_chapters_gallery_codebook_and_table_pages(site):
    names = {str(p.relative_to(site)) for p in _pages(site)}
    assert {"index.html", "figures.html", "codebook.html"} <= names
    assert {f"notebooks/{n}.html" for n in ("01_data_overview", "02_territorial_control")} <= names
    assert {"tables/control.html", "tables/sources.html", "tables/deployments.html"} <= names
    assert offline_problems(site) == []
    gallery = (site / "figures.html").read_text(encoding="utf-8")
    for ext in ("png", "svg", "pdf"):
        assert f"control_map.{ext}" in gallery
    control = (site / "tables" / "control.html").read_text(encoding="utf-8")
    assert "rows</strong>" in control and "Sources cited" in control


def test_every_page_loads_offline_with_no_error_and_every_image_decodes(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))
        for path in _pages(site):
            page.goto(path.as_uri(), wait_until="load")
            broken = page.evaluate(
                "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
            )
            problems += [f"{path.name}: image does not decode: {src}" for src in broken]
    finally:
        context.close()
    assert problems == []


def test_the_animated_control_map_plays(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri(), wait_until="load")
        image = page.locator(f"img[src$='{ANIMATION}']").first
        image.scroll_into_view_if_needed()
        assert image.evaluate("i => i.naturalWidth") == 880
        first = image.screenshot()
        page.wait_for_timeout(1000)  # four frames of 250 ms
        assert image.screenshot() != first
    finally:
        context.close()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """A site from a fake report run (notebook 02 with the explorer widget, the committed
    figures): enough to follow the links to the explorer without executing the notebooks."""
    import shutil

    import nbformat

    from analysis.config import FIGURES_DIR
    from analysis.publishing.site import WIDGET_MIME

    base = tmp_path_factory.mktemp("small_site")
    reports, figures = base / "reports", base / "figures"
    reports.mkdir()
    figures.mkdir()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("control_explorer()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox()"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# 02 · Territorial control"), cell]
    nbformat.write(nb, reports / "02_territorial_control.ipynb")
    for ext in ("png", "svg", "pdf", "json"):
        shutil.copy(FIGURES_DIR / f"control_map.{ext}", figures)
    shutil.copy(FIGURES_DIR / ANIMATION, figures)
    return build_site(base / "site", reports_dir=reports, figures_dir=figures, work_dir=base / "src").path


def test_the_index_links_the_explorer_which_works_offline(small_site, browser):
    site = small_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto((site / "index.html").as_uri(), wait_until="load")
        page.locator(f"a[href='{EXPLORER}']").first.click()
        page.wait_for_selector("html[data-ready='1']", timeout=10_000)
        assert page.url.endswith(EXPLORER)
        assert page.locator("#cells path").count() > 0
        page.goto((site / "notebooks" / "02_territorial_control.html").as_uri(), wait_until="load")
        assert page.locator(f"a[href='../{EXPLORER}']").count() == 1
    finally:
        context.close()
    assert problems == []
