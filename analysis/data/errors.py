"""Validation problems and the one exception that carries them all."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

__all__ = ["Problem", "DataValidationError", "format_problems"]

_WIDTHS = {"file": 18, "line": 5, "column": 16, "value": 28, "expected": 0}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    Attributes
    ----------
    file : str
        File name (e.g. ``control.csv``), relative to the data folder.
    line : int or None
        Line as an editor shows it (the header is line 1); None for whole-file problems.
    column : str
        Column name, or empty for problems with a whole row or file.
    value : str
        The offending value as written in the file.
    expected : str
        What was expected, in plain words.
    """

    file: str
    line: int | None
    column: str
    value: str
    expected: str


def _cell(text: object, width: int) -> str:
    text = "" if text is None else str(text).replace("\n", "\\n")
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width) if width else text


def format_problems(problems: list[Problem]) -> str:
    """Render problems as a fixed-width table, one line per problem.

    Parameters
    ----------
    problems : list of Problem

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_problems([Problem("a.csv", 3, "x", "7", "a date")]))  # doctest: +NORMALIZE_WHITESPACE
    file               line  column           value                        expected
    a.csv              3     x                7                            a date
    """
    header = "  ".join(_cell(k, w) for k, w in _WIDTHS.items()).rstrip()
    lines = [header]
    for p in problems:
        row = asdict(p)
        lines.append("  ".join(_cell(row[k], w) for k, w in _WIDTHS.items()).rstrip())
    return "\n".join(lines)


class DataValidationError(ValueError):
    """Raised when the data has problems; lists every problem found, not just the first.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns file, line, column, value, expected.
    """

    def __init__(self, problems: list[Problem]):
        self._problems = list(problems)
        n = len(self._problems)
        files = len({p.file for p in self._problems})
        summary = f"{n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        super().__init__(f"{summary}:\n{format_problems(self._problems)}")

    def __reduce__(self) -> tuple[type[DataValidationError], tuple[list[Problem]]]:
        # Rebuilt from its problems, so that it crosses processes whole (Dask workers).
        return (type(self), (self._problems,))

    @property
    def problems(self) -> pd.DataFrame:
        """Every problem as a table: file, line, column, value, expected."""
        return pd.DataFrame([asdict(p) for p in self._problems], columns=list(_WIDTHS)).astype(
            {"line": "Int64"}
        )

    @property
    def problem_list(self) -> list[Problem]:
        """Every problem as a list of :class:`Problem`, in report order."""
        return list(self._problems)
