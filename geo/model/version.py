"""The dataset version: the newest report date and a hash of everything that is published.

Two tables with the same published content (every property and every region a report is drawn
as) have the same digest, whatever file they came from; any change to a report or its geometry
changes it. The displayed version keeps 8 hex digits; caches use the whole digest.
"""

from __future__ import annotations

import hashlib

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc

from geo.model.geometry import region_geojson
from geo.model.report import PROPERTY_KEYS, SOURCE_TYPE
from geo.reference import Reference



def table_digest(table: pa.Table, reference: Reference) -> tuple[str, str]:
    """Return the version ``<newest reported_on>+<8 hex>`` (``2025-12-13+1a2b3c4d``) and the full digest.

    The hash covers every value of every property, row by row in id order, in a fixed byte form
    (UTF-8 text with its lengths, IEEE 754 doubles and 64-bit integers, little-endian, and which
    values are null), and the polygon of every region a report is drawn as. Points are made of
    the hashed coordinates, so the published geometry is covered too.
    """
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
    full = digest.hexdigest()
    return f"{newest or '0000-00-00'}+{full[:8]}", full


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
