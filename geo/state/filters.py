"""Filtering reports by date, nationality, claim status and layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.model.vocabulary import CLAIM_STATUS, LAYER, UNNAMED

DATE_RULE = ("Dates are the event's start date, or the date the claim was reported when the event date "
             "is unknown; a report whose event spans several days is shown if any of its days falls in range.")


@dataclass(frozen=True)
class Filters:
    """One state of the filters. Empty tuples mean "none selected" (nothing matches)."""

    date_from: dt.date
    date_to: dt.date
    nationalities: tuple[str, ...]
    statuses: tuple[str, ...] = CLAIM_STATUS.values
    layers: tuple[str, ...] = LAYER.values


@dataclass(frozen=True)
class Options:
    """What a dataset offers to filter and select: its date range, nationalities, ids and regions.

    ``nationalities`` are ISO codes, most reported first, then `UNNAMED` if any report names no country.
    """

    date_from: dt.date
    date_to: dt.date
    nationalities: tuple[str, ...]
    ids: frozenset[str]
    regions: tuple[str, ...]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Options:
        counts = frame["nationality"].explode().dropna().value_counts()
        codes = sorted(counts.index, key=lambda code: (-counts[code], code))
        unnamed = (UNNAMED,) if (frame["nationality_label"] != "").any() else ()
        first, last = date_bounds(frame)
        regions = sorted(set(frame.loc[(frame["location_precision"] == "oblast") & frame["latitude"].isna(), "admin1"]))
        return cls(first, last, (*codes, *unnamed), frozenset(frame["id"]), tuple(regions))

    @property
    def codes(self) -> list[str]:
        """The ISO codes, most reported first (no `UNNAMED`)."""
        return [code for code in self.nationalities if code != UNNAMED]

    @property
    def has_unnamed(self) -> bool:
        """Whether any report names a nationality without a country code."""
        return UNNAMED in self.nationalities

    @property
    def defaults(self) -> Filters:
        """The filters that show every report."""
        return Filters(self.date_from, self.date_to, self.nationalities)


def date_bounds(frame: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last day covered by any report (today's date if there is none)."""
    if frame.empty:
        today = dt.date.today()
        return today, today
    return frame["date"].min().date(), frame["date_end"].max().date()


def filter_mask(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Which rows of `frame` pass `filters` (a boolean array).

    A report passes the date filter when its span [date, date_end] overlaps the range; the
    nationality filter when any of its codes is selected (or it describes a nationality with a
    label, or has no code, and `UNNAMED` is selected).
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
