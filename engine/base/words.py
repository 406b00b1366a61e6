"""Words for values and names inside messages, in the reader's language: what kind of value
a person wrote ("a number", "the text 'x'"), a close name (" (did you mean 'x'?)"), a
choice ("a text or a list"), and a file as the terminal shows it.

Each word is a ``Msg``, put into a message as one of its values and rendered in that
message's language; ``str()`` of a word gives the English text.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from regel.base.errors import hint
from regel.base.messages import Msg

__all__ = ["describe", "did_you_mean", "either", "shown_path"]


def describe(value: object, show: bool = False) -> Msg:
    """A value in everyday words: 'a number', or with ``show`` 'the number 5'."""
    if value is None:
        return Msg("value.empty")
    if isinstance(value, bool):
        return Msg("value.boolean")
    if isinstance(value, (int, Decimal)):
        return Msg("value.number.shown", {"value": value}) if show else Msg("value.number")
    if isinstance(value, str):
        return Msg("value.text.shown", {"value": value}) if show else Msg("value.text")
    if isinstance(value, _dt.datetime):
        return Msg("value.date-time")
    if isinstance(value, _dt.date):
        return (Msg("value.date.shown", {"value": value.isoformat()}) if show
                else Msg("value.date"))
    if isinstance(value, (list, tuple)):
        return Msg("value.list")
    if isinstance(value, Mapping):
        return Msg("value.mapping")
    return Msg("value.other", {"kind": type(value).__name__})


def did_you_mean(name: str, candidates: Iterable[str]) -> Msg | str:
    """' (did you mean 'x'?)' when a candidate is close to ``name``, else ''."""
    return hint(name, candidates)


def either(words: Sequence[Msg | str]) -> Msg | str:
    """'a text or a list': the words joined with 'or' in the message's language."""
    if not words:
        return ""
    joined = words[0]
    for word in words[1:]:
        joined = Msg("words.or", {"first": joined, "second": word})
    return joined


def shown_path(path: str | None) -> str:
    """A file as a person at the terminal wants it: relative to the working folder when it
    is inside it, else as it is ('' when there is none)."""
    if not path:
        return ""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path
