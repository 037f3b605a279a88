"""geo/bulk.py: the column-wise path accepts exactly what the row-by-row rules accept."""

from __future__ import annotations

import copy
import json

import pytest

from geo import bulk
from geo.dataset import dataset_from_reports, dataset_from_text
from geo.errors import DataError
from geo.reference import load_reference
from geo.validate import read_geojson_reports
from tests.support import ROOT
from tests.test_records import INVALID_ROW, POINT_ROW

PUBLISHED = (ROOT / "layers" / "all.geojson").read_text(encoding="utf-8")


def slow(text: str, name: str = "upload.geojson"):
    return dataset_from_reports(read_geojson_reports(text, name), name)


def test_fast_path_equals_row_by_row_on_the_published_layer():
    fast = dataset_from_text(PUBLISHED, "all.geojson")
    assert bulk.read_features(json.loads(PUBLISHED), "all.geojson", load_reference()) is not None
    reference = slow(PUBLISHED)
    assert fast.features == reference.features and fast.version == reference.version


def test_layer_text_is_parsed_without_geometries():
    data = bulk.parse_layer_text(PUBLISHED)
    full = json.loads(PUBLISHED)
    assert [f["properties"] for f in data["features"]] == [f["properties"] for f in full["features"]]
    assert all("geometry" not in f for f in data["features"])
    assert bulk.parse_layer_text(json.dumps(full)) is None  # another layout: parsed in full instead


def feature_of(row: dict) -> dict:
    """A row of reports.csv as an uploaded feature (typed values, one source)."""
    props = {key: value for key, value in row.items()}
    for key in ("latitude", "longitude"):
        try:
            value = props[key]
            props[key] = None if value == "" else float(value) if "." in value else int(value)
        except ValueError:
            pass
    try:
        props["count"] = int(props["count"]) if props["count"] != "" else None
    except ValueError:
        pass
    props["sources"] = [{"url": "https://example.org/a", "title": "A", "outlet": "O"}]
    return {"type": "Feature", "properties": props, "geometry": None}


def collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


@pytest.mark.parametrize(("change", "message"), INVALID_ROW)
def test_every_invalid_row_is_refused_with_the_rule_message(change, message):
    text = collection(feature_of({**POINT_ROW, **change}))
    with pytest.raises(DataError, match=message.replace("row 2", "feature 1")):
        dataset_from_text(text, "upload.geojson")


@pytest.mark.parametrize("change", [
    {"sources": []}, {"sources": [{"url": "javascript:alert(1)"}]}, {"sources": "https://example.org"},
    {"count": 3.5}, {"count": True}, {"latitude": "51.19"}, {"summary": " padded "}, {"id": 7},
    {"nationality": "KP;KP"}, {"responds_to": "T-1"},
])
def test_odd_values_never_pass_unchecked(change):
    feature = feature_of(POINT_ROW)
    feature["properties"].update(change)
    assert bulk.flag_rows([feature], load_reference())[0]


def test_cross_row_problems_take_the_full_path():
    first = feature_of(POINT_ROW)
    duplicate = copy.deepcopy(first)
    with pytest.raises(DataError, match=r"feature 2 \(id 'T-1'\): id: 'T-1' is used again"):
        dataset_from_text(collection(first, duplicate), "upload.geojson")
    answering = feature_of({**POINT_ROW, "id": "T-2", "responds_to": "T-9"})
    with pytest.raises(DataError, match=r"responds_to: 'T-9' matches no report id"):
        dataset_from_text(collection(first, answering), "upload.geojson")


def test_a_point_just_outside_its_generalized_region_is_still_accepted():
    # Flagged by the strict column check, then accepted by the rule's 5 km tolerance.
    region = load_reference().admin1["Kursk Oblast"].geometry
    lon, lat = region.exterior.coords[0] if region.geom_type == "Polygon" else region.geoms[0].exterior.coords[0]
    feature = feature_of({**POINT_ROW, "latitude": str(round(lat + 0.01, 5)), "longitude": str(round(lon, 5))})
    text = collection(feature)
    fast = dataset_from_text(text, "upload.geojson")
    assert fast.features == slow(text).features
