"""Warnings as data: FEEL turns many problems into null; we keep the reason.

A warning has a stable ``code``, the ``values`` that fill its message template, and the
``span`` of the expression that produced it. Templates exist in English and Danish;
``tests/feel/test_warnings.py`` checks that every code has both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regel.base.errors import Span
from regel.base.messages import CATALOGUE, render
from regel.base.messages import feel as _feel_messages

__all__ = ["FeelWarning", "MESSAGES", "message"]

#: the FEEL warnings' part of the message catalogue (regel.base.messages.feel)
MESSAGES = {code: CATALOGUE[code] for code in _feel_messages.MESSAGES}


def message(code: str, values: dict[str, Any], lang: str = "en") -> str:
    """The warning's text in ``lang`` ('en' or 'da') from the message catalogue."""
    return render(code, lang, values)


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
