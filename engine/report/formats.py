"""How a value is written for a person, in Danish (Dansk Sprognævn: ``1.234,50 kr.``,
``1. juli 2024``) and English (British usage). Numbers are never rounded nor written with
an exponent. The rules for numbers, money and dates: docs/reports.md.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from regel.feel.values import (
    FEEL_CONTEXT,
    DaysTimeDuration,
    Range,
    YearsMonthsDuration,
    offset_text,
    zone_of,
)

__all__ = [
    "LANGS",
    "MONTHS",
    "format_value",
    "format_number",
    "format_date",
    "format_time",
    "format_datetime",
    "format_duration",
]

LANGS = ("da", "en")

MONTHS: dict[str, list[str]] = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}

#: Units that mean Danish kroner.
MONEY_UNITS = frozenset({"kr.", "kr", "DKK"})

_SEP = {"da": (".", ","), "en": (",", ".")}  # (thousands, decimal)

_WORDS: dict[str, dict[str, str]] = {
    "da": {"true": "ja", "false": "nej", "null": "(ingen værdi)", "empty": "(ingen)",
           "and": "og", "unbounded": "(ubegrænset)"},
    "en": {"true": "yes", "false": "no", "null": "(no value)", "empty": "(none)",
           "and": "and", "unbounded": "(unbounded)"},
}

#: (singular, plural) of the parts of a duration.
_PARTS: dict[str, dict[str, tuple[str, str]]] = {
    "da": {"year": ("år", "år"), "month": ("måned", "måneder"), "day": ("dag", "dage"),
           "hour": ("time", "timer"), "minute": ("minut", "minutter"),
           "second": ("sekund", "sekunder")},
    "en": {"year": ("year", "years"), "month": ("month", "months"), "day": ("day", "days"),
           "hour": ("hour", "hours"), "minute": ("minute", "minutes"),
           "second": ("second", "seconds")},
}


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")


# --- numbers -------------------------------------------------------------------------------

def _as_decimal(n: Any) -> Decimal:
    if isinstance(n, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(n, Decimal):
        d = n
    elif isinstance(n, int):
        d = Decimal(n)
    elif isinstance(n, float):
        d = Decimal(repr(n))  # the shortest text that gives the float back
    else:
        raise TypeError(f"not a number: {n!r}")
    if not d.is_finite():
        raise ValueError(f"not a finite number: {n!r}")
    return d


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def _number_text(d: Decimal, lang: str, *, grouped: bool, min_decimals: int = 0,
                 trim: bool = False) -> str:
    """``d`` exactly: no exponent, no rounding. ``trim`` drops trailing zeros of the
    fraction down to ``min_decimals``; ``min_decimals`` pads with zeros."""
    thousands, point = _SEP[lang]
    plain = format(d.copy_abs(), "f")
    whole, _, frac = plain.partition(".")
    if trim:
        frac = frac.rstrip("0")
    frac = frac.ljust(min_decimals, "0")
    text = _group(whole, thousands) if grouped else whole
    if frac:
        text += point + frac
    return ("-" + text) if d < 0 else text


def _is_money(unit: str | None) -> bool:
    return unit is not None and unit.strip() in MONEY_UNITS


def format_number(n: Decimal | int | float, lang: str = "da", unit: str | None = None) -> str:
    """A number, with its unit if any: ``1,6``, ``113.823,30 kr.``, ``DKK 113,823.30``,
    ``1,6 %``, ``1.6%``, ``12.500 m``."""
    _check_lang(lang)
    d = _as_decimal(n)
    if unit is None or not unit.strip():
        return _number_text(d, lang, grouped=False)
    unit = unit.strip()
    if _is_money(unit):
        text = _number_text(d.copy_abs(), lang, grouped=True, min_decimals=2, trim=True)
        sign = "-" if d < 0 else ""
        return f"{sign}{text} kr." if lang == "da" else f"{sign}DKK {text}"
    text = _number_text(d, lang, grouped=True)
    if unit == "%" and lang == "en":
        return f"{text}%"
    return f"{text} {unit}"


# --- dates and times -----------------------------------------------------------------------

def _zone_text(value: _dt.time | _dt.datetime) -> str:
    zone = zone_of(value)
    if zone is None:
        return ""
    if isinstance(zone, str):
        return f" ({zone})"
    return " (UTC)" if int(zone.total_seconds()) == 0 else f" (UTC{offset_text(zone)})"


def _clock(t: _dt.time | _dt.datetime, lang: str) -> str:
    """Danish ``14.30`` (hour without a leading zero), English ``14:30``; seconds (and
    their fraction) only when not zero."""
    sep = "." if lang == "da" else ":"
    out = f"{t.hour}{sep}{t.minute:02d}" if lang == "da" else f"{t.hour:02d}:{t.minute:02d}"
    if t.second or t.microsecond:
        out += f"{sep}{t.second:02d}"
        if t.microsecond:
            out += _SEP[lang][1] + f"{t.microsecond:06d}".rstrip("0")
    return out


def format_date(d: _dt.date, lang: str = "da") -> str:
    """Danish ``1. juli 2024``, English ``1 July 2024``. A ``datetime`` is written with its
    time of day (see ``format_datetime``), never cut to its date."""
    _check_lang(lang)
    if isinstance(d, _dt.datetime):
        return format_datetime(d, lang)
    month = MONTHS[lang][d.month - 1]
    return f"{d.day}. {month} {d.year}" if lang == "da" else f"{d.day} {month} {d.year}"


def format_time(t: _dt.time, lang: str = "da") -> str:
    """Danish ``kl. 14.30``, English ``14:30``."""
    _check_lang(lang)
    clock = _clock(t, lang) + _zone_text(t)
    return f"kl. {clock}" if lang == "da" else clock


def format_datetime(dt: _dt.datetime, lang: str = "da") -> str:
    """Danish ``1. juli 2024 kl. 14.30``, English ``1 July 2024, 14:30``."""
    _check_lang(lang)
    day = format_date(dt.date(), lang)
    clock = _clock(dt, lang) + _zone_text(dt)
    return f"{day} kl. {clock}" if lang == "da" else f"{day}, {clock}"


# --- durations -----------------------------------------------------------------------------

def _count(n: Decimal | int, word: str, lang: str) -> str:
    singular, plural = _PARTS[lang][word]
    return f"{_number_text(Decimal(n), lang, grouped=True)} {singular if n == 1 else plural}"


def _join(parts: list[str], lang: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {_WORDS[lang]['and']} " + parts[-1]


def format_duration(value: YearsMonthsDuration | DaysTimeDuration, lang: str = "da") -> str:
    """``1 år og 6 måneder``, ``1 day, 2 hours and 30 minutes``; zero is ``0 måneder``
    or ``0 dage``; a negative duration starts with ``-``."""
    _check_lang(lang)
    if isinstance(value, YearsMonthsDuration):
        y, m = divmod(abs(value.months), 12)
        parts = ([_count(y, "year", lang)] if y else []) + ([_count(m, "month", lang)]
                                                            if m else [])
        negative = value.months < 0
        zero = "month"
    elif isinstance(value, DaysTimeDuration):
        total = value.seconds.copy_abs()
        whole = int(total)
        days, rest = divmod(whole, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        # exact for every FEEL number (34 digits); the default context would round at 28
        seconds = FEEL_CONTEXT.add(Decimal(secs),
                                   FEEL_CONTEXT.subtract(total, Decimal(whole)))
        parts = [_count(n, word, lang) for n, word in ((days, "day"), (hours, "hour"),
                                                      (minutes, "minute"),
                                                      (seconds, "second")) if n]
        negative = value.seconds < 0
        zero = "day"
    else:
        raise TypeError(f"not a duration: {value!r}")
    if not parts:
        return _count(0, zero, lang)
    return ("-" if negative else "") + _join(parts, lang)


# --- any value -----------------------------------------------------------------------------

def _range_text(r: Range, lang: str, unit: str | None, units: dict[str, str] | None) -> str:
    def end(v: Any) -> str:
        return _format(v, lang, unit, units, inside="range")

    if r.start is None and r.end is None:
        return _WORDS[lang]["unbounded"]
    if r.start is None:
        return ("≤ " if r.end_included else "< ") + end(r.end)
    if r.end is None:
        return ("≥ " if r.start_included else "> ") + end(r.start)
    return (("[" if r.start_included else "(") + end(r.start) + ".." + end(r.end)
            + ("]" if r.end_included else ")"))


def _format(value: Any, lang: str, unit: str | None, units: dict[str, str] | None,
            inside: str | None) -> str:
    """``inside`` is what holds the value (None, "list", "context" or "range"): a list in a
    list or a range, and a context in anything, go in parentheses, so that their
    separators cannot be confused with those around them."""
    words = _WORDS[lang]
    if value is None:
        return words["null"]
    if isinstance(value, bool):
        return words["true"] if value else words["false"]
    if isinstance(value, (Decimal, int, float)):
        return format_number(value, lang, unit)
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return format_datetime(value, lang)
    if isinstance(value, _dt.date):
        return format_date(value, lang)
    if isinstance(value, _dt.time):
        return format_time(value, lang)
    if isinstance(value, (YearsMonthsDuration, DaysTimeDuration)):
        return format_duration(value, lang)
    if isinstance(value, Range):
        return _range_text(value, lang, unit, units)
    if isinstance(value, (list, tuple)):
        if not value:
            return words["empty"]
        text = ", ".join(_format(v, lang, unit, units, inside="list") for v in value)
        return f"({text})" if inside in ("list", "range") else text
    if isinstance(value, dict):
        if not value:
            return words["empty"]
        units_ = units or {}
        text = "; ".join(f"{k}: {_format(v, lang, units_.get(k), units, inside='context')}"
                         for k, v in value.items())
        return f"({text})" if inside else text
    return str(value)


def format_value(value: Any, lang: str = "da", unit: str | None = None,
                 units: dict[str, str] | None = None) -> str:
    """Any FEEL value written for a person in ``lang`` (``"da"`` or ``"en"``).

    ``unit`` applies to a number, to the numbers of a list and to the ends of a range;
    ``units`` gives the unit of a context's entries by key, also for contexts inside lists
    and contexts. A list is ``a, b, c`` and a context ``key: value; key: value``; a list or
    context inside a list or context, and a list inside a list, is put in parentheses, so
    ``(a: 1; b: 2), (a: 3; b: 4)`` and ``a: 1, 2; b: (c: 3)``.
    """
    _check_lang(lang)
    return _format(value, lang, unit, units, inside=None)
