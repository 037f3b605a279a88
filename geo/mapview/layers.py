"""The report layers of the map: compact payloads swapped in as the filters change, and clicks read back.

Reports travel as compact arrays drawn on one canvas (``js/report_layer.js``), passed to
`st_folium` as ``feature_group_to_add`` so the base map (`geo.mapview.base`) is never re-mounted.
Every string from the data is escaped before it becomes HTML (`geo.present.popups`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.model.geometry import drawn_as_points, drawn_as_regions, frame_extent, round_coordinate
from geo.model.vocabulary import CLAIM_STATUS, LAYER, UNNAMED
from geo.present.palette import MIXED_COLOR, ColourKey
from geo.present.popups import REGION_LIST_LIMIT, popup_html, region_html
from geo.present.text import Drawn, date_text, nationality_text
from geo.reference import Reference
from geo.state.filters import Options
from geo.state.link import Selection

#: Up to this many reports, popups carry every detail; above it they name the report and the
#: details come from the panel beside the map (the payload stays small).
POPUP_DETAIL_LIMIT = 2000


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


def _take(features: Sequence[dict], positions) -> list[dict]:
    """The features at `positions` (`geo.columns.Features` makes many at once)."""
    if hasattr(features, "take"):
        return features.take(positions)
    return [features[int(i)] for i in positions]


def _drawn(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows drawn on the map: reports with a point, and oblast-level reports (as their region)."""
    return shown[drawn_as_points(shown) | drawn_as_regions(shown)]


def layer_payload(rows: pd.DataFrame, features: Sequence[dict], detailed: bool, colours: ColourKey,
                  selection: Selection | None = None) -> dict:
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
    colours : geo.present.palette.ColourKey
        The dataset's nationality colours.
    selection : Selection, optional
        What is selected: its point gets a ring, its region a thicker outline.
    """
    rows = _drawn(rows)
    points_rows = rows[rows["latitude"].notna()]
    colors: list[str] = []
    color_index: dict[str, int] = {}
    by_codes: dict[tuple, int] = {}
    for codes in points_rows["nationality"]:
        if codes not in by_codes:
            color = colours(codes[0] if codes else UNNAMED)
            if color not in color_index:
                color_index[color] = len(colors)
                colors.append(color)
            by_codes[codes] = color_index[color]
    status_index = {status: i for i, status in enumerate(CLAIM_STATUS.values)}
    points = {
        "id": points_rows["id"].tolist(),
        "x": [round(round_coordinate(x), 5) for x in points_rows["longitude"].tolist()],
        "y": [round(round_coordinate(y), 5) for y in points_rows["latitude"].tolist()],
        "c": [by_codes[codes] for codes in points_rows["nationality"]],
        "s": [status_index[status] for status in points_rows["claim_status"].tolist()],
        "colors": colors,
        "h": None, "t": None,
        "selected": selection.key if selection and selection.kind == "report" else None,
    }
    if detailed:
        chosen = [f["properties"] for f in _take(features, points_rows.index)]
        points["h"] = [popup_html(props) for props in chosen]
        points["t"] = [pick_label(props) for props in chosen]

    regions = []
    region_rows = rows[rows["latitude"].isna()]
    for name, members in sorted(region_rows.groupby("admin1", sort=False), key=lambda item: item[0]):
        listed = _take(features, members.index[:REGION_LIST_LIMIT])
        if listed[0]["geometry"] is None:
            continue
        codes = {code for value in members["nationality"] for code in value}
        unnamed = any(not value for value in members["nationality"])
        color = (colours(next(iter(codes))) if len(codes) == 1 and not unnamed
                 else colours(UNNAMED) if not codes else MIXED_COLOR)
        html = region_html(name, [f["properties"] for f in listed], len(members),
                           Counter(members["claim_status"].tolist()), detailed)
        regions.append({
            "type": "Feature",
            "properties": {"region": name, "n": len(members), "color": color, "html": html,
                           "selected": bool(selection and selection.kind == "region" and selection.key == name)},
            "geometry": listed[0]["geometry"],
        })
    return {"points": points, "regions": {"type": "FeatureCollection", "features": regions}}


#: Stands for the parent element's JavaScript name in a `Snippet` (never in `js_json` output, which
#: escapes ``{{``).
PARENT = "{{parent}}"


class Snippet(MacroElement):
    """A piece of JavaScript in the map's script, run once its parent exists (`PARENT` names it).

    The one way this project puts code into folium's page: data go in as `js_json` literals.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.code.replace("{{parent}}", this._parent.get_name()) }}
{% endmacro %}
""")

    def __init__(self, code: str, name: str = "Snippet"):
        super().__init__()
        self._name = name
        self.code = code


def report_data(payload: dict) -> Snippet:
    """The reports of one layer, drawn into their group by ``L.ReportPoints`` and ``L.reportRegions``."""
    return Snippet("(function (group) {\n  var data = " + js_json(payload) + ";\n"
                   "  if (data.regions.features.length) { L.reportRegions(data.regions).addTo(group); }\n"
                   "  if (data.points.id.length) { new L.ReportPoints(data.points).addTo(group); }\n"
                   "})(" + PARENT + ");", "ReportData")


def report_layers(shown: pd.DataFrame, features: Sequence[dict], colours: ColourKey, total: int | None = None,
                  selection: Selection | None = None, caption: str = "",
                  bounds: list | None = None) -> list[folium.FeatureGroup]:
    """The groups for ``feature_group_to_add``: one per layer that has drawable reports, and one that
    tells the map's caption and "zoom to the shown reports" button what is shown.

    Parameters
    ----------
    shown : pandas.DataFrame
        The rows of a dataset's frame that pass the filters (index: positions in `features`).
    features : sequence of dict
        The dataset's features.
    colours : geo.present.palette.ColourKey
        The dataset's nationality colours.
    total : int, optional
        How many reports are shown in all (decides whether popups carry details).
    selection : Selection, optional
        The selected report or region (drawn with a ring or a thicker outline).
    caption : str
        What is shown, as plain text (`geo.present.text.caption`).
    bounds : [[south, west], [north, east]], optional
        The box of the drawn reports (`drawn_bounds`).
    """
    detailed = (total if total is not None else len(shown)) <= POPUP_DETAIL_LIMIT
    drawn = _drawn(shown)
    groups = []
    for layer in LAYER.values:
        members = drawn[drawn["layer"] == layer]
        if not len(members):
            continue
        group = folium.FeatureGroup(name=f"Reports: {LAYER.label(layer)} ({len(members)})", overlay=True, show=True)
        group.add_child(report_data(layer_payload(members, features, detailed, colours, selection)))
        groups.append(group)
    page = folium.FeatureGroup(name="What is shown", control=False)
    page.add_child(Snippet("L.reportShown(" + js_json({"caption": caption, "bounds": bounds}) + ");", "Shown"))
    return [*groups, page]


def drawn_bounds(shown: pd.DataFrame, reference: Reference) -> list | None:
    """``[[south, west], [north, east]]`` of the shown reports that are drawn; None if none is."""
    box = frame_extent(shown, reference)
    if box is None:
        return None
    west, south, east, north = (round(float(v), 4) for v in box)
    return [[south, west], [north, east]]


def pick_label(props: dict) -> str:
    """A report's line in the list of reports at one place: id, date, status, nationality, claimant (text)."""
    claimant = props.get("claimant") or ""
    claimant = claimant if len(claimant) <= 60 else claimant[:59] + "…"
    return (f"{props['id']} · {date_text(props.get('date'))} · {CLAIM_STATUS.label(props.get('claim_status') or '')} · "
            f"{nationality_text(props)} — {claimant}")


def drawn(shown: pd.DataFrame, total: int) -> Drawn:
    """How the shown reports (rows of a dataset's frame) are drawn on the map."""
    rows = _drawn(shown)
    points = int(rows["latitude"].notna().sum())
    areas = rows[rows["latitude"].isna()]
    # An area is one region on one layer (a region can hold reports of two layers, e.g. Kharkiv Oblast).
    regions = len(areas[["layer", "admin1"]].drop_duplicates())
    return Drawn(shown=len(shown), total=total, points=points, area_reports=len(areas),
                 regions=regions, undrawn=len(shown) - len(rows))


def clicked(value, options: Options) -> Selection | None:
    """The selection a map click returned (`st_folium`'s ``last_active_drawing``), if it names one of the data.

    The value comes from the browser: anything but a feature whose properties name a known
    report id or region is ignored.
    """
    if not isinstance(value, dict):
        return None
    props = value.get("properties")
    if not isinstance(props, dict):
        return None
    ident, region = props.get("id"), props.get("region")
    if isinstance(ident, str) and ident in options.ids:
        return Selection("report", ident)
    if isinstance(region, str) and region in options.regions:
        return Selection("region", region)
    return None
