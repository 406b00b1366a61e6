"""What the service says about its packs: a pack's summary and its details (decisions,
facts with labels, versions, fingerprint) as JSON data, and the OpenAPI 3.1 document whose
request bodies are each pack's own case JSON Schema (``regel.tools.caseschema``)."""

from __future__ import annotations

from typing import Any

from regel.api import Pack
from regel.base.errors import RegelError
from regel.base.version import __version__
from regel.model import Text
from regel.tools.caseschema import case_schema
from regel.tools.errorshape import error_json

__all__ = ["pack_summary", "pack_details", "openapi"]


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"da": text.da, "en": text.en}


def pack_summary(pack: Pack) -> dict[str, Any]:
    """``{id, title, version, fingerprint, default_language, decisions}``."""
    return {"id": pack.id, "title": _text(pack.title), "version": pack.version,
            "fingerprint": pack.fingerprint, "default_language": pack.default_language,
            "decisions": list(pack.decisions)}


def pack_details(pack: Pack) -> dict[str, Any]:
    """The summary, with each decision (label, question, versions by date) and each fact
    (type, label, description, allowed values, unit)."""
    decisions = [{"id": d.id, "label": _text(d.label), "question": _text(d.question),
                  "inputs": list(d.inputs), "decisions": list(d.decisions),
                  "versions": [{"valid_from": v.valid_from, "valid_to": v.valid_to}
                               for v in d.versions]}
                 for d in pack.decisions.values()]
    facts = [{"id": f.id, "type": f.type, "label": _text(f.label),
              "description": _text(f.description),
              "allowed_values": list(f.allowed_values) if f.allowed_values else None,
              "value_labels": {k: _text(v) for k, v in f.value_labels.items()} or None,
              "unit": f.unit}
             for f in pack.inputs.values() if not f.implicit]
    return {**pack_summary(pack), "jurisdiction": pack.jurisdiction,
            "description": _text(pack.description), "decisions": decisions, "facts": facts}


def _error_schema() -> dict[str, Any]:
    problem = {key: {"type": ["string", "integer", "null"]}
               for key in error_json_keys()}
    return {"type": "object", "required": ["ok", "errors"],
            "properties": {"ok": {"const": False},
                           "errors": {"type": "array", "items": {
                               "type": "object", "properties": problem}}}}


def error_json_keys() -> list[str]:
    """The keys of one problem in the JSON error shape."""
    sample = error_json(RegelError.of("SERVE-NOT-FOUND", path="/"))
    return list(sample["errors"][0])


_STATUSES = {"400": "a bad case or parameter", "404": "an unknown pack or decision",
             "413": "the request is too large", "422": "a case the rules reject",
             "504": "the evaluation took too long"}


def _errors() -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Error"}
    return {code: {"description": text, "content": {"application/json": {"schema": ref}}}
            for code, text in _STATUSES.items()}


def _pack_paths(pack: Pack) -> dict[str, Any]:
    case = {"$ref": f"#/components/schemas/{pack.id}.case"}
    body = {"required": True, "content": {"application/json": {"schema": case}}}
    lang = {"name": "lang", "in": "query", "schema": {"enum": ["da", "en"]}}
    base = f"/packs/{pack.id}"
    result = {"type": "object", "required": ["ok", "values", "fingerprint"],
              "properties": {"ok": {"const": True}, "pack": {"type": "string"},
                             "fingerprint": {"type": "string"}, "id": {},
                             "values": {"type": "object", "properties": {
                                 d: {} for d in pack.decisions}},
                             "trace": {"type": "object"}}}
    return {
        f"{base}/evaluate": {"post": {
            "operationId": f"evaluate_{pack.id}", "summary": f"Evaluate a case: {pack.id}",
            "parameters": [{"name": "trace", "in": "query", "schema": {"type": "boolean"}},
                           lang],
            "requestBody": body, "responses": {"200": {"description": "the values",
                "content": {"application/json": {"schema": result}}}, **_errors()}}},
        f"{base}/explain": {"post": {
            "operationId": f"explain_{pack.id}", "summary": f"Explain a case: {pack.id}",
            "parameters": [{"name": "format", "in": "query",
                            "schema": {"enum": ["html", "md", "json", "pdf"]}}, lang],
            "requestBody": body, "responses": {"200": {"description": "the report"},
                                               **_errors()}}},
        f"{base}/batch": {"post": {
            "operationId": f"batch_{pack.id}", "summary": f"Evaluate cases (JSONL): {pack.id}",
            "requestBody": {"required": True, "content": {"application/x-ndjson": {
                "schema": {"type": "string"}}}},
            "responses": {"200": {"description": "one result record a line",
                                  "content": {"application/x-ndjson": {}}}, **_errors()}}},
        base: {"get": {"operationId": f"describe_{pack.id}", "summary": "The pack",
                       "responses": {"200": {"description": "decisions, facts, versions"},
                                     **_errors()}}},
    }


def openapi(packs: dict[str, Pack]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service with ``packs``."""
    paths: dict[str, Any] = {
        "/health": {"get": {"operationId": "health", "summary": "Is the service up",
                            "responses": {"200": {"description": "ok"}}}},
        "/packs": {"get": {"operationId": "packs", "summary": "The packs",
                           "responses": {"200": {"description": "the packs"}}}},
    }
    schemas: dict[str, Any] = {"Error": _error_schema()}
    for pack in packs.values():
        paths.update(_pack_paths(pack))
        schema = case_schema(pack)
        schema.pop("$schema", None)
        schemas[f"{pack.id}.case"] = schema
    return {"openapi": "3.1.0",
            "info": {"title": "regel decision service", "version": __version__},
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "paths": paths, "components": {"schemas": schemas}}
