"""Published layers: what a layer of ``layers/`` must be beyond valid reports (``python -m geo validate``).

Every feature carries every property key, the derived properties the report implies and an
RFC 7946 geometry that fits its precision; the layer carries the dataset version.
"""

from __future__ import annotations

from pathlib import Path

import shapely
from shapely.geometry import shape

from geo.errors import Problem, display_path
from geo.formats.geojson import collection_cells, feature_ident, read_collection
from geo.model.report import DERIVED_KEYS, PROPERTY_KEYS
from geo.model.vocabulary import LAYER
from geo.reference import Reference, load_reference
from geo.rules.engine import check

_GEOMETRY_BY_PRECISION = {
    "settlement": ("Point",),
    "district": ("Point",),
    "oblast": ("Polygon", "MultiPolygon"),
    "country": (None,),
}
_MAX_DECIMALS = 6


class Collector:
    """Collects problems for one feature."""

    def __init__(self, file: str, where: str):
        self.file, self.where = file, where
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.where, field, message))


def _check_coordinates(coords, out: Collector) -> None:
    """Check ranges and decimals of every position in a (nested) coordinate array."""
    stack = [coords]
    while stack:
        item = stack.pop()
        if isinstance(item, list) and item and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in item):
            if len(item) != 2:
                out.add("geometry", f"position {item!r} must be [longitude, latitude]")
                return
            lon, lat = item
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                out.add("geometry", f"position {item!r} is outside [-180..180, -90..90]; positions are "
                                    "[longitude, latitude]; swapped?")
                return
            for value in item:
                if round(value, _MAX_DECIMALS) != value:
                    out.add("geometry", f"position {item!r} has more than {_MAX_DECIMALS} decimals; "
                                        "rebuild with `python -m geo build`")
                    return
        elif isinstance(item, list):
            stack.extend(item)
        else:
            out.add("geometry", f"coordinates must be nested arrays of numbers, got {item!r}")
            return


def check_geometry(geometry, props: dict | None, out: Collector) -> None:
    """Check a feature's geometry: type for its report's precision, RFC 7946 form, validity.

    `props` are the published properties the report implies (None if it broke a rule).
    """
    if geometry is not None and not isinstance(geometry, dict):
        out.add("geometry", f"must be a GeoJSON geometry object or null, got {geometry!r}")
        return
    kind = geometry.get("type") if geometry else None
    if kind is not None and kind not in ("Point", "Polygon", "MultiPolygon"):
        out.add("geometry", f"type {kind!r} is not allowed; a report is a Point (settlement or district "
                            "precision), a Polygon or MultiPolygon (oblast precision) or null (country precision)")
        return
    if props is not None:
        allowed = _GEOMETRY_BY_PRECISION[props["location_precision"]]
        if kind not in allowed:
            out.add("geometry", f"type {kind!r} does not fit location_precision {props['location_precision']!r}, "
                                f"which is drawn as {' or '.join(str(a) for a in allowed)}")
            return
    if geometry is None:
        return
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or not coords:
        out.add("geometry", f"coordinates must be a non-empty array, got {coords!r}")
        return
    before = len(out.problems)
    _check_coordinates(coords, out)
    if len(out.problems) > before:
        return
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed arrays
        out.add("geometry", f"cannot be read as a {kind}: {exc}")
        return
    if not shapely.is_valid(geom):
        out.add("geometry", f"invalid {kind}: {shapely.is_valid_reason(geom)}; fix the ring or re-derive the reference")
        return
    if kind in ("Polygon", "MultiPolygon"):
        oriented = shapely.orient_polygons(geom, exterior_cw=False)
        if not shapely.equals_exact(oriented, geom, tolerance=0, normalize=False):
            out.add("geometry", "rings are not oriented as RFC 7946 asks (exterior counter-clockwise, holes "
                                "clockwise); rebuild with `python -m geo build`")
    if kind == "Point" and props is not None and props["latitude"] is not None:
        lon, lat = coords
        if abs(lon - props["longitude"]) > 1e-6 or abs(lat - props["latitude"]) > 1e-6:
            out.add("geometry", f"point [{lon}, {lat}] differs from properties latitude {props['latitude']}, "
                                f"longitude {props['longitude']}; rebuild with `python -m geo build`")


def layer_problems(text: str, name: str, reference: Reference | None = None) -> list[Problem]:
    """Every problem of a published layer's text: its reports' rules and the form of a published layer."""
    reference = reference or load_reference()
    problems: list[Problem] = []
    data = read_collection(text, name, problems)
    if data is None:
        return problems
    if not isinstance(data.get("dataset_version"), str):
        problems.append(Problem(name, "", "dataset_version", "missing; published layers carry the dataset "
                                "version; rebuild with `python -m geo build`"))
    layer_name = data.get("name")
    cells = collection_cells(data, name, whole_dataset=layer_name not in LAYER.values)
    checked = check(cells, reference)
    problems += checked.problems
    expected = iter(checked.table.to_pylist())
    for index, feature in enumerate(data["features"]):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            continue
        ident = feature_ident(feature)
        out = Collector(name, f"feature {index + 1}" + (f" (id {ident!r})" if ident else ""))
        props = feature.get("properties")
        if isinstance(props, dict):
            missing = [key for key in PROPERTY_KEYS if key not in props]
            unknown = [key for key in props if key not in PROPERTY_KEYS]
            if missing:
                out.add("properties", f"missing key(s) {', '.join(map(repr, missing))}; every feature carries "
                                      "every key of the schema (null when unknown)")
            if unknown:
                out.add("properties", f"unknown key(s) {', '.join(map(repr, unknown))}; see the data model in README.md")
        implied = next(expected) if checked.valid[index] else None
        if implied is not None:
            if feature.get("id") != implied["id"]:
                out.add("id", f"feature id {feature.get('id')!r} differs from properties id {implied['id']!r}")
            for key in DERIVED_KEYS:
                if props.get(key) != implied[key]:
                    out.add(key, f"is {props.get(key)!r} but the report implies {implied[key]!r}; "
                                 "rebuild with `python -m geo build`")
            if layer_name in LAYER.values and implied["layer"] != layer_name:
                out.add("layer", f"report belongs to layer {implied['layer']!r}, not {layer_name!r}")
        check_geometry(feature.get("geometry"), implied, out)
        problems += out.problems
    return problems


def validate_paths(paths: list[str | Path], reference: Reference | None = None) -> list[Problem]:
    """Validate report tables (``*.csv``) and published layers (``*.geojson``); return every problem."""
    from geo.formats.tables import read_report_tables

    reference = reference or load_reference()
    problems: list[Problem] = []
    done_tables = set()
    for path in map(Path, paths):
        if path.suffix.lower() == ".csv":
            reports_path = path.with_name("reports.csv") if path.name == "sources.csv" else path
            if reports_path not in done_tables:
                done_tables.add(reports_path)
                problems += check(read_report_tables(reports_path), reference).problems
        elif path.suffix.lower() in (".geojson", ".json"):
            try:
                text = path.read_text(encoding="utf-8")
            except (FileNotFoundError, IsADirectoryError):
                problems.append(Problem(display_path(path), "", "", "no such file"))
                continue
            except UnicodeDecodeError:
                problems.append(Problem(display_path(path), "", "", "is not UTF-8 text, as RFC 7946 requires"))
                continue
            problems += layer_problems(text, display_path(path), reference=reference)
        else:
            problems.append(Problem(display_path(path), "", "", "unknown kind of file; give a .csv report table or a "
                                    ".geojson layer"))
    return problems
