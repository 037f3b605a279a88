"""A selection or a layer as RFC 7946 GeoJSON and as CSV, with the reports verbatim and their provenance.

Both say where they came from: the GeoJSON as top-level foreign members (``dataset_version``,
``selection``), the CSV as two last columns with the same on every row (a spreadsheet keeps them when
rows are copied elsewhere). The CSV cannot run as a spreadsheet formula. `geo.publish` lists every
download of the page.
"""

from __future__ import annotations

import csv
import io

from geo.formats.geojson import dump_feature_collection
from geo.model.report import FLAT_COLUMNS, flat_row

#: CSV columns: a report as one flat row (every property, the sources flattened), then its provenance.
CSV_COLUMNS = (*FLAT_COLUMNS, "dataset_version", "selection")


def selection_geojson(features: list[dict], version: str, description: str) -> bytes:
    """The features of a selection as a GeoJSON FeatureCollection (UTF-8 bytes).

    The collection carries the dataset version and a plain-text description of the filters as
    top-level foreign members, so a downloaded file says where it came from.
    """
    members = {"dataset_version": version, "selection": description}
    return dump_feature_collection(list(features), name="selection", members=members).encode("utf-8")


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet shows as text: text that could start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def selection_csv(features: list[dict], version: str, description: str) -> bytes:
    """The reports of a selection as CSV: one row per report, UTF-8 with a byte-order mark (Excel).

    Text that a spreadsheet would run as a formula (``=HYPERLINK(...)``) is neutralised with a
    leading ``'`` (numbers are left as they are); the GeoJSON download keeps every text verbatim.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for feature in features:
        row = {**flat_row(feature["properties"]), "dataset_version": version, "selection": description}
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
