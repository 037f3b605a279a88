"""geo/dataset.py: any file in the schema loads, validated with the build's messages."""

from __future__ import annotations

import json

import pytest

from geo.dataset import load_dataset
from geo.errors import DataError
from tests.support import ROOT


def test_published_layer_and_source_table_give_the_same_dataset():
    from_layer = load_dataset(ROOT / "layers" / "all.geojson")
    from_table = load_dataset(ROOT / "data" / "reports.csv")
    assert from_layer.version == from_table.version
    assert from_layer.features == from_table.features
    assert list(from_layer.frame["id"]) == sorted(from_layer.frame["id"])


def test_version_matches_the_published_layers():
    published = json.loads((ROOT / "layers" / "all.geojson").read_text(encoding="utf-8"))
    assert load_dataset().version == published["dataset_version"]


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


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"nope.geojson: no such file"):
        load_dataset(tmp_path / "nope.geojson")


def test_layer_positions_match_the_published_layers():
    dataset = load_dataset()
    for layer in ("donetsk", "kursk", "border", "other", "all"):
        published = json.loads((ROOT / "layers" / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]
        assert dataset.features.take(dataset.layer_positions(layer)) == published
