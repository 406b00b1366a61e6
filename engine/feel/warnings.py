"""Warnings as data: FEEL turns many problems into null; we keep the reason.

A warning has a stable ``code``, the ``values`` that fill its message template, and the
``span`` of the expression that produced it. Templates exist in English and Danish;
``tests/feel/test_warnings.py`` checks that every code has both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regel.base.errors import Span

__all__ = ["FeelWarning", "MESSAGES", "message"]

#: code -> {"en": template, "da": template}. Templates use ``str.format`` fields.
MESSAGES: dict[str, dict[str, str]] = {
    "FEEL-TYPE-MISMATCH": {
        "en": "cannot apply '{op}' to {left} and {right}; the result is null",
        "da": "'{op}' kan ikke anvendes på {left} og {right}; resultatet er null",
    },
    "FEEL-NOT-COMPARABLE": {
        "en": "{left} and {right} cannot be compared; the result is null",
        "da": "{left} og {right} kan ikke sammenlignes; resultatet er null",
    },
    "FEEL-DIVISION-BY-ZERO": {
        "en": "division by zero; the result is null",
        "da": "division med nul; resultatet er null",
    },
    "FEEL-OVERFLOW": {
        "en": "the number is too large or too small to represent; the result is null",
        "da": "tallet er for stort eller for lille; resultatet er null",
    },
    "FEEL-UNKNOWN-NAME": {
        "en": "the name '{name}' is not defined; its value is null",
        "da": "navnet '{name}' er ikke defineret; værdien er null",
    },
    "FEEL-NO-SUCH-KEY": {
        "en": "{type} has no entry or property '{key}'; the result is null",
        "da": "{type} har ingen post eller egenskab '{key}'; resultatet er null",
    },
    "FEEL-INDEX-OUT-OF-RANGE": {
        "en": "index {index} is outside a list of {size} items; the result is null",
        "da": "indeks {index} ligger uden for en liste med {size} elementer; resultatet er null",
    },
    "FEEL-NOT-BOOLEAN": {
        "en": "{where} expects true or false but got {type}; it is treated as null",
        "da": "{where} forventer sand eller falsk, men fik {type}; det behandles som null",
    },
    "FEEL-DAY-CLAMPED": {
        "en": ("{date} + {duration} lands on a day that does not exist; "
               "FEEL uses the last day of the month: {result}"),
        "da": ("{date} + {duration} rammer en dag, der ikke findes; "
               "FEEL bruger månedens sidste dag: {result}"),
    },
    "FEEL-UNKNOWN-FUNCTION": {
        "en": "there is no function named '{name}'; the result is null",
        "da": "der findes ingen funktion ved navn '{name}'; resultatet er null",
    },
    "FEEL-NOT-A-FUNCTION": {
        "en": "'{name}' is {type}, not a function; the result is null",
        "da": "'{name}' er {type}, ikke en funktion; resultatet er null",
    },
    "FEEL-BAD-ARGUMENTS": {
        "en": "{function}() cannot be called with these arguments: {reason}; the result is null",
        "da": "{function}() kan ikke kaldes med disse argumenter: {reason}; resultatet er null",
    },
    "FEEL-INVALID-ARGUMENT": {
        "en": "{function}(): {reason}; the result is null",
        "da": "{function}(): {reason}; resultatet er null",
    },
    "FEEL-INVALID-TEMPORAL": {
        "en": "'{text}' is not a valid {type}; the result is null",
        "da": "'{text}' er ikke en gyldig {type}; resultatet er null",
    },
    "FEEL-NOT-ITERABLE": {
        "en": "'{name}' must be a list or a range of integers but is {type}; the result is null",
        "da": "'{name}' skal være en liste eller et interval af heltal, men er {type}; "
              "resultatet er null",
    },
    "FEEL-TOO-LARGE": {
        "en": "'{name}' would iterate over {size} numbers, more than the limit of {limit}; "
              "the result is null",
        "da": "'{name}' ville gennemløbe {size} tal, mere end grænsen på {limit}; "
              "resultatet er null",
    },
    "FEEL-BAD-TYPE": {
        "en": "unknown type '{name}' after 'instance of'; the result is null",
        "da": "ukendt type '{name}' efter 'instance of'; resultatet er null",
    },
    "FEEL-INVALID-REGEX": {
        "en": "{function}(): '{pattern}' is not a usable regular expression ({reason}); "
              "the result is null",
        "da": "{function}(): '{pattern}' er ikke et brugbart regulært udtryk ({reason}); "
              "resultatet er null",
    },
}


def message(code: str, values: dict[str, Any], lang: str = "en") -> str:
    """The warning's text in ``lang`` ('en' or 'da'); unknown codes fall back to the code."""
    templates = MESSAGES.get(code)
    if templates is None:
        return code
    template = templates.get(lang) or templates["en"]
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True, slots=True)
class FeelWarning:
    """One problem met during evaluation, as data."""

    code: str
    values: dict[str, Any] = field(default_factory=dict, compare=False)
    span: Span | None = None

    def message(self, lang: str = "en") -> str:
        return message(self.code, self.values, lang)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message("en"),
                               "values": {k: str(v) for k, v in self.values.items()}}
        if self.span is not None:
            out["line"] = self.span.line
            out["column"] = self.span.column
        return out

    def __str__(self) -> str:
        where = f"{self.span.line}:{self.span.column}: " if self.span else ""
        return f"{where}{self.code}: {self.message()}"
