"""The Natural Earth files the derivations read, as Debian ships them: found, or fetched once.

``python -m geo reference`` and ``python -m geo basemap`` read three files (see data/README.md):
``world_map.gpkg`` from ``qgis-common`` and two shapefiles from ``libmagics++-data``. `natural_earth`
finds each one, in this order:

1. its environment variable (``WORLD_MAP_GPKG``, ``NE_PLACES_SHP``, ``NE_RIVERS_SHP``), if set;
2. the cache, ``$XDG_CACHE_HOME/foreign-troops-map/natural-earth`` (else ``~/.cache/…``);
3. else it runs ``apt-get download`` for the packages still missing (Debian's archive; no root
   needed), extracts just those files with ``dpkg-deb`` into the cache, and uses them from there.

So the tests that re-derive ``data/reference/`` byte for byte run on any Debian machine, with
nothing to set up and nothing skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataError, Problem

#: Each input: environment variable, Debian package, path inside the package.
INPUTS = {
    "world_map": ("WORLD_MAP_GPKG", "qgis-common", "usr/share/qgis/resources/data/world_map.gpkg"),
    "places": ("NE_PLACES_SHP", "libmagics++-data", "usr/share/magics/10m/ne_10m_populated_places_simple.shp"),
    "rivers": ("NE_RIVERS_SHP", "libmagics++-data", "usr/share/magics/10m/ne_10m_rivers_lake_centerlines.shp"),
}


@dataclass(frozen=True)
class NaturalEarth:
    """The three input files of the derivations."""

    world_map: Path
    places: Path
    rivers: Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "foreign-troops-map" / "natural-earth"


def natural_earth(cache: Path | None = None) -> NaturalEarth:
    """The input files: from the environment, the cache, or Debian's archive (see the module's docstring)."""
    cache = cache or cache_dir()
    found: dict[str, Path] = {}
    missing: dict[str, list[str]] = {}
    for name, (variable, package, member) in INPUTS.items():
        if os.environ.get(variable):
            found[name] = Path(os.environ[variable])
            if not found[name].is_file():
                raise DataError([Problem(variable, "", "", f"{found[name]} is not a file; point {variable} at "
                                         f"{Path(member).name} extracted from Debian's {package}, or unset it")])
            continue
        found[name] = cache / member
        if not found[name].is_file():
            # A shapefile is several files: take every file of its name.
            missing.setdefault(package, []).append(f"./{member.rsplit('.', 1)[0]}.*")
    if missing:
        _fetch(missing, cache)
    return NaturalEarth(**found)


def _fetch(members: dict[str, list[str]], cache: Path) -> None:
    """Download the packages, extract `members` of each in a scratch folder, then move them into `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache.parent, prefix=".fetch-") as work:
        tree = Path(work) / "tree"
        tree.mkdir()
        try:
            _run(["apt-get", "download", *members], cwd=work)
            for package, patterns in members.items():
                deb = next(Path(work).glob(f"{package}_*.deb"))
                archive = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True).stdout
                _run(["tar", "-x", "-C", str(tree), "--wildcards", *patterns], input=archive)
        except (OSError, StopIteration, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", None) or error
            if isinstance(detail, bytes):
                detail = detail.decode(errors="replace").strip()
            raise DataError([Problem(", ".join(members), "", "", f"could not fetch them from Debian's archive "
                                     f"({detail}); run `apt-get download {' '.join(members)}`, extract them "
                                     "(data/README.md) and set WORLD_MAP_GPKG, NE_PLACES_SHP and NE_RIVERS_SHP")]) from None
        for path in sorted(tree.rglob("*")):
            if path.is_file():
                target = cache / path.relative_to(tree)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(path), target)


def _run(command: list[str], cwd: str | None = None, input: bytes | None = None) -> None:
    subprocess.run(command, cwd=cwd, input=input, check=True, capture_output=True)
