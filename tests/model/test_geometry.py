"""geo/model/geometry.py: one geometry function for the build, the loader and every download."""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from geo.model.geometry import geometry_to_geojson, region_geojson, report_geometry, round_coordinate
from geo.reference import load_reference

REFERENCE = load_reference()
BASE = {"latitude": None, "longitude": None, "location_precision": "country", "admin1": ""}


def test_a_point_is_its_coordinates_rounded_as_published():
    props = dict(BASE, latitude=51.1234567, longitude=-0.0000001, location_precision="settlement")
    assert report_geometry(props, REFERENCE) == {"type": "Point", "coordinates": [0.0, 51.123457]}


def test_an_oblast_report_is_its_whole_region_never_a_point():
    props = dict(BASE, location_precision="oblast", admin1="Kursk Oblast")
    geometry = report_geometry(props, REFERENCE)
    assert shape(geometry).equals(REFERENCE.admin1["Kursk Oblast"].geometry)
    assert geometry is region_geojson(REFERENCE, "Kursk Oblast")  # shared, not copied per report


def test_a_country_report_has_no_geometry():
    assert report_geometry(BASE, REFERENCE) is None
    assert report_geometry(dict(BASE, location_precision="oblast", admin1="Atlantis"), REFERENCE) is None


def test_encoding_follows_rfc_7946():
    clockwise = shapely.Polygon([(35, 51), (35, 52), (36, 52), (36, 51)])
    encoded = geometry_to_geojson(clockwise)
    assert shapely.is_ccw(shape(encoded).exterior)
    assert geometry_to_geojson(None) is None and geometry_to_geojson(shapely.Polygon()) is None
    assert round_coordinate(-0.00000001) == 0.0 and str(round_coordinate(-0.00000001)) == "0.0"
