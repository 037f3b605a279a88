"""Test support: a hostile dataset, a `streamlit run` server and headless Chromium (Debian's)."""

from __future__ import annotations

import contextlib
import copy
import csv
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

FIXTURES = ROOT / "tests" / "fixtures"
#: A small report table in the project's schema: a settlement point, oblast areas, a country-level
#: denial, an unnamed nationality, several nationalities, a region off the area layers.
FIXTURE_REPORTS = FIXTURES / "reports.csv"

#: Text that would run script if any layer of the page inserted it as HTML or evaluated it.
HOSTILE = "<img src=x onerror=alert(1)> ${alert(1)} {{'alert'}} </script><script>alert(2)</script>"
HOSTILE_ID = "T-1"  # Sudzha: a settlement point in Kursk Oblast
SUDZHA = (51.19139, 35.27056)


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_tables(directory: Path, rows: list[dict], sources: list[dict] | None = None) -> Path:
    """Write reports.csv and sources.csv (one source per report unless given); return reports.csv."""
    from geo.model.report import REPORT_COLUMNS, SOURCE_COLUMNS

    if sources is None:
        sources = [{"report_id": row["id"], "url": f"https://example.org/{row['id']}", "title": "A", "outlet": "O"}
                   for row in rows]
    directory.mkdir(parents=True, exist_ok=True)
    for name, columns, table in (("reports.csv", REPORT_COLUMNS, rows), ("sources.csv", SOURCE_COLUMNS, sources)):
        with open(directory / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(table)
    return directory / "reports.csv"


def hostile_dataset(target: Path) -> Path:
    """Write the fixture reports with hostile text in one report's fields; return the reports.csv."""
    rows = read_rows(FIXTURE_REPORTS)
    sources = read_rows(FIXTURES / "sources.csv")
    for row in rows:
        if row["id"] == HOSTILE_ID:
            row["summary"] = HOSTILE
            row["claimant"] = "Claimant ${alert(3)} <b>bold</b>"
    for source in sources:
        if source["report_id"] == HOSTILE_ID:
            source["title"] = "<script>alert(4)</script>"
    return write_tables(target, rows, sources)


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


def large_layer(path: Path, megabytes: float) -> Path:
    """A valid layer of about `megabytes`, made of the fixture's reports under new ids."""
    from geo.dataset import load_dataset
    from geo.formats.geojson import dump_feature_collection

    features = list(load_dataset(FIXTURE_REPORTS).features)
    size = len(dump_feature_collection(features, name="x").encode())
    copies = int(megabytes * 1_000_000 / size) + 1
    out = []
    for k in range(copies):
        for feature in features:
            clone = copy.deepcopy(feature)
            clone["id"] = clone["properties"]["id"] = f"{feature['id']}-{k:05d}"
            clone["properties"]["responds_to"] = ""
            out.append(clone)
    path.write_text(dump_feature_collection(out, name="upload"), encoding="utf-8")
    return path
