"""End to end in a real browser: `streamlit run` on loopback, driven in Debian's headless Chromium.

The server runs the fixture reports (``tests/fixtures``) in which one report (Sudzha, T-1) carries
hostile text; every test fails on any JavaScript dialog, and a screenshot of a failing test is saved to
``tests/artifacts/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.pages import click_latlng, count_line, map_frame, wait_idle, wait_map_matches_page
from tests.support import CHROMIUM, CHROMIUM_ARGS, HOSTILE, HOSTILE_ID, SUDZHA

pytestmark = pytest.mark.browser


def test_map_draws_every_shown_report(page, server):
    page.goto(server)
    figures = wait_map_matches_page(page)
    assert figures["shown"] == figures["total"] == 10
    assert figures["points"] == 2 and figures["regions"] == 5
    # The map itself is painted: Leaflet's container, outlines and the points' canvas.
    frame = map_frame(page)
    assert frame.locator(".leaflet-container").count() == 1
    assert frame.evaluate("() => Number(document.querySelector('#map_div').dataset.paintedPoints)") == 2
    assert page.offsite == [], page.offsite


def test_filter_change_in_the_ui_changes_the_map(page, server):
    page.goto(server)
    before = wait_map_matches_page(page)
    page.get_by_role("button", name="Remove North Korea (KP)").click()
    page.wait_for_function("(n) => !document.body.innerText.includes(`Showing ${n} of`)", arg=before["shown"])
    after = wait_map_matches_page(page)
    assert after["shown"] < before["shown"]
    assert after["points"] == 0  # the only points are North Korean
    page.wait_for_function("() => location.search.includes('nat=')", timeout=10_000)
    assert "nat=" in page.url and "KP" not in page.url.split("nat=")[1].split("&")[0]


def test_shared_link_reproduces_the_view_in_a_fresh_browser(page, server, browser_engine, tmp_path):
    page.goto(server)
    wait_map_matches_page(page)
    page.get_by_role("button", name="Remove China (CN)").click()
    wait_idle(page)
    page.get_by_role("button", name="Remove Denied").click()
    page.wait_for_function("() => location.search.includes('status=')")
    first = wait_map_matches_page(page)
    map_frame(page).evaluate("() => { window.map.setView([51.2, 35.3], 8); }")
    page.wait_for_function("() => location.search.includes('z=8')", timeout=10_000)
    shared = page.url

    other = browser_engine.chromium.launch_persistent_context(
        str(tmp_path / "other-profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 1200, "height": 900})
    try:
        fresh = other.pages[0] if other.pages else other.new_page()
        fresh.goto(shared)
        second = wait_map_matches_page(fresh)
        assert second == first
        zoom = map_frame(fresh).evaluate("() => window.map.getZoom()")
        assert zoom == 8
        chips = fresh.locator('[data-testid="stMultiSelect"]').first.inner_text()
        assert "China" not in chips and "North Korea" in chips
    finally:
        other.close()


def test_popup_shows_hostile_text_as_inert_text(page, server):
    page.goto(server)
    wait_map_matches_page(page)
    click_latlng(page, *SUDZHA)
    frame = map_frame(page)
    listing = frame.locator(".rp-group")
    listing.wait_for(timeout=10_000)
    assert "Claimant ${alert(3)} <b>bold</b>" in listing.inner_text() and listing.locator("b").count() == 0
    frame.locator(f'button.rp-pick[data-report="{HOSTILE_ID}"]').click()
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1 "
                            "&& !document.querySelector('.rp-group')", timeout=5_000)
    popup = frame.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "<img src=x onerror=alert(1)>" in text and "${alert(1)}" in text and "</script>" in text
    assert "Claimant ${alert(3)} <b>bold</b>" in text
    assert popup.locator("img, script, b:text('bold')").count() == 0
    links = popup.locator("a")
    assert links.count() >= 1 and all(links.nth(i).get_attribute("href").startswith("http") for i in range(links.count()))
    # The click selects the report: the panel beside the map shows it, the link names it.
    page.wait_for_function(f"() => location.search.includes('sel={HOSTILE_ID}')", timeout=15_000)
    wait_idle(page)
    panel = page.locator('[data-testid="stHtml"]', has_text="Sudzha").first
    assert "<img src=x onerror=alert(1)>" in panel.inner_text()
    assert panel.locator("img, script").count() == 0
    page.wait_for_timeout(500)  # any injected handler would have fired by now


def test_table_shows_hostile_text_as_text(page, server):
    page.goto(f"{server}/?layer=kursk&from=2025-03-18&to=2025-03-18&nat=KP")
    figures = wait_map_matches_page(page)
    assert figures["shown"] == 1
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    # The grid paints on a canvas; its accessible table (hidden) holds each cell's text.
    cell = grid.locator('[role="gridcell"]', has_text="onerror").first
    cell.wait_for(state="attached", timeout=15_000)
    assert cell.text_content() == HOSTILE
    assert grid.locator("img").count() == 0


def test_download_a_layer_and_the_selection(page, server):
    page.goto(f"{server}/?nat=CN")
    figures = wait_map_matches_page(page)
    page.get_by_role("tab", name="Download").click()
    url_before = page.url
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Selection as GeoJSON").click()
    selection = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert len(selection["features"]) == figures["shown"]
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Kursk Oblast", exact=True).click()
    layer = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert info.value.suggested_filename.startswith("foreign-troops-layer-kursk-") and info.value.suggested_filename.endswith(".geojson")
    assert [f["id"] for f in layer["features"]] == ["T-1", "T-10", "T-2"]
    # Downloading did not reset the page.
    assert page.url == url_before and count_line(page) == figures
    hostile = next(f for f in layer["features"] if f["id"] == HOSTILE_ID)
    assert hostile["properties"]["summary"] == HOSTILE


def test_unmapped_reports_are_listed(page, server):
    page.goto(server)
    figures = wait_map_matches_page(page)
    page.get_by_role("tab", name="Not on the map").click()
    panel = page.get_by_role("tabpanel", name="Not on the map")
    cells = panel.locator('[role="gridcell"]', has_text="Ukraine (general)")
    cells.first.wait_for(state="attached", timeout=15_000)
    assert cells.count() >= 1 and figures["undrawn"] >= 1
