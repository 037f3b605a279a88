"""Reading the report tables (``data/reports.csv`` and ``data/sources.csv``) into `Report` records.

Row numbers in messages count the header as row 1, as spreadsheets do.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from geo import rules, schema
from geo.countries import is_country_code
from geo.errors import DataError, Problem, display_path
from geo.schema import Report, Source

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REPORTS_FILE = DATA_DIR / "reports.csv"
SOURCES_FILE = DATA_DIR / "sources.csv"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_INT = re.compile(r"\d+")
_MAX_CELL = 10_000


@dataclass(frozen=True)
class Row:
    """One data row of a table, with the place to name in messages."""

    file: str
    number: int
    values: dict[str, str]

    @property
    def where(self) -> str:
        ident = self.values.get("id") or self.values.get("report_id") or ""
        return f"row {self.number}" + (f" (id {ident!r})" if ident else "")


class Collector:
    """Collects problems for one row or feature."""

    def __init__(self, file: str, where: str):
        self.file = file
        self.where = where
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.where, field, message))


# --- CSV ---------------------------------------------------------------------------------------


def read_table(path: str | Path, columns: tuple[str, ...], text: str | None = None) -> tuple[list[Row], list[Problem]]:
    """Read a CSV table whose header must hold exactly `columns` (in any order).

    Parameters
    ----------
    path : str or Path
        The file; also the name used in messages.
    columns : tuple of str
        The expected header.
    text : str, optional
        The file's content, if already read (an upload, say).
    """
    name = display_path(path)
    if text is None:
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            return [], [Problem(name, "", "", "no such file")]
        except UnicodeDecodeError as exc:
            return [], [Problem(name, f"byte {exc.start}", "", "is not UTF-8 text; save the table "
                                "as CSV UTF-8")]
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(name, "", "", f"is empty; the first row must be the header: {','.join(columns)}")]
    except csv.Error as exc:
        return [], [Problem(name, "row 1", "", f"is not valid CSV ({exc})")]
    header = [cell.strip() for cell in header]
    problems = []
    missing = [column for column in columns if column not in header]
    unknown = [column for column in header if column not in columns]
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if missing:
        problems.append(Problem(name, "row 1 (header)", "", f"missing column(s) {', '.join(map(repr, missing))}; "
                                f"the header must be: {','.join(columns)}"))
    if unknown:
        problems.append(Problem(name, "row 1 (header)", "", f"unknown column(s) {', '.join(map(repr, unknown))}; "
                                f"the header must be: {','.join(columns)}"))
    if duplicated:
        problems.append(Problem(name, "row 1 (header)", "", f"column(s) {', '.join(map(repr, duplicated))} appear "
                                "more than once"))
    if problems:
        return [], problems

    rows = []
    number = 1
    try:
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, f"row {number}", "", f"has {len(cells)} values but the header has "
                                        f"{len(header)} columns; put values that contain commas in double quotes"))
                continue
            rows.append(Row(name, number, {key: cell.strip() for key, cell in zip(header, cells)}))
    except csv.Error as exc:
        problems.append(Problem(name, f"row {number}", "", f"is not valid CSV ({exc}); check the quotes"))
    return rows, problems


# --- single values -------------------------------------------------------------------------------


def parse_date(value: str, field: str, out: Collector) -> dt.date | None:
    """Parse an ISO date (``YYYY-MM-DD``); record a problem and return None if it is not one."""
    if not value:
        return None
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    out.add(field, f"{value!r} is not a date in YYYY-MM-DD form (e.g. '2025-04-08'); "
                   "leave it empty if unknown")
    return None


def parse_coordinate(value: str, field: str, limit: float, out: Collector) -> float | None:
    """Parse a decimal-degree coordinate within ``-limit..limit``."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        out.add(field, f"{value!r} is not a number; write decimal degrees with a point, e.g. 51.19139")
        return None
    if not math.isfinite(number):
        out.add(field, f"{value!r} is not a finite number; write decimal degrees, e.g. 51.19139")
        return None
    if not -limit <= number <= limit:
        hint = "; swap latitude and longitude?" if field == "latitude" and abs(number) <= 180 else ""
        out.add(field, f"{value!r} is outside -{limit:g}..{limit:g}{hint}")
        return None
    return number


def parse_codes(value: str, field: str, out: Collector) -> tuple[str, ...]:
    """Parse ``;``-separated ISO 3166-1 alpha-2 codes."""
    codes = []
    for code in (part.strip() for part in value.split(schema.LIST_SEPARATOR)):
        if not code:
            continue
        if is_country_code(code):
            if code in codes:
                out.add(field, f"{code!r} is listed twice in {value!r}; list each code once")
            codes.append(code)
        elif is_country_code(code.upper()):
            out.add(field, f"{code!r} must be written in capitals: {code.upper()!r}")
        else:
            out.add(field, f"{code!r} is not an ISO 3166-1 alpha-2 country code; use two capital "
                           "letters such as 'KP' (North Korea) or 'CN' (China), several separated by ';'")
    return tuple(dict.fromkeys(codes))


def parse_choice(value: str, field: str, choices: tuple[str, ...], out: Collector, allow_empty: bool = False) -> str:
    """Check that `value` is one of `choices`."""
    if not value and allow_empty:
        return ""
    if value in choices:
        return value
    if value.lower() in choices:
        out.add(field, f"{value!r} must be written in lower case: {value.lower()!r}")
    else:
        out.add(field, f"{value!r} is not one of {', '.join(choices)}")
    return ""


def check_url(url: str, field: str, out: Collector) -> bool:
    """Check that `url` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        out.add(field, f"{url!r} is not an http(s) URL; give the address of the published source, "
                       "starting with https:// (or http://)")
        return False
    return True


# --- reports -----------------------------------------------------------------------------------


def parse_report(values: dict[str, str], sources: tuple[Source, ...], out: Collector) -> Report | None:
    """Turn one table row (or one feature's properties as strings) into a `Report`.

    Each broken rule is recorded in `out`; None is returned if any was found.
    """
    before = len(out.problems)
    for column in schema.REQUIRED_COLUMNS:
        if not values.get(column, ""):
            out.add(column, "is required but empty")
    for column, value in values.items():
        if len(value) > _MAX_CELL:
            out.add(column, f"is {len(value)} characters long; the limit is {_MAX_CELL}")

    ident = values.get("id", "")
    if ident and not _ID.fullmatch(ident):
        out.add("id", f"{ident!r} may only hold letters, digits, '.', '_' and '-' (at most 64, "
                      "starting with a letter or digit), e.g. 'FT-052'")

    reported_on = parse_date(values.get("reported_on", ""), "reported_on", out)
    event_start = parse_date(values.get("event_start", ""), "event_start", out)
    event_end = parse_date(values.get("event_end", ""), "event_end", out)

    nationality = parse_codes(values.get("nationality", ""), "nationality", out)
    claimant_country = parse_codes(values.get("claimant_country", ""), "claimant_country", out)
    country_codes = parse_codes(values.get("country", ""), "country", out)
    if len(country_codes) > 1:
        out.add("country", f"{values['country']!r} names several countries; give the one country "
                           "the location is in")

    area = parse_choice(values.get("area", ""), "area", schema.AREAS, out) if values.get("area") else ""
    precision = (parse_choice(values.get("location_precision", ""), "location_precision",
                              schema.LOCATION_PRECISIONS, out) if values.get("location_precision") else "")
    status = (parse_choice(values.get("claim_status", ""), "claim_status", schema.CLAIM_STATUSES, out)
              if values.get("claim_status") else "")
    count_kind = parse_choice(values.get("count_kind", ""), "count_kind", schema.COUNT_KINDS, out, allow_empty=True)
    qualifier = parse_choice(values.get("count_qualifier", ""), "count_qualifier",
                             schema.COUNT_QUALIFIERS, out, allow_empty=True)

    latitude = parse_coordinate(values.get("latitude", ""), "latitude", 90, out)
    longitude = parse_coordinate(values.get("longitude", ""), "longitude", 180, out)

    count = None
    raw_count = values.get("count", "")
    if raw_count:
        if _INT.fullmatch(raw_count):
            count = int(raw_count)
        else:
            out.add("count", f"{raw_count!r} is not a whole number; write digits only (e.g. 1100) and "
                             "put 'about', 'at_least', 'more_than' or 'up_to' in count_qualifier")

    responds_to = tuple(part.strip() for part in values.get("responds_to", "").split(schema.LIST_SEPARATOR)
                        if part.strip())

    if len(out.problems) > before:
        return None
    return Report(
        id=ident,
        reported_on=reported_on,
        area=area,
        location_precision=precision,
        claim_status=status,
        claimant=values.get("claimant", ""),
        summary=values.get("summary", ""),
        sources=sources,
        event_start=event_start,
        event_end=event_end,
        nationality=nationality,
        nationality_label=values.get("nationality_label", ""),
        place_name=values.get("place_name", ""),
        admin1=values.get("admin1", ""),
        country=country_codes[0] if country_codes else "",
        latitude=latitude,
        longitude=longitude,
        location_source=values.get("location_source", ""),
        count=count,
        count_qualifier=qualifier,
        count_kind=count_kind,
        claimant_country=claimant_country,
        responds_to=responds_to,
        notes=values.get("notes", ""),
    )


def parse_source(values: dict[str, str], out: Collector) -> Source | None:
    """Turn one ``sources.csv`` row (or one ``sources`` entry of a feature) into a `Source`."""
    url = values.get("url", "")
    if not url:
        out.add("url", "is required but empty; give the http(s) address of the source")
        return None
    if not check_url(url, "url", out):
        return None
    return Source(url=url, title=values.get("title", ""), outlet=values.get("outlet", ""))


def read_reports(reports_path: str | Path = REPORTS_FILE, sources_path: str | Path | None = None,
                 reference=None, texts: tuple[str, str] | None = None) -> list[Report]:
    """Read and validate the two report tables; raise `DataError` with every problem found.

    Parameters
    ----------
    reports_path : str or Path
        ``reports.csv``: one row per report.
    sources_path : str or Path, optional
        ``sources.csv``: one row per source; defaults to ``sources.csv`` beside `reports_path`.
    reference : geo.reference.Reference, optional
        Reference geography for the location checks; the committed one by default.
    texts : (str, str), optional
        The two files' contents, if already read.

    Returns
    -------
    list of Report
        In file order.
    """
    from geo.reference import load_reference

    reports_path = Path(reports_path)
    sources_path = Path(sources_path) if sources_path else reports_path.with_name("sources.csv")
    reference = reference or load_reference()

    report_rows, problems = read_table(reports_path, schema.REPORT_COLUMNS, texts[0] if texts else None)
    source_rows, source_problems = read_table(sources_path, schema.SOURCE_COLUMNS, texts[1] if texts else None)
    problems += source_problems

    ids = {row.values.get("id") for row in report_rows}
    sources_by_report: dict[str, list[Source]] = {}
    seen_urls: dict[tuple[str, str], int] = {}
    for row in source_rows:
        out = Collector(row.file, row.where)
        report_id = row.values.get("report_id", "")
        if not report_id:
            out.add("report_id", "is required but empty; give the id of the report this source belongs to")
        elif report_id not in ids:
            out.add("report_id", f"{report_id!r} matches no report in {display_path(reports_path)}; fix the id or add the report")
        source = parse_source(row.values, out)
        key = (report_id, row.values.get("url", ""))
        if source and key in seen_urls:
            out.add("url", f"{source.url!r} is listed twice for report {report_id!r} (first in row "
                           f"{seen_urls[key]}); keep one")
            source = None
        seen_urls.setdefault(key, row.number)
        problems += out.problems
        if source and report_id:
            sources_by_report.setdefault(report_id, []).append(source)

    reports = []
    rows_by_id: dict[str, Row] = {}
    for row in report_rows:
        out = Collector(row.file, row.where)
        ident = row.values.get("id", "")
        sources = tuple(sources_by_report.get(ident, ()))
        if ident and not sources:
            out.add("sources", f"report has no source; add a row to {display_path(sources_path)} with report_id "
                               f"{ident!r} and the http(s) URL of the source")
        if ident in rows_by_id:
            out.add("id", f"{ident!r} is used again (first in row {rows_by_id[ident].number}); "
                          "ids must be unique and are never reused")
        else:
            rows_by_id[ident] = row
        report = parse_report(row.values, sources, out)
        if report is not None:
            out.problems += [Problem(row.file, row.where, field, message)
                             for field, message in rules.check_report(report, reference)]
            if not out.problems:
                reports.append(report)
        problems += out.problems

    problems += [Problem(display_path(reports_path), rows_by_id[report_id].where, field, message)
                 for report_id, field, message in rules.check_reports(reports, set(rows_by_id))]
    if problems:
        raise DataError(problems)
    return reports
