"""streamlit_app.py through Streamlit's AppTest: filters, links, hostile input, downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo.dataset import load_dataset
from geo.present import export
from tests.support import FIXTURE_REPORTS, HOSTILE, HOSTILE_ID, ROOT, hostile_dataset, parse_count_line

FIXTURE = load_dataset(FIXTURE_REPORTS)
TOTAL = len(FIXTURE)


@pytest.fixture
def app(monkeypatch):
    """A fresh app on the fixture reports, online tiles off."""
    monkeypatch.setenv("TROOPS_TILES", "off")
    monkeypatch.setenv("TROOPS_DATA", str(FIXTURE_REPORTS))
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)


def test_runs_on_the_embedded_data(monkeypatch):
    monkeypatch.setenv("TROOPS_TILES", "off")
    monkeypatch.delenv("TROOPS_DATA", raising=False)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception
    published = json.loads((ROOT / "layers" / "all.geojson").read_text(encoding="utf-8"))
    figures = counts(at)
    assert figures["shown"] == figures["total"] == len(published["features"])


@pytest.fixture
def downloads(monkeypatch):
    """Bytes handed to download buttons, by media file id (the end of the button's URL)."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, (bytes, bytearray)):
            captured[file_id] = bytes(path_or_data)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


def unescape(markdown: str) -> str:
    """What Markdown with escaped punctuation shows."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def counts(at: AppTest) -> dict[str, int]:
    return parse_count_line(" ".join(m.value for m in at.markdown))


def open_tab(at: AppTest, label: str) -> AppTest:
    """Select a tab below the map (only the open tab's content runs)."""
    at.session_state["below"] = label
    return at.run()


def download(at: AppTest, captured: dict[str, bytes], label: str) -> bytes:
    if not any(b.proto.label == label for b in at.get("download_button")):
        open_tab(at, "Download")
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    return captured[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]


def test_runs_and_shows_everything(app):
    app.run()
    assert not app.exception
    figures = counts(app)
    assert figures["shown"] == figures["total"] == TOTAL
    assert figures["points"] + figures["area_reports"] + figures["undrawn"] == TOTAL
    assert any("Dataset version `" in c.value for c in app.caption)


def test_nationality_filter_changes_the_count(app):
    app.run()
    app.multiselect(key="f_nat").set_value(["CN"]).run()
    assert not app.exception
    assert counts(app)["shown"] == 4  # T-3, T-4, T-6, T-9
    assert app.query_params["nat"] == "CN"


def test_date_filter_changes_the_count(app):
    import datetime as dt

    app.run()
    first, last = app.slider(key="f_dates").value
    app.slider(key="f_dates").set_value((dt.date(2025, 4, 10), last)).run()
    shown = counts(app)["shown"]
    assert 0 < shown < TOTAL
    assert app.query_params["from"] == "2025-04-10"


def test_empty_selection_shows_a_message_not_an_error(app):
    app.run()
    app.multiselect(key="f_status").set_value([]).run()
    assert not app.exception
    assert counts(app)["shown"] == 0
    assert any("No report matches these filters" in i.value for i in app.info)
    assert app.query_params["status"] == "none"


def test_link_restores_the_filters(app):
    app.query_params["nat"] = "CN"
    app.query_params["from"] = "2025-04-09"
    app.query_params["to"] = "2025-04-10"
    app.query_params["status"] = "denied"
    app.run()
    assert not app.exception and not app.warning
    assert app.multiselect(key="f_nat").value == ["CN"]
    assert app.multiselect(key="f_status").value == ["denied"]
    assert counts(app)["shown"] == 1  # T-4


@pytest.mark.parametrize(("params", "notice"), [
    ({"from": "yesterday"}, "is not a date"),
    ({"to": "2025-02-30"}, "is not a date"),
    ({"from": "1900-01-01"}, "is outside the data"),
    ({"nat": "<script>alert(1)</script>"}, "ignored unknown value"),
    ({"status": "rumoured"}, "ignored unknown value"),
    ({"layer": "crimea"}, "ignored unknown value"),
    ({"z": "999", "lat": "51", "lon": "35"}, "is not a number in 3..18"),
    ({"sel": "T-999"}, "is not a report in this dataset"),
    ({"nat": "KP," * 1000}, "longer than 512 characters"),
    ({"evil": "1"}, "Ignored unknown link parameter"),
])
def test_hostile_link_parameters_fall_back_with_a_notice(app, params, notice):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    assert counts(app)["shown"] == TOTAL
    shown = [unescape(w.value) for w in app.warning]
    assert any(notice in text for text in shown), shown
    assert all("<script>" not in text for text in shown)


def test_link_selects_a_report_or_a_region(app):
    app.query_params["sel"] = "T-1"
    app.run()
    assert not app.exception
    assert app.query_params["sel"] == "T-1"
    assert any("Sudzha" in h.proto.body for h in app.get("html"))
    region = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    region.query_params["sel"] = "region:Kursk Oblast"
    region.run()
    assert region.query_params["sel"] == "region:Kursk Oblast"
    assert any("Kursk Oblast</b>: 1 shown report(s)" in h.proto.body for h in region.get("html"))


def test_downloads_hold_the_filtered_reports(app, downloads):
    app.run()
    app.multiselect(key="f_nat").set_value(["CN"]).run()
    shown = counts(app)["shown"]
    collection = json.loads(download(app, downloads, "Selection as GeoJSON"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == shown
    assert {f["properties"]["nationality"] for f in collection["features"]} <= {"CN"}
    assert collection["dataset_version"]
    rows = list(csv.DictReader(io.StringIO(download(app, downloads, "Selection as CSV").decode("utf-8-sig"))))
    assert len(rows) == shown and rows[0]["source_urls"].startswith("http")
    whole = json.loads(download(app, downloads, "Kursk Oblast"))
    assert [f["id"] for f in whole["features"]] == ["T-1", "T-10", "T-2"]


def test_download_buttons_do_not_rerun(app):
    app.run()
    assert not app.get("download_button")  # the Reports tab is open: other tabs' content is not sent
    open_tab(app, "Download")
    assert len(app.get("download_button")) == 4 + 3 + 5 and not app.dataframe
    assert all(b.proto.ignore_rerun for b in app.get("download_button"))


@pytest.fixture
def hostile_app(app, tmp_path, monkeypatch):
    monkeypatch.setenv("TROOPS_DATA", str(hostile_dataset(tmp_path / "hostile")))
    return app


def test_hostile_text_is_escaped_in_the_map_and_kept_in_downloads(hostile_app, downloads):
    hostile_app.run()
    assert not hostile_app.exception
    args = json.loads(hostile_app.get("component_instance")[0].proto.json_args)
    payload = args["feature_group"]
    assert "<img" not in payload and "<script" not in payload and "${alert" not in payload
    assert "&lt;img src=x onerror=alert(1)&gt;" in payload.replace("\\u0026", "&")
    collection = json.loads(download(hostile_app, downloads, "Selection as GeoJSON"))
    summary = next(f for f in collection["features"] if f["id"] == HOSTILE_ID)["properties"]["summary"]
    assert summary == HOSTILE


def test_hostile_text_is_plain_text_in_the_table(hostile_app):
    hostile_app.run()
    table = hostile_app.dataframe[0].value
    assert HOSTILE in set(table["Summary"])


def test_a_broken_dataset_is_refused_with_its_problems(app, tmp_path, monkeypatch):
    path = tmp_path / "broken.geojson"
    data = json.loads(export.selection_geojson(list(FIXTURE.features), FIXTURE.version, "all"))
    data["features"][0]["properties"]["claim_status"] = "rumoured"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("TROOPS_DATA", str(path))
    app.run()
    assert not app.exception
    assert any("could not be loaded" in e.value for e in app.error)
    problems = app.dataframe[0].value
    assert list(problems.columns) == ["File", "Where", "Field", "Problem"]
    assert problems.iloc[0]["Field"] == "claim_status" and "'rumoured' is not one of" in problems.iloc[0]["Problem"]


@pytest.mark.parametrize(("label", "element"), [
    ("Reports", "dataframe"), ("Timeline", "vega_lite_chart"), ("Conflicting figures", "vega_lite_chart"),
    ("Not on the map", "dataframe"), ("Download", "download_button"), ("About", "markdown"),
])
def test_each_tab_below_the_map_runs_only_when_open(app, label, element):
    app.run()
    open_tab(app, label)
    assert not app.exception
    tab = next(t for t in app.get("tab") if t.label == label)
    assert tab.get(element), f"{label}: no {element}"
    others = [t for t in app.get("tab") if t.label != label]
    assert not any(t.children for t in others)


def run_on(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("TROOPS_TILES", "off")
    monkeypatch.setenv("TROOPS_DATA", str(path))
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()


def test_a_dataset_of_one_date_draws_with_the_date_said_not_a_slider(monkeypatch, tmp_path):
    from tests.support import read_rows, write_tables

    rows = [row for row in read_rows(FIXTURE_REPORTS) if row["id"] in ("T-1", "T-3")]
    for row in rows:
        row.update(reported_on="2025-04-08", event_start="", event_end="", responds_to="")
    at = run_on(monkeypatch, write_tables(tmp_path, rows))
    assert not at.exception and not at.get("slider")
    assert any("every dated report is of 8 April 2025" in m.value for m in at.sidebar.markdown)
    assert counts(at)["shown"] == 2


def test_an_empty_dataset_says_so(monkeypatch, tmp_path):
    from tests.support import write_tables

    at = run_on(monkeypatch, write_tables(tmp_path, [], []))
    assert not at.exception and counts(at)["total"] == 0
    assert any("holds no report" in i.value for i in at.sidebar.info)


@pytest.mark.parametrize("make", [
    lambda p: p.mkdir(),
    lambda p: p.write_bytes(b'{"type":"FeatureCollection","features":' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
], ids=["a directory", "nested 100,000 deep"])
def test_a_broken_configured_file_gets_a_message_not_a_traceback(monkeypatch, tmp_path, make):
    path = tmp_path / "all.geojson"
    make(path)
    at = run_on(monkeypatch, path)
    assert not at.exception and any("could not be loaded" in e.value for e in at.error)
    assert at.dataframe[0].value.iloc[0]["Problem"]


@pytest.mark.parametrize("value", [
    {"last_active_drawing": {"properties": "x"}}, {"last_active_drawing": {"properties": {"id": ["T-1"]}}},
    {"last_active_drawing": ["x"]}, "x", 5, {"last_active_drawing": {"properties": {"region": {"a": 1}}}},
])
def test_a_crafted_map_value_is_ignored(app, value):
    app.run()
    app.session_state["map"] = value
    app.run()
    assert not app.exception and "sel" not in app.query_params


def test_a_missing_basemap_is_said(app, monkeypatch, tmp_path):
    import geo.reference

    monkeypatch.setattr(geo.reference, "BASEMAP_FILE", tmp_path / "missing.geojson")
    app.run()
    assert not app.exception and any("offline basemap" in w.value for w in app.warning)


def test_link_text_is_never_a_link_or_markup_in_a_notice(app):
    app.query_params["sel"] = "https://evil.example/login"
    app.query_params["nat"] = "[official](https://evil.example) :smile:"
    app.run()
    for warning in app.warning:
        assert "](" not in warning.value and "https://" not in warning.value and ":smile:" not in warning.value
    assert any("https://evil.example/login"[:10] in unescape(w.value) for w in app.warning)


def test_what_readers_share_is_never_changed_by_a_page(app):
    """The shown rows and the table are one object for every reader of a view: no section may change them."""
    import pandas as pd

    import app_cache
    from geo.state.filters import filter_index
    from geo.state.link import Selection

    app.run()
    filters = FIXTURE.options.defaults
    key = app.session_state["dataset"]
    dataset = app_cache.load(str(FIXTURE_REPORTS), FIXTURE_REPORTS.stat().st_mtime)
    rows, table = app_cache.shown(key, dataset, filters), app_cache.table(key, dataset, filters)
    before = rows.copy(deep=True)
    for label in ("Reports", "Timeline", "Conflicting figures", "Not on the map", "Download", "About"):
        open_tab(app, label)
        assert not app.exception
    app.session_state["selection"] = Selection("report", rows["id"].iloc[0])
    app.run()
    assert app_cache.shown(key, dataset, filters) is rows and app_cache.table(key, dataset, filters) is table
    pd.testing.assert_frame_equal(rows, before)
    pd.testing.assert_frame_equal(rows, dataset.frame.iloc[filter_index(dataset.frame, filters)])
