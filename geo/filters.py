"""Filtering reports by date, nationality, claim status and layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.schema import CLAIM_STATUSES, LAYERS

#: The nationality filter's value for reports whose nationality has no country code.
UNNAMED = "unnamed"

DATE_RULE = ("Dates are the event's start date, or the date the claim was reported when the event date "
             "is unknown; a report whose event spans several days is shown if any of its days falls in range.")


@dataclass(frozen=True)
class Filters:
    """One state of the filters. Empty tuples mean "none selected" (nothing matches)."""

    date_from: dt.date
    date_to: dt.date
    nationalities: tuple[str, ...]
    statuses: tuple[str, ...] = CLAIM_STATUSES
    layers: tuple[str, ...] = LAYERS


def default_filters(frame: pd.DataFrame, nationalities: list[str], unnamed: bool) -> Filters:
    """The filters that show every report of `frame`."""
    first, last = date_bounds(frame)
    return Filters(first, last, tuple(nationalities) + ((UNNAMED,) if unnamed else ()))


def date_bounds(frame: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last day covered by any report (today's date if there is none)."""
    if frame.empty:
        today = dt.date.today()
        return today, today
    return frame["date"].min().date(), frame["date_end"].max().date()


def filter_mask(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Return a boolean array: which rows of `frame` pass `filters`.

    A report passes the date filter when its span [date, date_end] overlaps the range; the
    nationality filter when any of its codes is selected (or it has only an unnamed nationality
    and ``"unnamed"`` is selected).
    """
    start = pd.Timestamp(filters.date_from)
    end = pd.Timestamp(filters.date_to)
    mask = ((frame["date"] <= end) & (frame["date_end"] >= start)).to_numpy()
    mask = mask & frame["claim_status"].isin(filters.statuses).to_numpy()
    mask = mask & frame["layer"].isin(filters.layers).to_numpy()
    wanted = set(filters.nationalities)
    include_unnamed = UNNAMED in wanted
    nat = np.fromiter(
        ((not wanted.isdisjoint(codes)) or (include_unnamed and (not codes or label != ""))
         for codes, label in zip(frame["nationality"], frame["nationality_label"])),
        dtype=bool, count=len(frame))
    return mask & nat


def filter_index(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Row positions of `frame` that pass `filters`, in order."""
    return np.flatnonzero(filter_mask(frame, filters))
