"""Derive ``data/reference/admin1.geojson`` and ``border.geojson`` from Natural Earth.

Natural Earth 1:10m Admin 1 (public domain) as shipped, generalized, in Debian's ``qgis-common``
package (``world_map.gpkg``)::

    apt-get download qgis-common && dpkg -x qgis-common_*.deb /tmp/qgis
    python -m geo reference --from /tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg

Build time only: the app never imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import DataError, Problem, display_path
from geo.formats.files import file_sha256, write_atomic
from geo.formats.geojson import dump_feature_collection
from geo.model.geometry import geometry_to_geojson
from geo.reference import ADMIN1_FILE, BORDER_FILE, REFERENCE_DIR

SOURCE_NAME = "Natural Earth 1:10m Admin 1 - States, Provinces v4.1.0, generalized (QGIS world_map.gpkg)"
SOURCE_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/"
SOURCE_LICENSE = "public domain (Natural Earth terms of use)"


@dataclass(frozen=True)
class Admin1Spec:
    """How to find one first-level region in Natural Earth, and what this project calls it."""

    name: str
    fips: str
    ne_name: str
    country: str
    iso_3166_2: str


#: Regions the reports name, plus the neighbours of Kursk and Donetsk along the border.
ADMIN1 = (
    Admin1Spec("Donetsk Oblast", "UP05", "Donets'k", "UA", "UA-14"),
    Admin1Spec("Luhansk Oblast", "UP14", "Luhans'k", "UA", "UA-09"),
    Admin1Spec("Kharkiv Oblast", "UP07", "Kharkiv", "UA", "UA-63"),
    Admin1Spec("Sumy Oblast", "UP21", "Sumy", "UA", "UA-59"),
    Admin1Spec("Kursk Oblast", "RS41", "Kursk", "RU", "RU-KRS"),
    Admin1Spec("Belgorod Oblast", "RS09", "Belgorod", "RU", "RU-BEL"),
    Admin1Spec("Bryansk Oblast", "RS10", "Bryansk", "RU", "RU-BRY"),
    Admin1Spec("Primorsky Krai", "RS59", "Primor'ye", "RU", "RU-PRI"),
    Admin1Spec("Moscow", "RS47", "Moskva", "RU", "RU-MOW"),
    Admin1Spec("Zaporizhzhia Oblast", "UP26", "Zaporizhzhya", "UA", "UA-23"),
    Admin1Spec("Republic of Tatarstan", "RS73", "Tatarstan", "RU", "RU-TA"),
)

#: Grid of the stored reference coordinates, in degrees (RFC 7946 output keeps six decimals).
PRECISION_GRID = 1e-6


# --- derivation ----------------------------------------------------------------------------------


def _clean(geometry: BaseGeometry) -> BaseGeometry:
    """Snap to the output grid, keeping the geometry valid."""
    return shapely.set_precision(geometry, PRECISION_GRID)


def _ukraine_mask(states) -> "shapely.Series":
    # FIPS 10-4 codes starting "UP" are Ukraine's regions. Natural Earth 4.1 files Crimea and
    # Sevastopol (UP11, UP20) under Russia; the border drawn here is the internationally
    # recognised one, so they count as Ukraine.
    return states["fips"].fillna("").str.startswith("UP")


def derive_reference(gpkg: str | Path, out_dir: str | Path = REFERENCE_DIR) -> list[Path]:
    """Derive the reference layers from QGIS' ``world_map.gpkg`` and write them atomically.

    Parameters
    ----------
    gpkg : str or Path
        Path to ``world_map.gpkg`` from Debian's ``qgis-common`` package.
    out_dir : str or Path
        Directory to write ``admin1.geojson`` and ``border.geojson`` into.

    Returns
    -------
    list of Path
        The files written.
    """
    import geopandas as gpd

    gpkg = Path(gpkg)
    if not gpkg.is_file():
        raise DataError([Problem(display_path(gpkg), "", "", "no such file; extract world_map.gpkg from "
                                 "Debian's qgis-common package first (see data/README.md)")])
    states = gpd.read_file(gpkg, layer="states_provinces")
    if states.crs is None or states.crs.to_epsg() != 4326:
        raise DataError([Problem(display_path(gpkg), "layer states_provinces", "crs",
                                 f"expected EPSG:4326, got {states.crs!r}")])
    source = {
        "source": SOURCE_NAME,
        "source_url": SOURCE_URL,
        "source_file_sha256": file_sha256(gpkg),
        "license": SOURCE_LICENSE,
    }

    problems = []
    features = []
    for spec in ADMIN1:
        match = states[(states["fips"] == spec.fips) & (states["name"] == spec.ne_name)]
        if len(match) != 1:
            problems.append(Problem(display_path(gpkg), "layer states_provinces", "fips",
                                    f"expected one region with fips {spec.fips!r} and name "
                                    f"{spec.ne_name!r} for {spec.name!r}, found {len(match)}; "
                                    "is this the world_map.gpkg of qgis-common 3.22?"))
            continue
        geometry = _clean(match.geometry.iloc[0])
        features.append({
            "type": "Feature",
            "id": spec.iso_3166_2,
            "properties": {
                "name": spec.name,
                "country": spec.country,
                "iso_3166_2": spec.iso_3166_2,
                "ne_name": spec.ne_name,
                "ne_fips": spec.fips,
            },
            "geometry": geometry_to_geojson(geometry),
        })
    if problems:
        raise DataError(problems)
    features.sort(key=lambda feature: feature["id"])

    ukraine = _ukraine_mask(states)
    russia = (states["adm0_a3"] == "RUS") & ~ukraine
    shared = states[ukraine].union_all().boundary.intersection(states[russia].union_all().boundary)
    border = _clean(shapely.line_merge(shapely.union_all(shapely.get_parts(shared))))
    if border.is_empty or border.geom_type not in ("LineString", "MultiLineString"):
        raise DataError([Problem(display_path(gpkg), "layer states_provinces", "geometry",
                                 f"the shared boundary of Russia and Ukraine came out as "
                                 f"{border.geom_type!r}; expected a line")])
    border_feature = {
        "type": "Feature",
        "id": "RU-UA",
        "properties": {"name": "Russia–Ukraine land border", "countries": "RU;UA"},
        "geometry": geometry_to_geojson(border),
    }

    out_dir = Path(out_dir)
    written = []
    for filename, name, feats in (
        (ADMIN1_FILE, "admin1", features),
        (BORDER_FILE, "border", [border_feature]),
    ):
        text = dump_feature_collection(feats, name=name, members=source)
        target = out_dir / filename
        write_atomic(target, text)
        written.append(target)
    return written
