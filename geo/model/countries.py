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


#: World regions, for grouping nationalities in the filter (after the UN's geoscheme, coarsened to the
#: groups readers use: "Central Asia", "Sub-Saharan Africa" …). A code not listed falls in `OTHER_REGION`.
REGIONS = {
    "East and Southeast Asia": ("KP", "KR", "CN", "TW", "JP", "MN", "VN", "LA", "KH", "TH", "MM", "MY", "ID", "PH"),
    "South Asia": ("IN", "NP", "LK", "BD", "PK", "AF", "BT", "MV"),
    "Central Asia": ("UZ", "TJ", "KG", "KZ", "TM"),
    "Middle East and North Africa": ("SY", "IQ", "IR", "YE", "EG", "LY", "DZ", "MA", "TN", "JO", "LB", "SA", "AE",
                                     "OM", "KW", "QA", "BH", "PS", "IL", "TR"),
    "Sub-Saharan Africa": ("KE", "GH", "CM", "ET", "ZM", "NG", "ZA", "TZ", "SO", "TG", "UG", "SL", "GM", "CF", "BW",
                           "SN", "ML", "BF", "NE", "TD", "SD", "SS", "CD", "CG", "RW", "BI", "MZ", "ZW", "AO", "NA",
                           "MW", "MG", "CI", "LR", "GN", "BJ", "ER", "DJ", "GA", "GQ", "GW", "CV", "LS", "SZ"),
    "Latin America and the Caribbean": ("CU", "CO", "VE", "BR", "AR", "MX", "PE", "BO", "EC", "NI", "HT", "DO"),
    "Europe": ("RS", "BY", "MD", "BA", "ME", "MK", "BG", "RO", "HU", "SK", "CZ", "PL", "DE", "FR", "GB", "IT", "ES",
               "GE", "AM", "AZ"),
    "North America and Oceania": ("US", "CA", "AU", "NZ"),
}
OTHER_REGION = "Other"
_REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes}


def region_of(code: str) -> str:
    """The world region a country code is grouped in."""
    return _REGION_OF.get(code, OTHER_REGION)


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
