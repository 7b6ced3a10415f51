"""The evidence audit: categories, mirrors, corroboration, the command's exit status."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import analysis
from analysis.cli import audit_command
from analysis.data.audit import (
    CATEGORIES,
    MIRROR_DOMAINS,
    audit,
    audit_text,
    is_ephemeral,
    is_mirror,
    is_repost,
    source_categories,
)
from analysis.data.validation import validate_tables

from .conftest import append_row, apply_confidence_rule, read_rows, set_cell, write_rows


def test_each_originator_kind_falls_in_its_category_and_revisions_are_told_apart():
    sources = pd.DataFrame(
        {
            "id": ["wire", "paper", "sohr", "isw", "mod", "wp_rev", "wp", "geo", "blog", "feed"],
            "url": [
                "https://www.reuters.com/a",
                "https://www.theguardian.com/b",
                "https://www.syriahr.com/c",
                "https://www.understandingwar.org/d",
                "https://eng.mil.ru/e",
                "https://en.wikipedia.org/w/index.php?title=Idlib&oldid=123456",
                "https://en.wikipedia.org/wiki/Idlib",
                "https://www.geonames.org/169389",
                "https://someone.blogspot.com/f",
                "https://www.pressreader.com/g",
            ],
            "originator_kind": [
                "agency",
                "newspaper",
                "monitor",
                "think_tank",
                "official",
                "encyclopedia",
                "encyclopedia",
                "gazetteer",
                "blog",
                "aggregator",
            ],
        }
    )
    got = source_categories(sources)
    assert list(got.cat.categories) == list(CATEGORIES)
    assert got.to_dict() == {
        "wire": "agency/newspaper",
        "paper": "agency/newspaper",
        "sohr": "monitor/think tank",
        "isw": "monitor/think tank",
        "mod": "official",
        "wp_rev": "encyclopedia with revision",
        "wp": "other",  # an encyclopedia page without a permanent revision link
        "geo": "gazetteer",
        "blog": "other",
        "feed": "other",
    }


@pytest.mark.parametrize(
    ("url", "mirror"),
    [
        ("http://piglix.com/piglix/Second_Battle_of_Idlib", True),
        ("https://wikimili.com/en/Battle_of_Morek", True),
        ("https://military-history.fandom.com/wiki/2014_Latakia_offensive", True),  # a subdomain
        ("https://it.qaz.wiki/wiki/Bassel_Al-Assad_International_Airport", True),
        ("https://en.wikipedia.org/wiki/Idlib", False),
        ("https://www.reuters.com/article/us-mideast-crisis-syria", False),
        ("https://notpiglix.com/x", False),  # a lookalike is not a subdomain
    ],
)
def test_mirror_domains_match_hosts_and_their_subdomains(url, mirror):
    assert is_mirror(url) is mirror


def test_reposts_are_listed_not_failed(data_copy):
    assert is_repost("https://mrblogger302.blogspot.com/2013/02/x.html")
    assert not is_mirror("https://mrblogger302.blogspot.com/2013/02/x.html")
    assert not is_repost("https://www.blogspot.com/")  # only the listed blogs, not a whole platform
    sources = _all_sources_of_kind(data_copy, "agency")
    control = read_rows(data_copy / "control.csv")
    reposted = control[1][control[0].index("source_id")]
    line = next(i for i, r in enumerate(sources, 1) if r[0] == reposted)
    set_cell(data_copy / "sources.csv", line, "url", "https://heartoforient.blogspot.com/2015/06/x.html")
    citing = [i for i, r in enumerate(control, 1) if i > 1 and r[control[0].index("source_id")] == reposted]
    assert citing
    report = audit(dataset=analysis.load_dataset(data_copy))
    assert report.ok
    assert report.reposts.loc[report.reposts["table"] == "control", "line"].tolist() == citing


def test_ephemeral_hosts():
    assert is_ephemeral("https://irishtimes-irishtimes-staging.cdn.arcpublishing.com/news/x")
    assert is_ephemeral("http://freenews-en.tk/2016/03/18/x")
    assert is_ephemeral("https://hessslslslsls.azureedge.net/wiki/File:x.png")
    assert not is_ephemeral("https://www.theguardian.com/world/2015/sep/x")


def _all_sources_of_kind(data_dir, kind: str, grade: str = "A") -> list[list[str]]:
    rows = read_rows(data_dir / "sources.csv")
    head = rows[0]
    for row in rows[1:]:
        row[head.index("originator_kind")] = kind
        row[head.index("reliability")] = grade
        row[head.index("url")] = "https://www.reuters.com/" + row[0]
    write_rows(data_dir / "sources.csv", rows)
    apply_confidence_rule(data_dir)
    return rows


def test_category_shares_and_the_85_percent_goal_on_a_known_table(data_copy):
    # Every source an agency: 100 % original reporting, goal met.
    _all_sources_of_kind(data_copy, "agency")
    report = audit(dataset=analysis.load_dataset(data_copy))
    assert report.by_category.loc["control", "agency/newspaper"] == 1.0
    assert report.goals.loc[0, "met"]
    # Make the source of control's first row a blog: its share of control and events rows
    # is counted here directly from the CSV files.
    control = read_rows(data_copy / "control.csv")
    events = read_rows(data_copy / "events.csv")
    blog = control[1][control[0].index("source_id")]
    sources = read_rows(data_copy / "sources.csv")
    line = next(i for i, r in enumerate(sources, 1) if r[0] == blog)
    set_cell(data_copy / "sources.csv", line, "originator_kind", "blog")
    in_control = sum(r[control[0].index("source_id")] == blog for r in control[1:])
    in_events = sum(r[events[0].index("source_id")] == blog for r in events[1:])
    report = audit(dataset=analysis.load_dataset(data_copy))
    assert report.by_category.loc["control", "other"] == pytest.approx(in_control / (len(control) - 1), abs=1e-3)
    expected = 1 - (in_control + in_events) / (len(control) + len(events) - 2)
    assert report.goals.loc[0, "value"] == pytest.approx(expected, abs=1e-3)


def test_a_planted_mirror_fails_the_command_and_names_the_rows_citing_it(data_copy):
    append_row(
        data_copy / "sources.csv",
        {
            "id": "planted_mirror",
            "outlet": "piglix",
            "title": "Second Battle of Idlib",
            "url": "http://piglix.com/piglix/Second_Battle_of_Idlib",
            "originator": "Wikipedia",
            "originator_kind": "encyclopedia",
            "reliability": "C",
            "credibility": "3",
            "accessed": "2026-11-28",
        },
    )
    set_cell(data_copy / "control.csv", 5, "source_id", "planted_mirror")
    set_cell(data_copy / "control.csv", 5, "corroborated_by", "")
    set_cell(data_copy / "control.csv", 5, "corroboration_quote", "")
    set_cell(data_copy / "control.csv", 5, "confidence", "low")
    report = audit(dataset=analysis.load_dataset(data_copy))
    row = report.mirrors.set_index("source_id").loc["planted_mirror"]
    assert "control.csv:5" in row["cited_by"]
    assert not report.ok
    out = io.StringIO()
    assert audit_command(data_copy, out=out, limit=1000) == 1
    assert "planted_mirror" in out.getvalue() and "NOT MET" in out.getvalue()


def test_the_command_passes_without_mirrors(data_copy):
    _all_sources_of_kind(data_copy, "newspaper")
    out = io.StringIO()
    assert audit_command(data_copy, out=out) == 0
    text = out.getvalue()
    assert "Share of rows by the category" in text and "Goals" in text


def test_a_c_graded_row_must_be_corroborated_or_low(data_copy):
    """The rule is enforced where the data is read: a C row alone must say low."""
    sources = _all_sources_of_kind(data_copy, "newspaper", grade="A")
    head = sources[0]
    control = read_rows(data_copy / "control.csv")
    weak = control[1][control[0].index("source_id")]
    weak_line, weak_originator = next(
        (i, r[head.index("originator")]) for i, r in enumerate(sources, 1) if r[0] == weak
    )
    other = next(r[0] for r in sources[1:] if r[head.index("originator")] != weak_originator)
    set_cell(data_copy / "sources.csv", weak_line, "reliability", "C")
    apply_confidence_rule(data_copy)
    for column, value in (("confidence", "medium"), ("corroborated_by", ""), ("corroboration_quote", "")):
        set_cell(data_copy / "control.csv", 2, column, value)
    (problem,) = [p for p in _problems_at(data_copy, 2) if p.column == "confidence"]
    assert problem.value == "medium" and problem.expected.startswith("low")
    set_cell(data_copy / "control.csv", 2, "confidence", "low")
    assert _problems_at(data_copy, 2) == []
    found = audit(dataset=analysis.load_dataset(data_copy))
    assert found.uncorroborated.empty
    set_cell(data_copy / "control.csv", 2, "confidence", "medium")
    set_cell(data_copy / "control.csv", 2, "corroborated_by", other)
    set_cell(data_copy / "control.csv", 2, "corroboration_quote", "a second report")
    assert _problems_at(data_copy, 2) == []


def _problems_at(data_dir, line: int, *, confidence: bool = True):
    _, problems, _ = validate_tables(data_dir)
    return [
        p
        for p in problems
        if p.file == "control.csv" and p.line == line and (confidence or p.column != "confidence")
    ]


def test_corroboration_references_resolve_to_existing_independent_sources(data_copy):
    sources = read_rows(data_copy / "sources.csv")
    head = sources[0]
    control = read_rows(data_copy / "control.csv")
    own = control[1][control[0].index("source_id")]
    own_originator = next(r[head.index("originator")] for r in sources if r[0] == own)
    other = next(r[0] for r in sources[1:] if r[head.index("originator")] != own_originator)
    same = next((r[0] for r in sources[1:] if r[0] != own and r[head.index("originator")] == own_originator), None)

    apply_confidence_rule(data_copy)
    set_cell(data_copy / "control.csv", 2, "corroborated_by", "no_such_source")
    set_cell(data_copy / "control.csv", 2, "corroboration_quote", "words")
    (problem,) = _problems_at(data_copy, 2, confidence=False)
    assert (problem.column, problem.value) == ("corroborated_by", "no_such_source")
    assert "sources.csv" in problem.expected

    set_cell(data_copy / "control.csv", 2, "corroborated_by", f"{other};{own}")
    set_cell(data_copy / "control.csv", 2, "corroboration_quote", "words | more words")
    (problem,) = _problems_at(data_copy, 2, confidence=False)
    assert (problem.column, problem.value) == ("corroborated_by", own)
    assert "independent" in problem.expected

    set_cell(data_copy / "control.csv", 2, "corroborated_by", other)
    set_cell(data_copy / "control.csv", 2, "corroboration_quote", "")
    (problem,) = _problems_at(data_copy, 2, confidence=False)
    assert problem.column == "corroboration_quote" and "1 quote" in problem.expected

    set_cell(data_copy / "control.csv", 2, "corroboration_quote", "the other source's words")
    assert _problems_at(data_copy, 2, confidence=False) == []
    if same is not None:  # the same originator read on another page is not independent
        set_cell(data_copy / "control.csv", 2, "corroborated_by", same)
        (problem,) = _problems_at(data_copy, 2, confidence=False)
        assert problem.value == same


def test_audit_text_lists_every_goal():
    text = audit_text(audit())
    for goal in ("originator", "mirror", "C or D"):
        assert goal in text


def test_the_mirror_list_is_plain_hosts():
    assert all("/" not in d and d == d.lower() and not d.startswith("www.") for d in MIRROR_DOMAINS)
