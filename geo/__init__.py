"""Reported foreign-troop presence in the Russia–Ukraine war: data, layers and maps."""

__version__ = "0.1.0"
