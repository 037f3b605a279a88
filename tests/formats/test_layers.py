"""geo/formats/layers.py: checking published layers, every rule of their form with its message."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from geo.build import build_layers
from geo.cli import main
from geo.dataset import dataset_from_bytes
from geo.errors import DataError
from geo.formats.layers import layer_problems
from tests.support import FIXTURE_REPORTS

LAYERS = {path.stem: text for path, text in build_layers(FIXTURE_REPORTS, Path("layers")).files.items()
          if path.suffix == ".geojson"}
KURSK = json.loads(LAYERS["kursk"])


def feature(ident: str) -> dict:
    return next(f for f in KURSK["features"] if f["id"] == ident)


POINT_ID = "T-1"   # Sudzha, a settlement point
AREA_ID = "T-2"    # Kursk Oblast, an area


def layer_with(change) -> str:
    """The Kursk layer with `change(collection)` applied, as text."""
    data = copy.deepcopy(KURSK)
    change(data)
    return json.dumps(data)


def set_in(ident, path, value):
    def change(data):
        target = next(f for f in data["features"] if f["id"] == ident)
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def test_built_layers_are_valid():
    for name, text in LAYERS.items():
        assert layer_problems(text, f"layers/{name}.geojson") == []


BOWTIE = {"type": "Polygon", "coordinates": [[[35.0, 51.0], [36.0, 52.0], [36.0, 51.0], [35.0, 52.0], [35.0, 51.0]]]}
CLOCKWISE = {"type": "Polygon", "coordinates": [[[35.0, 51.0], [35.0, 52.0], [36.0, 52.0], [36.0, 51.0], [35.0, 51.0]]]}

INVALID_LAYER = [
    pytest.param(lambda d: None, "{\"type\": \"FeatureCollection\", \"features\": [",
                 r"kursk.geojson line 1 column \d+: malformed JSON", id="malformed json"),
    pytest.param(lambda d: d.update(type="Feature"), None,
                 r"type: expected a GeoJSON FeatureCollection, got 'Feature'", id="not a collection"),
    pytest.param(lambda d: d.update(crs={"type": "name", "properties": {"name": "EPSG:3857"}}), None,
                 r"crs: RFC 7946 GeoJSON has no 'crs' member", id="crs member"),
    pytest.param(lambda d: d.pop("dataset_version"), None, r"dataset_version: missing", id="no dataset version"),
    pytest.param(set_in(POINT_ID, ["geometry"], {"type": "LineString", "coordinates": [[35.2, 51.1], [35.3, 51.2]]}), None,
                 r"feature \d+ \(id 'T-1'\): geometry: type 'LineString' is not allowed", id="wrong geometry type"),
    pytest.param(set_in(AREA_ID, ["geometry"], {"type": "Point", "coordinates": [36.2, 51.7]}), None,
                 r"id 'T-2'\): geometry: type 'Point' does not fit location_precision 'oblast'", id="point for an oblast"),
    pytest.param(set_in(AREA_ID, ["geometry"], BOWTIE), None,
                 r"id 'T-2'\): geometry: invalid Polygon: Self-intersection", id="invalid polygon"),
    pytest.param(set_in(AREA_ID, ["geometry"], CLOCKWISE), None,
                 r"geometry: rings are not oriented as RFC 7946 asks", id="clockwise ring"),
    pytest.param(set_in(POINT_ID, ["geometry", "coordinates"], [35.270561234, 51.19139]), None,
                 r"geometry: position \[35.270561234, 51.19139\] has more than 6 decimals", id="too many decimals"),
    pytest.param(set_in(POINT_ID, ["geometry", "coordinates"], [51.19139, 35.27056]), None,
                 r"geometry: point \[51.19139, 35.27056\] differs from properties", id="geometry differs from properties"),
    pytest.param(set_in(POINT_ID, ["geometry", "coordinates"], [35.27, 191.0]), None,
                 r"position \[35.27, 191.0\] is outside \[-180..180, -90..90\]", id="position out of range"),
    pytest.param(set_in(POINT_ID, ["properties", "latitude"], 35.27056), None,
                 r"latitude/longitude: point \(35.27056, 35.27056\) lies \d+ km outside admin1 'Kursk Oblast'",
                 id="point outside its oblast"),
    pytest.param(set_in(POINT_ID, ["properties", "claim_status"], "rumour"), None,
                 r"claim_status: 'rumour' is not one of claimed", id="unknown claim status"),
    pytest.param(set_in(POINT_ID, ["properties", "sources"], [{"url": "javascript:alert(1)", "title": "", "outlet": ""}]), None,
                 r"sources\[1\].url: 'javascript:alert\(1\)' is not an http\(s\) URL", id="javascript source"),
    pytest.param(set_in(POINT_ID, ["properties", "sources"], []), None,
                 r"sources: must be a non-empty list", id="no source"),
    pytest.param(lambda d: feature_in(d, POINT_ID)["properties"].pop("notes"), None,
                 r"properties: missing key\(s\) 'notes'", id="missing property"),
    pytest.param(set_in(POINT_ID, ["properties", "date"], "2020-01-01"), None,
                 r"date: is '2020-01-01' but the report implies '2025-03-18'; rebuild", id="stale derived property"),
    pytest.param(set_in(POINT_ID, ["properties", "count"], True), None,
                 r"count: expected text or a number, got True", id="boolean count"),
    pytest.param(set_in(AREA_ID, ["id"], POINT_ID), None,
                 r"id: feature id 'T-1' differs from properties id 'T-2'", id="id differs"),
    pytest.param(lambda d: d["features"].append(copy.deepcopy(feature_in(d, POINT_ID))), None,
                 r"id: 'T-1' is used again", id="duplicate id"),
    pytest.param(set_in(POINT_ID, ["properties", "area"], "donetsk"), None,
                 r"area: 'donetsk' holds reports in 'Donetsk Oblast'", id="wrong area"),
]


def feature_in(data, ident):
    return next(f for f in data["features"] if f["id"] == ident)


@pytest.mark.parametrize(("change", "text", "message"), INVALID_LAYER)
def test_invalid_layer(change, text, message):
    problems = layer_problems(text if text is not None else layer_with(change), "layers/kursk.geojson")
    assert problems, "expected a problem"
    assert any(__import__("re").search(message, str(problem)) for problem in problems), [str(p) for p in problems]


def test_upload_in_schema_is_read_with_derived_fields_recomputed():
    data = copy.deepcopy(KURSK)
    for f in data["features"]:
        f["properties"].pop("date")  # uploads need not carry derived keys
        f["geometry"] = None
    dataset = dataset_from_bytes(json.dumps(data).encode(), "upload.geojson")
    assert dataset.features.take(range(len(dataset))) == KURSK["features"]


def test_upload_errors_name_the_feature():
    text = layer_with(set_in(POINT_ID, ["properties", "reported_on"], "March"))
    with pytest.raises(DataError, match=r"upload.geojson feature \d+ \(id 'T-1'\): reported_on: 'March' is not a date"):
        dataset_from_bytes(text.encode(), "upload.geojson")


def test_cli_validate_reports_problems_and_exits_nonzero(tmp_path, capsys):
    bad = tmp_path / "bad.geojson"
    bad.write_text(layer_with(set_in(AREA_ID, ["geometry"], BOWTIE)), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "1 problem found:" in err and "invalid Polygon" in err


def test_cli_validate_default_paths_pass(capsys):
    assert main(["validate"]) == 0
    assert "ok:" in capsys.readouterr().out


def test_cli_validate_reports_a_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.geojson")]) == 1
    assert "nope.geojson: no such file" in capsys.readouterr().err
