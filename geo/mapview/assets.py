"""Local copies of the map's front-end assets, installed as Python packages (never from a CDN).

Leaflet 1.9.4 comes from the ``django-js-lib-leaflet`` package (its dist files and nothing else; it
needs no Django). The app serves that folder itself (see ``streamlit_app.py``), so the map loads
with no internet and tells no third party who is looking.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from dataclasses import dataclass

LEAFLET_VERSION = "1.9.4"


@dataclass(frozen=True)
class LeafletAssets:
    """Where the page loads Leaflet from: the app's own server, never a CDN."""

    js: str
    css: str


def leaflet_dir() -> Path:
    """The folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``."""
    return Path(str(files("js_lib_leaflet"))) / "static" / "js_lib_leaflet"


def component_assets(component_name: str) -> LeafletAssets:
    """URLs of Leaflet served as the files of a Streamlit component named `component_name`.

    The URLs are relative to the ``st_folium`` frame (``/component/streamlit_folium.st_folium/``),
    so they work under any ``server.baseUrlPath``.
    """
    base = f"../{component_name}"
    return LeafletAssets(js=f"{base}/leaflet.js", css=f"{base}/leaflet.css")
