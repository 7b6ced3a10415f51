"""Figure export: formats and sizes, determinism, atomicity, the index and the stale check."""

from __future__ import annotations

import io
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.drawing.maps import plot_control_map  # noqa: E402
from analysis.publishing import figures  # noqa: E402
from analysis.publishing.report import check_figures  # noqa: E402
from analysis.territory.control import control_areas, control_at  # noqa: E402

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
        figures.export(plot_control_map(control_at("2015-09-30"), control_areas("2015-09-30"),
                                        date="2015-09-30"), "map", "Map.", ["control"], out_dir=out)
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


def test_layout_check_names_the_figure_the_artists_and_their_text():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "Palmyra", fontsize=8)
    ax.text(0.5, 0.5, "Tiyas", fontsize=8)
    ax.text(0.99, 0.5, "a label running off the page", transform=fig.transFigure, fontsize=8)
    ax.text(0.1, 0.9, "tiny", fontsize=4)
    ax.scatter([0.1], [0.1], s=200)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(handles=ax.collections, labels=["a place"], loc="lower left")
    problems = [str(p) for p in figures.check_layout(fig, "demo_map")]
    assert "demo_map: overlap: text 'Palmyra' in axes 1 <-> text 'Tiyas' in axes 1" in problems
    assert any(p.startswith("demo_map: outside figure: text 'a label running off") for p in problems)
    assert any(p.startswith("demo_map: too small: text 'tiny' in axes 1 at 4 pt") for p in problems)
    assert any(p.startswith("demo_map: legend over marker: legend (a place") for p in problems)
    plt.close("all")


def test_export_refuses_a_failing_figure_unless_a_reason_is_given(tmp_path):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(0.5, 0.5, "one")
    ax.text(0.5, 0.5, "two")
    with pytest.raises(figures.LayoutError, match=r"(?s)'clash' fails the layout check.*text 'one' in axes 1"):
        figures.export(fig, "clash", "c", ["x"], out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="layout_exception"):
        figures.export(fig, "clash", "c", ["x"], out_dir=tmp_path, layout_exception=" ")
    paths = figures.export(fig, "clash", "c", ["x"], out_dir=tmp_path,
                           layout_exception="a demonstration of the override")
    meta = json.loads(paths["json"].read_text())
    assert meta["layout_exception"]["reason"] == "a demonstration of the override"
    assert any("overlap" in p for p in meta["layout_exception"]["problems"])
    plt.close("all")


@pytest.mark.parametrize("name", sorted(__import__("tests.figure_cases", fromlist=["FIGURES"]).FIGURES))
def test_every_exported_figure_passes_the_layout_check_at_print_size(name):
    from .figure_cases import DISC_CROWDING, FIGURES, build

    fig = build(name)
    with figures.prepare_for_print(fig, ["test"], FIGURES[name][1]):
        problems = figures.check_layout(fig, name)
    if name in DISC_CROWDING:  # only numbered discs touching each other or a marker
        problems = [p for p in problems if not (p.first.startswith("annotation '") and p.second.startswith(
            ("annotation '", "marker")))]
    assert problems == [], "\n".join(map(str, problems))
    plt.close("all")


def test_committed_figures_are_current():
    assert figures.stale_figures() == [], "run `make report` and commit figures/"


def test_export_can_show_the_written_figure_and_close_the_live_one(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt
    from PIL import Image as PILImage

    from analysis.publishing import figures as F

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2])
    F.export(fig, "shown", "A demo.", ["none"], size="single", out_dir=tmp_path, show=True)
    assert not plt.fignum_exists(fig.number)  # closed: the notebook does not draw it again
    (image,) = shown
    with PILImage.open(io.BytesIO(image.data)) as im, PILImage.open(tmp_path / "shown.png") as full:
        assert im.size == (-(-full.size[0] // 3), -(-full.size[1] // 3))  # the 300 dpi canvas at 100 dpi
    assert image.width == round(89 / 25.4 * F.SHOWN_DPI)
    # A figure closed by an earlier export can be exported again (Agg draws it).
    F.export(fig, "again", "A demo.", ["none"], size="single", out_dir=tmp_path, show=False)
    assert (tmp_path / "again.png").read_bytes() == (tmp_path / "shown.png").read_bytes()
    assert len(shown) == 1


def test_export_shows_nothing_outside_a_notebook_or_without_a_folder(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from analysis.publishing import figures as F

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    fig, _ = plt.subplots(figsize=(4, 3))
    assert F.export(fig, "quiet", "A demo.", ["none"], out_dir=tmp_path) is not None
    assert F.export(fig, "none", "A demo.", ["none"], out_dir=None, show=True) is None
    assert shown == [] and plt.fignum_exists(fig.number)
    plt.close(fig)
