"""A structural check over every published feature (as xyzservices checks every provider)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import shapely
from shapely.geometry import shape

from geo import schema

ROOT = Path(__file__).resolve().parent.parent
LAYER_FILES = sorted((ROOT / "layers").glob("*.geojson"))
FEATURES = [(path.name, f) for path in LAYER_FILES for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def test_all_layers_published():
    assert [p.stem for p in LAYER_FILES] == sorted([*schema.LAYERS, schema.ALL_LAYER])


@pytest.mark.parametrize("path", LAYER_FILES, ids=lambda p: p.name)
def test_layer_top_level(path):
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert data["name"] == path.stem and data["dataset_version"]
    assert text.endswith("]}\n")
    ids = [f["id"] for f in data["features"]]
    assert ids == sorted(ids), "features are sorted by id"


@pytest.mark.parametrize(("layer", "feature"), FEATURES, ids=[f"{name}:{f['id']}" for name, f in FEATURES])
def test_published_feature(layer, feature):
    props = feature["properties"]
    assert tuple(props) == schema.PROPERTY_KEYS, "one property schema, in one order"
    assert feature["id"] == props["id"]
    assert props["claim_status"] in schema.CLAIM_STATUSES
    assert props["location_precision"] in schema.LOCATION_PRECISIONS
    assert props["sources"], "at least one source"
    for source in props["sources"]:
        parts = urlsplit(source["url"])
        assert parts.scheme in ("http", "https") and parts.netloc
    assert props["nationality"] or props["nationality_label"]
    geometry = feature["geometry"]
    if geometry is None:
        assert props["location_precision"] in ("country", "oblast") and props["layer"] == "other"
        return
    geom = shape(geometry)
    assert shapely.is_valid(geom)
    for x, y in shapely.get_coordinates(geom):
        assert -180 <= x <= 180 and -90 <= y <= 90
        assert round(x, 6) == x and round(y, 6) == y
    if geometry["type"] == "Point":
        assert props["location_precision"] in schema.POINT_PRECISIONS
    else:
        assert props["location_precision"] == "oblast"
        assert shapely.equals_exact(shapely.orient_polygons(geom, exterior_cw=False), geom, tolerance=0)
