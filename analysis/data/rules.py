"""The codebook's rules as code: fields the codebook defines by a rule, and one event, one row.

The validator calls these to check the tables (a row that disagrees is a located problem);
they are public so that a coder, a notebook or a test can ask what a row should say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

__all__ = [
    "START_COVERED",
    "says_how_the_start_is_covered",
    "expected_confidence",
    "likely_duplicate_events",
    "DUPLICATE_WINDOW_DAYS",
    "DISTINCT_MARKER",
]

#: Two events at the same place within this many days, of the same type and first actor,
#: are likely one event reported twice.
DUPLICATE_WINDOW_DAYS = 1
#: The words in an event's notes that say it is distinct from another row: "distinct from A-E012".
DISTINCT_MARKER = re.compile(r"distinct from ((?:[A-Za-z0-9_-]+)(?:\s*(?:,|and)\s*[A-Za-z0-9_-]+)*)", re.I)


#: Words in a control row's notes that say how its source covers the study's first day: a
#: general statement, a first fall ("taken for the first time"), "held since", "until", ...
START_COVERED = re.compile(
    r"general statement|first (?:time|fall|capture|seizure|loss|such)|\bsince\b|from the (?:study's )?start"
    r"|at the start|when the (?:uprising|conflict|war) began|\buntil\b|throughout|whole war|duration of"
    r"|\bbefore\b|no (?:source|report)",
    re.I,
)


def says_how_the_start_is_covered(controller: str | None, notes: str | None) -> bool:
    """Whether a control interval starting on the study's first day says why it may.

    A known controller on the study's first day needs a source that speaks of that day
    (the codebook): a general statement, a first capture later on ("so the government held
    it before"), "held since 2011". ``unknown`` needs no such reason.

    Examples
    --------
    >>> says_how_the_start_is_covered("syrian_government", "Rests on a general statement: ...")
    True
    >>> says_how_the_start_is_covered("rebels", "Rebel-held.")
    False
    >>> says_how_the_start_is_covered("unknown", "")
    True
    """
    return controller == "unknown" or bool(START_COVERED.search(notes or ""))


def expected_confidence(reliability: str | None, corroborated: bool) -> str | None:
    """The confidence the codebook's rule gives a row.

    ``high``: the source is graded A, or B and corroborated; ``medium``: graded B, or C/D
    and corroborated; ``low``: one source graded C or D (or E/F). ``None`` when the grade
    is unknown (a missing source row is reported elsewhere).

    Parameters
    ----------
    reliability : str or None
        The Admiralty reliability grade (A-F) of the row's cited source.
    corroborated : bool
        Whether the row lists an independent corroborating source (``corroborated_by``).

    Returns
    -------
    str or None

    Examples
    --------
    >>> expected_confidence("A", False), expected_confidence("B", True), expected_confidence("B", False)
    ('high', 'high', 'medium')
    >>> expected_confidence("C", True), expected_confidence("D", False)
    ('medium', 'low')
    """
    if reliability == "A":
        return "high"
    if reliability == "B":
        return "high" if corroborated else "medium"
    if reliability in ("C", "D"):
        return "medium" if corroborated else "low"
    if reliability in ("E", "F"):
        return "low"
    return None


def _distinct_from(notes: str | None) -> set[str]:
    found: set[str] = set()
    for match in DISTINCT_MARKER.finditer(notes or ""):
        found.update(p.strip() for p in re.split(r",|\band\b", match.group(1)) if p.strip())
    return found


def likely_duplicate_events(
    event_ids: Sequence[str],
    dates: Sequence[date | None],
    locations: Sequence[str | None],
    event_types: Sequence[str | None],
    actors: Sequence[str | None],
    notes: Sequence[str | None],
) -> list[tuple[int, int]]:
    """Pairs of event rows that look like one event coded twice.

    Same ``location_id``, dates at most :data:`DUPLICATE_WINDOW_DAYS` apart, same
    ``event_type`` and same ``actor1``, unless either row's notes say ``distinct from
    <the other's id>`` (two assaults on one base on consecutive days, say).

    Parameters
    ----------
    event_ids, dates, locations, event_types, actors, notes : sequences
        The events' columns, in file order.

    Returns
    -------
    list of (int, int)
        Positions ``(first, later)`` of each likely duplicate pair, in file order of the later.

    Examples
    --------
    >>> from datetime import date
    >>> likely_duplicate_events(
    ...     ["E1", "E2", "E3"],
    ...     [date(2015, 9, 9), date(2015, 9, 10), date(2015, 9, 10)],
    ...     ["base", "base", "base"],
    ...     ["Battles"] * 3,
    ...     ["nusra", "nusra", "nusra"],
    ...     [None, None, "distinct from E1 and E2: a second assault"],
    ... )
    [(0, 1)]
    """
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(locations, event_types, actors)):
        if None in key or dates[i] is None:
            continue
        groups.setdefault(key, []).append(i)
    pairs = []
    for members in groups.values():
        members.sort(key=lambda i: (dates[i], i))
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if (dates[b] - dates[a]).days > DUPLICATE_WINDOW_DAYS:  # type: ignore[operator]
                    break
                if event_ids[b] in _distinct_from(notes[a]) or event_ids[a] in _distinct_from(notes[b]):
                    continue
                pairs.append((min(a, b), max(a, b)))
    return sorted(pairs, key=lambda p: (p[1], p[0]))
