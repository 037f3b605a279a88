"""Every colour and symbol of the map, the legend, the popups and the charts, defined once.

Colour says nationality (Okabe–Ito, safe for colour-blind readers); the symbol says how the claim
stands. The map's JavaScript takes the status order and symbols from `map_style` as data.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from html import escape

from geo.model.countries import country_name
from geo.model.vocabulary import CLAIM_STATUS, UNNAMED

#: Colours of the nationalities reported most, in rank order (Okabe–Ito first: safe for colour-blind
#: readers); every other nationality shares `OTHER_COLOR`, and the legend names them.
RANKED_COLORS = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#8C564B", "#7F3C8D")
OTHER_COLOR = "#B0A99F"
UNNAMED_COLOR = "#6B6B6B"
MIXED_COLOR = "#4A4A4A"
#: Stands for "the report's nationality colour" in a symbol.
NATIONALITY = "nationality"
#: The grey the legend draws symbols in.
LEGEND_GREY = "#555"


@dataclass(frozen=True)
class Symbol:
    """How a claim status is drawn: fill and outline (a CSS colour or `NATIONALITY`), outline width and dash,
    a stroke through the point, and the status's colour in charts."""

    fill: str
    stroke: str
    width: float
    dash: tuple[int, ...] = ()
    strike: bool = False
    chart: str = ""


STATUS_SYMBOLS = {
    "claimed": Symbol(fill="rgba(255,255,255,0.9)", stroke=NATIONALITY, width=2.5, chart="#9E9E9E"),
    "corroborated": Symbol(fill=NATIONALITY, stroke="#fff", width=1, chart="#2B6CB0"),
    "acknowledged": Symbol(fill=NATIONALITY, stroke="#222", width=2.5, chart="#1B1B1B"),
    "denied": Symbol(fill="rgba(190,190,190,0.9)", stroke=NATIONALITY, width=2, dash=(3, 2), strike=True,
                     chart="#D9534F"),
    "no_comment": Symbol(fill="rgba(255,255,255,0.9)", stroke=NATIONALITY, width=2, dash=(1, 2), chart="#B58900"),
}


@dataclass(frozen=True)
class ColourKey:
    """Which nationality has which colour in one dataset: its most reported ones one each, the rest one shared.

    Made from the whole dataset's ranking (`colour_key`), so a nationality keeps its colour
    whatever the filters show.
    """

    own: tuple[tuple[str, str], ...]  # (code, colour), most reported first
    others: tuple[str, ...]  # codes drawn in `OTHER_COLOR`, most reported first

    def __call__(self, code: str) -> str:
        if code == UNNAMED:
            return UNNAMED_COLOR
        return dict(self.own).get(code, OTHER_COLOR)


@functools.lru_cache(maxsize=32)
def colour_key(ranked: tuple[str, ...]) -> ColourKey:
    """The colour key of nationality codes ranked by number of reports (most first)."""
    own = tuple(zip(ranked, RANKED_COLORS))
    return ColourKey(own=own, others=tuple(ranked[len(own):]))


#: How opaque a region's area is: more reports, darker, up to a limit (the basemap stays readable).
AREA_OPACITY = {"base": 0.10, "step": 0.05, "max": 0.32}


def area_opacity(n: int) -> float:
    """The fill opacity of a region drawn for `n` reports."""
    return min(AREA_OPACITY["base"] + AREA_OPACITY["step"] * math.log2(1 + n), AREA_OPACITY["max"])


def map_style() -> dict:
    """What ``report_layer.js`` draws with: the statuses in order, each one's symbol, the areas' opacity."""
    return {"statuses": list(CLAIM_STATUS.values),
            "symbols": [asdict(STATUS_SYMBOLS[status]) for status in CLAIM_STATUS.values],
            "nationality": NATIONALITY, "area": AREA_OPACITY}


def status_chart_colors() -> tuple[list[str], list[str]]:
    """Status labels and their chart colours, in vocabulary order."""
    return ([CLAIM_STATUS.label(s) for s in CLAIM_STATUS.values],
            [STATUS_SYMBOLS[s].chart for s in CLAIM_STATUS.values])


def _swatch(symbol: Symbol) -> str:
    fill = LEGEND_GREY if symbol.fill == NATIONALITY else symbol.fill
    stroke = LEGEND_GREY if symbol.stroke == NATIONALITY else symbol.stroke
    style = "dashed" if symbol.dash else "solid"
    return f"background:{fill};border:{max(1, round(symbol.width))}px {style} {stroke}"


def status_css() -> str:
    """The popups' status badges (``.rp-claimed`` …), in the symbols' colours."""
    rules = []
    for status, symbol in STATUS_SYMBOLS.items():
        filled = symbol.fill == NATIONALITY
        rules.append(f".rp-{status} {{ background: {'#2b2b2b' if filled else '#fff'}; color: {'#fff' if filled else '#222'};"
                     f" border: 1px {'dashed' if symbol.dash else 'solid'} #555;"
                     f"{' text-decoration: line-through;' if symbol.strike else ''}"
                     f"{' outline: 2px solid #999;' if filled and symbol.width > 2 else ''} }}")
    return "\n".join(rules)


def legend_html(colours: ColourKey, unnamed: bool) -> str:
    """The map legend: colour by nationality, symbol by claim status, shape by precision."""
    rows = ['<div class="report-legend">', "<h4>Nationality</h4>"]
    for code, colour in colours.own:
        rows.append(f'<div><span class="sw" style="background:{colour}"></span>{escape(country_name(code))}</div>')
    if colours.others:
        names = ", ".join(country_name(code) for code in colours.others)
        rows.append(f'<div><span class="sw" style="background:{OTHER_COLOR}"></span>{len(colours.others)} other '
                    f'nationalities<div class="others">{escape(names)}</div></div>')
    if unnamed:
        rows.append(f'<div><span class="sw" style="background:{UNNAMED_COLOR}"></span>not named / aggregate</div>')
    rows.append(f'<div><span class="sw" style="background:{MIXED_COLOR}"></span>several (areas)</div>')
    rows.append("<h4>Claim status</h4>")
    for status in CLAIM_STATUS.values:
        rows.append(f'<div><span class="sw" style="{_swatch(STATUS_SYMBOLS[status])}"></span>'
                    f"{escape(CLAIM_STATUS.label(status).lower())}</div>")
    rows += [
        "<h4>Location</h4>",
        f'<div><span class="sw" style="background:{LEGEND_GREY}"></span>settlement or district</div>',
        '<div><span class="area"></span>only the oblast is known</div>',
        "</div>",
    ]
    return "".join(rows)
