"""geo/state/filters.py: date overlap, nationality (with unnamed ones), status and layer (on the fixture)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.dataset import load_dataset
from geo.model.vocabulary import UNNAMED
from geo.state.filters import Options, date_bounds, filter_index
from tests.support import FIXTURE_REPORTS

FRAME = load_dataset(FIXTURE_REPORTS).frame
OPTIONS = Options.of(FRAME)
DEFAULTS = OPTIONS.defaults


def ids(**changes) -> set[str]:
    return set(FRAME.iloc[filter_index(FRAME, dataclasses.replace(DEFAULTS, **changes))]["id"])


def test_defaults_show_everything():
    assert len(filter_index(FRAME, DEFAULTS)) == len(FRAME)
    assert date_bounds(FRAME) == (DEFAULTS.date_from, DEFAULTS.date_to)


def test_date_range_uses_event_date_then_reported_date():
    # T-2: event 2024-11-01 .. 2025-03-01, reported 2025-03-27. T-1: no event date, reported 2025-03-18.
    day = dict(date_from=dt.date(2024, 11, 1), date_to=dt.date(2024, 11, 1))
    assert "T-2" in ids(**day) and "T-1" not in ids(**day)
    assert "T-1" in ids(date_from=dt.date(2025, 3, 18), date_to=dt.date(2025, 3, 18))
    assert "T-2" not in ids(date_from=dt.date(2025, 3, 27), date_to=dt.date(2025, 3, 27))


def test_a_span_overlapping_the_range_is_shown():
    assert "T-2" in ids(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 31))
    assert "T-2" not in ids(date_from=dt.date(2025, 3, 2), date_to=dt.date(2025, 3, 17))


@pytest.mark.parametrize(("nationalities", "expected"), [
    (("CN",), {"T-3", "T-4", "T-6", "T-9"}),
    (("PK",), {"T-7"}),
    ((UNNAMED,), {"T-5", "T-8"}),
    ((), set()),
])
def test_nationality(nationalities, expected):
    assert ids(nationalities=nationalities) == expected


def test_undated_reports_are_a_choice_and_a_month_is_its_whole_span():
    assert "T-8" in ids(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 2))
    assert "T-8" not in ids(undated=False)
    assert "T-9" in ids(date_from=dt.date(2024, 9, 30), date_to=dt.date(2024, 9, 30))
    assert "T-9" not in ids(date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 31))
    assert DEFAULTS.date_from == dt.date(2024, 9, 1)  # the first day of the month-only date


def test_options_list_what_the_data_has():
    assert OPTIONS.nationalities[:2] == ("CN", "KP") and OPTIONS.nationalities[-1] == UNNAMED
    assert set(OPTIONS.nationalities) == {"CN", "KP", "TJ", "UZ", "PK", UNNAMED}
    assert OPTIONS.ids == frozenset(FRAME["id"])
    assert OPTIONS.regions == ("Donetsk Oblast", "Kharkiv Oblast", "Kursk Oblast", "Moscow", "Sumy Oblast")


def test_status_and_layer():
    assert ids(statuses=("denied",)) == set(FRAME.loc[FRAME["claim_status"] == "denied", "id"])
    assert ids(layers=("border",)) == set(FRAME.loc[FRAME["layer"] == "border", "id"])
    assert ids(statuses=()) == set()
