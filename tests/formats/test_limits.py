"""geo/formats/limits.py: hostile input is refused in seconds, with bounded memory and a bounded list of problems."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from geo.dataset import dataset_from_bytes, dataset_from_tables, load_dataset
from geo.errors import DataError
from geo.formats.limits import UPLOAD_LIMITS, Limits
from tests.support import FIXTURES


def refused(raw: bytes, limits: Limits = UPLOAD_LIMITS, name: str = "upload.geojson") -> DataError:
    with pytest.raises(DataError) as caught:
        dataset_from_bytes(raw, name, limits=limits)
    return caught.value


def test_five_million_invalid_entries_are_refused_at_once_with_little_memory():
    raw = b'{"type":"FeatureCollection","features":[' + b",".join([b"1"] * 5_000_000) + b"]}"
    assert len(raw) >= 10_000_000
    tracemalloc.start()
    started = time.perf_counter()
    error = refused(raw)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "holds 5,000,000 features; the limit is 100,000 reports" in str(error) and len(error.problems) == 1
    assert seconds < 10 and peak < 200 << 20, (seconds, peak)


@pytest.mark.parametrize("raw", [
    b'{"type":"FeatureCollection","features":[' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
    b'{"type":"FeatureCollection","name":"x","features":[\n{"type":"Feature","properties":' + b"[" * 100_000
    + b"]" * 100_000 + b"}\n]}\n",
], ids=["any layout", "a layer's layout"])
def test_json_nested_100000_deep_is_refused_by_name(raw):
    assert "is nested too deeply" in str(refused(raw))


def test_a_deep_file_named_on_the_command_line_is_refused_too(tmp_path):
    path = tmp_path / "all.geojson"
    path.write_bytes(b'{"type":"FeatureCollection","features":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    with pytest.raises(DataError, match="is nested too deeply"):
        load_dataset(path)


def test_the_problems_listed_are_bounded_and_the_rest_counted():
    feature = b'{"type":"Feature","properties":{},"geometry":null}'
    error = refused(b'{"type":"FeatureCollection","features":[' + b",".join([feature] * 5000) + b"]}")
    assert len(error.problems) == 1000 and error.more > 20_000
    assert str(error).startswith(f"{1000 + error.more} problems found:") and "… and" in str(error)


def test_limits_on_bytes_and_reports_for_every_input_form():
    small = Limits(max_bytes=500, max_reports=3)
    reports, sources = (FIXTURES / "reports.csv").read_bytes(), (FIXTURES / "sources.csv").read_bytes()
    with pytest.raises(DataError, match=r"reports.csv: is [\d,]+ bytes; the limit is 500"):
        dataset_from_tables(reports, sources, "upload", limits=small)
    wide = Limits(max_bytes=1 << 20, max_reports=3)
    with pytest.raises(DataError, match=r"reports.csv row 5: is beyond the limit of 3 rows; split the table"):
        dataset_from_tables(reports, sources, "upload", limits=wide)
    from geo.present.export import selection_geojson

    layer = selection_geojson(list(load_dataset(FIXTURES / "reports.csv").features), "v", "all")
    assert "the limit is 3 reports" in str(refused(layer, wide))
    assert "bytes; the limit is 500" in str(refused(layer, small))


def test_a_long_value_is_echoed_short():
    raw = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":"' + b"x" * 100_000 + b'"}]}'
    error = refused(raw)
    assert len(str(error)) < 1000 and "…" in str(error)
