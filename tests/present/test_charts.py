"""geo/present/charts.py: conflicting figures stay separate series, one per claimant."""

from __future__ import annotations

from geo.dataset import load_dataset
from geo.present.charts import figure_kinds, figures_chart, figures_frame, timeline_chart, timeline_frame, timeline_left_out
from tests.support import FIXTURES, read_rows, write_tables


def _frame(tmp_path_factory=None):
    """The fixture reports plus conflicting casualty figures by several claimants."""
    import tempfile
    from pathlib import Path

    rows = read_rows(FIXTURES / "reports.csv")
    base = next(r for r in rows if r["id"] == "T-2")
    figures = [("C-1", "2025-04-02", "5000", "more_than", "UK Defence Intelligence", "GB"),
               ("C-2", "2025-06-15", "6000", "more_than", "UK Defence Intelligence", "GB"),
               ("C-3", "2025-01-12", "3800", "", "President Zelensky", "UA"),
               ("C-4", "2025-01-20", "4000", "about", "Western officials (anonymous, to the BBC)", "")]
    for ident, day, count, qualifier, claimant, country in figures:
        rows.append({**base, "id": ident, "reported_on": day, "event_start": "", "event_end": "", "count": count,
                     "count_qualifier": qualifier, "claimant": claimant, "claimant_country": country})
    return load_dataset(write_tables(Path(tempfile.mkdtemp()), rows)).frame


FRAME = _frame()


def test_casualty_estimates_are_one_point_per_report_never_averaged():
    data = figures_frame(FRAME, "casualties", "KP")
    expected = FRAME[(FRAME["count_kind"] == "casualties") & FRAME["count"].notna()
                     & FRAME["nationality"].map(lambda c: "KP" in c)]
    assert sorted(data["id"]) == sorted(expected["id"])
    assert {"South Korea", "Ukraine", "United Kingdom"} <= set(data["Claimant"])
    assert len(data) == 5  # one point per report
    uk = data[data["Claimant"] == "United Kingdom"].sort_values("Reported")
    assert list(uk["Figure"]) == ["more than 5,000", "more than 6,000"]


def test_unattributed_claimants_keep_their_own_name():
    data = figures_frame(FRAME, "casualties", "KP")
    assert any(label.startswith("Western officials") for label in data["Claimant"])


def test_timeline_counts_every_report():
    data = timeline_frame(FRAME)
    # A report naming several nationalities counts once for each; a month-only date is placed in its
    # month; an undated report (or one dated only to a year) cannot be placed and is counted apart.
    placed = FRAME[FRAME["date_precision"].isin(["day", "month"])]
    assert data["Reports"].sum() == sum(max(len(codes), 1) for codes in placed["nationality"])
    assert timeline_left_out(FRAME) == len(FRAME) - len(placed) == 1
    assert "2024-09-01" in {d.date().isoformat() for d in data["month"]}


def test_charts_build():
    assert "casualties" in figure_kinds(FRAME)
    assert figures_chart(FRAME, "casualties", "KP").to_dict()["layer"]
    from geo.present.palette import colour_key

    colours = colour_key(("KP", "CN"))  # TJ, UZ and PK share the colour of the others
    assert timeline_chart(FRAME, colours, "Claim status").to_dict()["mark"]["type"] == "bar"
    spec = timeline_chart(FRAME, colours, "Nationality").to_dict()
    assert "other nationalities" in spec["encoding"]["color"]["scale"]["domain"]
