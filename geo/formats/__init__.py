"""Reading and writing: report tables (CSV), GeoJSON layers, downloads' formats, atomic writes."""
