"""Benchmark of issue 4: the project's map path against plain folium, from 1,000 to 100,000 reports.

    python bench/run.py                        # N = 1,000, 10,000, 100,000; writes bench/RESULTS.md
    python bench/run.py --sizes 1000 --check   # CI: completes, and both maps draw every report

For each N, on synthetic reports in the project's schema (``bench/generate.py``, fixed seed):

a. the layer build (``geo.build.build_layers`` from the CSVs);
b. the Python data path, load → filter → map object → HTML, for every report and for one changed
   filter; for the project (``geo``) and the plain baseline (``geopandas.read_file`` → pandas →
   ``GeoDataFrame.explore(popup=True)``); and what one app run sends through ``st_folium``;
c. the size of both HTML pages and of the app's per-run payload;
d. the time until each page is painted in headless Chromium, served from 127.0.0.1;
e. the real app (``streamlit run``): visit → painted map, filter change in the UI → filtered map
   painted, and the server's peak memory;
f. on the real ~50-report dataset: full AppTest script runs and the app in the browser.

Times are medians of ``--repeat`` runs (default 3 up to 10,000 reports, 1 above). The table gives the
ratio project/baseline for each figure and whether the issue's target is met; nothing is tuned to
meet them. Generated data goes to ``bench/out/`` (git-ignored).

(About 650 lines: the measuring lives in ``datapath.py``, ``browser.py`` and ``app.py``; this file is
the run's order and the long table it writes, kept in one place so the table reads as one.)
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for path in (str(BENCH), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

import app  # noqa: E402
import browser  # noqa: E402
import datapath  # noqa: E402
import generate  # noqa: E402
import results as results_file  # noqa: E402
from datapath import STATES, Drawn, Steps, timed  # noqa: E402

from geo.mapview.assets import leaflet_dir  # noqa: E402
from geo.dataset import DEFAULT_DATA  # noqa: E402
from geo.mapview.assets import LeafletAssets  # noqa: E402
from geo.reference import BASEMAP_FILE  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
RESULTS = BENCH / "RESULTS.md"
#: How the standalone project page loads Leaflet and the basemap: files beside it.
PAGE_ASSETS = LeafletAssets(js="leaflet/leaflet.js", css="leaflet/leaflet.css")
PAGE_BASEMAP = "basemap.geojson"
#: The basemap URL the app gives the map (served by the app's component of data/reference/).
APP_BASEMAP = f"../reference_assets/{BASEMAP_FILE.name}"
PACKAGES = ("streamlit", "streamlit-folium", "folium", "branca", "jinja2", "geopandas", "shapely", "pyogrio",
            "pandas", "numpy", "matplotlib", "mapclassify", "playwright", "django-js-lib-leaflet")


# --- figures -----------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured quantity: its samples, or the timeout or error that stopped it."""

    samples: list[float] = field(default_factory=list)
    timeout: float | None = None
    error: str | None = None
    peak: bool = False  # report the largest sample (memory) rather than the median

    def add(self, value: float) -> None:
        self.samples.append(value)

    def add_paint(self, paint: browser.Paint) -> None:
        if paint.seconds is not None:
            self.add(paint.seconds)
        elif paint.timeout is not None:
            self.timeout = paint.timeout
        else:
            self.error = paint.error or "failed"

    @property
    def value(self) -> float | None:
        if self.timeout is not None or self.error is not None or not self.samples:
            return None
        return max(self.samples) if self.peak else statistics.median(self.samples)


@dataclass(frozen=True)
class Row:
    """A line of the results table."""

    key: str
    label: str
    unit: str  # "s" or "MB"
    baseline: bool = True


ROWS = (
    Row("build", "Layer build: `build_layers` from the CSVs", "s", baseline=False),
    Row("load", "Load (project: `load_dataset`, validating; baseline: `read_file`)", "s"),
    Row("path_all", "Filter → map object → HTML, all reports", "s"),
    Row("path_change", "Filter → map object → HTML, one filter changed (no KP)", "s"),
    Row("path_total", "**Python data path**: load + all reports → HTML", "s"),
    Row("app_all", "App run, map part: filter → layers → `st_folium` → JSON, all reports", "s", baseline=False),
    Row("app_change", "App run, map part, one filter changed (no KP)", "s", baseline=False),
    Row("html", "HTML page, all reports", "MB"),
    Row("payload_all", "App payload per run (`st_folium` JSON), all reports", "MB", baseline=False),
    Row("payload_change", "App payload per run, one filter changed (no KP)", "MB", baseline=False),
    Row("paint", "Painted in Chromium: the HTML page, all reports", "s"),
    Row("app_first", "App: first visit → map painted (fresh server: loads and validates)", "s", baseline=False),
    Row("app_frame", "App: visit → map frame attached (Streamlit's page and script run)", "s", baseline=False),
    Row("app_warm", "App: visit → map painted (dataset already loaded)", "s", baseline=False),
    Row("app_change_paint", "App: filter change in the UI → filtered map painted", "s", baseline=False),
    Row("app_rss", "App: peak RSS of the Streamlit process", "MB", baseline=False),
)

DEFAULT_ROWS = (
    Row("paint_empty", "Painted in Chromium: the project's page with no report (Leaflet and the base map: the "
                       "floor of any map page here)", "s", baseline=False),
    Row("apptest_cold", "AppTest full script run, cold (first in the process)", "s", baseline=False),
    Row("apptest_warm", "AppTest full script run, warm (fresh session, median)", "s", baseline=False),
    Row("apptest_rerun", "AppTest rerun of one session (median)", "s", baseline=False),
    *(row for row in ROWS if row.key.startswith("app_")),
)


@dataclass(frozen=True)
class Target:
    """A target of issue 4: an absolute limit and/or a limit on the ratio project/baseline."""

    text: str
    limit: float | None = None
    ratio: float | None = None


TARGETS = {
    (10_000, "paint"): Target("≤ 1/20 of baseline and ≤ 3 s", 3.0, 1 / 20),
    (10_000, "app_warm"): Target("≤ 3 s", 3.0),
    (10_000, "html"): Target("≤ 1/4 of baseline", ratio=1 / 4),
    (100_000, "path_total"): Target("≤ 1/10 of baseline and ≤ 2.5 s", 2.5, 1 / 10),
    (100_000, "html"): Target("≤ 6 MB", 6.0),
    (100_000, "payload_all"): Target("≤ 6 MB", 6.0),
    (100_000, "paint"): Target("≤ 5 s", 5.0),
    (100_000, "app_warm"): Target("≤ 5 s", 5.0),
    (100_000, "app_change_paint"): Target("≤ 3 s", 3.0),
    (100_000, "app_rss"): Target("≤ 1.5 GB", 1536.0),
    ("default", "apptest_warm"): Target("≤ 1.0 s", 1.0),
    ("default", "app_warm"): Target("≤ 2 s", 2.0),
}


@dataclass
class SizeResult:
    """Everything measured at one N (or on the default dataset, `n` = "default")."""

    n: int | str
    project: dict[str, Figure] = field(default_factory=dict)
    baseline: dict[str, Figure] = field(default_factory=dict)
    steps: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    drawn: int | None = None  # reports the maps must draw (all but the country-level ones)
    offsite: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def figure(self, side: str, key: str) -> Figure:
        return getattr(self, side).setdefault(key, Figure(peak=key.endswith("rss")))

    def add_steps(self, name: str, steps: Steps) -> None:
        for step, seconds in steps.seconds.items():
            self.steps.setdefault(name, {}).setdefault(step, []).append(seconds)

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.problems.append(f"N={self.n}: {message}")


# --- measuring ---------------------------------------------------------------------------------------


def measure_python(result: SizeResult, generated: generate.Generated, repeat: int, pages: Path) -> dict[str, Drawn]:
    """Sections a–c: build, both data paths and the app payload; write the two pages of N.

    Returns what the project's map must draw for each filter state.
    """
    for _ in range(repeat):
        result.figure("project", "build").add(generate.build(generated))
        dataset, states, project_html = _project_pass(result, generated.layer)
        baseline_html, drawn_by_baseline = _baseline_pass(result, generated.layer, states)
    (pages / f"project-n{generated.n}.html").write_text(project_html, encoding="utf-8")
    (pages / f"baseline-n{generated.n}.html").write_text(baseline_html, encoding="utf-8")

    drawn = {state: datapath.drawn(dataset, states[state]) for state in STATES}
    country_level = int((dataset.frame["location_precision"] == "country").sum())
    result.drawn = drawn["all"].total
    result.expect(result.drawn == generated.n - country_level,
                  f"the project would draw {result.drawn} reports, not N minus {country_level} country-level")
    result.expect(drawn_by_baseline == result.drawn,
                  f"the baseline would draw {drawn_by_baseline} features, the project {result.drawn}")
    return drawn


def _project_pass(result: SizeResult, layer: Path) -> tuple:
    """One pass of the project's path; returns (dataset, filter states, the all-reports page)."""
    dataset, load_seconds = timed(datapath.project_load, layer)
    result.figure("project", "load").add(load_seconds)
    states = datapath.filter_states(dataset)
    for state, key in zip(STATES, ("all", "change")):
        html, steps = datapath.project_page(dataset, states[state], PAGE_ASSETS, PAGE_BASEMAP)
        result.figure("project", f"path_{key}").add(steps.total)
        result.add_steps(f"project page ({state})", steps)
        if state == "all":
            result.figure("project", "path_total").add(load_seconds + steps.total)
            result.figure("project", "html").add(len(html.encode()) / 1e6)
            page = html
        payload, steps = datapath.project_app_payload(dataset, states[state], APP_BASEMAP)
        result.figure("project", f"app_{key}").add(steps.total)
        result.figure("project", f"payload_{key}").add(len(payload.encode()) / 1e6)
        result.add_steps(f"app run ({state})", steps)
    return dataset, states, page


def _baseline_pass(result: SizeResult, layer: Path, states: dict) -> tuple[str, int]:
    """One pass of the baseline's path; returns (the all-reports page, the features it draws)."""
    frame, load_seconds = timed(datapath.baseline_load, layer)
    result.figure("baseline", "load").add(load_seconds)
    for state, key in zip(STATES, ("all", "change")):
        html, steps, drawn = datapath.baseline_page(frame, states[state])
        result.figure("baseline", f"path_{key}").add(steps.total)
        result.add_steps(f"baseline page ({state})", steps)
        if state == "all":
            result.figure("baseline", "path_total").add(load_seconds + steps.total)
            result.figure("baseline", "html").add(len(html.encode()) / 1e6)
            page, page_drawn = html, drawn
    return page, page_drawn


def measure_pages(result: SizeResult, n: int, drawn: Drawn, chromium, base_url: str, repeat: int,
                  timeout: float) -> None:
    """Section d: time both pages until painted, each in a fresh browser context."""
    sides = (("project", browser.PROJECT_JS, {"points": drawn.points, "reportsInRegions": drawn.reports_in_regions,
                                              "after": 0}),
             ("baseline", browser.BASELINE_JS, {"features": drawn.total}))
    for side, condition, want in sides:
        for _ in range(repeat):
            paint = browser.paint_page(chromium, f"{base_url}/{side}-n{n}.html", condition, want, timeout)
            result.figure(side, "paint").add_paint(paint)
            result.offsite += paint.offsite
            result.expect(paint.seconds is None or paint.drawn == drawn.total,
                          f"the {side} page drew {paint.drawn} features, not {drawn.total}")
            if paint.seconds is None:
                break  # a page that times out once would time out again


def measure_app(result: SizeResult, layer: Path | None, drawn: dict[str, Drawn], chromium, repeat: int,
                timeout: float, log: Path) -> None:
    """Section e: fresh server per repeat; first visit, filter change, second visit, peak memory."""
    for _ in range(repeat):
        visit = app.visit(chromium, layer, drawn["all"], drawn["no KP"], timeout, log)
        result.figure("project", "app_first").add_paint(visit.first_open)
        result.figure("project", "app_change_paint").add_paint(visit.filter_change)
        result.figure("project", "app_warm").add_paint(visit.warm_open)
        if visit.warm_frame is not None:
            result.figure("project", "app_frame").add(visit.warm_frame)
        if visit.peak_rss_mb is not None:
            result.figure("project", "app_rss").add(visit.peak_rss_mb)
        for name, paint, want in (("first visit", visit.first_open, drawn["all"]),
                                  ("filter change", visit.filter_change, drawn["no KP"]),
                                  ("second visit", visit.warm_open, drawn["all"])):
            result.offsite += paint.offsite
            result.expect(paint.seconds is not None and paint.drawn == want.total,
                          f"app {name}: map drew {paint.drawn} of {want.total} ({paint.error or paint.timeout or 'ok'})")


def measure_default(chromium, repeat: int, timeout: float, log: Path, apptest_repeat: int, pages: Path,
                    base_url: str) -> SizeResult:
    """Section f: the real dataset, with AppTest and in the browser; and the empty page (a floor)."""
    from geo.dataset import load_dataset

    result = SizeResult("default")
    nothing = dataclasses.replace(datapath.filter_states(load_dataset(DEFAULT_DATA))["all"], nationalities=())
    html, _ = datapath.project_page(load_dataset(DEFAULT_DATA), nothing, PAGE_ASSETS, PAGE_BASEMAP)
    (pages / "project-empty.html").write_text(html, encoding="utf-8")
    for _ in range(repeat):
        paint = browser.paint_page(chromium, f"{base_url}/project-empty.html", browser.PROJECT_JS,
                                   {"points": 0, "reportsInRegions": 0, "after": 0}, timeout)
        result.figure("project", "paint_empty").add_paint(paint)
        result.offsite += paint.offsite
    times = app.apptest_times(apptest_repeat)
    result.figure("project", "apptest_cold").add(times.cold)
    result.figure("project", "apptest_warm").add(times.warm)
    result.figure("project", "apptest_rerun").add(times.rerun)
    dataset = load_dataset(DEFAULT_DATA)
    states = datapath.filter_states(dataset)
    drawn = {state: datapath.drawn(dataset, states[state]) for state in STATES}
    result.drawn = drawn["all"].total
    measure_app(result, None, drawn, chromium, repeat, timeout, log)
    return result


def prepare_pages(directory: Path) -> None:
    """The folder the pages are served from: Leaflet (from its Python package) and the basemap."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(leaflet_dir(), directory / "leaflet", dirs_exist_ok=True)
    shutil.copy(BASEMAP_FILE, directory / PAGE_BASEMAP)


def warm_up() -> None:
    """Run both paths once on the small real dataset: imports and first-call costs are not timed."""
    dataset = datapath.project_load(DEFAULT_DATA)
    everything = datapath.filter_states(dataset)["all"]
    datapath.project_page(dataset, everything, PAGE_ASSETS, PAGE_BASEMAP)
    datapath.project_app_payload(dataset, everything, APP_BASEMAP)
    datapath.baseline_page(datapath.baseline_load(DEFAULT_DATA), everything)


#: Where the functions listed in the profile live (the project, the map libraries, JSON).
PROFILED = ("/geo/", "/streamlit_folium/", "/folium/", "/branca/", "/json/", "/jinja2/")


def profile_project(layer: Path, top: int = 25) -> str:
    """cProfile of the project's data path on `layer` (load, the all-reports page, one app run for
    a filter change): the functions of `PROFILED` modules by cumulative time, then every function
    by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    dataset = datapath.project_load(layer)
    states = datapath.filter_states(dataset)
    datapath.project_page(dataset, states["all"], PAGE_ASSETS, PAGE_BASEMAP)
    datapath.project_app_payload(dataset, states["no KP"], APP_BASEMAP)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = [(cumulative, own, calls, file, f"{Path(file).name}:{line}({name})")
               for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items()]
    lines = [f"{stats.total_tt:.2f} s in all under the profiler", "",
             "cumulative  own s     calls  function (geo/, folium, branca, jinja2, streamlit_folium, json)"]
    ours = sorted((entry for entry in entries if any(part in entry[3] for part in PROFILED)), reverse=True)
    lines += [_profile_line(entry) for entry in ours[:top]]
    lines += ["", "cumulative  own s     calls  function (any, by own time)"]
    lines += [_profile_line(entry) for entry in sorted(entries, key=lambda entry: -entry[1])[:top]]
    return "\n".join(lines)


def _profile_line(entry: tuple) -> str:
    cumulative, own, calls, _, name = entry
    return f"{cumulative:10.3f} {own:6.3f} {calls:9d}  {name}"


# --- the machine ----------------------------------------------------------------------------------


def machine(chromium_version: str) -> list[tuple[str, str]]:
    """What the benchmark ran on and with."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    ram_kb = int(next(line.split()[1] for line in meminfo.splitlines() if line.startswith("MemTotal")))
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return [
        ("Date", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{model}, {os.cpu_count()} cores"),
        ("RAM", f"{ram_kb / 1024 ** 2:.1f} GiB"),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Chromium", f"{chromium_version} (Debian, headless, driven by Playwright)"),
        ("Packages", ", ".join(versions)),
        ("Code", _git_state()),
    ]


def _git_state() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.rstrip()

    head = git("rev-parse", "--short", "HEAD") or "?"
    changed = [line[3:] for line in git("status", "--porcelain").splitlines() if not line[3:].startswith("bench/")]
    return f"commit {head}" + (f" plus uncommitted changes to {', '.join(changed)}" if changed else "")


# --- the table -----------------------------------------------------------------------------------------


def fmt(figure: Figure | None, unit: str) -> str:
    if figure is None:
        return ""
    if figure.timeout is not None:
        return f"> {figure.timeout:g} s (timeout)"
    if figure.error is not None:
        return f"failed: {figure.error[:60]}"
    value = figure.value
    if value is None:
        return "–"
    if unit == "MB" and value >= 1000:
        return f"{value / 1024:.2f} GB"
    return f"{value:.3g} {unit}" if value < 1000 else f"{value:,.0f} {unit}"


def ratio(project: Figure, baseline: Figure | None) -> tuple[float | None, str]:
    """project/baseline and its text; an upper bound (``<``) when the baseline timed out."""
    if baseline is None or project.value is None:
        return None, ""
    if baseline.timeout is not None:
        bound = project.value / baseline.timeout
        return bound, f"< {_fraction(bound)}"
    if not baseline.value:
        return None, ""
    value = project.value / baseline.value
    return value, _fraction(value)


def _fraction(value: float) -> str:
    return f"{value:.2g} (1/{1 / value:.0f})" if 0 < value < 0.5 else f"{value:.2g}"


def met(target: Target | None, project: Figure, ratio_value: float | None) -> str:
    if target is None:
        return ""
    if project.value is None:
        return "**no**"
    ok = target.limit is None or project.value <= target.limit
    ok = ok and (target.ratio is None or (ratio_value is not None and ratio_value <= target.ratio))
    return "yes" if ok else "**no**"


def table(results: list[SizeResult]) -> str:
    """The results at every N as one Markdown table."""
    lines = ["| N | figure | project | baseline | project/baseline | target (issue 4) | met |",
             "|---:|---|---:|---:|---:|---|:---:|"]
    for result in results:
        for row in ROWS:
            project = result.project.get(row.key)
            if project is None:
                continue
            baseline = result.baseline.get(row.key) if row.baseline else None
            ratio_value, ratio_text = ratio(project, baseline)
            target = TARGETS.get((result.n, row.key))
            lines.append(f"| {result.n:,} | {row.label} | {fmt(project, row.unit)} | {fmt(baseline, row.unit)} | "
                         f"{ratio_text} | {target.text if target else ''} | {met(target, project, ratio_value)} |")
    return "\n".join(lines)


def default_table(result: SizeResult) -> str:
    """The real dataset's figures."""
    lines = [f"| figure ({result.drawn} reports drawn) | value | target (issue 4) | met |", "|---|---:|---|:---:|"]
    for row in DEFAULT_ROWS:
        figure = result.project.get(row.key)
        if figure is not None:
            target = TARGETS.get(("default", row.key))
            lines.append(f"| {row.label} | {fmt(figure, row.unit)} | {target.text if target else ''} | "
                         f"{met(target, figure, None)} |")
    return "\n".join(lines)


def steps_table(results: list[SizeResult]) -> str:
    """Median seconds of each step of the Python paths."""
    lines = ["| N | path | steps (median seconds) | total |", "|---:|---|---|---:|"]
    for result in results:
        for name, steps in result.steps.items():
            medians = {step: statistics.median(values) for step, values in steps.items()}
            text = " · ".join(f"{step} {seconds:.3g}" for step, seconds in medians.items())
            lines.append(f"| {result.n:,} | {name} | {text} | {sum(medians.values()):.3g} |")
    return "\n".join(lines)


NOTES = """\
How it was measured:
- Data: `bench/generate.py`, seed {seed}: ~88 % settlement/district points uniformly inside the
  reference oblasts (Kursk, Donetsk and the five border oblasts), ~10 % oblast-level (drawn as the
  region's polygon), ~2 % country-level (not drawn); both maps must draw every other report. The
  layers are built with `geo.build.build_layers` and the app loads `<dir>/layers/all.geojson`.
- Python path: project = `load_dataset` → `filter_index` → `base_map` + `report_layers` →
  `standalone_html`; baseline = `geopandas.read_file` → pandas filter (same meaning) →
  `GeoDataFrame.explore(popup=True, tiles=None)` → `get_root().render()`. "App run, map part" runs
  streamlit-folium's real `st_folium` (component call captured) and Streamlit's `json.dumps` of its
  arguments: what the server does with the map on each run for a new filter state (a repeated state
  is cached by the app). No online tiles on either side (`TROOPS_TILES=off`).
- Browser: Debian Chromium, fresh context per measurement, pages served by `http.server` on
  127.0.0.1; the baseline's CDN Leaflet is answered with the local copy (`django-js-lib-leaflet`),
  its other CDN assets with empty bodies; any other off-site request is aborted and recorded
  ({offsite}). Painted = every drawable report is on the map (project: `reportCounts(map)` and the
  canvas's `data-painted-at`; baseline: Leaflet layers carrying `.feature`), the view has settled
  (no zoom animation) and two animation frames have passed; timed from the start of navigation.
- App: `streamlit run streamlit_app.py` with `TROOPS_DATA=<all.geojson>`, `TROOPS_TILES=off`, a fresh
  server per repeat; the filter change clicks "Remove North Korea (KP)"; peak RSS is `VmHWM`.
- Targets are those of issue 4; absolute ones for the page also shown for the app's visit.
"""


def floor_note(results: list[SizeResult], default: SizeResult) -> list[str]:
    """What the empty page's time says about the ratio targets on painting."""
    floor = default.project.get("paint_empty")
    lines = []
    for result in results:
        target = TARGETS.get((result.n, "paint"))
        baseline = result.baseline.get("paint")
        if not (floor and floor.value and target and target.ratio and baseline and baseline.value):
            continue
        wanted = baseline.value * target.ratio
        if wanted < floor.value:
            lines.append(f"At N = {result.n:,} the target \"{target.text}\" asks for {wanted:.3g} s, less than "
                         f"the {floor.value:.3g} s the project's page takes with no report at all (the same "
                         f"Leaflet, base map and scripts): no page of this kind can meet it here. Plain "
                         f"`explore()` paints these {result.n:,} reports in {baseline.value:.3g} s on this "
                         f"machine; the issue's own table measured 66–87 s for it.")
    return [*lines, ""] if lines else []


def report(results: list[SizeResult], default: SizeResult | None, about: list[tuple[str, str]],
           profile: tuple[int, str] | None, command: str) -> str:
    """The whole Markdown report."""
    offsite = sorted({url for result in [*results, *([default] if default else [])] for url in result.offsite})
    parts = ["# Benchmark: the project's map against plain folium (issue 4)", "",
             f"`{command}`", "", *(f"- **{key}**: {value}" for key, value in about), "",
             "## Results", "", table(results), ""]
    if default is not None:
        parts += ["## The real dataset (`layers/all.geojson`)", "", default_table(default), ""]
        parts += floor_note(results, default)
    parts += ["## Where the Python time goes", "", steps_table(results), ""]
    if profile is not None:
        parts += [f"### cProfile of the project's data path at N = {profile[0]:,}", "",
                  "Load, the all-reports page and one app run for a filter change, under the profiler "
                  "(which slows Python-heavy code down):", "",
                  "```", profile[1], "```", ""]
    parts += ["## Notes", "", NOTES.format(seed=generate.SEED,
                                           offsite=f"seen: {', '.join(offsite)}" if offsite else "none were seen")]
    problems = [problem for result in [*results, *([default] if default else [])] for problem in result.problems]
    if problems:
        parts += ["## Problems", "", *(f"- {problem}" for problem in problems), ""]
    return "\n".join(parts)


# --- main ----------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=list(SIZES),
                        help="comma-separated numbers of reports (default: 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per figure, medians reported (default: 3 up to 10,000 reports, 1 above)")
    parser.add_argument("--check", action="store_true",
                        help="CI: one run; fail unless everything completes and both maps draw every report; "
                             "RESULTS.md is not written")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for a page to paint")
    parser.add_argument("--app-timeout", type=float, default=600, help="seconds to wait for the app's map")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="generated data and pages")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile of the largest size")
    return parser.parse_args(argv)


def repeats(args: argparse.Namespace, n: int) -> int:
    if args.check:
        return 1
    return args.repeat or (3 if n <= 10_000 else 1)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    command = "python bench/run.py" + ("" if not argv else " " + " ".join(argv))
    pages = args.out / "pages"
    prepare_pages(pages)
    log("warming up")
    warm_up()
    results = []
    with browser.chromium() as chromium, browser.http_server(pages) as base_url:
        for n in args.sizes:
            result = SizeResult(n)
            repeat = repeats(args, n)
            log(f"N={n:,}: generating")
            generated = generate.ensure(n, args.out / f"n{n}")
            log(f"N={n:,}: Python paths ×{repeat}")
            drawn = measure_python(result, generated, repeat, pages)
            log(f"N={n:,}: pages in Chromium ×{repeat}")
            measure_pages(result, n, drawn["all"], chromium, base_url, repeat, args.timeout)
            log(f"N={n:,}: the app ×{repeat}")
            measure_app(result, generated.layer.resolve(), drawn, chromium, repeat, args.app_timeout,
                        args.out / f"streamlit-n{n}.log")
            results.append(result)
        log("the real dataset")
        default = measure_default(chromium, 1 if args.check else 3, args.app_timeout, args.out / "streamlit-default.log",
                                  1 if args.check else 5, pages, base_url)
        about = machine(chromium.version)
    profile = None
    if not args.check and not args.no_profile:
        largest = max(args.sizes)
        log(f"N={largest:,}: profiling the project's path")
        profile = (largest, profile_project(generate.ensure(largest, args.out / f"n{largest}").layer))
    text = report(results, default, about, profile, command)
    print(text)
    problems = [problem for result in [*results, default] for problem in result.problems]
    offsite = [url for result in [*results, default] for url in result.offsite]
    if args.check:
        if problems or offsite:
            print("\nCHECK FAILED:\n" + "\n".join(problems + [f"off-site request: {url}" for url in offsite]),
                  file=sys.stderr)
            return 1
        print(f"\ncheck passed: both maps drew every drawable report at N = {', '.join(map(str, args.sizes))}",
              file=sys.stderr)
        return 0
    kept = results_file.section(results_file.LOAD_SECTION)  # stays until bench/load.py runs again
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + kept if kept else text, encoding="utf-8")
    log(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
