"""What a journalist can take away: every file the page offers, how each is made, and the citation.

The current selection as GeoJSON, CSV, GeoPackage and KML; the current view as a picture (PNG, SVG)
and as a self-contained web page; each published layer in the GIS formats. `downloads` lists them
(the app only places the buttons), `make_bytes` makes one, `citation` says how to cite the view.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from geo.formats import gis
from geo.formats.geojson import MEDIA_TYPE
from geo.mapview.base import DEFAULT_VIEW, base_map
from geo.mapview.layers import drawn, drawn_bounds, report_layers
from geo.mapview.page import PLACEHOLDER, self_contained_html
from geo.model.vocabulary import ALL_LAYER, ALL_LAYER_LABEL, LAYER, UNNAMED
from geo.present.export import selection_csv, selection_geojson
from geo.present.palette import colour_key
from geo.present.text import caption, describe_filters
from geo.reference import BASEMAP_FILE, load_reference
from geo.state.filters import Filters, filter_index
from geo.state.link import PageState

TITLE = "Foreign troops in the Russia–Ukraine war: a map of reports"
LICENCE = "CC BY 4.0"

#: Each format: file ending, media type, button label.
FORMATS = {
    "geojson": ("geojson", MEDIA_TYPE, "GeoJSON"),
    "csv": ("csv", "text/csv", "CSV"),
    "gpkg": ("gpkg", gis.GEOPACKAGE_TYPE, "GeoPackage"),
    "kml": ("kml", gis.KML_TYPE, "KML (Google Earth)"),
    "png": ("png", "image/png", "Picture (PNG)"),
    "svg": ("svg", "image/svg+xml", "Picture (SVG)"),
    "html": ("html", "text/html", "Web page (HTML)"),
}
SELECTION_FORMATS = ("geojson", "csv", "gpkg", "kml")
VIEW_FORMATS = ("png", "svg", "html")
LAYER_FORMATS = ("geojson", "gpkg", "kml")


@dataclass(frozen=True)
class Download:
    """One file the page offers: its button label, file name, media type and what it holds.

    ``what`` is ``(scope, format)``: scope ``selection`` (the filtered reports), ``view`` (the
    picture or page of the map) or a layer name.
    """

    label: str
    file_name: str
    mime: str
    what: tuple[str, str]
    group: str


def _slug(filters: Filters, options) -> str:
    """What a selection holds, for its file name: nationalities and dates (``KP-2024-10-01_2025-03-31``)."""
    chosen = [code for code in filters.nationalities if code != UNNAMED]
    if set(filters.nationalities) == set(options.nationalities):
        nat = "all"
    elif not filters.nationalities:
        nat = "none"
    elif len(chosen) <= 3:
        nat = "+".join(chosen + (["unnamed"] if UNNAMED in filters.nationalities else []))
    else:
        nat = f"{len(filters.nationalities)}-nationalities"
    return f"{nat}-{filters.date_from.isoformat()}_{filters.date_to.isoformat()}"


def downloads(version: str, filters: Filters, options) -> list[Download]:
    """Every download the page offers: the selection, the view, then each layer."""
    stamp = version.replace("+", "_")
    slug = _slug(filters, options)
    files = []
    for group, scope, formats in (("selection", "selection", SELECTION_FORMATS), ("view", "view", VIEW_FORMATS)):
        for fmt in formats:
            ext, mime, label = FORMATS[fmt]
            text = f"Selection as {label}" if scope == "selection" else label
            files.append(Download(text, f"foreign-troops-{scope}-{slug}-{stamp}.{ext}", mime, (scope, fmt), group))
    for layer in (*LAYER.values, ALL_LAYER):
        for fmt in LAYER_FORMATS:
            ext, mime, label = FORMATS[fmt]
            name = LAYER.label(layer) if layer != ALL_LAYER else ALL_LAYER_LABEL
            files.append(Download(f"{name} ({label})", f"foreign-troops-layer-{layer}-{stamp}.{ext}", mime,
                                  (layer, fmt), "layers"))
    return files


def make_bytes(what: tuple[str, str], dataset, filters: Filters) -> bytes:
    """The bytes of one download (see `Download.what`)."""
    from geo.present import figure  # matplotlib and GDAL load on the first picture or GIS file, not at start-up

    scope, fmt = what
    options = dataset.options
    index = filter_index(dataset.frame, filters)
    description = describe_filters(filters)
    if scope == "view":
        shown = dataset.frame.iloc[index]
        colours = colour_key(tuple(options.codes))
        text = caption(filters, options, len(index))
        if fmt == "html":
            return _page(dataset, shown, colours, options, text).encode("utf-8")
        return figure.draw(shown, drawn(shown, len(dataset)).undrawn, load_reference(), colours, options.has_unnamed,
                           text, dataset.version, fmt)
    if scope == "selection":
        features, name, about = dataset.features.take(index), "selection", description
    else:
        features, name, about = dataset.features.take(dataset.layer_positions(scope)), scope, f"layer {scope}"
    if fmt == "geojson":
        return selection_geojson(features, dataset.version, about)
    if fmt == "csv":
        return selection_csv(features, dataset.version, about)
    if fmt == "gpkg":
        return gis.geopackage_bytes(features, name, dataset.version, about)
    return gis.kml_bytes(features, name, dataset.version, about)


def _page(dataset, shown, colours, options, text: str) -> str:
    reference = load_reference()
    m = base_map(reference, PLACEHOLDER, view=DEFAULT_VIEW, online_tiles=False, sync_view=False,
                 basemap=json.loads(BASEMAP_FILE.read_text(encoding="utf-8")), legend=(colours, options.has_unnamed))
    groups = report_layers(shown, dataset.features, colours, total=len(shown), caption=text,
                           bounds=drawn_bounds(shown, reference))
    return self_contained_html(m, groups)


def permalink(base_url: str, state: PageState, defaults: Filters) -> str:
    """The address that reopens this view: the app's address and the state's query parameters."""
    base = base_url.split("?", 1)[0].split("#", 1)[0]
    if base.count("/") == 2:  # "https://host" has no path
        base += "/"
    params = state.to_params(defaults)
    return base + ("?" + urlencode(params, safe=",:") if params else "")


def citation(version: str, link: str, day: dt.date | None = None) -> str:
    """How to cite the view: title, dataset version, permalink, access date, licence (plain text)."""
    day = day or dt.date.today()
    return (f"{TITLE}. Dataset version {version}. {link} (accessed {day.day} {day.strftime('%B %Y')}). "
            f"Data: {LICENCE}; reference geography: Natural Earth (public domain).")


def embed_snippet(file_name: str) -> str:
    """The ``<iframe>`` that embeds a downloaded web page of the map, once it is hosted beside the article."""
    return (f'<iframe src="{file_name}" title="{TITLE}" width="100%" height="560" style="border:0" '
            'loading="lazy"></iframe>')
