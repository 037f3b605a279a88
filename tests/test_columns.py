"""geo/columns.py: the table behind a dataset, its content hash and features made on demand."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from geo.columns import Features, feature_geometry, frame_from_table, table_from_properties, table_version
from geo.reference import load_reference
from tests.support import ROOT

PUBLISHED = json.loads((ROOT / "layers" / "all.geojson").read_text(encoding="utf-8"))
FEATURES = PUBLISHED["features"]
REFERENCE = load_reference()
TABLE = table_from_properties([f["properties"] for f in FEATURES])


def test_features_are_the_published_ones_one_by_one_and_in_bulk():
    features = Features(TABLE, REFERENCE)
    assert len(features) == len(FEATURES)
    assert features[0] == FEATURES[0] and features[-1] == FEATURES[-1]
    assert features.take([3, 1, 3]) == [FEATURES[3], FEATURES[1], FEATURES[3]]
    assert features[2:5] == FEATURES[2:5]
    assert list(features) == FEATURES and features == FEATURES
    with pytest.raises(IndexError):
        features[len(FEATURES)]


def test_geometry_comes_from_the_report_itself():
    by_precision = {f["properties"]["location_precision"]: f for f in FEATURES}
    for precision in ("settlement", "oblast", "country"):
        feature = by_precision[precision]
        assert feature_geometry(feature["properties"], REFERENCE) == feature["geometry"]
    point = dict(by_precision["settlement"]["properties"], latitude=51.1234567, longitude=-0.0000001)
    assert feature_geometry(point, REFERENCE) == {"type": "Point", "coordinates": [0.0, 51.123457]}


def test_version_depends_on_content_not_on_how_the_table_is_held():
    chunked = pa.concat_tables([TABLE.slice(0, 10), TABLE.slice(10)])
    assert chunked.column("id").num_chunks == 2
    assert table_version(chunked, REFERENCE) == table_version(TABLE, REFERENCE) == PUBLISHED["dataset_version"]
    rows = TABLE.to_pylist()
    rows[0]["event_end"] = ""  # empty text and null are different values
    assert table_version(table_from_properties(rows), REFERENCE) != table_version(TABLE, REFERENCE)
    assert table_version(TABLE.slice(0, 0), REFERENCE) == table_version(table_from_properties([]), REFERENCE)
    assert table_version(table_from_properties([]), REFERENCE).startswith("0000-00-00+")


def test_frame_has_one_row_per_report_with_its_first_source():
    frame = frame_from_table(TABLE)
    assert list(frame["id"]) == [f["id"] for f in FEATURES]
    assert list(frame["source"]) == [f["properties"]["sources"][0]["url"] for f in FEATURES]
    assert list(frame["n_sources"]) == [len(f["properties"]["sources"]) for f in FEATURES]
    assert all(isinstance(codes, tuple) for codes in frame["nationality"])
    empty = frame_from_table(table_from_properties([]))
    assert empty.empty and "source" in empty.columns
