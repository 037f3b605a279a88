"""Publishing from the page in a real browser: the picture and the web page download, and the page opens
from disk with every request off the page refused, drawing what the app drew."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.pages import wait_map_matches_page, wait_query
from tests.support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def download(page, name: str) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name=name, exact=True).click()
    return Path(info.value.path()), info.value.suggested_filename


def test_the_view_downloads_as_a_picture_and_as_a_page_that_works_offline(page, server, browser_engine, tmp_path):
    page.goto(f"{server}/?nat=KP,CN")
    figures = wait_map_matches_page(page)
    page.get_by_role("tab", name="Download").click()
    picture, name = download(page, "Picture (PNG)")
    assert name.startswith("foreign-troops-view-CN+KP-") and Image.open(picture).size[0] == 1600
    svg, _ = download(page, "Picture (SVG)")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    html, name = download(page, "Web page (HTML)")
    assert name.endswith(".html")
    assert "/?nat=CN,KP " in page.get_by_test_id("stCode").first.inner_text()  # the citation's permalink
    wait_query(page, "nat=CN,KP")  # downloading left the page as it was

    target = tmp_path / "map.html"
    target.write_bytes(html.read_bytes())
    offsite: list[str] = []

    def guard(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    context = browser_engine.chromium.launch_persistent_context(
        str(tmp_path / "offline"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 1000, "height": 700})
    try:
        context.route("**/*", guard)
        other = context.pages[0] if context.pages else context.new_page()
        other.goto(target.as_uri())
        other.wait_for_function("() => window.reportCounts && document.querySelector('.report-caption')"
                                " && document.querySelector('.report-caption').textContent.length > 0", timeout=15_000)
        counts = other.evaluate("() => window.reportCounts(Object.values(window).find(v => v instanceof L.Map))")
        assert counts == {"points": figures["points"], "regions": figures["regions"],
                          "reportsInRegions": figures["area_reports"]}
        assert other.locator(".report-legend-control").count() == 1
        assert other.locator(".report-caption").inner_text().startswith(f"{figures['shown']} of")
    finally:
        context.close()
    assert offsite == []


def test_gis_downloads_from_the_page(page, server):
    import pyogrio

    page.goto(server)
    figures = wait_map_matches_page(page)
    page.get_by_role("tab", name="Download").click()
    gpkg, name = download(page, "Selection as GeoPackage")
    gpkg_path = gpkg.with_suffix(".gpkg")  # under the name a reader saves it as (GDAL checks the ending)
    gpkg_path.write_bytes(gpkg.read_bytes())
    assert name.endswith(".gpkg") and len(pyogrio.read_dataframe(gpkg_path)) == figures["shown"]
    kml, _ = download(page, "Selection as KML (Google Earth)")
    kml_path = kml.with_suffix(".kml")
    kml_path.write_bytes(kml.read_bytes())
    assert len(pyogrio.read_dataframe(kml_path)) == figures["shown"]
    image = Image.open(io.BytesIO(download(page, "Picture (PNG)")[0].read_bytes()))
    assert image.format == "PNG"
