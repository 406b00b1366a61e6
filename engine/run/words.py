"""Message values of the run stage, and messages as JSON data.

A message is a catalogue key and values (``Msg``); a value may be a ``Label`` (a text the
pack gives in Danish and English), or a value of the case in words (``shown``). The trace
keeps messages as ``{"key", "values", "da", "en"}`` JSON: a report renders them in its own
language from the key and values (``message_text``), also years later; the words are there
for readers without regel.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from regel.base.errors import Diagnostic
from regel.base.messages import CATALOGUE, LANGUAGES, Msg, language, render
from regel.model import Text

__all__ = ["Label", "label", "said", "InWords", "shown", "a_type", "valid_type",
           "value_json", "values_json", "message_json", "value_from_json", "values_from_json",
           "message_text"]


@dataclass(frozen=True, slots=True)
class Label(Msg):
    """A text the pack gives in both languages (a fact's label), as a message value:
    ``values`` holds ``da`` and ``en``; it renders as the one in the reader's language."""

    def render(self, lang: str = "en") -> str:
        return str(self.values.get(language(lang), ""))


def label(text: Text) -> Label:
    """A pack text as a message value."""
    return Label("", {"da": text.da, "en": text.en})


def said(d: Diagnostic) -> Msg:
    """What a diagnostic says, as a value inside another message."""
    return Msg(d.key or d.code, d.values)


class InWords(Mapping[str, str]):
    """A message read like a text of the pack: ``note["da"]``, ``note["en"]``, each
    rendered when it is read. The message (key and values) is ``msg``."""

    __slots__ = ("msg",)

    def __init__(self, msg: Msg) -> None:
        self.msg = msg

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return self.msg.render(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"InWords({self.msg!r})"


def _slug(type_: str) -> str:
    return type_.replace(" ", "-")


def a_type(type_: str) -> Msg:
    """'a number', 'a date and time': what a fact of ``type_`` must be."""
    return Msg(f"run.a.{_slug(type_)}")


def valid_type(type_: str) -> Msg:
    """A temporal type after 'is not a valid' ('date and time')."""
    return Msg(f"run.valid.{_slug(type_)}")


def shown(value: object) -> Msg:
    """A value of the case in words: 'the number 5', 'the text 'x'', 'a list'."""
    if value is None:
        return Msg("run.shown.empty")
    if isinstance(value, bool):
        return Msg("run.shown.boolean")
    if isinstance(value, (int, Decimal)):
        return Msg("run.shown.number", {"value": value})
    if isinstance(value, str):
        return Msg("run.shown.text", {"value": value})
    if isinstance(value, _dt.datetime):
        return a_type("date and time")
    if isinstance(value, _dt.date):
        return Msg("run.shown.date", {"value": value.isoformat()})
    if isinstance(value, (list, tuple)):
        return a_type("list")
    if isinstance(value, Mapping):
        return a_type("context")
    return Msg("run.shown.other", {"type": type(value).__name__})


# --------------------------------------------------------------------------- as JSON

def value_json(value: Any) -> Any:
    """A message value as JSON data: a message as ``{key, values}``, a pack text as
    ``{da, en}``, a list item by item, anything else as the text it renders as."""
    if isinstance(value, Label):
        return {"da": value.render("da"), "en": value.render("en")}
    if isinstance(value, Msg):
        return {"key": value.key, "values": values_json(value.values)}
    if isinstance(value, (list, tuple)):
        return [value_json(v) for v in value]
    return str(value)


def values_json(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value_json(v) for name, v in values.items()}


def message_json(msg: Msg) -> dict[str, Any]:
    """A message as JSON data: its key, its values and, for readers without regel, its
    words in Danish and English."""
    return {"key": msg.key, "values": values_json(msg.values), "da": msg.render("da"),
            "en": msg.render("en")}


def value_from_json(data: Any) -> Any:
    """A message value back from ``value_json``."""
    if isinstance(data, Mapping):
        if "key" in data:
            return Msg(str(data["key"]), values_from_json(data.get("values")))
        return Label("", {"da": str(data.get("da", "")), "en": str(data.get("en", ""))})
    if isinstance(data, list):
        return [value_from_json(v) for v in data]
    return data


def values_from_json(data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        return {}
    return {str(name): value_from_json(v) for name, v in data.items()}


def _known(value: Any) -> bool:
    """Whether every message inside ``value`` is in the catalogue."""
    if isinstance(value, Label):
        return True
    if isinstance(value, Msg):
        return value.key in CATALOGUE and all(_known(v) for v in value.values.values())
    if isinstance(value, list):
        return all(_known(v) for v in value)
    return True


def message_text(data: Mapping[str, Any], lang: str) -> str:
    """The text of a message in a trace's JSON (a warning, a resolution) in ``lang``: from
    the catalogue by its key (or code) and values; a trace of format 1, or a message this
    regel no longer has, gives the text it recorded."""
    if "values" in data:
        msg = Msg(str(data.get("key") or data.get("code")), values_from_json(data["values"]))
        if _known(msg):
            try:
                return render(msg.key, lang, msg.values)
            except (KeyError, IndexError, ValueError):  # the template's fields changed
                pass
    if data.get(lang):
        return str(data[lang])
    if lang == "da" and data.get("message_da"):
        return str(data["message_da"])
    return str(data.get("message") or data.get("en") or data.get("code") or "")
