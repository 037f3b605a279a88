"""Headless Chromium (Debian's, driven by Playwright) and a loopback web server for map pages.

Nothing may leave 127.0.0.1. The baseline page lists CDN assets: Leaflet is answered from the
local copy that ships with the ``django-js-lib-leaflet`` package, the other CDN assets (jQuery,
Bootstrap, awesome-markers, Font Awesome) with an empty body; any other off-site request is
aborted and recorded. A page is *painted* when every drawable feature is on the map (the condition
differs per page, see the ``*_JS`` functions), two animation frames have passed and the view has
settled (no zoom animation running).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from geo.mapview.assets import leaflet_dir

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
#: The app's map frame, and JavaScript that finds it in the top page.
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
_FRAME_JS = f"document.querySelector({json.dumps(MAP_FRAME)})"

#: CDN hosts folium's pages load assets from; answered locally, never contacted.
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com")
CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css"}


#: Finds the folium map of a raw page (``map_<hash>``) or of the st_folium frame (``map``).
FIND_MAP_JS = """
function findMap(w) {
  if (!w || !w.L) { return null; }
  if (w.map instanceof w.L.Map) { return w.map; }
  for (const key of Object.keys(w)) {
    if (!key.startsWith("map_")) { continue; }
    try { if (w[key] instanceof w.L.Map) { return w[key]; } } catch (e) { /* not ours */ }
  }
  return null;
}
"""

#: With `w` the map's window: all of the project's report points and reports drawn as regions are
#: on the map (``reportCounts`` of geo/js/report_layer.js) and the points' canvas was painted at or
#: after ``want.after`` (``data-painted-at``, set by its ``mark(...)``).
REPORTS_DRAWN_JS = """
  const map = findMap(w);
  if (!map || !w.reportCounts || map._animatingZoom) { return false; }
  const c = w.reportCounts(map);
  const painted = Number(map.getContainer().dataset.paintedAt || 0);
  const ok = c.points === want.points && c.reportsInRegions === want.reportsInRegions
             && (c.points === 0 || painted >= want.after);
  return ok ? {drawn: c.points + c.reportsInRegions} : false;  // an object: truthy even when 0 are drawn
"""


def _condition(body: str) -> str:
    """A JavaScript predicate ``(want) => …`` whose `body` can call ``findMap(w)``."""
    return "(want) => {\n" + FIND_MAP_JS + body + "}"


#: The project's standalone page. Argument: {points, reportsInRegions, after}.
PROJECT_JS = _condition("  const w = window;" + REPORTS_DRAWN_JS)

#: The app's map inside the st_folium frame (which a rerun may replace), seen from the top page.
APP_JS = _condition("""
  const frame = """ + _FRAME_JS + """;
  const w = frame && frame.contentWindow;""" + REPORTS_DRAWN_JS)

#: The baseline page: at least ``want.features`` Leaflet layers carrying a GeoJSON ``feature`` are
#: on the map (groups are descended into with ``getLayers()``; each layer is counted once).
BASELINE_JS = _condition("""
  const map = findMap(window);
  if (!map || map._animatingZoom) { return false; }
  const seen = new Set();
  let n = 0;
  const visit = (layer) => {
    if (seen.has(layer)) { return; }
    seen.add(layer);
    if (layer.feature && layer._map) { n += 1; }
    if (layer.getLayers) { layer.getLayers().forEach(visit); }
  };
  map.eachLayer(visit);
  return n >= want.features ? {drawn: n} : false;
""")

#: After two animation frames: whether the map's view has settled (no zoom animation running; a
#: ``fitBounds`` starts its animation in the next frame, so "drawn" alone can be premature).
SETTLED_JS = """(inFrame) => new Promise((done) => {
""" + FIND_MAP_JS + """
  const frame = """ + _FRAME_JS + """;
  const w = inFrame ? frame && frame.contentWindow : window;
  if (!w) { done(false); return; }  // a rerun replaced the frame: wait for the map again
  w.requestAnimationFrame(() => w.requestAnimationFrame(() => {
    const map = findMap(w);
    done(!map || !map._animatingZoom);
  }));
})"""


@dataclass
class Paint:
    """One timed wait for a painted map."""

    seconds: float | None = None  # None: timed out or failed
    drawn: int | None = None  # features on the map when the condition held
    timeout: float | None = None  # the limit, when it was reached
    error: str | None = None
    offsite: list[str] = field(default_factory=list)


# --- loopback web server ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def http_server(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free port of 127.0.0.1 in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- browser -------------------------------------------------------------------------------------


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium (Playwright's browser object); never ``playwright install``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as engine:
        browser = engine.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _route_offsite(route, offsite: list[str]) -> None:
    """Answer CDN requests locally; abort (and record) anything else that would leave 127.0.0.1."""
    url = route.request.url
    parts = urlsplit(url)
    if parts.hostname in (None, "127.0.0.1") or parts.scheme in ("data", "blob"):
        route.continue_()
        return
    name = parts.path.rsplit("/", 1)[-1]
    if parts.hostname in CDN_HOSTS and name in ("leaflet.js", "leaflet.css"):
        route.fulfill(path=str(leaflet_dir() / name), content_type=CONTENT_TYPES[Path(name).suffix])
    elif parts.hostname in CDN_HOSTS:
        route.fulfill(status=200, body="", content_type=CONTENT_TYPES.get(Path(name).suffix, "text/plain"))
    else:
        offsite.append(url)
        route.abort()


@contextlib.contextmanager
def fresh_page(browser) -> Iterator[object]:
    """A page in a new browser context (empty cache and storage) with off-site requests routed."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.offsite = []
    context.route("**/*", lambda route: _route_offsite(route, page.offsite))
    page.on("dialog", lambda dialog: dialog.dismiss())
    try:
        yield page
    finally:
        with contextlib.suppress(Exception):
            context.close()


def wait_painted(page, condition_js: str, want: dict, timeout: float, in_frame: bool = False,
                 start: float | None = None) -> Paint:
    """Wait until `condition_js` holds and the view has settled; seconds from `start` (default: now).

    Parameters
    ----------
    in_frame : bool
        Whether the map is in the st_folium frame of the page (the app) rather than the page itself.
    """
    from playwright.sync_api import Error, TimeoutError

    start = time.perf_counter() if start is None else start
    try:
        while True:
            remaining = max(1.0, timeout - (time.perf_counter() - start))
            handle = page.wait_for_function(condition_js, arg=want, timeout=remaining * 1000, polling="raf")
            drawn = handle.json_value()["drawn"]
            if page.evaluate(SETTLED_JS, in_frame):
                return Paint(seconds=time.perf_counter() - start, drawn=drawn, offsite=list(page.offsite))
            if time.perf_counter() - start > timeout:
                raise TimeoutError("the view never settled")
    except TimeoutError:
        return Paint(timeout=timeout, offsite=list(page.offsite))
    except Error as error:
        return Paint(error=str(error).splitlines()[0], offsite=list(page.offsite))


def paint_page(browser, url: str, condition_js: str, want: dict, timeout: float) -> Paint:
    """Open `url` in a fresh context and time it until painted (from the start of navigation)."""
    from playwright.sync_api import Error

    with fresh_page(browser) as page:
        start = time.perf_counter()
        try:
            page.goto(url, wait_until="commit", timeout=timeout * 1000)
        except Error as error:
            return Paint(error=str(error).splitlines()[0], offsite=list(page.offsite))
        return wait_painted(page, condition_js, want, timeout, start=start)
