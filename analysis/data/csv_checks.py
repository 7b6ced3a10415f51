"""The strict-CSV checks that the table validator and the export readers share.

One wording per defect, whoever reads the file: a byte that is not UTF-8, a row with the
wrong number of fields, broken quoting, a header with a missing or repeated column, and
latitude and longitude that look swapped. Each function returns
:class:`~analysis.data.errors.Problem` rows (file, line, column, value, expected).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analysis.data.errors import Problem

__all__ = [
    "UTF8_EXPECTED",
    "decode_utf8",
    "utf8_problem",
    "ragged_row_problem",
    "malformed_csv_problem",
    "header_problems",
    "swapped_coordinates_expected",
]

UTF8_EXPECTED = "UTF-8 text (re-save the file as UTF-8)"


def utf8_problem(data: bytes, filename: str, error: UnicodeDecodeError) -> Problem:
    r"""The problem for the first byte that is not UTF-8, with its line and the bytes.

    Examples
    --------
    >>> data = "a\nb\n".encode() + b"\xe9t\xe9"
    >>> try:
    ...     data.decode("utf-8")
    ... except UnicodeDecodeError as err:
    ...     p = utf8_problem(data, "x.csv", err)
    >>> p.line, p.expected
    (3, 'UTF-8 text (re-save the file as UTF-8)')
    """
    line = data[: error.start].count(b"\n") + 1
    bad = data[error.start : error.end + 8].decode("latin-1")
    return Problem(filename, line, "", f"bytes {bad!r}", UTF8_EXPECTED)


def decode_utf8(data: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    r"""The text of a UTF-8 file (a byte-order mark is dropped), or None and the problem.

    Examples
    --------
    >>> decode_utf8(b"id\n1\n", "x.csv")
    ('id\n1\n', [])
    >>> decode_utf8(b"id\n\xff\n", "x.csv")[1][0].line
    2
    """
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [utf8_problem(data, filename, exc)]


def ragged_row_problem(filename: str, line: int, fields: int, width: int) -> Problem:
    """A row with a different number of fields from the header.

    Examples
    --------
    >>> ragged_row_problem("x.csv", 4, 3, 5).expected
    '5 fields, as in the header (a ragged row)'
    """
    return Problem(filename, line, "", f"{fields} fields", f"{width} fields, as in the header (a ragged row)")


def malformed_csv_problem(filename: str, line: int | None, error: Exception) -> Problem:
    """Broken CSV syntax (an unclosed quote, say) near a line.

    Examples
    --------
    >>> malformed_csv_problem("x.csv", 7, ValueError("unexpected end of data")).expected
    'well-formed CSV (check quotes around this line)'
    """
    return Problem(filename, line, "", str(error), "well-formed CSV (check quotes around this line)")


def header_problems(
    header: Sequence[str],
    filename: str,
    required: Iterable[str],
    allowed: Sequence[str] | None = None,
    missing_note: str = "",
) -> list[Problem]:
    """Missing, unknown and repeated columns of a header (line 1).

    Parameters
    ----------
    header : sequence of str
        The names in the file.
    filename : str
    required : iterable of str
        Columns that must be there.
    allowed : sequence of str, optional
        The only columns allowed (None: any other column is fine, as in an export).
    missing_note : str
        Added to the "missing" message, e.g. "; every ACLED export has it".

    Examples
    --------
    >>> found = header_problems(["id", "id", "x"], "t.csv", ["id", "name"], ["id", "name"])
    >>> [(p.column, p.expected[:20]) for p in found]
    [('name', 'this column in the h'), ('x', "only the codebook's "), ('id', 'each column once in ')]
    """
    problems = [
        Problem(filename, 1, name, "", f"this column in the header (it is missing{missing_note})")
        for name in required
        if name not in header
    ]
    if allowed is not None:
        problems += [
            Problem(filename, 1, name, name, "only the codebook's columns: " + ", ".join(allowed))
            for name in header
            if name not in allowed
        ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(filename, 1, name, name, "each column once in the header"))
        seen.add(name)
    return problems


def swapped_coordinates_expected(where: str, swapped: str) -> str:
    """The message for a point whose latitude and longitude look exchanged.

    Parameters
    ----------
    where : str
        Where the point lies as given ("outside Syria", "in Turkey", "in Aleppo" ...).
    swapped : str
        Where the exchanged point lies ("inside it", "in Idlib" ...).

    Examples
    --------
    >>> print(swapped_coordinates_expected("in Turkey", "in Idlib"))
    latitude and longitude look swapped: the point lies in Turkey, the swapped point lies in Idlib; exchange the two values
    """
    return (
        f"latitude and longitude look swapped: the point lies {where}, the swapped point lies "
        f"{swapped}; exchange the two values"
    )
