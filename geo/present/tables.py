"""The table of reports below the map and beside it: plain text cells, links only for http(s) URLs."""

from __future__ import annotations

import pandas as pd

from geo.model.vocabulary import CLAIM_STATUS
from geo.present.text import count_text, date_text, nationality_text, place_text
from geo.rules.kinds import is_http_url


def report_table(frame):
    """The reports of `frame` (rows of a dataset's frame, `geo.dataset.frame_from_table`) as a readable table.

    Cells hold plain text (a table shows them as text, never as HTML); the source columns hold
    only http(s) URLs (the first three; "Sources" counts them all, and the details panel lists each).
    """
    columns = ["ID", "Date", "Nationality", "Place", "Precision", "Status", "Figure", "Claimed by", "Summary",
               "Source", "Source 2", "Source 3", "Sources"]
    if frame.empty:
        return pd.DataFrame(columns=columns)

    def texts(function, *keys):
        return [function(dict(zip(keys, values))) for values in zip(*(frame[key].tolist() for key in keys))]

    def figure(*values):
        count, high, qualifier, kind, label = values
        return count_text({"count": None if pd.isna(count) else int(count),
                           "count_max": None if pd.isna(high) else int(high),
                           "count_qualifier": qualifier, "count_kind": kind, "count_label": label})

    return pd.DataFrame({
        "ID": frame["id"].tolist(),
        "Date": [date_text(value) for value in frame["date_written"].tolist()],
        "Nationality": texts(nationality_text, "nationality_names", "nationality_label"),
        "Place": texts(place_text, "place_name", "admin1"),
        "Precision": frame["location_precision"].tolist(),
        "Status": [CLAIM_STATUS.label(status) for status in frame["claim_status"].tolist()],
        "Figure": [figure(*values) for values in zip(*(frame[key].tolist() for key in (
            "count", "count_max", "count_qualifier", "count_kind", "count_label")))],
        "Claimed by": frame["claimant"].tolist(),
        "Summary": frame["summary"].tolist(),
        "Source": [url if is_http_url(url) else None for url in frame["source"].tolist()],
        "Source 2": [url if is_http_url(url) else None for url in frame["source_2"].tolist()],
        "Source 3": [url if is_http_url(url) else None for url in frame["source_3"].tolist()],
        "Sources": frame["n_sources"].tolist(),
    }, columns=columns)
