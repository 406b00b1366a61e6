"""A trace in format 1, as regel wrote it before warnings and resolutions became messages:
for tests that regel still reads archived traces of that format."""

from __future__ import annotations

import copy
from typing import Any

from regel.base.words import message_text


def _words(message: dict[str, Any]) -> dict[str, str]:
    return {"da": message["da"], "en": message["en"]}


def _warning(w: dict[str, Any]) -> dict[str, Any]:
    """A warning of format 1: the English message and (then only for FEEL warnings) the
    Danish one, no values."""
    danish = message_text(w, "da") if w["code"].startswith("FEEL-") else None
    return {"code": w["code"], "message": w["message"], "message_da": danish,
            "decision": w["decision"], "rule": w["rule"], "line": w["line"],
            "column": w["column"]}


def _decision(d: dict[str, Any]) -> dict[str, Any]:
    d["resolution"] = _words(d["resolution"]) if d["resolution"] else {"da": "", "en": ""}
    for note in d["interpretations"]:
        if "key" in note["text"]:
            note["text"] = _words(note["text"])
    d["warnings"] = [_warning(w) for w in d["warnings"]]
    for call in d.get("calls", []):
        _decision(call)
    return d


def as_format_1(trace: dict[str, Any]) -> dict[str, Any]:
    """``trace`` (format 2, as JSON data) in the shape of format 1."""
    old = copy.deepcopy(trace)
    old["format_version"] = 1
    for d in old["decisions"]:
        _decision(d)
    old["warnings"] = [w for d in old["decisions"] for w in d["warnings"]]
    return old
