"""The notebooks as a person uses them: in a real JupyterLab, in a real browser.

Every numbered notebook is opened and run with "Run All Cells"; no cell may show an error
and every figure cell must show an image. The control explorer (notebook 02) is moved by
keyboard, by its play button and zoomed with its dropdown; the claims ledger's claim filter
changes its table. Screenshots of every notebook go to the pytest temp folder (printed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import WIDGET_TIMEOUT, Explorer, docs_screenshot_path, notebook_paths, wait_until

pytestmark = pytest.mark.e2e

NOTEBOOKS = notebook_paths()
EXPLORER_NOTEBOOK = "02_territorial_control.ipynb"


def _is_figure_cell(cell: dict) -> bool:
    """The project's convention (tests/test_notebooks.py): figures come from ``plot_*``."""
    # A cell that only defines a helper calling plot_* draws nothing itself.
    return cell["type"] == "code" and "plot_" in cell["source"] and "def " not in cell["source"]


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_runs_all_cells_in_jupyterlab(lab, name, screenshot_dir):
    nb = lab.run_all(name)
    code = [c for c in nb.cells if c["type"] == "code"]
    errors = [f"cell {c['index']}: {e}" for c in code for e in c["errors"]]
    assert not errors, f"{name} shows error output:\n" + "\n".join(errors)
    not_run = [c["index"] for c in code if c["count"] is None]
    assert not not_run, f"{name}: cells {not_run} did not run"
    no_image = [c["index"] for c in nb.cells if _is_figure_cell(c) and not c["images"]]
    assert not no_image, f"{name}: figure cells {no_image} rendered no image"
    shot = screenshot_dir / f"{Path(name).stem}.png"
    assert shot.stat().st_size > 10_000
    # The kernels print nothing the user cannot act on (e.g. unencrypted TCP, see `make lab`).
    kernel_warnings = [line for line in lab.server.log_path.read_text(errors="replace").splitlines()
                       if "[IPKernelApp] WARNING" in line]
    assert not kernel_warnings, "\n".join(kernel_warnings)
    print(f"{name}: ran in {nb.seconds:.1f} s; screenshot {shot}")


# -- the control explorer ---------------------------------------------------------------


@pytest.fixture
def explorer(lab) -> Explorer:
    if not any(p.name == EXPLORER_NOTEBOOK for p in NOTEBOOKS):
        pytest.skip(f"notebooks/{EXPLORER_NOTEBOOK} is missing")
    return Explorer(lab.run_all(EXPLORER_NOTEBOOK))


def test_readme_screenshot_of_the_explorer(explorer, screenshot_dir):
    """JupyterLab with notebook 02's explorer in view: the README's picture of `make lab`."""
    explorer.wait_for_image_stable()
    explorer.box.scroll_into_view_if_needed()
    explorer.page.evaluate(
        """(el) => el.closest('.jp-Cell').scrollIntoView({block: 'start'})""",
        explorer.box.element_handle())
    explorer.wait_for_image_stable()
    targets = [screenshot_dir / "jupyterlab.png"]
    if (docs := docs_screenshot_path()) is not None:
        targets.append(docs)
    for target in targets:
        explorer.nb.screenshot(target)
        assert target.stat().st_size > 10_000
        print(f"screenshot: {target}")


def test_explorer_slider_moves_by_keyboard(explorer):
    date, image = explorer.date_text(), explorer.wait_for_image_stable()
    explorer.handle.focus()
    explorer.page.keyboard.press("ArrowRight")
    new_date = explorer.wait_for_date_change(date)
    assert new_date > date
    explorer.wait_for_image_change(image)


def test_explorer_play_button_steps_through_dates(explorer):
    date, image = explorer.date_text(), explorer.wait_for_image_stable()
    assert explorer.play_button.locator(".fa-play").count() == 1
    explorer.play_button.click()
    try:
        new_date = explorer.wait_for_date_change(date)
        explorer.wait_for_image_change(image)
    finally:
        explorer.play_button.click()  # pause where it is
    assert new_date > date
    assert explorer.play_button.locator(".fa-play").count() == 1  # paused again


def test_explorer_zooms_to_a_governorate(explorer):
    image = explorer.wait_for_image_stable()
    date = explorer.date_text()
    explorer.zoom.select_option("Idlib")
    explorer.wait_for_image_change(image)
    assert explorer.date_text() == date
    zoomed = explorer.wait_for_image_stable()
    explorer.zoom.select_option("Syria")
    explorer.wait_for_image_change(zoomed)



# -- the claims ledger ------------------------------------------------------------------


def _claim_ledger_notebooks() -> list[str]:
    """Notebooks that build the claims ledger explorer (its filter is a 'Claim' dropdown)."""
    import nbformat

    names = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and "claim_ledger_explorer" in c.source for c in nb.cells):
            names.append(path.name)
    return names


def test_claims_ledger_filter_changes_the_table(lab):
    names = _claim_ledger_notebooks()
    if not names:
        pytest.skip("no notebook has a 'Claim' dropdown yet (none calls "
                    "analysis.forces.claims.claim_ledger_explorer)")
    nb = lab.run_all(names[0])
    page = nb.page
    index = next(c["index"] for c in nb.cells if "claim_ledger_explorer" in c["source"]
                 and "import" not in c["source"])
    area = nb.output_of(index)
    dropdown = area.locator(".widget-dropdown").filter(
        has=page.locator("label", has_text=re.compile(r"^\s*Claim\s*$"))).first
    dropdown.wait_for(state="visible", timeout=WIDGET_TIMEOUT * 1000)
    select = dropdown.locator("select")
    rows = area.locator("table tbody tr")

    def row_texts() -> list[str]:
        return [t.strip() for t in rows.all_inner_texts()]

    before = wait_until(row_texts, timeout=WIDGET_TIMEOUT, page=page, what="the ledger table")
    labels = select.locator("option").all_inner_texts()
    assert len(labels) > 1, "the 'Claim' dropdown offers no other choice"
    shown = select.evaluate("(s) => s.selectedIndex")
    # A claim other than the one shown; not the first option (usually "all"), as a person would.
    choice = labels[1] if shown <= 0 else labels[0]
    print(f"{names[0]}: 'Claim' shows option {shown}; choosing {choice!r}")
    select.select_option(label=choice)
    after = wait_until(lambda: (t := row_texts()) != before and t, timeout=WIDGET_TIMEOUT,
                       page=page, what=f"the ledger rows to change after choosing {choice!r}")
    assert after != before
    dropdown.scroll_into_view_if_needed()
    nb.screenshot(lab.screenshot_dir / f"{Path(names[0]).stem}_claim_filter.png")
