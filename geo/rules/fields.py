"""The field rules: one declarative spec per column of a report table and of its source table.

This is the first half of the rulebook (the second is `geo.rules.checks`). Each `Field` says what
a cell may hold; its `kind` names the check that `geo.rules.kinds` applies to the whole column at
once, and the same spec writes the Frictionless Table Schema of ``data/datapackage.json``
(`geo.rules.datapackage`). To change what a column accepts, change its spec here.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.model.vocabulary import AREA, CLAIM_STATUS, COUNT_KIND, COUNT_QUALIFIER, LOCATION_PRECISION

#: Longest text a cell may hold.
MAX_CELL = 10_000
#: Largest figure accepted: anything above is surely a typing error.
MAX_COUNT = 1_000_000_000
#: What an id may look like.
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"


@dataclass(frozen=True)
class Field:
    """What one column may hold.

    Attributes
    ----------
    name : str
        The column (and published property).
    kind : str
        The check applied to every non-empty cell: ``text``, ``id``, ``ids``, ``date``, ``codes``,
        ``code``, ``choice``, ``number``, ``integer`` or ``url`` (see `geo.rules.kinds`).
    description : str
        What the column means (for ``data/datapackage.json`` and ``data/README.md``).
    required : bool
        Whether the cell may be empty.
    choices : tuple of str
        The values of a ``choice`` column.
    limit : float or None
        ``number``: the value lies in ``-limit..limit``; ``integer``: at most ``limit``.
    if_empty : str
        Added to the "is required but empty" message: how to fill it in.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    limit: float | None = None
    if_empty: str = ""


REPORT_FIELDS = (
    Field("id", "id", "stable id of the report, never reused (FT-001 …)", required=True),
    Field("reported_on", "date", "when the claim was first published: a day, a month or a year (empty if unknown)"),
    Field("event_start", "date", "when what the claim is about began: a day, a month or a year (empty if unknown)"),
    Field("event_end", "date", "when it ended (empty if unknown or the same as event_start)"),
    Field("nationality", "codes", "ISO 3166-1 alpha-2 codes of the foreign troops, ';'-separated"),
    Field("nationality_label", "text", "the nationality as described when no country was named"),
    Field("area", "choice", "the published layer the report belongs to", required=True, choices=AREA.values),
    Field("place_name", "text", "the place as the source names it"),
    Field("admin1", "text", "the region, as named in data/reference/admin1.geojson"),
    Field("country", "code", "ISO 3166-1 alpha-2 code of the country the place is in"),
    Field("latitude", "number", "WGS84 latitude in decimal degrees, from a gazetteer", limit=90),
    Field("longitude", "number", "WGS84 longitude in decimal degrees, from a gazetteer", limit=180),
    Field("location_precision", "choice", "how precisely the place is known", required=True,
          choices=LOCATION_PRECISION.values),
    Field("location_source", "text", "the gazetteer the coordinates come from"),
    Field("count", "integer", "the figure the claimant gave, digits only (the lower end of a range)", limit=MAX_COUNT),
    Field("count_max", "integer", "the upper end of a range (count_qualifier 'range')", limit=MAX_COUNT),
    Field("count_qualifier", "choice", "how the figure was stated (empty: a plain figure)",
          choices=COUNT_QUALIFIER.values),
    Field("count_kind", "choice", "what the figure counts", choices=COUNT_KIND.values),
    Field("count_label", "text", "what the figure counts, in words, when count_kind is 'other'"),
    Field("claim_status", "choice", "how the claim stands", required=True, choices=CLAIM_STATUS.values),
    Field("claimant", "text", "who made the claim, as the source names them", required=True),
    Field("claimant_country", "codes", "ISO codes of the government(s) behind the claim, ';'-separated"),
    Field("responds_to", "ids", "ids of the earlier reports this one answers, ';'-separated"),
    Field("summary", "text", "a short paraphrase of the claim, in the project's own words", required=True),
    Field("notes", "text", "conflicts, assumptions and caveats"),
)

SOURCE_FIELDS = (
    Field("report_id", "id", "the id of the report in reports.csv", required=True,
          if_empty="give the id of the report this source belongs to"),
    Field("url", "url", "the address of the published source (http or https)", required=True,
          if_empty="give the http(s) address of the source"),
    Field("title", "text", "the title of the source, if known"),
    Field("outlet", "text", "who published it, if known"),
)
