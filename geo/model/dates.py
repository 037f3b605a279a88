"""Dates as reports give them: a day (``2025-04-08``), a month (``2023-09``) or a year (``2024``).

A date is kept as written; what it covers is a span of days, from its first to its last day
(``2023-09`` covers 1–30 September 2023). Comparisons and filters use the span, so no day is
ever invented for a month or a year.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Precision of a date, by the length of its text.
PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
#: The precision of an empty date.
UNDATED = ""

_NAT = np.datetime64("NaT", "D")


def _parts(column: pa.Array, start: int, length: int) -> np.ndarray:
    part = pc.utf8_slice_codeunits(column, start, start + length)
    number = pc.cast(pc.if_else(pc.match_substring_regex(part, r"^[0-9]+$"), part, pa.scalar(None, pa.string())),
                     pa.int64())
    return pc.fill_null(number, 1).to_numpy(zero_copy_only=False)


def spans(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """First and last day covered by each date (``datetime64[D]``; NaT where empty).

    The values must be valid dates in one of the three forms (`geo.rules` checks that first).
    Computed once per distinct value.
    """
    column = pc.fill_null(column, "")
    distinct = pc.unique(column)
    first, last = _spans(distinct)
    index = pc.index_in(column, value_set=distinct).to_numpy(zero_copy_only=False)
    return first[index], last[index]


def _spans(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    length = pc.utf8_length(column).to_numpy(zero_copy_only=False)
    year, month, day = _parts(column, 0, 4), _parts(column, 5, 2), _parts(column, 8, 2)
    month = np.where(length >= 7, month, 1)
    day = np.where(length >= 10, day, 1)
    years = (year - 1970).astype("datetime64[Y]")
    first = (years.astype("datetime64[M]") + (month - 1)).astype("datetime64[D]") + (day - 1)
    last = np.where(length == 10, first,
                    np.where(length == 7, (years.astype("datetime64[M]") + month).astype("datetime64[D]") - 1,
                             (years + 1).astype("datetime64[D]") - 1))
    empty = length == 0
    return np.where(empty, _NAT, first), np.where(empty, _NAT, last.astype("datetime64[D]"))


def precisions(column: pa.Array) -> pa.Array:
    """``day``, ``month`` or ``year`` for each date; ``""`` where it is empty."""
    length = pc.utf8_length(pc.fill_null(column, ""))
    return pc.if_else(pc.equal(length, 10), "day",
                      pc.if_else(pc.equal(length, 7), "month", pc.if_else(pc.equal(length, 4), "year", UNDATED)))
