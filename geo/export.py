"""Downloads: filtered selections as RFC 7946 GeoJSON and as CSV, kept verbatim."""

from __future__ import annotations

import csv
import io

from geo.geojson import dump_feature_collection
from geo.schema import PROPERTY_KEYS

#: CSV columns: every property except the nested sources, then the sources flattened.
CSV_COLUMNS = tuple(key for key in PROPERTY_KEYS if key != "sources") + ("source_urls", "source_titles", "source_outlets")
SOURCE_JOIN = " | "


def selection_geojson(features: list[dict], version: str, description: str) -> bytes:
    """The features of a selection as a GeoJSON FeatureCollection (UTF-8 bytes).

    The collection carries the dataset version and a plain-text description of the filters as
    top-level foreign members, so a downloaded file says where it came from.
    """
    members = {"dataset_version": version, "selection": description}
    return dump_feature_collection(list(features), name="selection", members=members).encode("utf-8")


def selection_csv(features: list[dict]) -> bytes:
    """The reports of a selection as CSV: one row per report, UTF-8 with a byte-order mark (Excel)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for feature in features:
        props = feature["properties"]
        row = {key: "" if props.get(key) is None else props[key] for key in CSV_COLUMNS[:-3]}
        sources = props.get("sources") or []
        row["source_urls"] = SOURCE_JOIN.join(s.get("url") or "" for s in sources)
        row["source_titles"] = SOURCE_JOIN.join(s.get("title") or "" for s in sources)
        row["source_outlets"] = SOURCE_JOIN.join(s.get("outlet") or "" for s in sources)
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def describe_filters(filters) -> str:
    """A one-line, plain-text description of a filter state (for files and captions)."""
    nat = ", ".join(filters.nationalities) or "none"
    return (f"dates {filters.date_from.isoformat()} to {filters.date_to.isoformat()}; nationality {nat}; "
            f"claim status {', '.join(filters.statuses) or 'none'}; layers {', '.join(filters.layers) or 'none'}")


