"""How reports read on the page: labels, figures, dates and escaped popup HTML.

Every string from the data passes through `html.escape` before it becomes HTML, and only
http(s) URLs become links.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from geo.schema import CLAIM_STATUS_MEANINGS, COUNT_QUALIFIER_LABELS

STATUS_LABELS = {
    "claimed": "Claimed",
    "corroborated": "Corroborated",
    "acknowledged": "Acknowledged",
    "denied": "Denied",
}

PRECISION_LABELS = {
    "settlement": "settlement (point)",
    "district": "district (point)",
    "oblast": "oblast-wide (somewhere in the region)",
    "country": "country-wide (not drawn)",
}

#: Styles of popups, the details panel and the legend.
MAP_CSS = """
<style>
.report-hover { cursor: pointer; }
.leaflet-container { background: #d7e6ef; }
.town-label { background: transparent; border: none; box-shadow: none; padding: 0 2px;
  font: 11px/1.2 system-ui, sans-serif; color: #333;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.town-label::before { display: none; }
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
.rp-claimed { border: 1px solid #555; }
.rp-corroborated { background: #2b2b2b; color: #fff; }
.rp-acknowledged { background: #2b2b2b; color: #fff; outline: 2px solid #999; }
.rp-denied { background: #ccc; text-decoration: line-through; }
.rp-region details { margin: 3px 0; }
.rp-region summary { cursor: pointer; }
.report-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.4 system-ui, sans-serif; max-width: 260px; }
.report-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; box-sizing: border-box; }
.report-legend .area { display: inline-block; width: 16px; height: 10px; margin-right: 5px;
  border: 2px dashed #444; background: rgba(60,60,60,0.2); vertical-align: -1px; }
.report-legend h4 { margin: 4px 0 2px; font-size: 12px; }
</style>
"""

LAYER_LABELS = {
    "donetsk": "Donetsk Oblast",
    "kursk": "Kursk Oblast",
    "border": "Russia–Ukraine border",
    "other": "Elsewhere / country-level",
}


def is_http_url(url: object) -> bool:
    """Whether `url` is an absolute http(s) URL, the only kind rendered as a link."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def source_label(source: dict) -> str:
    """The text of a source link: title and outlet if known, else the host name (plain text)."""
    title, outlet = source.get("title") or "", source.get("outlet") or ""
    if title and outlet:
        return f"{title} ({outlet})"
    if title or outlet:
        return title or outlet
    try:
        return urlsplit(source.get("url") or "").netloc or "source"
    except ValueError:
        return "source"


def count_text(props: dict) -> str:
    """``"more than 5000 casualties"``, or ``""`` when the report gives no figure."""
    if props.get("count") is None:
        return ""
    qualifier = COUNT_QUALIFIER_LABELS.get(props.get("count_qualifier") or "", "")
    return f"{qualifier}{props['count']:,} {props.get('count_kind') or ''}".strip()


def dates_text(props: dict) -> str:
    """``"event 2024-12-14 to 2024-12-15, reported 2024-12-16"``."""
    start, end, reported = props.get("event_start"), props.get("event_end"), props.get("reported_on")
    if start and end and end != start:
        event = f"event {start} to {end}, "
    elif start:
        event = f"event {start}, "
    else:
        event = ""
    return f"{event}reported {reported}"


def nationality_text(props: dict) -> str:
    """Names of the nationalities, with the label of an unnamed one."""
    parts = [props.get("nationality_names") or "", props.get("nationality_label") or ""]
    return "; ".join(part for part in parts if part) or "unknown"


def place_text(props: dict) -> str:
    """``"Sudzha, Kursk Oblast"``."""
    parts = [props.get("place_name") or "", props.get("admin1") or ""]
    if parts[0] == parts[1]:
        parts = parts[:1]
    return ", ".join(part for part in parts if part) or "place not given"


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
        f'<div class="rp-head"><span class="rp-status rp-{escape(status)}">{escape(STATUS_LABELS.get(status, status))}'
        f'</span> <span class="rp-id">{escape(props.get("id") or "")}</span></div>',
        f'<div class="rp-place">{escape(place_text(props))}</div>',
        f'<div class="rp-meta">{escape(PRECISION_LABELS.get(props.get("location_precision"), ""))}</div>',
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


def status_meaning(status: str) -> str:
    """One line on what a claim status means."""
    return CLAIM_STATUS_MEANINGS.get(status, "")


def first_link(sources: list[dict]) -> str | None:
    """The first http(s) source URL, or None."""
    return next((s["url"] for s in sources or [] if is_http_url(s.get("url"))), None)


def report_table(frame):
    """The reports of `frame` (rows of a dataset's frame, `geo.columns.frame_from_table`) as a readable table.

    Cells hold plain text (a table shows them as text, never as HTML); the source column holds
    only http(s) URLs.
    """
    import pandas as pd

    columns = ["ID", "Date", "Nationality", "Place", "Precision", "Status", "Figure", "Claimed by", "Summary",
               "Source", "Sources"]
    if frame.empty:
        return pd.DataFrame(columns=columns)

    def texts(function, *keys):
        return [function(dict(zip(keys, values))) for values in zip(*(frame[key].tolist() for key in keys))]

    counts = [None if pd.isna(value) else int(value) for value in frame["count"]]
    return pd.DataFrame({
        "ID": frame["id"].tolist(),
        "Date": frame["date"].dt.strftime("%Y-%m-%d").tolist(),
        "Nationality": texts(nationality_text, "nationality_names", "nationality_label"),
        "Place": texts(place_text, "place_name", "admin1"),
        "Precision": frame["location_precision"].tolist(),
        "Status": [STATUS_LABELS.get(status, status) for status in frame["claim_status"].tolist()],
        "Figure": [count_text({"count": count, "count_qualifier": qualifier, "count_kind": kind})
                   for count, qualifier, kind in zip(counts, frame["count_qualifier"].tolist(), frame["count_kind"].tolist())],
        "Claimed by": frame["claimant"].tolist(),
        "Summary": frame["summary"].tolist(),
        "Source": [url if is_http_url(url) else None for url in frame["source"].tolist()],
        "Sources": frame["n_sources"].tolist(),
    }, columns=columns)
