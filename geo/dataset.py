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
from geo.build import LAYERS_DIR, dataset_version, report_feature
from geo.errors import DataError, Problem, display_path
from geo.records import read_reports
from geo.reference import Reference, load_reference
from geo.schema import ALL_LAYER, Report

DEFAULT_DATA = LAYERS_DIR / f"{ALL_LAYER}.geojson"

#: Columns of `Dataset.frame`, besides the report properties.
FRAME_COLUMNS = ("id", "date", "date_end", "nationality", "nationality_label", "layer", "area",
                 "claim_status", "location_precision", "admin1", "latitude", "longitude", "count",
                 "count_qualifier", "count_kind", "claimant", "claimant_country", "reported_on")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Reports ready for the app: features in the published schema and a table to filter.

    Attributes
    ----------
    name : str
        Where the data came from, as shown to users.
    version : str
        The dataset version (``<newest reported_on>+<hash>``).
    features : tuple of dict
        One GeoJSON feature per report, sorted by id; row ``i`` of `frame` is ``features[i]``.
    frame : pandas.DataFrame
        One row per report with the columns the filters, charts and table use.
    """

    name: str
    version: str
    features: tuple
    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.features)

    @property
    def nationalities(self) -> list[str]:
        """The ISO codes that occur, most frequent first."""
        counts = self.frame["nationality"].explode().dropna().value_counts()
        return sorted(counts.index, key=lambda code: (-counts[code], code))

    @property
    def has_unnamed_nationality(self) -> bool:
        """Whether any report names a nationality without a country code."""
        return bool((self.frame["nationality_label"] != "").any())


def frame_from_features(features) -> pd.DataFrame:
    """Return the filter table of a list of published features (same order)."""
    props = [feature["properties"] for feature in features]
    frame = pd.DataFrame.from_records(props, columns=[c for c in FRAME_COLUMNS])
    if frame.empty:
        frame = pd.DataFrame({column: pd.Series(dtype=object) for column in FRAME_COLUMNS})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    frame["date_end"] = pd.to_datetime(frame["date_end"], format="%Y-%m-%d")
    frame["reported_on"] = pd.to_datetime(frame["reported_on"], format="%Y-%m-%d")
    frame["nationality"] = [tuple(code for code in (value or "").split(";") if code) for value in frame["nationality"]]
    frame["claimant_country"] = [tuple(c for c in (value or "").split(";") if c) for value in frame["claimant_country"]]
    frame["nationality_label"] = frame["nationality_label"].fillna("")
    frame["count"] = pd.array(frame["count"], dtype="Int64")
    frame["latitude"] = frame["latitude"].astype(float)
    frame["longitude"] = frame["longitude"].astype(float)
    return frame


def dataset_from_reports(reports: list[Report], name: str, reference: Reference | None = None,
                         version: str | None = None) -> Dataset:
    """Build a `Dataset` from validated reports."""
    reference = reference or load_reference()
    features = [report_feature(report, reference) for report in sorted(reports, key=lambda r: r.id)]
    return Dataset(name=name, version=version or dataset_version(features), features=tuple(features),
                   frame=frame_from_features(features))


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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, "", "", "no such file")])
    except UnicodeDecodeError:
        raise DataError([Problem(name, "", "", "is not UTF-8 text, as RFC 7946 requires")])
    return dataset_from_text(text, name, reference)


def dataset_from_text(text: str, name: str, reference: Reference | None = None) -> Dataset:
    """Load and validate GeoJSON text in the project's schema (an upload, say).

    Large files take the column-wise path of `geo.bulk`; whenever it cannot vouch for every row,
    the row-by-row validation decides and reports every problem.
    """
    from geo.validate import read_feature_collection, read_geojson_reports

    reference = reference or load_reference()
    problems: list[Problem] = []
    data = bulk.parse_layer_text(text) or read_feature_collection(text, name, problems)
    if data is not None and not problems:
        features = bulk.read_features(data, name, reference)
        if features is not None:
            return Dataset(name=name, version=dataset_version(features), features=tuple(features),
                           frame=frame_from_features(features))
    return dataset_from_reports(read_geojson_reports(text, name, reference), name, reference)


def subset(dataset: Dataset, index: np.ndarray) -> list[dict]:
    """Return the features at the given row positions."""
    return [dataset.features[i] for i in index]
