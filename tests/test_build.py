"""geo/build.py: the layer build is deterministic, matches the committed layers and is atomic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from geo.build import build_layers, dataset_version, write_layers
from geo.errors import DataError
from geo.reference import load_reference
from geo.schema import LAYERS

ROOT = Path(__file__).resolve().parent.parent


def test_committed_layers_equal_a_fresh_build():
    result = build_layers()
    for path, text in result.files.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `python -m geo build`"
    assert sorted(p.name for p in (ROOT / "layers").glob("*.geojson")) == sorted(p.name for p in result.files)


def test_build_twice_is_byte_identical(tmp_path, data_copy):
    out = tmp_path / "layers"
    write_layers(build_layers(data_copy / "reports.csv", out))
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert write_layers(build_layers(data_copy / "reports.csv", out)) == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_every_report_is_on_exactly_one_layer():
    result = build_layers()
    by_layer = {path.stem: json.loads(text)["features"] for path, text in result.files.items()}
    ids = [f["id"] for layer in LAYERS for f in by_layer[layer]]
    assert sorted(ids) == sorted(f["id"] for f in by_layer["all"])
    assert len(ids) == len(set(ids))


def test_oblast_reports_are_drawn_as_the_oblast_and_country_reports_not_at_all():
    from geo.reference import load_reference

    reference = load_reference()
    features = json.loads(build_layers().files[ROOT / "layers" / "all.geojson"])["features"]
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
    result = build_layers()
    other = json.loads(result.files[ROOT / "layers" / "other.geojson"])["features"]
    assert len(result.notices) == len(other)
    assert any("FT-002: location known only to country level" in n for n in result.notices)


def test_layers_read_back_with_geopandas_with_the_same_count():
    for path in sorted((ROOT / "layers").glob("*.geojson")):
        frame = gpd.read_file(path)
        assert len(frame) == len(json.loads(path.read_text(encoding="utf-8"))["features"]), path.name
        assert frame.crs.to_epsg() == 4326


def test_dataset_version_is_newest_date_and_content_hash():
    result = build_layers()
    newest = max(json.loads(result.files[ROOT / "layers" / "all.geojson"])["features"],
                 key=lambda f: f["properties"]["reported_on"])["properties"]["reported_on"]
    assert result.version.startswith(newest + "+") and len(result.version) == len(newest) + 9
    for text in result.files.values():
        assert json.loads(text)["dataset_version"] == result.version
    reference = load_reference()
    assert dataset_version([], reference) != dataset_version(
        [{"id": "a", "properties": {"reported_on": "2025-01-01"}, "geometry": None}], reference)


@pytest.mark.parametrize(("key", "value"), [
    ("summary", "changed"), ("event_end", ""), ("latitude", 51.3), ("count", 0), ("notes", "x"),
    ("sources", [{"url": "https://example.org/other", "title": "", "outlet": ""}]),
])
def test_any_change_of_a_property_changes_the_version(key, value):
    reference = load_reference()
    features = json.loads((ROOT / "layers" / "all.geojson").read_text(encoding="utf-8"))["features"]
    before = dataset_version(features, reference)
    target = next(f for f in features if f["properties"]["latitude"] is not None)
    assert target["properties"][key] != value
    target["properties"][key] = value
    assert dataset_version(features, reference) != before


def test_changed_data_changes_the_version(tmp_path, data_copy):
    before = build_layers(data_copy / "reports.csv", tmp_path).version
    path = data_copy / "reports.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Budanov predicted", "Budanov forecast"),
                    encoding="utf-8")
    assert build_layers(path, tmp_path).version != before


def test_failed_build_writes_nothing(tmp_path, data_copy):
    out = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", out)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    reports = data_copy / "reports.csv"
    reports.write_text(reports.read_text(encoding="utf-8").replace("51.19139", "135.19139"), encoding="utf-8")
    with pytest.raises(DataError, match=r"reports.csv row \d+ \(id 'FT-026'\): latitude: '135.19139' is outside"):
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
    assert "dataset version" in capsys.readouterr().out
