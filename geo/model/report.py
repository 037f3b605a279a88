"""A report's columns, its published properties and how they are derived, column by column.

One report is one claim made by one claimant at one time about the presence of foreign troops.
Conflicting claims are separate reports; they are never merged. A dataset of reports is held as
an Arrow table in the published schema (`PROPERTIES_SCHEMA`); `published_table` makes it from
the checked cells of a report table.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.model.countries import country_name
from geo.model.dates import precisions

#: The columns of ``data/reports.csv``, in file order.
REPORT_COLUMNS = (
    "id", "reported_on", "event_start", "event_end", "nationality", "nationality_label", "area",
    "place_name", "admin1", "country", "latitude", "longitude", "location_precision", "location_source",
    "count", "count_max", "count_qualifier", "count_kind", "count_label", "claim_status", "claimant",
    "claimant_country", "responds_to", "summary", "notes",
)

#: The columns of ``data/sources.csv``, in file order; the first source of a report is its primary.
SOURCE_COLUMNS = ("report_id", "url", "title", "outlet")

#: Separator of several values in one cell (nationality, claimant_country, responds_to).
LIST_SEPARATOR = ";"

#: Properties of every published feature, in output order. Every feature has every key.
PROPERTY_KEYS = (
    "id", "reported_on", "event_start", "event_end", "date", "date_end", "date_precision", "date_basis",
    "nationality", "nationality_names", "nationality_label", "area", "layer", "place_name", "admin1",
    "country", "latitude", "longitude", "location_precision", "location_source", "count", "count_max",
    "count_qualifier", "count_kind", "count_label", "claim_status", "claimant", "claimant_country",
    "responds_to", "summary", "notes", "sources",
)

#: Properties computed from the others; a published layer must hold exactly what the report implies.
DERIVED_KEYS = ("date", "date_end", "date_precision", "date_basis", "nationality_names", "layer")

#: Columns published as numbers; every other column but ``sources`` is text.
FLOAT_COLUMNS = ("latitude", "longitude")
INTEGER_COLUMNS = ("count", "count_max")

SOURCE_TYPE = pa.struct([("url", pa.string()), ("title", pa.string()), ("outlet", pa.string())])


def _arrow_type(key: str) -> pa.DataType:
    if key in FLOAT_COLUMNS:
        return pa.float64()
    if key in INTEGER_COLUMNS:
        return pa.int64()
    return pa.list_(SOURCE_TYPE) if key == "sources" else pa.string()


#: Arrow types of the published properties, in `PROPERTY_KEYS` order.
PROPERTIES_SCHEMA = pa.schema([(key, _arrow_type(key)) for key in PROPERTY_KEYS])


def table_from_properties(properties: list[dict]) -> pa.Table:
    """The table of published properties (dicts with the keys of `PROPERTY_KEYS`), same order."""
    return pa.Table.from_pylist(list(properties), schema=PROPERTIES_SCHEMA)


def _null_if_empty(column: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _names(codes: pa.Array) -> pa.Array:
    """The names of ``;``-separated codes (``"North Korea; China"``), once per distinct value."""
    distinct = pc.unique(codes)
    names = pa.array(["; ".join(country_name(c) for c in v.split(LIST_SEPARATOR) if c)
                      for v in distinct.to_pylist()], pa.string())
    return pc.take(names, pc.index_in(codes, value_set=distinct))


def published_table(cells: pa.Table, sources: pa.Array) -> pa.Table:
    """The published properties of checked reports, in the same order.

    Parameters
    ----------
    cells : pyarrow.Table
        The text of every `REPORT_COLUMNS` cell of reports that passed the rules (stripped).
    sources : pyarrow.ListArray
        Each report's sources as ``{url, title, outlet}`` structs, in order.
    """
    text = {key: cells.column(key).combine_chunks() for key in REPORT_COLUMNS}
    start, end = _null_if_empty(text["event_start"]), _null_if_empty(text["event_end"])
    reported = _null_if_empty(text["reported_on"])
    date = pc.coalesce(start, reported)
    other = pc.or_(pc.equal(text["area"], "other"), pc.equal(text["location_precision"], "country"))
    columns = {
        **text,
        "reported_on": reported, "event_start": start, "event_end": end,
        "date": date, "date_end": pc.coalesce(end, date), "date_precision": precisions(date),
        "date_basis": pc.if_else(start.is_valid(), "event_start", pc.if_else(reported.is_valid(), "reported_on", "")),
        "nationality_names": _names(text["nationality"]),
        "layer": pc.if_else(other, "other", text["area"]),
        "sources": sources,
    }
    for key in FLOAT_COLUMNS:
        columns[key] = pc.cast(_null_if_empty(text[key]), pa.float64())
    for key in INTEGER_COLUMNS:
        columns[key] = pc.cast(_null_if_empty(text[key]), pa.int64())
    return pa.Table.from_arrays([columns[key] for key in PROPERTY_KEYS], schema=PROPERTIES_SCHEMA)


def split_lists(column: pa.Array) -> np.ndarray:
    """Each ``;``-separated value as a tuple of its parts (split once per distinct value)."""
    distinct = pc.unique(column)
    tuples = np.empty(len(distinct), dtype=object)
    for i, value in enumerate(distinct.to_pylist()):
        tuples[i] = tuple(part for part in (value or "").split(LIST_SEPARATOR) if part)
    return tuples[pc.index_in(column, value_set=distinct).to_numpy(zero_copy_only=False)]


#: The columns of a report as one flat row (CSV, GeoPackage, KML): every property but the nested
#: sources, then the sources' URLs, titles and outlets, each joined by `SOURCE_JOIN`.
FLAT_COLUMNS = tuple(key for key in PROPERTY_KEYS if key != "sources") + ("source_urls", "source_titles",
                                                                          "source_outlets")
SOURCE_JOIN = " | "


def flat_row(props: dict) -> dict:
    """A report's published properties as one flat row of `FLAT_COLUMNS` (empty text for null)."""
    row = {key: "" if props.get(key) is None else props[key] for key in FLAT_COLUMNS[:-3]}
    sources = props.get("sources") or []
    for key, part in (("source_urls", "url"), ("source_titles", "title"), ("source_outlets", "outlet")):
        row[key] = SOURCE_JOIN.join(s.get(part) or "" for s in sources)
    return row
