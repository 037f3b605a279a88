"""geo/build.py: the layer build is deterministic, matches the committed layers and is atomic."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import pytest

from geo.build import build_layers, write_layers
from geo.errors import DataError
from geo.model.vocabulary import LAYER
from geo.rules.datapackage import DATAPACKAGE_FILE
from tests.support import FIXTURE_REPORTS, ROOT

LAYERS = LAYER.values


def test_committed_layers_and_data_package_equal_a_fresh_build():
    result = build_layers()
    for path, text in result.files.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `python -m geo build`"
    assert sorted(p.name for p in (ROOT / "layers").glob("*.geojson")) == sorted(
        p.name for p in result.files if p.suffix == ".geojson")
    assert ROOT / "data" / DATAPACKAGE_FILE in result.files


def test_build_twice_is_byte_identical(tmp_path, data_copy):
    out = tmp_path / "layers"
    write_layers(build_layers(data_copy / "reports.csv", out))
    first = {p.name: p.read_bytes() for p in [*out.iterdir(), *data_copy.iterdir()]}
    assert write_layers(build_layers(data_copy / "reports.csv", out)) == []
    assert {p.name: p.read_bytes() for p in [*out.iterdir(), *data_copy.iterdir()]} == first


def test_every_report_is_on_exactly_one_layer():
    result = build_layers(FIXTURE_REPORTS)
    by_layer = {path.stem: json.loads(text)["features"] for path, text in result.files.items() if path.suffix == ".geojson"}
    ids = [f["id"] for layer in LAYERS for f in by_layer[layer]]
    assert sorted(ids) == sorted(f["id"] for f in by_layer["all"])
    assert len(ids) == len(set(ids))


def test_oblast_reports_are_drawn_as_the_oblast_and_country_reports_not_at_all():
    from geo.reference import load_reference

    reference = load_reference()
    features = json.loads(build_layers(FIXTURE_REPORTS).files[ROOT / "layers" / "all.geojson"])["features"]
    for f in features:
        props = f["properties"]
        if props["location_precision"] == "oblast":
            region = reference.admin1[props["admin1"]].geometry
            from shapely.geometry import shape
            assert shape(f["geometry"]).equals(region), f["id"]
        elif props["location_precision"] == "country":
            assert f["geometry"] is None and props["layer"] == "other", f["id"]
        else:
            assert f["geometry"]["coordinates"] == [props["longitude"], props["latitude"]]


def test_notices_name_each_report_left_off_the_area_layers():
    result = build_layers(FIXTURE_REPORTS)
    other = json.loads(result.files[ROOT / "layers" / "other.geojson"])["features"]
    assert len(result.notices) == len(other)
    assert any("T-4: location known only to country level ('Ukraine (general)')" in n for n in result.notices)
    assert any("T-6: area 'other' (Moscow); not on an area layer, published in layers/other.geojson drawn as "
               "its region" in n for n in result.notices)


def test_published_layers_read_back_with_geopandas_with_the_same_count():
    for path in sorted((ROOT / "layers").glob("*.geojson")):
        frame = gpd.read_file(path)
        assert len(frame) == len(json.loads(path.read_text(encoding="utf-8"))["features"]), path.name
        assert frame.crs.to_epsg() == 4326


def test_dataset_version_is_newest_date_and_content_hash():
    result = build_layers(FIXTURE_REPORTS)
    newest = max(f["properties"]["reported_on"] or "" for f in
                 json.loads(result.files[ROOT / "layers" / "all.geojson"])["features"])
    assert result.version.startswith(newest + "+") and len(result.version) == len(newest) + 9
    for path, text in result.files.items():
        if path.suffix == ".geojson":
            assert json.loads(text)["dataset_version"] == result.version


@pytest.mark.parametrize(("column", "value"), [
    ("summary", "changed"), ("event_end", "2025-03-19"), ("latitude", "51.3"), ("count", "0"), ("notes", "x"),
])
def test_any_change_of_a_report_changes_the_version(tmp_path, data_copy, column, value):
    from tests.support import read_rows, write_tables

    before = build_layers(data_copy / "reports.csv", tmp_path).version
    rows = read_rows(data_copy / "reports.csv")
    assert rows[0][column] != value
    rows[0][column] = value
    if column == "event_end":
        rows[0]["event_start"] = rows[0]["reported_on"]
    path = write_tables(tmp_path / "changed", rows, read_rows(data_copy / "sources.csv"))
    assert build_layers(path, tmp_path).version != before


def test_a_changed_source_changes_the_version(tmp_path, data_copy):
    before = build_layers(data_copy / "reports.csv", tmp_path).version
    path = data_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("https://example.org/t-1", "https://example.org/t-1b"),
                    encoding="utf-8")
    assert build_layers(data_copy / "reports.csv", tmp_path).version != before


def test_failed_build_writes_nothing(tmp_path, data_copy):
    out = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", out)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    reports = data_copy / "reports.csv"
    reports.write_text(reports.read_text(encoding="utf-8").replace("51.19139", "135.19139"), encoding="utf-8")
    with pytest.raises(DataError, match=r"reports.csv row 2 \(id 'T-1'\): latitude: '135.19139' is outside"):
        write_layers(build_layers(reports, out))
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == before


def test_cli_build_refuses_bad_data(tmp_path, data_copy, capsys):
    from geo import cli

    reports = data_copy / "reports.csv"
    reports.write_text(reports.read_text(encoding="utf-8").replace(",claimed,", ",rumoured,", 1), encoding="utf-8")
    assert cli.main(["build", "--data", str(reports), "--out", str(tmp_path / "layers")]) == 1
    assert "claim_status: 'rumoured' is not one of" in capsys.readouterr().err
    assert not (tmp_path / "layers").exists()


def test_cli_build_writes_layers(tmp_path, data_copy, capsys):
    from geo import cli

    assert cli.main(["build", "--data", str(data_copy / "reports.csv"), "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in (ROOT / "layers").glob("*.geojson"))
    assert (data_copy / DATAPACKAGE_FILE).is_file()
    assert "dataset version" in capsys.readouterr().out
