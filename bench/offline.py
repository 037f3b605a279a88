"""Is the offline-first map slower? Time until painted, before and after, in one run.

Starts the app twice, from this checkout and from an earlier commit (a git worktree), both with
online tiles on, and opens each page alternately in headless Chromium (fresh profile each time).
Tile requests are answered locally with a 256-px PNG, as a reachable tile server would; any other
request leaving 127.0.0.1 is aborted and counted. "Painted" = the map draws every shown report (and,
where the page has one, the basemap).

    python bench/offline.py --before ea6c012~1 --repeat 7
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import CHROMIUM, CHROMIUM_ARGS, streamlit_process  # noqa: E402

REPORTS_PAINTED = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f && f.contentWindow, c = w && w.document.querySelector('#map_div');
  if (!c || !c.dataset.paintedAt || !w.reportCounts) { return false; }
  const n = w.reportCounts(w.map);
  return n.points + n.reportsInRegions > 0;
}"""
#: Everything drawn: the reports and, where the page has one, the basemap.
PAINTED = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f.contentWindow, c = w.document.querySelector('#map_div');
  return !w.L.loadBasemap || !!c.dataset.basemapFeatures;
}"""


def tile_png() -> bytes:
    """A plain 256×256 light-grey PNG, built here (no file, no network)."""
    raw = b"".join(b"\x00" + b"\xe8\xe8\xe8" * 256 for _ in range(256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (256).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@contextlib.contextmanager
def serve(checkout: Path):
    """``streamlit run`` of `checkout` on a free port, tiles on; yields the URL."""
    env = {"TROOPS_TILES": "on", "TROOPS_DATA": "", "PYTHONPATH": str(checkout)}
    with streamlit_process(env, cwd=checkout, timeout=60) as (url, _):
        yield url


def time_to_paint(engine, url: str, png: bytes, offsite: list[str]) -> tuple[float, float]:
    """Seconds from navigation to the reports painted, and to everything drawn (fresh profile)."""
    with tempfile.TemporaryDirectory() as profile:
        context = engine.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                            headless=True, viewport={"width": 1400, "height": 1000})
        try:
            def route(request_route):
                request_url = request_route.request.url
                host = urlsplit(request_url).hostname
                if host == "127.0.0.1" or request_url.startswith("data:"):
                    request_route.continue_()
                elif host and ("tile" in host or "arcgisonline" in host):
                    request_route.fulfill(status=200, body=png, content_type="image/png")
                else:
                    offsite.append(request_url)
                    request_route.abort()

            context.route("**/*", route)
            page = context.pages[0] if context.pages else context.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_function(REPORTS_PAINTED, timeout=60_000, polling=20)
            reports = time.perf_counter() - start
            page.wait_for_function(PAINTED, timeout=60_000, polling=20)
            return reports, time.perf_counter() - start
        finally:
            context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit to compare with, e.g. ea6c012~1")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    png = tile_png()
    offsite: dict[str, list[str]] = {"before": [], "after": []}
    times: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.before], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            with serve(worktree) as before_url, serve(ROOT) as after_url, sync_playwright() as engine:
                for url in (before_url, after_url):  # warm both servers once (first-run caches)
                    time_to_paint(engine, url, png, [])
                for _ in range(args.repeat):
                    for name, url in (("before", before_url), ("after", after_url)):
                        times[name].append(time_to_paint(engine, url, png, offsite[name]))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)

    med = {name: [statistics.median(t[k] for t in runs) for k in (0, 1)] for name, runs in times.items()}
    print("| page | reports painted (s, median) | everything drawn (s, median) | runs | off-site requests |")
    print("|---|---|---|---|---|")
    for name in ("before", "after"):
        runs = ", ".join(f"{r:.2f}/{a:.2f}" for r, a in times[name])
        print(f"| {name} | {med[name][0]:.2f} | {med[name][1]:.2f} | {runs} | {len(offsite[name])} |")
    print(f"\nafter / before: reports painted {med['after'][0] / med['before'][0]:.2f}, "
          f"everything drawn {med['after'][1] / med['before'][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
