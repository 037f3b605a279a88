"""geo/basemap.py: the committed offline basemap and the command that derives it."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape

from geo.derive.basemap import BBOX, KINDS, derive_basemap
from geo.cli import main
from geo.errors import DataError

from tests.support import ROOT
BASEMAP = ROOT / "data" / "reference" / "basemap.geojson"

PROPERTIES = {
    "land": ["kind"],
    "country": ["kind", "countries"],
    "admin1": ["kind", "country"],
    "river": ["kind", "name", "rank", "ne_rivernum"],
    "town": ["kind", "name", "ne_name", "rank", "population", "country", "class"],
}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _by_kind(collection: dict) -> dict[str, list[dict]]:
    kinds: dict[str, list[dict]] = {}
    for feature in collection["features"]:
        kinds.setdefault(feature["properties"]["kind"], []).append(feature)
    return kinds


# --- the committed file --------------------------------------------------------------------------


def test_committed_basemap_has_every_kind_in_drawing_order():
    collection = _load(BASEMAP)
    kinds = [feature["properties"]["kind"] for feature in collection["features"]]
    assert set(kinds) == set(KINDS)
    assert kinds == sorted(kinds, key=KINDS.index), "features must come land, country, admin1, river, town"
    counts = {kind: kinds.count(kind) for kind in KINDS}
    assert counts["land"] == 1 and counts["admin1"] == 3
    assert counts["country"] >= 10 and counts["river"] >= 20 and counts["town"] >= 100


def test_committed_basemap_geometries_are_valid_and_inside_the_box():
    area = box(*BBOX)
    expected = {"land": ("Polygon", "MultiPolygon"), "country": ("LineString", "MultiLineString"),
                "admin1": ("LineString", "MultiLineString"), "river": ("LineString", "MultiLineString"),
                "town": ("Point",)}
    for feature in _load(BASEMAP)["features"]:
        kind = feature["properties"]["kind"]
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in expected[kind], feature["properties"]
        assert not geometry.is_empty and shapely.is_valid(geometry), feature["properties"]
        assert area.covers(geometry), feature["properties"]
        # Coordinates on the 1e-4 degree grid.
        for x, y in shapely.get_coordinates(geometry):
            assert round(x, 4) == x and round(y, 4) == y


def test_committed_basemap_key_order_is_stable():
    text = BASEMAP.read_text(encoding="utf-8")
    collection = json.loads(text)
    assert list(collection) == ["type", "name", "bbox", "source", "source_url", "sources", "license", "features"]
    assert collection["name"] == "basemap" and collection["bbox"] == list(BBOX)
    for feature in collection["features"]:
        assert list(feature) == ["type", "properties", "geometry"]
        assert list(feature["properties"]) == PROPERTIES[feature["properties"]["kind"]]
    # One feature per line, so a diff shows which feature changed.
    lines = text.splitlines()
    assert len(lines) == len(collection["features"]) + 2 and text.endswith("]}\n")


def test_committed_basemap_names_sources_and_licence():
    collection = _load(BASEMAP)
    assert "Natural Earth" in collection["source"] and "public domain" in collection["license"]
    covered = set()
    for source in collection["sources"]:
        assert "Natural Earth" in source["dataset"] and len(source["sha256"]) == 64
        covered.update(source["kinds"])
    assert covered == set(KINDS)
    assert [source["file"] for source in collection["sources"]] == [
        "world_map.gpkg", "ne_10m_populated_places_simple.shp", "ne_10m_rivers_lake_centerlines.shp"]


def test_committed_basemap_content():
    kinds = _by_kind(_load(BASEMAP))
    towns = {feature["properties"]["name"]: feature for feature in kinds["town"]}
    for name in ("Kyiv", "Kharkiv", "Donetsk", "Luhansk", "Sumy", "Kursk", "Belgorod", "Bryansk", "Moscow"):
        assert name in towns, name
    assert towns["Kyiv"]["properties"]["ne_name"] == "Kiev"
    assert "Kiev" not in towns and "Dnipropetrovsk" not in towns
    rivers = {feature["properties"]["name"] for feature in kinds["river"]}
    assert {"Dnipro (Dnieper)", "Don", "Donets", "Desna", "Volga"} <= rivers
    admin1 = {feature["properties"]["country"] for feature in kinds["admin1"]}
    assert admin1 == {"BY", "RU", "UA"}
    land = shape(kinds["land"][0]["geometry"])
    assert land.contains(Point(36.25, 50.0)) and not land.contains(Point(34.0, 43.5))  # Kharkiv; the Black Sea


def test_committed_basemap_border_matches_the_reference_border():
    pairs = {feature["properties"]["countries"]: shape(feature["geometry"])
             for feature in _by_kind(_load(BASEMAP))["country"]}
    border = shape(_load(ROOT / "data" / "reference" / "border.geojson")["features"][0]["geometry"])
    assert pairs["RU;UA"].hausdorff_distance(border) < 0.01
    # Crimea counts as Ukraine: no Russia-Ukraine line across the Perekop isthmus (about 33.7E 46.2N).
    assert pairs["RU;UA"].distance(Point(33.7, 46.2)) > 1


# --- deriving from a tiny synthetic Natural Earth -------------------------------------------------


REGIONS = [
    # name, fips, iso_a2 (as Natural Earth files it), box
    ("Zakhid", "UP01", "UA", (30, 48, 34, 50)),
    ("Skhid", "UP07", "UA", (34, 48, 36, 50)),
    ("Crimea", "UP11", "RU", (32, 46, 34, 48)),   # Natural Earth 4.1 files Crimea under Russia
    ("Belgorod", "RS09", "RU", (36, 48, 38, 50)),
    ("Kursk", "RS41", "RU", (34, 50, 38, 52)),
    ("Kuban", "RS38", "RU", (34, 46, 36, 48)),
    ("Tatarstan", "RS73", "RU", (48, 56, 52, 60)),  # reaches out of the box
    ("Homyel", "BO02", "BY", (30, 50, 34, 52)),
    ("Far away", "SP01", "ES", (-5, 40, -3, 42)),  # outside the box
]


def fake_inputs(directory: Path, places_fields: dict | None = None) -> tuple[Path, Path, Path]:
    """A tiny world_map.gpkg, populated places and rivers, in the shape of the real files."""
    directory.mkdir(parents=True, exist_ok=True)
    states = gpd.GeoDataFrame(
        [{"name": name, "fips": fips, "iso_a2": iso, "adm0_a3": "X", "geometry": box(*bounds)}
         for name, fips, iso, bounds in REGIONS], crs="EPSG:4326")
    gpkg = directory / "world_map.gpkg"
    states.to_file(gpkg, layer="states_provinces", driver="GPKG")

    place_rows = [
        {"name": "Kiev", "scalerank": 1, "featurecla": "Admin-0 capital", "pop_max": 2709000, "iso_a2": "UA",
         "geometry": Point(30.5147, 50.4353)},
        {"name": "Kharkiv", "scalerank": 4, "featurecla": "Admin-1 capital", "pop_max": 1461000, "iso_a2": "UA",
         "geometry": Point(35.5, 49.0)},
        {"name": "Madrid", "scalerank": 0, "featurecla": "Admin-0 capital", "pop_max": 5567000, "iso_a2": "ES",
         "geometry": Point(-3.7, 40.4)},
    ]
    if places_fields is not None:
        place_rows = [{**{k: v for k, v in row.items() if k in places_fields or k == "geometry"}}
                      for row in place_rows]
    places = directory / "ne_10m_populated_places_simple.shp"
    gpd.GeoDataFrame(place_rows, crs="EPSG:4326").to_file(places)
    places.with_name(places.stem + ".VERSION.txt").write_text("2.0.0")

    rivers = directory / "ne_10m_rivers_lake_centerlines.shp"
    gpd.GeoDataFrame([
        {"name": "Donets", "scalerank": 7, "rivernum": 463, "geometry": LineString([(37, 51), (36.5, 49.5)])},
        {"name": "Donets", "scalerank": 7, "rivernum": 463, "geometry": LineString([(36.5, 49.5), (38, 48.5)])},
        {"name": None, "scalerank": 9, "rivernum": 987, "geometry": LineString([(45, 55), (55, 57)])},
    ], crs="EPSG:4326").to_file(rivers)
    return gpkg, places, rivers


def test_derive_from_synthetic_inputs(tmp_path):
    gpkg, places, rivers = fake_inputs(tmp_path / "in")
    written = derive_basemap(gpkg, places, rivers, tmp_path / "out")
    assert written == [tmp_path / "out" / "basemap.geojson"]
    collection = _load(written[0])
    kinds = _by_kind(collection)
    assert set(kinds) == set(KINDS)

    land = shape(kinds["land"][0]["geometry"])
    assert land.contains(Point(35, 49)) and not land.contains(Point(40, 45)) and land.bounds[3] <= 58

    borders = {f["properties"]["countries"]: shape(f["geometry"]) for f in kinds["country"]}
    assert sorted(borders) == ["BY;RU", "BY;UA", "RU;UA"]
    # Crimea counts as Ukraine: its edge with Kuban (x = 34) is on the Russia-Ukraine border ...
    assert borders["RU;UA"].covers(LineString([(34, 46), (34, 48)]))
    assert borders["RU;UA"].covers(LineString([(36, 48), (36, 50)]))
    assert borders["BY;UA"].equals(LineString([(30, 50), (34, 50)]))
    admin1 = {f["properties"]["country"]: shape(f["geometry"]) for f in kinds["admin1"]}
    assert sorted(admin1) == ["RU", "UA"]
    # ... and its edge with the rest of Ukraine (y = 48) is an oblast border.
    assert admin1["UA"].covers(LineString([(32, 48), (34, 48)]))
    assert admin1["UA"].covers(LineString([(34, 48), (34, 50)]))
    assert admin1["RU"].covers(LineString([(36, 50), (38, 50)]))
    assert not admin1["RU"].intersects(LineString([(34.001, 47), (34.001, 47.5)]))

    towns = [f["properties"] for f in kinds["town"]]
    assert [t["name"] for t in towns] == ["Kyiv", "Kharkiv"]  # by rank; Madrid is outside the box
    assert towns[0] == {"kind": "town", "name": "Kyiv", "ne_name": "Kiev", "rank": 1, "population": 2709000,
                        "country": "UA", "class": "Admin-0 capital"}
    river_props = [f["properties"] for f in kinds["river"]]
    assert river_props == [{"kind": "river", "name": "Donets", "rank": 7, "ne_rivernum": 463},
                           {"kind": "river", "name": None, "rank": 9, "ne_rivernum": 987}]
    donets = shape(kinds["river"][0]["geometry"])
    assert donets.geom_type == "LineString"  # the two segments merged
    assert box(*BBOX).covers(shape(kinds["river"][1]["geometry"]))  # clipped at 50E

    sources = collection["sources"]
    assert [s["version"] for s in sources] == ["4.1.0", "2.0.0", None]
    assert all(len(s["sha256"]) == 64 for s in sources) and "dbf_sha256" in sources[1]

    # Byte-identical on rerun.
    first = written[0].read_bytes()
    derive_basemap(gpkg, places, rivers, tmp_path / "out")
    assert written[0].read_bytes() == first


def test_cli_basemap(tmp_path, capsys):
    gpkg, places, rivers = fake_inputs(tmp_path / "in")
    status = main(["basemap", "--from", str(gpkg), "--places", str(places), "--rivers", str(rivers),
                   "--out", str(tmp_path / "out")])
    assert status == 0
    assert "basemap.geojson" in capsys.readouterr().out
    assert (tmp_path / "out" / "basemap.geojson").is_file()


def test_derive_refuses_a_missing_field(tmp_path):
    gpkg, places, rivers = fake_inputs(tmp_path / "in", places_fields={"name", "scalerank", "iso_a2"})
    with pytest.raises(DataError, match=r"ne_10m_populated_places_simple.shp: featurecla, pop_max: missing "
                                        r"field\(s\)"):
        derive_basemap(gpkg, places, rivers, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_derive_refuses_a_missing_file(tmp_path):
    gpkg, places, rivers = fake_inputs(tmp_path / "in")
    with pytest.raises(DataError, match=r"nope.shp: no such file; extract it from Debian's libmagics\+\+-data"):
        derive_basemap(gpkg, tmp_path / "nope.shp", rivers, tmp_path / "out")
    with pytest.raises(DataError, match=r"nope.gpkg: no such file; extract world_map.gpkg from Debian's "
                                        r"qgis-common"):
        derive_basemap(tmp_path / "nope.gpkg", places, rivers, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- reproducible from the real inputs ------------------------------------------------------------


def test_committed_basemap_is_reproducible(natural_earth, tmp_path):
    derive_basemap(natural_earth.world_map, natural_earth.places, natural_earth.rivers, tmp_path)
    assert (tmp_path / "basemap.geojson").read_bytes() == BASEMAP.read_bytes()
