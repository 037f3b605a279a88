"""geo/mapview: the map's payload is compact and inert, clicks are read strictly, the base map is local and stable."""

from __future__ import annotations

import json
import re

import pytest

from geo.dataset import load_dataset
from geo.mapview.assets import component_assets, leaflet_dir
from geo.mapview.base import base_map, standalone_html
from geo.mapview.layers import POPUP_DETAIL_LIMIT, clicked, drawn, js_json, layer_payload, report_layers
from geo.reference import load_reference
from geo.present.palette import colour_key
from geo.state.filters import Options
from geo.state.link import Selection
from tests.support import FIXTURE_REPORTS, HOSTILE

DATASET = load_dataset(FIXTURE_REPORTS)
OPTIONS = Options.of(DATASET.frame)
COLOURS = colour_key(tuple(OPTIONS.codes))
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
    payload = layer_payload(kursk, DATASET.features, detailed=True, colours=COLOURS)
    points = payload["points"]
    assert len(points["id"]) == len(points["x"]) == len(points["y"]) == len(points["c"]) == len(points["s"]) == 2
    assert len(points["h"]) == 2 and all(h.startswith('<div class="rp">') for h in points["h"])
    assert points["t"][0].startswith("T-1 · 18 March 2025 · Claimed · North Korea — ")
    regions = payload["regions"]["features"]
    assert [r["properties"]["region"] for r in regions] == ["Kursk Oblast"]
    assert regions[0]["properties"]["n"] == len(kursk) - 2


def test_large_selections_leave_details_to_the_panel():
    payload = layer_payload(DATASET.frame, DATASET.features, detailed=False, colours=COLOURS)
    assert payload["points"]["h"] is None
    assert "<details>" not in payload["regions"]["features"][0]["properties"]["html"]


def test_one_group_per_layer_with_drawable_reports():
    groups = report_layers(DATASET.frame, DATASET.features, COLOURS)
    names = [g.layer_name for g in groups if g.control]
    assert [n.split(":")[1].split("(")[0].strip() for n in names] == [
        "Donetsk Oblast", "Kursk Oblast", "Russia–Ukraine border", "Elsewhere / country-level"]
    # The last group tells the caption what is shown; it is there even when nothing is.
    empty = report_layers(DATASET.frame.iloc[:0], DATASET.features, COLOURS, caption="0 of 9 reports")
    assert len(empty) == 1 and not empty[0].control


def test_the_selection_and_the_caption_travel_with_the_layers_not_the_base_map():
    selection = Selection("report", "T-1")
    groups = report_layers(DATASET.frame, DATASET.features, COLOURS, selection=selection, caption="shown <b>")
    script = "".join(child.code for group in groups for child in group._children.values())
    assert '"selected":"T-1"' in script and "shown \\u003cb\\u003e" in script
    region = report_layers(DATASET.frame, DATASET.features, COLOURS, selection=Selection("region", "Kursk Oblast"))
    assert '"region":"Kursk Oblast","n":1,' in "".join(c.code for g in region for c in g._children.values())
    assert '"selected":true' in "".join(c.code for g in region for c in g._children.values())
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
        m = base_map(load_reference(), ASSETS, online_tiles=False, legend=(COLOURS, True))
        m.get_root().render()
        return generate_js_hash(_get_map_string(m), "map")

    assert script() == script()


def test_standalone_page_with_hostile_text_is_inert(tmp_path):
    from tests.support import hostile_dataset

    hostile = load_dataset(hostile_dataset(tmp_path / "h"))
    colours = colour_key(tuple(hostile.options.codes))
    html = standalone_html(base_map(load_reference(), ASSETS, online_tiles=False, legend=(colours, True)),
                           report_layers(hostile.frame, hostile.features, colours))
    assert "<img src=x" not in html and "${alert(1)}" not in html and "alert(2)</script>" not in html


def test_drawn_counts_points_areas_and_country_level_reports():
    figures = drawn(DATASET.frame, len(DATASET))
    assert (figures.shown, figures.points, figures.undrawn) == (10, 2, 2)
    assert (figures.area_reports, figures.regions) == (6, 5)
    assert figures.line().startswith("**Showing 10 of 10 reports** — on the map: 2 as points, 6 as 5 oblast-wide areas")


@pytest.mark.parametrize(("value", "expected"), [
    ({"properties": {"id": "T-1"}}, Selection("report", "T-1")),
    ({"properties": {"region": "Kursk Oblast"}}, Selection("region", "Kursk Oblast")),
    ({"properties": {"id": "T-404"}}, None), ({"properties": {"region": "Atlantis"}}, None),
    ({"properties": "x"}, None), ({"properties": {"id": ["T-1"]}}, None), ({"properties": None}, None),
    ("x", None), (None, None), ([1], None), ({"properties": {"id": {"$gt": ""}}}, None),
])
def test_a_click_is_read_strictly(value, expected):
    assert clicked(value, OPTIONS) == expected


def test_the_map_script_takes_status_symbols_as_data():
    from geo.model.vocabulary import CLAIM_STATUS
    from geo.present.palette import map_style

    html = base_map(load_reference(), ASSETS, online_tiles=False).get_root().render()
    assert "L.reportStyle(" + js_json(map_style()) + ")" in html
    from geo.mapview.base import REPORT_LAYER_JS as code

    assert not any(f'"{status}"' in code for status in CLAIM_STATUS.values), "no second list of statuses in the JS"


def test_a_packed_copy_is_the_source_gzipped_and_a_wrong_copy_is_replaced(tmp_path, monkeypatch):
    import gzip

    from geo.mapview import assets

    monkeypatch.setattr(assets, "PACKED_DIR", tmp_path / "packed")
    assets._packed.cache_clear()
    source = tmp_path / "basemap.geojson"
    source.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    first = assets.packed(source)
    assert first.name == "basemap.geojson.gz" and gzip.decompress(first.read_bytes()) == source.read_bytes()
    first.write_bytes(gzip.compress(b"planted"))  # a copy that is not the source's is never served
    assets._packed.cache_clear()
    assert gzip.decompress(assets.packed(source).read_bytes()) == source.read_bytes()
    source.write_text('{"type": "FeatureCollection", "features": [], "name": "changed"}', encoding="utf-8")
    changed = assets.packed(source)
    assert changed.parent != first.parent and gzip.decompress(changed.read_bytes()) == source.read_bytes()


def test_no_packed_copy_where_none_can_be_written(tmp_path, monkeypatch):
    from geo.mapview import assets

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(assets, "PACKED_DIR", blocked)
    assets._packed.cache_clear()
    source = tmp_path / "basemap.geojson"
    source.write_text("{}", encoding="utf-8")
    assert assets.packed(source) is None  # the app then serves the plain file


def test_the_basemap_script_takes_a_packed_file_with_its_plain_fallback():
    reference = load_reference()
    packed = base_map(reference, component_assets("x"), online_tiles=False,
                      basemap={"gzip": "../x/basemap.geojson.gz", "plain": "../y/basemap.geojson"}).get_root().render()
    assert 'L.loadBasemap({"gzip":"../x/basemap.geojson.gz","plain":"../y/basemap.geojson"}' in packed
    assert "DecompressionStream" in packed
