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


def test_an_uploaded_file_name_and_a_link_parameter_are_plain_text(page, server, tmp_path):
    from geo.dataset import load_dataset
    from geo.present.export import selection_geojson

    named = tmp_path / "[official correction](https:evil.example).geojson"
    dataset = load_dataset(FIXTURES / "reports.csv")
    named.write_bytes(selection_geojson(list(dataset.features), dataset.version, "all"))
    page.goto(f"{server}/?sel=https://evil.example/login")
    wait_map_matches_page(page)
    warning = page.locator('[data-testid="stAlert"]', has_text="is not a report in this dataset")
    shown = warning.inner_text().replace("\u2060", "")  # the word joiner that keeps it from being a link
    assert "https://evil.example/login" in shown and warning.locator("a").count() == 0
    upload(page, named)
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Dataset version").first
    page.wait_for_function("() => document.body.innerText.includes('from [official correction]')", timeout=30_000)
    assert "from [official correction](https:evil.example).geojson" in caption.inner_text().replace("\u2060", "")
    assert caption.locator("a").count() == 0
