"""Layers written by this project, read column by column: one feature per line, through Arrow.

100,000 features parsed as Python objects take seconds and a gigabyte; Arrow's typed JSON reader
reads them into columns in a fraction of both. Anything this fast path cannot read exactly (another
layout, a value of another JSON type, an entry that is not an object) returns None, and the caller
reads the file with `geo.formats.geojson` instead: both give the rules the same cells.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from geo.formats.geojson import NO_SOURCE
from geo.formats.limits import FILE_LIMITS, Limits
from geo.model.report import PROPERTIES_SCHEMA, REPORT_COLUMNS
from geo.model.vocabulary import LAYER
from geo.rules.cells import ReportCells, SourceCells
from geo.rules.kinds import as_bool

#: What Arrow reads of each feature: its type, id and typed properties (anything else is skipped).
FEATURE_SCHEMA = pa.schema([("type", pa.string()), ("id", pa.string()),
                            ("properties", pa.struct(list(PROPERTIES_SCHEMA)))])
_OPENING = b',"features":['
_CLOSING = b"\n]}\n"


def layer_lines(raw: bytes) -> tuple[dict, bytearray, int] | None:
    """The head and the features of a layer written by this project, as newline-delimited JSON.

    A layer has one feature per line (see `geo.formats.geojson.dump_feature_collection`).
    Returns the top-level members, the features one per line and their number; None for any
    other layout.
    """
    head_end = raw.find(b"\n")
    if head_end < 0:
        return None
    head_line = raw[:head_end]
    if head_line.endswith(_OPENING + b"]}"):  # no features: the whole collection on one line
        head_line, body = head_line[: -len(_OPENING) - 2], b""
        if raw[head_end:] != b"\n":
            return None
    elif head_line.endswith(_OPENING) and raw.endswith(_CLOSING):
        head_line, body = head_line[: -len(_OPENING)], raw[head_end + 1: -len(_CLOSING) + 1]
    else:
        return None
    try:
        head = json.loads(head_line + b"}")
    except (ValueError, RecursionError):
        return None
    if not isinstance(head, dict) or head.get("type") != "FeatureCollection" or "crs" in head:
        return None
    if not body:
        return head, bytearray(), 0
    newlines = []  # where each feature's line ends (bytes.find is far faster than numpy here)
    find, at = body.find, body.find(b"\n")
    while at >= 0:
        newlines.append(at)
        at = find(b"\n", at + 1)
    ends = np.array(newlines, dtype=np.int64)
    buffer = bytearray(body)
    view = np.frombuffer(buffer, dtype=np.uint8)
    inner = ends[:-1]
    if (view[0] != ord("{") or ends[-1] != len(body) - 1 or view[ends[-1] - 1] != ord("}")
            or (view[inner - 1] != ord(",")).any() or (view[inner - 2] != ord("}")).any()
            or (view[inner + 1] != ord("{")).any()):
        return None
    view[inner - 1] = ord(" ")  # "},\n{" between features becomes "} \n{": a raw newline is never inside a string
    return head, buffer, len(ends)


def _features(lines: bytes | bytearray, n: int) -> pa.Table | None:
    """Arrow's typed reading of `n` features (one per line); None if any value has another type."""
    if n == 0:
        return FEATURE_SCHEMA.empty_table()
    options = pajson.ParseOptions(explicit_schema=FEATURE_SCHEMA, unexpected_field_behavior="ignore")
    try:
        table = pajson.read_json(pa.BufferReader(pa.py_buffer(lines)), parse_options=options,
                                 read_options=pajson.ReadOptions(block_size=1 << 24))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    return table.combine_chunks() if table.num_rows == n else None


def _text(column: pa.Array) -> pa.Array:
    if not pa.types.is_string(column.type):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column, "")


def layer_cells(raw: bytes, name: str, limits: Limits = FILE_LIMITS) -> ReportCells | None:
    """The cells of a layer in this project's one-feature-per-line form; None for anything else (or too many)."""
    layer = layer_lines(raw)
    if layer is None:
        return None
    head, lines, n = layer
    if n > limits.max_reports:
        return None  # the full reading refuses it by name
    table = _features(lines, n)
    del layer, lines
    if table is None or not as_bool(pc.equal(table.column("type"), "Feature")).all():
        return None
    props = table.column("properties").combine_chunks()
    if props.null_count:
        return None
    values = dict(zip(PROPERTIES_SCHEMA.names, props.flatten()))
    sources = values["sources"]
    items = sources.flatten()
    if items.null_count or sources.null_count:
        return None  # a null list or entry: the full reading names it
    lengths = pc.list_value_length(sources).to_numpy(zero_copy_only=False).astype(np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    slot = np.arange(len(owner), dtype=np.int64) - np.repeat(starts, lengths) + 1
    url, title, outlet = (_text(child) for child in items.flatten())
    ids = _text(values["id"])
    feature_ids = table.column("id").combine_chunks()
    idents = pc.coalesce(feature_ids, ids).to_pylist() if feature_ids.null_count < n else None
    numbers = np.arange(1, n + 1)
    return ReportCells(
        file=name, row_word="feature", numbers=numbers, idents=idents,
        cells=pa.table({key: _text(values[key]) for key in REPORT_COLUMNS}),
        sources=SourceCells(file=name, cells=pa.table({"report_id": ids.take(pa.array(owner)), "url": url,
                                                       "title": title, "outlet": outlet}),
                            numbers=numbers[owner], report_row=owner, slot=slot),
        whole_dataset=head.get("name") not in LAYER.values,
        no_source=NO_SOURCE,
    )

