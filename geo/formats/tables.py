"""Report tables: ``reports.csv`` with its ``sources.csv``, read into the cells the rules check.

Row numbers in messages count the header as row 1, as spreadsheets do.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa

from geo.errors import Problem, display_path
from geo.formats.geojson import MAX_READ_PROBLEMS
from geo.formats.limits import FILE_LIMITS, Limits
from geo.model.report import REPORT_COLUMNS, SOURCE_COLUMNS
from geo.rules.cells import ReportCells, SourceCells

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
REPORTS_FILE = DATA_DIR / "reports.csv"
SOURCES_FILE = DATA_DIR / "sources.csv"


def _decode(path: Path, name: str, raw: bytes | None, limits: Limits) -> tuple[str | None, list[Problem]]:
    if raw is not None and len(raw) > limits.max_bytes:
        return None, [Problem(name, "", "", f"is {len(raw):,} bytes; the limit is {limits.max_bytes:,}")]
    if raw is None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None, [Problem(name, "", "", "no such file")]
        except IsADirectoryError:
            return None, [Problem(name, "", "", "is a directory, not a CSV file")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(name, f"byte {exc.start}", "", "is not UTF-8 text; save the table as CSV UTF-8")]


def read_table(name: str, text: str, columns: tuple[str, ...],
               max_rows: int = FILE_LIMITS.max_reports) -> tuple[pa.Table, np.ndarray, list[Problem], bool]:
    """Read CSV text whose header must hold exactly `columns` (in any order), at most `max_rows` rows.

    Returns the rows as a table of text cells (in `columns` order), their row numbers, the
    problems found and whether the file itself could be read (its header is right).
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    empty = pa.table({column: pa.array([], pa.string()) for column in columns})
    try:
        header = next(reader)
    except StopIteration:
        return empty, np.array([], int), [Problem(name, "", "", f"is empty; the first row must be the header: "
                                                  f"{','.join(columns)}")], False
    except csv.Error as exc:
        return empty, np.array([], int), [Problem(name, "row 1", "", f"is not valid CSV ({exc})")], False
    header = [cell.strip() for cell in header]
    problems = []
    missing = [column for column in columns if column not in header]
    unknown = [column for column in header if column not in columns]
    duplicated = sorted({column for column in header if header.count(column) > 1})
    expected = f"the header must be: {','.join(columns)}"
    if missing:
        problems.append(Problem(name, "row 1 (header)", "", f"missing column(s) {', '.join(map(repr, missing))}; {expected}"))
    if unknown:
        problems.append(Problem(name, "row 1 (header)", "", f"unknown column(s) {', '.join(map(repr, unknown))}; {expected}"))
    if duplicated:
        problems.append(Problem(name, "row 1 (header)", "", f"column(s) {', '.join(map(repr, duplicated))} appear "
                                "more than once"))
    if problems:
        return empty, np.array([], int), problems, False

    order = [header.index(column) for column in columns]
    rows, numbers = [], []
    number = 1
    try:
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                problems.append(Problem(name, f"row {number}", "", f"is beyond the limit of {max_rows:,} rows; "
                                        "split the table"))
                return empty, np.array([], int), problems, False
            if len(cells) != len(header):
                if len(problems) < MAX_READ_PROBLEMS:
                    problems.append(Problem(name, f"row {number}", "", f"has {len(cells)} values but the header has "
                                            f"{len(header)} columns; put values that contain commas in double quotes"))
                continue
            rows.append([cells[i] for i in order])
            numbers.append(number)
    except csv.Error as exc:
        problems.append(Problem(name, f"row {number}", "", f"is not valid CSV ({exc}); check the quotes"))
    table = pa.table({column: pa.array([row[k] for row in rows], pa.string()) for k, column in enumerate(columns)})
    return table, np.array(numbers, dtype=np.int64), problems, True


def read_report_tables(reports_path: str | Path = REPORTS_FILE, sources_path: str | Path | None = None,
                       raw: tuple[bytes, bytes] | None = None, limits: Limits = FILE_LIMITS) -> ReportCells:
    """Read ``reports.csv`` and its ``sources.csv`` (beside it unless given) into `ReportCells`.

    Parameters
    ----------
    raw : (bytes, bytes), optional
        The two files' contents, if already at hand (an upload, say).
    limits : Limits
        The most rows taken (a report may have up to 20 sources).
    """
    reports_path = Path(reports_path)
    sources_path = Path(sources_path) if sources_path else reports_path.with_name("sources.csv")
    names = display_path(reports_path), display_path(sources_path)
    tables = []
    problems: list[tuple[int, Problem]] = []
    readable = []
    for path, name, columns, content in ((reports_path, names[0], REPORT_COLUMNS, raw[0] if raw else None),
                                         (sources_path, names[1], SOURCE_COLUMNS, raw[1] if raw else None)):
        text, found = _decode(path, name, content, limits)
        if text is None:
            table, numbers, ok = pa.table({c: pa.array([], pa.string()) for c in columns}), np.array([], int), False
        else:
            table, numbers, found, ok = read_table(name, text, columns, limits.max_reports * (1 if columns is
                                                                                              REPORT_COLUMNS else 20))
        tables.append((table, numbers))
        problems += [(-1, problem) for problem in found]
        readable.append(ok)
    (reports, numbers), (sources, source_numbers) = tables
    return ReportCells(
        file=names[0], row_word="row", cells=reports, numbers=numbers,
        sources=SourceCells(file=names[1], cells=sources, numbers=source_numbers),
        problems=problems,
        no_source=(f"report has no source; add a row to {names[1]} with report_id {{id!r}} and the http(s) URL "
                   "of the source"),
        judge_report_ids=readable[0],
    )
