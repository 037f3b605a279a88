"""Problems found in input data, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def display_path(path: str | Path) -> str:
    """Return `path` relative to the working directory when it lies below it, as users typed it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One broken rule in one place of one file.

    Parameters
    ----------
    file : str
        The file, as the user named it (``data/reports.csv``).
    where : str
        The row or feature, e.g. ``row 14 (id 'FT-014')`` or ``feature 3 (id 'FT-003')``.
    field : str
        The column or property concerned, or ``""`` for the whole row or file.
    message : str
        The rule, the value received (``!r``) and how to fix it.
    """

    file: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file} {self.where}".strip()
        field = f"{self.field}: " if self.field else ""
        return f"{place}: {field}{self.message}"


class DataError(ValueError):
    """Raised with every problem found in the input (at most a bounded number); nothing has been written.

    The message has one line per problem, in the order of the input, and says how many more
    problems were found but not listed.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], more: int = 0):
        self.problems = tuple(problems)
        self.more = more
        count = len(self.problems) + more
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        lines = [head, *(f"  {problem}" for problem in self.problems)]
        if more:
            lines.append(f"  … and {more} more (fix these first)")
        super().__init__("\n".join(lines))

    def listing(self, limit: int) -> str:
        """The first `limit` problems, one per line, and how many more there are."""
        more = len(self.problems) - limit + self.more
        return "\n".join(str(problem) for problem in self.problems[:limit]) + (
            f"\n… and {more} more" if more > 0 else "")
