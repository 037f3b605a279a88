"""geo/present/palette.py: a colour each for the most reported nationalities, one shared colour for the rest."""

from __future__ import annotations

from geo.model.vocabulary import CLAIM_STATUS, UNNAMED
from geo.present.palette import (OTHER_COLOR, RANKED_COLORS, STATUS_SYMBOLS, UNNAMED_COLOR, colour_key, legend_html,
                                 map_style)

RANKED = tuple(f"{a}{b}" for a in "ABCDEFG" for b in "AB")[:12]  # twelve codes, most reported first


def test_the_most_reported_get_distinct_colours_and_the_rest_share_one():
    key = colour_key(RANKED)
    own = [key(code) for code in RANKED[:len(RANKED_COLORS)]]
    assert len(set(own)) == len(RANKED_COLORS) and OTHER_COLOR not in own
    assert {key(code) for code in RANKED[len(RANKED_COLORS):]} == {OTHER_COLOR}
    assert key.others == RANKED[len(RANKED_COLORS):]
    assert key(UNNAMED) == UNNAMED_COLOR and key("ZZ") == OTHER_COLOR


def test_the_legend_names_the_nationalities_that_share_a_colour():
    html = legend_html(colour_key(("KP", "CN", "NP", "CU", "IN", "UZ", "LK", "KE", "TJ", "KG")), unnamed=True)
    assert "North Korea" in html and "Kenya" in html
    assert "2 other nationalities" in html and "Tajikistan, Kyrgyzstan" in html
    assert "not named / aggregate" in html


def test_every_status_has_a_symbol_the_map_receives_in_order():
    style = map_style()
    assert style["statuses"] == list(CLAIM_STATUS.values) and set(STATUS_SYMBOLS) == set(CLAIM_STATUS.values)
    assert len({str(symbol) for symbol in style["symbols"]}) == len(CLAIM_STATUS)  # each one looks different
    assert "no comment" in legend_html(colour_key(()), unnamed=False)
