"""The layer build: ``data/`` in, ``layers/*.geojson`` and ``data/datapackage.json`` out, deterministic and atomic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.dataset import LAYERS_DIR, dataset_from_cells
from geo.errors import DataError, display_path
from geo.formats.files import write_all_atomic
from geo.formats.geojson import dump_feature_collection
from geo.formats.layers import layer_problems
from geo.formats.tables import REPORTS_FILE, read_report_tables
from geo.model.vocabulary import ALL_LAYER, LAYER
from geo.reference import Reference, load_reference
from geo.rules.datapackage import DATAPACKAGE_FILE, datapackage_text

#: Top-level foreign members of every published layer, besides ``name`` and ``dataset_version``.
LAYER_MEMBERS = {
    "title": "Reported foreign-troop presence in the Russia–Ukraine war",
    "license": "CC-BY-4.0 (compilation); each source belongs to its publisher",
}


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: file texts by path, the dataset version and what to tell the user."""

    files: dict[Path, str]
    version: str
    notices: tuple[str, ...]


def _why_other(props: dict) -> str:
    if props["location_precision"] == "country":
        place = f" ({props['place_name']!r})" if props["place_name"] else ""
        where = f"location known only to country level{place}"
    else:
        where = f"area 'other' ({props['admin1'] or props['place_name'] or 'no place given'})"
    drawn = ("drawn as its region" if props["admin1"] and props["location_precision"] == "oblast"
             else "with no geometry")
    return f"{props['id']}: {where}; not on an area layer, published in layers/other.geojson {drawn}"


def build_layers(reports_path: str | Path = REPORTS_FILE, out_dir: str | Path = LAYERS_DIR,
                 reference: Reference | None = None) -> BuildResult:
    """Build the layers and the data package in memory and check them; raise `DataError` on any problem.

    Nothing is written: see `write_layers`.
    """
    reference = reference or load_reference()
    reports_path = Path(reports_path)
    dataset = dataset_from_cells(read_report_tables(reports_path), display_path(reports_path), reference)
    members = {**LAYER_MEMBERS, "dataset_version": dataset.version}
    out_dir = Path(out_dir)
    files = {}
    for layer in (*LAYER.values, ALL_LAYER):
        chosen = dataset.features.take(dataset.layer_positions(layer))
        files[out_dir / f"{layer}.geojson"] = dump_feature_collection(chosen, name=layer, members=members)

    problems = []
    for path, text in files.items():
        problems += layer_problems(text, display_path(path), reference=reference)
    if problems:
        raise DataError(problems)
    files[reports_path.with_name(DATAPACKAGE_FILE)] = datapackage_text()
    other = dataset.table.filter(dataset.frame["layer"].to_numpy() == "other").to_pylist()
    return BuildResult(files=files, version=dataset.version, notices=tuple(_why_other(p) for p in other))


def write_layers(result: BuildResult) -> list[Path]:
    """Write a build's files atomically; return the paths whose content changed."""
    changed = [path for path, text in result.files.items()
               if not path.exists() or path.read_text(encoding="utf-8") != text]
    write_all_atomic({path: result.files[path] for path in changed})
    return changed
