"""Image baselines (pytest-mpl): one per exported figure, compared with a tolerance.

Regenerate after an intended change (or new data) with ``make baselines``, i.e.::

    .venv/bin/python -m pytest tests/test_figure_images.py --mpl-generate-path=tests/baseline

then look at the new PNGs in tests/baseline/ and commit them.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import analysis  # noqa: E402

from .figure_cases import FIGURES, build  # noqa: E402

BASELINED = list(FIGURES)


@pytest.fixture(scope="module")
def ds():
    return analysis.load_dataset()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", BASELINED)
@pytest.mark.mpl_image_compare(baseline_dir="baseline", filename=None, tolerance=2, style="default",
                               savefig_kwargs={"dpi": 100, "facecolor": "white"})
def test_figure_matches_its_baseline(name, ds, request):
    return build(name, ds)
