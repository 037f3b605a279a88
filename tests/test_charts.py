"""geo/charts.py: conflicting figures stay separate series, one per claimant."""

from __future__ import annotations

from geo.charts import figure_kinds, figures_chart, figures_frame, timeline_chart, timeline_frame
from geo.dataset import load_dataset

FRAME = load_dataset().frame


def test_casualty_estimates_are_one_point_per_report_never_averaged():
    data = figures_frame(FRAME, "casualties", "KP")
    expected = FRAME[(FRAME["count_kind"] == "casualties") & FRAME["count"].notna()
                     & FRAME["nationality"].map(lambda c: "KP" in c)]
    assert sorted(data["id"]) == sorted(expected["id"])
    assert {"South Korea", "Ukraine", "United Kingdom"} <= set(data["Claimant"])
    uk = data[data["Claimant"] == "United Kingdom"].sort_values("Reported")
    assert list(uk["Figure"]) == ["more than 5,000", "more than 6,000"]


def test_unattributed_claimants_keep_their_own_name():
    data = figures_frame(FRAME, "casualties", "KP")
    assert any(label.startswith("Western officials") for label in data["Claimant"])


def test_timeline_counts_every_report():
    data = timeline_frame(FRAME)
    # A report naming several nationalities counts once for each.
    assert data["Reports"].sum() == sum(max(len(codes), 1) for codes in FRAME["nationality"])


def test_charts_build():
    assert "casualties" in figure_kinds(FRAME)
    assert figures_chart(FRAME, "casualties", "KP").to_dict()["layer"]
    assert timeline_chart(FRAME, "Claim status").to_dict()["mark"]["type"] == "bar"
