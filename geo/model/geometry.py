"""A report's geometry, made in one place for the build, the loader and every download.

A report with coordinates is its point; an oblast-level report is its whole region's polygon
(never a point someone made up in its middle); anything else has no geometry. Geometries are
encoded as RFC 7946 asks: longitude first, exterior rings counter-clockwise, six decimals.
"""

from __future__ import annotations

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.reference import Reference

#: Decimals kept in published coordinates (about 0.1 m; RFC 7946 section 11.2).
COORDINATE_DECIMALS = 6


def round_coordinate(value: float) -> float:
    """A coordinate as published: `COORDINATE_DECIMALS` decimals, never ``-0.0``."""
    rounded = round(float(value), COORDINATE_DECIMALS)
    return 0.0 if rounded == 0 else rounded


def _round_nested(coords):
    if isinstance(coords[0], (int, float)):
        return [round_coordinate(value) for value in coords[:2]]
    return [_round_nested(part) for part in coords]


def geometry_to_geojson(geometry: BaseGeometry | None) -> dict | None:
    """Encode a shapely geometry as an RFC 7946 geometry object (None for none or empty)."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    encoded = mapping(geometry)
    return {"type": encoded["type"], "coordinates": _round_nested(encoded["coordinates"])}


_REGION_GEOJSON: dict[tuple[str, str], dict] = {}


def region_geojson(reference: Reference, name: str) -> dict:
    """The encoded polygon of a reference region; one shared (read-only) object per region."""
    key = (reference.version, name)
    if key not in _REGION_GEOJSON:
        _REGION_GEOJSON[key] = geometry_to_geojson(reference.admin1[name].geometry)
    return _REGION_GEOJSON[key]


def report_geometry(props: dict, reference: Reference) -> dict | None:
    """The GeoJSON geometry of a report, from its published properties.

    Reports drawn as the same region share one (read-only) geometry object.
    """
    lat, lon = props["latitude"], props["longitude"]
    if lat is not None and lon is not None:
        return {"type": "Point", "coordinates": [round_coordinate(lon), round_coordinate(lat)]}
    if props["location_precision"] == "oblast" and props["admin1"] in reference.admin1:
        return region_geojson(reference, props["admin1"])
    return None


def drawn_as_points(frame) -> "object":
    """Which rows of a report frame (`geo.dataset.Dataset.frame`) are drawn as points (a boolean Series)."""
    return frame["latitude"].notna()


def drawn_as_regions(frame) -> "object":
    """Which rows are drawn as their whole region: oblast precision, no point (a boolean Series)."""
    return (frame["location_precision"] == "oblast") & frame["latitude"].isna()


def reports_in_region(frame, name: str):
    """The rows of a report frame drawn as the region `name`."""
    return frame[drawn_as_regions(frame) & (frame["admin1"] == name)]


def frame_extent(frame, reference: Reference) -> tuple[float, float, float, float] | None:
    """West, south, east and north of what a report frame's rows draw; None if they draw nothing."""
    points = frame[drawn_as_points(frame)]
    return extent(points["latitude"], points["longitude"], frame.loc[drawn_as_regions(frame), "admin1"], reference)


def extent(latitudes, longitudes, regions, reference: Reference) -> tuple[float, float, float, float] | None:
    """West, south, east and north of some points and some regions' polygons; None if there are none."""
    boxes = [reference.admin1[name].geometry.bounds for name in set(regions) if name in reference.admin1]
    latitudes, longitudes = list(latitudes), list(longitudes)
    if latitudes:
        boxes.append((min(longitudes), min(latitudes), max(longitudes), max(latitudes)))
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
