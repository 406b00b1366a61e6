"""Warnings as data: FEEL turns many problems into null; we keep the reason.

A FEEL warning is a ``Diagnostic`` (``regel.base.errors``) with severity "warning": a stable
``code``, the ``values`` that fill its message, and the ``span`` of the expression that
produced it. ``FeelWarning`` is that type under the name FEEL code uses; its messages are in
``regel.base.messages.feel``, in English and Danish.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from regel.base.errors import Diagnostic
from regel.base.messages import CATALOGUE, Msg, render, value_text
from regel.base.messages import feel as _feel_messages

__all__ = ["FeelWarning", "MESSAGES", "message", "warning_json"]

#: the FEEL warnings' part of the message catalogue (regel.base.messages.feel)
MESSAGES = {code: CATALOGUE[code] for code in _feel_messages.MESSAGES}

#: A FEEL warning is a Diagnostic (made with severity "warning"); the name says where it
#: comes from.
FeelWarning = Diagnostic


def message(code: str, values: Mapping[str, Any], lang: str = "en") -> str:
    """The warning's text in ``lang`` ('en' or 'da') from the message catalogue."""
    return render(code, lang, values)


def warning_json(w: Diagnostic, lang: str = "en") -> dict[str, Any]:
    """A warning as `regel feel --format json` shows it: code, message in ``lang``, the
    message's values as text, and its line and column when it has a place."""
    values = {k: v.render(lang) if isinstance(v, Msg) else value_text(v)
              for k, v in w.values.items()}
    out: dict[str, Any] = {"code": w.code, "message": w.text(lang), "values": values}
    if w.span is not None:
        out["line"] = w.span.line
        out["column"] = w.span.column
    return out
