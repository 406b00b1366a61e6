"""JSON output that keeps numbers exact.

``json.dumps`` cannot write a ``Decimal`` without going through ``float``; this module
writes Decimals as JSON numbers from their exact text (``0.3``, never
``0.30000000000000004``), and FEEL values in their ISO forms. Read it back exactly with
``json.loads(text, parse_float=Decimal)``.
"""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal
from typing import Any

from regel.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    to_string,
)

__all__ = ["plain", "dumps"]


def plain(value: Any) -> Any:
    """A FEEL value as JSON-ready data (Decimals stay Decimal; ``dumps`` writes them)."""
    if value is None or isinstance(value, (bool, str, Decimal, int)):
        return value
    if isinstance(value, (_dt.date, _dt.time, DaysTimeDuration, YearsMonthsDuration)):
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


def _number(d: Decimal) -> str:
    if d == d.to_integral_value() and abs(d) < Decimal("1e30"):
        return format(d.quantize(Decimal(1)), "f")
    text = format(d.normalize(), "f")
    return text


def dumps(data: Any, indent: int | None = 2) -> str:
    """``data`` (plain() output or ordinary JSON data) as JSON text."""
    return _dump(plain(data), indent, 0)


def _dump(v: Any, indent: int | None, level: int) -> str:
    if isinstance(v, Decimal):
        return _number(v)
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [f"{json.dumps(str(k), ensure_ascii=False)}: {_dump(x, indent, level + 1)}"
                 for k, x in v.items()]
        return _join("{", "}", items, indent, level)
    if isinstance(v, list):
        if not v:
            return "[]"
        return _join("[", "]", [_dump(x, indent, level + 1) for x in v], indent, level)
    return json.dumps(v, ensure_ascii=False)


def _join(open_: str, close: str, items: list[str], indent: int | None, level: int) -> str:
    if indent is None:
        return open_ + ", ".join(items) + close
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    return open_ + "\n" + ",\n".join(pad + i for i in items) + "\n" + end + close
