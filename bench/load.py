"""Readers opening the page at once: the server's CPU seconds per page view and the time until each map is drawn.

    python bench/load.py                  # N = 1, 10, 30 readers at once, on the embedded data
    python bench/load.py --sizes 1,5      # other crowd sizes
    python bench/load.py --empty          # the floor: an empty Streamlit page, same method
    python bench/load.py --empty elements # a page of the map page's kinds of element, and no work
    python bench/load.py --app DIR        # another checkout's app (bench/compare.py --script does this)
    python bench/load.py --upload 20      # the same crowd while another reader uploads a 20 MB layer
    python bench/load.py --write --upload 20  # the map page, both floors and the upload, in one run:
                                          #   its section of bench/RESULTS.md

One `streamlit run` on loopback, with the README's command line (so the app's own
`.streamlit/config.toml` decides, as in a deployment); N fresh browser contexts of Debian's Chromium
open the page together (Playwright's async API), each waits until its map is drawn (or, with
``--empty``, the page's text).
The server's CPU time (user + system, from /proc) is read before and after each crowd; its difference
divided by N is the CPU per view; a crowd smaller than ``--views`` (10) comes again until that
many views are measured, since one view alone is mostly noise (the times are then of every crowd). With ``--upload MB``, each crowd is measured twice, alone and
while one more reader uploads a valid layer of that size (checked, then drawn), with the server's
health check timed every quarter second: whether other readers stay served during an upload. The browsers share the machine with the server: times grow with N
on 2 cores, CPU per view should not. Prints a table in the form of `bench/run.py` (which
`bench/compare.py --script bench/load.py` reads).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from tests.support import CHROMIUM, CHROMIUM_ARGS, large_layer, streamlit_process  # noqa: E402

EMPTY_APP = "import streamlit as st\n\nst.write('An empty page: the floor of any Streamlit page.')\n"
#: A page with the same kinds of element as the map page and no work: Streamlit's own cost of such a page.
ELEMENTS_APP = """import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")
st.sidebar.title("Filters")
st.sidebar.expander("Load another dataset").file_uploader("A file", accept_multiple_files=True)
st.sidebar.slider("Date range", 0, 10, (0, 10))
st.sidebar.toggle("Include undated reports", value=True)
st.sidebar.caption("A caption")
st.sidebar.pills("Nationalities by region", ["A", "B"])
for name in ("Nationality", "Claim status", "Layer"):
    st.sidebar.multiselect(name, ["A", "B", "C"], default=["A", "B", "C"])
st.sidebar.button("Show all reports")
st.sidebar.toggle("Online map tiles", value=False)
st.html("<style></style>")
st.header("An empty page with the map page's kinds of element", divider="gray")
st.caption("A caption with `code`")
st.markdown("**A line** of text")
left, right = st.columns([5, 2])
with left:
    st_folium(folium.Map(tiles=None), key="map", height=620, use_container_width=True, returned_objects=[])
with right:
    st.subheader("Details")
    st.caption("A caption")
tabs = st.tabs(["Reports", "Timeline", "Figures", "Not on the map", "Download", "About"])
with tabs[0]:
    st.dataframe(pd.DataFrame({"a": range(20), "b": ["x"] * 20}), column_config={"b": st.column_config.LinkColumn("b")})
st.write("An empty page: the floor of any Streamlit page.")
"""
MAP_DRAWN = """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const w = f && f.contentWindow; const c = w && w.document && w.document.querySelector('#map_div');
    return !!(c && c.dataset.paintedAt && w.reportCounts); }"""
TEXT_SHOWN = "() => document.body.innerText.includes('An empty page')"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


async def open_page(browser, url: str, drawn: str, timeout: float) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        started = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        await page.wait_for_function(drawn, timeout=timeout * 1000, polling=100)
        return time.perf_counter() - started
    finally:
        await context.close()


async def upload_layer(browser, url: str, path: Path, timeout: float, chosen: asyncio.Event) -> float:
    """One reader opens the page and uploads `path` (`chosen` is set then); seconds until its data is shown."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        await page.wait_for_function(MAP_DRAWN, timeout=timeout * 1000, polling=100)
        await page.get_by_text("Load another dataset").click()
        started = time.perf_counter()
        await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(path)])
        chosen.set()
        await page.get_by_text(f"from {path.name}").first.wait_for(timeout=timeout * 1000)
        return time.perf_counter() - started
    finally:
        await context.close()


async def health(url: str, stop: asyncio.Event) -> list[float]:
    """Seconds each health check took, one every quarter second until `stop`."""
    def probe() -> float:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=60) as response:
            response.read()
        return time.perf_counter() - started

    times = []
    while not stop.is_set():
        times.append(await asyncio.to_thread(probe))
        await asyncio.sleep(0.25)
    return times


async def crowd(url: str, n: int, drawn: str, pid: int, timeout: float, upload: Path | None = None) -> dict:
    """N readers at once (and, with `upload`, one more uploading it meanwhile): CPU per view and times."""
    from playwright.async_api import async_playwright

    async with async_playwright() as engine:
        browser = await engine.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            await open_page(browser, url, drawn, timeout)  # warm: the dataset is loaded, caches are filled
            await asyncio.sleep(1.0)
            before = cpu_seconds(pid)
            stop = asyncio.Event()
            probes = asyncio.create_task(health(url, stop))
            chosen = asyncio.Event()
            uploading = asyncio.create_task(upload_layer(browser, url, upload, timeout, chosen)) if upload else None
            if uploading:
                await chosen.wait()  # the readers come while the uploaded file is sent and checked
            times = await asyncio.gather(*(open_page(browser, url, drawn, timeout) for _ in range(n)))
            upload_seconds = await uploading if uploading else None
            stop.set()
            await asyncio.sleep(1.0)  # the sessions' last messages
            cpu = cpu_seconds(pid) - before
            return {"per_view": cpu / n, "times": list(times), "health": await probes, "upload": upload_seconds}
        finally:
            await browser.close()


def measure(sizes: list[int], empty: str | None, timeout: float, app: Path = ROOT,
            upload_mb: float | None = None, views: int = 10) -> list[dict]:
    env = {"TROOPS_TILES": "off", "TROOPS_DATA": ""}
    with tempfile.TemporaryDirectory() as directory:
        cwd = app
        if empty:
            cwd = Path(directory)
            (cwd / "streamlit_app.py").write_text(ELEMENTS_APP if empty == "elements" else EMPTY_APP, encoding="utf-8")
            (cwd / ".streamlit").mkdir()
            (cwd / ".streamlit" / "config.toml").write_bytes((ROOT / ".streamlit" / "config.toml").read_bytes())
        layer = large_layer(Path(directory) / "upload.geojson", upload_mb) if upload_mb else None
        results = []
        # As the README runs it: the checkout's own .streamlit/config.toml decides (file watcher included).
        with streamlit_process(env, cwd=cwd, as_readme=True) as (url, process):
            for n in sizes:
                for upload in (None, layer) if layer else (None,):
                    # CPU per view over at least `views` views: a small crowd comes again (one view alone is noise).
                    crowds = [asyncio.run(crowd(url, n, TEXT_SHOWN if empty else MAP_DRAWN, process.pid, timeout,
                                                upload))
                              for _ in range(1 if upload else max(1, -(-views // n)))]
                    result = {"per_view": statistics.fmean(c["per_view"] for c in crowds),
                              "times": [t for c in crowds for t in c["times"]],
                              "health": [h for c in crowds for h in c["health"]], "upload": crowds[0]["upload"]}
                    results.append({"n": n, "uploading": upload is not None, "crowds": len(crowds), **result})
                    print(f"N={n}{' while uploading' if upload else ''}: {result['per_view']:.3f} s CPU per view; "
                          f"drawn after median {statistics.median(result['times']):.2f} s, slowest "
                          f"{max(result['times']):.2f} s; health check at most {max(result['health']):.2f} s",
                          file=sys.stderr, flush=True)
        return results


def table(results: list[dict], empty: str | None, upload_mb: float | None = None) -> str:
    what = {"empty": "empty Streamlit page", "elements": "Streamlit page of the same elements, no work",
            None: "the map page (embedded data)"}[empty]
    done = "text shown" if empty else "map drawn"
    lines = ["## Results", "", "| N | figure | value |", "|---:|---|---:|"]
    for result in results:
        n, times = result["n"], result["times"]
        during = f", while a reader uploads {upload_mb:g} MB" if result["uploading"] else ""
        if not result["uploading"]:
            lines.append(f"| {n} | Server CPU per page view, {what} | {result['per_view']:.3f} s |")
        lines += [f"| {n} | Page opened → {done}, median of N at once{during} | {statistics.median(times):.2f} s |",
                  f"| {n} | Page opened → {done}, slowest of N at once{during} | {max(times):.2f} s |"]
        if upload_mb:
            lines.append(f"| {n} | Health check, slowest{during} | {max(result['health']):.2f} s |")
        if result["uploading"]:
            lines.append(f"| {n} | Upload chosen → its data shown, {upload_mb:g} MB, during the crowd | "
                         f"{result['upload']:.2f} s |")
    return "\n".join(lines) + "\n"


def write_section(body: str) -> None:
    """Put this benchmark's section into bench/RESULTS.md, with what it ran on."""
    import results
    import run

    about = "\n".join(f"- **{key}**: {value}" for key, value in run.machine(chromium_version())
                      if key in ("Date", "CPU", "Python", "Chromium", "Code"))
    results.put_section(results.LOAD_SECTION, f"`python bench/load.py {' '.join(sys.argv[1:])}`\n\n{about}\n\n{body}")


def chromium_version() -> str:
    import subprocess

    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.split()
    return next((word for word in out if word[:1].isdigit()), "?")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=[1, 10, 30])
    parser.add_argument("--empty", nargs="?", const="empty", choices=("empty", "elements"), default=None,
                        help="instead of the map: an empty Streamlit page, or one with the map page's kinds of "
                             "element and no work (the floor of a page of this kind)")
    parser.add_argument("--views", type=int, default=10,
                        help="CPU per view is taken over at least this many views: a smaller crowd comes again")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a page may take to draw")
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout whose streamlit_app.py is served")
    parser.add_argument("--upload", type=float, default=None, metavar="MB",
                        help="also measure each crowd while one more reader uploads a valid layer of MB megabytes")
    parser.add_argument("--write", action="store_true",
                        help="measure the map page, then both floors, and write them into bench/RESULTS.md")
    parser.add_argument("--out", type=Path, default=None, help="ignored (bench/compare.py passes it)")
    parser.add_argument("--no-profile", action="store_true", help="ignored (bench/compare.py passes it)")
    args = parser.parse_args(argv)
    if not args.write:
        results = measure(args.sizes, args.empty, args.timeout, args.app.resolve(), args.upload, args.views)
        print(table(results, args.empty, args.upload))
        return 0
    parts = []
    for empty, upload, title in ((None, args.upload, "The map page"),
                                 ("elements", None, "The floor: a page of the same kinds of element, no work"),
                                 ("empty", None, "The floor: an empty Streamlit page")):
        results = measure(args.sizes, empty, args.timeout, args.app.resolve(), upload, args.views)
        parts.append(f"### {title}\n\n" + table(results, empty, upload).replace("## Results\n\n", ""))
    body = "\n".join(parts)
    print(body)
    write_section(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
