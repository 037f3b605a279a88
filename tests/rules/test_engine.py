"""geo/rules: the rulebook applied to report tables, every rule with its message (through reports.csv).

`tests/rules/test_input_forms.py` runs every invalid case here through every other input form.
"""

from __future__ import annotations

import pytest

from geo.dataset import Dataset, load_dataset
from geo.errors import DataError
from tests.support import write_tables


def read(path) -> Dataset:
    return load_dataset(path)


# A settlement-level report (Sudzha, Kursk Oblast) and an oblast-level one, as table rows.
POINT_ROW = {
    "id": "T-1", "reported_on": "2025-03-18", "event_start": "", "event_end": "", "nationality": "KP",
    "nationality_label": "", "area": "kursk", "place_name": "Sudzha", "admin1": "Kursk Oblast", "country": "RU",
    "latitude": "51.19139", "longitude": "35.27056", "location_precision": "settlement",
    "location_source": "Wikipedia 'Sudzha'", "count": "", "count_qualifier": "", "count_kind": "troops",
    "claim_status": "claimed", "claimant": "Ukrainian officials", "claimant_country": "UA",
    "responds_to": "", "summary": "Test summary.", "notes": "",
}
OBLAST_ROW = {**POINT_ROW, "id": "T-2", "place_name": "Kursk Oblast", "latitude": "", "longitude": "",
              "location_precision": "oblast", "location_source": ""}
SOURCE = {"report_id": "T-1", "url": "https://example.org/a", "title": "A", "outlet": "Outlet"}



VALID = [
    pytest.param([POINT_ROW], id="settlement point"),
    pytest.param([OBLAST_ROW], id="oblast area"),
    pytest.param([{**OBLAST_ROW, "event_start": "2025-03-01", "event_end": "2025-03-18"}], id="event range"),
    pytest.param([{**OBLAST_ROW, "nationality": "TJ;UZ;PK"}], id="several nationalities"),
    pytest.param([{**OBLAST_ROW, "nationality": "", "nationality_label": "African (country not named)"}],
                 id="unnamed nationality"),
    pytest.param([{**OBLAST_ROW, "count": "4000", "count_qualifier": "more_than", "count_kind": "casualties"}],
                 id="qualified count"),
    pytest.param([{**OBLAST_ROW, "area": "other", "admin1": "", "country": "UA", "location_precision": "country"}],
                 id="country level"),
    pytest.param([{**OBLAST_ROW, "area": "border", "admin1": "Sumy Oblast", "country": "UA"}], id="border oblast"),
    pytest.param([POINT_ROW, {**OBLAST_ROW, "reported_on": "2025-03-19", "claim_status": "denied",
                              "responds_to": "T-1"}], id="denial answers a claim"),
    pytest.param([POINT_ROW, {**OBLAST_ROW, "reported_on": "2025-03-19", "claim_status": "no_comment",
                              "responds_to": "T-1"}], id="no comment answers a claim"),
    pytest.param([{**OBLAST_ROW, "reported_on": "2023-09"}], id="reported in a month"),
    pytest.param([{**OBLAST_ROW, "reported_on": "2024", "event_start": "2024"}], id="a year"),
    pytest.param([{**OBLAST_ROW, "reported_on": "2025-03", "event_start": "2025-03-10"}], id="a day inside its month"),
    pytest.param([{**OBLAST_ROW, "reported_on": ""}], id="undated"),
    pytest.param([{**OBLAST_ROW, "count": "3000", "count_max": "4000", "count_qualifier": "range", "count_kind": "killed"}],
                 id="a range"),
    pytest.param([{**OBLAST_ROW, "count": "30", "count_kind": "other", "count_label": "people convicted"}],
                 id="a figure of another kind"),
    pytest.param([{**OBLAST_ROW, "nationality": "", "nationality_label": "foreigners from 128 countries",
                   "count": "18000", "count_kind": "troops"}], id="aggregate"),
]


@pytest.mark.parametrize("rows", VALID)
def test_valid_tables(tmp_path, rows):
    dataset = read(write_tables(tmp_path, rows))
    assert list(dataset.frame["id"]) == sorted(row["id"] for row in rows)


def test_values_are_typed(tmp_path):
    dataset = read(write_tables(tmp_path, [{**POINT_ROW, "count": "12", "count_qualifier": "about"}]))
    props = dataset.features[0]["properties"]
    assert props["reported_on"] == "2025-03-18" and props["event_start"] is None
    assert (props["latitude"], props["longitude"]) == (51.19139, 35.27056)
    assert props["count"] == 12 and props["count_qualifier"] == "about"
    assert props["sources"][0]["url"] == "https://example.org/T-1"
    assert props["date"] == props["reported_on"] and props["date_basis"] == "reported_on"


@pytest.mark.parametrize(("written", "precision"), [("2025-04-08", "day"), ("2023-09", "month"), ("2024", "year"),
                                                    ("", "")])
def test_a_date_is_published_as_written_with_its_precision(tmp_path, written, precision):
    props = read(write_tables(tmp_path, [{**OBLAST_ROW, "reported_on": written}])).features[0]["properties"]
    assert props["reported_on"] == (written or None) and props["date"] == (written or None)
    assert props["date_precision"] == precision and props["date_basis"] == ("reported_on" if written else "")


def test_an_undated_report_stays_undated_and_a_month_is_its_whole_month(tmp_path):
    frame = read(write_tables(tmp_path, [{**OBLAST_ROW, "reported_on": ""},
                                         {**OBLAST_ROW, "id": "T-3", "reported_on": "2024-02"}])).frame
    undated, month = frame.iloc[0], frame.iloc[1]
    assert undated["date"] != undated["date"]  # NaT
    assert (month["date"].date().isoformat(), month["date_end"].date().isoformat()) == ("2024-02-01", "2024-02-29")


def test_cells_are_stripped_and_lists_normalised(tmp_path):
    row = {**OBLAST_ROW, "summary": "  padded\u00a0", "nationality": "TJ; UZ;;PK", "claimant": "\tX"}
    props = read(write_tables(tmp_path, [row])).features[0]["properties"]
    assert (props["summary"], props["nationality"], props["claimant"]) == ("padded", "TJ;UZ;PK", "X")


INVALID_ROW = [
    pytest.param({"claimant": ""}, r"row 2 \(id 'T-1'\): claimant: is required but empty", id="missing required"),
    pytest.param({"reported_on": "2025-02-30"},
                 r"reported_on: '2025-02-30' is not a date written YYYY-MM-DD, YYYY-MM or YYYY", id="impossible date"),
    pytest.param({"event_start": "18/03/2025"},
                 r"event_start: '18/03/2025' is not a date written YYYY-MM-DD, YYYY-MM or YYYY \(e\.g\. '2025-04-08', "
                 r"'2023-09' or '2024'\); write only what the source says", id="bad date format"),
    pytest.param({"reported_on": "2025-13"}, r"reported_on: '2025-13' is not a date written", id="impossible month"),
    pytest.param({"reported_on": "0000"}, r"reported_on: '0000' is not a date written", id="year zero"),
    pytest.param({"event_start": "2025-04", "reported_on": "2025-03"},
                 r"event_start: '2025-04' is after reported_on '2025-03'", id="month after month"),
    pytest.param({"event_start": "2025-03-10", "event_end": "2025-02"},
                 r"event_end: '2025-02' is before event_start '2025-03-10'", id="month before day"),
    pytest.param({"count": "3000", "count_max": "4000", "count_kind": "killed"},
                 r"count_max: '4000' is given but count_qualifier is ''", id="upper end without range"),
    pytest.param({"count": "3000", "count_qualifier": "range", "count_kind": "killed"},
                 r"count_max: is empty but count_qualifier is 'range'", id="range without upper end"),
    pytest.param({"count": "3000", "count_max": "3000", "count_qualifier": "range", "count_kind": "killed"},
                 r"count_max: '3000' is not above count '3000'", id="range upside down"),
    pytest.param({"count": "16000", "count_kind": "other"},
                 r"count_label: is empty but count_kind is 'other'; say in a few words what 16000 counts",
                 id="other figure without a label"),
    pytest.param({"count_label": "people convicted"}, r"count_label: 'people convicted' is given without a count",
                 id="label without a figure"),
    pytest.param({"count": "99999999999999999999", "count_kind": "troops"},
                 r"count: '99999999999999999999' is larger than 1,000,000,000", id="huge count"),
    pytest.param({"count": "7" * 5000, "count_kind": "troops"}, r"count: '7777.*' is larger than 1,000,000,000",
                 id="five thousand digits"),
    pytest.param({"claim_status": "No_comment"}, r"claim_status: 'No_comment' must be written in lower case",
                 id="status in capitals"),
    pytest.param({"event_start": "2025-03-10", "event_end": "2025-03-01"},
                 r"event_end: '2025-03-01' is before event_start '2025-03-10'; swap them", id="end before start"),
    pytest.param({"event_end": "2025-03-01"}, r"event_end: '2025-03-01' is given without event_start",
                 id="end without start"),
    pytest.param({"event_start": "2025-03-20"}, r"event_start: '2025-03-20' is after reported_on '2025-03-18'",
                 id="event after report"),
    pytest.param({"nationality": "NK"}, r"nationality: 'NK' is not an ISO 3166-1 alpha-2 country code; use two "
                 r"capital letters such as 'KP'", id="unknown nationality"),
    pytest.param({"nationality": "kp"}, r"nationality: 'kp' must be written in capitals: 'KP'", id="lower-case code"),
    pytest.param({"nationality": ""}, r"nationality: is empty and so is nationality_label", id="no nationality"),
    pytest.param({"claim_status": "confirmed"},
                 r"claim_status: 'confirmed' is not one of claimed, corroborated, acknowledged, denied",
                 id="unknown claim status"),
    pytest.param({"location_precision": "village"},
                 r"location_precision: 'village' is not one of settlement, district, oblast, country",
                 id="unknown precision"),
    pytest.param({"area": "crimea"}, r"area: 'crimea' is not one of donetsk, kursk, border, other", id="unknown area"),
    pytest.param({"latitude": "135.27056", "longitude": "51.19139"},
                 r"latitude: '135.27056' is outside -90..90; swap latitude and longitude\?", id="latitude out of range"),
    pytest.param({"longitude": "200"}, r"longitude: '200' is outside -180..180", id="longitude out of range"),
    pytest.param({"latitude": "35.27056", "longitude": "51.19139"},
                 r"latitude/longitude: point \(35.27056, 51.19139\) lies \d+ km outside admin1 'Kursk Oblast'; "
                 r"swapped, it would fall inside: swap latitude and longitude\?", id="swapped coordinates"),
    pytest.param({"latitude": "49.99", "longitude": "36.23"},
                 r"point \(49.99, 36.23\) lies \d+ km outside admin1 'Kursk Oblast'; check the coordinates",
                 id="point outside its oblast"),
    pytest.param({"latitude": "north"}, r"latitude: 'north' is not a number", id="coordinate not a number"),
    pytest.param({"location_precision": "oblast"},
                 r"location_precision: 'oblast' but latitude/longitude are given; a point needs 'settlement' or "
                 r"'district' precision", id="coordinates without point precision"),
    pytest.param({"latitude": "", "longitude": ""},
                 r"location_precision: 'settlement' needs latitude and longitude", id="point precision without coordinates"),
    pytest.param({"longitude": ""}, r"longitude: is empty but the other coordinate is given", id="half a coordinate"),
    pytest.param({"admin1": "Kursk"}, r"admin1: 'Kursk' is not a region of the reference geography; use one of",
                 id="unknown region"),
    pytest.param({"admin1": ""}, r"admin1: is empty but location_precision is 'settlement'", id="point without region"),
    pytest.param({"country": "UA"}, r"country: 'UA' but admin1 'Kursk Oblast' is in 'RU'", id="wrong country"),
    pytest.param({"country": ""}, r"country: is empty; admin1 'Kursk Oblast' is in 'RU': write 'RU'", id="no country"),
    pytest.param({"area": "donetsk"}, r"area: 'donetsk' holds reports in 'Donetsk Oblast', but admin1 is 'Kursk Oblast'",
                 id="area does not match region"),
    pytest.param({"count": "1,100", "count_kind": "casualties"}, r"count: '1,100' is not a whole number; write digits only",
                 id="count with comma"),
    pytest.param({"count_qualifier": "about"}, r"count_qualifier: 'about' is given without a count", id="qualifier alone"),
    pytest.param({"count": "5", "count_kind": ""}, r"count_kind: '' does not say what count 5 counts", id="count without kind"),
    pytest.param({"responds_to": "T-9"}, r"responds_to: 'T-9' matches no report id", id="answers an unknown report"),
    pytest.param({"responds_to": "T-1"}, r"responds_to: 'T-1' names the report itself", id="answers itself"),
    pytest.param({"id": "FT 001"}, r"id: 'FT 001' may only hold letters, digits", id="bad id"),
]


@pytest.mark.parametrize(("change", "message"), INVALID_ROW)
def test_invalid_row(tmp_path, change, message):
    row = {**POINT_ROW, **change}
    with pytest.raises(DataError, match=message):
        read(write_tables(tmp_path, [row]))


def test_error_names_file_row_field_and_value(tmp_path):
    path = write_tables(tmp_path, [{**POINT_ROW, "latitude": "135.2"}])
    with pytest.raises(DataError) as caught:
        read(path)
    problem, = caught.value.problems
    assert problem.file.endswith("reports.csv")
    assert problem.where == "row 2 (id 'T-1')"
    assert problem.field == "latitude"
    assert "'135.2'" in problem.message and "swap latitude and longitude?" in problem.message


def test_all_problems_in_a_file_are_reported_together(tmp_path):
    rows = [{**POINT_ROW, "reported_on": "yesterday"},
            {**OBLAST_ROW, "claim_status": "rumoured"},
            {**OBLAST_ROW, "id": "T-3", "nationality": "ZZ"}]
    with pytest.raises(DataError) as caught:
        read(write_tables(tmp_path, rows))
    text = str(caught.value)
    assert text.startswith("3 problems found:")
    assert "row 2 (id 'T-1'): reported_on" in text
    assert "row 3 (id 'T-2'): claim_status" in text
    assert "row 4 (id 'T-3'): nationality" in text


INVALID_TABLE = [
    pytest.param([POINT_ROW, {**OBLAST_ROW, "id": "T-1"}], None,
                 r"row 3 \(id 'T-1'\): id: 'T-1' is used again \(first in row 2\)", id="duplicate id"),
    pytest.param([POINT_ROW], [{**SOURCE, "url": "javascript:alert(1)"}],
                 r"sources.csv row 2 \(id 'T-1'\): url: 'javascript:alert\(1\)' is not an http\(s\) URL", id="javascript url"),
    pytest.param([POINT_ROW], [{**SOURCE, "url": "ftp://example.org/file"}],
                 r"url: 'ftp://example.org/file' is not an http\(s\) URL", id="ftp url"),
    pytest.param([POINT_ROW], [{**SOURCE, "url": "www.example.org/a"}],
                 r"url: 'www.example.org/a' is not an http\(s\) URL", id="url without scheme"),
    pytest.param([POINT_ROW], [],
                 r"row 2 \(id 'T-1'\): sources: report has no source; add a row to .*sources.csv with report_id 'T-1'",
                 id="no source"),
    pytest.param([POINT_ROW], [SOURCE, {**SOURCE, "report_id": "T-7"}],
                 r"sources.csv row 3 \(id 'T-7'\): report_id: 'T-7' matches no report", id="source of unknown report"),
    pytest.param([POINT_ROW], [SOURCE, SOURCE], r"url: 'https://example.org/a' is listed twice for report 'T-1'",
                 id="source listed twice"),
    pytest.param([{**POINT_ROW, "reported_on": "2025-03-01", "responds_to": "T-2"},
                  {**OBLAST_ROW, "reported_on": "2025-03-18"}], None,
                 r"responds_to: 'T-2' was reported on 2025-03-18, after this report \(2025-03-01\)",
                 id="answers a later report"),
]


@pytest.mark.parametrize(("rows", "sources", "message"), INVALID_TABLE)
def test_invalid_table(tmp_path, rows, sources, message):
    with pytest.raises(DataError, match=message):
        read(write_tables(tmp_path, rows, sources))


def test_missing_column(tmp_path):
    path = write_tables(tmp_path, [POINT_ROW])
    text = path.read_text(encoding="utf-8").replace(",claim_status,", ",status,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"reports.csv row 1 \(header\): missing column\(s\) 'claim_status'"):
        read(path)


def test_row_with_too_many_values(tmp_path):
    path = write_tables(tmp_path, [POINT_ROW])
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + ",extra\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2: has 26 values but the header has 25 columns; put values that "
                                        r"contain commas in double quotes"):
        read(path)


def test_not_utf8(tmp_path):
    path = write_tables(tmp_path, [{**POINT_ROW, "summary": "Ä"}])
    path.write_bytes(path.read_bytes().replace("Ä".encode(), b"\xc4"))
    with pytest.raises(DataError, match=r"is not UTF-8 text; save the table as CSV UTF-8"):
        read(path)
