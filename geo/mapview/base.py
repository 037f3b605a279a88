"""The base map: offline basemap, optional tiles, reference outlines and the report-layer code.

It depends only on the dataset and the session's first view, so `st_folium` never re-mounts it:
equal arguments give an equal script, and the browser keeps its map (and the user's pan and zoom).
"""

from __future__ import annotations

from pathlib import Path

import folium
from branca.element import Element

from geo.mapview.assets import LeafletAssets
from geo.mapview.layers import PARENT, Snippet, js_json
from geo.present.palette import ColourKey, legend_html, map_style
from geo.present.popups import MAP_CSS
from geo.reference import Reference
from geo.state.link import View

DEFAULT_VIEW = View(lat=49.7, lon=36.8, zoom=6)
MAP_HEIGHT = 620

JS_DIR = Path(__file__).resolve().parent / "js"
REPORT_LAYER_JS = (JS_DIR / "report_layer.js").read_text(encoding="utf-8")
BASEMAP_JS = (JS_DIR / "basemap.js").read_text(encoding="utf-8")


def _outline_layers(reference: Reference) -> list[folium.FeatureGroup]:
    regions = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": name},
                      "geometry": region.geometry.__geo_interface__}
                     for name, region in sorted(reference.admin1.items())],
    }
    border = {"type": "Feature", "properties": {"name": "Russia–Ukraine border"},
              "geometry": reference.border.__geo_interface__}
    outlines = folium.FeatureGroup(name="Oblast outlines", overlay=True, show=True)
    folium.GeoJson(regions, name="Oblast outlines", interactive=False,
                   style_function=lambda _: {"color": "#333", "weight": 1.2, "fill": False, "opacity": 0.8},
                   ).add_to(outlines)
    line = folium.FeatureGroup(name="Russia–Ukraine border", overlay=True, show=True)
    folium.GeoJson(border, name="Russia–Ukraine border", interactive=False,
                   style_function=lambda _: {"color": "#8B0000", "weight": 3, "opacity": 0.85},
                   ).add_to(line)
    return [outlines, line]


def base_map(reference: Reference, assets: LeafletAssets, *, view: View = DEFAULT_VIEW,
             online_tiles: bool = True, basemap: str | dict | None = None, sync_view: bool = True,
             legend: tuple[ColourKey, bool] | None = None) -> folium.Map:
    """The map without reports: offline basemap, tiles (if online), outlines, the page's controls.

    Build it from the same arguments on every run of the app: equal arguments give an equal
    script, so the browser keeps its map (and the user's pan, zoom and popup). Nothing that the
    filters or the selection change belongs here: those travel with the report layers.

    Parameters
    ----------
    basemap : str or dict, optional
        The offline vector basemap: a URL the page fetches it from (the app serves the file, so
        reruns do not resend it), ``{"gzip": URL, "plain": URL}`` for a file served gzipped (see
        `geo.mapview.assets.packed`), or the data itself to embed (a standalone page).
    legend : (ColourKey, bool), optional
        The legend's nationality colours and whether an unnamed one occurs: the legend, the caption
        of what is shown and the "zoom to the shown reports" button are drawn on the map.
    """
    m = folium.Map(location=[view.lat, view.lon], zoom_start=view.zoom, tiles=None, control_scale=True,
                   min_zoom=3, max_zoom=18, world_copy_jump=True)
    # Only Leaflet is needed (no jQuery, Bootstrap or icon fonts), from the app's own server.
    m.default_js = [("leaflet", assets.js)]
    m.default_css = [("leaflet_css", assets.css)]
    m.get_root().header.add_child(Element(MAP_CSS), name="report_css")
    if basemap is not None:
        group = folium.FeatureGroup(name="Basemap (Natural Earth, offline)", overlay=True, show=True)
        group.add_to(m)
        m.add_child(Snippet(f"{BASEMAP_JS}\nL.loadBasemap({js_json(basemap)}, {PARENT}, {group.get_name()});",
                            "Basemap"))
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", show=True).add_to(m)
        folium.TileLayer("Esri.WorldImagery", name="Satellite (Esri)", show=False).add_to(m)
    folium.FeatureGroup(name="No tiles", overlay=False, show=not online_tiles).add_to(m)
    for group in _outline_layers(reference):
        group.add_to(m)
    m.add_child(Snippet(f"{REPORT_LAYER_JS}\nL.reportStyle({js_json(map_style())});", "ReportLayerCode"))
    if legend:
        m.add_child(Snippet(f"L.reportPage({PARENT}, {js_json(legend_html(*legend))});", "PageControls"))
    if sync_view:
        m.add_child(Snippet(f"L.syncViewToLink({PARENT});", "ViewSync"))
    return m


def standalone_html(m: folium.Map, groups: list[folium.FeatureGroup]) -> str:
    """The map and its report layers as one HTML page (for downloads of the map and benchmarks)."""
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m.get_root().render()
