"""The report schema: vocabularies, the `Report` and `Source` records, and property order.

One report is one claim made by one claimant at one time about the presence of
foreign troops. Conflicting claims are separate reports; they are never merged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.countries import country_names

# --- controlled vocabularies --------------------------------------------------------------------

#: Where a report belongs; each area except ``other`` has its own published layer.
AREAS = ("donetsk", "kursk", "border", "other")

#: How the claim stands, after ISW's distinction between assessed and claimed.
CLAIM_STATUSES = ("claimed", "corroborated", "acknowledged", "denied")

CLAIM_STATUS_MEANINGS = {
    "claimed": "asserted by one party and not independently confirmed",
    "corroborated": "confirmed by a second, independent party",
    "acknowledged": "admitted by the deploying or host state (North Korea, Russia)",
    "denied": "rejected by a party, usually the accused state",
}

#: How precisely the location is known, finest first (after ACLED's ``geo_precision``).
LOCATION_PRECISIONS = ("settlement", "district", "oblast", "country")

#: Precisions that are drawn as a point and therefore need coordinates.
POINT_PRECISIONS = ("settlement", "district")

#: What the ``count`` of a report counts.
COUNT_KINDS = ("troops", "captured", "casualties", "killed", "wounded", "recruited", "other")

#: How a figure was stated; empty means it was given as a plain number.
COUNT_QUALIFIERS = ("about", "at_least", "more_than", "up_to")

COUNT_QUALIFIER_LABELS = {
    "": "",
    "about": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
}

#: The columns of ``data/reports.csv``, in file order.
REPORT_COLUMNS = (
    "id",
    "reported_on",
    "event_start",
    "event_end",
    "nationality",
    "nationality_label",
    "area",
    "place_name",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "location_precision",
    "location_source",
    "count",
    "count_qualifier",
    "count_kind",
    "claim_status",
    "claimant",
    "claimant_country",
    "responds_to",
    "summary",
    "notes",
)

#: Columns that must not be empty.
REQUIRED_COLUMNS = (
    "id",
    "reported_on",
    "area",
    "location_precision",
    "claim_status",
    "claimant",
    "summary",
)

#: The columns of ``data/sources.csv``, in file order; the first source of a report is its primary.
SOURCE_COLUMNS = ("report_id", "url", "title", "outlet")

#: Separator of several values in one cell (nationality, claimant_country, responds_to).
LIST_SEPARATOR = ";"

#: Properties of every published feature, in output order. Every feature has every key.
PROPERTY_KEYS = (
    "id",
    "reported_on",
    "event_start",
    "event_end",
    "date",
    "date_end",
    "date_basis",
    "nationality",
    "nationality_names",
    "nationality_label",
    "area",
    "layer",
    "place_name",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "location_precision",
    "location_source",
    "count",
    "count_qualifier",
    "count_kind",
    "claim_status",
    "claimant",
    "claimant_country",
    "responds_to",
    "summary",
    "notes",
    "sources",
)

#: Properties computed from the others; a layer must hold exactly what the report implies.
DERIVED_KEYS = ("date", "date_end", "date_basis", "nationality_names", "layer")

#: The published layers: one per area, ``other`` for what those cannot hold, ``all`` for everything.
LAYERS = ("donetsk", "kursk", "border", "other")
ALL_LAYER = "all"


@dataclass(frozen=True)
class Source:
    """One published source of a report: a real http(s) URL, with title and outlet if known."""

    url: str
    title: str = ""
    outlet: str = ""

    def to_dict(self) -> dict[str, str]:
        """Return the source as a JSON-ready mapping with a stable key order."""
        return {"url": self.url, "title": self.title, "outlet": self.outlet}


@dataclass(frozen=True)
class Report:
    """One reported presence of foreign troops, as one claimant stated it.

    Unknown values are empty strings, ``None`` or empty tuples; nothing is filled in by guess.
    """

    id: str
    reported_on: dt.date
    area: str
    location_precision: str
    claim_status: str
    claimant: str
    summary: str
    sources: tuple[Source, ...]
    event_start: dt.date | None = None
    event_end: dt.date | None = None
    nationality: tuple[str, ...] = ()
    nationality_label: str = ""
    place_name: str = ""
    admin1: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    location_source: str = ""
    count: int | None = None
    count_qualifier: str = ""
    count_kind: str = ""
    claimant_country: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    notes: str = ""

    @property
    def date(self) -> dt.date:
        """The date the filters use: the event's start, else the day it was reported."""
        return self.event_start or self.reported_on

    @property
    def date_end(self) -> dt.date:
        """The last day the report covers: the event's end, else `date`."""
        return self.event_end or self.date

    @property
    def date_basis(self) -> str:
        """Which field `date` comes from: ``"event_start"`` or ``"reported_on"``."""
        return "event_start" if self.event_start else "reported_on"

    @property
    def layer(self) -> str:
        """The published layer: the area's, or ``other`` for area ``other`` and country-level reports."""
        if self.area == "other" or self.location_precision == "country":
            return "other"
        return self.area

    @property
    def has_point(self) -> bool:
        """Whether the report has coordinates and is drawn as a point."""
        return self.latitude is not None and self.longitude is not None

    def to_properties(self) -> dict:
        """Return the GeoJSON properties of the report, every key of `PROPERTY_KEYS` in order."""

        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "reported_on": iso(self.reported_on),
            "event_start": iso(self.event_start),
            "event_end": iso(self.event_end),
            "date": iso(self.date),
            "date_end": iso(self.date_end),
            "date_basis": self.date_basis,
            "nationality": LIST_SEPARATOR.join(self.nationality),
            "nationality_names": country_names(self.nationality),
            "nationality_label": self.nationality_label,
            "area": self.area,
            "layer": self.layer,
            "place_name": self.place_name,
            "admin1": self.admin1,
            "country": self.country,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "location_precision": self.location_precision,
            "location_source": self.location_source,
            "count": self.count,
            "count_qualifier": self.count_qualifier,
            "count_kind": self.count_kind,
            "claim_status": self.claim_status,
            "claimant": self.claimant,
            "claimant_country": LIST_SEPARATOR.join(self.claimant_country),
            "responds_to": LIST_SEPARATOR.join(self.responds_to),
            "summary": self.summary,
            "notes": self.notes,
            "sources": [source.to_dict() for source in self.sources],
        }


def format_coordinate(value: float) -> str:
    """Format a coordinate with at most six decimals and no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
