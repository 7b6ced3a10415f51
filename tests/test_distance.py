"""Distance is computed one way: the haversine helper, checked against known distances."""

import numpy as np
import pytest

from analysis.data.distance import KM_PER_DEGREE_LATITUDE, haversine_km


def test_one_degree_of_latitude_and_a_quarter_meridian():
    assert haversine_km(38.0, 35.0, 38.0, 36.0) == pytest.approx(KM_PER_DEGREE_LATITUDE)
    assert haversine_km(0, 0, 0, 90) == pytest.approx(10007.5, rel=1e-4)


def test_arrays_broadcast_and_zero_distance():
    d = haversine_km(np.array([36.29, 36.29]), np.array([33.51, 33.51]), 36.29, np.array([33.51, 34.51]))
    assert d[0] == 0 and d[1] == pytest.approx(KM_PER_DEGREE_LATITUDE)


def test_used_by_the_gazetteer_check_and_the_same_site_rule():
    import inspect

    from analysis.data import gazetteer
    from analysis.events import comparison as event_comparison
    from analysis.forces import deployments

    for module in (deployments, event_comparison, gazetteer):
        assert "haversine_km" in inspect.getsource(module)
