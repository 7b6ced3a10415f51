"""Drawing only: the palette and style, maps, charts and the ipywidgets explorers.

Data logic lives elsewhere; everything here draws what it is given.
"""

from analysis.drawing.style import SIDE_COLOURS, side_colour, use_style

__all__ = ["SIDE_COLOURS", "side_colour", "use_style"]
