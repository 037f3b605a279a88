"""A structural check over every published feature (as xyzservices checks every provider).

Expectations come from the rulebook and the data itself, never from counts or ids of the data.
"""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from geo.model.report import PROPERTY_KEYS
from geo.model.vocabulary import ALL_LAYER, CLAIM_STATUS, LAYER, LOCATION_PRECISION, POINT_PRECISIONS
from geo.rules.kinds import is_http_url
from tests.support import ROOT
LAYER_FILES = sorted((ROOT / "layers").glob("*.geojson"))
FEATURES = [(path.name, f) for path in LAYER_FILES for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def test_all_layers_published():
    assert [p.stem for p in LAYER_FILES] == sorted([*LAYER.values, ALL_LAYER])


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
    assert tuple(props) == PROPERTY_KEYS, "one property schema, in one order"
    assert feature["id"] == props["id"]
    assert props["claim_status"] in CLAIM_STATUS.values
    assert props["location_precision"] in LOCATION_PRECISION.values
    assert props["sources"], "at least one source"
    assert all(is_http_url(source["url"]) for source in props["sources"])
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
        assert props["location_precision"] in POINT_PRECISIONS
    else:
        assert props["location_precision"] == "oblast"
        assert shapely.equals_exact(shapely.orient_polygons(geom, exterior_cw=False), geom, tolerance=0)


def test_every_source_url_of_the_tables_is_http():
    import csv

    with open(ROOT / "data" / "sources.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(is_http_url(row["url"]) for row in rows)


def test_no_two_reports_are_exact_duplicates():
    """Same claimant, date, figure and place is one report entered twice, not two claims."""
    features = [f for name, f in FEATURES if name == "all.geojson"]
    keys = [tuple(f["properties"][k] for k in ("claimant", "reported_on", "event_start", "count", "count_kind",
                                                "place_name", "admin1", "nationality", "nationality_label"))
            for f in features]
    assert len(set(keys)) == len(keys)


def test_every_point_has_its_gazetteer_and_lies_in_its_region():
    from geo.reference import load_reference

    reference = load_reference()
    for name, feature in FEATURES:
        props = feature["properties"]
        if feature["geometry"] and feature["geometry"]["type"] == "Point":
            assert props["location_source"], feature["id"]
            region = reference.admin1[props["admin1"]].geometry
            assert region.distance(shape(feature["geometry"])) < 0.1, feature["id"]
