"""The rulebook: what a report table must hold, written once and applied by one engine.

- `geo.rules.fields`: one declarative spec per column (kind, required, choices, limits);
- `geo.rules.kinds`: the column-wise check and the message of each kind of field;
- `geo.rules.checks`: the rules between fields of a report;
- `geo.rules.engine`: applies all of them, and the rules between reports, to a `ReportCells`;
- `geo.rules.datapackage`: the same specs as a Frictionless data package (``data/datapackage.json``).
"""
