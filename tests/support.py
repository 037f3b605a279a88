"""Test support: a hostile dataset, a `streamlit run` server and headless Chromium (Debian's)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: Text that would run script if any layer of the page inserted it as HTML or evaluated it.
HOSTILE = "<img src=x onerror=alert(1)> ${alert(1)} {{'alert'}} </script><script>alert(2)</script>"
HOSTILE_ID = "FT-026"  # Sudzha: a settlement point in Kursk Oblast


def hostile_dataset(target: Path) -> Path:
    """Write the published dataset with hostile text in one report's fields; return its path."""
    data = json.loads((ROOT / "layers" / "all.geojson").read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["id"] == HOSTILE_ID:
            props = feature["properties"]
            props["summary"] = HOSTILE
            props["claimant"] = "Claimant ${alert(3)} <b>bold</b>"
            props["sources"][0]["title"] = "<script>alert(4)</script>"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_process(env: dict[str, str] | None = None, log: Path | None = None, as_readme: bool = False,
                      cwd: Path = ROOT, timeout: float = 60):
    """Run ``streamlit run streamlit_app.py`` (of `cwd`) on a free loopback port; yield (base URL, process).

    With `as_readme`, the command line is the README's, plus only the port and address, so the
    project's own ``.streamlit/config.toml`` decides everything else.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    if not as_readme:
        command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                    "--global.developmentMode", "false"]
    out = open(log, "w") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start (exit {process.poll()}); see {log}")
            time.sleep(0.25)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None, log: Path | None = None, as_readme: bool = False):
    """`streamlit_process`, yielding just the base URL."""
    with streamlit_process(env, log, as_readme) as (url, _):
        yield url


COUNT_LINE = re.compile(r"Showing (\d+) of (\d+) reports\W* — on the map: (\d+) as points, (\d+) as (\d+) "
                        r"oblast-wide areas; (\d+) known only to country level")


def parse_count_line(text: str) -> dict[str, int]:
    """The figures of the page's count line."""
    match = COUNT_LINE.search(text)
    if not match:
        raise AssertionError(f"no count line in {text[:300]!r}")
    keys = ("shown", "total", "points", "area_reports", "regions", "undrawn")
    return dict(zip(keys, map(int, match.groups())))
