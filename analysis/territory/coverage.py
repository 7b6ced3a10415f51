"""Where the map is thin and who held each governorate's places: series over the study period.

:func:`unknown_share` says, month by month, what share of the coded places no source speaks
of (controller ``unknown``), so a reader sees where the map rests on little;
:func:`places_by_side` counts each governorate's coded places by the side holding them, the
compact view of fourteen years that a bar per place can no longer give.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.arguments import STUDY_START_TS, STUDY_STOP_TS, DateLike, as_date
from analysis.data.load import Dataset, dataset_or_default
from analysis.territory.control import _dates, _offensive_days, _series_dates, control_intervals

__all__ = ["unknown_share", "places_by_side", "snapshot_dates", "map_dates"]


def _live(iv: pd.DataFrame, days: pd.DatetimeIndex) -> np.ndarray:
    """Which interval covers which date: every interval against every date at once."""
    when = days.to_numpy()[None, :]
    return (iv["valid_from"].to_numpy()[:, None] <= when) & (iv["valid_to"].to_numpy()[:, None] > when)


def unknown_share(
    start: DateLike | None = None,
    end: DateLike | None = None,
    freq: str = "MS",
    *,
    dates: Sequence[DateLike] | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Share of the coded places whose holder no source gives, on each date.

    Parameters
    ----------
    start, end : date-like, optional
        Default: the study period.
    freq : str
        pandas frequency (default month starts).
    dates : sequence of date-like, optional
        Explicit dates instead of a range (e.g. every 1 January).
    dataset : Dataset, optional

    Returns
    -------
    pandas.DataFrame
        Index: dates; ``places`` (coded places), ``unknown`` (of them, controller unknown),
        ``share`` (unknown / places).

    Examples
    --------
    >>> s = unknown_share(dates=["2016-01-01"])
    >>> bool(0 <= s["share"].iloc[0] <= 1)
    True
    """
    days = (
        _dates(start, end, freq) if dates is None else pd.DatetimeIndex([as_date(d, "dates") for d in dates])
    )
    iv = control_intervals(dataset=dataset_or_default(dataset))
    live = _live(iv, days)
    places = live.sum(axis=0)
    unknown = live[(iv["controller"] == "unknown").to_numpy()].sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(places > 0, unknown / np.maximum(places, 1), np.nan)
    out = pd.DataFrame({"places": places, "unknown": unknown, "share": share}, index=days)
    out.index.name = "date"
    return out


def places_by_side(
    start: DateLike | None = None,
    end: DateLike | None = None,
    freq: str = "MS",
    *,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """Coded places of each governorate by the side holding them, on each date.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``governorate``, ``side``, ``places`` (long form, every
        governorate-side pair present on a date).

    Examples
    --------
    >>> t = places_by_side("2015-01-01", "2015-03-01")
    >>> sorted(t.columns)
    ['date', 'governorate', 'places', 'side']
    """
    # Each day of the final offensive and the last day too: month starts alone would stop
    # before the changes of December 2024.
    days = _series_dates(start, end, freq)
    iv = control_intervals(dataset=dataset_or_default(dataset))
    rows, cols = np.nonzero(_live(iv, days))
    held = pd.DataFrame(
        {
            "date": days[cols],
            "governorate": iv["governorate"].to_numpy()[rows],
            "side": iv["side"].to_numpy()[rows],
        }
    ).astype({"governorate": iv["governorate"].dtype, "side": iv["side"].dtype})
    out = held.groupby(["date", "governorate", "side"], observed=True).size().rename("places").reset_index()
    out["governorate"] = out["governorate"].astype(str)
    out["side"] = out["side"].astype(str)
    return out[["date", "governorate", "side", "places"]]


def snapshot_dates(years: Sequence[int], *extra: DateLike) -> list[pd.Timestamp]:
    """1 January of each year given, then any extra dates (for small multiples).

    Examples
    --------
    >>> [f"{d:%Y-%m-%d}" for d in snapshot_dates([2015, 2016], "2024-12-08")]
    ['2015-01-01', '2016-01-01', '2024-12-08']
    """
    days = [as_date(f"{y}-01-01", "years") for y in years]
    return days + [as_date(d, "extra") for d in extra]


def map_dates(
    start: DateLike | None = None, stop: DateLike | None = None, days: int | None = None
) -> pd.DatetimeIndex:
    """The dates a map series steps through (the animation's frames, the explorers' slider).

    By default one frame at each month start of the study period and one a day through the
    final offensive (``config.FINAL_OFFENSIVE``), whose eleven days a monthly frame would
    hide; with ``days``, every ``days`` days from ``start`` while before ``stop``.

    Parameters
    ----------
    start, stop : date-like, optional
        Default: the study period, its first day up to (not including) the day after its last.
    days : int, optional
        Step between frames in days; default monthly, daily through the final offensive.

    Returns
    -------
    pandas.DatetimeIndex

    Examples
    --------
    >>> d = map_dates("2015-01-01", "2015-03-01", days=7)
    >>> len(d), f"{d[0]:%Y-%m-%d}", f"{d[-1]:%Y-%m-%d}"
    (9, '2015-01-01', '2015-02-26')
    >>> d = map_dates()
    >>> bool(d.is_monotonic_increasing and d.is_unique)
    True
    """
    if days is not None and days < 1:
        raise ValueError(f"days={days!r}: expected a whole number of days, 1 or more")
    first = as_date(start, "start") if start is not None else STUDY_START_TS
    last = as_date(stop, "stop") if stop is not None else STUDY_STOP_TS
    if last <= first:
        raise ValueError(f"stop {last:%Y-%m-%d} is not after start {first:%Y-%m-%d}")
    final_day = last - pd.Timedelta(days=1)
    if days is not None:
        return pd.date_range(first, final_day, freq=f"{days}D")
    months = pd.date_range(first, final_day, freq="MS").union(pd.DatetimeIndex([first]))
    return months.union(_offensive_days(first, final_day))
