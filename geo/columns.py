"""Reports as columns: the Arrow table behind a dataset, its content hash and features on demand.

Held as Python dicts, 100,000 reports take seconds to build and about a gigabyte of memory; held
as one Arrow table in the published schema they take a fraction of both. A feature (a dict in the
published schema, with its geometry) is made from the table only where one is needed: a clicked
report, a detailed popup, a download.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.geojson import round_coordinate
from geo.reference import Reference
from geo.schema import PROPERTY_KEYS

_TEXT = pa.string()
SOURCE_TYPE = pa.struct([("url", _TEXT), ("title", _TEXT), ("outlet", _TEXT)])
#: Arrow types of the published properties, in `PROPERTY_KEYS` order.
PROPERTIES_SCHEMA = pa.schema([
    (key, pa.float64() if key in ("latitude", "longitude") else pa.int64() if key == "count"
     else pa.list_(SOURCE_TYPE) if key == "sources" else _TEXT)
    for key in PROPERTY_KEYS
])

#: Columns of a dataset's filter table (`frame_from_table`), besides the first source.
FRAME_COLUMNS = ("id", "date", "date_end", "nationality", "nationality_names", "nationality_label", "layer", "area",
                 "claim_status", "location_precision", "place_name", "admin1", "latitude", "longitude", "count",
                 "count_qualifier", "count_kind", "claimant", "claimant_country", "reported_on", "summary")
_CHUNK = 10_000


def table_from_properties(properties: Sequence[dict]) -> pa.Table:
    """The table of published properties (dicts with the keys of `PROPERTY_KEYS`), same order."""
    return pa.Table.from_pylist(list(properties), schema=PROPERTIES_SCHEMA)


def feature_geometry(props: dict, reference: Reference) -> dict | None:
    """The geometry a report is published with, from its own properties.

    Its point, rounded as published; an oblast-level report's whole region; else none.
    """
    from geo.build import region_geojson

    lat, lon = props["latitude"], props["longitude"]
    if lat is not None and lon is not None:
        return {"type": "Point", "coordinates": [round_coordinate(lon), round_coordinate(lat)]}
    if props["location_precision"] == "oblast" and props["admin1"] in reference.admin1:
        return region_geojson(reference, props["admin1"])
    return None


class Features(Sequence):
    """The published features of a table of reports, made on demand (a read-only sequence).

    ``features[i]`` is the feature of row ``i``; `take` makes many at once (much faster than
    one by one). Reports drawn as the same region share one geometry object.
    """

    def __init__(self, table: pa.Table, reference: Reference):
        self.table = table.combine_chunks()
        self.reference = reference

    def __len__(self) -> int:
        return self.table.num_rows

    def _feature(self, props: dict) -> dict:
        return {"type": "Feature", "id": props["id"], "properties": props,
                "geometry": feature_geometry(props, self.reference)}

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.take(range(len(self))[index])
        position = range(len(self))[index]  # IndexError as for a list
        return self._feature(self.table.slice(position, 1).to_pylist()[0])

    def take(self, positions) -> list[dict]:
        """The features at the given row positions, in that order."""
        positions = np.asarray(positions, dtype=np.int64)
        out = []
        for start in range(0, len(positions), _CHUNK):
            rows = self.table.take(positions[start:start + _CHUNK]).to_pylist()
            out += [self._feature(props) for props in rows]
        return out

    def __iter__(self) -> Iterator[dict]:
        for start in range(0, len(self), _CHUNK):
            yield from (self._feature(props) for props in self.table.slice(start, _CHUNK).to_pylist())

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None


def frame_from_table(table: pa.Table) -> pd.DataFrame:
    """The filter table of a dataset: one row per report (same order), typed for pandas.

    Besides the `FRAME_COLUMNS`: ``source``, the first source's URL, and ``n_sources``.
    """
    frame = table.select(list(FRAME_COLUMNS)).to_pandas()
    for key in ("date", "date_end", "reported_on"):
        frame[key] = pd.to_datetime(frame[key], format="%Y-%m-%d")
    for key in ("nationality", "claimant_country"):
        frame[key] = pd.Series(_split_codes(table.column(key).combine_chunks()), index=frame.index, dtype=object)
    frame["count"] = pd.array(frame["count"], dtype="Int64")
    frame["latitude"] = frame["latitude"].astype(float)
    frame["longitude"] = frame["longitude"].astype(float)
    sources = table.column("sources").combine_chunks()
    lengths = pc.fill_null(pc.list_value_length(sources), 0).to_numpy(zero_copy_only=False)
    urls = sources.flatten().flatten()[0].to_numpy(zero_copy_only=False)  # the URL of every source
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    first = np.full(len(frame), None, dtype=object)
    first[lengths > 0] = urls[starts[lengths > 0]]
    frame["source"] = first
    frame["n_sources"] = lengths.astype(np.int64)
    return frame


def _split_codes(column: pa.Array) -> np.ndarray:
    """Each ``;``-separated value as a tuple of codes (split once per distinct value)."""
    distinct = pc.unique(column)
    tuples = np.empty(len(distinct), dtype=object)
    for i, value in enumerate(distinct.to_pylist()):
        tuples[i] = tuple(code for code in (value or "").split(";") if code)
    return tuples[pc.index_in(column, value_set=distinct).to_numpy(zero_copy_only=False)]


# --- content hash ---------------------------------------------------------------------------------


def table_version(table: pa.Table, reference: Reference) -> str:
    """Return ``<newest reported_on>+<8 hex of the content hash>``, e.g. ``2025-12-13+1a2b3c4d``.

    The hash covers every value of every property, row by row in id order, in a fixed byte form
    (UTF-8 text with its lengths, IEEE 754 doubles and 64-bit integers, little-endian, and which
    values are null), and the polygon of every region a report is drawn as. Points are made of
    the hashed coordinates, so the published geometry is covered too.
    """
    from geo.build import region_geojson

    table = table.combine_chunks()
    reported = table.column("reported_on")
    newest = pc.max(reported).as_py() if table.num_rows else None
    digest = hashlib.sha256(f"reports {table.num_rows}\n".encode())
    for key in PROPERTY_KEYS:
        digest.update(key.encode() + b"\0")
        _hash_values(digest, table.column(key).chunk(0) if table.num_rows else pa.array([], table.schema.field(key).type))
    regions = table.filter(pc.and_(pc.equal(table.column("location_precision"), "oblast"),
                                   pc.is_null(table.column("latitude")))).column("admin1")
    for name in sorted(set(regions.to_pylist())):
        if name in reference.admin1:
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.sha256(orjson.dumps(region_geojson(reference, name))).digest())
    return f"{newest or '0000-00-00'}+{digest.hexdigest()[:8]}"


def _hash_values(digest, array: pa.Array) -> None:
    digest.update(np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=np.uint8).tobytes())
    kind = array.type
    if pa.types.is_string(kind):
        filled = pc.fill_null(array, "")
        lengths = pc.binary_length(filled).to_numpy(zero_copy_only=False).astype("<i8")
        digest.update(lengths.tobytes())
        offsets = np.frombuffer(filled.buffers()[1], dtype=np.int32, count=len(filled) + 1, offset=filled.offset * 4)
        data = filled.buffers()[2]
        if data is not None and len(filled):
            digest.update(memoryview(data)[offsets[0]:offsets[-1]])
    elif pa.types.is_floating(kind):
        digest.update(pc.fill_null(array, 0.0).to_numpy(zero_copy_only=False).astype("<f8").tobytes())
    elif pa.types.is_integer(kind):
        digest.update(pc.fill_null(array, 0).to_numpy(zero_copy_only=False).astype("<i8").tobytes())
    elif pa.types.is_list(kind):
        digest.update(pc.fill_null(pc.list_value_length(array), 0).to_numpy(zero_copy_only=False).astype("<i8").tobytes())
        values = array.flatten()
        digest.update(np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=np.uint8).tobytes())
        for field, child in zip(SOURCE_TYPE, values.flatten()):
            digest.update(field.name.encode() + b"\0")
            _hash_values(digest, child)
    else:  # pragma: no cover - the schema has no other types
        raise TypeError(f"cannot hash a column of type {kind}")
