import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis.plotting import charts, maps, style  # noqa: E402
from analysis.schema import SIDES  # noqa: E402


def test_every_side_has_a_distinct_colour():
    assert set(style.SIDE_COLOURS) == set(SIDES)
    assert len(set(style.SIDE_COLOURS.values())) == len(SIDES)
    assert style.SIDE_COLOURS["nusra"] != style.SIDE_COLOURS["opposition"]
    with pytest.raises(ValueError, match="expected one of"):
        style.side_colour("blue team")


def test_use_style_applies_and_restores_rcparams():
    before = plt.rcParams["font.size"]
    with style.use_style():
        assert plt.rcParams["font.size"] == 8
    assert plt.rcParams["font.size"] == before


def test_maps_and_charts_draw_with_a_source_line():
    for ax in (maps.plot_locations(), charts.plot_rows_by_month()):
        texts = [t.get_text() for t in ax.texts]
        assert any(t.startswith("Data:") for t in texts)
        ax.figure.canvas.draw()
        plt.close(ax.figure)
    ax = charts.plot_sources_by_grade()
    assert ax.images
    plt.close("all")


def test_control_map_draws_markers_legend_scale_and_title():
    ax = maps.plot_control_map("2015-09-30")
    assert ax.get_title() == "Territorial control, 30 September 2015"
    assert ax.get_legend() is not None
    assert any(t.get_text().endswith(" km") for t in ax.texts)
    plt.close("all")


def test_control_map_zooms_to_a_governorate_and_rejects_unknown_extent():
    ax = maps.plot_control_map("2015-09-30", extent="Idlib")
    x0, x1 = ax.get_xlim()
    assert x1 - x0 < 3
    with pytest.raises(ValueError, match="expected 'syria'"):
        maps.plot_control_map("2015-09-30", extent="Atlantis")
    plt.close("all")


def test_labels_do_not_overlap():
    ax = maps.plot_control_map("2015-09-30")
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(r) for t in ax.texts if t.get_text() and not t.get_text().startswith("Data:")
             and t.get_fontsize() == 6 and t.get_fontstyle() != "italic"]
    assert len(boxes) > 5
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close("all")


def test_small_multiples_timeline_area_and_capture_sequence():
    fig = maps.plot_control_small_multiples()
    assert len(fig.axes) == 4
    ax = charts.plot_control_timeline()
    assert len(ax.patches) > 100
    ax = charts.plot_area_by_side(freq="QS")
    assert ax.collections
    ax = maps.plot_capture_sequence("Idlib", "2015-01-01", "2015-12-31")
    assert "Idlib" in ax.get_title()
    plt.close("all")


def test_forces_deployment_map_and_ledger_charts():
    from analysis import load_dataset
    from analysis.deployments import forces_in_theatre

    fig = charts.plot_forces_in_theatre(forces_in_theatre(freq="W"),
                                        charts.key_dates_from_events(load_dataset().events))
    assert [ax.get_title(loc="left") for ax in fig.axes] == list(charts.FORCE_PANELS.values())
    assert all(ax.get_ylim()[0] == 0 for ax in fig.axes)  # counts never below zero
    assert any(ax.lines for ax in fig.axes)
    assert "30 Sep 2015: air campaign begins" in " ".join(t.get_text() for t in fig.texts)
    fig = maps.plot_deployment_map()
    main, route = fig.axes[:2]
    assert main.collections and route.lines
    ax = charts.plot_claims_ledger()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"denies", "confirms", "evidence: strike"} <= set(labels)
    assert any(type(c).__name__ == "Annotation" for c in ax.texts + ax.get_children())
    plt.close("all")
