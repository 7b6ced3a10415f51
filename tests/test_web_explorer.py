"""The offline explorer page: what it embeds, by the library's own rules (browser test: tests/e2e)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.cli import main
from analysis.drawing.style import SIDE_COLOURS, SIDE_LABELS
from analysis.publishing.animation import animation_dates
from analysis.publishing.site import offline_problems
from analysis.publishing.web_explorer import SIDE_CODE_BASE, explorer_data, write_web_explorer
from analysis.territory.control import cell_sides, control_at, control_cells


@pytest.fixture(scope="module")
def data():
    return explorer_data()


def _embedded(page: str) -> dict:
    raw = re.search(r'<script id="atlas-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    return json.loads(raw.replace("<\\/", "</"))


def test_the_dates_are_the_animations(data):
    assert data["dates"] == [f"{d:%Y-%m-%d}" for d in animation_dates()]
    assert len(data["place_sides"]) == len(data["cell_sides"]) == len(data["dates"])


def test_every_date_codes_the_sides_control_at_and_cell_sides_give(data):
    sides = [s["id"] for s in data["sides"]]
    cells = control_cells(method="voronoi")
    assert [p["id"] for p in data["places"]] == list(control_at(data["dates"][0])["location_id"])
    step = max(1, len(data["dates"]) // 12)
    for k in [*range(0, len(data["dates"]), step), len(data["dates"]) - 1]:
        snap = control_at(data["dates"][k])
        decoded = [sides[ord(c) - SIDE_CODE_BASE] for c in data["place_sides"][k]]
        assert decoded == list(snap["side"].astype(str)), data["dates"][k]
        cell_decoded = [sides[ord(c) - SIDE_CODE_BASE] for c in data["cell_sides"][k]]
        assert cell_decoded == list(cell_sides(cells, snap).astype(str)), data["dates"][k]


def test_sides_carry_the_palette_and_display_names(data):
    for side in data["sides"]:
        assert side["colour"] == SIDE_COLOURS[side["id"]] and side["label"] == SIDE_LABELS[side["id"]]


def test_a_places_intervals_give_the_holder_source_and_quote_control_at_gives(data):
    day = data["dates"][len(data["dates"]) // 2]
    snap = control_at(day).set_index("location_id")
    for place in data["places"][:: max(1, len(data["places"]) // 25)]:
        covering = [iv for iv in place["intervals"] if iv[0] <= day < iv[1]]
        expected = snap.loc[place["id"]]
        if not covering:
            assert expected["controller"] == "unknown"
            continue
        start, _, actor, _, source, quote = covering[0]
        assert data["actors"][actor][0] == expected["controller"]
        assert start == f"{expected['valid_from']:%Y-%m-%d}"
        assert quote == (expected["quote"] if pd.notna(expected["quote"]) else "")


def test_the_page_is_one_offline_file_under_two_megabytes(tmp_path, capsys):
    assert main(["web-explorer", "--out", str(tmp_path / "explorer.html")]) == 0
    assert "MB" in capsys.readouterr().out
    page = (tmp_path / "explorer.html").read_text(encoding="utf-8")
    size = len(page.encode("utf-8"))
    print(f"explorer.html: {size / 1e6:.2f} MB")
    assert size < 2_000_000
    # Nothing loaded from anywhere: no element with a src or href in the markup, no CDN.
    markup = page.replace(re.search(r'(?s)<script id="atlas-data".*?</script>', page).group(0), "")
    assert not re.search(r"<[a-z]+\b[^>]*\b(src|href)\s*=", markup, re.I) and "cdn" not in markup.lower()
    assert offline_problems(tmp_path) == []
    assert _embedded(page)["dates"][0] == f"{animation_dates()[0]:%Y-%m-%d}"


def test_a_quote_cannot_close_the_data_script(tmp_path):
    from analysis.publishing.web_explorer import explorer_html

    page = explorer_html({"title": "t", "dates": [], "places": [{"name": "</script><b>x"}]})
    assert _embedded(page)["places"][0]["name"] == "</script><b>x"


def test_another_date_list(tmp_path):
    days = pd.DatetimeIndex(["2015-06-01", "2016-06-01"])
    result = write_web_explorer(tmp_path / "e.html", dates=days)
    assert result.dates == 2 and result.path.exists() and result.size_bytes == result.path.stat().st_size
