"""The kernel-free control explorer (``explorer.html``) as a reader opens it: file://, offline, Chromium.

The page is built once into a temporary folder from the shipped data; the tests move the
slider (a cell's fill changes to the colour the data give), play, zoom to a governorate, click
a place (the holder shown is the controller ``control_at`` gives for that date), and find no
console error and no request at all. The time to the first drawn map is printed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.publishing.web_explorer import SIDE_CODE_BASE, explorer_data, write_web_explorer
from analysis.territory.control import control_at

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = explorer_data()
    result = write_web_explorer(tmp_path_factory.mktemp("explorer") / "explorer.html")
    print(f"\nexplorer.html: {result.size_bytes / 1e6:.2f} MB, {result.dates} dates, built in {result.seconds:.1f} s")
    return result.path, data


@pytest.fixture
def page(built, browser):
    path, _ = built
    context = browser.new_context(viewport={"width": 1366, "height": 900}, offline=True)
    problems: list[str] = []
    requests: list[str] = []
    pg = context.new_page()
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    pg.on("request", lambda r: requests.append(r.url))
    started = time.perf_counter()
    pg.goto(Path(path).as_uri(), wait_until="load")
    pg.wait_for_selector("html[data-ready='1']", timeout=10_000)
    wall_ms = (time.perf_counter() - started) * 1000
    first_ms = pg.evaluate("window.atlasFirstMapMs")
    print(f"\ntime to first map: {first_ms:.0f} ms after navigation start (page.goto to ready: {wall_ms:.0f} ms)")
    pg.problems, pg.requests, pg.first_ms = problems, requests, first_ms
    yield pg
    context.close()
    assert problems == []
    assert requests == [Path(path).as_uri()], f"the page requested more than itself: {requests}"


def _side_colour(data, code_string: str, index: int) -> str:
    return data["sides"][ord(code_string[index]) - SIDE_CODE_BASE]["colour"]


def test_the_map_draws_quickly_with_a_legend_of_display_names(page, built):
    _, data = built
    assert page.first_ms < 5000
    assert page.locator("#cells path").count() == len(data["cells"])
    assert page.locator("#places circle").count() == len(data["places"])
    legend = page.locator("#legend").inner_text()
    for side in data["sides"]:
        assert side["label"] in legend
    assert "government" not in legend.split("\n")  # display names, not ids


def test_moving_the_slider_recolours_the_map(page, built):
    _, data = built
    # Two dates and a cell whose side differs between them, found in the data.
    a = 0
    b, cell = next((k, i) for k in range(len(data["dates"]) - 1, 0, -1)
                   for i, (x, y) in enumerate(zip(data["cell_sides"][a], data["cell_sides"][k])) if x != y)
    target = page.locator(f"#cells path[data-cell='{cell}']")
    page.locator("#slider").fill(str(a))
    before = target.get_attribute("fill")
    assert before == _side_colour(data, data["cell_sides"][a], cell)
    page.locator("#slider").fill(str(b))
    assert page.locator("#date").get_attribute("data-date") == data["dates"][b]
    after = target.get_attribute("fill")
    assert after == _side_colour(data, data["cell_sides"][b], cell) and after != before


def test_play_advances_the_date_and_pause_stops_it(page):
    page.locator("#slider").fill("0")
    first = page.locator("#date").get_attribute("data-date")
    page.locator("#play").click()
    page.wait_for_function("d => document.querySelector('#date').dataset.date !== d", arg=first, timeout=5000)
    page.locator("#play").click()
    stopped = page.locator("#date").get_attribute("data-date")
    page.wait_for_timeout(800)
    assert page.locator("#date").get_attribute("data-date") == stopped != first


def test_clicking_a_place_shows_the_holder_control_at_gives_with_source_and_quote(page, built):
    _, data = built
    k = len(data["dates"]) // 2
    day = data["dates"][k]
    snap = control_at(day).set_index("location_id")
    # A place that sits alone in its cell and has a quoted interval on that day.
    alone = {c["places"][0] for c in data["cells"] if len(c["places"]) == 1}
    ids = [p["id"] for p in data["places"]]
    choice = next(i for i in ([ids.index("idlib")] if "idlib" in ids else []) + sorted(alone)
                  if i in alone and snap.loc[ids[i], "controller"] != "unknown")
    place = data["places"][choice]
    page.locator("#slider").fill(str(k))
    page.locator("#zoom").select_option(label=place["governorate"])
    assert page.locator("#map").get_attribute("viewBox") != f"0 0 {data['width']:g} {data['height']:g}"
    marker = page.locator(f"#places circle[data-place='{place['id']}']")
    marker.hover()
    tip = page.locator("#tip").inner_text()
    actor_names = {a[0]: a[1] for a in data["actors"]}
    assert place["name"] in tip and actor_names[snap.loc[place["id"], "controller"]] in tip
    marker.click()
    holder = page.locator("#info .holder")
    expected = snap.loc[place["id"]]
    assert holder.get_attribute("data-controller") == expected["controller"]
    assert holder.inner_text() == actor_names[expected["controller"]]
    assert page.locator("#info .name").inner_text() == place["name"]
    if pd.notna(expected["quote"]):
        assert str(expected["quote"]) in page.locator("#info .quote").inner_text()
    assert page.locator("#info a.source").count() == 1
    # The panel follows the slider: another date, the holder control_at gives then.
    page.locator("#slider").fill("0")
    then = control_at(data["dates"][0]).set_index("location_id").loc[place["id"], "controller"]
    assert page.locator("#info .holder").get_attribute("data-controller") == then
