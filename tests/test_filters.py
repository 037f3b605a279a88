"""geo/filters.py: date overlap, nationality (with unnamed ones), status and layer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.dataset import load_dataset
from geo.filters import UNNAMED, date_bounds, default_filters, filter_index

DATASET = load_dataset()
FRAME = DATASET.frame
DEFAULTS = default_filters(FRAME, DATASET.nationalities, DATASET.has_unnamed_nationality)


def ids(**changes) -> set[str]:
    return set(FRAME.iloc[filter_index(FRAME, dataclasses.replace(DEFAULTS, **changes))]["id"])


def test_defaults_show_everything():
    assert len(filter_index(FRAME, DEFAULTS)) == len(FRAME)
    assert date_bounds(FRAME) == (DEFAULTS.date_from, DEFAULTS.date_to)


def test_date_range_uses_event_date_then_reported_date():
    # FT-001: event 2024-10-03, reported 2024-10-04. FT-002: no event date, reported 2024-10-10.
    day = dict(date_from=dt.date(2024, 10, 3), date_to=dt.date(2024, 10, 3))
    assert "FT-001" in ids(**day) and "FT-002" not in ids(**day)
    assert "FT-002" in ids(date_from=dt.date(2024, 10, 10), date_to=dt.date(2024, 10, 10))


def test_a_span_overlapping_the_range_is_shown():
    # FT-036 covers 2023-06-01 .. 2024-05-31 (recruitment in Moscow).
    assert "FT-036" in ids(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31))
    assert "FT-036" not in ids(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 6, 30))


@pytest.mark.parametrize(("nationalities", "expected_in", "expected_out"), [
    (("CN",), {"FT-029", "FT-044"}, {"FT-026", "FT-045"}),
    (("PK",), {"FT-045", "FT-046"}, {"FT-044"}),
    ((UNNAMED,), {"FT-037", "FT-045"}, {"FT-026"}),
    ((), set(), {"FT-026"}),
])
def test_nationality(nationalities, expected_in, expected_out):
    shown = ids(nationalities=nationalities)
    assert expected_in <= shown and not (expected_out & shown)


def test_status_and_layer():
    assert ids(statuses=("denied",)) == set(FRAME.loc[FRAME["claim_status"] == "denied", "id"])
    assert ids(layers=("border",)) == set(FRAME.loc[FRAME["layer"] == "border", "id"])
    assert ids(statuses=()) == set()
