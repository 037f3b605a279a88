"""What the rules read: a report table as text cells, whatever file or upload it came from.

A ``reports.csv`` with its ``sources.csv``, a GeoJSON layer and an upload are all turned into one
`ReportCells` by `geo.formats`; `geo.rules.engine.check` then applies the same rules to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from geo.errors import Problem


@dataclass(frozen=True)
class SourceCells:
    """The sources of a report table, one row per source.

    Attributes
    ----------
    file : str
        Where they are named in messages (``data/sources.csv``, or the GeoJSON file itself).
    cells : pyarrow.Table
        Text columns ``report_id``, ``url``, ``title``, ``outlet``.
    numbers : numpy.ndarray
        The row (CSV) or feature (GeoJSON) number of each source, as messages name it.
    report_row : numpy.ndarray or None
        For nested sources (GeoJSON), the position of each source's report in the report table;
        None when sources name their report by ``report_id`` (CSV).
    slot : numpy.ndarray or None
        For nested sources, each source's place in its report's list (1 for the first).
    """

    file: str
    cells: pa.Table
    numbers: np.ndarray
    report_row: np.ndarray | None = None
    slot: np.ndarray | None = None

    @property
    def nested(self) -> bool:
        return self.report_row is not None

    def field(self, index: int, name: str) -> str:
        """The field a message about source `index` names: ``url``, or ``sources[2].url`` if nested."""
        return f"sources[{int(self.slot[index])}].{name}" if self.nested else name


@dataclass(frozen=True)
class ReportCells:
    """A report table as text cells, with what messages need to name each row.

    Attributes
    ----------
    file : str
        The report file, as users named it.
    row_word : str
        How a row is called in messages: ``row`` (CSV) or ``feature`` (GeoJSON).
    cells : pyarrow.Table
        One text column per column of ``reports.csv`` (``""`` when empty; white space not yet
        stripped).
    numbers : numpy.ndarray
        The number of each row as messages name it (CSV rows count the header as row 1).
    sources : SourceCells
        The sources of the reports.
    idents : list of str or None
        The id each row is named by in messages, where it differs from the ``id`` cell.
    problems : list of (int, Problem)
        Problems found while reading, with the position of their row (-1: the whole file).
    unreadable : numpy.ndarray
        Rows that could not be read as a report; the rules skip them but count their ids.
    whole_dataset : bool
        Whether every report the data may answer is here (not one area's layer), so that a
        ``responds_to`` naming an unknown id can be judged.
    no_source : str
        The message for a report without a source, with ``{id}`` for its id.
    judge_report_ids : bool
        Whether a source naming an unknown report is a problem (not when the report file itself
        could not be read).
    more_problems : int
        Problems found while reading beyond those in `problems` (counted, not kept).
    """

    file: str
    row_word: str
    cells: pa.Table
    numbers: np.ndarray
    sources: SourceCells
    idents: list[str] | None = None
    problems: list[tuple[int, Problem]] = field(default_factory=list)
    unreadable: np.ndarray | None = None
    whole_dataset: bool = True
    no_source: str = "report has no source"
    judge_report_ids: bool = True
    more_problems: int = 0

    def __len__(self) -> int:
        return self.cells.num_rows

    def where(self, index: int, ident: str | None = None) -> str:
        """How a message names row `index`: ``row 14 (id 'FT-014')``."""
        if ident is None:
            ident = self.idents[index] if self.idents is not None else self.cells.column("id")[index].as_py().strip()
        return f"{self.row_word} {int(self.numbers[index])}" + (f" (id {ident!r})" if ident else "")
