"""Drawing only: the palette and style, maps and charts. Data logic lives elsewhere."""

from .style import SIDE_COLOURS, side_colour, use_style

__all__ = ["SIDE_COLOURS", "side_colour", "use_style"]
