"""The message catalogue: every sentence regel shows a person, in Danish and English, keyed by
code. Errors, warnings and report lines carry a key and values; text is made here, at the edge.

>>> render("FILE-NOT-FOUND", "da", {})                       # doctest: +SKIP
'filen findes ikke'
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from regel.base.messages import (
    analysis,
    base,
    cli,
    dmn,
    feel,
    load,
    page,
    report,
    run,
    serve,
    sheet,
    source,
    tools,
)

__all__ = ["CATALOGUE", "LANGUAGES", "Msg", "render", "language", "shortened", "SHOWN_CHARS",
           "SHOWN_ITEMS", "value_text"]

LANGUAGES = ("da", "en")


def _merge(*tables: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice in the catalogue")
            merged[key] = dict(texts)
    return merged


#: key -> {"da": template, "en": template}; templates use ``str.format`` fields
CATALOGUE: dict[str, dict[str, str]] = _merge(
    base.MESSAGES, feel.MESSAGES, source.MESSAGES, load.MESSAGES, dmn.MESSAGES, run.MESSAGES,
    report.MESSAGES, tools.MESSAGES, cli.MESSAGES, analysis.MESSAGES, sheet.MESSAGES,
    serve.MESSAGES, page.MESSAGES)


@dataclass(frozen=True, slots=True)
class Msg:
    """A message not yet put into words: a catalogue key and the values of its fields.
    A value may itself be a ``Msg`` (rendered in the same language) or a list (joined)."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        return render(self.key, lang, self.values)

    def __str__(self) -> str:
        """The English text, for code that puts a message into an f-string."""
        return self.render("en")


def language(lang: str | None) -> str:
    """``lang`` when it is one regel speaks, else English."""
    return lang if lang in LANGUAGES else "en"


#: The most characters of one text, and the most items of one list, that a problem's message
#: shows: a FEEL text, a name or a value of a case can be megabytes long (issue 19).
SHOWN_CHARS = 240
SHOWN_ITEMS = 40


#: how an int too long to show is shown: its first digits and its power of ten
_SHOWN = decimal.Context(prec=6, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def value_text(value: Any) -> str:
    """A message value that is no message, as text: ``str(value)``, except that an int too
    long for Python to turn into text (over 4,300 digits: issue 19, a fact or a FEEL index
    of thousands of digits) is shown by its first digits and its power of ten."""
    if isinstance(value, int) and value.bit_length() > 3400:
        return str(_SHOWN.create_decimal(value))
    return str(value)


def shortened(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text``, or when it is longer than ``limit`` characters its start and its end around
    '…' (``limit`` characters in all)."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    return text[:limit - tail - 1] + "…" + text[-tail:]


def _word(value: Any, lang: str, short: bool) -> str:
    if type(value) is Msg:          # a catalogue message: its own values shortened too
        return render(value.key, lang, value.values, short=short)
    if isinstance(value, Msg):      # a text of the pack (words.Label)
        text = value.render(lang)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if short and len(items) > SHOWN_ITEMS:
            more = render("words.more", lang, {"count": len(items) - SHOWN_ITEMS})
            return ", ".join([*(_word(v, lang, short) for v in items[:SHOWN_ITEMS]), more])
        return ", ".join(_word(v, lang, short) for v in items)
    else:
        text = value_text(value)
    return shortened(text) if short else text


def render(key: str, lang: str, values: Mapping[str, Any] | None = None, *,
           short: bool = False) -> str:
    """The message ``key`` in ``lang`` (da or en) with its fields filled in; with ``short``
    (the message of a problem) each text in it shortened to SHOWN_CHARS characters and each
    list to SHOWN_ITEMS items."""
    texts = CATALOGUE[key]
    template = texts[language(lang)]
    if not values:
        return template
    return template.format_map({name: _word(v, lang, short) for name, v in values.items()})
