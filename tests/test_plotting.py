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
