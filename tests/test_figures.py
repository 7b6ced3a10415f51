"""Figure export: formats and sizes, determinism, atomicity, the index and the stale check."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from analysis import figures  # noqa: E402
from analysis.plotting.maps import plot_control_map  # noqa: E402
from analysis.report import check_figures  # noqa: E402

from .conftest import set_cell  # noqa: E402


def simple_figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1, 2], [2, 0, 1])
    ax.set_title("demo")
    return fig


@pytest.mark.parametrize("size,width_px", [("single", round(89 / 25.4 * 300)), ("double", round(183 / 25.4 * 300))])
def test_export_writes_three_formats_at_report_width(tmp_path, size, width_px):
    paths = figures.export(simple_figure(), "demo", "A demo figure.", ["control"], size=size, out_dir=tmp_path)
    assert {p.suffix for p in paths.values()} == {".png", ".svg", ".pdf", ".json"}
    png = Image.open(paths["png"])
    assert abs(png.size[0] - width_px) <= 1
    assert png.size[1] == pytest.approx(width_px * 3 / 4, abs=2)
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert b"<svg" in paths["svg"].read_bytes()[:500]
    meta = json.loads(paths["json"].read_text())
    assert meta["sources"] == ["control"] and len(meta["data_hash"]) == 64
    plt.close("all")


def test_export_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        figures.export(plot_control_map("2015-09-30"), "map", "Map.", ["control"], out_dir=out)
        plt.close("all")
    for fmt in ("png", "svg", "pdf"):
        assert (a / f"map.{fmt}").read_bytes() == (b / f"map.{fmt}").read_bytes(), fmt
    svg = (a / "map.svg").read_text()
    assert "<dc:date>" not in svg and "CreationDate" not in (a / "map.pdf").read_bytes().decode("latin-1")


def test_failure_mid_export_leaves_the_old_files(tmp_path, monkeypatch):
    figures.export(simple_figure(), "demo", "First.", ["x"], out_dir=tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = figures._render

    def failing(fig, fmt):
        if fmt == "pdf":
            raise RuntimeError("disk full")
        return real(fig, fmt)

    monkeypatch.setattr(figures, "_render", failing)
    fig = simple_figure()
    fig.axes[0].set_title("changed")
    with pytest.raises(RuntimeError):
        figures.export(fig, "demo", "Second.", ["x"], out_dir=tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    plt.close("all")


def test_export_without_out_dir_writes_nothing(tmp_path):
    assert figures.export(simple_figure(), "demo", "c", ["x"], out_dir=None) is None
    with pytest.raises(ValueError, match="size="):
        figures.export(simple_figure(), "demo", "c", ["x"], size="poster", out_dir=tmp_path)
    with pytest.raises(ValueError, match="name="):
        figures.export(simple_figure(), "../evil", "c", ["x"], out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
    plt.close("all")


def test_index_lists_every_figure_with_caption_sources_and_hash(tmp_path):
    figures.export(simple_figure(), "one", "First caption.", ["control"], out_dir=tmp_path, notebook="02_x.ipynb")
    figures.export(simple_figure(), "two", "Second caption.", ["events"], out_dir=tmp_path)
    text = figures.write_figure_index(tmp_path).read_text()
    assert text.count("## ") == 2 and "First caption." in text and "`02_x.ipynb`" in text
    assert '<img src="one.png"' in text and "data hash" in text
    plt.close("all")


def test_stale_check_detects_an_edited_csv(tmp_path, data_copy, capsys):
    out = tmp_path / "figs"
    figures.export(simple_figure(), "demo", "c", ["x"], out_dir=out, data_dir=data_copy)
    assert figures.stale_figures(data_copy, out) == []
    assert check_figures(data_copy, out) == 0
    set_cell(data_copy / "claims.csv", 2, "notes", "an edit")
    assert figures.stale_figures(data_copy, out) == ["demo"]
    assert check_figures(data_copy, out) == 1
    assert "demo" in capsys.readouterr().out
    plt.close("all")


def test_committed_figures_are_current():
    assert figures.stale_figures() == [], "run `make report` and commit figures/"
