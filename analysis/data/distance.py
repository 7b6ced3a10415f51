"""Distance between points on the Earth, computed one way everywhere in the package.

Great-circle (haversine) distance on a sphere of the mean Earth radius: within 0.5 % of the
ellipsoidal distance at Syria's latitudes, which is far below the precision of the coded
places. Distances from a point to a polygon (a governorate) are measured in the equal-area
projection instead (:func:`analysis.data.boundaries.distance_to_governorate_km`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["EARTH_RADIUS_KM", "KM_PER_DEGREE_LATITUDE", "haversine_km"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
#: Great-circle km per degree of latitude on that sphere.
KM_PER_DEGREE_LATITUDE = EARTH_RADIUS_KM * np.pi / 180


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km between points given in decimal degrees.

    Scalars or arrays (broadcast); returns a float for scalars, an array otherwise.

    Examples
    --------
    >>> round(haversine_km(36.29, 33.51, 37.16, 36.20), 1)  # Damascus to Aleppo
    309.5
    """
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    out = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return float(out) if np.ndim(out) == 0 else out
