"""Reference geography as the app and the rules use it: region polygons and the Russia–Ukraine border.

The files in ``data/reference/`` are derived from Natural Earth (public domain) by
``python -m geo reference`` and ``python -m geo basemap`` (see `geo.derive`); this module only
loads them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import DataError, Problem, display_path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
ADMIN1_FILE = "admin1.geojson"
BORDER_FILE = "border.geojson"
#: The offline basemap (land, borders, rivers, towns), served to the map as a file.
BASEMAP_FILE = REFERENCE_DIR / "basemap.geojson"


def basemap_file() -> Path | None:
    """The offline basemap's file, or None if it is missing (the map then says so)."""
    return BASEMAP_FILE if BASEMAP_FILE.is_file() else None


@dataclass(frozen=True)
class Admin1:
    """A first-level region (oblast, krai, federal city) with its polygon in WGS84."""

    name: str
    country: str
    iso_3166_2: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class Reference:
    """The reference geography the build and the validation use."""

    admin1: dict[str, Admin1]
    border: BaseGeometry
    version: str


# --- loading -------------------------------------------------------------------------------------


def _read_collection(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(display_path(path), "", "", "reference file missing; run "
                                 "`python -m geo reference --from world_map.gpkg` (see data/README.md)")])
    except json.JSONDecodeError as exc:
        raise DataError([Problem(display_path(path), f"line {exc.lineno} column {exc.colno}", "",
                                 f"malformed JSON ({exc.msg}); re-derive the reference files")])


@functools.cache
def load_reference(directory: str | Path = REFERENCE_DIR) -> Reference:
    """Load the committed reference geography (cached per directory)."""
    directory = Path(directory)
    admin1_path = directory / ADMIN1_FILE
    border_path = directory / BORDER_FILE
    admin1 = {}
    for feature in _read_collection(admin1_path)["features"]:
        props = feature["properties"]
        geometry = shape(feature["geometry"])
        shapely.prepare(geometry)  # many point-in-region checks follow
        admin1[props["name"]] = Admin1(
            name=props["name"],
            country=props["country"],
            iso_3166_2=props["iso_3166_2"],
            geometry=geometry,
        )
    border_fc = _read_collection(border_path)
    border = shape(border_fc["features"][0]["geometry"])
    digest = hashlib.sha256(admin1_path.read_bytes() + border_path.read_bytes()).hexdigest()
    return Reference(admin1=admin1, border=border, version=digest[:12])
