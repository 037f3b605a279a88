"""geo/state/link.py: link parameters are parsed strictly, fall back with notices, and round-trip."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from geo.state.filters import Options
from geo.state.link import MAX_VALUE_LENGTH, PageState, Selection, View, parse_params, to_params

OPTIONS = Options(dt.date(2024, 1, 1), dt.date(2025, 12, 31), ("KP", "CN", "unnamed"),
                  frozenset({"FT-001", "FT-026"}), ("Kursk Oblast",))
DEFAULTS = OPTIONS.defaults


def parse(params):
    return parse_params(params, OPTIONS)


def test_no_parameters_give_the_defaults():
    state = parse({})
    assert state == PageState(DEFAULTS)


VALID = [
    ({"from": ["2025-01-01"]}, dataclasses.replace(DEFAULTS, date_from=dt.date(2025, 1, 1))),
    ({"to": "2025-02-01"}, dataclasses.replace(DEFAULTS, date_to=dt.date(2025, 2, 1))),
    ({"nat": ["cn"]}, dataclasses.replace(DEFAULTS, nationalities=("CN",))),
    ({"nat": ["CN", "KP"]}, dataclasses.replace(DEFAULTS, nationalities=("KP", "CN"))),
    ({"nat": "none"}, dataclasses.replace(DEFAULTS, nationalities=())),
    ({"nat": "unnamed"}, dataclasses.replace(DEFAULTS, nationalities=("unnamed",))),
    ({"status": "Denied,claimed"}, dataclasses.replace(DEFAULTS, statuses=("claimed", "denied"))),
    ({"layer": "kursk"}, dataclasses.replace(DEFAULTS, layers=("kursk",))),
    ({"undated": "0"}, dataclasses.replace(DEFAULTS, undated=False)),
    ({"status": "no_comment"}, dataclasses.replace(DEFAULTS, statuses=("no_comment",))),
]


@pytest.mark.parametrize(("params", "expected"), VALID)
def test_valid_parameters(params, expected):
    state = parse(params)
    assert state.filters == expected and state.notices == ()


INVALID = [
    ({"from": "2025-13-01"}, r"'from' = '2025-13-01' is not a date \(YYYY-MM-DD\); using 2024-01-01"),
    ({"from": "<script>"}, r"'from' = '\?script\?' is not a date"),
    ({"to": "1999-01-01"}, r"'to' = 1999-01-01 is outside the data \(2024-01-01 to 2025-12-31\); using 2024-01-01"),
    ({"nat": "XX"}, r"'nat': ignored unknown value\(s\) 'XX'"),
    ({"nat": "XX"}, r"'nat' selects nothing known; showing all"),
    ({"status": "rumour"}, r"'status': ignored unknown value\(s\) 'rumour'"),
    ({"layer": "A" * (MAX_VALUE_LENGTH + 1)}, r"'layer' is longer than 512 characters and was ignored"),
    ({"sel": "FT-404"}, r"'sel' = 'FT-404' is not a report in this dataset"),
    ({"sel": "region:Atlantis"}, r"'sel' = 'region:Atlantis' is not a report"),
    ({"lat": "91", "lon": "35", "z": "7"}, r"'lat' = '91' is not a number in -85..85"),
    ({"lat": "51", "lon": "35", "z": "nan"}, r"'z' = 'nan' is not a number in 3..18"),
    ({"lat": "51"}, r"The map view was not restored"),
    ({"x": "1"}, r"Ignored unknown link parameter\(s\): 'x'"),
    ({"undated": "maybe"}, r"'undated' = 'maybe' is neither 0 nor 1; using 1"),
    ({"from": "2025-05-01", "to": "2025-01-01"}, r"Link dates were reversed .*; swapped them"),
]


@pytest.mark.parametrize(("params", "notice"), INVALID)
def test_invalid_parameters_fall_back_with_a_notice(params, notice):
    import re

    state = parse(params)
    assert any(re.search(notice, n) for n in state.notices), state.notices


def test_fallbacks_keep_the_other_parameters():
    state = parse({"from": "garbage", "nat": "CN"})
    assert state.filters.date_from == DEFAULTS.date_from and state.filters.nationalities == ("CN",)


def test_reversed_dates_are_swapped():
    state = parse({"from": "2025-05-01", "to": "2025-01-01"})
    assert (state.filters.date_from, state.filters.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 5, 1))


def test_selection_and_view():
    state = parse({"sel": "region:Kursk Oblast", "lat": "51.2", "lon": "35.3", "z": "8"})
    assert state.selection == Selection("region", "Kursk Oblast") and state.view == View(51.2, 35.3, 8)
    assert parse({"sel": "FT-026"}).selection == Selection("report", "FT-026")


def test_notices_never_echo_markup():
    state = parse({"nat": "<img src=x onerror=alert(1)>", "from": "</p><script>"})
    assert all("<" not in n and ">" not in n for n in state.notices)


ROUND_TRIP = [
    DEFAULTS,
    dataclasses.replace(DEFAULTS, date_from=dt.date(2025, 3, 1), nationalities=("CN",)),
    dataclasses.replace(DEFAULTS, statuses=(), layers=("border", "other")),
    dataclasses.replace(DEFAULTS, nationalities=("unnamed",), date_to=dt.date(2025, 1, 31)),
    dataclasses.replace(DEFAULTS, undated=False, statuses=("denied", "no_comment")),
]


@pytest.mark.parametrize("filters", ROUND_TRIP)
def test_round_trip(filters):
    for selection in (Selection("report", "FT-026"), Selection("region", "Kursk Oblast")):
        state = PageState(filters, selection, View(51.19139, 35.27056, 9))
        params = state.to_params(DEFAULTS)
        assert parse({key: [value] for key, value in params.items()}) == state


def test_defaults_make_a_short_link():
    assert to_params(DEFAULTS, DEFAULTS) == {}
