"""Downloads: a selection or a layer as RFC 7946 GeoJSON and as CSV, with the reports verbatim.

`downloads` lists every file the Download tab offers, so the app places buttons and nothing else.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from geo.formats.geojson import MEDIA_TYPE, dump_feature_collection
from geo.model.report import FLAT_COLUMNS, flat_row
from geo.model.vocabulary import ALL_LAYER, ALL_LAYER_LABEL, LAYER

#: CSV columns: a report as one flat row (every property, the sources flattened).
CSV_COLUMNS = FLAT_COLUMNS


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
        writer.writerow(flat_row(feature["properties"]))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Download:
    """One file the page offers: its button label, file name, media type and what makes its bytes.

    ``what`` is ``("selection", "geojson")``, ``("selection", "csv")`` or ``("layer", <layer>)``:
    the app makes (and caches) the bytes of each from it.
    """

    label: str
    file_name: str
    mime: str
    what: tuple[str, str]
    group: str


def downloads(version: str) -> list[Download]:
    """Every download the page offers for a dataset version: the selection, then each layer."""
    slug = version.replace("+", "_")
    files = [Download("Selection as GeoJSON", f"foreign-troops-selection-{slug}.geojson", MEDIA_TYPE,
                      ("selection", "geojson"), "selection"),
             Download("Selection as CSV", f"foreign-troops-selection-{slug}.csv", "text/csv",
                      ("selection", "csv"), "selection")]
    for layer in (*LAYER.values, ALL_LAYER):
        label = LAYER.label(layer) if layer != ALL_LAYER else ALL_LAYER_LABEL
        files.append(Download(label, f"{layer}-{slug}.geojson", MEDIA_TYPE, ("layer", layer), "layers"))
    return files


def make_bytes(what: tuple[str, str], dataset, index, description: str) -> bytes:
    """The bytes of a download (see `Download.what`) from a dataset and the selection's row positions."""
    kind, name = what
    if kind == "layer":
        return selection_geojson(dataset.features.take(dataset.layer_positions(name)), dataset.version, f"layer {name}")
    features = dataset.features.take(index)
    return selection_geojson(features, dataset.version, description) if name == "geojson" else selection_csv(features)
