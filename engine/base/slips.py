"""Slips of the pen that read as something else: an amount in kroner written with a Danish
thousands separator (``105.000``, which YAML and JSON read as 105) and a date written the
Danish way (``1.7.2024``, ``01-07-2024``) where an ISO date (2024-07-01) is expected. The
loader, the case reader and the YAML tests ask these before they take a value."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any

__all__ = ["MONEY_UNITS", "is_money", "thousands_slip", "danish_date"]

#: the units of an amount in Danish kroner (compared without case and surrounding spaces)
MONEY_UNITS = frozenset({"kr.", "kr", "dkk"})

_DANISH_DATE = re.compile(r"\s*(\d{1,2})([.\-/])(\d{1,2})\2(\d{4})\s*")


def is_money(unit: str | None) -> bool:
    """Whether ``unit`` says the number is an amount in kroner."""
    return unit is not None and unit.strip().lower() in MONEY_UNITS


def thousands_slip(value: Any) -> Decimal | None:
    """The whole number ``value`` means when it has exactly three decimals (``105.000`` ->
    105000, ``1.250`` -> 1250): an amount in kroner has at most two (øre). None otherwise."""
    if isinstance(value, bool) or not isinstance(value, Decimal) or not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    if exponent != -3:
        return None
    return value.scaleb(3).quantize(Decimal(1))


def danish_date(text: Any) -> str | None:
    """The ISO form of a date written day first (``1.7.2024``, ``01-07-2024``,
    ``1/7/2024``) when it is a real date; None otherwise."""
    if not isinstance(text, str):
        return None
    m = _DANISH_DATE.fullmatch(text)
    if m is None:
        return None
    day, _, month, year = m.groups()
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
