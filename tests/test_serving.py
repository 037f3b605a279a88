"""How the README's command serves the app: what Streamlit reads from this repository's configuration,
and which web server parts it runs on. Each of these changes the server's CPU per page view or what a
reader can do to it (bench/load.py measures the cost; bench/compare/issue-12-server.md)."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.web import bootstrap

from geo.formats.limits import UPLOAD_LIMITS
from tests.support import ROOT


@pytest.fixture
def served(monkeypatch):
    """Streamlit's options as `streamlit run` reads them in this repository."""
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield config
    config.get_config_options(force_reparse=True)


@pytest.mark.parametrize("option, value", [
    ("server.fileWatcherType", "none"),  # a watcher for every new session: about 0.1 s of CPU a view
    ("runner.magicEnabled", False),      # the script is compiled anew per session; magic's pass made it 20 ms
    ("runner.postScriptGC", False),
    ("client.showErrorDetails", "none"),  # no traceback with server paths on the page
    ("browser.gatherUsageStats", False),
])
def test_the_served_configuration_is_read_from_this_repository(served, option, value):
    assert served.get_option(option) == value
    assert served.get_where_defined(option).endswith(".streamlit/config.toml")


def test_streamlit_refuses_an_upload_at_the_size_the_loader_refuses_it(served):
    """The uploader's limit (MB) is the loader's: a file the loader would take is never cut off before."""
    assert served.get_option("server.maxUploadSize") << 20 == UPLOAD_LIMITS.max_bytes
    assert served.get_where_defined("server.maxUploadSize").endswith(".streamlit/config.toml")


def test_the_web_server_parses_http_in_c_and_runs_on_libuv():
    """Streamlit's performance extra is installed by requirements.txt, and the server picks it up."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert AutoHTTPProtocol is HttpToolsProtocol
    factory = bootstrap._get_uvloop_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()
