"""Fixtures of the browser tier: a `streamlit run` server on the hostile fixture data, Debian's Chromium,
a fresh page (desktop or phone) that fails on any JavaScript dialog and leaves a screenshot when its test fails.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.support import CHROMIUM, CHROMIUM_ARGS, ROOT, hostile_dataset, streamlit_server

playwright = pytest.importorskip("playwright.sync_api")

ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("browser")
    data = hostile_dataset(directory / "hostile")
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server({"TROOPS_DATA": str(data), "TROOPS_TILES": "off"}, log=ARTIFACTS / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser_engine():
    with playwright.sync_playwright() as engine:
        yield engine


def _page(browser_engine, tmp_path, request, **options):
    context = browser_engine.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        accept_downloads=True, **options)
    page = context.pages[0] if context.pages else context.new_page()
    page.dialogs = []
    page.offsite = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    context.on("request", lambda req: page.offsite.append(req.url)
               if urlsplit(req.url).hostname not in (None, "127.0.0.1") and not req.url.startswith("data:") else None)
    return context, page


@pytest.fixture
def page(browser_engine, tmp_path, request):
    """A fresh browser profile and a desktop-sized page; off-site requests and dialogs are recorded."""
    context, page = _page(browser_engine, tmp_path, request, viewport=DESKTOP)
    yield page
    _finish(context, page, request)


@pytest.fixture
def phone(browser_engine, tmp_path, request):
    """The same at a phone's size, with touch."""
    context, page = _page(browser_engine, tmp_path, request, viewport=PHONE, has_touch=True, is_mobile=True,
                          device_scale_factor=2)
    yield page
    _finish(context, page, request)


def _finish(context, page, request) -> None:
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert page.dialogs == [], f"a script ran a dialog: {page.dialogs}"
