"""Command line: ``python -m geo reference|basemap|build|validate``."""

from __future__ import annotations

import argparse
import sys

from geo.errors import DataError, display_path


def _reference(args: argparse.Namespace) -> int:
    from geo.derive.reference import derive_reference

    kwargs = {"out_dir": args.out} if args.out else {}
    for path in derive_reference(args.source, **kwargs):
        print(f"wrote {display_path(path)}")
    return 0


def _basemap(args: argparse.Namespace) -> int:
    from geo.derive.basemap import derive_basemap

    kwargs = {"out_dir": args.out} if args.out else {}
    for path in derive_basemap(args.source, args.places, args.rivers, **kwargs):
        print(f"wrote {display_path(path)}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from geo.build import build_layers, write_layers

    result = build_layers(args.data, args.out)
    for notice in result.notices:
        print(f"note: {notice}")
    changed = write_layers(result)
    for path in changed:
        print(f"wrote {display_path(path)}")
    print(f"dataset version {result.version}; {len(result.files)} files, {len(changed)} changed")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from geo.dataset import LAYERS_DIR
    from geo.formats.layers import validate_paths
    from geo.formats.tables import REPORTS_FILE

    paths = args.paths or [REPORTS_FILE, *sorted(LAYERS_DIR.glob("*.geojson"))]
    problems = validate_paths(paths)
    if problems:
        raise DataError(problems)
    print(f"ok: {len(paths)} file(s) valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from geo.dataset import LAYERS_DIR
    from geo.formats.tables import REPORTS_FILE

    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    reference = commands.add_parser("reference", help="derive data/reference/ from Natural Earth")
    reference.add_argument("--from", dest="source", required=True, metavar="WORLD_MAP_GPKG",
                           help="world_map.gpkg from Debian's qgis-common package")
    reference.add_argument("--out", default=None, metavar="DIR", help="output directory")
    reference.set_defaults(func=_reference)

    basemap = commands.add_parser("basemap", help="derive data/reference/basemap.geojson from Natural Earth")
    basemap.add_argument("--from", dest="source", required=True, metavar="WORLD_MAP_GPKG",
                         help="world_map.gpkg from Debian's qgis-common package")
    basemap.add_argument("--places", required=True, metavar="PLACES_SHP",
                         help="ne_10m_populated_places_simple.shp from Debian's libmagics++-data package")
    basemap.add_argument("--rivers", required=True, metavar="RIVERS_SHP",
                         help="ne_10m_rivers_lake_centerlines.shp from Debian's libmagics++-data package")
    basemap.add_argument("--out", default=None, metavar="DIR", help="output directory")
    basemap.set_defaults(func=_basemap)

    build = commands.add_parser("build", help="build layers/*.geojson and data/datapackage.json from data/")
    build.add_argument("--data", default=REPORTS_FILE, metavar="REPORTS_CSV",
                       help="the report table; sources.csv is read from beside it (default: data/reports.csv)")
    build.add_argument("--out", default=LAYERS_DIR, metavar="DIR", help="output directory (default: layers/)")
    build.set_defaults(func=_build)

    validate = commands.add_parser("validate", help="check report tables and GeoJSON layers")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="data/reports.csv, data/sources.csv or *.geojson (default: data and layers)")
    validate.set_defaults(func=_validate)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
