"""The current map as one self-contained web page: Leaflet, the basemap, the reports and the page's
code all inlined, so it opens from disk or any static host with no request off the page, and can be
embedded with an ``<iframe>``.
"""

from __future__ import annotations

import base64
import re

import folium

from geo.mapview.assets import LeafletAssets, leaflet_dir

#: Placeholders for Leaflet's files while the page is rendered; replaced by their content after.
PLACEHOLDER = LeafletAssets(js="inline:leaflet.js", css="inline:leaflet.css")


def _css_with_images(css: str) -> str:
    """Leaflet's stylesheet with the images it names as data URIs."""
    def inline(match: re.Match) -> str:
        path = leaflet_dir() / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def self_contained_html(m: folium.Map, groups: list) -> str:
    """The page of a base map made with `PLACEHOLDER` assets and an embedded basemap, with its report groups.

    Every ``<script src>`` and stylesheet link is replaced by its content; nothing else is fetched.
    """
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    html = m.get_root().render()
    js = (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = _css_with_images((leaflet_dir() / "leaflet.css").read_text(encoding="utf-8"))
    html = re.sub(r'<script src="inline:leaflet\.js"></script>', lambda _: f"<script>{js}</script>", html)
    html = re.sub(r'<link rel="stylesheet" href="inline:leaflet\.css"\s*/?>', lambda _: f"<style>{css}</style>", html)
    if "inline:" in html or re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html):
        raise ValueError("the page still names an outside file")  # a folium default crept in
    return html
