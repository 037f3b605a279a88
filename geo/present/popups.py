"""Escaped HTML of a report's popup, a region's popup and the details panel, and the page's CSS.

Every string from the data passes through `html.escape` before it becomes HTML, and only
http(s) URLs (`geo.rules.kinds.is_http_url`) become links.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from geo.model.vocabulary import CLAIM_STATUS, LOCATION_PRECISION
from geo.present.palette import status_css
from geo.present.text import count_text, date_text, dates_text, nationality_text, place_text, source_label
from geo.rules.kinds import is_http_url

#: Styles of the page around the map: on a phone the title block is compact, so the map is on the first screen.
PAGE_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stMain"] .block-container { padding-top: 3.9rem; padding-left: 0.8rem; padding-right: 0.8rem; }
  [data-testid="stMain"] [data-testid="stHeading"] h2 { font-size: 1.2rem; line-height: 1.25; padding: 0 0 0.2rem; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 0.78rem; }
  [data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: 0.85rem; }
}
</style>
"""

#: Most report lines listed in a region's popup.
REGION_LIST_LIMIT = 60

#: Styles of popups, the details panel and the legend.
MAP_CSS = """
<style>
.report-hover { cursor: pointer; }
.leaflet-container { background: #d7e6ef; }
.leaflet-tooltip.town-label { background: transparent; border: none; box-shadow: none; padding: 0 2px;
  font: 11px/1.2 system-ui, sans-serif; color: #333;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.leaflet-tooltip.town-label::before { display: none; }
.rp { font: 13px/1.35 system-ui, sans-serif; max-width: 340px; }
.rp-head { margin-bottom: 2px; }
.rp-id { color: #666; font-size: 11px; }
.rp-place { font-weight: 600; }
.rp-meta { color: #555; font-size: 12px; }
.rp p, .rp div, .rp li { font-size: 13px; }
.rp-summary { margin: 6px 0; }
.rp-notes { margin: 6px 0; color: #444; font-size: 12px; }
.rp ul { margin: 2px 0 0 16px; padding: 0; }
.rp-status { border-radius: 3px; padding: 0 4px; font-size: 11px; font-weight: 600; }
""" + status_css() + """
.rp-region details { margin: 3px 0; }
.rp-region summary { cursor: pointer; }
.report-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.4 system-ui, sans-serif; max-width: 260px; }
.report-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; box-sizing: border-box; }
.report-legend .area { display: inline-block; width: 16px; height: 10px; margin-right: 5px;
  border: 2px dashed #444; background: rgba(60,60,60,0.2); vertical-align: -1px; }
.report-legend h4 { margin: 4px 0 2px; font-size: 12px; }
.report-legend .others { color: #555; font-size: 11px; margin-left: 16px; max-width: 220px; }
.report-legend-control { background: rgba(255,255,255,0.94); border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  max-height: 60vh; overflow-y: auto; }
.report-legend-control .report-legend { background: none; }
.report-legend-control.collapsed .legend-body { display: none; }
.legend-toggle { font: 600 12px system-ui, sans-serif; border: none; background: none; padding: 5px 8px;
  cursor: pointer; width: 100%; text-align: left; }
.legend-toggle::after { content: " ▾"; }
.collapsed .legend-toggle::after { content: " ▸"; }
.report-caption { background: rgba(255,255,255,0.92); padding: 3px 7px; border-radius: 3px;
  font: 12px/1.35 system-ui, sans-serif; color: #222; max-width: min(520px, calc(100vw - 140px)); }
.report-caption:empty { display: none; }
@media (max-width: 560px) { .report-caption { font-size: 10.5px; max-width: calc(100vw - 110px); } }
.report-fit a { font-size: 16px; line-height: 30px; text-decoration: none; }
.leaflet-popup-content { max-width: calc(100vw - 90px); }
.rp { max-width: min(340px, calc(100vw - 100px)); }
.rp-group ul { list-style: none; margin: 4px 0 0; padding: 0; max-height: 260px; overflow-y: auto; }
.rp-pick { display: block; width: 100%; text-align: left; font: 12px/1.3 system-ui, sans-serif; margin: 2px 0;
  padding: 4px 6px; border: 1px solid #ccc; border-radius: 3px; background: #f6f6f6; cursor: pointer; }
.rp-pick:hover, .rp-pick:focus { background: #e6eef7; border-color: #6a8fb8; }
</style>
"""


def sources_html(sources: list[dict]) -> str:
    """An HTML list of source links; a non-http(s) URL is shown as text, never linked."""
    items = []
    for source in sources or []:
        label = escape(source_label(source))
        url = source.get("url")
        if is_http_url(url):
            items.append(f'<li><a href="{escape(url, quote=True)}" target="_blank" '
                         f'rel="noopener noreferrer nofollow">{label}</a></li>')
        else:
            items.append(f"<li>{label} (link withheld: not http(s))</li>")
    return "<ul>" + "".join(items) + "</ul>"


def popup_html(props: dict) -> str:
    """The popup of one report: every value escaped, sources as http(s) links only."""
    status = props.get("claim_status") or ""
    figure = count_text(props)
    rows = [
        f'<div class="rp-head"><span class="rp-status rp-{escape(status)}">{escape(CLAIM_STATUS.label(status))}'
        f'</span> <span class="rp-id">{escape(props.get("id") or "")}</span></div>',
        f'<div class="rp-place">{escape(place_text(props))}</div>',
        f'<div class="rp-meta">{escape(LOCATION_PRECISION.label(props.get("location_precision") or ""))}</div>',
        f'<div class="rp-meta">{escape(dates_text(props))}</div>',
        f'<div><b>Nationality:</b> {escape(nationality_text(props))}</div>',
    ]
    if figure:
        rows.append(f"<div><b>Figure:</b> {escape(figure)}</div>")
    rows.append(f"<div><b>Claimed by:</b> {escape(props.get('claimant') or '')}</div>")
    if props.get("responds_to"):
        rows.append(f"<div><b>Responds to:</b> {escape(props['responds_to'])}</div>")
    rows.append(f'<p class="rp-summary">{escape(props.get("summary") or "")}</p>')
    if props.get("notes"):
        rows.append(f'<p class="rp-notes"><b>Notes:</b> {escape(props["notes"])}</p>')
    rows.append("<div><b>Sources:</b>" + sources_html(props.get("sources") or []) + "</div>")
    return '<div class="rp">' + "".join(rows) + "</div>"


def _region_line(props: dict) -> str:
    parts = [date_text(props.get("date")), CLAIM_STATUS.label(props.get("claim_status") or ""), nationality_text(props)]
    figure = count_text(props)
    if figure:
        parts.append(figure)
    return f"{props.get('id')} · " + " · ".join(parts) + f" — {props.get('claimant') or ''}"


def region_html(name: str, listed: list[dict], n: int, statuses: Counter, detailed: bool) -> str:
    """The popup of a region: how many reports it holds, and the first of them (expandable when detailed).

    Parameters
    ----------
    listed : list of dict
        Properties of the first reports (at most `REGION_LIST_LIMIT`), in order.
    n : int
        How many reports the region holds.
    statuses : collections.Counter
        Reports per claim status.
    """
    breakdown = ", ".join(f"{statuses[s]} {CLAIM_STATUS.label(s).lower()}" for s in CLAIM_STATUS.values if statuses[s])
    rows = [f'<div class="rp rp-region"><div class="rp-place">{escape(name)}</div>',
            f'<div class="rp-meta">{n} report{"s" if n != 1 else ""} located only to this region '
            f"(drawn as the whole region, not a point): {escape(breakdown)}</div>"]
    for props in listed[:REGION_LIST_LIMIT]:
        line = escape(_region_line(props))
        if detailed:
            rows.append(f"<details><summary>{line}</summary>{popup_html(props)}</details>")
        else:
            rows.append(f"<div>{line}</div>")
    if n > REGION_LIST_LIMIT:
        rows.append(f"<div><i>and {n - REGION_LIST_LIMIT:,} more: see the table below the map.</i></div>")
    return "".join(rows) + "</div>"
