"""What is in the data: row counts, coverage by governorate and month, sources by grade."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.config import DATA_DIR, STUDY_END, STUDY_START
from analysis.data.errors import Problem
from analysis.data.load import Dataset, dataset_or_default, load_dataset  # noqa: F401 (doctests)
from analysis.data.schema import GOVERNORATES, SCHEMAS, TABLE_ORDER
from analysis.data.validation import validate_tables
from analysis.territory.control import changes, handovers, studied_locations

__all__ = [
    "counts_markdown",
    "coverage_by_governorate",
    "rows_by_month",
    "sources_by_grade",
    "sources_by_outlet",
    "validation_report",
]

#: The dated column of each table counted by :func:`rows_by_month`.
_DATE_COLUMNS = {"events": "event_date", "deployments": "date", "statements": "date"}


def coverage_by_governorate(*, dataset: Dataset | None = None) -> pd.DataFrame:
    """Per governorate: places coded, places with control intervals, changes of hands, events.

    Returns
    -------
    pandas.DataFrame
        Indexed by all 14 governorates (zeros where nothing is coded), with columns
        ``locations``, ``control_locations``, ``changes``, ``events``.

    Examples
    --------
    >>> cov = coverage_by_governorate()
    >>> len(cov), bool((cov["locations"] > 0).all())
    (14, True)
    """
    ds = dataset_or_default(dataset)
    gov_of = ds.locations.set_index("id")["governorate"]
    events_gov = ds.events["location_id"].map(gov_of)
    out = (
        pd.DataFrame(
            {
                "locations": ds.locations["governorate"].value_counts(),
                "control_locations": studied_locations(dataset=ds)["governorate"].value_counts(),
                "changes": changes(dataset=ds)["governorate"].value_counts(),
                "events": events_gov.value_counts(),
            }
        )
        .reindex(list(GOVERNORATES))
        .fillna(0)
        .astype(int)
    )
    out.index.name = "governorate"
    return out


def rows_by_month(
    start: str | None = None, end: str | None = None, *, dataset: Dataset | None = None
) -> pd.DataFrame:
    """Rows per calendar month: events, changes of hands, deployments and statements.

    The handovers of 8 December 2024 (places passing to the new authorities by the
    codebook's rule, not by fighting) are counted apart, in ``to_new_authorities``, as in
    :func:`analysis.territory.control.changes_per_year`: otherwise one month would dwarf
    fourteen years.

    Parameters
    ----------
    dataset : Dataset, optional
    start, end : str
        First and last month shown (default the study period).

    Returns
    -------
    pandas.DataFrame
        Indexed by month start, every month present, with columns ``events``, ``changes``
        (between the war's sides), ``to_new_authorities``, ``deployments``, ``statements``.

    Examples
    --------
    >>> m = rows_by_month()
    >>> len(m), list(m.columns)
    (166, ['events', 'changes', 'to_new_authorities', 'deployments', 'statements'])
    """
    ds = dataset_or_default(dataset)
    months = pd.date_range(start or str(STUDY_START.replace(day=1)), end or str(STUDY_END), freq="MS")
    dated = {name: getattr(ds, name)[col] for name, col in _DATE_COLUMNS.items()}
    ch = changes(dataset=ds)
    handover = handovers(ch)
    dated["changes"] = ch.loc[~handover, "date"]
    dated["to_new_authorities"] = ch.loc[handover, "date"]
    out = pd.DataFrame(
        {
            name: dates.dt.to_period("M").dt.to_timestamp().value_counts().reindex(months, fill_value=0)
            for name, dates in dated.items()
        },
        index=months,
    )[["events", "changes", "to_new_authorities", "deployments", "statements"]]
    out.index.name = "month"
    return out


def sources_by_grade(*, dataset: Dataset | None = None) -> pd.DataFrame:
    """Sources cross-tabulated by Admiralty reliability (rows) and credibility (columns).

    Examples
    --------
    >>> g = sources_by_grade()
    >>> list(g.index) == list("ABCDEF") and int(g.values.sum()) == len(load_dataset().sources)
    True
    """
    src = dataset_or_default(dataset).sources
    return pd.crosstab(src["reliability"], src["credibility"], dropna=False)


def sources_by_outlet(top: int = 15, *, dataset: Dataset | None = None) -> pd.DataFrame:
    """The most cited outlets: sources and citing rows per outlet.

    Parameters
    ----------
    top : int
        Number of outlets to keep (by citing rows).

    Returns
    -------
    pandas.DataFrame
        Indexed by outlet: ``sources``, ``rows_citing``, ``reliability`` (most common grade).

    Examples
    --------
    >>> len(sources_by_outlet(top=5))
    5
    """
    ds = dataset_or_default(dataset)
    cites = pd.concat(
        [
            getattr(ds, name)[col.name]
            for name in TABLE_ORDER
            for col in SCHEMAS[name].columns
            if col.ref == "sources.id"
        ]
    ).dropna()
    per_source = cites.value_counts()
    src = ds.sources.assign(rows_citing=ds.sources["id"].map(per_source).fillna(0).astype(int))
    out = src.groupby("outlet", observed=True).agg(
        sources=("id", "size"),
        rows_citing=("rows_citing", "sum"),
        reliability=("reliability", lambda s: s.mode().iloc[0]),
    )
    return out.sort_values(["rows_citing", "sources"], ascending=False).head(top)


def validation_report(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every problem and warning for a data folder, as a table (empty when clean).

    Returns
    -------
    pandas.DataFrame
        ``severity`` (problem / warning), ``file``, ``line``, ``column``, ``value``,
        ``expected``.

    Examples
    --------
    >>> set(validation_report()["severity"]) <= {"warning"}
    True
    """
    _, problems, warnings = validate_tables(Path(data_dir) if data_dir else DATA_DIR)

    def rows(items: list[Problem], severity: str) -> list[dict]:
        return [{"severity": severity, **p.__dict__} for p in items]

    return pd.DataFrame(
        rows(problems, "problem") + rows(warnings, "warning"),
        columns=["severity", "file", "line", "column", "value", "expected"],
    ).astype({"line": "Int64"})


def counts_markdown(*, dataset: Dataset | None = None) -> str:
    """Rows per table plus coverage figures, as the Markdown table in ``data/README.md``.

    Examples
    --------
    >>> "| `control.csv` |" in counts_markdown()
    True
    """
    ds = dataset_or_default(dataset)
    lines = ["| table | rows |", "| --- | --- |"]
    lines += [f"| `{name}.csv` | {n} |" for name, n in ds.row_counts().items()]
    lines += [
        "",
        f"{len(studied_locations(dataset=ds))} places have control intervals covering "
        f"{STUDY_START} to {STUDY_END}, with {len(changes(dataset=ds))} changes of hands; "
        f"places lie in {ds.locations['governorate'].nunique()} of 14 governorates.",
    ]
    return "\n".join(lines) + "\n"
