"""The tables as a Frictionless Data Package (``data/datapackage.json``), from the schemas.

The descriptor is generated from :data:`analysis.data.schema.SCHEMAS`, the schemas the
validator reads the tables with, so the two cannot drift: a column's kind becomes a Table
Schema type (with a pattern, bounds or ``trueValues``), ``required`` and the allowed values
become constraints, a table's key its primary key, and every ``ref`` column a foreign key.
Any Frictionless tool (``frictionless validate data/datapackage.json``, R's
``frictionless`` package, pandas via ``frictionless``) can then read and check the tables.

The descriptor holds no row counts or hashes: it changes only when the schemas (or the
package version) change, not when rows are added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from analysis.config import DATA_DIR, RECORD_END, STUDY_END, STUDY_START, STUDY_YEARS
from analysis.data.io import atomic_write_bytes
from analysis.data.schema import LIST_SEPARATOR, SCHEMAS, Column, TableSchema

__all__ = ["DATAPACKAGE_NAME", "datapackage_descriptor", "datapackage_json", "write_datapackage"]

#: The descriptor's file name inside the data folder.
DATAPACKAGE_NAME = "datapackage.json"

_SLUG = "[a-z0-9_]+"
_ID = "[^\\s]+"
_URL = "https?://.+"


def _ref_list_pattern() -> str:
    sep = LIST_SEPARATOR
    return f"[^\\s{sep}]+(\\s*{sep}\\s*[^\\s{sep}]+)*"


def _field(column: Column, table: TableSchema) -> dict[str, Any]:
    """One Table Schema field for a column of the codebook."""
    field: dict[str, Any] = {"name": column.name, "description": column.description}
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    kind = column.kind
    if kind in ("date", "event_date", "report_date"):
        field["type"] = "date"
        field["format"] = "default"
        if kind != "date":
            constraints["minimum"] = STUDY_START.isoformat()
            constraints["maximum"] = (STUDY_END if kind == "event_date" else RECORD_END).isoformat()
    elif kind in ("int", "float", "latitude", "longitude"):
        field["type"] = "integer" if kind == "int" else "number"
        low, high = column.minimum, column.maximum
        if kind in ("latitude", "longitude"):
            lon_min, lat_min, lon_max, lat_max = table.bounds
            low, high = (lat_min, lat_max) if kind == "latitude" else (lon_min, lon_max)
        if low is not None:
            constraints["minimum"] = int(low) if kind == "int" else float(low)
        if high is not None:
            constraints["maximum"] = int(high) if kind == "int" else float(high)
    elif kind == "yesno":
        field["type"] = "boolean"
        field["trueValues"] = ["yes"]
        field["falseValues"] = ["no"]
    else:
        field["type"] = "string"
        if kind == "category":
            constraints["enum"] = list(column.allowed)
        elif kind == "slug":
            constraints["pattern"] = _SLUG
        elif kind == "id":
            constraints["pattern"] = _ID
        elif kind == "url":
            field["format"] = "default"
            constraints["pattern"] = _URL
        elif kind == "refs":
            constraints["pattern"] = _ref_list_pattern()
            field["description"] += f" (ids of {column.ref}, not checked as a foreign key here)"
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(table: TableSchema) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c, table) for c in table.columns],
        "missingValues": [""],
    }
    if table.key:
        schema["primaryKey"] = [table.key]
    foreign = []
    for column in table.columns:
        if column.kind != "ref" or column.ref is None:
            continue
        target, target_column = column.ref.split(".")
        foreign.append(
            {
                "fields": [column.name],
                # An empty resource name is the table itself (actors.parent -> actors.id).
                "reference": {"resource": "" if target == table.name else target, "fields": [target_column]},
            }
        )
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": table.name,
        "path": table.filename,
        "profile": "tabular-data-resource",
        "title": table.filename,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def datapackage_descriptor() -> dict[str, Any]:
    """The Data Package descriptor of the tables: one tabular resource per CSV table.

    Returns
    -------
    dict
        A Frictionless Data Package (profile ``tabular-data-package``) whose resources are
        in :data:`~analysis.data.schema.SCHEMAS` order, each with its Table Schema (types,
        required and enum constraints, primary key, foreign keys).

    Examples
    --------
    >>> d = datapackage_descriptor()
    >>> [r["name"] for r in d["resources"]][:3]
    ['sources', 'actors', 'locations']
    >>> control = next(r for r in d["resources"] if r["name"] == "control")
    >>> control["schema"]["foreignKeys"][0]
    {'fields': ['location_id'], 'reference': {'resource': 'locations', 'fields': ['id']}}
    """
    from analysis import __version__

    return {
        "profile": "tabular-data-package",
        "name": "syria-conflict-atlas",
        "title": f"Syria conflict atlas, {STUDY_YEARS}: hand-coded, source-cited tables",
        "description": (
            "Who held which place of Syria and when, events, and Russia's intervention with "
            "officials' statements. Every row cites a row of sources.csv and quotes it. "
            "Generated from analysis.data.schema by `python -m analysis datapackage --write`; "
            "do not edit by hand. The codebook is data/README.md."
        ),
        "version": __version__,
        "temporal": {"start": STUDY_START.isoformat(), "end": STUDY_END.isoformat()},
        "resources": [_resource(t) for t in SCHEMAS.values()],
    }


def datapackage_json() -> str:
    """The descriptor as the text of ``data/datapackage.json`` (2-space JSON, final newline).

    Examples
    --------
    >>> datapackage_json().startswith('{')
    True
    """
    return json.dumps(datapackage_descriptor(), indent=2, ensure_ascii=False) + "\n"


def write_datapackage(data_dir: str | Path | None = None) -> Path:
    """Write (atomically) ``datapackage.json`` into a data folder (default ``data/``).

    Returns
    -------
    Path
        The written file.
    """
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    return atomic_write_bytes(root / DATAPACKAGE_NAME, datapackage_json().encode("utf-8"))
