"""app_cache.py: derived work is keyed on what a dataset holds and where it came from, never on its version."""

from __future__ import annotations

import dataclasses

from geo.dataset import dataset_from_table, load_dataset
from geo.model.report import table_from_properties
from geo.reference import load_reference
from tests.support import FIXTURE_REPORTS

import app_cache  # noqa: E402  (Streamlit's caches work without a running app)

OFFICIAL = load_dataset(FIXTURE_REPORTS)


def forged() -> object:
    """Another dataset with the official one's displayed version and a different summary."""
    rows = OFFICIAL.table.to_pylist()
    target = next(row for row in rows if row["id"] == "T-1")
    target["summary"] = "FAKE: 40,000 troops captured Sudzha"
    other = dataset_from_table(table_from_properties(rows), "upload.geojson", load_reference())
    return dataclasses.replace(other, version=OFFICIAL.version, origin="upload:test")


def payload(groups) -> str:
    return "".join(getattr(child, "code", "") for group in groups for child in group._children.values())


def test_two_datasets_with_one_version_never_see_each_others_work():
    fake = forged()
    assert fake.version == OFFICIAL.version and fake.digest != OFFICIAL.digest and fake.key != OFFICIAL.key
    filters = OFFICIAL.options.defaults
    real_map = payload(app_cache.layers(OFFICIAL.key, OFFICIAL, filters, None))
    fake_map = payload(app_cache.layers(fake.key, fake, filters, None))
    assert "FAKE" in fake_map and "FAKE" not in real_map
    assert "FAKE" not in payload(app_cache.layers(OFFICIAL.key, OFFICIAL, filters, None))
    for what in (("selection", "geojson"), ("selection", "csv"), ("kursk", "geojson")):
        assert b"FAKE" in app_cache.download(fake.key, fake, what, filters)
        assert b"FAKE" not in app_cache.download(OFFICIAL.key, OFFICIAL, what, filters)


def test_the_same_content_uploaded_is_still_apart_from_the_official_file():
    copy = dataclasses.replace(OFFICIAL, origin="upload:someone")
    assert copy.digest == OFFICIAL.digest and copy.key != OFFICIAL.key


def test_the_map_components_arguments_are_made_per_dataset_and_st_folium_is_left_as_it_was():
    import folium
    import streamlit_folium

    original = streamlit_folium._component_func
    fake, filters = forged(), OFFICIAL.options.defaults
    base = ("test", None, False, None)
    real = app_cache.map_component(base, OFFICIAL.key, filters, None, OFFICIAL, lambda: folium.Map(tiles=None))
    other = app_cache.map_component(base, fake.key, filters, None, fake, lambda: folium.Map(tiles=None))
    assert streamlit_folium._component_func is original
    assert "FAKE" in repr(other) and "FAKE" not in repr(real)
    assert app_cache.map_component(base, OFFICIAL.key, filters, None, OFFICIAL, lambda: folium.Map()) is real
    assert {"script", "feature_group", "height", "key"} <= set(real)
