"""geo/publish.py: every download opens where it should and holds what the page shows."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import pyogrio
import pytest
from PIL import Image

from geo import publish
from geo.dataset import load_dataset
from geo.state.filters import filter_index
from geo.state.link import PageState, Selection
from tests.support import FIXTURE_REPORTS

DATASET = load_dataset(FIXTURE_REPORTS)
OPTIONS = DATASET.options
ALL = OPTIONS.defaults
KP = dataclasses.replace(ALL, nationalities=("KP",), date_from=dt.date(2024, 10, 1), date_to=dt.date(2025, 3, 31))


def test_every_download_is_listed_once_and_its_name_says_what_it_holds():
    files = publish.downloads(DATASET.version, KP, OPTIONS)
    names = [f.file_name for f in files]
    assert len(set(names)) == len(names) == 4 + 3 + 5 * 3
    stamp = DATASET.version.replace("+", "_")
    assert f"foreign-troops-selection-KP-2024-10-01_2025-03-31-{stamp}.geojson" in names
    assert f"foreign-troops-view-KP-2024-10-01_2025-03-31-{stamp}.png" in names
    assert f"foreign-troops-layer-kursk-{stamp}.gpkg" in names
    assert all(stamp in name for name in names)
    assert "-all-" in publish.downloads(DATASET.version, ALL, OPTIONS)[0].file_name


def shown(filters):
    return DATASET.frame.iloc[filter_index(DATASET.frame, filters)]


@pytest.mark.parametrize("filters", [ALL, KP], ids=["all", "KP"])
@pytest.mark.parametrize("fmt", ["gpkg", "kml"])
def test_gis_formats_read_back_with_every_report(tmp_path, filters, fmt):
    path = tmp_path / f"selection.{fmt}"
    path.write_bytes(publish.make_bytes(("selection", fmt), DATASET, filters))
    frame = pyogrio.read_dataframe(path)
    expected = shown(filters)
    assert len(frame) == len(expected)  # country-level reports kept, with no geometry
    assert frame.geometry.isna().sum() == int((expected["location_precision"] == "country").sum())
    if fmt == "gpkg":
        assert sorted(frame["id"]) == sorted(expected["id"]) and frame.crs.to_epsg() == 4326
        assert set(frame["dataset_version"]) == {DATASET.version}


def test_each_layer_reads_back_in_each_gis_format(tmp_path):
    for layer in ("kursk", "other", "all"):
        for fmt in publish.LAYER_FORMATS:
            path = tmp_path / f"{layer}.{fmt}"
            path.write_bytes(publish.make_bytes((layer, fmt), DATASET, ALL))
            assert len(pyogrio.read_dataframe(path)) == len(DATASET.layer_positions(layer)), (layer, fmt)


def test_kml_descriptions_are_text_not_markup(tmp_path):
    from tests.support import HOSTILE, hostile_dataset

    hostile = load_dataset(hostile_dataset(tmp_path / "h"))
    kml = publish.make_bytes(("selection", "kml"), hostile, hostile.options.defaults).decode("utf-8")
    assert "<img" not in kml and "<script" not in kml
    assert "&amp;lt;img" in kml or "&lt;img" in kml
    assert HOSTILE not in kml  # escaped once for the HTML balloon, once for the XML


def test_the_csv_says_which_dataset_and_filters_it_holds():
    rows = list(csv.DictReader(io.StringIO(publish.make_bytes(("selection", "csv"), DATASET, KP).decode("utf-8-sig"))))
    assert len(rows) == len(shown(KP)) and {r["dataset_version"] for r in rows} == {DATASET.version}
    assert "nationality KP" in rows[0]["selection"] and "2024-10-01 to 2025-03-31" in rows[0]["selection"]


def test_the_picture_is_1600_pixels_wide_with_title_caption_and_credits():
    png = publish.make_bytes(("view", "png"), DATASET, KP)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == 1600
    assert len(image.convert("RGB").getcolors(1 << 24)) > 50  # a drawn map, not a blank page


def test_the_svg_draws_the_same_reports_with_the_same_symbols():
    svg = publish.make_bytes(("view", "svg"), DATASET, ALL).decode("utf-8")
    root = ElementTree.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")) + svg
    assert "Reported foreign-troop presence" in svg and DATASET.version in svg and "Natural Earth" in svg
    points = DATASET.frame[DATASET.frame["latitude"].notna()]
    for status, expected in points["claim_status"].value_counts().items():
        group = root.find(f".//svg:g[@id='reports-{status}']", ns)
        assert group is not None, status
        assert len(group.findall(".//svg:use", ns)) == expected, status
    assert "no comment" in text and "only the oblast is known" in text


def test_the_web_page_names_no_outside_file():
    html = publish.make_bytes(("view", "html"), DATASET, KP).decode("utf-8")
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)
    assert "L.reportShown(" in html and "L.reportPage(" in html and "L.basemapLayer" in html
    assert len(html) < 3_000_000


def test_the_citation_has_title_version_link_date_and_licence():
    state = PageState(KP, Selection("report", "T-1"))
    link = publish.permalink("https://map.example.org/app/?old=1", state, ALL)
    assert link.startswith("https://map.example.org/app/?") and "nat=KP" in link and "sel=T-1" in link
    text = publish.citation(DATASET.version, link, dt.date(2026, 12, 1))
    assert text.startswith(publish.TITLE) and DATASET.version in text and link in text
    assert "(accessed 1 December 2026)" in text and "CC BY 4.0" in text
    assert json.loads(json.dumps(publish.embed_snippet("map.html"))).startswith('<iframe src="map.html"')
