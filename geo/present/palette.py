"""Every colour and symbol of the map, the legend, the popups and the charts, defined once.

Colour says nationality (Okabe–Ito, safe for colour-blind readers); the symbol says how the claim
stands. The map's JavaScript takes the status order and symbols from `map_style` as data.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass
from html import escape

from geo.model.countries import country_name
from geo.model.vocabulary import CLAIM_STATUS, UNNAMED

#: Okabe–Ito colours for the nationalities reported most.
NATIONALITY_COLORS = {
    "KP": "#D55E00",  # vermillion
    "CN": "#0072B2",  # blue
    "PK": "#CC79A7",  # reddish purple
    "TJ": "#009E73",  # bluish green
    "UZ": "#E69F00",  # orange
}
#: Colours for other codes, chosen by a stable hash of the code.
FALLBACK_COLORS = ("#56B4E9", "#8C564B", "#17BECF", "#BCBD22", "#7F3C8D", "#11A579", "#3969AC", "#F2B701")
UNNAMED_COLOR = "#6B6B6B"
MIXED_COLOR = "#3A3A3A"
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
}


def nationality_color(code: str) -> str:
    """The colour of a nationality code (stable across datasets); grey for `UNNAMED`."""
    if code == UNNAMED:
        return UNNAMED_COLOR
    if code in NATIONALITY_COLORS:
        return NATIONALITY_COLORS[code]
    return FALLBACK_COLORS[zlib.crc32(code.encode("ascii", "replace")) % len(FALLBACK_COLORS)]


def map_style() -> dict:
    """What ``report_layer.js`` draws with: the statuses in order and each one's symbol."""
    return {"statuses": list(CLAIM_STATUS.values),
            "symbols": [asdict(STATUS_SYMBOLS[status]) for status in CLAIM_STATUS.values],
            "nationality": NATIONALITY}


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


def legend_html(nationalities: list[str], unnamed: bool) -> str:
    """The map legend: colour by nationality, symbol by claim status, shape by precision."""
    rows = ['<div class="report-legend">', "<h4>Nationality</h4>"]
    for code in nationalities:
        rows.append(f'<div><span class="sw" style="background:{nationality_color(code)}"></span>'
                    f"{escape(country_name(code))}</div>")
    if unnamed:
        rows.append(f'<div><span class="sw" style="background:{UNNAMED_COLOR}"></span>not named</div>')
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
