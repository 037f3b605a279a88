"""The field rules as a Frictionless data package: ``data/datapackage.json``.

Written by ``python -m geo build`` from `geo.rules.fields`, so that the open-data tools read the
same rules the project applies (``frictionless validate data/datapackage.json``): types, required
fields, vocabularies, patterns, ranges, lengths and the ``sources.report_id → reports.id`` foreign
key. The project's own rules are stricter (real calendar dates, rules between fields and between
reports); a table that passes them passes the package too.
"""

from __future__ import annotations

import json

from geo.rules.fields import ID_PATTERN, MAX_CELL, REPORT_FIELDS, SOURCE_FIELDS, Field

DATAPACKAGE_FILE = "datapackage.json"

#: The Table Schema form of each kind: type, then constraints (patterns are implicitly anchored).
_KIND_SCHEMA = {
    "text": ("string", {}),
    "id": ("string", {"pattern": ID_PATTERN}),
    "ids": ("string", {"pattern": f"{ID_PATTERN}(;{ID_PATTERN})*"}),
    "date": ("string", {"pattern": "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"}),
    "codes": ("string", {"pattern": "[A-Z]{2}(;[A-Z]{2})*"}),
    "code": ("string", {"pattern": "[A-Z]{2}"}),
    "choice": ("string", {}),
    "number": ("number", {}),
    "integer": ("integer", {"minimum": 0}),
    "url": ("string", {"pattern": "[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+([/?#]\\S*)?"}),
}


def field_schema(field: Field) -> dict:
    """One field of a Table Schema."""
    kind, constraints = _KIND_SCHEMA[field.kind]
    constraints = dict(constraints)
    if field.required:
        constraints["required"] = True
    if field.choices:
        constraints["enum"] = list(field.choices)
    if field.kind == "number":
        constraints.update(minimum=-field.limit, maximum=field.limit)
    if field.kind == "integer":
        constraints["maximum"] = int(field.limit)
    if kind == "string":
        constraints["maxLength"] = MAX_CELL
    schema = {"name": field.name, "type": kind, "description": field.description}
    if field.kind == "url":
        schema["format"] = "uri"
    return {**schema, "constraints": constraints}


def datapackage() -> dict:
    """The data package descriptor of ``data/``."""
    def resource(name: str, fields, extra: dict) -> dict:
        return {
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [field_schema(f) for f in fields], "missingValues": [""], **extra},
        }

    return {
        "profile": "tabular-data-package",
        "name": "foreign-troops-reports",
        "title": "Reported foreign-troop presence in the Russia–Ukraine war",
        "description": "One row per report (one claim, by one claimant, at one time) with its sources. "
                       "Written by `python -m geo build` from the project's rulebook (geo/rules/fields.py); "
                       "do not edit by hand.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (the compilation and its summaries)"}],
        "resources": [
            resource("reports", REPORT_FIELDS, {"primaryKey": ["id"]}),
            resource("sources", SOURCE_FIELDS, {"foreignKeys": [
                {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["id"]}}]}),
        ],
    }


def datapackage_text() -> str:
    """``data/datapackage.json`` as written (two-space indent, UTF-8, final newline)."""
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"
