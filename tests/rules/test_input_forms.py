"""One rulebook, every input form: CSV tables, a layer read column by column, any other GeoJSON layout.

Every invalid case of `tests/rules/test_engine.py` is refused with the same message through every
form; valid data gives the same dataset through every form.
"""

from __future__ import annotations

import copy
import json

import pytest

from geo.dataset import dataset_from_bytes, load_dataset
from geo.errors import DataError
from geo.formats.geojson import dump_feature_collection
from geo.formats.ndjson import layer_cells
from tests.rules.test_engine import INVALID_ROW, POINT_ROW
from tests.support import FIXTURE_REPORTS


def feature_of(row: dict) -> dict:
    """A row of reports.csv as an uploaded feature (typed values where they parse, one source)."""
    props = dict(row)
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
    props["sources"] = [{"url": f"https://example.org/{row['id']}", "title": "A", "outlet": "O"}]
    return {"type": "Feature", "id": row["id"], "properties": props, "geometry": None}


def as_layer(*features) -> bytes:
    """The project's layer layout: one feature per line (read column by column when the types allow)."""
    return dump_feature_collection(list(features), name="upload").encode()


def as_other_layout(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, indent=1).encode()


FORMS = [pytest.param(as_layer, id="layer"), pytest.param(as_other_layout, id="other layout")]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("change", "message"), INVALID_ROW)
def test_every_invalid_row_is_refused_with_the_rule_message(form, change, message):
    raw = form(feature_of({**POINT_ROW, **change}))
    with pytest.raises(DataError, match=message.replace("row 2", "feature 1")):
        dataset_from_bytes(raw, "upload.geojson")


def test_a_valid_layer_is_read_column_by_column():
    raw = as_layer(feature_of(POINT_ROW))
    assert layer_cells(raw, "upload.geojson") is not None
    assert layer_cells(as_other_layout(feature_of(POINT_ROW)), "upload.geojson") is None


@pytest.mark.parametrize("form", FORMS)
def test_every_form_gives_the_same_dataset(form):
    from_tables = load_dataset(FIXTURE_REPORTS)
    features = [dict(f, geometry=None) for f in from_tables.features]
    loaded = dataset_from_bytes(form(*features), "upload.geojson")
    assert loaded.features == from_tables.features and loaded.digest == from_tables.digest


@pytest.mark.parametrize("change", [
    {"count": 3.5}, {"count": True}, {"latitude": "51.19139"}, {"summary": 5}, {"id": 7},
    {"sources": [{"url": "https://example.org/a", "title": None, "outlet": 3}]},
])
def test_values_of_another_json_type_take_the_full_reading_with_the_same_rules(change):
    feature = feature_of(POINT_ROW)
    feature["properties"].update(change)
    raw = as_layer(feature)
    assert layer_cells(raw, "upload.geojson") is None
    outcomes = []
    for form in (raw, as_other_layout(feature)):
        try:
            outcomes.append(dataset_from_bytes(form, "upload.geojson").digest)
        except DataError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


def test_what_is_not_a_feature_is_refused_by_name():
    feature = {**feature_of(POINT_ROW), "type": "Point"}
    for form in (as_layer(feature), as_other_layout(feature)):
        with pytest.raises(DataError, match=r"feature 1 \(id 'T-1'\): type: expected a GeoJSON Feature"):
            dataset_from_bytes(form, "upload.geojson")


@pytest.mark.parametrize("form", FORMS)
def test_problems_between_rows_in_every_form(form):
    first = feature_of(POINT_ROW)
    with pytest.raises(DataError, match=r"feature 2 \(id 'T-1'\): id: 'T-1' is used again \(first in feature 1\)"):
        dataset_from_bytes(form(first, copy.deepcopy(first)), "upload.geojson")
    answering = feature_of({**POINT_ROW, "id": "T-2", "responds_to": "T-9"})
    with pytest.raises(DataError, match=r"feature 2 \(id 'T-2'\): responds_to: 'T-9' matches no report id"):
        dataset_from_bytes(form(first, answering), "upload.geojson")


@pytest.mark.parametrize("form", FORMS)
def test_a_source_listed_twice_is_refused_in_every_form(form):
    feature = feature_of(POINT_ROW)
    feature["properties"]["sources"] *= 2
    with pytest.raises(DataError, match=r"feature 1 \(id 'T-1'\): sources\[2\].url: 'https://example.org/T-1' is "
                                        r"listed twice for report 'T-1' \(first in sources\[1\]\)"):
        dataset_from_bytes(form(feature), "upload.geojson")


def test_a_point_just_outside_its_generalized_region_is_accepted_in_every_form(tmp_path):
    from geo.reference import load_reference
    from tests.support import write_tables

    region = load_reference().admin1["Kursk Oblast"].geometry
    lon, lat = region.exterior.coords[0] if region.geom_type == "Polygon" else region.geoms[0].exterior.coords[0]
    row = {**POINT_ROW, "latitude": str(round(lat + 0.01, 5)), "longitude": str(round(lon, 5))}
    digests = {load_dataset(write_tables(tmp_path, [row])).digest}
    for form in (as_layer, as_other_layout):
        digests.add(dataset_from_bytes(form(feature_of(row)), "upload.geojson").digest)
    assert len(digests) == 1
