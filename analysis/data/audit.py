"""Audit of the evidence: what kind of source each row rests on, and how well.

A reviewer asks of every table: does a row rest on original reporting (an agency, a
newspaper, a monitor, an official statement) or on a copy; on one source graded C or D, or
on two independent ones; on a page likely to vanish? :func:`audit` answers with tables,
:func:`audit_text` prints them with the goals of ``data/README.md``, and
``python -m analysis audit`` exits non-zero when any source is a mirror.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

import pandas as pd

from analysis.data.load import Dataset, dataset_or_default
from analysis.data.schema import LIST_SEPARATOR

__all__ = [
    "MIRROR_DOMAINS",
    "REPOST_HOSTS",
    "EPHEMERAL_HOSTS",
    "CATEGORIES",
    "AUDITED_TABLES",
    "CORROBORATED_TABLES",
    "GOALS",
    "AuditReport",
    "host",
    "is_mirror",
    "is_repost",
    "is_ephemeral",
    "source_categories",
    "audit",
    "audit_text",
]

#: Sites that copy or scrape encyclopedia articles: never cited (``python -m analysis audit``
#: fails on them). A host matches when it is one of these or a subdomain of one; extend freely.
MIRROR_DOMAINS: tuple[str, ...] = (
    "piglix.com",
    "wikimili.com",
    "wikisum.wiki",
    "owiki.org",
    "fandom.com",
    "dbpedia.org",
    "triplydb.com",
    "hmong.in.th",
    "wiki.gravy.cc",
    "theinfolist.com",
    "infogalactic.com",
    "worddisk.com",
    "wikizero.com",
    "wikizero.org",
    "kiwix.casplantje.nl",
    "kiwix.lema.org",
    "handwiki.org",
    "qaz.wiki",
    "frwiki.wiki",
    "wikipedia-on-ipfs.org",
    "cloudflare-ipfs.com",
    "jmediawiki.org",
    "wikiland.org",
    "pinocchiopedia.com",
    "friendlywiki.com",
    "fanyv88.com",
    "wikimapia.org",
    "wikiwand.com",
    "everybodywiki.com",
    "alchetron.com",
    "defzone.net",
    "soft.lk",
    "wikiup.org",
    "knowledgr.com",
    "jmedia.wiki",
    "destimap.com",
    # Proxies serving copies of Wikipedia / Wikimedia Commons pages.
    "hessslslslsls.azureedge.net",
    "l.global.ssl.fastly.net",
)

#: Blogs, forums and spam sites that repost others' articles whole (an agency's wire on a
#: blog): not mirrors of an encyclopedia, but not the originator's or a syndicator's page
#: either. The audit lists the rows read on them; cite the original where it can be found.
REPOST_HOSTS: tuple[str, ...] = (
    "celebcafe.org",
    "body-and-balance.com",
    "goodnames.eth.limo",
    "blazingcatfur.ca",
    "jewsnews.co.il",
    "syrianfreepress.wordpress.com",
    "hiram1555.com",
    "skyrotinews.com",
    "rantburg.com",
    "mesop.de",
    "elethos.gr",
    "steemit.com",
    "rnews.co.za",
    "247newsupdate.com",
    "franspat.com",
    "americanpowerblog.blogspot.com",
    "ethnologia.gr",
    "syriatruths.com",
    "digidigit.com",
    "ademocracynet.com",
    "khamakarpress.com",
    "heartoforient.blogspot.com",
    "1776coalition.com",
    "copts-united.com",
    "coptsunited.com",
    "moralepatcharmory.com",
    "finsindia.org",
    "israelpress.com",
    "mffcoexist.wordpress.com",
    "veteranstoday.com",
    "europesays.com",
    "mrblogger302.blogspot.com",
    "pedrogrima.blogspot.com",
    "thepeoplesvoice.tv",
    "news-front.info",
    "microsyria.com",
    "syria360.wordpress.com",
    "kxshr.asia",
    "samuelkub.blogspot.com",
    "exabytenews.com",
    "stepsport.net",
    "ruthfullyyours.com",
    "armeniandiaspora.com",
    "islamicinvitationturkey.com",
    "news.alayham.com",
)

#: Host patterns of copies likely to vanish: staging CDNs, cloud proxies, free domains.
EPHEMERAL_HOSTS: tuple[str, ...] = (
    r"-staging\.",
    r"\.azureedge\.net$",
    r"\.tk$",
    r"\.ssl\.fastly\.net$",
    r"ipfs",
    r"\.silk\.co$",
    r"^\d+\.",
)

#: Audit categories, in print order, and the originator kinds in each.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "agency/newspaper": ("agency", "newspaper"),
    "monitor/think tank": ("monitor", "think_tank"),
    "official": ("official",),
    "encyclopedia with revision": (),
    "gazetteer": ("gazetteer",),
    "other": ("encyclopedia", "blog", "aggregator", "other"),
}
_ORIGINAL = ("agency/newspaper", "monitor/think tank", "official")

#: Tables whose rows cite a source, in print order.
AUDITED_TABLES = ("control", "events", "deployments", "statements", "locations", "routes", "published_areas")
#: Tables whose rows carry a confidence and may be corroborated.
CORROBORATED_TABLES = ("control", "events", "deployments", "statements")

#: The goals of ``data/README.md``: (what, tables, target).
GOALS = (
    ("rows resting on an agency, newspaper, monitor or official originator", ("control", "events"), 0.85),
    ("citations of a mirror (source_id or corroborated_by)", AUDITED_TABLES, 0),
    ("rows graded C or D neither corroborated nor marked low confidence", CORROBORATED_TABLES, 0),
)

_REVISION = re.compile(r"[?&]oldid=\d+")


def host(url: str) -> str:
    """The host of a URL, lower-case, without ``www.``.

    Examples
    --------
    >>> host("https://www.Reuters.com/article/x")
    'reuters.com'
    """
    name = (urllib.parse.urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    return name.removeprefix("www.")


def _on(url: str, domains: tuple[str, ...]) -> bool:
    name = host(url)
    return any(name == d or name.endswith("." + d) for d in domains)


def is_mirror(url: str) -> bool:
    """Whether ``url`` lies on a mirror or scrape site of :data:`MIRROR_DOMAINS`.

    Examples
    --------
    >>> is_mirror("http://piglix.com/piglix/Second_Battle_of_Idlib")
    True
    >>> is_mirror("https://military-history.fandom.com/wiki/Siege")
    True
    >>> is_mirror("https://en.wikipedia.org/wiki/Idlib")
    False
    """
    return _on(url, MIRROR_DOMAINS)


def is_repost(url: str) -> bool:
    """Whether ``url`` lies on a site that reposts others' articles (:data:`REPOST_HOSTS`).

    Examples
    --------
    >>> is_repost("https://heartoforient.blogspot.com/2015/06/syrian-rebels.html")
    True
    >>> is_repost("https://www.reuters.com/article/x")
    False
    """
    return _on(url, REPOST_HOSTS)


def is_ephemeral(url: str) -> bool:
    """Whether ``url`` lies on a host likely to vanish (:data:`EPHEMERAL_HOSTS`).

    Examples
    --------
    >>> is_ephemeral("https://paper-staging.cdn.arcpublishing.com/news/1")
    True
    >>> is_ephemeral("https://www.reuters.com/article/x")
    False
    """
    name = host(url)
    return any(re.search(pattern, name) for pattern in EPHEMERAL_HOSTS)


def source_categories(sources: pd.DataFrame) -> pd.Series:
    """The audit category of each source (:data:`CATEGORIES`), indexed by source id.

    An encyclopedia page counts as ``encyclopedia with revision`` only when its URL is a
    permanent revision link (``oldid=``); otherwise it is ``other``.

    Parameters
    ----------
    sources : DataFrame
        ``sources.csv`` as loaded (columns ``id``, ``url``, ``originator_kind``).

    Returns
    -------
    pandas.Series
        Ordered categorical, index = source id.
    """
    kind_to_category = {kind: cat for cat, kinds in CATEGORIES.items() for kind in kinds}
    kinds = sources["originator_kind"].astype(str)
    category = kinds.map(kind_to_category).fillna("other")
    with_revision = (kinds == "encyclopedia") & sources["url"].astype(str).str.contains(_REVISION)
    category = category.mask(with_revision, "encyclopedia with revision")
    return pd.Series(
        pd.Categorical(category, categories=list(CATEGORIES)),
        index=sources["id"].astype(str),
        name="category",
    )


@dataclass
class AuditReport:
    """What :func:`audit` found.

    Attributes
    ----------
    by_category : DataFrame
        Share of rows per table (rows) and source category (columns), with a ``rows`` count.
    by_grade : DataFrame
        Share of rows per table and grade (A–F) of the cited source's originator.
    corroboration : DataFrame
        Per table of :data:`CORROBORATED_TABLES`: rows, rows graded C or D, of those
        corroborated, marked low confidence, and neither.
    uncorroborated : DataFrame
        Rows whose source is graded C or worse, with no corroborating source and not marked
        low confidence: table, line, row, source_id, grade.
    ephemeral : DataFrame
        Rows citing a host likely to vanish: table, line, row, source_id, url.
    reposts : DataFrame
        Rows read on a repost of the originator's text (:data:`REPOST_HOSTS`): table, line,
        row, source_id, url, and ``original``: a source row that is the originator's own
        page of that text (same originator and publication date, not a repost), if the
        sources table has one.
    mirrors : DataFrame
        Sources on a mirror domain, with the rows citing them: source_id, url, cited_by.
    goals : DataFrame
        Each goal of ``data/README.md``: value, target, met.
    """

    by_category: pd.DataFrame
    by_grade: pd.DataFrame
    corroboration: pd.DataFrame
    uncorroborated: pd.DataFrame
    ephemeral: pd.DataFrame
    reposts: pd.DataFrame
    mirrors: pd.DataFrame
    goals: pd.DataFrame

    @property
    def replaceable_reposts(self) -> pd.DataFrame:
        """Rows read on a repost although the originator's own page is in the sources table."""
        return self.reposts[self.reposts["original"] != ""]

    @property
    def ok(self) -> bool:
        """True when no source is a mirror and no row cites a repost whose original is at hand."""
        return self.mirrors.empty and self.replaceable_reposts.empty


def _row_label(table: str, frame: pd.DataFrame) -> pd.Series:
    if table == "control":
        return frame["location_id"].astype(str) + " from " + frame["valid_from"].dt.strftime("%Y-%m-%d")
    if table == "routes":
        return frame["route_id"].astype(str) + " #" + frame["seq"].astype(str)
    key = {"locations": "id", "published_areas": "estimate_id"}.get(table)
    return frame[key or frame.columns[0]].astype(str)


def _citations(ds: Dataset) -> pd.DataFrame:
    """One row per (table row, cited source_id): the rows every audit table is built from."""
    parts = []
    for table in AUDITED_TABLES:
        frame = getattr(ds, table)
        if "source_id" not in frame:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "table": table,
                    "line": frame.attrs.get("lines", range(2, len(frame) + 2)),
                    "row": _row_label(table, frame).to_numpy(),
                    "source_id": frame["source_id"].astype("string").to_numpy(),
                    "corroborated": (
                        frame["corroborated_by"].notna().to_numpy() if "corroborated_by" in frame else False
                    ),
                    "low": (frame["confidence"].astype(str) == "low").to_numpy()
                    if "confidence" in frame
                    else False,
                }
            )
        )
    rows = pd.concat(parts, ignore_index=True)
    return rows[rows["source_id"].notna()].reset_index(drop=True)


def _shares(rows: pd.DataFrame, column: str, categories: list[str]) -> pd.DataFrame:
    counts = pd.crosstab(rows["table"], rows[column]).reindex(columns=categories, fill_value=0)
    counts = counts.reindex([t for t in AUDITED_TABLES if t in counts.index])
    shares = counts.div(counts.sum(axis=1), axis=0).round(3)
    shares.insert(0, "rows", counts.sum(axis=1))
    shares.columns.name = None
    return shares


def audit(*, dataset: Dataset | None = None) -> AuditReport:
    """Audit every table that cites sources.

    Parameters
    ----------
    dataset : Dataset, optional
        Default: the shipped data.

    Returns
    -------
    AuditReport

    Examples
    --------
    >>> report = audit()
    >>> list(report.by_category.columns)[:2]
    ['rows', 'agency/newspaper']
    """
    ds = dataset_or_default(dataset)
    sources = ds.sources.assign(id=ds.sources["id"].astype(str)).set_index("id", drop=False)
    category = source_categories(ds.sources)
    rows = _citations(ds)
    rows["category"] = rows["source_id"].map(category)
    rows["grade"] = rows["source_id"].map(sources["reliability"].astype(str))
    rows["url"] = rows["source_id"].map(sources["url"].astype(str))

    weak = rows["grade"].isin(["C", "D", "E", "F"]) & rows["table"].isin(CORROBORATED_TABLES)
    uncorroborated = rows.loc[
        weak & ~rows["corroborated"] & ~rows["low"], ["table", "line", "row", "source_id", "grade"]
    ]
    ephemeral = rows.loc[rows["url"].map(is_ephemeral), ["table", "line", "row", "source_id", "url"]]
    reposts = rows.loc[rows["url"].map(is_repost), ["table", "line", "row", "source_id", "url"]]
    originals = _originals(sources)
    reposts["original"] = [originals.get(str(s), "") for s in reposts["source_id"]]

    mirror_sources = sources[sources["url"].astype(str).map(is_mirror)]
    corroborating = _corroborating_citations(ds)
    cited_by = pd.concat([rows[["source_id", "table", "line"]], corroborating], ignore_index=True)
    mirrors = pd.DataFrame(
        {
            "source_id": mirror_sources["id"].astype(str).to_numpy(),
            "url": mirror_sources["url"].astype(str).to_numpy(),
            "cited_by": [
                ", ".join(
                    f"{t}.csv:{line}"
                    for t, line in cited_by.loc[cited_by["source_id"] == sid, ["table", "line"]].itertuples(
                        index=False
                    )
                )
                for sid in mirror_sources["id"].astype(str)
            ],
        }
    )

    corroboration = (
        rows[rows["table"].isin(CORROBORATED_TABLES)]
        .assign(
            graded_c_or_d=weak,
            corroborated=weak & rows["corroborated"],
            low_confidence=weak & ~rows["corroborated"] & rows["low"],
            neither=weak & ~rows["corroborated"] & ~rows["low"],
        )
        .groupby("table", sort=False)[["graded_c_or_d", "corroborated", "low_confidence", "neither"]]
        .sum()
    )
    corroboration.insert(
        0, "rows", rows[rows["table"].isin(CORROBORATED_TABLES)].groupby("table", sort=False).size()
    )
    mirror_citations = int(cited_by["source_id"].isin(set(mirror_sources["id"].astype(str))).sum())

    original = rows[rows["table"].isin(GOALS[0][1])]
    share_original = float(original["category"].isin(_ORIGINAL).mean()) if len(original) else 0.0
    goals = pd.DataFrame(
        [
            (GOALS[0][0] + " (control, events)", round(share_original, 3), GOALS[0][2]),
            (GOALS[1][0], mirror_citations, GOALS[1][2]),
            (GOALS[2][0], len(uncorroborated), GOALS[2][2]),
        ],
        columns=["goal", "value", "target"],
    )
    goals["met"] = [share_original >= GOALS[0][2], mirror_citations == 0, len(uncorroborated) == 0]
    return AuditReport(
        by_category=_shares(rows, "category", list(CATEGORIES)),
        by_grade=_shares(rows, "grade", ["A", "B", "C", "D", "E", "F"]),
        corroboration=corroboration,
        uncorroborated=uncorroborated.reset_index(drop=True),
        ephemeral=ephemeral.reset_index(drop=True),
        reposts=reposts.reset_index(drop=True),
        mirrors=mirrors,
        goals=goals,
    )


def _originals(sources: pd.DataFrame) -> dict[str, str]:
    """For each repost source, a source row of the originator's own page of the same text."""
    own = sources[~sources["url"].astype(str).map(is_repost) & ~sources["url"].astype(str).map(is_mirror)]
    key = own["originator"].astype(str) + "|" + own["published"].astype(str)
    first = dict(zip(key[own["published"].notna()], own.loc[own["published"].notna(), "id"].astype(str)))
    out = {}
    for sid, row in sources[sources["url"].astype(str).map(is_repost)].iterrows():
        if pd.notna(row["published"]):
            found = first.get(f"{row['originator']}|{row['published']}")
            if found is not None and found != sid:
                out[str(sid)] = found
    return out


def _corroborating_citations(ds: Dataset) -> pd.DataFrame:
    parts = []
    for table in AUDITED_TABLES:
        frame = getattr(ds, table)
        if "corroborated_by" not in frame:
            continue
        ids = frame["corroborated_by"].astype("string")
        for line, value in zip(frame.attrs.get("lines", range(2, len(frame) + 2)), ids):
            if pd.notna(value):
                parts += [(one, table, line) for one in str(value).split(LIST_SEPARATOR)]
    return pd.DataFrame(parts, columns=["source_id", "table", "line"])


def _percent_table(frame: pd.DataFrame) -> str:
    shown = frame.copy()
    for col in shown.columns[1:]:
        shown[col] = (shown[col] * 100).map(lambda v: "·" if not v else "<1 %" if v < 0.5 else f"{v:.0f} %")
    return shown.to_string()


def audit_text(report: AuditReport, *, limit: int = 20) -> str:
    """The audit as text, as ``python -m analysis audit`` prints it.

    Parameters
    ----------
    report : AuditReport
    limit : int
        Rows listed at most per list (the count is always given).

    Returns
    -------
    str
    """

    def listing(title: str, frame: pd.DataFrame) -> list[str]:
        out = [f"{title}: {len(frame)}"]
        if len(frame):
            out.append(frame.head(limit).to_string(index=False))
            if len(frame) > limit:
                out.append(f"... and {len(frame) - limit} more")
        return out

    goal_lines = [
        f"  [{'met' if met else 'NOT MET'}] {goal}: "
        + (f"{value:.0%} (goal at least {target:.0%})" if 0 < target < 1 else f"{value:g} (goal {target:g})")
        for goal, value, target, met in report.goals.itertuples(index=False)
    ]
    lines = [
        "Share of rows by the category of the cited source's originator",
        _percent_table(report.by_category),
        "",
        "Share of rows by the grade of the cited source's originator",
        _percent_table(report.by_grade),
        "",
        "Rows graded C or D: corroborated by an independent source, or marked low confidence",
        report.corroboration.to_string(),
        "",
        *listing("Rows graded C or D, neither corroborated nor marked low confidence", report.uncorroborated),
        "",
        *listing("Rows citing a host likely to vanish", report.ephemeral),
        "",
        *listing("Rows read on a repost of the originator's text (blog, forum, spam copy)", report.reposts),
        "",
        *listing("Sources on a mirror domain (the command fails on any)", report.mirrors),
        "",
        "Goals (data/README.md)",
        *goal_lines,
    ]
    return "\n".join(lines)
