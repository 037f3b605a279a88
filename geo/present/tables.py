"""The table of reports below the map and beside it: plain text cells, links only for http(s) URLs."""

from __future__ import annotations

import pandas as pd

from geo.model.vocabulary import CLAIM_STATUS
from geo.present.text import count_text, nationality_text, place_text
from geo.rules.kinds import is_http_url


def report_table(frame):
    """The reports of `frame` (rows of a dataset's frame, `geo.columns.frame_from_table`) as a readable table.

    Cells hold plain text (a table shows them as text, never as HTML); the source column holds
    only http(s) URLs.
    """
    columns = ["ID", "Date", "Nationality", "Place", "Precision", "Status", "Figure", "Claimed by", "Summary",
               "Source", "Sources"]
    if frame.empty:
        return pd.DataFrame(columns=columns)

    def texts(function, *keys):
        return [function(dict(zip(keys, values))) for values in zip(*(frame[key].tolist() for key in keys))]

    counts = [None if pd.isna(value) else int(value) for value in frame["count"]]
    return pd.DataFrame({
        "ID": frame["id"].tolist(),
        "Date": frame["date"].dt.strftime("%Y-%m-%d").tolist(),
        "Nationality": texts(nationality_text, "nationality_names", "nationality_label"),
        "Place": texts(place_text, "place_name", "admin1"),
        "Precision": frame["location_precision"].tolist(),
        "Status": [CLAIM_STATUS.label(status) for status in frame["claim_status"].tolist()],
        "Figure": [count_text({"count": count, "count_qualifier": qualifier, "count_kind": kind})
                   for count, qualifier, kind in zip(counts, frame["count_qualifier"].tolist(), frame["count_kind"].tolist())],
        "Claimed by": frame["claimant"].tolist(),
        "Summary": frame["summary"].tolist(),
        "Source": [url if is_http_url(url) else None for url in frame["source"].tolist()],
        "Sources": frame["n_sources"].tolist(),
    }, columns=columns)
