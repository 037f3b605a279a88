"""Readers opening the page at once: the server's CPU seconds per page view and the time until each map is drawn.

    python bench/load.py                  # N = 1, 10, 30 readers at once, on the embedded data
    python bench/load.py --sizes 1,5      # other crowd sizes
    python bench/load.py --empty          # the floor: an empty Streamlit page, same method
    python bench/load.py --empty elements # a page of the map page's kinds of element, and no work
    python bench/load.py --app DIR        # another checkout's app (bench/compare.py --script does this)

One `streamlit run` on loopback; N fresh browser contexts of Debian's Chromium open the page together
(Playwright's async API), each waits until its map is drawn (or, with ``--empty``, the page's text).
The server's CPU time (user + system, from /proc) is read before and after each crowd; its difference
divided by N is the CPU per view. The browsers share the machine with the server: times grow with N
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
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from tests.support import CHROMIUM, CHROMIUM_ARGS, streamlit_process  # noqa: E402

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


async def crowd(url: str, n: int, drawn: str, pid: int, timeout: float) -> tuple[float, list[float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as engine:
        browser = await engine.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            await open_page(browser, url, drawn, timeout)  # warm: the dataset is loaded, caches are filled
            await asyncio.sleep(1.0)
            before = cpu_seconds(pid)
            times = await asyncio.gather(*(open_page(browser, url, drawn, timeout) for _ in range(n)))
            await asyncio.sleep(1.0)  # the sessions' last messages
            return (cpu_seconds(pid) - before) / n, list(times)
        finally:
            await browser.close()


def measure(sizes: list[int], empty: bool, timeout: float, app: Path = ROOT) -> list[tuple[int, float, list[float]]]:
    env = {"TROOPS_TILES": "off", "TROOPS_DATA": ""}
    with tempfile.TemporaryDirectory() as directory:
        cwd = app
        if empty:
            cwd = Path(directory)
            (cwd / "streamlit_app.py").write_text(ELEMENTS_APP if empty == "elements" else EMPTY_APP, encoding="utf-8")
            (cwd / ".streamlit").mkdir()
            (cwd / ".streamlit" / "config.toml").write_bytes((ROOT / ".streamlit" / "config.toml").read_bytes())
        results = []
        with streamlit_process(env, cwd=cwd) as (url, process):
            for n in sizes:
                per_view, times = asyncio.run(crowd(url, n, TEXT_SHOWN if empty else MAP_DRAWN, process.pid, timeout))
                results.append((n, per_view, times))
                print(f"N={n}: {per_view:.3f} s CPU per view; drawn after median {statistics.median(times):.2f} s, "
                      f"slowest {max(times):.2f} s", file=sys.stderr, flush=True)
        return results


def table(results, empty: str | None) -> str:
    what = {"empty": "empty Streamlit page", "elements": "Streamlit page of the same elements, no work",
            None: "the map page (embedded data)"}[empty]
    lines = ["## Results", "", "| N | figure | value |", "|---:|---|---:|"]
    for n, per_view, times in results:
        lines += [f"| {n} | Server CPU per page view, {what} | {per_view:.3f} s |",
                  f"| {n} | Page opened → {'text shown' if empty else 'map drawn'}, median of N at once | "
                  f"{statistics.median(times):.2f} s |",
                  f"| {n} | Page opened → {'text shown' if empty else 'map drawn'}, slowest of N at once | "
                  f"{max(times):.2f} s |"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=[1, 10, 30])
    parser.add_argument("--empty", nargs="?", const="empty", choices=("empty", "elements"), default=None,
                        help="instead of the map: an empty Streamlit page, or one with the map page's kinds of "
                             "element and no work (the floor of a page of this kind)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a page may take to draw")
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout whose streamlit_app.py is served")
    parser.add_argument("--out", type=Path, default=None, help="ignored (bench/compare.py passes it)")
    parser.add_argument("--no-profile", action="store_true", help="ignored (bench/compare.py passes it)")
    args = parser.parse_args(argv)
    print(table(measure(args.sizes, args.empty, args.timeout, args.app.resolve()), args.empty))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
