"""The checks behind each field `kind`: a whole column at once, and the message for a bad cell.

Each kind has two functions. ``bad_<kind>(column, field)`` takes every cell of a column (text,
stripped; ``""`` is empty) and returns which non-empty cells break the rule, with Arrow compute
or NumPy, so 100,000 cells cost milliseconds. ``explain_<kind>(value, field)`` runs only for the
cells found bad and says why, with the value received and how to fix it. Whether a cell passes is
decided by the first function alone.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.model.countries import is_country_code, known_codes
from geo.model.report import LIST_SEPARATOR
from geo.rules.fields import ID_PATTERN, Field

_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_NUMBER = r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
#: An absolute http(s) URL with a host and no white space (Python's ``\s``, as ``str.isspace``).
_URL = re.compile(r"(?i:https?)://[^\s/?#]+(?:[/?#]\S*)?")


def as_bool(array) -> np.ndarray:
    """An Arrow boolean array (nulls as False) as a NumPy array."""
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _matches(column: pa.Array, pattern: str) -> np.ndarray:
    return as_bool(pc.match_substring_regex(column, pattern))


def is_http_url(url: object) -> bool:
    """Whether `url` is an absolute http(s) URL: the only kind accepted as a source or made a link."""
    return isinstance(url, str) and _URL.fullmatch(url) is not None


# --- checks: which non-empty cells are bad ------------------------------------------------------------


def bad_text(column: pa.Array, field: Field) -> np.ndarray:
    return np.zeros(len(column), dtype=bool)


def bad_id(column: pa.Array, field: Field) -> np.ndarray:
    return ~_matches(column, f"^{ID_PATTERN}$")


def bad_ids(column: pa.Array, field: Field) -> np.ndarray:
    return ~_matches(column, f"^{ID_PATTERN}(?:;{ID_PATTERN})*$")


def is_date(value: str) -> bool:
    """Whether `value` is a real day (``2025-04-08``), a month (``2023-09``) or a year (``2024``), from year 1."""
    if not _DATE.fullmatch(value) or value.startswith("0000"):
        return False
    try:
        dt.date.fromisoformat(value + ("-01-01" if len(value) == 4 else "-01" if len(value) == 7 else ""))
    except ValueError:
        return False
    return True


def bad_date(column: pa.Array, field: Field) -> np.ndarray:
    # Judged once per distinct value: a column of 100,000 dates holds a few thousand.
    distinct = pc.unique(column)
    bad = [value for value in distinct.to_pylist() if value and not is_date(value)]
    return as_bool(pc.is_in(column, value_set=pa.array(bad, pa.string())))


def _repeats(column: pa.Array) -> np.ndarray:
    """Which values list one part twice (checked once per distinct value)."""
    repeated = [v for v in pc.unique(column).to_pylist()
                if len(set(v.split(LIST_SEPARATOR))) != len(v.split(LIST_SEPARATOR))]
    return as_bool(pc.is_in(column, value_set=pa.array(repeated, pa.string())))


def bad_codes(column: pa.Array, field: Field) -> np.ndarray:
    codes = "|".join(sorted(known_codes()))
    return ~_matches(column, rf"^(?:{codes})(?:;(?:{codes}))*$") | _repeats(column)


def bad_code(column: pa.Array, field: Field) -> np.ndarray:
    return ~as_bool(pc.is_in(column, value_set=pa.array(sorted(known_codes()))))


def bad_choice(column: pa.Array, field: Field) -> np.ndarray:
    return ~as_bool(pc.is_in(column, value_set=pa.array(list(field.choices), pa.string())))


def numbers(column: pa.Array) -> np.ndarray:
    """The values of a column of decimal numbers (NaN where empty or not a number)."""
    form = pa.array(_matches(column, _NUMBER))
    values = pc.cast(pc.if_else(form, column, pa.scalar(None, pa.string())), pa.float64())
    return pc.fill_null(values, math.nan).to_numpy(zero_copy_only=False)


def bad_number(column: pa.Array, field: Field) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ~(np.abs(numbers(column)) <= field.limit)


def integers(column: pa.Array) -> np.ndarray:
    """Whole numbers written in digits (at most 18), as float64 (NaN where not)."""
    form = pa.array(_matches(column, r"^[0-9]{1,18}$"))
    values = pc.cast(pc.if_else(form, column, pa.scalar(None, pa.string())), pa.int64())
    return pc.fill_null(pc.cast(values, pa.float64()), math.nan).to_numpy(zero_copy_only=False)


def bad_integer(column: pa.Array, field: Field) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ~(integers(column) <= field.limit)


def bad_url(column: pa.Array, field: Field) -> np.ndarray:
    values = column.to_pylist()
    return np.fromiter((_URL.fullmatch(v) is None for v in values), dtype=bool, count=len(values))


# --- messages: why a bad cell is bad ---------------------------------------------------------------------


def explain_id(value: str, field: Field) -> list[str]:
    return [f"{value!r} may only hold letters, digits, '.', '_' and '-' (at most 64, starting with a letter "
            "or digit), e.g. 'FT-052'"]


def explain_ids(value: str, field: Field) -> list[str]:
    return [f"{part!r} in {value!r} is not a report id; give the ids of the reports this one answers "
            "(letters, digits, '.', '_', '-'), several separated by ';'"
            for part in value.split(LIST_SEPARATOR) if not re.fullmatch(ID_PATTERN, part)]


def explain_date(value: str, field: Field) -> list[str]:
    return [f"{value!r} is not a date written YYYY-MM-DD, YYYY-MM or YYYY (e.g. '2025-04-08', '2023-09' or "
            "'2024'); write only what the source says, and leave it empty if unknown"]


def _code_messages(value: str) -> list[str]:
    messages, seen = [], set()
    for code in value.split(LIST_SEPARATOR):
        if is_country_code(code):
            if code in seen:
                messages.append(f"{code!r} is listed twice in {value!r}; list each code once")
            seen.add(code)
        elif is_country_code(code.upper()):
            messages.append(f"{code!r} must be written in capitals: {code.upper()!r}")
        else:
            messages.append(f"{code!r} is not an ISO 3166-1 alpha-2 country code; use two capital letters such "
                            "as 'KP' (North Korea) or 'CN' (China), several separated by ';'")
    return messages


def explain_codes(value: str, field: Field) -> list[str]:
    return _code_messages(value)


def explain_code(value: str, field: Field) -> list[str]:
    if LIST_SEPARATOR in value and not _code_messages(value):
        return [f"{value!r} names several countries; give the one country the location is in"]
    return _code_messages(value) or [f"{value!r} is not one ISO 3166-1 alpha-2 country code"]


def explain_choice(value: str, field: Field) -> list[str]:
    if value.lower() in field.choices:
        return [f"{value!r} must be written in lower case: {value.lower()!r}"]
    return [f"{value!r} is not one of {', '.join(field.choices)}"]


def explain_number(value: str, field: Field) -> list[str]:
    number = numbers(pa.array([value]))[0]
    if math.isnan(number):
        try:
            float(value)
        except ValueError:
            return [f"{value!r} is not a number; write decimal degrees with a point, e.g. 51.19139"]
        return [f"{value!r} is not a finite number; write decimal degrees, e.g. 51.19139"]
    if math.isinf(number):
        return [f"{value!r} is not a finite number; write decimal degrees, e.g. 51.19139"]
    hint = "; swap latitude and longitude?" if field.name == "latitude" and abs(number) <= 180 else ""
    return [f"{value!r} is outside -{field.limit:g}..{field.limit:g}{hint}"]


def explain_integer(value: str, field: Field) -> list[str]:
    if re.fullmatch(r"[0-9]+", value):
        return [f"{value!r} is larger than {field.limit:,.0f}; check the figure"]
    return [f"{value!r} is not a whole number; write digits only (e.g. 1100) and put 'about', 'at_least', "
            "'more_than' or 'up_to' in count_qualifier"]


def explain_url(value: str, field: Field) -> list[str]:
    return [f"{value!r} is not an http(s) URL; give the address of the published source, starting with "
            "https:// (or http://)"]


#: Each kind's column check and message.
KINDS = {
    name: (globals()[f"bad_{name}"], globals().get(f"explain_{name}"))
    for name in ("text", "id", "ids", "date", "codes", "code", "choice", "number", "integer", "url")
}
