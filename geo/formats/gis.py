"""GIS formats of a selection: GeoPackage (for QGIS and ArcGIS) and KML (for Google Earth), through GDAL.

Written with the GDAL that pyogrio ships. Every report is a row, its sources flattened as in the CSV
download; reports known only to a country are kept, with no geometry. Text is kept verbatim, except
the KML description, which Google Earth shows as HTML and so is escaped.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from geo.model.report import FLAT_COLUMNS, flat_row

if TYPE_CHECKING:  # geopandas and GDAL load when a file is written, not when the app starts
    import geopandas as gpd

GEOPACKAGE_TYPE = "application/geopackage+sqlite3"
KML_TYPE = "application/vnd.google-earth.kml+xml"


def frame_of(features: list[dict], version: str, description: str) -> gpd.GeoDataFrame:
    """The features as a GeoDataFrame in WGS84, one row per report: `FLAT_COLUMNS` and their provenance."""
    import geopandas as gpd
    from shapely.geometry import shape

    rows = [{**flat_row(f["properties"]), "dataset_version": version, "selection": description} for f in features]
    geometry = [shape(f["geometry"]) if f["geometry"] else None for f in features]
    return gpd.GeoDataFrame(rows, columns=[*FLAT_COLUMNS, "dataset_version", "selection"], geometry=geometry,
                            crs="EPSG:4326")


def _write(frame: gpd.GeoDataFrame, suffix: str, **options) -> bytes:
    import pyogrio

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"selection{suffix}"
        pyogrio.write_dataframe(frame, path, **options)
        return path.read_bytes()


def geopackage_bytes(features: list[dict], layer: str, version: str, description: str) -> bytes:
    """A GeoPackage with one layer of the reports; the layer's description says what it holds."""
    frame = frame_of(features, version, description)
    return _write(frame, ".gpkg", driver="GPKG", layer=layer,
                  layer_options={"DESCRIPTION": f"Dataset version {version}; {description}"})


def kml_bytes(features: list[dict], layer: str, version: str, description: str) -> bytes:
    """A KML document of the reports: each placemark named by id and status, the summary as its description."""
    frame = frame_of(features, version, description)
    frame.insert(0, "Name", [f"{row['id']} ({row['claim_status']})" for _, row in frame.iterrows()])
    frame.insert(1, "Description", [escape(text) for text in frame["summary"]])
    return _write(frame, ".kml", driver="KML", layer=layer,
                  dataset_options={"NameField": "Name", "DescriptionField": "Description"})
