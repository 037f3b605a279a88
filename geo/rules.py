"""Rules a parsed `Report` must follow, alone and together with the other reports.

Each rule returns ``(field, message)`` pairs; the caller adds the file and the row or feature.
"""

from __future__ import annotations

import math

from shapely.geometry import Point
from shapely.ops import nearest_points

from geo.reference import Reference
from geo.schema import POINT_PRECISIONS, Report

#: How far outside its declared region a point may lie before it is refused, in km. The
#: reference polygons are generalized, so points near a boundary may fall just outside them.
POINT_TOLERANCE_KM = 5.0

#: How close to the Russia–Ukraine border a region must come to hold ``border`` reports, in km.
BORDER_REGION_KM = 2.0

#: The one region an area's reports may name (``border`` accepts any region along the border).
AREA_REGIONS = {"donetsk": "Donetsk Oblast", "kursk": "Kursk Oblast"}

_KM_PER_DEGREE = 111.32


def _distance_km(point: Point, geometry) -> float:
    """Approximate distance in km from `point` to `geometry` (fine at these latitudes)."""
    if geometry.contains(point):
        return 0.0
    nearest = nearest_points(geometry, point)[0]
    dx_scale = math.cos(math.radians(point.y))
    dx = (nearest.x - point.x) * dx_scale
    dy = nearest.y - point.y
    return math.hypot(dx, dy) * _KM_PER_DEGREE


_BORDER_REGIONS: dict[str, list[str]] = {}


def border_regions(reference: Reference) -> list[str]:
    """Names of the reference regions that reach the Russia–Ukraine land border (cached)."""
    if reference.version not in _BORDER_REGIONS:
        limit = BORDER_REGION_KM / _KM_PER_DEGREE
        _BORDER_REGIONS[reference.version] = sorted(
            name for name, region in reference.admin1.items() if region.geometry.distance(reference.border) <= limit)
    return _BORDER_REGIONS[reference.version]


def check_report(report: Report, reference: Reference) -> list[tuple[str, str]]:
    """Check the rules that concern one report alone."""
    problems = []
    add = lambda field, message: problems.append((field, message))  # noqa: E731

    # dates
    if report.event_end and not report.event_start:
        add("event_end", f"{report.event_end.isoformat()!r} is given without event_start; give the "
                         "start too (the same day for a one-day event)")
    if report.event_start and report.event_end and report.event_end < report.event_start:
        add("event_end", f"{report.event_end.isoformat()!r} is before event_start "
                         f"{report.event_start.isoformat()!r}; swap them or correct one")
    if report.event_start and report.event_start > report.reported_on:
        add("event_start", f"{report.event_start.isoformat()!r} is after reported_on "
                           f"{report.reported_on.isoformat()!r}; a report cannot describe an event that "
                           "begins after it was published; check both dates")

    # who
    if not report.nationality and not report.nationality_label:
        add("nationality", "is empty and so is nationality_label; give ISO 3166-1 alpha-2 codes "
                           "(e.g. 'KP') or describe an unnamed nationality in nationality_label")
    if report.id in report.responds_to:
        add("responds_to", f"{report.id!r} names the report itself; give the id of the claim it answers")

    # figures
    if report.count is None and report.count_qualifier:
        add("count_qualifier", f"{report.count_qualifier!r} is given without a count; clear it or give the count")
    if report.count is not None and report.count_kind in ("", "other"):
        add("count_kind", f"{report.count_kind!r} does not say what count {report.count} counts; use one of "
                          "troops, captured, casualties, killed, wounded, recruited")

    problems += _check_location(report, reference)
    return problems


def _check_location(report: Report, reference: Reference) -> list[tuple[str, str]]:
    problems = []
    add = lambda field, message: problems.append((field, message))  # noqa: E731
    precision = report.location_precision
    has_lat, has_lon = report.latitude is not None, report.longitude is not None

    if has_lat != has_lon:
        add("latitude" if not has_lat else "longitude", "is empty but the other coordinate is given; "
            "give both latitude and longitude, or neither")
    if has_lat and has_lon and precision not in POINT_PRECISIONS:
        add("location_precision", f"{precision!r} but latitude/longitude are given; a point needs "
                                  "'settlement' or 'district' precision; otherwise remove the coordinates")
    if precision in POINT_PRECISIONS and not (has_lat and has_lon):
        add("location_precision", f"{precision!r} needs latitude and longitude from a gazetteer; give "
                                  "them, or set the precision to 'oblast' to draw the whole region")

    region = None
    if report.admin1:
        region = reference.admin1.get(report.admin1)
        if region is None:
            add("admin1", f"{report.admin1!r} is not a region of the reference geography; use one of "
                          f"{', '.join(map(repr, sorted(reference.admin1)))} (or add the region to "
                          "geo/reference.py and re-derive)")
    elif precision == "oblast" or precision in POINT_PRECISIONS:
        add("admin1", f"is empty but location_precision is {precision!r}; name the region "
                      "(e.g. 'Kursk Oblast') so it can be drawn and checked")

    if region is not None:
        if report.country and report.country != region.country:
            add("country", f"{report.country!r} but admin1 {report.admin1!r} is in {region.country!r}; "
                           "correct one of them")
        elif not report.country:
            add("country", f"is empty; admin1 {report.admin1!r} is in {region.country!r}: write "
                           f"{region.country!r}")
        expected = AREA_REGIONS.get(report.area)
        if expected and report.admin1 != expected:
            add("area", f"{report.area!r} holds reports in {expected!r}, but admin1 is {report.admin1!r}; "
                        "use area 'border' or 'other', or correct admin1")
        if report.area == "border" and report.admin1 not in border_regions(reference):
            add("area", f"'border' holds reports in regions along the Russia–Ukraine border "
                        f"({', '.join(border_regions(reference))}), but admin1 is {report.admin1!r}; "
                        "use area 'other'")

    if region is not None and has_lat and has_lon:
        point = Point(report.longitude, report.latitude)
        distance = _distance_km(point, region.geometry)
        if distance > POINT_TOLERANCE_KM:
            swapped = Point(report.latitude, report.longitude)
            hint = ("; swapped, it would fall inside: swap latitude and longitude?"
                    if region.geometry.distance(swapped) * _KM_PER_DEGREE <= POINT_TOLERANCE_KM
                    else "; check the coordinates against a gazetteer")
            add("latitude/longitude", f"point ({report.latitude}, {report.longitude}) lies {distance:.0f} km "
                                      f"outside admin1 {report.admin1!r}{hint}")
    return problems


def check_reports(reports: list[Report], all_ids: set[str] | None) -> list[tuple[str, str, str]]:
    """Check rules between reports; return ``(report id, field, message)`` triples.

    Parameters
    ----------
    reports : list of Report
        The reports that passed the single-report rules.
    all_ids : set of str or None
        Every id of the dataset, including rows that failed other rules; None when only part of
        the dataset is at hand (one area's layer), so that unknown ids cannot be judged.
    """
    by_id = {report.id: report for report in reports}
    problems = []
    for report in reports:
        for target in report.responds_to:
            if target == report.id:
                continue
            if all_ids is not None and target not in all_ids:
                problems.append((report.id, "responds_to", f"{target!r} matches no report id; give the id "
                                                            "of the claim this report answers"))
            elif target in by_id and by_id[target].reported_on > report.reported_on:
                problems.append((report.id, "responds_to", f"{target!r} was reported on "
                                 f"{by_id[target].reported_on.isoformat()}, after this report "
                                 f"({report.reported_on.isoformat()}); a report can only answer an earlier one"))
    return problems
