"""`bench/RESULTS.md` and its sections: `run.py` writes the file, `load.py` its own section, each keeping the other's."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
#: The heading of `bench/load.py`'s section (`bench/run.py` keeps it when it rewrites the rest).
LOAD_SECTION = "## Readers at once (`bench/load.py`)"


def section(heading: str, path: Path = RESULTS) -> str:
    """The section of `path` under `heading`, up to the next heading of its level ("" if none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if heading not in text:
        return ""
    rest = text[text.index(heading):]
    end = rest.find("\n## ", len(heading))
    return rest if end < 0 else rest[:end + 1]


def put_section(heading: str, body: str, path: Path = RESULTS) -> None:
    """Write `body` under `heading` into `path`, in place of the old section (or at the end)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    old = section(heading, path)
    new = f"{heading}\n\n{body.rstrip()}\n"
    path.write_text(text.replace(old, new) if old else text.rstrip("\n") + "\n\n" + new, encoding="utf-8")
