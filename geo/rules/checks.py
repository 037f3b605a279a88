"""The rules between fields of one report: the second half of the rulebook.

Each `Check` says, for a whole table at once, which reports break it, and for each of those
(found in a table whose fields are each valid, see `geo.rules.fields`) what to tell the user. To add
a rule, add a `Check` to `CHECKS`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from geo.model.dates import spans
from geo.model.report import LIST_SEPARATOR
from geo.model.vocabulary import COUNT_KIND, POINT_PRECISIONS
from geo.reference import Reference
from geo.rules.kinds import as_bool, integers, numbers

#: How far outside its declared region a point may lie before it is refused, in km. The
#: reference polygons are generalized, so points near a boundary may fall just outside them.
POINT_TOLERANCE_KM = 5.0
#: How close to the Russia–Ukraine border a region must come to hold ``border`` reports, in km.
BORDER_REGION_KM = 2.0
#: The one region an area's reports may name (``border`` accepts any region along the border).
AREA_REGIONS = {"donetsk": "Donetsk Oblast", "kursk": "Kursk Oblast"}

_KM_PER_DEGREE = 111.32
_FIGURE_KINDS = ", ".join(kind for kind in COUNT_KIND.values if kind != "other")


def distance_km(lon: float, lat: float, geometry) -> float:
    """Approximate distance in km from a point to `geometry` (fine at these latitudes)."""
    point = Point(lon, lat)
    if geometry.contains(point):
        return 0.0
    nearest = nearest_points(geometry, point)[0]
    return math.hypot((nearest.x - lon) * math.cos(math.radians(lat)), nearest.y - lat) * _KM_PER_DEGREE


_BORDER_REGIONS: dict[str, tuple[str, ...]] = {}


def border_regions(reference: Reference) -> tuple[str, ...]:
    """Names of the reference regions that reach the Russia–Ukraine land border (cached per reference)."""
    if reference.version not in _BORDER_REGIONS:
        limit = BORDER_REGION_KM / _KM_PER_DEGREE
        _BORDER_REGIONS[reference.version] = tuple(sorted(
            name for name, region in reference.admin1.items() if region.geometry.distance(reference.border) <= limit))
    return _BORDER_REGIONS[reference.version]


class Table:
    """The columns a check reads: text, emptiness, parsed numbers and dates (each made once)."""

    def __init__(self, text: dict[str, pa.Array], reference: Reference, fields_ok: np.ndarray):
        self.text = text
        self.reference = reference
        self.fields_ok = fields_ok  # rows whose every field is valid: the only ones checks judge
        self.n = len(text["id"])

    def empty(self, key: str) -> np.ndarray:
        return self._empty[key]

    @functools.cached_property
    def _empty(self) -> dict[str, np.ndarray]:
        return {key: as_bool(pc.equal(column, "")) for key, column in self.text.items()}

    def equal(self, key: str, value: str) -> np.ndarray:
        return as_bool(pc.equal(self.text[key], value))

    def one_of(self, key: str, values) -> np.ndarray:
        return as_bool(pc.is_in(self.text[key], value_set=pa.array(list(values), pa.string())))

    @functools.cached_property
    def lat(self) -> np.ndarray:
        return numbers(self.text["latitude"])

    @functools.cached_property
    def lon(self) -> np.ndarray:
        return numbers(self.text["longitude"])

    @functools.cached_property
    def has_point(self) -> np.ndarray:
        return ~self.empty("latitude") & ~self.empty("longitude")

    @functools.cached_property
    def region_known(self) -> np.ndarray:
        return self.one_of("admin1", self.reference.admin1)

    @functools.cache
    def span(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        return spans(self.text[key])

    @functools.cached_property
    def outside(self) -> np.ndarray:
        """Points that lie outside their declared region by more than the tolerance."""
        bad = np.zeros(self.n, dtype=bool)
        admin1 = self.text["admin1"].to_numpy(zero_copy_only=False)
        for name, region in self.reference.admin1.items():
            rows = np.flatnonzero((admin1 == name) & self.has_point & self.fields_ok)
            if not len(rows):
                continue
            inside = shapely.contains_xy(region.geometry, self.lon[rows], self.lat[rows])
            for row in rows[~inside]:
                bad[row] = distance_km(self.lon[row], self.lat[row], region.geometry) > POINT_TOLERANCE_KM
        return bad


@dataclass(frozen=True)
class Check:
    """One rule between fields: which rows break it, and the message for one that does.

    ``field`` is the field the message names, or a function of the row that returns it.
    ``message(row, table)`` gets the row's cells as a dict of text.
    """

    field: str | Callable[[dict], str]
    fails: Callable[[Table], np.ndarray]
    message: Callable[[dict, Table], str]

    def field_of(self, row: dict) -> str:
        return self.field(row) if callable(self.field) else self.field


def _answers_itself(t: Table) -> np.ndarray:
    bad = np.zeros(t.n, dtype=bool)
    rows = np.flatnonzero(~t.empty("responds_to"))
    ids, targets = t.text["id"].take(rows).to_pylist(), t.text["responds_to"].take(rows).to_pylist()
    bad[rows] = [ident in value.split(LIST_SEPARATOR) for ident, value in zip(ids, targets)]
    return bad


def _outside_message(row: dict, t: Table) -> str:
    lat, lon = float(row["latitude"]), float(row["longitude"])
    region = t.reference.admin1[row["admin1"]].geometry
    swapped = distance_km(lat, lon, region) <= POINT_TOLERANCE_KM
    hint = ("; swapped, it would fall inside: swap latitude and longitude?" if swapped
            else "; check the coordinates against a gazetteer")
    return (f"point ({row['latitude']}, {row['longitude']}) lies {distance_km(lon, lat, region):.0f} km "
            f"outside admin1 {row['admin1']!r}{hint}")


def _country_of(row: dict, t: Table) -> str:
    return t.reference.admin1[row["admin1"]].country


CHECKS = (
    # dates
    Check("event_end", lambda t: ~t.empty("event_end") & t.empty("event_start"),
          lambda r, t: f"{r['event_end']!r} is given without event_start; give the start too (the same day "
                       "for a one-day event)"),
    Check("event_end", lambda t: ~t.empty("event_end") & ~t.empty("event_start")
          & (t.span("event_end")[1] < t.span("event_start")[0]),
          lambda r, t: f"{r['event_end']!r} is before event_start {r['event_start']!r}; swap them or correct one"),
    Check("event_start", lambda t: ~t.empty("event_start") & ~t.empty("reported_on")
          & (t.span("event_start")[0] > t.span("reported_on")[1]),
          lambda r, t: f"{r['event_start']!r} is after reported_on {r['reported_on']!r}; a report cannot "
                       "describe an event that begins after it was published; check both dates"),
    # who
    Check("nationality", lambda t: t.empty("nationality") & t.empty("nationality_label"),
          lambda r, t: "is empty and so is nationality_label; give ISO 3166-1 alpha-2 codes (e.g. 'KP') or "
                       "describe an unnamed nationality in nationality_label"),
    Check("responds_to", _answers_itself,
          lambda r, t: f"{r['id']!r} names the report itself; give the id of the claim it answers"),
    # figures
    Check("count_qualifier", lambda t: t.empty("count") & ~t.empty("count_qualifier"),
          lambda r, t: f"{r['count_qualifier']!r} is given without a count; clear it or give the count"),
    Check("count_kind", lambda t: ~t.empty("count") & t.empty("count_kind"),
          lambda r, t: f"'' does not say what count {int(r['count'])} counts; use one of {_FIGURE_KINDS}, or "
                       "'other' and say what it counts in count_label"),
    Check("count_label", lambda t: ~t.empty("count") & t.equal("count_kind", "other") & t.empty("count_label"),
          lambda r, t: f"is empty but count_kind is 'other'; say in a few words what {int(r['count'])} counts "
                       "(e.g. 'people convicted')"),
    Check("count_label", lambda t: t.empty("count") & ~t.empty("count_label"),
          lambda r, t: f"{r['count_label']!r} is given without a count; clear it or give the count"),
    Check("count_max", lambda t: t.equal("count_qualifier", "range") & ~t.empty("count") & t.empty("count_max"),
          lambda r, t: "is empty but count_qualifier is 'range'; give the upper end of the range"),
    Check("count_max", lambda t: ~t.empty("count_max") & ~t.equal("count_qualifier", "range"),
          lambda r, t: f"{r['count_max']!r} is given but count_qualifier is {r['count_qualifier']!r}; a figure "
                       "with an upper end has count_qualifier 'range'"),
    Check("count_max", lambda t: t.equal("count_qualifier", "range") & ~t.empty("count_max") & ~t.empty("count")
          & ~(integers(t.text["count_max"]) > integers(t.text["count"])),
          lambda r, t: f"{r['count_max']!r} is not above count {r['count']!r}; a range goes from count up to "
                       "count_max"),
    # location
    Check(lambda r: "latitude" if not r["latitude"] else "longitude",
          lambda t: t.empty("latitude") != t.empty("longitude"),
          lambda r, t: "is empty but the other coordinate is given; give both latitude and longitude, or neither"),
    Check("location_precision", lambda t: t.has_point & ~t.one_of("location_precision", POINT_PRECISIONS),
          lambda r, t: f"{r['location_precision']!r} but latitude/longitude are given; a point needs "
                       "'settlement' or 'district' precision; otherwise remove the coordinates"),
    Check("location_precision", lambda t: ~t.has_point & t.one_of("location_precision", POINT_PRECISIONS),
          lambda r, t: f"{r['location_precision']!r} needs latitude and longitude from a gazetteer; give them, "
                       "or set the precision to 'oblast' to draw the whole region"),
    Check("admin1", lambda t: ~t.empty("admin1") & ~t.region_known,
          lambda r, t: f"{r['admin1']!r} is not a region of the reference geography; use one of "
                       f"{', '.join(map(repr, sorted(t.reference.admin1)))} (or add the region to "
                       "geo/derive/reference.py and re-derive)"),
    Check("admin1", lambda t: t.empty("admin1") & t.one_of("location_precision", ("oblast", *POINT_PRECISIONS)),
          lambda r, t: f"is empty but location_precision is {r['location_precision']!r}; name the region "
                       "(e.g. 'Kursk Oblast') so it can be drawn and checked"),
    Check("country", lambda t: t.region_known & ~t.empty("country") & (
        t.text["country"].to_numpy(zero_copy_only=False)
        != np.array([t.reference.admin1[a].country if k else "" for a, k in
                     zip(t.text["admin1"].to_pylist(), t.region_known)], dtype=object)),
          lambda r, t: f"{r['country']!r} but admin1 {r['admin1']!r} is in {_country_of(r, t)!r}; correct one "
                       "of them"),
    Check("country", lambda t: t.region_known & t.empty("country"),
          lambda r, t: f"is empty; admin1 {r['admin1']!r} is in {_country_of(r, t)!r}: write {_country_of(r, t)!r}"),
    Check("area", lambda t: t.region_known & functools.reduce(np.logical_or, [
        t.equal("area", area) & ~t.equal("admin1", region) for area, region in AREA_REGIONS.items()]),
          lambda r, t: f"{r['area']!r} holds reports in {AREA_REGIONS[r['area']]!r}, but admin1 is "
                       f"{r['admin1']!r}; use area 'border' or 'other', or correct admin1"),
    Check("area", lambda t: t.region_known & t.equal("area", "border") & ~t.one_of("admin1", border_regions(t.reference)),
          lambda r, t: f"'border' holds reports in regions along the Russia–Ukraine border "
                       f"({', '.join(border_regions(t.reference))}), but admin1 is {r['admin1']!r}; use area 'other'"),
    Check("latitude/longitude", lambda t: t.region_known & t.has_point & t.outside, _outside_message),
)
