"""Offline vector basemap: land, borders, oblasts, towns and rivers around Ukraine and western Russia.

(About 320 lines: one derivation, kept whole so that it reads top to bottom; a fifth of it is the
table of town names, `TOWN_NAMES`.)

One FeatureCollection, ``data/reference/basemap.geojson``, that the map can draw when no tile
server is reachable. Every feature has a ``kind``; features come in drawing order:

``land``
    The land inside `BBOX`, one (multi)polygon.
``country``
    The land border between two countries, one line feature per pair (``countries: "RU;UA"``).
``admin1``
    The borders between the first-level regions (oblasts, krais, republics) of one country, one
    line feature per country, for the countries in `ADMIN1_COUNTRIES`.
``river``
    One line feature per Natural Earth river (``rivernum``), with its ``name`` and ``rank``.
``town``
    One point per Natural Earth populated place, with its ``name``, ``rank``, ``population``.

Derived reproducibly from Natural Earth (public domain) as shipped in two Debian packages::

    apt-get download qgis-common libmagics++-data
    dpkg -x qgis-common_*.deb /tmp/qgis && dpkg -x libmagics++-data_*.deb /tmp/magics
    python -m geo basemap --from /tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg \\
        --places /tmp/magics/usr/share/magics/10m/ne_10m_populated_places_simple.shp \\
        --rivers /tmp/magics/usr/share/magics/10m/ne_10m_rivers_lake_centerlines.shp
"""

from __future__ import annotations

import math
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import DataError, Problem, display_path
from geo.formats.files import file_sha256, write_atomic
from geo.formats.geojson import dump_feature_collection
from geo.model.geometry import geometry_to_geojson
from geo.reference import BASEMAP_FILE, REFERENCE_DIR

#: The region drawn: (west, south, east, north) in degrees. Ukraine, Belarus, Moldova, western Russia.
BBOX = (22.0, 43.0, 50.0, 58.0)

#: Countries (ISO 3166-1 alpha-2) whose first-level borders are drawn. The others in `BBOX` get only
#: their national border: Latvia's 119 municipalities or Moldova's 37 raions would clutter the map.
ADMIN1_COUNTRIES = ("BY", "RU", "UA")

#: Grid of the stored coordinates, in degrees (about 11 m; plenty for a background).
PRECISION_GRID = 1e-4

#: Douglas–Peucker tolerance for border and river lines, in degrees (about 500 m).
SIMPLIFY_TOLERANCE = 0.005

#: Drawing order of the kinds, bottom to top.
KINDS = ("land", "country", "admin1", "river", "town")

#: Town names: Natural Earth's populated places 2.0.0 uses Russian-derived spellings, pre-2016 names
#: and a few typos for places in Ukraine and near the front. Only the name is changed, never the
#: coordinates, and the source spelling stays in ``ne_name``. Keyed by (ISO country, Natural Earth name).
TOWN_NAMES = {
    ("UA", "Kiev"): "Kyiv",
    ("UA", "Lvov"): "Lviv",
    ("UA", "Odessa"): "Odesa",
    ("UA", "Sevastapol"): "Sevastopol",
    ("UA", "Dnipropetrovsk"): "Dnipro",            # renamed 2016
    ("UA", "Kirovohrad"): "Kropyvnytskyi",         # renamed 2016
    ("UA", "Illichivsk"): "Chornomorsk",           # renamed 2016
    ("UA", "Zaporizhzhya"): "Zaporizhzhia",
    ("UA", "Uzhgorod"): "Uzhhorod",
    ("RU", "Starsy Oskol"): "Stary Oskol",
}

SOURCE = "Natural Earth (public domain), as shipped by Debian"
SOURCE_URL = "https://www.naturalearthdata.com/"
SOURCE_LICENSE = "public domain (Natural Earth terms of use)"
ADMIN1_SOURCE = "Natural Earth 1:10m Admin 1 - States, Provinces v4.1.0, generalized (QGIS world_map.gpkg)"
PLACES_SOURCE = "Natural Earth 1:10m Populated Places (simple)"
RIVERS_SOURCE = "Natural Earth 1:10m Rivers + Lake Centerlines"

_STATES_FIELDS = ("fips", "iso_a2")
_PLACES_FIELDS = ("name", "scalerank", "featurecla", "pop_max", "iso_a2")
_RIVERS_FIELDS = ("name", "scalerank", "rivernum")


# --- inputs --------------------------------------------------------------------------------------


def _ne_version(path: Path) -> str | None:
    """The version Natural Earth ships beside a file (``ne_10m_x.VERSION.txt``), if any."""
    version_file = path.with_name(path.stem + ".VERSION.txt")
    if not version_file.is_file():
        return None
    return version_file.read_text(encoding="ascii", errors="replace").strip() or None


def _describe(path: Path, kinds: tuple[str, ...], dataset: str, version: str | None) -> dict:
    entry = {"kinds": list(kinds), "dataset": dataset, "version": version, "file": path.name,
             "sha256": file_sha256(path)}
    dbf = path.with_suffix(".dbf")
    if path.suffix.lower() == ".shp" and dbf.is_file():
        entry["dbf_sha256"] = file_sha256(dbf)  # the attributes (names, ranks) live in the .dbf
    return entry


def _read(path: Path, fields: tuple[str, ...], layer: str | None, hint: str):
    """Read the features of `path` that touch `BBOX`, checking the CRS and the fields used."""
    import geopandas as gpd

    where = f"layer {layer}" if layer else ""
    if not path.is_file():
        raise DataError([Problem(display_path(path), "", "", f"no such file; {hint} (see data/README.md)")])
    try:
        frame = gpd.read_file(path, layer=layer, bbox=BBOX)
    except Exception as exc:  # pyogrio's errors name the file; keep the message, drop the trace
        raise DataError([Problem(display_path(path), where, "", f"cannot read it ({exc}); {hint}")]) from None
    problems = []
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        problems.append(Problem(display_path(path), where, "crs", f"expected EPSG:4326, got {frame.crs!r}"))
    missing = [field for field in fields if field not in frame.columns]
    if missing:
        problems.append(Problem(display_path(path), where, ", ".join(missing),
                                f"missing field(s); expected {', '.join(fields)}; {hint}"))
    if problems:
        raise DataError(problems)
    return frame


# --- geometry ------------------------------------------------------------------------------------


def _finish(geometry: BaseGeometry, simplify: bool = False) -> BaseGeometry:
    """Clip to `BBOX`, optionally simplify, snap to `PRECISION_GRID` (staying valid), normalize."""
    geometry = shapely.intersection(geometry, shapely.box(*BBOX))
    if simplify:
        geometry = shapely.simplify(geometry, SIMPLIFY_TOLERANCE, preserve_topology=True)
    geometry = shapely.set_precision(geometry, PRECISION_GRID)
    if geometry.geom_type == "GeometryCollection" and not geometry.is_empty:
        # Clipping can leave stray points beside lines, or lines beside polygons: keep the parts
        # of the highest dimension.
        parts = shapely.get_parts(geometry)
        dimensions = shapely.get_dimensions(parts)
        geometry = shapely.union_all(parts[dimensions == dimensions.max()])
    if geometry.geom_type in ("LineString", "MultiLineString"):
        geometry = shapely.line_merge(geometry)
    return shapely.normalize(geometry)


def _country_code(states) -> list[str]:
    # FIPS 10-4 codes starting "UP" are Ukraine's regions. Natural Earth 4.1 files Crimea and
    # Sevastopol (UP11, UP20) under Russia; as in geo/reference.py, the borders drawn here are the
    # internationally recognised ones, so they count as Ukraine.
    ukraine = states["fips"].fillna("").str.startswith("UP")
    return states["iso_a2"].where(~ukraine, "UA").fillna("").tolist()


def _borders(states, codes: list[str]) -> tuple[list[dict], list[dict]]:
    """Country-border and admin-1 line features from the regions' shared edges.

    The boundaries of all regions are noded into one network; each edge between two junctions is
    classified by the regions on its two sides and simplified on its own, so its ends (the
    junctions, the tripoints) stay where they are and the lines still meet after simplification.
    """
    geometries = list(states.geometry)
    network = shapely.line_merge(shapely.union_all([shapely.boundary(g) for g in geometries]))
    edges = shapely.get_parts(network)
    tree = shapely.STRtree([shapely.boundary(g) for g in geometries])
    # A point inside each edge (not a junction): the regions whose boundaries pass through it.
    probes = shapely.line_interpolate_point(edges, 0.5, normalized=True)
    pairs, sides = tree.query(probes, predicate="dwithin", distance=1e-9)
    touching: dict[int, list[int]] = {}
    for edge, region in zip(pairs.tolist(), sides.tolist()):
        touching.setdefault(edge, []).append(region)

    country_lines: dict[str, list[BaseGeometry]] = {}
    admin1_lines: dict[str, list[BaseGeometry]] = {}
    for index, edge in enumerate(edges):
        regions = touching.get(index, [])
        if len(regions) != 2:  # a coast, a lake shore, or the edge of the data
            continue
        first, second = sorted(codes[region] for region in regions)
        if not first or not second:
            continue
        if first != second:
            country_lines.setdefault(f"{first};{second}", []).append(edge)
        elif first in ADMIN1_COUNTRIES:
            admin1_lines.setdefault(first, []).append(edge)

    def features(lines: dict[str, list[BaseGeometry]], kind: str, key: str) -> list[dict]:
        out = []
        for code in sorted(lines):
            simplified = shapely.simplify(shapely.MultiLineString(lines[code]), SIMPLIFY_TOLERANCE)
            geometry = _finish(simplified)
            if geometry.is_empty:
                continue
            out.append({"type": "Feature", "properties": {"kind": kind, key: code},
                        "geometry": geometry_to_geojson(geometry)})
        return out

    return features(country_lines, "country", "countries"), features(admin1_lines, "admin1", "country")


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _integer(value) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


# --- derivation ----------------------------------------------------------------------------------


def derive_basemap(gpkg: str | Path, places: str | Path, rivers: str | Path,
                   out_dir: str | Path = REFERENCE_DIR) -> list[Path]:
    """Derive ``basemap.geojson`` from Natural Earth and write it atomically.

    Parameters
    ----------
    gpkg : str or Path
        ``world_map.gpkg`` from Debian's ``qgis-common`` package (layer ``states_provinces``):
        land, country borders, admin-1 borders.
    places : str or Path
        ``ne_10m_populated_places_simple.shp`` from Debian's ``libmagics++-data`` package (or any
        file GDAL reads with the fields ``name``, ``scalerank``, ``featurecla``, ``pop_max``,
        ``iso_a2``): towns.
    rivers : str or Path
        ``ne_10m_rivers_lake_centerlines.shp`` from the same package (fields ``name``,
        ``scalerank``, ``rivernum``): rivers.
    out_dir : str or Path
        Directory to write ``basemap.geojson`` into.

    Returns
    -------
    list of Path
        The file written.

    Raises
    ------
    DataError
        If an input is missing, unreadable, not in EPSG:4326 or lacks a field; nothing is written.
    """
    gpkg, places, rivers = Path(gpkg), Path(places), Path(rivers)
    qgis_hint = "extract world_map.gpkg from Debian's qgis-common package first"
    magics_hint = "extract it from Debian's libmagics++-data package first"
    states = _read(gpkg, _STATES_FIELDS, "states_provinces", qgis_hint)
    towns = _read(places, _PLACES_FIELDS, None, magics_hint)
    streams = _read(rivers, _RIVERS_FIELDS, None, magics_hint)
    sources = [
        _describe(gpkg, ("land", "country", "admin1"), ADMIN1_SOURCE, "4.1.0"),
        _describe(places, ("town",), PLACES_SOURCE, _ne_version(places)),
        _describe(rivers, ("river",), RIVERS_SOURCE, _ne_version(rivers)),
    ]

    states = states[~states.geometry.is_empty & states.geometry.notna()].reset_index(drop=True)
    states["geometry"] = shapely.make_valid(states.geometry.values)
    features = []
    land = _finish(shapely.union_all(list(states.geometry)), simplify=True)
    if not land.is_empty:
        features.append({"type": "Feature", "properties": {"kind": "land"}, "geometry": geometry_to_geojson(land)})
    country_features, admin1_features = _borders(states, _country_code(states))
    features += country_features + admin1_features

    river_features = []
    streams = streams[streams.geometry.notna()]
    for rivernum, group in streams.groupby("rivernum", sort=True):
        geometry = _finish(shapely.line_merge(shapely.union_all(list(group.geometry))), simplify=True)
        if geometry.is_empty:
            continue
        names = sorted({name for name in map(_text, group["name"]) if name})
        river_features.append({
            "type": "Feature",
            "properties": {"kind": "river", "name": "; ".join(names) or None,
                           "rank": _integer(group["scalerank"].min()), "ne_rivernum": _integer(rivernum)},
            "geometry": geometry_to_geojson(geometry),
        })
    river_features.sort(key=lambda f: (f["properties"]["rank"], f["properties"]["ne_rivernum"]))
    features += river_features

    town_features = []
    area = shapely.box(*BBOX)
    for row in towns.itertuples(index=False):
        point = row.geometry
        if point is None or point.is_empty or not area.covers(point):
            continue
        point = shapely.normalize(shapely.set_precision(point, PRECISION_GRID))
        country = _text(row.iso_a2)
        ne_name = _text(row.name)
        town_features.append({
            "type": "Feature",
            "properties": {"kind": "town", "name": TOWN_NAMES.get((country, ne_name), ne_name),
                           "ne_name": ne_name, "rank": _integer(row.scalerank),
                           "population": _integer(row.pop_max), "country": country,
                           "class": _text(row.featurecla)},
            "geometry": geometry_to_geojson(point),
        })

    def town_key(feature):
        props = feature["properties"]
        rank = props["rank"] if props["rank"] is not None else 99
        return (rank, -(props["population"] or 0), props["name"] or "", feature["geometry"]["coordinates"])

    town_features.sort(key=town_key)
    features += town_features

    members = {
        "bbox": list(BBOX),
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "sources": sources,
        "license": SOURCE_LICENSE,
    }
    target = Path(out_dir) / BASEMAP_FILE.name
    write_atomic(target, dump_feature_collection(features, name="basemap", members=members))
    return [target]
