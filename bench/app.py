"""The real app: ``streamlit run streamlit_app.py`` on loopback, timed in headless Chromium; AppTest.

The server is started by ``tests.support.streamlit_process``, which also gives its process: its
peak resident memory (``VmHWM`` in ``/proc/<pid>/status``) is reported.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from browser import APP_JS, MAP_FRAME, Paint, fresh_page, wait_painted

from datapath import Drawn

from tests.support import streamlit_process

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
#: The filter change made through the UI: deselect North Korea in the nationality filter.
CHANGE_BUTTON = "Remove North Korea (KP)"


@dataclass(frozen=True)
class Server:
    """A running ``streamlit run``: its base URL and process."""

    url: str
    process: subprocess.Popen

    def peak_rss_mb(self) -> float | None:
        """Peak resident memory of the server process so far, in MB (None once it has exited)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None


@dataclass
class AppVisit:
    """One fresh server at one dataset, visited in fresh browser contexts."""

    first_open: Paint  # the server's first page: includes loading and validating the dataset
    filter_change: Paint  # on that page, from the click until the filtered map is painted
    warm_open: Paint  # a second visitor (dataset cached), from navigation until painted
    warm_frame: float | None  # …until the st_folium frame was attached (Streamlit's own part)
    peak_rss_mb: float | None


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], log: Path | None = None, timeout: float = 60) -> Iterator[Server]:
    """Run the app on a free loopback port with the tests' command line; yield the `Server`."""
    with streamlit_process(env, log, timeout=timeout) as (url, process):
        yield Server(url, process)


def _want(drawn: Drawn, after: float = 0) -> dict:
    return {"points": drawn.points, "reportsInRegions": drawn.reports_in_regions, "after": after}


def open_painted(page, url: str, drawn: Drawn, timeout: float) -> tuple[Paint, float | None]:
    """Navigate to the app and time it until the map in its st_folium frame shows `drawn`.

    Returns the `Paint` and the seconds until the map's frame was attached (None if it never was).
    """
    from playwright.sync_api import TimeoutError

    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout * 1000)
    try:
        page.wait_for_selector(MAP_FRAME, state="attached", timeout=timeout * 1000)
        frame = time.perf_counter() - start
    except TimeoutError:
        frame = None
    return wait_painted(page, APP_JS, _want(drawn), timeout, in_frame=True, start=start), frame


def change_painted(page, drawn: Drawn, timeout: float) -> Paint:
    """Deselect North Korea through the UI; time it until the map shows `drawn`, freshly painted."""
    after = page.evaluate("() => Date.now()")
    start = time.perf_counter()
    page.get_by_role("button", name=CHANGE_BUTTON).click(timeout=timeout * 1000)
    return wait_painted(page, APP_JS, _want(drawn, after), timeout, in_frame=True, start=start)


def visit(browser, layer: Path | None, everything: Drawn, changed: Drawn, timeout: float,
          log: Path | None = None) -> AppVisit:
    """Start a fresh server on `layer` (None: the default dataset) and time a visit, a filter
    change and a second visit."""
    env = {"TROOPS_TILES": "off", "TROOPS_DATA": str(layer) if layer else ""}
    with streamlit_server(env, log) as server:
        with fresh_page(browser) as page:
            first, _ = open_painted(page, server.url, everything, timeout)
            change = change_painted(page, changed, timeout) if first.seconds is not None else Paint(error="no map")
        with fresh_page(browser) as page:
            warm, frame = open_painted(page, server.url, everything, timeout)
        return AppVisit(first, change, warm, frame, server.peak_rss_mb())


# --- AppTest -----------------------------------------------------------------------------------------


@dataclass
class AppTestTimes:
    """Full script runs of the app under ``streamlit.testing.v1.AppTest`` (no browser)."""

    cold: float  # the process's first run: empty caches
    warm: float  # median of fresh sessions (new AppTest each) with warm caches
    rerun: float  # median of reruns of one session


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def apptest_times(repeat: int = 5, timeout: float = 120) -> AppTestTimes:
    """Time full AppTest runs of the app on the default dataset (``TROOPS_TILES=off``)."""
    from streamlit.testing.v1 import AppTest

    def run(at: AppTest) -> float:
        start = time.perf_counter()
        at.run(timeout=timeout)
        seconds = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"the app raised: {at.exception[0].message}")
        return seconds

    with _environment(TROOPS_TILES="off", TROOPS_DATA=""):
        cold = run(AppTest.from_file(str(APP), default_timeout=timeout))
        warm = [run(AppTest.from_file(str(APP), default_timeout=timeout)) for _ in range(repeat)]
        session = AppTest.from_file(str(APP), default_timeout=timeout)
        run(session)
        rerun = [run(session) for _ in range(repeat)]
    return AppTestTimes(cold, statistics.median(warm), statistics.median(rerun))
