"""Reading large report collections fast, with the same rules and messages as row by row.

The features are parsed by Arrow's JSON reader into typed columns (a value of the wrong JSON type
makes it refuse the file). Column-wise checks over all rows then find the rows that might break a
rule; only those go through the row-by-row rules of `geo.validate` (so every message is the one
the build gives). The others are known valid and become the published properties column by
column. Whenever Arrow refuses the text, or a flagged row or a check between rows (duplicate ids,
``responds_to``) fails, the caller runs the row-by-row path on the whole file: it reports every
problem exactly.

The checks here are deliberately stricter than the rules: a row they flag may still be valid (a
point a kilometre outside its generalized region, say). They must never be laxer; the tests
compare both paths on every invalid case the rule tests know.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson
import shapely

from geo import rules, schema
from geo.columns import PROPERTIES_SCHEMA, SOURCE_TYPE, table_from_properties
from geo.countries import country_name, known_codes
from geo.reference import Reference
from geo.rules import AREA_REGIONS, border_regions

_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
#: Python's ``re`` (Unicode ``\s``, as the rule's ``str.isspace``): applied in Python, not by Arrow.
_URL = re.compile(r"https?://[^\s/?#\[\]@]+(?:[/?#]\S*)?")
_MAX_CELL = 10_000
_STRING_KEYS = tuple(field.name for field in PROPERTIES_SCHEMA if pa.types.is_string(field.type))
#: What Arrow reads of each feature: its type and its typed properties (anything else is skipped).
FEATURE_SCHEMA = pa.schema([("type", pa.string()), ("properties", pa.struct(list(PROPERTIES_SCHEMA)))])
_OPENING = b',"features":['
_CLOSING = b"\n]}\n"


# --- parsing ----------------------------------------------------------------------------------------


def layer_ndjson(raw: bytes) -> tuple[dict, bytearray, int] | None:
    """The head and the features of a layer written by this project, as newline-delimited JSON.

    A layer has one feature per line (see `geo.geojson.dump_feature_collection`). Returns the
    top-level members, the features one per line and their number; None for any other layout,
    which the caller then parses in full.
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
    except ValueError:
        return None
    if not isinstance(head, dict) or head.get("type") != "FeatureCollection" or "crs" in head:
        return None
    if not body:
        return head, b"", 0
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


def collection_ndjson(features: list) -> bytes:
    """Features of a parsed collection of any layout, one per line, without their geometries."""
    return b"".join(
        json.dumps({k: v for k, v in f.items() if k != "geometry"} if isinstance(f, dict) else f).encode() + b"\n"
        for f in features)


def parse_features(ndjson: bytes | bytearray, n: int) -> pa.Table | None:
    """Arrow's typed reading of `n` features (one per line); None if any value has the wrong type."""
    if n == 0:
        return FEATURE_SCHEMA.empty_table()
    options = pajson.ParseOptions(explicit_schema=FEATURE_SCHEMA, unexpected_field_behavior="ignore")
    try:
        table = pajson.read_json(pa.BufferReader(pa.py_buffer(ndjson)), parse_options=options,
                                 read_options=pajson.ReadOptions(block_size=1 << 24))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    return table.combine_chunks() if table.num_rows == n else None


# --- column checks ----------------------------------------------------------------------------------


def _np(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _edge_space(filled: pa.Array) -> np.ndarray:
    """Whether a text starts or ends with what Python's ``str.strip`` removes (the rule strips)."""
    bad = np.zeros(len(filled), dtype=bool)
    for edge in (pc.utf8_slice_codeunits(filled, 0, 1), pc.utf8_slice_codeunits(filled, -1, 2**31 - 1)):
        spaces = [c for c in pc.unique(edge).to_pylist() if c and c.isspace()]
        if spaces:
            bad |= _np(pc.is_in(edge, value_set=pa.array(spaces)))
    return bad


def _real_dates(filled: pa.Array) -> np.ndarray:
    """Whether each non-empty text is a real day written YYYY-MM-DD (empty passes)."""
    empty = _np(pc.equal(filled, ""))
    form = _np(pc.match_substring_regex(filled, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) & _np(
        pc.greater_equal(filled, "0001-01-01"))
    parsed = pc.strptime(pc.if_else(pa.array(form), filled, "2000-01-01"), "%Y-%m-%d", "s", error_is_null=True)
    same = _np(pc.fill_null(pc.equal(pc.strftime(parsed, "%Y-%m-%d"), filled), False))
    return empty | (form & same)


def _each_once(filled: pa.Array, valid: np.ndarray) -> np.ndarray:
    """Whether no ``;``-separated part repeats (checked once per distinct value)."""
    distinct = pc.unique(filled)
    repeats = [v for v in distinct.to_pylist() if len(set(v.split(";"))) != len(v.split(";"))]
    return valid & ~_np(pc.is_in(filled, value_set=pa.array(repeats, pa.string())))


def flag_rows(raw: pa.Table, reference: Reference) -> np.ndarray:
    """Return, per feature, whether it needs the row-by-row check (True) or is known valid."""
    props = raw.column("properties").combine_chunks()
    n = len(props)
    ok = _np(pc.fill_null(pc.equal(raw.column("type"), "Feature"), False)) & _np(props.is_valid())
    values = dict(zip(schema.PROPERTY_KEYS, props.flatten()))
    text = {key: pc.fill_null(values[key], "") for key in _STRING_KEYS}
    for key in schema.REPORT_COLUMNS:
        if key in text:
            ok &= _np(pc.less_equal(pc.utf8_length(text[key]), _MAX_CELL)) & ~_edge_space(text[key])
    empty = {key: _np(pc.equal(column, "")) for key, column in text.items()}
    for key in schema.REQUIRED_COLUMNS:
        ok &= ~empty[key]
    ok &= _np(pc.match_substring_regex(text["id"], f"^{_ID}$"))

    # Dates: real days, in order (ISO dates compare as text).
    for key in ("reported_on", "event_start", "event_end"):
        ok &= _real_dates(text[key])
    start, end, reported = text["event_start"], text["event_end"], text["reported_on"]
    ok &= ~(~empty["event_end"] & empty["event_start"])
    ok &= ~(~empty["event_end"] & _np(pc.less(end, start)))
    ok &= ~(~empty["event_start"] & _np(pc.greater(start, reported)))

    # Vocabularies and codes.
    def one_of(key, choices):
        return _np(pc.is_in(text[key], value_set=pa.array(list(choices), pa.string())))

    ok &= one_of("area", schema.AREAS) & one_of("location_precision", schema.LOCATION_PRECISIONS)
    ok &= one_of("claim_status", schema.CLAIM_STATUSES)
    ok &= one_of("count_kind", ("", *schema.COUNT_KINDS)) & one_of("count_qualifier", ("", *schema.COUNT_QUALIFIERS))
    codes = "|".join(sorted(known_codes()))
    for key in ("nationality", "claimant_country"):
        valid = empty[key] | _np(pc.match_substring_regex(text[key], rf"^(?:{codes})(?:;(?:{codes}))*$"))
        ok &= _each_once(text[key], valid)
    ok &= empty["country"] | one_of("country", known_codes())
    ok &= ~(empty["nationality"] & empty["nationality_label"])
    ok &= empty["responds_to"] | _np(pc.match_substring_regex(text["responds_to"], rf"^{_ID}(?:;{_ID})*$"))
    answering = np.flatnonzero(~empty["responds_to"])
    if len(answering):
        ids, targets = text["id"].take(answering).to_pylist(), text["responds_to"].take(answering).to_pylist()
        ok[answering] &= np.array([ident not in value.split(";") for ident, value in zip(ids, targets)], dtype=bool)

    # Figures.
    count = values["count"]
    no_count = _np(count.is_null())
    ok &= no_count | _np(pc.fill_null(pc.greater_equal(count, 0), False))
    ok &= ~(no_count & ~empty["count_qualifier"])
    ok &= ~(~no_count & one_of("count_kind", ("", "other")))

    # Location.
    lat, lon = values["latitude"], values["longitude"]
    has_lat, has_lon = _np(lat.is_valid()), _np(lon.is_valid())
    ys, xs = pc.fill_null(lat, 0.0).to_numpy(zero_copy_only=False), pc.fill_null(lon, 0.0).to_numpy(zero_copy_only=False)
    ok &= np.isfinite(ys) & np.isfinite(xs) & (np.abs(ys) <= 90) & (np.abs(xs) <= 180)
    ok &= has_lat == has_lon
    point_precision = one_of("location_precision", schema.POINT_PRECISIONS)
    ok &= has_lat == point_precision
    admin1 = text["admin1"]
    ok &= empty["admin1"] | one_of("admin1", reference.admin1)
    needs_region = point_precision | _np(pc.equal(text["location_precision"], "oblast"))
    ok &= ~(needs_region & empty["admin1"])
    for name, region in reference.admin1.items():
        in_region = _np(pc.equal(admin1, name))
        ok &= ~in_region | _np(pc.equal(text["country"], region.country))
        rows = np.flatnonzero(in_region & has_lat & has_lon & ok)
        if len(rows):
            ok[rows] &= shapely.contains_xy(region.geometry, xs[rows], ys[rows])
    for area, region_name in AREA_REGIONS.items():
        ok &= ~(_np(pc.equal(text["area"], area)) & ~empty["admin1"] & ~_np(pc.equal(admin1, region_name)))
    ok &= ~(_np(pc.equal(text["area"], "border")) & ~empty["admin1"]
            & ~_np(pc.is_in(admin1, value_set=pa.array(sorted(border_regions(reference)), pa.string()))))

    ok &= _sources_ok(values["sources"], n)
    return ~ok


def _sources_ok(sources: pa.Array, n: int) -> np.ndarray:
    """Per row: a non-empty list of {url, title, outlet} objects with http(s) URLs, each URL once."""
    lengths = pc.fill_null(pc.list_value_length(sources), 0).to_numpy(zero_copy_only=False)
    ok = lengths > 0
    items = sources.flatten()  # the sources of every row with a list, in order
    rows = np.repeat(np.arange(n), lengths)
    url = items.flatten()[0]
    bad = ~_np(items.is_valid()) | ~_np(url.is_valid())
    urls = pc.fill_null(url, "").to_pylist()
    bad |= np.fromiter((_URL.fullmatch(u) is None for u in urls), dtype=bool, count=len(urls))
    bad |= pd.DataFrame({"row": rows, "url": urls}).duplicated().to_numpy()
    ok[np.unique(rows[bad])] = False
    return ok


# --- published properties -------------------------------------------------------------------------


def _null_if_empty(column: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def canonical_table(raw: pa.Table, keep: np.ndarray) -> pa.Table:
    """The published properties of the rows `keep` marks (checked valid), column by column."""
    props = raw.column("properties").combine_chunks().filter(pa.array(keep))
    values = dict(zip(schema.PROPERTY_KEYS, props.flatten()))
    text = {key: pc.fill_null(values[key], "") for key in _STRING_KEYS}
    start, end = _null_if_empty(text["event_start"]), _null_if_empty(text["event_end"])
    date = pc.coalesce(start, text["reported_on"])
    nationality = text["nationality"]
    distinct = pc.unique(nationality)
    names = pa.array(["; ".join(country_name(c) for c in v.split(";") if c) for v in distinct.to_pylist()], pa.string())
    other = pc.or_(pc.equal(text["area"], "other"), pc.equal(text["location_precision"], "country"))
    sources = values["sources"]
    items = sources.flatten()
    url, title, outlet = items.flatten()
    lengths = pc.fill_null(pc.list_value_length(sources), 0).to_numpy(zero_copy_only=False)
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32))
    columns = {
        **text,
        "event_start": start, "event_end": end, "date": date, "date_end": pc.coalesce(end, date),
        "date_basis": pc.if_else(start.is_valid(), "event_start", "reported_on"),
        "nationality_names": pc.take(names, pc.index_in(nationality, value_set=distinct)),
        "layer": pc.if_else(other, "other", text["area"]),
        "latitude": values["latitude"], "longitude": values["longitude"], "count": values["count"],
        "sources": pa.ListArray.from_arrays(offsets, pa.StructArray.from_arrays(
            [url, pc.fill_null(title, ""), pc.fill_null(outlet, "")], fields=list(SOURCE_TYPE))),
    }
    return pa.Table.from_arrays([columns[key] for key in schema.PROPERTY_KEYS], schema=PROPERTIES_SCHEMA)


def cross_row_ok(table: pa.Table, whole_dataset: bool) -> bool:
    """Whether ids are unique and every ``responds_to`` names an earlier report of the data."""
    ids = table.column("id")
    if pc.count_distinct(ids).as_py() != table.num_rows:
        return False
    answering = table.filter(pc.not_equal(table.column("responds_to"), ""))
    if not answering.num_rows:
        return True
    reported = dict(zip(ids.to_pylist(), table.column("reported_on").to_pylist()))
    for day, value in zip(answering.column("reported_on").to_pylist(), answering.column("responds_to").to_pylist()):
        for target in value.split(";"):
            if target not in reported:
                if whole_dataset:
                    return False
            elif reported[target] > day:
                return False
    return True


def read_table(raw: pa.Table, name: str, reference: Reference, whole_dataset: bool) -> pa.Table | None:
    """The published properties of checked features, sorted by id; None if row by row must decide.

    None means: some row broke (or might have broken) a rule, or a check between rows failed; the
    caller then runs `geo.validate.read_geojson_reports`, which reports every problem exactly.
    """
    from geo.build import report_feature
    from geo.records import Collector
    from geo.validate import report_from_properties

    if not _np(pc.fill_null(pc.equal(raw.column("type"), "Feature"), False)).all():
        return None  # the row-by-row path names each one that is not a GeoJSON Feature
    flagged = flag_rows(raw, reference)
    fixed = []
    if flagged.any():
        props = raw.column("properties").combine_chunks()
        for index in np.flatnonzero(flagged):
            out = Collector(name, f"feature {index + 1}")
            report = report_from_properties(props[int(index)].as_py(), out, strict_keys=False)
            if report is None or out.problems or rules.check_report(report, reference):
                return None
            fixed.append(report_feature(report, reference)["properties"])
    table = canonical_table(raw, ~flagged)
    if fixed:
        table = pa.concat_tables([table, table_from_properties(fixed)])
    table = table.sort_by("id").combine_chunks()
    return table if cross_row_ok(table, whole_dataset) else None
