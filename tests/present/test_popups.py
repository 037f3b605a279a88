"""geo/present/popups.py and text.py: text from the data is escaped; only http(s) URLs become links."""

from __future__ import annotations

import pytest

from geo.present.popups import popup_html, sources_html
from geo.present.text import count_text, date_text, dates_text
from geo.rules.kinds import is_http_url
from tests.support import HOSTILE

PROPS = {
    "id": "T-1", "claim_status": "claimed", "place_name": "Sudzha", "admin1": "Kursk Oblast",
    "location_precision": "settlement", "event_start": "2025-03-10", "event_end": "2025-03-12",
    "reported_on": "2025-03-18", "nationality_names": "North Korea", "nationality_label": "", "count": 5000,
    "count_qualifier": "more_than", "count_kind": "casualties", "claimant": "UK MoD", "responds_to": "",
    "summary": HOSTILE, "notes": "", "sources": [{"url": "https://example.org/a", "title": "T", "outlet": "O"}],
}


def test_popup_escapes_every_string():
    html = popup_html({**PROPS, "claimant": "<b>x</b>", "place_name": "<i>p</i>", "notes": "<u>n</u>"})
    assert "<img" not in html and "<script" not in html and "<b>x</b>" not in html and "<i>p" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>", "ftp://x.org/a", "//x.org/a",
                                 "https://x.org/a b", "https:///nohost", None, 5])
def test_only_http_urls_become_links(url):
    assert not is_http_url(url)
    html = sources_html([{"url": url, "title": "t", "outlet": ""}])
    assert "<a " not in html and "link withheld" in html


def test_http_links_are_quoted():
    html = sources_html([{"url": 'https://x.org/?q="><script>', "title": "", "outlet": ""}])
    assert 'href="https://x.org/?q=&quot;&gt;&lt;script&gt;"' in html and "<script" not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_figures_read_naturally():
    assert count_text(PROPS) == "more than 5,000 casualties"
    assert count_text({**PROPS, "count": None}) == ""
    assert count_text({**PROPS, "count": 3000, "count_max": 4000, "count_qualifier": "range", "count_kind": "killed"}) \
        == "3,000–4,000 killed"
    assert count_text({**PROPS, "count": 30, "count_qualifier": "", "count_kind": "other",
                       "count_label": "people convicted"}) == "30 people convicted"


def test_dates_say_only_what_is_known():
    assert dates_text(PROPS) == "event 10 March 2025 to 12 March 2025, reported 18 March 2025"
    assert dates_text({**PROPS, "event_start": None, "event_end": None}) == "reported 18 March 2025"
    assert dates_text({**PROPS, "event_start": "2023-09", "event_end": None, "reported_on": "2024"}) == \
        "event September 2023, reported 2024"
    assert dates_text({**PROPS, "event_start": None, "event_end": None, "reported_on": None}) == \
        "date of the report unknown"
    assert date_text("2025-04-08") == "8 April 2025" and date_text("") == "undated"
