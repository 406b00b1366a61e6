"""Words inside messages, in the reader's language (each a ``Msg`` value: "a number", "the
text 'x'", " (did you mean 'x'?)", a pack's label), and messages as JSON data, which a trace
keeps so that a report can put them into words in its own language years later.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from regel.base.errors import Diagnostic, hint
from regel.base.messages import CATALOGUE, LANGUAGES, Msg, language, render, value_text

__all__ = ["describe", "did_you_mean", "either", "shown_path", "show_folders_as", "Label",
           "label", "said",
           "InWords", "shown", "a_type", "valid_type", "value_json", "values_json",
           "message_json", "value_from_json", "values_from_json", "message_text", "visible"]


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


#: folders shown by another name (an installed pack by the name the user gave), resolved
_SHOWN_AS: dict[Path, str] = {}


def show_folders_as(names: Mapping[Path, str]) -> None:
    """From now on, ``shown_path`` writes files inside each folder of ``names`` as
    ``name/...`` (and no others: the folders named before are forgotten)."""
    _SHOWN_AS.clear()
    for folder, name in names.items():
        with contextlib.suppress(OSError, RuntimeError):
            _SHOWN_AS[folder.resolve()] = name


def shown_path(path: str | None) -> str:
    """A file as a person at the terminal wants it: relative to the working folder when it
    is inside it, inside a folder ``show_folders_as`` names by that name, else as it is ('' when
    there is none)."""
    if not path:
        return ""
    for folder, name in _SHOWN_AS.items():
        with contextlib.suppress(ValueError, OSError, RuntimeError):
            return (Path(name) / Path(path).resolve().relative_to(folder)).as_posix()
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):   # RuntimeError: a symbolic link loop
        return path


@dataclass(frozen=True, slots=True)
class Label(Msg):
    """A text the pack gives in both languages (a fact's label), as a message value:
    ``values`` holds ``da`` and ``en``; it renders as the one in the reader's language."""

    def render(self, lang: str = "en") -> str:
        return str(self.values.get(language(lang), ""))


class _Bilingual(Protocol):
    @property
    def da(self) -> str: ...

    @property
    def en(self) -> str: ...


def label(text: _Bilingual) -> Label:
    """A pack text (Danish and English) as a message value."""
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
    return describe(value, show=True)


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
    return value_text(value)


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


#: C0 controls but tab and newline, DEL, C1 controls, the marks that reorder text, and half
#: of a surrogate pair (no character: a terminal cannot be sent it as UTF-8)
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` safe to print on a terminal: each control character (ESC starts the
    sequences that retitle the window, clear the screen or hide a link) written as
    ``\\u001b``, which in a JSON string means the same character; tab and newline stay."""
    return _UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
