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
    head, ndjson, n = bulk.layer_ndjson(PUBLISHED.encode())
    raw = bulk.parse_features(ndjson, n)
    assert n == len(json.loads(PUBLISHED)["features"]) and raw.num_rows == n
    assert bulk.read_table(raw, "all.geojson", load_reference(), whole_dataset=True) is not None
    fast = dataset_from_text(PUBLISHED, "all.geojson")
    reference = slow(PUBLISHED)
    assert fast.features == reference.features and fast.version == reference.version
    assert fast.version == head["dataset_version"]


def test_a_layer_is_read_as_lines_and_other_layouts_in_full():
    full = json.loads(PUBLISHED)
    assert bulk.layer_ndjson(json.dumps(full).encode()) is None
    # Two features on one line: Arrow refuses the comma, or counts one row too many without it.
    text = PUBLISHED.replace("},\n{", "}, {", 1)
    assert bulk.parse_features(*bulk.layer_ndjson(text.encode())[1:]) is None
    assert dataset_from_text(text, "all.geojson").features == dataset_from_text(PUBLISHED, "all.geojson").features
    text = PUBLISHED.replace("},\n{", "} {", 1)
    assert bulk.parse_features(*bulk.layer_ndjson(text.encode())[1:]) is None
    with pytest.raises(DataError, match=r"all.geojson line 2 column \d+: malformed JSON"):
        dataset_from_text(text, "all.geojson")
    other = dataset_from_text(json.dumps(full, indent=1), "upload.geojson")
    assert other.features == dataset_from_text(PUBLISHED, "all.geojson").features
    empty = '{"type":"FeatureCollection","name":"x","features":[]}\n'
    assert bulk.layer_ndjson(empty.encode())[2] == 0 and len(dataset_from_text(empty, "x.geojson")) == 0


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


def unchecked(feature: dict) -> bool:
    """Whether the column-wise path would take the feature as valid without the row-by-row rules."""
    raw = bulk.parse_features(bulk.collection_ndjson([feature]), 1)
    return raw is not None and not bulk.flag_rows(raw, load_reference())[0]


def test_a_valid_feature_passes_unchecked():
    assert unchecked(feature_of(POINT_ROW))


@pytest.mark.parametrize("change", [
    {"sources": []}, {"sources": [{"url": "javascript:alert(1)"}]}, {"sources": "https://example.org"},
    {"sources": [None]}, {"sources": [{"title": "no url"}]},
    {"sources": [{"url": "https://example.org/a"}, {"url": "https://example.org/a"}]},
    {"sources": [{"url": "https://example.org/a\u00a0b"}]},
    {"count": 3.5}, {"count": True}, {"count": -1}, {"count": "5"}, {"latitude": "51.19"}, {"latitude": float("nan")},
    {"summary": " padded "}, {"summary": "\x1fpadded"}, {"claimant": "padded\u2029"}, {"id": 7},
    {"nationality": "KP;KP"}, {"nationality": "kp"}, {"responds_to": "T-1"}, {"responds_to": "X-1\u00a0"},
    {"reported_on": "2024-02-30"}, {"reported_on": "0000-01-01"}, {"reported_on": "2024-1-01"},
    {"event_start": "2030-01-01"}, {"area": "Kursk"}, {"admin1": "Nowhere"}, {"country": "UA"},
])
def test_odd_values_never_pass_unchecked(change):
    feature = feature_of(POINT_ROW)
    feature["properties"].update(change)
    assert not unchecked(feature)


def test_what_is_not_a_feature_is_refused_by_name():
    feature = {**feature_of(POINT_ROW), "type": "Point"}
    with pytest.raises(DataError, match=r"feature 1 \(id 'T-1'\): type: expected a GeoJSON Feature"):
        dataset_from_text(collection(feature), "upload.geojson")


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
