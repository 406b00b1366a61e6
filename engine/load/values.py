"""YAML values as the loader needs them: a cell as FEEL text, allowed values as FEEL
values (and which of them a cell may write bare), and dates written bare or quoted."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any

from regel.feel import from_python

__all__ = ["cell_text", "bare_constants", "feel_values", "as_date"]

_NAME_LIKE = re.compile(r"^[^\W\d]\w*(?:[ \-/'][^\W\d]?\w+)*$")
_KEYWORDS = frozenset({"if", "then", "else", "for", "in", "return", "some", "every",
                       "satisfies", "and", "or", "between", "instance", "of", "not", "null",
                       "true", "false", "function"})


def cell_text(value: Any) -> str:
    """A YAML cell as FEEL text: strings as written, other scalars as FEEL literals."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, _dt.datetime):
        return f'date and time("{value.isoformat()}")'
    if isinstance(value, _dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    return str(value)


def bare_constants(values: tuple[Any, ...] | None) -> dict[str, str]:
    """Allowed string values usable as bare names in cells (``unemployed``)."""
    out: dict[str, str] = {}
    for v in values or ():
        if isinstance(v, str) and _NAME_LIKE.match(v) and v not in _KEYWORDS:
            out[v] = v
    return out


def feel_values(values: Any) -> tuple[Any, ...] | None:
    """Allowed values as FEEL values (whole numbers become Decimal like every number)."""
    if not values:
        return None
    return tuple(from_python(v, "an allowed value") for v in values)


def as_date(value: Any) -> Any:
    """A date written bare (YAML reads it as a date) or quoted (a string the schema has
    already checked has the form YYYY-MM-DD)."""
    if isinstance(value, str):
        return _dt.date.fromisoformat(value)
    return value
