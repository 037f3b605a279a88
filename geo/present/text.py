"""How reports read: figures, dates, nationalities, places, sources and the filters, as plain text.

Nothing here is HTML: callers escape (`geo.present.popups`) or show it as text (tables, captions).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from geo.model.vocabulary import COUNT_QUALIFIER


def count_text(props: dict) -> str:
    """``"more than 5,000 casualties"``, or ``""`` when the report gives no figure."""
    if props.get("count") is None:
        return ""
    qualifier = props.get("count_qualifier") or ""
    prefix = f"{COUNT_QUALIFIER.label(qualifier)} " if qualifier else ""
    return f"{prefix}{props['count']:,} {props.get('count_kind') or ''}".strip()


def dates_text(props: dict) -> str:
    """``"event 2024-12-14 to 2024-12-15, reported 2024-12-16"``."""
    start, end, reported = props.get("event_start"), props.get("event_end"), props.get("reported_on")
    if start and end and end != start:
        event = f"event {start} to {end}, "
    elif start:
        event = f"event {start}, "
    else:
        event = ""
    return f"{event}reported {reported}"


def nationality_text(props: dict) -> str:
    """Names of the nationalities, with the label of an unnamed one."""
    parts = [props.get("nationality_names") or "", props.get("nationality_label") or ""]
    return "; ".join(part for part in parts if part) or "unknown"


def place_text(props: dict) -> str:
    """``"Sudzha, Kursk Oblast"``."""
    parts = [props.get("place_name") or "", props.get("admin1") or ""]
    if parts[0] == parts[1]:
        parts = parts[:1]
    return ", ".join(part for part in parts if part) or "place not given"


def source_label(source: dict) -> str:
    """The text of a source link: title and outlet if known, else the host name."""
    title, outlet = source.get("title") or "", source.get("outlet") or ""
    if title and outlet:
        return f"{title} ({outlet})"
    if title or outlet:
        return title or outlet
    try:
        return urlsplit(source.get("url") or "").netloc or "source"
    except ValueError:
        return "source"


def describe_filters(filters) -> str:
    """A one-line description of a filter state (for files and captions)."""
    nat = ", ".join(filters.nationalities) or "none"
    return (f"dates {filters.date_from.isoformat()} to {filters.date_to.isoformat()}; nationality {nat}; "
            f"claim status {', '.join(filters.statuses) or 'none'}; layers {', '.join(filters.layers) or 'none'}")


@dataclass(frozen=True)
class Drawn:
    """How the shown reports are drawn: as points, as region areas, or not at all (country level)."""

    shown: int
    total: int
    points: int
    area_reports: int
    regions: int
    undrawn: int

    def line(self) -> str:
        """The line above the map."""
        return (f"**Showing {self.shown} of {self.total} reports** — on the map: {self.points} as points, "
                f"{self.area_reports} as {self.regions} oblast-wide areas; {self.undrawn} known only to country "
                "level (listed below the map, not drawn).")


#: The About tab.
ABOUT = """
**What this is.** A map and dataset of *reported* presence of foreign troops in the Russia–Ukraine war
(Donetsk Oblast, Kursk Oblast and along the Russia–Ukraine border). Each report is one claim by one
claimant at one time, with its sources; conflicting figures stay separate and are never averaged.

**Symbols.** Colour = nationality. Filled circle = corroborated (confirmed by an independent party);
filled with a dark ring = acknowledged (admitted by the deploying or host state); hollow = claimed
(unconfirmed); grey, dashed and struck through = denied. A point is a settlement or district; a dashed
area means only the oblast is known (the report is somewhere in it). Country-level reports are not drawn.

**Filters.** Dates use the event's start date, falling back to the date the claim was reported; a report
spanning several days is shown if any day falls in the range. Nationality matches a report naming any of
the selected nationalities. The link in the address bar reproduces the filters, the selected report and
the map view; cite it with the dataset version shown at the top.

**Sources and licence.** Reports compiled from published reporting (every report links its sources);
reference geography from Natural Earth (public domain). Data CC BY 4.0; code MIT.
"""
