"""What a browser test does on the page: wait for a rerun to finish, read the count line, click the map."""

from __future__ import annotations

import json

from tests.support import parse_count_line

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished its rerun."""
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]') !== null
             && document.querySelectorAll('[data-stale="true"]').length === 0
             && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stSpinner"]')
             && document.body.innerText.includes('Showing ')""", timeout=timeout)


def count_line(page) -> dict[str, int]:
    return parse_count_line(page.locator('[data-testid="stMarkdown"]', has_text="Showing").first.inner_text())


def map_frame(page):
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    page.wait_for_function(
        f"""() => {{ const f = document.querySelector('{MAP_FRAME}');
                   return f && f.contentWindow && f.contentWindow.map && f.contentWindow.reportCounts; }}""",
        timeout=30_000)
    return next(frame for frame in page.frames if "st_folium" in frame.url)


def wait_map_matches_page(page) -> dict[str, int]:
    """Wait until the map draws exactly what the page's count line says; return the figures."""
    wait_idle(page)
    frame = map_frame(page)
    expected = count_line(page)
    want = {"points": expected["points"], "regions": expected["regions"], "reportsInRegions": expected["area_reports"]}
    frame.wait_for_function(f"() => JSON.stringify(window.reportCounts(window.map)) === '{json.dumps(want, separators=(',', ':'))}'",
                            timeout=30_000)
    return expected


def click_latlng(page, lat: float, lon: float) -> None:
    frame = map_frame(page)
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
    page.mouse.click(box["x"] + x, box["y"] + y)




def selected_on_map(frame) -> dict:
    """What the map draws as selected: the point with a ring, the regions drawn thicker."""
    return frame.evaluate("""() => {
        const out = {point: null, regions: []};
        window.map.eachLayer(l => {
            if (l instanceof L.ReportPoints && l._selected >= 0) { out.point = l._data.id[l._selected]; }
            if (l.feature && l.feature.properties && l.feature.properties.region && l.feature.properties.selected) {
                out.regions.push(l.feature.properties.region); }
        });
        return out; }""")


def mark_mount(frame) -> float:
    """Mark the map's window; `same_mount` tells later whether the frame was torn down and rebuilt."""
    return frame.evaluate("() => (window.__mount = window.__mount || Math.random())")


def wait_query(page, text: str, present: bool = True, timeout: float = 15_000) -> None:
    """Wait until the page's address holds (or no longer holds) `text`; never read it mid-run."""
    page.wait_for_function(
        f"() => decodeURIComponent(location.search.replace(/\\+/g, ' ')).includes({json.dumps(text)}) === "
        f"{json.dumps(present)}", timeout=timeout)
    wait_idle(page)


def close_popup(page) -> None:
    frame = map_frame(page)
    frame.locator(".leaflet-popup-close-button").click()
    frame.wait_for_function("() => !document.querySelector('.leaflet-popup')", timeout=5_000)


def set_view(frame, lat: float, lon: float, zoom: int) -> None:
    """Move the map and wait until the points are painted at the new view."""
    before = frame.evaluate("() => Number(document.querySelector('#map_div').dataset.paintedAt || 0)")
    frame.evaluate(f"() => {{ window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}")
    frame.wait_for_function(f"() => Number(document.querySelector('#map_div').dataset.paintedAt || 0) > {before}",
                            timeout=5_000)
