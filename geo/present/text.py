"""How reports read: figures, dates, nationalities, places, sources and the filters, as plain text.

Nothing here is HTML: callers escape (`geo.present.popups`) or show it as text (tables, captions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from geo.model.vocabulary import COUNT_QUALIFIER


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def count_text(props: dict) -> str:
    """``"more than 5,000 casualties"``, ``"3,000–4,000 killed"``; ``""`` when the report gives no figure.

    A figure of kind ``other`` says what it counts with its ``count_label``.
    """
    count = props.get("count")
    if count is None or count != count:  # None or NaN
        return ""
    qualifier = props.get("count_qualifier") or ""
    kind = props.get("count_kind") or ""
    what = (props.get("count_label") or "") if kind == "other" else kind
    high = props.get("count_max")
    if qualifier == "range" and high is not None and high == high:
        figure = f"{int(count):,}–{int(high):,}"
    else:
        figure = (f"{COUNT_QUALIFIER.label(qualifier)} " if qualifier else "") + f"{int(count):,}"
    return f"{figure} {what}".strip()


def date_text(value: str | None) -> str:
    """A date as precisely as it is known: ``"8 April 2025"``, ``"September 2023"``, ``"2024"``, ``"undated"``."""
    if not value:
        return "undated"
    if len(value) == 4:
        return value
    month = MONTHS[int(value[5:7]) - 1]
    return f"{month} {value[:4]}" if len(value) == 7 else f"{int(value[8:10])} {month} {value[:4]}"


def dates_text(props: dict) -> str:
    """``"event 14 to 15 December 2024, reported 16 December 2024"`` (as precisely as each date is known)."""
    start, end, reported = props.get("event_start"), props.get("event_end"), props.get("reported_on")
    if start and end and end != start:
        event = f"event {date_text(start)} to {date_text(end)}, "
    elif start:
        event = f"event {date_text(start)}, "
    else:
        event = ""
    return f"{event}reported {date_text(reported)}" if reported else f"{event}date of the report unknown"


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


#: An invisible character that keeps Markdown from reading a web address or an e-mail in text as a link.
_NO_LINK = "\u2060"


def plain(text: str) -> str:
    """Text from outside (a link, a file name, a path) to place in Markdown as it is: no link, no emphasis,
    no emoji shortcode. Every ASCII punctuation mark is escaped (as CommonMark allows), and an invisible
    word joiner follows ``:`` and ``@`` and splits ``www.``, so that no address becomes a link."""
    text = re.sub(r"(?i)(www)(\.)", r"\1" + _NO_LINK + r"\2", text)
    text = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)
    return text.replace("\\:", "\\:" + _NO_LINK).replace("\\@", "\\@" + _NO_LINK)


def problem_table(error, limit: int):
    """The first `limit` problems of a `geo.errors.DataError` as a table (file, where, field, problem)."""
    import pandas as pd

    rows = [{"File": p.file, "Where": p.where, "Field": p.field, "Problem": p.message} for p in error.problems[:limit]]
    return pd.DataFrame(rows, columns=["File", "Where", "Field", "Problem"])


def describe_filters(filters) -> str:
    """A one-line description of a filter state (for files and captions)."""
    nat = ", ".join(filters.nationalities) or "none"
    return (f"dates {filters.date_from.isoformat()} to {filters.date_to.isoformat()}; nationality {nat}; "
            f"claim status {', '.join(filters.statuses) or 'none'}; layers {', '.join(filters.layers) or 'none'}")


def caption(filters, options, shown: int) -> str:
    """What the map shows, in one line of plain text (the map's caption, the picture's subtitle)."""
    from geo.model.countries import country_name
    from geo.model.vocabulary import CLAIM_STATUS, UNNAMED, UNNAMED_LABEL

    def listing(chosen, everything, name, label):
        if set(chosen) == set(everything):
            return f"all {name}"
        if not chosen:
            return f"no {name}"
        names = [label(value) for value in chosen]
        return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")

    dates = f"{date_text(filters.date_from.isoformat())} – {date_text(filters.date_to.isoformat())}"
    if options.undated:
        dates += " and undated reports" if filters.undated else " (undated reports left out)"
    nationalities = listing(filters.nationalities, options.nationalities, "nationalities",
                            lambda c: UNNAMED_LABEL.lower() if c == UNNAMED else country_name(c))
    statuses = listing(filters.statuses, CLAIM_STATUS.values, "claim statuses",
                       lambda s: CLAIM_STATUS.label(s).lower())
    total = len(options.ids)
    return f"{shown} of {total} reports · {dates} · {nationalities} · {statuses}"


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

**Symbols.** Colour = nationality (one each for the most reported, one shared colour for the others; the
legend names them). Filled circle = corroborated (confirmed by an independent party); filled with a dark
ring = acknowledged (admitted by the deploying or host state); hollow = claimed (unconfirmed); grey,
dashed and struck through = denied; hollow and dotted = no comment (neither confirmed nor denied). A
point is a settlement or district; a dashed area means only the oblast is known (the report is somewhere
in it). Country-level reports are not drawn.

**Dates.** A date is as precise as its source: a day, a month ("September 2023") or a year; some reports
are undated. Dates use the event's start, falling back to the date the claim was reported; a report is
shown if any day it covers falls in the range (a month covers all its days), and undated reports are
shown while "Include undated reports" is on.

**Filters.** Nationality matches a report naming any of the selected nationalities; "not named /
aggregate" covers reports of, e.g., "an African man" or "foreigners from 128 countries". The link in the
address bar reproduces the filters, the selected report and the map view; cite it with the dataset
version shown at the top.

**Sources and licence.** Reports compiled from published reporting (every report links its sources);
reference geography from Natural Earth (public domain). Data CC BY 4.0; code MIT.
"""
