"""A JSON Schema for one pack's case files, generated from the pack's declared inputs.

With it a YAML-aware editor completes the fact names of that pack, shows each fact's
Danish and English label as hover help, and marks a wrong type or a value outside the
allowed values while the case is being written. The schema's own sentences are in the
pack's language (or the one asked for); each fact's label and description are given in both.
"""

from __future__ import annotations

from typing import Any

from regel.base.messages import render
from regel.model import InputData, Pack

__all__ = ["case_schema"]

_DATE = {"type": "string", "format": "date"}
_TYPES: dict[str, dict[str, Any]] = {
    "number": {"type": "number"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "date": _DATE,
    "time": {"type": "string"},
    "date and time": {"type": "string"},
    "days and time duration": {"type": "string", "pattern": "^-?P"},
    "years and months duration": {"type": "string", "pattern": "^-?P"},
    "context": {"type": "object"},
    "any": {},
}


def _fact(spec: InputData, lang: str) -> dict[str, Any]:
    if spec.type == "list":
        item = _TYPES.get(spec.items or "any", {})
        schema: dict[str, Any] = {"type": "array", "items": dict(item)}
    else:
        schema = dict(_TYPES.get(spec.type, {}))
    if spec.allowed_values:
        schema["enum"] = [str(v) if not isinstance(v, (bool, str)) else v
                          for v in spec.allowed_values]
        if spec.type == "number":
            schema["enum"] = [int(v) if v == int(v) else float(str(v))
                              for v in spec.allowed_values]
    text = f"{spec.label.da} / {spec.label.en}"
    if spec.description is not None:
        text += f". {spec.description.da} / {spec.description.en}"
    if spec.allowed is not None:
        text += render("schema.allowed", lang, {"allowed": spec.allowed.text})
    schema["title"] = spec.label.da
    schema["description"] = text
    return schema


def case_schema(pack: Pack, lang: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file for ``pack``, its sentences in ``lang``
    (default: the pack's default_language)."""
    lang = lang or pack.default_language
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://regel.dev/schemas/{pack.id}.case.schema.json",
        "title": f"{pack.title.da} — sag / case",
        "description": render("schema.description", lang,
                              {"pack": pack.id, "version": pack.version}),
        "type": "object",
        "required": ["facts"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": render("schema.id", lang)},
            "as_of": dict(_DATE, description=render("schema.as-of", lang)),
            "decisions": {
                "type": "array", "minItems": 1,
                "items": {"enum": list(pack.decisions)},
                "description": render("schema.decisions", lang),
            },
            "facts": {
                "type": "object",
                "additionalProperties": False,
                "properties": {iid: _fact(spec, lang) for iid, spec in pack.inputs.items()},
                "description": render("schema.facts", lang),
            },
        },
    }
