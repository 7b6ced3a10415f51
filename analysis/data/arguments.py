"""Checking arguments at the door: dates and governorates, with errors a user can act on.

Every public function that takes a date or a governorate name checks it here, so that a
bad value gives the same message everywhere: the argument, the value and what is allowed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Union

import numpy as np
import pandas as pd

from analysis.config import STUDY_END, STUDY_START
from analysis.data.schema import GOVERNORATES

__all__ = ["DateLike", "STUDY_START_TS", "STUDY_STOP_TS", "as_date", "check_date_range", "check_governorate"]

#: What a date argument accepts: ``"2015-09-30"``, a ``pandas.Timestamp`` or a ``datetime``.
DateLike = Union[str, pd.Timestamp, datetime, date]

#: First day of the study period.
STUDY_START_TS = pd.Timestamp(STUDY_START)
#: Exclusive end of the study period: an open interval runs to here.
STUDY_STOP_TS = pd.Timestamp(STUDY_END) + pd.Timedelta(days=1)


def as_date(value: DateLike, name: str, within_study: bool = True) -> pd.Timestamp:
    """Parse a date argument, or raise a ValueError that names it.

    Parameters
    ----------
    value : str, Timestamp, datetime or date
        The value given, e.g. ``"2015-09-30"``.
    name : str
        The argument's name, for the message.
    within_study : bool
        Also require the date to lie in the study period (``config.STUDY_START`` ..
        ``STUDY_END``).

    Returns
    -------
    pandas.Timestamp

    Examples
    --------
    >>> as_date("2015-09-30", "date")
    Timestamp('2015-09-30 00:00:00')
    >>> as_date("30/09/2015x", "date")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: date='30/09/2015x' is not a date; expected a date as YYYY-MM-DD ...
    """
    ts = None
    # Numbers are refused: pandas would read 3.5 as nanoseconds after 1970.
    if isinstance(value, (str, date, np.datetime64)):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            ts = None
    if ts is None or pd.isna(ts):
        raise ValueError(
            f"{name}={value!r} is not a date; expected a date as YYYY-MM-DD "
            "(e.g. '2015-09-30') or a pandas.Timestamp"
        )
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    if within_study and not (STUDY_START_TS <= ts < STUDY_STOP_TS):
        raise ValueError(f"{name}={ts.date()} is outside the coded range {STUDY_START} to {STUDY_END}")
    return ts


def check_date_range(
    start: pd.Timestamp | None, end: pd.Timestamp | None, names: tuple[str, str] = ("start", "end")
) -> None:
    """Raise a ValueError when ``end`` is before ``start``.

    Examples
    --------
    >>> check_date_range(pd.Timestamp("2015-02-01"), pd.Timestamp("2015-01-01"))
    Traceback (most recent call last):
    ...
    ValueError: end=2015-01-01 is before start=2015-02-01
    """
    if start is not None and end is not None and end < start:
        raise ValueError(f"{names[1]}={end.date()} is before {names[0]}={start.date()}")


def check_governorate(governorate: str | None, name: str = "governorate") -> None:
    """Raise a ValueError unless ``governorate`` is None or one of the 14 names.

    Examples
    --------
    >>> check_governorate("Narnia")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: governorate='Narnia' is unknown; expected one of: Aleppo, As-Suwayda, ..., Tartus
    """
    if governorate is not None and governorate not in GOVERNORATES:
        raise ValueError(f"{name}={governorate!r} is unknown; expected one of: " + ", ".join(GOVERNORATES))
