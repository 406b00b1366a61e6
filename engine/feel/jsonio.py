"""regel's one JSON writer: FEEL values as JSON, numbers exact.

``json.dumps`` cannot write a ``Decimal`` without going through ``float``. Here a
Decimal is written from its own digits, exactly as FEEL holds it (``1 / 3`` gives 34
threes, ``0.1 + 0.2`` gives ``0.3``), with trailing zeros after the point dropped
(``2.50`` is ``2.5``, ``-0`` is ``0``):

* from 1E-34 up to (not including) 1E+34, in positional notation: every integer FEEL
  holds exactly (at most 34 digits) is written digit for digit, ``10 ** 30`` as a 1 and
  thirty zeros, and no ordinary number gets an exponent;
* beyond that, in JSON's exponent notation: the significant digits with a point after
  the first, ``E`` and the signed power of ten (``1E+40``, ``-1.5E+40``, ``1.2E-40``).

Dates, times and durations are written in their ISO forms (FEEL ``string()``), ranges
as objects. Read a text back exactly with ``json.loads(text, parse_float=Decimal)``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from regel.base.messages import Msg
from regel.feel import wide
from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    to_string,
)

__all__ = ["plain", "dumps", "number_text", "exact_number", "BeyondDecimal"]


class BeyondDecimal(ValueError):
    """A JSON number no Decimal can hold; ``said`` is the message."""

    def __init__(self, text: str) -> None:
        self.said = Msg("feel.json.beyond-decimal", {"number": text})
        super().__init__(self.said.render("en"))


def exact_number(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent, read exactly (``parse_float`` of
    ``json.loads``); BeyondDecimal (a ValueError) for one whose exponent no Decimal can
    hold (``1e400223372036854775809``), which Decimal refuses with an ArithmeticError."""
    try:
        return Decimal(text)
    except ArithmeticError:
        raise BeyondDecimal(text) from None

#: numbers below 10 ** PLAIN_DIGITS (and at least 10 ** -PLAIN_DIGITS) are written
#: without an exponent: FEEL's 34 significant digits
PLAIN_DIGITS = 34

# a JSON string with its quotes and escapes, non-ASCII text kept (ensure_ascii=False)
_string: Callable[[str], str] = json.encoder.encode_basestring


def plain(value: Any) -> Any:
    """A FEEL value as JSON-ready data (Decimals stay Decimal; ``dumps`` writes them)."""
    if value is None or isinstance(value, (bool, str, Decimal, int)):
        return value
    if isinstance(value, (_dt.date, _dt.time, DaysTimeDuration, YearsMonthsDuration,
                          wide.WideDate, wide.WideTime)):
        return to_string(value)
    if isinstance(value, Range):
        return {"start": plain(value.start), "end": plain(value.end),
                "start_included": value.start_included, "end_included": value.end_included}
    if isinstance(value, FeelFunction):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def number_text(d: Decimal) -> str:
    """The JSON text of a number, exactly (see the module doc); ValueError for NaN and
    infinities, which JSON cannot write."""
    if not d.is_finite():
        raise ValueError(f"JSON has no number {d}")
    if not d:
        return "0"
    text = str(d)   # exact; positional unless the exponent is above 0 or below -6
    if "E" not in text and d.adjusted() < PLAIN_DIGITS:
        return text.rstrip("0").rstrip(".") if "." in text else text
    sign, digits, exponent = d.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    exponent = int(exponent) + len(digits) - len(significant)
    power = exponent + len(significant) - 1          # of the first significant digit
    minus = "-" if sign else ""
    if -PLAIN_DIGITS <= power < PLAIN_DIGITS:
        if exponent >= 0:
            return minus + significant + "0" * exponent
        point = len(significant) + exponent          # digits before the point
        if point > 0:
            return f"{minus}{significant[:point]}.{significant[point:]}"
        return f"{minus}0.{'0' * -point}{significant}"
    rest = "." + significant[1:] if len(significant) > 1 else ""
    return f"{minus}{significant[0]}{rest}E{power:+d}"


def dumps(data: Any, indent: int | None = 2) -> str:
    """``data`` (FEEL values, plain() output or ordinary JSON data) as JSON text;
    ``indent=None`` writes it on one line (``, `` and ``: `` between items)."""
    return _line(data) if indent is None else _indented(plain(data), indent, 0)


def _line(value: Any) -> str:
    kind = type(value)   # the common types first, by their exact type: a batch writes many
    if kind is str:
        return _string(value)
    if kind is dict:
        if not value:
            return "{}"
        return "{" + ", ".join(_string(str(k)) + ": " + _line(v)
                               for k, v in value.items()) + "}"
    if kind is Decimal:
        return number_text(value)
    if kind is list:
        return "[" + ", ".join(_line(v) for v in value) + "]" if value else "[]"
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    data = plain(value)
    if isinstance(data, (dict, list)):
        return _line(data)
    return _scalar(data)


def _indented(data: Any, indent: int, level: int) -> str:
    """plain() data, one item a line."""
    if isinstance(data, dict):
        if not data:
            return "{}"
        return _join("{", "}", [f"{_string(k)}: {_indented(v, indent, level + 1)}"
                                for k, v in data.items()], indent, level)
    if isinstance(data, list):
        if not data:
            return "[]"
        return _join("[", "]", [_indented(v, indent, level + 1) for v in data], indent, level)
    return _scalar(data)


def _scalar(data: Any) -> str:
    """A plain() value that is not a container: null, a boolean, a number or a text."""
    if isinstance(data, Decimal):
        return number_text(data)
    return json.dumps(data, ensure_ascii=False)


def _join(open_: str, close: str, items: list[str], indent: int, level: int) -> str:
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    return open_ + "\n" + ",\n".join(pad + i for i in items) + "\n" + end + close
