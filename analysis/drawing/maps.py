"""Maps drawn offline from the shipped boundaries (nothing is downloaded): the public face.

The drawing lives in :mod:`~analysis.drawing.base_map` (boundaries, markers, labels,
legend), :mod:`~analysis.drawing.control_maps` and :mod:`~analysis.drawing.deployment_maps`;
notebooks import the maps from here.

Every map draws what it is given — a control snapshot and surface from
:mod:`analysis.territory.control`, changes of hands, arrivals from :mod:`analysis.forces.deployments` — and
the :class:`~analysis.data.load.Dataset` only supplies boundaries and lookup tables (``dataset=``,
keyword-only, last). Figures are built at their print width (183 mm) with a fixed layout, so
that labels placed by :func:`analysis.drawing.labels.label_points` stay clear of each other
when :func:`analysis.publishing.figures.export` writes them.
"""

from __future__ import annotations

from analysis.drawing.base_map import (
    GOVERNORATE_CAPITALS,
    KIND_MARKERS,
    PRINT_WIDTH_IN,
    SYRIA_EXTENT,
    actor_names,
    add_scale_bar,
    add_source_line,
    extent_of,
    fix_layout,
    key_places,
    label_governorates,
    label_places,
    legend_handles,
    plot_base_map,
    plot_locations,
)
from analysis.drawing.control_maps import (
    DEFAULT_SNAPSHOTS,
    plot_capture_sequence,
    plot_control_map,
    plot_control_small_multiples,
)
from analysis.drawing.deployment_maps import (
    ASSET_CLASS_COLOURS,
    DEFAULT_ROUTES,
    plot_deployment_map,
    plot_russian_sites,
)

__all__ = [
    "plot_base_map",
    "plot_locations",
    "add_source_line",
    "add_scale_bar",
    "SYRIA_EXTENT",
    "plot_control_map",
    "DEFAULT_SNAPSHOTS",
    "plot_control_small_multiples",
    "plot_capture_sequence",
    "plot_deployment_map",
    "plot_russian_sites",
    "extent_of",
    "label_places",
    "label_governorates",
    "legend_handles",
    "key_places",
    "actor_names",
    "fix_layout",
    "GOVERNORATE_CAPITALS",
    "DEFAULT_ROUTES",
    "KIND_MARKERS",
    "ASSET_CLASS_COLOURS",
    "PRINT_WIDTH_IN",
]
