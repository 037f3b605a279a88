"""Shared fixtures: paths of the repository and a writable copy of data/ for build tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (reports, sources) in a temporary directory; returns that directory."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("reports.csv", "sources.csv"):
        shutil.copy(ROOT / "data" / name, target / name)
    return target
