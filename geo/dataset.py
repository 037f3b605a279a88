"""A loaded dataset: validated reports as published features plus a table for filtering.

The app loads the published ``layers/all.geojson`` by default, or any file in the project's schema
(a GeoJSON layer, or a ``reports.csv`` with its ``sources.csv``), validated with the same rules
and messages as the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo import bulk
from geo.build import LAYERS_DIR, report_feature
from geo.columns import Features, frame_from_table, table_from_properties, table_version
from geo.errors import DataError, Problem, display_path
from geo.records import read_reports
from geo.reference import Reference, load_reference
from geo.schema import ALL_LAYER, LAYERS, Report

DEFAULT_DATA = LAYERS_DIR / f"{ALL_LAYER}.geojson"


@dataclass(frozen=True, eq=False)
class Dataset:
    """Reports ready for the app: features in the published schema and a table to filter.

    Attributes
    ----------
    name : str
        Where the data came from, as shown to users.
    version : str
        The dataset version (``<newest reported_on>+<hash>``).
    features : geo.columns.Features
        One GeoJSON feature per report, sorted by id, made on demand; row ``i`` of `frame` is
        ``features[i]``.
    frame : pandas.DataFrame
        One row per report with the columns the filters, charts, map and table use.
    """

    name: str
    version: str
    features: Features
    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.features)

    @property
    def nationalities(self) -> list[str]:
        """The ISO codes that occur, most frequent first."""
        counts = self.frame["nationality"].explode().dropna().value_counts()
        return sorted(counts.index, key=lambda code: (-counts[code], code))

    def layer_positions(self, layer: str) -> np.ndarray:
        """Row positions of the reports a published layer holds (``all``: every report)."""
        if layer == ALL_LAYER:
            return np.arange(len(self))
        return np.flatnonzero((self.frame["layer"] == layer).to_numpy())

    @property
    def has_unnamed_nationality(self) -> bool:
        """Whether any report names a nationality without a country code."""
        return bool((self.frame["nationality_label"] != "").any())


def dataset_from_table(table, name: str, reference: Reference) -> Dataset:
    """A `Dataset` of a table of published properties sorted by id."""
    return Dataset(name=name, version=table_version(table, reference), features=Features(table, reference),
                   frame=frame_from_table(table))


def dataset_from_reports(reports: list[Report], name: str, reference: Reference | None = None) -> Dataset:
    """Build a `Dataset` from validated reports."""
    reference = reference or load_reference()
    props = [report_feature(report, reference)["properties"] for report in sorted(reports, key=lambda r: r.id)]
    return dataset_from_table(table_from_properties(props), name, reference)


def load_dataset(path: str | Path = DEFAULT_DATA, reference: Reference | None = None) -> Dataset:
    """Load and validate a dataset file: a GeoJSON layer in the schema or a ``reports.csv``.

    Raises
    ------
    DataError
        With every problem found (file, feature or row, field, rule, value, fix).
    """
    path = Path(path)
    reference = reference or load_reference()
    name = display_path(path)
    if path.suffix.lower() == ".csv":
        return dataset_from_reports(read_reports(path, reference=reference), name, reference)
    if path.suffix.lower() not in (".geojson", ".json"):
        raise DataError([Problem(name, "", "", "unknown kind of file; give a GeoJSON layer in the project's "
                                 "schema (.geojson) or a reports.csv with its sources.csv beside it")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "", "", "no such file")])
    return dataset_from_bytes(raw, name, reference)


def dataset_from_text(text: str, name: str, reference: Reference | None = None) -> Dataset:
    """Load and validate GeoJSON text in the project's schema (an upload, say)."""
    return dataset_from_bytes(text.encode("utf-8"), name, reference)


def dataset_from_bytes(raw: bytes, name: str, reference: Reference | None = None) -> Dataset:
    """Load and validate GeoJSON (UTF-8 bytes) in the project's schema.

    A layer written by this project goes straight to Arrow, other layouts after a full parse
    (`geo.bulk`); whenever that path cannot vouch for every row, the row-by-row validation
    decides and reports every problem.
    """
    from geo.validate import read_geojson_reports

    reference = reference or load_reference()
    try:
        raw.decode("utf-8")  # checked, not kept: a large file's text would double the memory held
    except UnicodeDecodeError:
        raise DataError([Problem(name, "", "", "is not UTF-8 text, as RFC 7946 requires")])
    table = _checked_table(raw, name, reference)
    if table is not None:
        return dataset_from_table(table, name, reference)
    return dataset_from_reports(read_geojson_reports(raw.decode("utf-8"), name, reference), name, reference)


def _checked_table(raw: bytes, name: str, reference: Reference):
    """The published properties by the column-wise path, or None if row by row must decide."""
    from geo.validate import read_feature_collection

    layer = bulk.layer_ndjson(raw)
    if layer is None:
        problems: list[Problem] = []
        data = read_feature_collection(raw.decode("utf-8"), name, problems)
        if data is None or problems:
            return None
        layer = data, bulk.collection_ndjson(data["features"]), len(data["features"])
    head, ndjson, n = layer
    parsed = bulk.parse_features(ndjson, n)
    del layer, ndjson
    if parsed is None:
        return None
    return bulk.read_table(parsed, name, reference, whole_dataset=head.get("name") not in LAYERS)
