"""Hostile and large uploads through the real uploader, with the server's memory measured from outside."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.browser.pages import wait_idle, wait_map_matches_page
from tests.support import CHROMIUM, CHROMIUM_ARGS, FIXTURE_REPORTS, ROOT, large_layer, streamlit_process

pytestmark = pytest.mark.browser


def rss_mb(process) -> float:
    status = Path(f"/proc/{process.pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) / 1024


def upload(page, path: Path) -> None:
    page.get_by_text("Load another dataset").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(path)])


@pytest.fixture
def own_server(tmp_path):
    env = {"TROOPS_TILES": "off", "TROOPS_DATA": str(FIXTURE_REPORTS), "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "2"}
    with streamlit_process(env, log=ROOT / "tests" / "artifacts" / "streamlit-uploads.log") as (url, process):
        yield url, process


def test_uploads_are_bounded_and_released_when_their_sessions_close(browser_engine, own_server, tmp_path):
    url, process = own_server
    invalid = tmp_path / "invalid.geojson"
    invalid.write_bytes(b'{"type":"FeatureCollection","features":[' + b",".join([b"1"] * 5_000_000) + b"]}")
    large = large_layer(tmp_path / "large.geojson", 20)
    assert 19e6 < large.stat().st_size < 25e6

    def session(path: Path, expect: str) -> float:
        context = browser_engine.chromium.launch_persistent_context(
            str(tmp_path / f"profile-{time.monotonic_ns()}"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1400, "height": 1000})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(url)
            wait_map_matches_page(page)
            started = time.monotonic()
            upload(page, path)
            page.locator('[data-testid="stMain"]').get_by_text(expect).first.wait_for(timeout=60_000)
            wait_idle(page)
            return time.monotonic() - started
        finally:
            context.close()

    session(FIXTURE_REPORTS.with_name("reports.csv"), "Showing")  # warm the server up
    time.sleep(4)
    before = rss_mb(process)
    seconds = session(invalid, "was not loaded")
    assert seconds < 10, seconds
    assert rss_mb(process) - before < 200, (before, rss_mb(process))
    start = rss_mb(process)
    for _ in range(7):
        session(large, "Showing")
    time.sleep(6)  # the closed sessions' time to live, and then some
    after = rss_mb(process)
    assert after - start < 300, (start, after)
    (ROOT / "tests" / "artifacts" / "upload-memory.json").write_text(json.dumps(
        {"invalid_seconds": seconds, "before_mb": before, "start_mb": start, "after_mb": after}), encoding="utf-8")
