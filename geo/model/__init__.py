"""The report model: its vocabularies, its columns and published properties, dates, geometry."""
