"""Presentation: how reports read and look on the page, in charts and in downloads.

- `geo.present.palette`: every colour and symbol (the map's JavaScript receives them as data);
- `geo.present.text`: labels, dates, figures and places as words;
- `geo.present.popups`: escaped HTML of popups and the details panel, and the page's CSS;
- `geo.present.tables`: the table of reports; `geo.present.charts`: timeline and conflicting figures;
- `geo.present.export`: the downloads (GeoJSON, CSV) and their file names.
"""
