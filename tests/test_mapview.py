"""geo/mapview.py: the map's payload is compact and inert, the base map is local and stable."""

from __future__ import annotations

import json
import re

import pytest

from geo.assets import component_assets, leaflet_dir
from geo.dataset import load_dataset
from geo.mapview import (POPUP_DETAIL_LIMIT, base_map, js_json, layer_payload, legend_html, nationality_color,
                         report_layers, standalone_html)
from geo.reference import load_reference
from tests.support import HOSTILE

DATASET = load_dataset()
ASSETS = component_assets("app.leaflet")


@pytest.mark.parametrize("value", [
    HOSTILE, "</script><script>alert(1)</script>", "{{'alert'}}", "a_b_c", "x\u2028y", "${alert(1)}",
    {"k{": ["}", "<", "&amp;"]}, None, 1.5, [],
])
def test_js_json_is_valid_javascript_json_without_markup(value):
    text = js_json(value)
    assert json.loads(text) == value
    assert not re.search(r"[<>&_$]", text)
    assert "{{" not in text and "\u2028" not in text


def test_payload_is_compact_arrays():
    kursk = DATASET.frame[DATASET.frame["layer"] == "kursk"]
    payload = layer_payload(kursk, DATASET.features, detailed=True)
    points = payload["points"]
    assert len(points["id"]) == len(points["x"]) == len(points["y"]) == len(points["c"]) == len(points["s"]) == 3
    assert len(points["h"]) == 3 and all(h.startswith('<div class="rp">') for h in points["h"])
    regions = payload["regions"]["features"]
    assert [r["properties"]["region"] for r in regions] == ["Kursk Oblast"]
    assert regions[0]["properties"]["n"] == len(kursk) - 3


def test_large_selections_leave_details_to_the_panel():
    payload = layer_payload(DATASET.frame, DATASET.features, detailed=False)
    assert payload["points"]["h"] is None
    assert "<details>" not in payload["regions"]["features"][0]["properties"]["html"]


def test_one_group_per_layer_with_drawable_reports():
    groups = report_layers(DATASET.frame, DATASET.features)
    names = [g.layer_name for g in groups]
    assert [n.split(":")[1].split("(")[0].strip() for n in names] == [
        "Donetsk Oblast", "Kursk Oblast", "Russia–Ukraine border", "Elsewhere / country-level"]
    assert report_layers(DATASET.frame.iloc[:0], DATASET.features) == []
    assert POPUP_DETAIL_LIMIT >= 1000


def test_base_map_loads_only_local_leaflet():
    m = base_map(load_reference(), ASSETS, online_tiles=False)
    html = m.get_root().render()
    assert "cdn" not in html.lower() and "openstreetmap" not in html.lower()
    assert ASSETS.js in html and ASSETS.css in html
    assert (leaflet_dir() / "leaflet.js").is_file() and (leaflet_dir() / "leaflet.css").is_file()


def test_online_tiles_are_a_choice():
    html = base_map(load_reference(), ASSETS, online_tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in html and "World_Imagery" in html


def test_base_map_script_is_stable_between_runs():
    """st_folium re-mounts the map when its script changes; equal inputs must give equal scripts."""
    from streamlit_folium import _get_map_string, generate_js_hash

    def script():
        m = base_map(load_reference(), ASSETS, online_tiles=False, selected="FT-026")
        m.get_root().render()
        return generate_js_hash(_get_map_string(m), "map")

    assert script() == script()


def test_standalone_page_with_hostile_text_is_inert(tmp_path):
    from tests.support import hostile_dataset

    hostile = load_dataset(hostile_dataset(tmp_path / "h.geojson"))
    html = standalone_html(base_map(load_reference(), ASSETS, online_tiles=False, legend=True),
                           report_layers(hostile.frame, hostile.features))
    assert "<img src=x" not in html and "${alert(1)}" not in html and "alert(2)</script>" not in html


def test_legend_names_every_nationality():
    html = legend_html(["KP", "CN"], unnamed=True)
    assert "North Korea" in html and "China" in html and "not named" in html
    assert nationality_color("KP") in html and nationality_color("ZZ") == nationality_color("ZZ")
