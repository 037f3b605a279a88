"""The controlled vocabularies of a report: each value once, with its label and meaning, in order.

Everything that names a claim status, a location precision, an area, a layer or a kind of figure
(the rules, the filters, the popups, the legend, the charts and the map's JavaScript) takes the
values, their order and their labels from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: what is stored, what readers see, what it means."""

    value: str
    label: str
    meaning: str = ""


class Vocabulary(tuple):
    """An ordered tuple of `Term`; ``values`` in that order, `label` and `meaning` by value."""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(term.value for term in self)

    def term(self, value: str) -> Term | None:
        return next((term for term in self if term.value == value), None)

    def label(self, value: str) -> str:
        """The label of `value`, or `value` itself if it is not a term."""
        term = self.term(value)
        return term.label if term else value

    def meaning(self, value: str) -> str:
        term = self.term(value)
        return term.meaning if term else ""


#: How the claim stands, after ISW's distinction between assessed and claimed.
CLAIM_STATUS = Vocabulary((
    Term("claimed", "Claimed", "asserted by one party and not independently confirmed"),
    Term("corroborated", "Corroborated", "confirmed by a second, independent party"),
    Term("acknowledged", "Acknowledged", "admitted by the deploying or host state (North Korea, Russia)"),
    Term("denied", "Denied", "rejected by a party, usually the accused state"),
    Term("no_comment", "No comment", "neither confirmed nor denied: a refusal to comment, or a non-answer"),
))

#: How precisely the location is known, finest first (after ACLED's ``geo_precision``).
LOCATION_PRECISION = Vocabulary((
    Term("settlement", "settlement (point)", "a town or village, from a gazetteer"),
    Term("district", "district (point)", "a point standing for a district or direction, from a gazetteer"),
    Term("oblast", "oblast-wide (somewhere in the region)", "only the region is known: drawn as the whole region"),
    Term("country", "country-wide (not drawn)", "only the country is known: not drawn"),
))

#: Precisions drawn as a point, which therefore need coordinates.
POINT_PRECISIONS = ("settlement", "district")

#: Where a report belongs; each area except ``other`` has its own published layer.
AREA = Vocabulary((
    Term("donetsk", "Donetsk Oblast"),
    Term("kursk", "Kursk Oblast"),
    Term("border", "Russia–Ukraine border", "a region along the Russia–Ukraine land border"),
    Term("other", "Elsewhere / country-level"),
))

#: The published layers: one per area (``other`` also holds country-level reports), and ``all``.
LAYER = AREA
ALL_LAYER = "all"
ALL_LAYER_LABEL = "All reports"

#: What the ``count`` of a report counts.
COUNT_KIND = Vocabulary((
    Term("troops", "troops"),
    Term("captured", "captured"),
    Term("casualties", "casualties", "killed and wounded, sometimes missing"),
    Term("killed", "killed"),
    Term("wounded", "wounded"),
    Term("recruited", "recruited"),
    Term("other", "other", "a figure of another kind, said in count_label; or no figure"),
))

#: How a figure was stated; empty means a plain number.
COUNT_QUALIFIER = Vocabulary((
    Term("about", "about"),
    Term("at_least", "at least"),
    Term("more_than", "more than"),
    Term("up_to", "up to"),
    Term("range", "between", "a range: from count to count_max"),
))

#: How precisely a date is known: a day, a month or a year; ``""`` for an undated report.
DATE_PRECISION = Vocabulary((
    Term("day", "day"),
    Term("month", "month", "only the month is known: the date covers every day of it"),
    Term("year", "year", "only the year is known: the date covers every day of it"),
    Term("", "undated", "no date is known"),
))

#: The nationality filter's value for reports that name no country (a label instead of a code).
UNNAMED = "unnamed"
UNNAMED_LABEL = "Nationality not named / aggregate"
