"""The layer build: ``data/`` in, ``layers/*.geojson`` out, deterministic and atomic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataError, display_path
from geo.geojson import dump_feature_collection, geometry_to_geojson, write_all_atomic
from geo.records import REPORTS_FILE, read_reports
from geo.reference import Reference, load_reference
from geo.schema import ALL_LAYER, LAYERS, Report

LAYERS_DIR = Path(__file__).resolve().parent.parent / "layers"

#: Top-level foreign members of every published layer, besides ``name`` and ``dataset_version``.
LAYER_MEMBERS = {
    "title": "Reported foreign-troop presence in the Russia–Ukraine war",
    "license": "CC-BY-4.0 (compilation); each source belongs to its publisher",
}


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: file texts by path, the dataset version and what to tell the user."""

    files: dict[Path, str]
    version: str
    notices: tuple[str, ...]


def report_geometry(report: Report, reference: Reference):
    """Return the shapely geometry a report is drawn with, or None if it cannot be drawn.

    A report with coordinates is its point; an oblast-level report is the whole region's polygon
    (never a point in its middle); a country-level report has no geometry.
    """
    from shapely.geometry import Point

    if report.has_point:
        return Point(report.longitude, report.latitude)
    if report.location_precision == "oblast" and report.admin1 in reference.admin1:
        return reference.admin1[report.admin1].geometry
    return None


_REGION_GEOJSON: dict[tuple[str, str], dict] = {}


def region_geojson(reference: Reference, name: str) -> dict:
    """The encoded polygon of a reference region; one shared (read-only) object per region."""
    key = (reference.version, name)
    if key not in _REGION_GEOJSON:
        _REGION_GEOJSON[key] = geometry_to_geojson(reference.admin1[name].geometry)
    return _REGION_GEOJSON[key]


def _geometry(report: Report, reference: Reference) -> dict | None:
    if report.has_point or report.location_precision != "oblast" or report.admin1 not in reference.admin1:
        return geometry_to_geojson(report_geometry(report, reference))
    return region_geojson(reference, report.admin1)


def report_feature(report: Report, reference: Reference) -> dict:
    """Return the GeoJSON feature of one report, with every property of the schema.

    Reports of the same region share one (read-only) geometry object.
    """
    return {
        "type": "Feature",
        "id": report.id,
        "properties": report.to_properties(),
        "geometry": _geometry(report, reference),
    }


def dataset_version(features: list[dict], reference: Reference) -> str:
    """Return ``<newest reported_on>+<8 hex of the content hash>``, e.g. ``2025-12-13+1a2b3c4d``.

    Features sorted by id; see `geo.columns.table_version` for what the hash covers.
    """
    from geo.columns import table_from_properties, table_version

    return table_version(table_from_properties([feature["properties"] for feature in features]), reference)


def _why_other(report: Report) -> str:
    if report.location_precision == "country":
        place = f" ({report.place_name!r})" if report.place_name else ""
        where = f"location known only to country level{place}"
    else:
        where = f"area 'other' ({report.admin1 or report.place_name or 'no place given'})"
    drawn = "drawn as its region" if report.admin1 and report.location_precision == "oblast" else "with no geometry"
    return f"{report.id}: {where}; not on an area layer, published in layers/other.geojson {drawn}"


def build_layers(reports_path: str | Path = REPORTS_FILE, out_dir: str | Path = LAYERS_DIR,
                 reference: Reference | None = None) -> BuildResult:
    """Build the layers in memory and check them; raise `DataError` on any problem.

    Nothing is written: see `write_layers`.
    """
    from geo.validate import validate_layer_text

    reference = reference or load_reference()
    reports = sorted(read_reports(reports_path, reference=reference), key=lambda report: report.id)
    features = [report_feature(report, reference) for report in reports]
    version = dataset_version(features, reference)
    members = {**LAYER_MEMBERS, "dataset_version": version}

    out_dir = Path(out_dir)
    files = {}
    for layer in (*LAYERS, ALL_LAYER):
        chosen = [f for f in features if layer == ALL_LAYER or f["properties"]["layer"] == layer]
        files[out_dir / f"{layer}.geojson"] = dump_feature_collection(chosen, name=layer, members=members)

    problems = []
    for path, text in files.items():
        problems += validate_layer_text(text, display_path(path), reference=reference)
    if problems:
        raise DataError(problems)
    notices = tuple(_why_other(report) for report in reports if report.layer == "other")
    return BuildResult(files=files, version=version, notices=notices)


def write_layers(result: BuildResult) -> list[Path]:
    """Write a build's files atomically; return the paths whose content changed."""
    changed = [path for path, text in result.files.items()
               if not path.exists() or path.read_text(encoding="utf-8") != text]
    write_all_atomic({path: result.files[path] for path in changed})
    return changed
