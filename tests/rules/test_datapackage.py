"""geo/rules/datapackage.py: the rulebook as a Frictionless data package, which open-data tools read."""

from __future__ import annotations

import json

import pytest
from frictionless import Package

from geo.model.report import REPORT_COLUMNS, SOURCE_COLUMNS
from geo.rules.datapackage import DATAPACKAGE_FILE, datapackage, datapackage_text
from geo.rules.fields import REPORT_FIELDS, SOURCE_FIELDS
from tests.support import ROOT, read_rows, write_tables


def test_fields_follow_the_columns():
    assert tuple(field.name for field in REPORT_FIELDS) == REPORT_COLUMNS
    assert tuple(field.name for field in SOURCE_FIELDS) == SOURCE_COLUMNS
    reports, sources = datapackage()["resources"]
    assert [f["name"] for f in reports["schema"]["fields"]] == list(REPORT_COLUMNS)
    assert sources["schema"]["foreignKeys"] == [{"fields": ["report_id"], "reference": {"resource": "reports",
                                                                                      "fields": ["id"]}}]


def test_committed_data_package_is_current():
    assert (ROOT / "data" / DATAPACKAGE_FILE).read_text(encoding="utf-8") == datapackage_text(), \
        "data/datapackage.json is stale: run `python -m geo build`"


def validate(directory):
    (directory / DATAPACKAGE_FILE).write_text(datapackage_text(), encoding="utf-8")
    return Package(str(directory / DATAPACKAGE_FILE)).validate()


def test_the_published_data_passes_frictionless(tmp_path):
    rows, sources = read_rows(ROOT / "data" / "reports.csv"), read_rows(ROOT / "data" / "sources.csv")
    assert validate(write_tables(tmp_path, rows, sources).parent).valid


@pytest.mark.parametrize(("change", "error"), [
    ({"claim_status": "rumoured"}, "constraint-error"),
    ({"id": "FT 1"}, "constraint-error"),
    ({"latitude": "135"}, "constraint-error"),
    ({"count": "1,100"}, "type-error"),
    ({"summary": ""}, "constraint-error"),
])
def test_frictionless_refuses_what_the_rules_refuse(tmp_path, change, error):
    rows = read_rows(ROOT / "tests" / "fixtures" / "reports.csv")
    rows[0].update(change)
    report = validate(write_tables(tmp_path, rows).parent)
    assert not report.valid
    assert error in {e.type for task in report.tasks for e in task.errors}


def test_frictionless_checks_the_foreign_key(tmp_path):
    rows = read_rows(ROOT / "tests" / "fixtures" / "reports.csv")
    sources = [{"report_id": "NOPE", "url": "https://example.org/x", "title": "", "outlet": ""}]
    report = validate(write_tables(tmp_path, rows, sources).parent)
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_the_committed_file_is_json():
    assert json.loads((ROOT / "data" / DATAPACKAGE_FILE).read_text(encoding="utf-8"))["profile"] == "tabular-data-package"
