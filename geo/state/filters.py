"""Filtering reports by date, nationality, claim status and layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.model.geometry import drawn_as_regions
from geo.model.vocabulary import CLAIM_STATUS, LAYER, UNNAMED

DATE_RULE = ("Dates are the event's start date, or the date the claim was reported when the event date "
             "is unknown; a report is shown if any day it covers falls in the range (a month or a year "
             "covers all its days). Undated reports are shown when “include undated reports” is on.")


@dataclass(frozen=True)
class Filters:
    """One state of the filters. Empty tuples mean "none selected" (nothing matches)."""

    date_from: dt.date
    date_to: dt.date
    nationalities: tuple[str, ...]
    statuses: tuple[str, ...] = CLAIM_STATUS.values
    layers: tuple[str, ...] = LAYER.values
    undated: bool = True


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
    reports: tuple[int, ...] = ()  # how many reports each of `nationalities` has
    undated: int = 0  # how many reports are undated

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Options:
        counts = frame["nationality"].explode().dropna().value_counts()
        codes = sorted(counts.index, key=lambda code: (-counts[code], code))
        unnamed = mask_unnamed(frame)
        first, last = date_bounds(frame)
        regions = sorted(set(frame.loc[drawn_as_regions(frame), "admin1"]))
        extra = ((UNNAMED,), (int(unnamed.sum()),)) if unnamed.any() else ((), ())
        return cls(first, last, (*codes, *extra[0]), frozenset(frame["id"]), tuple(regions),
                   (*(int(counts[c]) for c in codes), *extra[1]), int(frame["date"].isna().sum()))

    def count(self, code: str) -> int:
        """How many reports name a nationality (or, for `UNNAMED`, name none by code or describe one)."""
        return dict(zip(self.nationalities, self.reports)).get(code, 0)

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
    """First and last day covered by any dated report (today's date if there is none)."""
    if frame["date"].isna().all():
        today = dt.date.today()
        return today, today
    return frame["date"].min().date(), frame["date_end"].max().date()


def filter_mask(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Which rows of `frame` pass `filters` (a boolean array).

    A report passes the date filter when its span [date, date_end] overlaps the range, or when it
    is undated and `Filters.undated` is on; the
    nationality filter when any of its codes is selected (or it describes a nationality with a
    label, or has no code, and `UNNAMED` is selected).
    """
    start = pd.Timestamp(filters.date_from)
    end = pd.Timestamp(filters.date_to)
    mask = ((frame["date"] <= end) & (frame["date_end"] >= start)).to_numpy()
    if filters.undated:
        mask = mask | frame["date"].isna().to_numpy()
    mask = mask & frame["claim_status"].isin(filters.statuses).to_numpy()
    mask = mask & frame["layer"].isin(filters.layers).to_numpy()
    wanted = set(filters.nationalities)
    nat = np.fromiter((not wanted.isdisjoint(codes) for codes in frame["nationality"]), dtype=bool, count=len(frame))
    if UNNAMED in wanted:
        nat |= mask_unnamed(frame)
    return mask & nat


def mask_unnamed(frame: pd.DataFrame) -> np.ndarray:
    """Reports the `UNNAMED` choice covers: a nationality described in words (or an aggregate), or none by code."""
    return ((frame["nationality_label"] != "") | (frame["nationality"].map(len) == 0)).to_numpy()


def filter_index(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Row positions of `frame` that pass `filters`, in order."""
    return np.flatnonzero(filter_mask(frame, filters))
