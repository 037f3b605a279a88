"""How much input a reader takes before it refuses it: bytes, reports, problems listed.

An upload is untrusted: a file of five million invalid entries, or JSON nested 100,000 deep, must be
refused in seconds with a clear message, not held in memory or followed down the stack.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The most a reader takes: file size in bytes, reports (features or rows) in a file."""

    max_bytes: int
    max_reports: int


#: The project's own files and datasets named on the command line.
FILE_LIMITS = Limits(max_bytes=4 << 30, max_reports=2_000_000)
#: What a reader may upload (the app's upload size is set in .streamlit/config.toml to match).
UPLOAD_LIMITS = Limits(max_bytes=25 << 20, max_reports=100_000)
