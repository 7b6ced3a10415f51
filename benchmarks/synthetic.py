"""A scaled synthetic copy of the shipped tables, for benchmarks at more places than we code.

Each extra copy of a place is the same place moved a few kilometres (jittered inside Syria)
under a new id, with the same control history; nothing is written to ``data/``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from analysis.data.boundaries import syria_outline
from analysis.data.load import Dataset


def scaled_dataset(ds: Dataset, places: int, *, seed: int = 0) -> Dataset:
    """A copy of ``ds`` whose control table covers about ``places`` places.

    Parameters
    ----------
    ds : Dataset
        The shipped tables.
    places : int
        Number of studied places wanted (at least the shipped number).
    seed : int
        Seed of the jitter, so a benchmark sees the same copy on every run.

    Returns
    -------
    Dataset
    """
    out = ds.copy()
    studied = out.locations[out.locations["id"].isin(out.control["location_id"])]
    extra = places - len(studied)
    if extra <= 0:
        return out
    rng = np.random.default_rng(seed)
    border = syria_outline(out.boundaries)
    new_locs, new_control = [], []
    copy_no = 0
    while extra > 0:
        copy_no += 1
        take = studied.sample(n=min(extra, len(studied)), random_state=int(rng.integers(1 << 31)))
        # 0.05-0.25 degrees (about 5-25 km) in a random direction, kept inside Syria.
        r = rng.uniform(0.05, 0.25, len(take))
        a = rng.uniform(0, 2 * np.pi, len(take))
        x = take.geometry.x.to_numpy() + r * np.cos(a)
        y = take.geometry.y.to_numpy() + r * np.sin(a)
        inside = shapely.contains_xy(border, x, y)
        take, x, y = take[inside], x[inside], y[inside]
        locs = take.copy()
        ids = locs["id"] + f"__s{copy_no}"
        mapping = dict(zip(locs["id"], ids))
        locs["id"] = ids.to_numpy()
        locs["geometry"] = shapely.points(x, y)
        ctrl = out.control[out.control["location_id"].isin(mapping)].copy()
        ctrl["location_id"] = ctrl["location_id"].map(mapping)
        ctrl["geometry"] = ctrl["location_id"].map(dict(zip(ids, locs.geometry))).to_numpy()
        new_locs.append(locs)
        new_control.append(ctrl)
        extra -= len(locs)
    out.locations = pd.concat([out.locations, *new_locs], ignore_index=True)
    out.control = pd.concat([out.control, *new_control], ignore_index=True)
    out.content_hash = f"{ds.content_hash}-scaled-{places}-{seed}"
    return out
