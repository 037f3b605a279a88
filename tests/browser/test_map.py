"""The map in a real browser: every click lands, overlapping points stay reachable (mouse, keyboard, touch),
the legend, the caption and "zoom to the shown reports" are on the map, and it fits a phone."""

from __future__ import annotations

import pytest

from tests.browser.pages import (MAP_FRAME, click_latlng, close_popup, count_line, map_frame, mark_mount,
                                 selected_on_map, set_view, wait_idle, wait_map_matches_page, wait_query)
from tests.support import SUDZHA

pytestmark = pytest.mark.browser

DONETSK_OBLAST = (48.3, 38.3)  # inside Donetsk Oblast, away from its points
KHARKIV_OBLAST = (49.6, 36.9)


def details(page) -> str:
    return page.locator('[data-testid="stColumn"]').nth(1).inner_text()


def pick(page, report_id: str) -> None:
    """In the list of reports at one place, choose one; wait until its popup is the only one."""
    frame = map_frame(page)
    frame.locator(f'button.rp-pick[data-report="{report_id}"]').click()
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1 "
                            "&& !document.querySelector('.leaflet-popup .rp-group')", timeout=5_000)


def test_two_features_clicked_in_turn_both_land_and_the_ring_follows(page, server):
    page.goto(server)
    wait_map_matches_page(page)
    frame = map_frame(page)
    mount = mark_mount(frame)
    click_latlng(page, *SUDZHA)
    pick(page, "T-10")
    wait_query(page, "sel=T-10")
    assert "T-10" in details(page) and selected_on_map(map_frame(page)) == {"point": "T-10", "regions": []}
    close_popup(page)
    click_latlng(page, *DONETSK_OBLAST)
    wait_query(page, "sel=region:Donetsk Oblast")
    assert "Donetsk Oblast: 2 shown report(s)" in details(page)
    frame = map_frame(page)
    assert selected_on_map(frame) == {"point": None, "regions": ["Donetsk Oblast"]}
    assert frame.locator(".leaflet-popup-content").inner_text().startswith("Donetsk Oblast")  # still open
    close_popup(page)
    click_latlng(page, *KHARKIV_OBLAST)
    wait_query(page, "sel=region:Kharkiv Oblast")
    close_popup(page)
    click_latlng(page, *SUDZHA)
    pick(page, "T-1")
    wait_query(page, "sel=T-1")
    assert selected_on_map(map_frame(page)) == {"point": "T-1", "regions": []}
    assert mark_mount(map_frame(page)) == mount, "the map frame was torn down and rebuilt"


def test_points_at_one_place_show_a_count_and_open_into_their_members(page, server):
    page.goto(server)
    wait_map_matches_page(page)
    frame = map_frame(page)
    assert frame.evaluate("() => Number(document.querySelector('#map_div').dataset.pointGroups)") == 1
    click_latlng(page, *SUDZHA)
    buttons = frame.locator("button.rp-pick")
    assert buttons.count() == 2 and "2 reports at this place" in frame.locator(".rp-group").inner_text()
    pick(page, "T-1")
    assert "Sudzha" in frame.locator(".leaflet-popup-content").inner_text()
    # Zoomed in far enough, points at one place still list together (same coordinates).
    set_view(frame, *SUDZHA, 12)
    frame.wait_for_function("() => Number(document.querySelector('#map_div').dataset.pointGroups) === 1")


def test_the_keyboard_reaches_points_at_one_place(page, server):
    page.goto(server)
    wait_map_matches_page(page)
    frame = map_frame(page)
    set_view(frame, *SUDZHA, 9)
    frame.locator("#map_div").focus()
    page.keyboard.press("Enter")
    first = frame.locator("button.rp-pick").first
    first.wait_for(timeout=5_000)
    assert frame.evaluate("() => document.activeElement.classList.contains('rp-pick')")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    wait_query(page, "sel=T-10")


def test_the_legend_the_caption_and_zoom_to_shown_are_on_the_map(page, server):
    page.goto(server)
    before = wait_map_matches_page(page)
    frame = map_frame(page)
    legend = frame.locator(".report-legend-control")
    assert legend.is_visible() and "North Korea" in legend.inner_text() and "no comment" in legend.inner_text()
    caption = frame.locator(".report-caption")
    assert caption.inner_text().startswith(f"{before['shown']} of {before['total']} reports")
    page.get_by_role("button", name="Remove China (CN)").click()
    wait_query(page, "nat=")
    after = wait_map_matches_page(page)
    frame.wait_for_function(f"() => document.querySelector('.report-caption').textContent.startsWith('{after['shown']} of')")
    assert "China" not in caption.inner_text() and after["shown"] < before["shown"]
    # Selecting something leaves the legend on the map.
    click_latlng(page, *KHARKIV_OBLAST)
    wait_query(page, "sel=region:Kharkiv Oblast")
    close_popup(page)
    assert frame.locator(".report-legend-control").is_visible()
    frame.evaluate("() => { window.map.setView([60, 100], 4); }")
    frame.locator(".report-fit a").click()
    frame.wait_for_function("() => window.map.getBounds().contains(L.latLng(51.19, 35.27))", timeout=5_000)


def test_on_a_phone_the_page_is_compact_the_legend_folds_and_popups_fit(phone, server):
    phone.goto(server)
    wait_map_matches_page(phone)
    frame = map_frame(phone)
    header = phone.locator('[data-testid="stMain"] [data-testid="stHeading"]').first.bounding_box()
    assert header["height"] < 0.15 * 844, header
    map_box = phone.locator(MAP_FRAME).bounding_box()
    assert map_box["y"] < 0.5 * 844, "the map starts on the first screen"
    legend = frame.locator(".report-legend-control")
    assert "collapsed" in legend.get_attribute("class")
    frame.locator(".legend-toggle").tap()
    assert "collapsed" not in legend.get_attribute("class") and frame.locator(".legend-body").is_visible()
    frame.locator(".legend-toggle").tap()
    set_view(frame, *SUDZHA, 7)
    map_box = phone.locator(MAP_FRAME).bounding_box()
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{SUDZHA[0]}, {SUDZHA[1]}]); "
                          "return [p.x, p.y]; }")
    phone.touchscreen.tap(map_box["x"] + x, map_box["y"] + y)
    frame.locator("button.rp-pick").first.tap()
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1 "
                            "&& !document.querySelector('.rp-group')", timeout=5_000)
    box = frame.locator(".leaflet-popup").bounding_box()
    assert box["width"] <= map_box["width"] and box["x"] >= map_box["x"] - 1
    wait_query(phone, "sel=T-1")
    assert count_line(phone)["shown"] == 10
    wait_idle(phone)
