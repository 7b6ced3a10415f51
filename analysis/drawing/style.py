"""One colour per side across the whole package, and the shipped matplotlib style.

The palette follows the familiar control-map convention (government red, opposition
green, ISIS black, Kurdish yellow) with colour-blind-safe hues from Okabe & Ito (2008);
al-Nusra is purple so that it never reads as the rest of the opposition.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.backend_bases import FigureCanvasBase

from analysis.data.schema import SIDES

__all__ = [
    "SIDE_COLOURS",
    "SIDE_LABELS",
    "NOT_ASSESSED_HATCH",
    "METHOD_LABELS",
    "method_label",
    "STATUS_MARKERS",
    "DATASET_COLOURS",
    "DATASET_LABELS",
    "side_colour",
    "use_style",
    "STYLE_PATH",
]

STYLE_PATH = Path(__file__).with_name("atlas.mplstyle")

SIDE_COLOURS: dict[str, str] = {
    "government": "#D55E00",  # vermillion (red)
    # The authorities that replaced the government on 8 December 2024: blue; Russia's two
    # bases take indigo, darker and redder, so the two never meet on one map unexplained.
    "transitional": "#0072B2",  # blue
    "opposition": "#009E73",  # bluish green
    "nusra": "#CC79A7",  # reddish purple
    "isis": "#1A1A1A",  # near black
    "kurdish": "#F0E442",  # yellow
    "russia": "#332288",  # indigo (Tol)
    "iran_hezbollah": "#E69F00",  # orange
    "us_coalition": "#56B4E9",  # sky blue
    "turkey": "#882255",  # wine
    "other": "#999999",  # grey
    "unknown": "#DDDDDD",  # light grey
    # Not a side: land that no coded place reaches (control_areas(..., method="reach")).
    # Drawn light grey and hatched (NOT_ASSESSED_HATCH) so that it never reads as "unknown".
    "not_assessed": "#EBEBEB",
    # Not a side: the population of a city coded as places of different sides (Aleppo).
    "divided": "#B0A48C",
}
assert set(SIDE_COLOURS) == set(SIDES) | {"not_assessed", "divided"}
#: Hatch of not-assessed land on maps and in legends.
NOT_ASSESSED_HATCH = "xxxx"

SIDE_LABELS: dict[str, str] = {
    "government": "Government and allies",
    "transitional": "New authorities (from 8 Dec 2024)",
    "opposition": "Opposition",
    "nusra": "al-Nusra / HTS",
    "isis": "ISIS",
    "kurdish": "Kurdish (YPG/SDF)",
    "russia": "Russia (bases)",
    "iran_hezbollah": "Iran / Hezbollah",
    "us_coalition": "US-led coalition and partners",
    "turkey": "Turkey and the SNA",
    "other": "Other",
    "unknown": "Unknown",
    "not_assessed": "Not assessed",
    "divided": "Divided city (Aleppo)",
}

#: How each control-surface method is named on a map (title or caption).
METHOD_LABELS: dict[str, str] = {
    "voronoi": "Voronoi estimate: each place's nearest land, not a front line",
    "reach": "land within {reach_km:g} km of a coded place; the rest not assessed",
    "reach_population": "land within a reach growing with each place's pre-war population "
    "({reach_km:g} km at 10,000 people); the rest not assessed",
    "places": "coded places with a GeoNames population",
}


def method_label(attrs: dict) -> str:
    """The sentence that says how a control surface was drawn, from its ``attrs``.

    Examples
    --------
    >>> method_label({"method": "reach", "reach_km": 10.0})
    'land within 10 km of a coded place; the rest not assessed'
    """
    method = attrs.get("method")
    if method not in METHOD_LABELS:
        raise ValueError(
            f"method={method!r} is unknown; expected one of: {', '.join(METHOD_LABELS)} "
            "(pass the result of analysis.territory.control.control_areas or area_by_side)"
        )
    return METHOD_LABELS[method].format(reach_km=attrs.get("reach_km") or 0)


#: Colours of event datasets (not of sides): Okabe & Ito hues the side palette leaves free.
DATASET_COLOURS: dict[str, str] = {"hand_coded": "#1A1A1A", "acled": "#E69F00", "ucdp_ged": "#56B4E9"}
DATASET_LABELS: dict[str, str] = {
    "hand_coded": "hand-coded (this atlas)",
    "acled": "ACLED",
    "ucdp_ged": "UCDP GED",
}

#: Marker per control status: held filled circles, contested diamonds, besieged squares.
STATUS_MARKERS: dict[str, str] = {"held": "o", "contested": "D", "besieged": "s"}


def side_colour(side: str) -> str:
    """Hex colour of a side.

    Examples
    --------
    >>> side_colour("government")
    '#D55E00'
    """
    try:
        return SIDE_COLOURS[side]
    except KeyError:
        raise ValueError(f"side={side!r} is unknown; expected one of: {', '.join(SIDE_COLOURS)}") from None


@contextmanager
def use_style():
    """Context manager applying the package's matplotlib style.

    Examples
    --------
    >>> with use_style():
    ...     size = plt.rcParams["font.size"]
    >>> size
    8.0
    """
    # geopandas asks the canvas to redraw after every layer it plots (draw_idle, which the
    # Agg canvas does at once): a map of eleven panels would redraw the whole figure some 130
    # times. Figures are drawn once, when they are shown or exported.
    draw = FigureCanvasBase.draw_idle
    FigureCanvasBase.draw_idle = lambda self, *args, **kwargs: None
    with plt.style.context(STYLE_PATH):
        try:
            yield
        finally:
            # The first figure of a Jupyter session resolves the inline backend and turns
            # interactive mode on inside this context; leaving it must not undo that, or
            # later figures would never be shown.
            interactive = matplotlib.is_interactive()
            FigureCanvasBase.draw_idle = draw
    matplotlib.interactive(interactive)
