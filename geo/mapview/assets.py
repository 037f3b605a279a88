"""Local copies of the map's front-end assets, installed as Python packages (never from a CDN).

Leaflet 1.9.4 comes from the ``django-js-lib-leaflet`` package (its dist files and nothing else; it
needs no Django). The app serves that folder itself (see ``streamlit_app.py``), so the map loads
with no internet and tells no third party who is looking.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from geo.formats.files import write_atomic

LEAFLET_VERSION = "1.9.4"
#: Where the app keeps the files it serves precompressed (made on first use, one folder per content).
PACKED_DIR = Path(tempfile.gettempdir()) / "foreign-troops-map-assets"


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


def packed(source: Path) -> Path | None:
    """A gzip copy of `source` to serve as it is stored, or None if none can be written (serve `source`).

    Streamlit compresses a component's text files anew on every request: 10–18 ms of CPU for
    the 287 KB basemap, for every new reader. A ``.gz`` file goes out as ``application/gzip``, untouched,
    and the page unpacks it (``DecompressionStream``; see ``js/basemap.js``). The copy sits in a
    folder named by the content's digest, so a changed source never meets a stale copy; a copy
    found there is checked before it is used.
    """
    stat = source.stat()
    return _packed(str(source), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _packed(source: str, mtime_ns: int, size: int) -> Path | None:
    data = Path(source).read_bytes()
    folder = PACKED_DIR / hashlib.sha256(data).hexdigest()[:16]
    target = folder / f"{Path(source).name}.gz"
    try:
        if target.is_file() and gzip.decompress(target.read_bytes()) == data:
            return target
        write_atomic(target, gzip.compress(data, compresslevel=9, mtime=0))
        return target
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
