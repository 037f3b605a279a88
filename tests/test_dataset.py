"""geo/dataset.py: any file in the schema loads through the rulebook; features made on demand."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from geo.build import build_layers
from geo.dataset import Features, dataset_from_table, frame_from_table, load_dataset
from geo.errors import DataError
from geo.model.report import table_from_properties
from geo.reference import load_reference
from tests.support import FIXTURE_REPORTS, ROOT

REFERENCE = load_reference()
LAYERS = {path.stem: json.loads(text) for path, text in build_layers(FIXTURE_REPORTS, ROOT / "x").files.items()
          if path.suffix == ".geojson"}
FEATURES = LAYERS["all"]["features"]
TABLE = table_from_properties([f["properties"] for f in FEATURES])


def test_a_layer_and_its_source_tables_give_the_same_dataset(tmp_path):
    layer = tmp_path / "all.geojson"
    layer.write_text(json.dumps(LAYERS["all"]), encoding="utf-8")
    from_layer, from_table = load_dataset(layer), load_dataset(FIXTURE_REPORTS)
    assert from_layer.version == from_table.version == LAYERS["all"]["dataset_version"]
    assert from_layer.digest == from_table.digest and len(from_layer.digest) == 64
    assert from_layer.features == from_table.features == FEATURES
    assert list(from_layer.frame["id"]) == sorted(from_layer.frame["id"])


def test_the_default_dataset_is_the_published_layer():
    published = json.loads((ROOT / "layers" / "all.geojson").read_text(encoding="utf-8"))
    dataset = load_dataset()
    assert dataset.version == published["dataset_version"] and len(dataset) == len(published["features"])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("x.txt", "", r"x.txt: unknown kind of file"),
    ("x.geojson", "{", r"x.geojson line 1 column 2: malformed JSON"),
    ("x.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": null}]}',
     r"x.geojson feature 1: id: is required but empty"),
])
def test_bad_files_are_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_dataset(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DataError, match=r"nope.geojson: no such file"):
        load_dataset(tmp_path / "nope.geojson")
    (tmp_path / "dir.geojson").mkdir()
    with pytest.raises(DataError, match=r"dir.geojson: is a directory"):
        load_dataset(tmp_path / "dir.geojson")


def test_layer_positions_match_the_layers():
    dataset = load_dataset(FIXTURE_REPORTS)
    for layer, collection in LAYERS.items():
        assert dataset.features.take(dataset.layer_positions(layer)) == collection["features"], layer


def test_features_one_by_one_and_in_bulk():
    features = Features(TABLE, REFERENCE)
    assert len(features) == len(FEATURES)
    assert features[0] == FEATURES[0] and features[-1] == FEATURES[-1]
    assert features.take([3, 1, 3]) == [FEATURES[3], FEATURES[1], FEATURES[3]]
    assert features[2:5] == FEATURES[2:5]
    assert list(features) == FEATURES and features == FEATURES
    with pytest.raises(IndexError):
        features[len(FEATURES)]


def test_digest_depends_on_content_not_on_how_the_table_is_held():
    chunked = pa.concat_tables([TABLE.slice(0, 3), TABLE.slice(3)])
    assert chunked.column("id").num_chunks == 2
    assert dataset_from_table(chunked, "a", REFERENCE).digest == dataset_from_table(TABLE, "b", REFERENCE).digest
    rows = TABLE.to_pylist()
    rows[0]["notes"] = rows[0]["notes"] + "x"
    assert dataset_from_table(table_from_properties(rows), "c", REFERENCE).digest != \
        dataset_from_table(TABLE, "b", REFERENCE).digest
    empty = dataset_from_table(table_from_properties([]), "e", REFERENCE)
    assert empty.version.startswith("0000-00-00+") and len(empty) == 0


def test_frame_has_one_row_per_report_with_its_first_source():
    frame = frame_from_table(TABLE)
    assert list(frame["id"]) == [f["id"] for f in FEATURES]
    assert list(frame["source"]) == [f["properties"]["sources"][0]["url"] for f in FEATURES]
    assert list(frame["n_sources"]) == [len(f["properties"]["sources"]) for f in FEATURES]
    assert all(isinstance(codes, tuple) for codes in frame["nationality"])
    empty = frame_from_table(table_from_properties([]))
    assert empty.empty and "source" in empty.columns
