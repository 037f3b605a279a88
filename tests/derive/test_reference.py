"""geo/reference.py: the committed reference geography and the command that derives it."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, box

from geo.errors import DataError
from geo.derive.reference import ADMIN1, derive_reference
from geo.reference import load_reference

from tests.support import ROOT
REFERENCE = ROOT / "data" / "reference"


def test_committed_regions():
    reference = load_reference()
    assert sorted(reference.admin1) == sorted(spec.name for spec in ADMIN1)
    for region in reference.admin1.values():
        assert shapely.is_valid(region.geometry) and region.geometry.geom_type in ("Polygon", "MultiPolygon")
    # Gazetteer points fall in their regions: Sudzha in Kursk, Donetsk city in Donetsk Oblast.
    assert reference.admin1["Kursk Oblast"].geometry.contains(Point(35.27056, 51.19139))
    assert reference.admin1["Donetsk Oblast"].geometry.contains(Point(37.80, 48.00))
    assert not reference.admin1["Kursk Oblast"].geometry.contains(Point(37.80, 48.00))


def test_border_runs_from_belarus_to_the_sea_of_azov():
    reference = load_reference()
    border = reference.border
    assert border.geom_type == "LineString"
    ends = sorted([border.coords[0], border.coords[-1]], key=lambda xy: xy[1])
    assert abs(ends[0][0] - 38.2) < 0.2 and abs(ends[0][1] - 47.1) < 0.2      # Taganrog Bay
    assert abs(ends[1][0] - 31.8) < 0.2 and abs(ends[1][1] - 52.1) < 0.2      # Belarus tripoint
    for name in ("Kursk Oblast", "Sumy Oblast", "Belgorod Oblast", "Kharkiv Oblast", "Luhansk Oblast",
                 "Donetsk Oblast", "Bryansk Oblast"):
        assert reference.admin1[name].geometry.distance(border) < 0.02, name
    for name in ("Moscow", "Primorsky Krai"):
        assert reference.admin1[name].geometry.distance(border) > 1, name


def test_reference_files_name_source_and_licence():
    for name in ("admin1.geojson", "border.geojson"):
        data = json.loads((REFERENCE / name).read_text(encoding="utf-8"))
        assert "Natural Earth" in data["source"] and "public domain" in data["license"]
        assert len(data["source_file_sha256"]) == 64 and "crs" not in data


def fake_world_map(path: Path, drop: str | None = None) -> Path:
    """A tiny world_map.gpkg: Ukrainian regions west of 36°E, Russian ones east of it."""
    rows = []
    stacked = {"UA": 0, "RU": 0}
    for spec in ADMIN1:
        if spec.name == drop:
            continue
        x = 34.0 if spec.country == "UA" else 36.0
        y = 45.0 + stacked[spec.country]
        stacked[spec.country] += 1
        rows.append({"fips": spec.fips, "name": spec.ne_name, "adm0_a3": "UKR" if spec.country == "UA" else "RUS",
                     "geometry": box(x, y, x + 2, y + 1)})
    frame = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    frame.to_file(path, layer="states_provinces", driver="GPKG")
    return path


def test_derive_from_a_world_map(tmp_path):
    written = derive_reference(fake_world_map(tmp_path / "world_map.gpkg"), tmp_path / "out")
    assert sorted(p.name for p in written) == ["admin1.geojson", "border.geojson"]
    reference = load_reference(tmp_path / "out")
    assert len(reference.admin1) == len(ADMIN1)
    # Where a Ukrainian box meets a Russian box of the same row, the border lies on 36°E.
    assert reference.border.length > 0
    assert all(abs(x - 36.0) < 1e-9 for x, _ in shapely.get_coordinates(reference.border))


def test_derive_names_a_missing_region(tmp_path):
    with pytest.raises(DataError, match=r"world_map.gpkg layer states_provinces: fips: expected one region with "
                                        r"fips 'RS41' and name 'Kursk' for 'Kursk Oblast', found 0"):
        derive_reference(fake_world_map(tmp_path / "world_map.gpkg", drop="Kursk Oblast"), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_derive_refuses_a_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"nope.gpkg: no such file; extract world_map.gpkg from Debian's qgis-common"):
        derive_reference(tmp_path / "nope.gpkg", tmp_path / "out")


def test_committed_reference_is_reproducible(natural_earth, tmp_path):
    derive_reference(natural_earth.world_map, tmp_path)
    for name in ("admin1.geojson", "border.geojson"):
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), name
