"""``data/datapackage.json``: generated from the schemas, committed current, and the data valid under it."""

from __future__ import annotations

import json

import pytest

from analysis.cli import main
from analysis.config import DATA_DIR
from analysis.data.datapackage import DATAPACKAGE_NAME, datapackage_descriptor, datapackage_json
from analysis.data.schema import SCHEMAS

from .conftest import set_cell


def test_the_committed_data_package_is_the_generated_one():
    committed = (DATA_DIR / DATAPACKAGE_NAME).read_text(encoding="utf-8")
    assert committed == datapackage_json(), (
        "data/datapackage.json is out of date: run `python -m analysis datapackage --write`"
    )


def test_every_table_is_a_resource_with_its_schema():
    from analysis import __version__

    d = datapackage_descriptor()
    assert d["version"] == __version__
    resources = {r["name"]: r for r in d["resources"]}
    assert list(resources) == list(SCHEMAS)
    for name, schema in SCHEMAS.items():
        fields = resources[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == schema.column_names
        for field, column in zip(fields, schema.columns):
            assert field.get("constraints", {}).get("required", False) == column.required
            if column.kind == "category":
                assert field["constraints"]["enum"] == list(column.allowed)
        if schema.key:
            assert resources[name]["schema"]["primaryKey"] == [schema.key]
    control = resources["control"]["schema"]
    assert {"fields": ["controller"], "reference": {"resource": "actors", "fields": ["id"]}} in control[
        "foreignKeys"
    ]
    actors = resources["actors"]["schema"]
    assert {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}} in actors["foreignKeys"]


def test_the_shipped_data_are_valid_under_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA_DIR / DATAPACKAGE_NAME))
    problems = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors][:20]
    assert report.valid, "\n".join(problems)
    assert {t.name for t in report.tasks} == set(SCHEMAS)


def test_frictionless_finds_a_broken_foreign_key_and_a_bad_category(data_copy):
    frictionless = pytest.importorskip("frictionless")
    (data_copy / DATAPACKAGE_NAME).write_text(datapackage_json(), encoding="utf-8")
    set_cell(data_copy / "control.csv", 2, "controller", "no_such_actor")
    set_cell(data_copy / "locations.csv", 2, "kind", "metropolis")
    report = frictionless.validate(str(data_copy / DATAPACKAGE_NAME))
    kinds = {(t.name, e.type) for t in report.tasks for e in t.errors}
    assert ("control", "foreign-key") in kinds and ("locations", "constraint-error") in kinds


def test_the_command_prints_or_writes_it(tmp_path, capsys):
    assert main(["datapackage"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "syria-conflict-atlas"
    assert main(["datapackage", "--write", "--data-dir", str(tmp_path)]) == 0
    assert (tmp_path / DATAPACKAGE_NAME).read_text(encoding="utf-8") == datapackage_json()
