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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
