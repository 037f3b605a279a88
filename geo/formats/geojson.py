"""RFC 7946 GeoJSON: deterministic text, and reading a FeatureCollection into the cells the rules check.

A layer written by this project has one feature per line; `geo.formats.ndjson` reads such a
layer column by column. Any other layout, or a value of the wrong JSON type, is read here, one
feature at a time, into the same cells, so the rules see the same table either way.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa

from geo.errors import Problem
from geo.formats.limits import FILE_LIMITS, Limits
from geo.model.report import REPORT_COLUMNS
from geo.rules.cells import ReportCells, SourceCells

MEDIA_TYPE = "application/geo+json"


def dumps_compact(obj) -> str:
    """Serialize `obj` as compact UTF-8 JSON with the key order given."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dump_feature_collection(features, name: str, members: dict | None = None) -> str:
    """Return a FeatureCollection as text, one feature per line, so diffs show what changed.

    Parameters
    ----------
    features : iterable of dict
        GeoJSON features, already in their final order.
    name : str
        Layer name, stored as the foreign member ``name`` (GDAL uses it as the layer name).
    members : dict, optional
        More top-level foreign members (dataset version, source, licence), in order.
    """
    head = {"type": "FeatureCollection", "name": name, **(members or {})}
    opening = dumps_compact(head)[:-1] + ',"features":['
    body = ",\n".join(dumps_compact(feature) for feature in features)
    if not body:
        return opening + "]}\n"
    return opening + "\n" + body + "\n]}\n"


def read_collection(text: str, name: str, problems: list[Problem], limits: Limits = FILE_LIMITS) -> dict | None:
    """Parse GeoJSON text and check its top level; record problems and return None if unusable."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, f"line {exc.lineno} column {exc.colno}", "",
                                f"malformed JSON ({exc.msg}); the file must be a GeoJSON FeatureCollection"))
        return None
    except RecursionError:
        problems.append(Problem(name, "", "", "is nested too deeply to be a GeoJSON layer of reports (arrays or "
                                "objects inside each other more than a few hundred times); export the layer again"))
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        problems.append(Problem(name, "", "type", f"expected a GeoJSON FeatureCollection, got {got!r}"))
        return None
    if "crs" in data:
        problems.append(Problem(name, "", "crs", f"RFC 7946 GeoJSON has no 'crs' member (got {data['crs']!r}); "
                                "coordinates are always WGS84 longitude, latitude: remove it"))
    if not isinstance(data.get("features"), list):
        problems.append(Problem(name, "", "features", f"must be an array, got {_short(data.get('features'))}"))
        return None
    if len(data["features"]) > limits.max_reports:
        problems.append(Problem(name, "", "features", f"holds {len(data['features']):,} features; the limit is "
                                f"{limits.max_reports:,} reports: split the file"))
        return None
    return data


def _short(value, limit: int = 80) -> str:
    """`repr` of a value from outside, cut short (a message never echoes megabytes)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def as_text(value) -> str | None:
    """The text a table cell would hold for a property value; None if no cell could hold it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    return value if isinstance(value, str) else None


def _expected(value) -> str:
    if isinstance(value, float):
        return f"expected a finite number, got {value!r}"
    if isinstance(value, bool):
        return f"expected text or a number, got {value!r}"
    return f"expected text, a number or null, got {type(value).__name__} {_short(value)}"


#: Problems of form recorded while reading one file; the rest are counted (see `geo.rules.engine.MAX_PROBLEMS`).
MAX_READ_PROBLEMS = 1000

NO_SOURCE = ("must be a non-empty list of {{url, title, outlet}} objects, got []; every report needs at least "
             "one http(s) source")


def feature_ident(feature) -> str | None:
    """The id a feature is named by: its ``id``, else its properties' ``id``."""
    if not isinstance(feature, dict):
        return None
    ident = feature.get("id")
    props = feature.get("properties")
    if not isinstance(ident, str) and isinstance(props, dict) and isinstance(props.get("id"), str):
        ident = props["id"]
    return ident if isinstance(ident, str) else None


def collection_cells(data: dict, name: str, whole_dataset: bool) -> ReportCells:
    """The cells of a parsed FeatureCollection, one row per feature, and the problems of its form."""
    features = data["features"]
    columns = {key: [] for key in REPORT_COLUMNS}
    sources = {key: [] for key in ("report_id", "url", "title", "outlet")}
    owner, slot, problems, unreadable, idents = [], [], [], [], []
    more = 0
    for index, feature in enumerate(features):
        ident = feature_ident(feature)
        idents.append(ident or "")
        where = f"feature {index + 1}" + (f" (id {ident!r})" if ident else "")
        found = []
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            got = feature.get("type") if isinstance(feature, dict) else feature
            found.append(Problem(name, where, "type", f"expected a GeoJSON Feature, got {_short(got)}"))
        elif not isinstance(props, dict):
            found.append(Problem(name, where, "properties", f"must be an object, got {_short(props)}"))
        props = props if isinstance(props, dict) else {}
        for key in REPORT_COLUMNS:
            text = as_text(props.get(key))
            if text is None:
                found.append(Problem(name, where, key, _expected(props.get(key))))
            columns[key].append(text or "")
        listed = props.get("sources", [])
        if not isinstance(listed, list):
            found.append(Problem(name, where, "sources", f"must be a non-empty list of {{url, title, outlet}} objects, "
                                 f"got {_short(listed)}; every report needs at least one http(s) source"))
            listed = []
        for k, item in enumerate(listed, start=1):
            if not isinstance(item, dict):
                found.append(Problem(name, where, "sources", f"entry {k} must be an object with url, title, outlet; "
                                     f"got {_short(item)}"))
                continue
            for key in ("url", "title", "outlet"):
                sources[key].append(item.get(key) if isinstance(item.get(key), str) else "")
            sources["report_id"].append(columns["id"][-1])
            owner.append(index)
            slot.append(k)
        if len(problems) < MAX_READ_PROBLEMS:
            problems += [(index, problem) for problem in found]
        else:
            more += len(found)
        unreadable.append(bool(found))
    numbers = np.arange(1, len(features) + 1)
    return ReportCells(
        file=name, row_word="feature", numbers=numbers, idents=idents, problems=problems,
        cells=pa.table({key: pa.array(values, pa.string()) for key, values in columns.items()}),
        sources=SourceCells(file=name, cells=pa.table({k: pa.array(v, pa.string()) for k, v in sources.items()}),
                            numbers=numbers[np.asarray(owner, dtype=np.int64)], report_row=np.asarray(owner, np.int64),
                            slot=np.asarray(slot, np.int64)),
        unreadable=np.asarray(unreadable, dtype=bool), whole_dataset=whole_dataset, no_source=NO_SOURCE,
        more_problems=more,
    )
