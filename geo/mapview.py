"""The folium map: a base map that stays put, and report layers swapped in as filters change.

The base map (tiles, reference outlines, legend, the report-layer JavaScript) depends only on the
dataset and the session's first view, so `st_folium` never re-mounts it; the filtered reports go in
`report_layers`, passed as ``feature_group_to_add``. Reports travel as compact arrays drawn on one
canvas (``geo/js/report_layer.js``); every string from the data is escaped before it becomes HTML.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.countries import country_name
from geo.geojson import round_coordinate
from geo.present import LAYER_LABELS, MAP_CSS, STATUS_LABELS, count_text, nationality_text, popup_html
from geo.reference import Reference
from geo.schema import CLAIM_STATUSES, LAYERS
from geo.share import View

#: Okabe–Ito colours (safe for colour-blind readers) for the nationalities the data has now.
NATIONALITY_COLORS = {
    "KP": "#D55E00",  # vermillion
    "CN": "#0072B2",  # blue
    "PK": "#CC79A7",  # reddish purple
    "TJ": "#009E73",  # bluish green
    "UZ": "#E69F00",  # orange
}
#: Colours for other codes, chosen by a stable hash of the code.
FALLBACK_COLORS = ("#56B4E9", "#8C564B", "#17BECF", "#BCBD22", "#7F3C8D", "#11A579", "#3969AC", "#F2B701")
UNNAMED_COLOR = "#6B6B6B"
MIXED_COLOR = "#3A3A3A"

DEFAULT_VIEW = View(lat=49.7, lon=36.8, zoom=6)
MAP_HEIGHT = 620
#: Up to this many reports, popups carry every detail; above it they name the report and the
#: details come from the panel below the map (the payload stays small).
POPUP_DETAIL_LIMIT = 2000
#: Most report lines listed in a region's popup.
REGION_LIST_LIMIT = 60

JS_DIR = Path(__file__).resolve().parent / "js"
REPORT_LAYER_JS = (JS_DIR / "report_layer.js").read_text(encoding="utf-8")
BASEMAP_JS = (JS_DIR / "basemap.js").read_text(encoding="utf-8")
BASEMAP_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "basemap.geojson"



@dataclass(frozen=True)
class LeafletAssets:
    """Where the page loads Leaflet from: the app's own server, never a CDN."""

    js: str
    css: str


def nationality_color(code: str) -> str:
    """The colour of a nationality code (stable across datasets)."""
    if code in NATIONALITY_COLORS:
        return NATIONALITY_COLORS[code]
    return FALLBACK_COLORS[zlib.crc32(code.encode("ascii", "replace")) % len(FALLBACK_COLORS)]


def report_color(props: dict) -> str:
    """A report's colour: its first nationality's, or grey for an unnamed one."""
    codes = [code for code in (props.get("nationality") or "").split(";") if code]
    return nationality_color(codes[0]) if codes else UNNAMED_COLOR


def js_json(value) -> str:
    """JSON for a JavaScript literal inside HTML: no ``<``, ``>``, ``&``, ``_``, ``$`` or ``{{`` in clear.

    The escapes keep data from closing a script element, from ever reading as a template-literal
    placeholder (``${...}``) and from matching the patterns streamlit-folium rewrites in generated
    code (``{{'name'}}`` and ``_<id>``). Outside strings, JSON has none of these characters, so
    plain replacements only ever touch string contents.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("_", "\\u005f"),
                       ("{{", "\\u007b\\u007b"), ("$", "\\u0024"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


# --- payload -------------------------------------------------------------------------------------


def _region_line(props: dict) -> str:
    parts = [props.get("date") or "", STATUS_LABELS.get(props.get("claim_status"), ""), nationality_text(props)]
    figure = count_text(props)
    if figure:
        parts.append(figure)
    return f"{props.get('id')} · " + " · ".join(parts) + f" — {props.get('claimant') or ''}"


def region_html(name: str, listed: list[dict], n: int, statuses: Counter, detailed: bool) -> str:
    """The popup of a region: how many reports it holds, and the first of them (expandable when detailed).

    Parameters
    ----------
    listed : list of dict
        Properties of the first reports (at most `REGION_LIST_LIMIT`), in order.
    n : int
        How many reports the region holds.
    statuses : collections.Counter
        Reports per claim status.
    """
    breakdown = ", ".join(f"{statuses[s]} {STATUS_LABELS[s].lower()}" for s in CLAIM_STATUSES if statuses[s])
    rows = [f'<div class="rp rp-region"><div class="rp-place">{escape(name)}</div>',
            f'<div class="rp-meta">{n} report{"s" if n != 1 else ""} located only to this region '
            f"(drawn as the whole region, not a point): {escape(breakdown)}</div>"]
    for props in listed[:REGION_LIST_LIMIT]:
        line = escape(_region_line(props))
        if detailed:
            rows.append(f"<details><summary>{line}</summary>{popup_html(props)}</details>")
        else:
            rows.append(f"<div>{line}</div>")
    if n > REGION_LIST_LIMIT:
        rows.append(f"<div><i>and {n - REGION_LIST_LIMIT:,} more: see the table below the map.</i></div>")
    return "".join(rows) + "</div>"


def _take(features: Sequence[dict], positions) -> list[dict]:
    """The features at `positions` (`geo.columns.Features` makes many at once)."""
    if hasattr(features, "take"):
        return features.take(positions)
    return [features[int(i)] for i in positions]


def _drawn(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows drawn on the map: reports with a point, and oblast-level reports (as their region)."""
    return shown[shown["latitude"].notna() | (shown["location_precision"] == "oblast")]


def layer_payload(rows: pd.DataFrame, features: Sequence[dict], detailed: bool) -> dict:
    """The compact data of one report layer: point arrays and one area per region.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of a dataset's frame (`geo.columns.frame_from_table`), filtered to one layer; their
        index gives each report's position in `features`.
    features : sequence of dict
        The dataset's features; only those whose details the payload carries are made.
    detailed : bool
        Whether popups carry every detail (small selections) or just the id.
    """
    rows = _drawn(rows)
    points_rows = rows[rows["latitude"].notna()]
    colors: list[str] = []
    color_index: dict[str, int] = {}
    by_codes: dict[tuple, int] = {}
    for codes in points_rows["nationality"]:
        if codes not in by_codes:
            color = nationality_color(codes[0]) if codes else UNNAMED_COLOR
            if color not in color_index:
                color_index[color] = len(colors)
                colors.append(color)
            by_codes[codes] = color_index[color]
    status_index = {status: i for i, status in enumerate(CLAIM_STATUSES)}
    points = {
        "id": points_rows["id"].tolist(),
        "x": [round(round_coordinate(x), 5) for x in points_rows["longitude"].tolist()],
        "y": [round(round_coordinate(y), 5) for y in points_rows["latitude"].tolist()],
        "c": [by_codes[codes] for codes in points_rows["nationality"]],
        "s": [status_index[status] for status in points_rows["claim_status"].tolist()],
        "colors": colors,
        "h": [popup_html(f["properties"]) for f in _take(features, points_rows.index)] if detailed else None,
    }

    regions = []
    region_rows = rows[rows["latitude"].isna()]
    for name, members in sorted(region_rows.groupby("admin1", sort=False), key=lambda item: item[0]):
        listed = _take(features, members.index[:REGION_LIST_LIMIT])
        if listed[0]["geometry"] is None:
            continue
        codes = {code for value in members["nationality"] for code in value}
        unnamed = any(not value for value in members["nationality"])
        color = (nationality_color(next(iter(codes))) if len(codes) == 1 and not unnamed
                 else UNNAMED_COLOR if not codes else MIXED_COLOR)
        html = region_html(name, [f["properties"] for f in listed], len(members),
                           Counter(members["claim_status"].tolist()), detailed)
        regions.append({
            "type": "Feature",
            "properties": {"region": name, "n": len(members), "color": color, "html": html},
            "geometry": listed[0]["geometry"],
        })
    return {"points": points, "regions": {"type": "FeatureCollection", "features": regions}}


class ReportData(MacroElement):
    """The reports of one layer, drawn by ``L.ReportPoints`` and ``L.reportRegions``."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (group) {
  var data = {{ this.payload }};
  if (data.regions.features.length) { L.reportRegions(data.regions).addTo(group); }
  if (data.points.id.length) { new L.ReportPoints(data.points).addTo(group); }
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "ReportData"
        self.payload = js_json(payload)


def report_layers(shown: pd.DataFrame, features: Sequence[dict], total: int | None = None) -> list[folium.FeatureGroup]:
    """One feature group per layer that has drawable reports, for ``feature_group_to_add``.

    Parameters
    ----------
    shown : pandas.DataFrame
        The rows of a dataset's frame that pass the filters (index: positions in `features`).
    features : sequence of dict
        The dataset's features.
    total : int, optional
        How many reports are shown in all (decides whether popups carry details).
    """
    detailed = (total if total is not None else len(shown)) <= POPUP_DETAIL_LIMIT
    drawn = _drawn(shown)
    groups = []
    for layer in LAYERS:
        members = drawn[drawn["layer"] == layer]
        if not len(members):
            continue
        group = folium.FeatureGroup(name=f"Reports: {LAYER_LABELS[layer]} ({len(members)})", overlay=True, show=True)
        group.add_child(ReportData(layer_payload(members, features, detailed)))
        groups.append(group)
    return groups


# --- base map --------------------------------------------------------------------------------------


class _Script(MacroElement):
    """A fixed piece of JavaScript in the map's script, after the map exists (``{{map}}`` is it)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.code.replace("{{map}}", this._parent.get_name()) }}
{% endmacro %}
""")

    def __init__(self, code: str, name: str = "Script"):
        super().__init__()
        self._name = name
        self.code = code


VIEW_SYNC_JS = """
(function (map) {
  // Keep the map view in the page's address so that a copied link reopens it (lat, lon, z).
  // The opening view is not written: a link without a view keeps opening the default one.
  var start = map.getCenter(), startZoom = map.getZoom(), moved = false;
  map.on("moveend", function () {
    var c = map.getCenter();
    if (!moved && map.getZoom() === startZoom && c.distanceTo(start) < 1) { return; }
    moved = true;
    try {
      var url = new URL(window.parent.location.href);
      url.searchParams.set("lat", c.lat.toFixed(4));
      url.searchParams.set("lon", c.lng.toFixed(4));
      url.searchParams.set("z", String(map.getZoom()));
      window.parent.history.replaceState(window.parent.history.state, "", url.toString());
    } catch (e) { /* another origin: the link keeps the filters only */ }
  });
})({{map}});
"""


def legend_html(nationalities: list[str], unnamed: bool) -> str:
    """The map legend: colour by nationality, symbol by claim status, shape by precision."""
    rows = ['<div class="report-legend">', "<h4>Nationality</h4>"]
    for code in nationalities:
        rows.append(f'<div><span class="sw" style="background:{nationality_color(code)}"></span>'
                    f"{escape(country_name(code))}</div>")
    if unnamed:
        rows.append(f'<div><span class="sw" style="background:{UNNAMED_COLOR}"></span>not named</div>')
    rows.append(f'<div><span class="sw" style="background:{MIXED_COLOR}"></span>several (areas)</div>')
    rows += [
        "<h4>Claim status</h4>",
        '<div><span class="sw" style="background:#555;border:1px solid #fff"></span>corroborated</div>',
        '<div><span class="sw" style="background:#555;border:2px solid #111"></span>acknowledged</div>',
        '<div><span class="sw" style="background:#fff;border:2px solid #555"></span>claimed</div>',
        '<div><span class="sw" style="background:#bbb;border:2px dashed #555"></span>denied</div>',
        "<h4>Location</h4>",
        '<div><span class="sw" style="background:#555"></span>settlement or district</div>',
        '<div><span class="area"></span>only the oblast is known</div>',
        "</div>",
    ]
    return "".join(rows)


LEGEND_JS = """
(function (map) {
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "");
    div.innerHTML = %s;
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo(map);
})({{map}});
"""


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


def basemap_data() -> dict:
    """The committed offline basemap (``data/reference/basemap.geojson``)."""
    return json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))


def base_map(reference: Reference, assets: LeafletAssets, *, view: View = DEFAULT_VIEW,
             online_tiles: bool = True, basemap: str | dict | None = None, nationalities: list[str] = (),
             unnamed: bool = False, selected: str | None = None, sync_view: bool = True,
             legend: bool = False) -> folium.Map:
    """The map without reports: offline basemap, tiles (if online), outlines, report-layer code.

    Build it from the same arguments on every run of the app: equal arguments give an equal
    script, so the browser keeps its map (and the user's pan and zoom).

    Parameters
    ----------
    basemap : str or dict, optional
        The offline vector basemap: a URL the page fetches it from (the app serves the file, so
        reruns do not resend it), or the data itself to embed (a standalone page).
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
        m.add_child(_Script(BASEMAP_JS + f"\nL.loadBasemap({js_json(basemap)}, {{{{map}}}}, "
                            f"{group.get_name()});\n", "Basemap"))
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", show=True).add_to(m)
        folium.TileLayer("Esri.WorldImagery", name="Satellite (Esri)", show=False).add_to(m)
    folium.FeatureGroup(name="No tiles", overlay=False, show=not online_tiles).add_to(m)
    for group in _outline_layers(reference):
        group.add_to(m)
    m.add_child(_Script(REPORT_LAYER_JS + f"\nwindow.__reportSelected = {js_json(selected)};\n", "ReportLayerCode"))
    if legend:
        m.add_child(_Script(LEGEND_JS % js_json(legend_html(list(nationalities), unnamed)), "Legend"))
    if sync_view:
        m.add_child(_Script(VIEW_SYNC_JS, "ViewSync"))
    return m


def standalone_html(m: folium.Map, groups: list[folium.FeatureGroup]) -> str:
    """The map and its report layers as one HTML page (for downloads of the map and benchmarks)."""
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m.get_root().render()
