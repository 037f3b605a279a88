"""Validation of GeoJSON layers and of any file the project reads (``python -m geo validate``)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import shapely
from shapely.geometry import shape

from geo import rules, schema
from geo.errors import DataError, Problem, display_path
from geo.records import Collector, parse_report, parse_source, read_reports
from geo.reference import Reference, load_reference
from geo.schema import Report

_GEOMETRY_BY_PRECISION = {
    "settlement": ("Point",),
    "district": ("Point",),
    "oblast": ("Polygon", "MultiPolygon"),
    "country": (None,),
}
_MAX_DECIMALS = 6


def _as_text(value, key: str, out: Collector) -> str | None:
    """Turn a property value back into the string its table cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        out.add(key, f"expected text or a number, got {value!r}")
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            out.add(key, f"expected a finite number, got {value!r}")
            return None
        return repr(value)
    if isinstance(value, str):
        return value
    out.add(key, f"expected text, a number or null, got {type(value).__name__} {value!r}")
    return None


def _parse_sources(value, out: Collector) -> tuple[schema.Source, ...]:
    if not isinstance(value, list) or not value:
        out.add("sources", f"must be a non-empty list of {{url, title, outlet}} objects, got {value!r}; "
                           "every report needs at least one http(s) source")
        return ()
    sources = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            out.add("sources", f"entry {index} must be an object with url, title, outlet; got {item!r}")
            continue
        values = {key: item.get(key) if isinstance(item.get(key), str) else "" for key in ("url", "title", "outlet")}
        source = parse_source(values, Collector(out.file, out.where))
        if source is None:
            out.add(f"sources[{index}].url", f"{item.get('url')!r} is not an http(s) URL; give the address of "
                                             "the published source, starting with https:// (or http://)")
        else:
            sources.append(source)
    return tuple(sources)


def report_from_properties(properties, out: Collector, strict_keys: bool = True) -> Report | None:
    """Read one feature's properties back into a `Report`, with the same rules as the table."""
    if not isinstance(properties, dict):
        out.add("properties", f"must be an object, got {properties!r}")
        return None
    if strict_keys:
        missing = [key for key in schema.PROPERTY_KEYS if key not in properties]
        unknown = [key for key in properties if key not in schema.PROPERTY_KEYS]
        if missing:
            out.add("properties", f"missing key(s) {', '.join(map(repr, missing))}; every feature carries "
                                  "every key of the schema (null when unknown)")
        if unknown:
            out.add("properties", f"unknown key(s) {', '.join(map(repr, unknown))}; see the data model in README.md")
    values = {}
    for key in schema.REPORT_COLUMNS:
        text = _as_text(properties.get(key), key, out)
        if text is not None:
            values[key] = text.strip()
    sources = _parse_sources(properties.get("sources"), out)
    report = parse_report(values, sources, out)  # all problems of the feature, not just the first kind
    return report if not out.problems else None


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


def check_geometry(geometry, report: Report | None, out: Collector) -> None:
    """Check a feature's geometry: type for its precision, RFC 7946 form, validity."""
    if geometry is not None and not isinstance(geometry, dict):
        out.add("geometry", f"must be a GeoJSON geometry object or null, got {geometry!r}")
        return
    kind = geometry.get("type") if geometry else None
    if kind is not None and kind not in ("Point", "Polygon", "MultiPolygon"):
        out.add("geometry", f"type {kind!r} is not allowed; a report is a Point (settlement or district "
                            "precision), a Polygon or MultiPolygon (oblast precision) or null (country precision)")
        return
    if report is not None:
        allowed = _GEOMETRY_BY_PRECISION[report.location_precision]
        if kind not in allowed:
            out.add("geometry", f"type {kind!r} does not fit location_precision {report.location_precision!r}, "
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
    if kind == "Point" and report is not None and report.has_point:
        lon, lat = coords
        if abs(lon - report.longitude) > 1e-6 or abs(lat - report.latitude) > 1e-6:
            out.add("geometry", f"point [{lon}, {lat}] differs from properties latitude {report.latitude}, "
                                f"longitude {report.longitude}; rebuild with `python -m geo build`")


def read_feature_collection(text: str, name: str, out_problems: list[Problem]) -> dict | None:
    """Parse GeoJSON text and check its top level; record problems and return None if unusable."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        out_problems.append(Problem(name, f"line {exc.lineno} column {exc.colno}", "",
                                    f"malformed JSON ({exc.msg}); the file must be a GeoJSON FeatureCollection"))
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        out_problems.append(Problem(name, "", "type", f"expected a GeoJSON FeatureCollection, got {got!r}"))
        return None
    if "crs" in data:
        out_problems.append(Problem(name, "", "crs", f"RFC 7946 GeoJSON has no 'crs' member (got {data['crs']!r}); "
                                    "coordinates are always WGS84 longitude, latitude: remove it"))
    if not isinstance(data.get("features"), list):
        out_problems.append(Problem(name, "", "features", f"must be an array, got {data.get('features')!r}"))
        return None
    return data


def reports_from_collection(data: dict, name: str, reference: Reference, published: bool,
                            problems: list[Problem]) -> list[Report]:
    """Check every feature of a FeatureCollection; return the reports of the valid ones.

    Parameters
    ----------
    published : bool
        Apply the rules of published layers too: exact key set, derived values, RFC 7946 geometry.
    """
    reports = []
    seen: dict[str, int] = {}
    layer_name = data.get("name")
    for index, feature in enumerate(data["features"], start=1):
        ident = feature.get("id") if isinstance(feature, dict) else None
        props = feature.get("properties") if isinstance(feature, dict) else None
        ident = ident if isinstance(ident, str) else (props or {}).get("id") if isinstance(props, dict) else None
        out = Collector(name, f"feature {index}" + (f" (id {ident!r})" if ident else ""))
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            out.add("type", f"expected a GeoJSON Feature, got {feature.get('type') if isinstance(feature, dict) else feature!r}")
            problems += out.problems
            continue
        report = report_from_properties(props, out, strict_keys=published)
        if report is not None:
            if published and feature.get("id") != report.id:
                out.add("id", f"feature id {feature.get('id')!r} differs from properties id {report.id!r}")
            if report.id in seen:
                out.add("id", f"{report.id!r} is used again (first in feature {seen[report.id]}); ids must be unique")
            seen.setdefault(report.id, index)
            for field, message in rules.check_report(report, reference):
                out.add(field, message)
            if published:
                expected = report.to_properties()
                for key in schema.DERIVED_KEYS:
                    if props.get(key) != expected[key]:
                        out.add(key, f"is {props.get(key)!r} but the report implies {expected[key]!r}; "
                                     "rebuild with `python -m geo build`")
                if layer_name in schema.LAYERS and report.layer != layer_name:
                    out.add("layer", f"report belongs to layer {report.layer!r}, not {layer_name!r}")
        if published:  # elsewhere the geometry is recomputed from the report's own fields
            check_geometry(feature.get("geometry"), report, out)
        problems += out.problems
        if report is not None and not out.problems:
            reports.append(report)
    # A one-area layer may answer reports of another layer: judge unknown ids only on a whole dataset.
    all_ids = None if layer_name in schema.LAYERS else set(seen)
    for report_id, field, message in rules.check_reports(reports, all_ids):
        problems.append(Problem(name, f"feature {seen[report_id]} (id {report_id!r})", field, message))
    return reports


def validate_layer_text(text: str, name: str, reference: Reference | None = None) -> list[Problem]:
    """Return every problem of a published layer's text (empty if it is valid)."""
    reference = reference or load_reference()
    problems: list[Problem] = []
    data = read_feature_collection(text, name, problems)
    if data is None:
        return problems
    if not isinstance(data.get("dataset_version"), str):
        problems.append(Problem(name, "", "dataset_version", "missing; published layers carry the dataset "
                                "version; rebuild with `python -m geo build`"))
    reports_from_collection(data, name, reference, published=True, problems=problems)
    return problems


def read_geojson_reports(text: str, name: str, reference: Reference | None = None) -> list[Report]:
    """Read reports from GeoJSON in the project's schema (a layer or an upload); raise `DataError`.

    Derived properties and the geometry may be missing or stale: they are recomputed from the
    report's own fields, so a hand-made file in the schema is accepted.
    """
    reference = reference or load_reference()
    problems: list[Problem] = []
    data = read_feature_collection(text, name, problems)
    reports = [] if data is None else reports_from_collection(data, name, reference, published=False, problems=problems)
    if problems:
        raise DataError(problems)
    return reports


def validate_paths(paths: list[str | Path], reference: Reference | None = None) -> list[Problem]:
    """Validate report tables (``*.csv``) and GeoJSON layers; return every problem found."""
    reference = reference or load_reference()
    problems: list[Problem] = []
    done_tables = set()
    for path in map(Path, paths):
        if path.suffix.lower() == ".csv":
            reports_path = path.with_name("reports.csv") if path.name == "sources.csv" else path
            if reports_path in done_tables:
                continue
            done_tables.add(reports_path)
            try:
                read_reports(reports_path, reference=reference)
            except DataError as exc:
                problems += exc.problems
        elif path.suffix.lower() in (".geojson", ".json"):
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                problems.append(Problem(display_path(path), "", "", "no such file"))
                continue
            except UnicodeDecodeError:
                problems.append(Problem(display_path(path), "", "", "is not UTF-8 text, as RFC 7946 requires"))
                continue
            problems += validate_layer_text(text, display_path(path), reference=reference)
        else:
            problems.append(Problem(display_path(path), "", "", "unknown kind of file; give a .csv report table or a "
                                    ".geojson layer"))
    return problems
