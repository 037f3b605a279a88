"""Shared fixtures: a writable copy of the fixture tables, the Natural Earth inputs, and each test's outcome."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import FIXTURES


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the fixture tables (reports.csv, sources.csv) in a temporary directory; returns it."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("reports.csv", "sources.csv"):
        shutil.copy(FIXTURES / name, target / name)
    return target


@pytest.fixture(scope="session")
def natural_earth():
    """The Natural Earth inputs of the derivations (from the environment, the cache or Debian's archive)."""
    from geo.derive.inputs import natural_earth as find

    return find()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
