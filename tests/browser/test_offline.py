"""Offline first: with tiles off, the page draws everything from the app's own server.

Every request the page makes is recorded, and any request for a host other than 127.0.0.1 is
aborted and fails the test. The server is started as the README starts it (plus a port), so the
project's own configuration (no usage statistics) is what is tested.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from tests.support import CHROMIUM, CHROMIUM_ARGS, ROOT, parse_count_line, streamlit_server

pytestmark = pytest.mark.browser

BASEMAP = json.loads((ROOT / "data" / "reference" / "basemap.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def offline_server():
    with streamlit_server({"TROOPS_TILES": "off", "TROOPS_DATA": ""}, as_readme=True) as url:
        yield url


def test_page_makes_no_offsite_request_and_draws_everything(offline_server, browser_engine, tmp_path):
    requests: list[str] = []
    offsite: list[str] = []

    def guard(route):
        url = route.request.url
        requests.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            offsite.append(url)
            route.abort()

    context = browser_engine.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 1400, "height": 1000})
    try:
        context.route("**/*", guard)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(offline_server)
        page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=30_000)
        page.wait_for_function("""() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const w = f && f.contentWindow; const c = w && w.document.querySelector('#map_div');
            return c && c.dataset.basemapFeatures && c.dataset.paintedAt; }""", timeout=30_000)
        frame = next(f for f in page.frames if "st_folium" in f.url)
        figures = parse_count_line(page.locator('[data-testid="stMarkdown"]', has_text="Showing").first.inner_text())
        drawn = frame.evaluate("() => window.reportCounts(window.map)")
        assert drawn == {"points": figures["points"], "regions": figures["regions"],
                         "reportsInRegions": figures["area_reports"]}
        assert figures["shown"] == figures["total"]
        container = frame.evaluate("() => Object.assign({}, document.querySelector('#map_div').dataset)")
        assert int(container["basemapFeatures"]) == len(BASEMAP["features"])
        assert int(container["basemapLabels"]) > 0 and "basemapError" not in container
        # The basemap came gzipped as stored (no compression per reader) and was unpacked by the page.
        assert any(u.endswith("/basemap.geojson.gz") for u in requests)
        assert not any(u.endswith("/basemap.geojson") for u in requests)
        # Leaflet and its stylesheet came from this server.
        assert any(u.endswith("/leaflet.js") for u in requests) and any(u.endswith("/leaflet.css") for u in requests)
        assert frame.evaluate("() => getComputedStyle(document.querySelector('.leaflet-container')).position") == "relative"
        # The basemap lies beneath where tiles go, so tiles (when online) cover it.
        panes = frame.evaluate("() => [Number(window.map.getPane('basemap').style.zIndex),"
                               " Number(getComputedStyle(window.map.getPane('tilePane')).zIndex)]")
        assert panes[0] < panes[1]
        page.wait_for_timeout(1000)  # late requests (telemetry, fonts) would show up here
    finally:
        context.close()
    assert offsite == [], f"requests left 127.0.0.1: {offsite}"
    assert len(requests) > 10
