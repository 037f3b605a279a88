"""geo/derive/inputs.py: the derivations' Natural Earth files come from the environment, the cache or Debian."""

from __future__ import annotations

import pytest

from geo.derive.inputs import INPUTS, natural_earth
from geo.errors import DataError


@pytest.fixture
def no_variables(monkeypatch):
    for variable, _, _ in INPUTS.values():
        monkeypatch.delenv(variable, raising=False)


def test_files_in_the_cache_are_used_as_they_are(no_variables, tmp_path, monkeypatch):
    for _, _, member in INPUTS.values():
        (tmp_path / member).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / member).write_bytes(b"x")
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # nothing is fetched
    found = natural_earth(tmp_path)
    assert found.world_map == tmp_path / INPUTS["world_map"][2] and found.rivers.name.endswith("centerlines.shp")


def test_a_variable_naming_no_file_is_refused_by_name(no_variables, tmp_path, monkeypatch):
    monkeypatch.setenv("WORLD_MAP_GPKG", str(tmp_path / "nope.gpkg"))
    with pytest.raises(DataError, match=r"WORLD_MAP_GPKG: .*nope.gpkg is not a file; point WORLD_MAP_GPKG at "
                                        r"world_map.gpkg extracted from Debian's qgis-common, or unset it"):
        natural_earth(tmp_path / "cache")


def test_without_the_files_or_apt_the_error_says_how_to_get_them(no_variables, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    with pytest.raises(DataError, match=r"qgis-common, libmagics\+\+-data: could not fetch them from Debian's archive"
                                        r".*run `apt-get download qgis-common libmagics\+\+-data`"):
        natural_earth(tmp_path / "cache")
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
