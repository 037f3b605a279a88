"""Uploads in a real browser, through the real uploader: refused data is explained above the map, in full."""

from __future__ import annotations

import pytest

from tests.browser.pages import wait_idle, wait_map_matches_page
from tests.support import FIXTURES

pytestmark = pytest.mark.browser


def upload(page, *files) -> None:
    page.get_by_text("Load another dataset").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(list(files))
    page.wait_for_timeout(500)
    wait_idle(page)


def test_a_table_without_a_column_is_refused_with_that_one_problem_in_full(page, server, tmp_path):
    reports = tmp_path / "reports.csv"
    text = (FIXTURES / "reports.csv").read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    reports.write_text(header.replace(",claim_status,", ",") + "\n" + body, encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes((FIXTURES / "sources.csv").read_bytes())
    page.goto(server)
    wait_map_matches_page(page)
    upload(page, reports, tmp_path / "sources.csv")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("The uploaded data was not loaded").wait_for(timeout=15_000)
    grid = main.locator('[data-testid="stDataFrame"]').first
    cells = grid.locator('[role="gridcell"]')
    cells.first.wait_for(state="attached", timeout=10_000)
    text = " ".join(cells.all_text_contents())
    assert "missing column(s) 'claim_status'" in text
    assert "matches no report" not in text, "a false second error"
    assert "(1 problem)" in main.inner_text()
