"""Charts: reports over time, and conflicting figures side by side (one series per claimant)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from geo.model.countries import country_name
from geo.model.vocabulary import CLAIM_STATUS, UNNAMED
from geo.present.palette import ColourKey, status_chart_colors
from geo.present.text import count_text, date_text

if TYPE_CHECKING:  # altair loads when a chart is drawn (a tab opened), not when the app starts
    import altair as alt

#: How a figure was stated, as the chart's legend says it, and the point shape for each.
STATED_AS = {"": "plain figure", "about": "about", "at_least": "at least / more than",
             "more_than": "at least / more than", "up_to": "up to", "range": "range (low end)"}
STATED_SHAPES = {"plain figure": "circle", "about": "diamond", "at least / more than": "triangle-up",
                 "up to": "triangle-down", "range (low end)": "square"}
#: The shared colour's name in charts.
OTHERS_LABEL = "other nationalities"
#: Date precisions a monthly chart can place.
MONTHLY = ("day", "month")


def timeline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Reports per month, per nationality and claim status (a report naming several nationalities
    counts once for each). Reports dated only to a year, or undated, cannot be placed in a month
    and are left out (see `timeline_left_out`)."""
    rows = frame.loc[frame["date_precision"].isin(MONTHLY), ["id", "date", "nationality", "nationality_label",
                                                             "claim_status"]].copy()
    rows["nationality"] = [list(codes) if codes else [UNNAMED] for codes in rows["nationality"]]
    rows = rows.explode("nationality")
    rows["month"] = rows["date"].dt.to_period("M").dt.to_timestamp()
    rows["Nationality"] = [country_name(c) if c != UNNAMED else "not named / aggregate" for c in rows["nationality"]]
    rows["Claim status"] = rows["claim_status"].map(CLAIM_STATUS.label)
    return (rows.groupby(["month", "Nationality", "nationality", "Claim status"], as_index=False)
                .agg(Reports=("id", "count")))


def timeline_left_out(frame: pd.DataFrame) -> int:
    """How many reports the monthly timeline cannot place (dated only to a year, or undated)."""
    return int((~frame["date_precision"].isin(MONTHLY)).sum())


def timeline_chart(frame: pd.DataFrame, colours: ColourKey, colour_by: str = "Nationality") -> alt.Chart:
    """Stacked monthly bars of reports, coloured by nationality or by claim status."""
    import altair as alt

    data = timeline_frame(frame)
    if colour_by == "Claim status":
        domain, colors = status_chart_colors()
    else:
        shared = ~data["nationality"].isin([code for code, _ in colours.own] + [UNNAMED])
        data.loc[shared, "Nationality"] = OTHERS_LABEL
        pairs = data[["Nationality", "nationality"]].drop_duplicates().sort_values("Nationality")
        domain = list(pairs["Nationality"])
        colors = [colours(code) for code in pairs["nationality"]]
    return (alt.Chart(data).mark_bar()
            .encode(x=alt.X("yearmonth(month):T", axis=month_axis(data["month"], "Month (event date, else reported date)")),
                    y=alt.Y("sum(Reports):Q", title="Reports"),
                    color=alt.Color(f"{colour_by}:N", scale=alt.Scale(domain=domain, range=colors)),
                    tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"), f"{colour_by}:N",
                             alt.Tooltip("sum(Reports):Q", title="Reports")])
            .properties(height=260))


def claimant_series(row) -> str:
    """The series a figure belongs to: the claimant's government(s), else the claimant as named."""
    codes = row["claimant_country"]
    if codes:
        return " + ".join(country_name(code) for code in codes)
    text = row["claimant"] or "unattributed"
    return text if len(text) <= 40 else text[:39] + "…"


def figures_frame(frame: pd.DataFrame, kind: str, nationality: str | None) -> pd.DataFrame:
    """The reports with a figure of `kind` (e.g. ``casualties``), one row each, with its series."""
    rows = frame[frame["count"].notna() & (frame["count_kind"] == kind)].copy()
    if nationality:
        rows = rows[[nationality in codes for codes in rows["nationality"]]]
    rows["Claimant"] = [claimant_series(row) for _, row in rows.iterrows()]
    rows["Figure"] = [count_text({"count": int(c), "count_max": None if pd.isna(m) else int(m), "count_qualifier": q})
                      for c, m, q in zip(rows["count"], rows["count_max"], rows["count_qualifier"])]
    rows["Reported as"] = [date_text(value) for value in rows["reported_written"]]
    rows["Stated as"] = [STATED_AS[q or ""] for q in rows["count_qualifier"]]
    rows["Value"] = rows["count"].astype(float)
    rows["Reported"] = rows["reported_on"]
    return rows[["id", "Reported", "Reported as", "Value", "Figure", "Stated as", "Claimant", "claimant", "claim_status"]]


def figure_kinds(frame: pd.DataFrame) -> list[str]:
    """The kinds of figure present, most reported first (not ``other``: its figures count different things)."""
    counts = frame.loc[frame["count"].notna() & (frame["count_kind"] != "other"), "count_kind"].value_counts()
    return list(counts.index)


def month_axis(dates: pd.Series, title: str) -> alt.Axis:
    """A time axis with one label per month, quarter or year (as the span needs): never a month twice."""
    import altair as alt

    span = (dates.max() - dates.min()).days if dates.notna().any() else 0
    step = 1 if span <= 400 else 3 if span <= 3 * 366 else 6
    return alt.Axis(title=title, format="%b %Y", tickCount={"interval": "month", "step": step}, labelOverlap=True)


def figures_chart(frame: pd.DataFrame, kind: str, nationality: str | None) -> alt.LayerChart:
    """Each claimant's figures over time, as separate series: conflicts side by side, never averaged."""
    import altair as alt

    data = figures_frame(frame, kind, nationality)
    base = alt.Chart(data).encode(
        x=alt.X("Reported:T", axis=month_axis(data["Reported"], "Reported on")),
        y=alt.Y("Value:Q", title=f"{kind} (as stated)"),
        color=alt.Color("Claimant:N", title="Claimant", scale=alt.Scale(scheme="tableau20"),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=360, symbolLimit=40)),
    )
    lines = base.mark_line(strokeDash=[4, 3], opacity=0.6)
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("Stated as:N", title="Stated as",
                        scale=alt.Scale(domain=list(STATED_SHAPES), range=list(STATED_SHAPES.values()))),
        tooltip=["id:N", alt.Tooltip("Reported as:N", title="Reported"), "Figure:N", alt.Tooltip("claimant:N", title="Claimed by"),
                 alt.Tooltip("claim_status:N", title="Status")],
    )
    shapes = points.encode(shape=alt.Shape("Stated as:N", title="Stated as", legend=alt.Legend(orient="right"),
                                           scale=alt.Scale(domain=list(STATED_SHAPES), range=list(STATED_SHAPES.values()))))
    return (lines + shapes).properties(height=300)
