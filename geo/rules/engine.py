"""The one engine that applies the rulebook to a report table, whatever file it came from.

`check` takes `geo.rules.cells.ReportCells` (made from CSV tables, a GeoJSON layer or an
upload, 50 rows or 100,000) and applies, column by column: the field rules of
`geo.rules.fields`, the rules between fields of `geo.rules.checks` (to reports whose fields are
valid) and the rules between reports and with their sources (here). Messages are written only
for the rows that break a rule, so a valid table costs a few array operations per rule.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import Problem
from geo.model.report import LIST_SEPARATOR, SOURCE_TYPE, published_table
from geo.reference import Reference
from geo.rules.cells import ReportCells, SourceCells
from geo.rules.checks import CHECKS, Table
from geo.rules.fields import MAX_CELL, REPORT_FIELDS, SOURCE_FIELDS
from geo.rules.kinds import KINDS, as_bool

#: Most problems reported for one input; the rest are counted.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Checked:
    """The outcome of `check`.

    Attributes
    ----------
    problems : tuple of Problem
        Every broken rule (at most `MAX_PROBLEMS`), by file and row; empty if the table is valid.
    more : int
        How many more problems were found than `problems` holds.
    valid : numpy.ndarray
        Which rows passed every rule.
    table : pyarrow.Table
        The published properties of the valid rows, in input order (publish them only if there
        are no problems).
    """

    problems: tuple[Problem, ...]
    more: int
    valid: np.ndarray
    table: pa.Table


class _Found:
    """Collects problems as (file order, row, rule order) and keeps the first `limit` in that order."""

    def __init__(self, limit: int):
        self.limit = limit
        self.items: list[tuple[tuple, Problem]] = []
        self.count = 0

    def add(self, key: tuple, problem_of) -> None:
        """Add a problem; `problem_of` makes it (called only if it may be kept)."""
        self.count += 1
        item = (key, self.count)
        if len(self.items) < self.limit:
            heapq.heappush(self.items, (tuple(-k for k in item[0]), -item[1], problem_of()))
        elif (tuple(-k for k in key), -self.count) > self.items[0][:2]:
            heapq.heapreplace(self.items, (tuple(-k for k in key), -self.count, problem_of()))

    def sorted(self) -> tuple[Problem, ...]:
        return tuple(p for *_, p in sorted(self.items, key=lambda item: (tuple(-k for k in item[0]), -item[1])))


def _strip(table: pa.Table) -> dict[str, pa.Array]:
    """Every column's text, with white space stripped from both ends."""
    return {name: pc.utf8_trim_whitespace(pc.fill_null(table.column(name).combine_chunks(), ""))
            for name in table.column_names}


def _normalise_lists(text: dict[str, pa.Array]) -> None:
    """``"KP; CN"`` becomes ``"KP;CN"``: list parts stripped, empty parts dropped (per distinct value)."""
    for field in REPORT_FIELDS:
        if field.kind not in ("codes", "ids"):
            continue
        column = text[field.name]
        odd = as_bool(pc.match_substring_regex(column, r"(^;|;$|;;|\s;|;\s)"))
        if odd.any():
            values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
            values[odd] = [LIST_SEPARATOR.join(p.strip() for p in v.split(LIST_SEPARATOR) if p.strip())
                           for v in values[odd]]
            text[field.name] = pa.array(values, pa.string())


def _field_problems(text: dict, fields, rows_ok: np.ndarray, describe, found: _Found, file_order: int,
                    numbers: np.ndarray) -> np.ndarray:
    """Apply the field rules; return which rows broke one."""
    bad_rows = np.zeros(len(rows_ok), dtype=bool)
    for order, field in enumerate(fields):
        column = text[field.name]
        empty = as_bool(pc.equal(column, ""))
        too_long = as_bool(pc.greater(pc.utf8_length(column), MAX_CELL))
        bad = KINDS[field.kind][0](column, field) & ~empty & ~too_long
        checks = [(too_long, lambda v: [f"is {len(v)} characters long; the limit is {MAX_CELL}"]),
                  (bad, lambda v, field=field: KINDS[field.kind][1](v, field))]
        if field.required:
            hint = f"; {field.if_empty}" if field.if_empty else ""
            checks.insert(0, (empty, lambda v, hint=hint: [f"is required but empty{hint}"]))
        for mask, explain in checks:
            for row in np.flatnonzero(mask & rows_ok):
                value = column[int(row)].as_py()
                for k, message in enumerate(explain(value)):
                    found.add((file_order, int(numbers[row]), order, k),
                              lambda row=row, message=message, field=field: describe(row, field.name, message))
                bad_rows[row] = True
    return bad_rows


def _sources(cells: ReportCells, ids: pa.Array, found: _Found) -> tuple[np.ndarray, np.ndarray]:
    """Check the sources; return each source's report position (-1: none) and which sources are valid."""
    sources: SourceCells = cells.sources
    text = _strip(sources.cells)
    n = sources.cells.num_rows
    if sources.nested:
        report_row = np.asarray(sources.report_row, dtype=np.int64)
        idents = ids.take(pa.array(report_row)).to_pylist() if n else []
        fields = SOURCE_FIELDS[1:]
    else:
        position = pc.index_in(text["report_id"], value_set=ids)
        report_row = pc.fill_null(position, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        idents = text["report_id"].to_pylist()
        fields = SOURCE_FIELDS
    numbers = np.asarray(sources.numbers)

    def describe(i, field, message):
        where = (cells.where(int(report_row[i])) if sources.nested
                 else f"row {int(numbers[i])}" + (f" (id {idents[i]!r})" if idents[i] else ""))
        return Problem(sources.file, where, sources.field(i, field), message)

    everything = np.ones(n, dtype=bool)
    bad = _field_problems(text, fields, everything, describe, found, 1, numbers)
    if not sources.nested and cells.judge_report_ids:
        unknown = (report_row < 0) & ~as_bool(pc.equal(text["report_id"], ""))
        for i in np.flatnonzero(unknown):
            found.add((1, int(numbers[i]), 90, 0), lambda i=i: describe(
                i, "report_id", f"{idents[i]!r} matches no report in {cells.file}; fix the id or add the report"))
        bad |= unknown
    # The same URL twice for one report (looked for with Arrow; pandas names them only if there are any).
    pairs = pa.table({"report": pa.array(report_row), "url": text["url"]})
    counted = pairs.group_by(["report", "url"]).aggregate([("report", "count")])
    again = np.zeros(n, dtype=bool)
    if n and pc.max(counted.column("report_count")).as_py() > 1:
        frame = pairs.to_pandas()
        again = (frame.duplicated() & (frame["report"] >= 0)).to_numpy()
        first = frame.reset_index().groupby(["report", "url"])["index"].transform("min").to_numpy()
    for i in np.flatnonzero(again & ~bad):
        first_at = (f"sources[{int(sources.slot[first[i]])}]" if sources.nested
                    else f"row {int(numbers[first[i]])}")
        found.add((1, int(numbers[i]), 91, 0), lambda i=i, first_at=first_at: describe(
            i, "url", f"{text['url'][int(i)].as_py()!r} is listed twice for report {idents[i]!r} "
                      f"(first in {first_at}); keep one"))
    return report_row, ~bad & ~again & (report_row >= 0)


def _source_lists(cells: ReportCells, report_row: np.ndarray, valid: np.ndarray, rows: np.ndarray) -> pa.Array:
    """The valid sources of the reports at `rows`, as a list of {url, title, outlet} per report."""
    text = _strip(cells.sources.cells.select(["url", "title", "outlet"]))
    keep = np.flatnonzero(valid)
    order = keep[np.argsort(report_row[keep], kind="stable")]
    owners = report_row[order]
    counts = np.bincount(owners, minlength=len(cells))[rows]
    wanted = np.isin(owners, rows)
    # `rows` is sorted: sources of the kept reports, in report order, are a subsequence of `order`.
    items = pa.StructArray.from_arrays([text[k].take(pa.array(order[wanted])) for k in ("url", "title", "outlet")],
                                       fields=list(SOURCE_TYPE))
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    return pa.ListArray.from_arrays(offsets, items)


def _cross_rows(cells: ReportCells, text: dict, row_ok: np.ndarray, found: _Found) -> np.ndarray:
    """Rules between reports: unique ids, and answers to earlier reports of the data."""
    bad = np.zeros(len(cells), dtype=bool)
    ids = text["id"].to_pylist()
    first_row: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if not ident:
            continue
        if ident in first_row:
            found.add((0, int(cells.numbers[i]), 80, 0), lambda i=i, ident=ident: Problem(
                cells.file, cells.where(i), "id", f"{ident!r} is used again (first in {cells.row_word} "
                f"{int(cells.numbers[first_row[ident]])}); ids must be unique and are never reused"))
            bad[i] = True
        else:
            first_row[ident] = i
    answering = np.flatnonzero(row_ok & ~as_bool(pc.equal(text["responds_to"], "")))
    if not len(answering):
        return bad
    from geo.model.dates import spans

    first, last = spans(text["reported_on"])
    for i in answering:
        for target in text["responds_to"][int(i)].as_py().split(LIST_SEPARATOR):
            j = first_row.get(target)
            if target == ids[i]:
                continue
            if j is None:
                if cells.whole_dataset:
                    message = f"{target!r} matches no report id; give the id of the claim this report answers"
                else:
                    continue
            elif row_ok[j] and first[j] > last[i]:
                message = (f"{target!r} was reported on {text['reported_on'][j].as_py()}, after this report "
                           f"({text['reported_on'][int(i)].as_py()}); a report can only answer an earlier one")
            else:
                continue
            found.add((0, int(cells.numbers[i]), 85, 0), lambda i=i, message=message: Problem(
                cells.file, cells.where(int(i)), "responds_to", message))
            bad[i] = True
    return bad


def check(cells: ReportCells, reference: Reference, limit: int = MAX_PROBLEMS) -> Checked:
    """Apply every rule to a report table; return its problems, or its published properties."""
    found = _Found(limit)
    found.count += cells.more_problems
    for position, problem in cells.problems:
        number = int(cells.numbers[position]) if position >= 0 else -1
        found.add((0, number, -1, 0), lambda problem=problem: problem)
    text = _strip(cells.cells)
    _normalise_lists(text)
    readable = ~np.asarray(cells.unreadable) if cells.unreadable is not None else np.ones(len(cells), dtype=bool)

    def describe(row, field, message):
        return Problem(cells.file, cells.where(int(row)), field, message)

    fields_ok = readable & ~_field_problems(text, REPORT_FIELDS, readable, describe, found, 0, cells.numbers)
    table = Table(text, reference, fields_ok)
    def broken(row, rule):
        values = {key: column[int(row)].as_py() for key, column in text.items()}
        return describe(row, rule.field_of(values), rule.message(values, table))

    cross_bad = np.zeros(len(cells), dtype=bool)
    for order, rule in enumerate(CHECKS):
        for row in np.flatnonzero(rule.fails(table) & fields_ok):
            found.add((0, int(cells.numbers[row]), 50 + order, 0), lambda row=row, rule=rule: broken(row, rule))
            cross_bad[row] = True

    ids = text["id"]
    report_row, source_ok = _sources(cells, ids, found)
    has_source = np.bincount(report_row[source_ok], minlength=len(cells)) > 0
    listed = np.bincount(report_row[report_row >= 0], minlength=len(cells)) > 0
    for row in np.flatnonzero(readable & ~listed & ~as_bool(pc.equal(ids, ""))):
        found.add((0, int(cells.numbers[row]), 70, 0), lambda row=row: describe(
            row, "sources", cells.no_source.format(id=ids[int(row)].as_py())))
    row_ok = fields_ok & ~cross_bad & has_source
    row_ok &= ~_cross_rows(cells, text, row_ok, found)

    rows = np.flatnonzero(row_ok)
    kept = text if len(rows) == len(cells) else {k: v.take(pa.array(rows)) for k, v in text.items()}
    published = published_table(pa.table(kept), _source_lists(cells, report_row, source_ok, rows))
    return Checked(found.sorted(), found.count - len(found.items), row_ok, published)
