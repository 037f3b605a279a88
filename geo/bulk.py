"""Reading large report collections fast, with the same rules and messages as row by row.

Column-wise checks over all features find the rows that might break a rule. Only those rows go
through the row-by-row rules of `geo.validate` (so every message is the one the build gives); the
others are known valid and are turned into published features column by column. Checks between
rows (duplicate ids, ``responds_to``) fall back to the row-by-row path for the whole file when they
find anything.

The checks here are deliberately stricter than the rules: a row they flag may still be valid (a
point a kilometre outside its generalized region, say). They must never be laxer; the tests
compare both paths on every invalid case the rule tests know.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import shapely

from geo import rules, schema
from geo.build import region_geojson, report_feature
from geo.countries import country_name, known_codes
from geo.reference import Reference
from geo.rules import AREA_REGIONS, border_regions

_STRING_COLUMNS = tuple(c for c in schema.REPORT_COLUMNS if c not in ("count", "latitude", "longitude"))
_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
_URL = re.compile(r"https?://[^\s/?#\[\]@]+(?:[/?#]\S*)?")
_MAX_CELL = 10_000


def _codes_pattern() -> str:
    codes = "|".join(sorted(known_codes()))
    return rf"(?:{codes})(?:;(?:{codes}))*"


def _column(props: list[dict], key: str) -> pd.Series:
    return pd.Series([p.get(key) for p in props], dtype=object)


def _is_str_or_none(values: pd.Series) -> np.ndarray:
    return np.fromiter((v is None or type(v) is str for v in values), dtype=bool, count=len(values))


def flag_rows(features: list, reference: Reference) -> np.ndarray:
    """Return, per feature, whether it needs the row-by-row check (True) or is known valid."""
    n = len(features)
    ok = np.fromiter((isinstance(f, dict) and f.get("type") == "Feature" and isinstance(f.get("properties"), dict)
                      for f in features), dtype=bool, count=n)
    props = [f["properties"] if good else {} for f, good in zip(features, ok)]
    table = pd.DataFrame.from_records(props, columns=list(_STRING_COLUMNS), coerce_float=False)
    text = {}
    for key in _STRING_COLUMNS:
        column = table[key]
        if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):
            ok &= _is_str_or_none(column)  # only a column with a non-text value is looked at cell by cell
        filled = column.where(column.notna(), "").astype(str)
        ok &= (filled.str.len() <= _MAX_CELL).to_numpy() & (filled == filled.str.strip()).to_numpy()
        text[key] = filled
    for key in schema.REQUIRED_COLUMNS:
        ok &= (text[key] != "").to_numpy()
    ok &= text["id"].str.fullmatch(_ID).to_numpy()

    # Dates: real days, in order.
    dates = {}
    for key in ("reported_on", "event_start", "event_end"):
        parsed = pd.to_datetime(text[key].where(text[key] != "", None), format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna().to_numpy() & (text[key] != "").to_numpy()
        ok &= ~bad & ((text[key] == "") | text[key].str.fullmatch(r"\d{4}-\d{2}-\d{2}")).to_numpy()
        dates[key] = parsed
    start, end, reported = dates["event_start"], dates["event_end"], dates["reported_on"]
    ok &= ~(end.notna() & start.isna()).to_numpy()
    ok &= ~(end < start).fillna(False).to_numpy()
    ok &= ~(start > reported).fillna(False).to_numpy()

    # Vocabularies and codes.
    ok &= text["area"].isin(schema.AREAS).to_numpy()
    ok &= text["location_precision"].isin(schema.LOCATION_PRECISIONS).to_numpy()
    ok &= text["claim_status"].isin(schema.CLAIM_STATUSES).to_numpy()
    ok &= text["count_kind"].isin(("", *schema.COUNT_KINDS)).to_numpy()
    ok &= text["count_qualifier"].isin(("", *schema.COUNT_QUALIFIERS)).to_numpy()
    codes = _codes_pattern()
    for key in ("nationality", "claimant_country"):
        valid = (text[key] == "") | text[key].str.fullmatch(codes)
        unique = text[key].map(lambda v: len(set(v.split(";"))) == len(v.split(";")))
        ok &= (valid & unique).to_numpy()
    ok &= ((text["country"] == "") | text["country"].isin(known_codes())).to_numpy()
    ok &= ((text["nationality"] != "") | (text["nationality_label"] != "")).to_numpy()
    ok &= ~text["responds_to"].str.contains(r"\s|;;|^;|;$", regex=True).to_numpy()
    ok &= np.array([ident not in value.split(";") for ident, value in zip(text["id"], text["responds_to"])], dtype=bool)

    # Figures.
    count = _column(props, "count")
    is_int = np.fromiter((type(v) is int and v >= 0 for v in count), dtype=bool, count=n)
    no_count = count.isna().to_numpy()
    ok &= is_int | no_count
    ok &= ~(no_count & (text["count_qualifier"] != "").to_numpy())
    ok &= ~(~no_count & text["count_kind"].isin(("", "other")).to_numpy())

    # Location.
    lat, lon = _column(props, "latitude"), _column(props, "longitude")
    number = lambda v: type(v) in (int, float) and np.isfinite(v)  # noqa: E731
    lat_ok = np.fromiter((v is None or number(v) for v in lat), dtype=bool, count=n)
    lon_ok = np.fromiter((v is None or number(v) for v in lon), dtype=bool, count=n)
    ok &= lat_ok & lon_ok
    has_lat, has_lon = lat.notna().to_numpy(), lon.notna().to_numpy()
    ok &= has_lat == has_lon
    point_precision = text["location_precision"].isin(schema.POINT_PRECISIONS).to_numpy()
    ok &= has_lat == point_precision
    admin1 = text["admin1"]
    known = admin1.isin(list(reference.admin1)).to_numpy()
    ok &= known | (admin1 == "").to_numpy()
    needs_region = point_precision | (text["location_precision"] == "oblast").to_numpy()
    ok &= ~(needs_region & (admin1 == "").to_numpy())
    region_country = admin1.map({name: region.country for name, region in reference.admin1.items()}).fillna("")
    ok &= ((admin1 == "") | (text["country"] == region_country)).to_numpy()
    for area, region in AREA_REGIONS.items():
        ok &= ~((text["area"] == area) & (admin1 != "") & (admin1 != region)).to_numpy()
    ok &= ~((text["area"] == "border") & (admin1 != "") & ~admin1.isin(border_regions(reference))).to_numpy()
    xs = pd.to_numeric(lon, errors="coerce").to_numpy(dtype=float)
    ys = pd.to_numeric(lat, errors="coerce").to_numpy(dtype=float)
    inside = np.zeros(n, dtype=bool)
    for name, region in reference.admin1.items():
        rows = np.flatnonzero((admin1 == name).to_numpy() & has_lat & has_lon & lat_ok & lon_ok)
        if len(rows):
            inside[rows] = shapely.contains_xy(region.geometry, xs[rows], ys[rows])
    ok &= ~has_lat | inside
    ok &= ~has_lat | ((np.abs(np.nan_to_num(ys)) <= 90) & (np.abs(np.nan_to_num(xs)) <= 180))

    # Sources: a non-empty list of {url, title, outlet} with http(s) URLs, each URL once.
    ok &= np.fromiter((_sources_ok(p.get("sources")) for p in props), dtype=bool, count=n)
    return ~ok


def _sources_ok(sources) -> bool:
    if type(sources) is not list or not sources:
        return False
    urls = set()
    for source in sources:
        if type(source) is not dict:
            return False
        url, title, outlet = source.get("url"), source.get("title"), source.get("outlet")
        if type(url) is not str or not _URL.fullmatch(url) or url in urls:
            return False
        if not (title is None or type(title) is str) or not (outlet is None or type(outlet) is str):
            return False
        urls.add(url)
    return True


def cross_row_ok(props: list[dict], whole_dataset: bool) -> bool:
    """Whether ids are unique and every ``responds_to`` names an earlier report of the data."""
    ids = [p["id"] for p in props]
    if len(set(ids)) != len(ids):
        return False
    reported = dict(zip(ids, (p["reported_on"] for p in props)))
    for p in props:
        for target in (p.get("responds_to") or "").split(";"):
            if not target:
                continue
            if target not in reported:
                if whole_dataset:
                    return False
            elif reported[target] > p["reported_on"]:
                return False
    return True


def published_features(props: list[dict], reference: Reference) -> list[dict]:
    """Features in the published schema from already checked properties, column by column."""
    if not props:
        return []
    names_by_codes = {}
    out = []
    for p in props:
        start = p.get("event_start") or None
        date = start or p["reported_on"]
        precision = p["location_precision"]
        layer = "other" if p["area"] == "other" or precision == "country" else p["area"]
        nationality = p.get("nationality") or ""
        if nationality not in names_by_codes:
            names_by_codes[nationality] = "; ".join(country_name(c) for c in nationality.split(";") if c)
        lat, lon = p.get("latitude"), p.get("longitude")
        if _is_canonical(p, start, date, layer, names_by_codes[nationality]):
            properties = p  # a published layer's own properties: kept as they are (no copy)
        else:
            properties = {
                "id": p["id"], "reported_on": p["reported_on"], "event_start": start,
                "event_end": p.get("event_end") or None, "date": date, "date_end": p.get("event_end") or date,
                "date_basis": "event_start" if start else "reported_on", "nationality": nationality,
                "nationality_names": names_by_codes[nationality], "nationality_label": p.get("nationality_label") or "",
                "area": p["area"], "layer": layer, "place_name": p.get("place_name") or "",
                "admin1": p.get("admin1") or "", "country": p.get("country") or "",
                "latitude": None if lat is None else float(lat), "longitude": None if lon is None else float(lon),
                "location_precision": precision, "location_source": p.get("location_source") or "",
                "count": p.get("count"), "count_qualifier": p.get("count_qualifier") or "",
                "count_kind": p.get("count_kind") or "", "claim_status": p["claim_status"], "claimant": p["claimant"],
                "claimant_country": p.get("claimant_country") or "", "responds_to": p.get("responds_to") or "",
                "summary": p["summary"], "notes": p.get("notes") or "",
                "sources": [{"url": s["url"], "title": s.get("title") or "", "outlet": s.get("outlet") or ""}
                            for s in p["sources"]],
            }
        if lat is not None:
            geometry = {"type": "Point", "coordinates": [_round6(lon), _round6(lat)]}
        elif precision == "oblast":
            geometry = region_geojson(reference, properties["admin1"])
        else:
            geometry = None
        out.append({"type": "Feature", "id": p["id"], "properties": properties, "geometry": geometry})
    return out


_TEXT_KEYS = ("nationality", "nationality_names", "nationality_label", "place_name", "admin1", "country",
              "location_source", "count_qualifier", "count_kind", "claimant_country", "responds_to", "notes")
_SOURCE_KEYS = ("url", "title", "outlet")


def _is_canonical(p: dict, start, date: str, layer: str, names: str) -> bool:
    """Whether checked properties are already exactly what the build publishes (keys, order, types)."""
    if tuple(p) != schema.PROPERTY_KEYS or p["event_start"] != start or p["date"] != date:
        return False
    if (p["date_end"] != (p["event_end"] or date) or p["date_basis"] != ("event_start" if start else "reported_on")
            or p["layer"] != layer or p["nationality_names"] != names or p["event_end"] == ""):
        return False
    if any(type(p[key]) is not str for key in _TEXT_KEYS):
        return False
    if not (p["latitude"] is None or type(p["latitude"]) is float) or not (
            p["longitude"] is None or type(p["longitude"]) is float):
        return False
    return all(tuple(source) == _SOURCE_KEYS and type(source["title"]) is str and type(source["outlet"]) is str
               for source in p["sources"])


def _round6(value: float) -> float:
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


_OPENING = ',"features":['


def parse_layer_text(text: str) -> dict | None:
    """Parse a layer written by this project (one feature per line), skipping every geometry.

    The geometry of a report is recomputed from its own fields, so it need not be decoded: that
    is most of a large layer's text (each oblast-level report carries its region's polygon).
    Returns None for text of any other layout; the caller then parses it in full.
    """
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or lines[-2] != "]}" or not lines[0].endswith(_OPENING):
        return None
    parts = []
    for line in lines[1:-2]:
        cut = line.rfind(',"geometry":')  # the last member; coordinates cannot contain this text
        if not line.startswith('{"type":"Feature",') or cut < 0:
            return None
        parts.append(line[:cut])
    head_line = lines[0]
    del lines  # a large layer's text is held three times otherwise
    try:
        head = json.loads(head_line[: -len(_OPENING)] + "}")
        body = "[" + "},".join(parts) + "}]"
        del parts
        features = json.loads(body)
    except ValueError:
        return None
    if not isinstance(head, dict) or head.get("type") != "FeatureCollection" or "crs" in head:
        return None
    return {**head, "features": features}


def read_features(data: dict, name: str, reference: Reference) -> list[dict] | None:
    """Published features of a checked FeatureCollection, or None if the row-by-row path must decide.

    None means: some row broke (or might have broken) a rule, or a check between rows failed; the
    caller then runs `geo.validate.read_geojson_reports`, which reports every problem exactly.
    """
    from geo.records import Collector
    from geo.validate import report_from_properties

    features = data["features"]
    flagged = flag_rows(features, reference)
    props = [f["properties"] if isinstance(f, dict) and isinstance(f.get("properties"), dict) else {}
             for f in features]
    fixed = {}
    for index in np.flatnonzero(flagged):
        out = Collector(name, f"feature {index + 1}")
        report = report_from_properties(props[index], out, strict_keys=False)
        if report is None or out.problems or rules.check_report(report, reference):
            return None
        fixed[index] = report_feature(report, reference)
    valid = [p for i, p in enumerate(props) if i not in fixed]
    result = published_features(valid, reference) + list(fixed.values())
    if not cross_row_ok([f["properties"] for f in result], whole_dataset=data.get("name") not in schema.LAYERS):
        return None
    result.sort(key=lambda feature: feature["id"])
    return result

