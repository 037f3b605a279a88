"""RFC 7946 GeoJSON: geometry encoding, deterministic text and atomic writes."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

#: Decimals kept in published coordinates (about 0.1 m; RFC 7946 section 11.2).
COORDINATE_DECIMALS = 6

MEDIA_TYPE = "application/geo+json"


def round_coordinate(value: float) -> float:
    """A coordinate as published: `COORDINATE_DECIMALS` decimals, never ``-0.0``."""
    rounded = round(float(value), COORDINATE_DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0"


def _round_nested(coords):
    if isinstance(coords[0], (int, float)):
        return [round_coordinate(value) for value in coords[:2]]
    return [_round_nested(part) for part in coords]


def geometry_to_geojson(geometry: BaseGeometry | None) -> dict | None:
    """Encode a shapely geometry as an RFC 7946 geometry object.

    Exterior rings are made counter-clockwise and holes clockwise, coordinates are rounded
    to `COORDINATE_DECIMALS` and kept as (longitude, latitude).
    """
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    encoded = mapping(geometry)
    return {"type": encoded["type"], "coordinates": _round_nested(encoded["coordinates"])}


def dumps_compact(obj) -> str:
    """Serialize `obj` as compact UTF-8 JSON with the key order given."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dump_feature_collection(features: list[dict], name: str, members: dict | None = None) -> str:
    """Return a FeatureCollection as text, one feature per line, so diffs show what changed.

    Parameters
    ----------
    features : list of dict
        GeoJSON features, already in their final order.
    name : str
        Layer name, stored as the foreign member ``name`` (GDAL uses it as the layer name).
    members : dict, optional
        More top-level foreign members (dataset version, source, licence), in order.
    """
    head = {"type": "FeatureCollection", "name": name, **(members or {})}
    opening = dumps_compact(head)[:-1] + ',"features":['
    if not features:
        return opening + "]}\n"
    body = ",\n".join(dumps_compact(feature) for feature in features)
    return opening + "\n" + body + "\n]}\n"


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename; never half a file."""
    write_all_atomic({Path(path): text})


def write_all_atomic(files: dict[Path, str]) -> None:
    """Write several files: all temporary files first, then rename each into place.

    If writing any temporary file fails, nothing is renamed and the old files stay as they were.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((tmp, path))
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
