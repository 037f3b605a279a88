"""Shareable links: the page's state in URL query parameters, and back.

Query parameters are untrusted input. Every value is checked; a bad one falls back to its
default and produces a notice for the page, never an exception.

==========  ==============================================  ====================
parameter   meaning                                         example
==========  ==============================================  ====================
``from``    first day of the date range                     ``2024-10-01``
``to``      last day of the date range                      ``2025-04-30``
``nat``     nationalities, comma-separated                  ``KP,CN`` or ``none``
``status``  claim statuses, comma-separated                 ``claimed,denied``
``layer``   layers, comma-separated                         ``kursk,border``
``undated`` ``0``: leave out undated reports (default ``1``)  ``0``
``sel``     the selected report id, or ``region:<name>``    ``FT-026``
``lat``,    the map view: centre and zoom                   ``51.2``, ``35.3``,
``lon``,                                                    ``8``
``z``
==========  ==============================================  ====================

A parameter that is absent means "everything" (its default); ``none`` means an empty selection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from geo.model.vocabulary import UNNAMED
from geo.state.filters import Filters, Options

#: Longest value accepted for one parameter; longer values are ignored.
MAX_VALUE_LENGTH = 512
#: Zoom levels the map accepts from a link.
ZOOM_RANGE = (3, 18)
NONE = "none"
REGION_PREFIX = "region:"
PARAMETERS = ("from", "to", "nat", "status", "layer", "undated", "sel", "lat", "lon", "z")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAFE = re.compile(r"[^\w .:;,'()/-]")


@dataclass(frozen=True)
class View:
    """A map view: centre latitude and longitude, and zoom."""

    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class Selection:
    """What is selected on the map: one report (by id) or one region (by name)."""

    kind: str  # "report" or "region"
    key: str

    def to_param(self) -> str:
        """The ``sel`` parameter: the report id, or ``region:<name>``."""
        return self.key if self.kind == "report" else f"{REGION_PREFIX}{self.key}"

    @classmethod
    def from_param(cls, value: str, options: Options) -> Selection | None:
        """The selection a ``sel`` value names in this dataset, or None."""
        if value.startswith(REGION_PREFIX) and value[len(REGION_PREFIX):] in options.regions:
            return cls("region", value[len(REGION_PREFIX):])
        return cls("report", value) if value in options.ids else None


@dataclass(frozen=True)
class PageState:
    """The state a link carries, after checking; `notices` says what was ignored and why."""

    filters: Filters
    selection: Selection | None = None
    view: View | None = None
    notices: tuple[str, ...] = ()

    def to_params(self, defaults: Filters) -> dict[str, str]:
        """The query parameters of this state: only what differs from `defaults`."""
        return to_params(self.filters, defaults, self.selection, self.view)


def _shown(value: str, limit: int = 40) -> str:
    """A short, harmless rendering of an untrusted value for a notice."""
    text = _SAFE.sub("?", value[:limit])
    return repr(text + ("…" if len(value) > limit else ""))


def _values(params: Mapping[str, list[str]], key: str, notices: list[str]) -> list[str] | None:
    raw = params.get(key)
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = [raw]
    if any(len(value) > MAX_VALUE_LENGTH for value in raw):
        notices.append(f"Link parameter '{key}' is longer than {MAX_VALUE_LENGTH} characters and was ignored.")
        return None
    return list(raw)


def _parse_date(params, key: str, default: dt.date, low: dt.date, high: dt.date, notices: list[str]) -> dt.date:
    values = _values(params, key, notices)
    if not values:
        return default
    value = values[-1].strip()
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        notices.append(f"Link parameter '{key}' = {_shown(value)} is not a date (YYYY-MM-DD); "
                       f"using {default.isoformat()}.")
        return default
    if day < low or day > high:
        clamped = min(max(day, low), high)
        notices.append(f"Link parameter '{key}' = {day.isoformat()} is outside the data "
                       f"({low.isoformat()} to {high.isoformat()}); using {clamped.isoformat()}.")
        return clamped
    return day


def _parse_set(params, key: str, allowed: tuple[str, ...], default: tuple[str, ...],
               notices: list[str], normalize=str.strip) -> tuple[str, ...]:
    values = _values(params, key, notices)
    if values is None:
        return default
    raw = [item.strip() for value in values for item in value.split(",") if item.strip()]
    if [item.lower() for item in raw] == [NONE]:
        return ()
    items = [normalize(item) for item in raw]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        shown = ", ".join(_shown(item, 20) for item in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        notices.append(f"Link parameter '{key}': ignored unknown value(s) {shown}.")
    chosen = tuple(item for item in allowed if item in items)  # in the order of `allowed`
    if not chosen:
        notices.append(f"Link parameter '{key}' selects nothing known; showing all.")
        return default
    return chosen


def _parse_flag(params, key: str, default: bool, notices: list[str]) -> bool:
    values = _values(params, key, notices)
    if not values:
        return default
    value = values[-1].strip()
    if value in ("0", "1"):
        return value == "1"
    notices.append(f"Link parameter '{key}' = {_shown(value)} is neither 0 nor 1; using {int(default)}.")
    return default


def _parse_float(params, key: str, low: float, high: float, notices: list[str]) -> float | None:
    values = _values(params, key, notices)
    if not values:
        return None
    try:
        number = float(values[-1])
        if not low <= number <= high:
            raise ValueError
        return number
    except ValueError:
        notices.append(f"Link parameter '{key}' = {_shown(values[-1])} is not a number in {low:g}..{high:g}; ignored.")
        return None


def parse_params(params: Mapping[str, list[str] | str], options: Options) -> PageState:
    """Read the page's state from query parameters, falling back to the defaults of `options`.

    Parameters
    ----------
    params : mapping
        Parameter name to its values (a list, as ``st.query_params.get_all`` gives, or one string).
    options : Options
        What the dataset offers: its dates bound the accepted range, its nationalities, ids and
        regions are the values accepted.
    """
    notices: list[str] = []
    defaults = options.defaults
    unknown = [key for key in params if key not in PARAMETERS]
    if unknown:
        notices.append("Ignored unknown link parameter(s): " + ", ".join(_shown(k, 20) for k in unknown[:5]) + ".")
    low, high = defaults.date_from, defaults.date_to
    date_from = _parse_date(params, "from", low, low, high, notices)
    date_to = _parse_date(params, "to", high, low, high, notices)
    if date_from > date_to:
        notices.append(f"Link dates were reversed ({date_from.isoformat()} after {date_to.isoformat()}); swapped them.")
        date_from, date_to = date_to, date_from
    filters = dataclasses.replace(
        defaults,
        date_from=date_from,
        date_to=date_to,
        nationalities=_parse_set(params, "nat", options.nationalities, defaults.nationalities, notices,
                                 normalize=lambda s: s.strip() if s.strip() == UNNAMED else s.strip().upper()),
        statuses=_parse_set(params, "status", defaults.statuses, defaults.statuses, notices,
                            normalize=lambda s: s.strip().lower()),
        layers=_parse_set(params, "layer", defaults.layers, defaults.layers, notices,
                          normalize=lambda s: s.strip().lower()),
        undated=_parse_flag(params, "undated", defaults.undated, notices),
    )

    selection = None
    values = _values(params, "sel", notices)
    if values:
        value = values[-1].strip()
        selection = Selection.from_param(value, options)
        if selection is None:
            notices.append(f"Link parameter 'sel' = {_shown(value)} is not a report in this dataset; ignored.")
    return PageState(filters=filters, selection=selection, view=parse_view(params, notices), notices=tuple(notices))


def parse_view(params: Mapping[str, list[str] | str], notices: list[str] | None = None) -> View | None:
    """The map view of ``lat``, ``lon`` and ``z``, or None unless all three are valid."""
    notices = [] if notices is None else notices
    lat = _parse_float(params, "lat", -85, 85, notices)
    lon = _parse_float(params, "lon", -180, 180, notices)
    zoom = _parse_float(params, "z", *ZOOM_RANGE, notices)
    if lat is not None and lon is not None and zoom is not None:
        return View(round(lat, 5), round(lon, 5), int(zoom))
    if any(key in params for key in ("lat", "lon", "z")):
        notices.append("The map view was not restored: 'lat', 'lon' and 'z' must all be given and valid.")
    return None


def to_params(filters: Filters, defaults: Filters, selection: Selection | None = None,
              view: View | None = None) -> dict[str, str]:
    """Return the query parameters of a state: only what differs from `defaults`."""
    params: dict[str, str] = {}
    if filters.date_from != defaults.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to != defaults.date_to:
        params["to"] = filters.date_to.isoformat()
    for key, chosen, full in (("nat", filters.nationalities, defaults.nationalities),
                              ("status", filters.statuses, defaults.statuses),
                              ("layer", filters.layers, defaults.layers)):
        if set(chosen) != set(full):
            params[key] = ",".join(chosen) if chosen else NONE
    if filters.undated != defaults.undated:
        params["undated"] = str(int(filters.undated))
    if selection is not None:
        params["sel"] = selection.to_param()
    if view is not None:
        params.update(lat=f"{view.lat:.5f}".rstrip("0").rstrip("."),
                      lon=f"{view.lon:.5f}".rstrip("0").rstrip("."), z=str(view.zoom))
    return params
