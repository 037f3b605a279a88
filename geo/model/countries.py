"""ISO 3166-1 alpha-2 country codes: which exist, and what to call them on the page."""

from __future__ import annotations

import functools

import pycountry

#: Short names where the ISO name is long or formal ("Korea, Democratic People's Republic of").
SHORT_NAMES = {
    "KP": "North Korea",
    "KR": "South Korea",
    "RU": "Russia",
    "GB": "United Kingdom",
    "US": "United States",
    "IR": "Iran",
    "SY": "Syria",
    "VN": "Vietnam",
    "LA": "Laos",
    "MD": "Moldova",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "CD": "DR Congo",
    "CG": "Congo",
    "TW": "Taiwan",
}


@functools.cache
def known_codes() -> frozenset[str]:
    """Return every officially assigned ISO 3166-1 alpha-2 code."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country_code(code: str) -> bool:
    """Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case)."""
    return code in known_codes()


@functools.cache
def country_name(code: str) -> str:
    """Return a short English name for an ISO 3166-1 alpha-2 code, or the code if unknown."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_names(codes: tuple[str, ...] | list[str]) -> str:
    """Return the names of several codes joined by ``"; "``."""
    return "; ".join(country_name(code) for code in codes)
