"""Fixtures for the doctests in ``analysis/`` (the tests' own live in ``tests/conftest.py``)."""

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a doctest opened, so that they do not pile up across doctests."""
    yield
    plt.close("all")
