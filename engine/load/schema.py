"""Checking a pack's files against their JSON Schemas (``schemas/``): each schema error
as a plain message (a ``Msg`` of the catalogue's SCHEMA entries, built from words in the
reader's language) and the path in the file to point at (the key itself for an unknown
field), so that the builder reports it at file:line:col.

Data that passed is remembered by its digest in the user's cache (``regel.base.cache``), so
an unchanged file (a bundled pack's, at every ``regel eval``) is not checked again; the
digest covers the data, the schema, this module and jsonschema, and a file with a problem
is always checked."""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from regel.base import cache
from regel.base.messages import Msg
from regel.base.version import __version__
from regel.base.words import describe, did_you_mean, either
from regel.load import quickschema
from regel.load.locate import schema_dir
from regel.load.packfile import YamlPath
from regel.load.quickschema import QuickCheck
from regel.load.values import cell_text

__all__ = ["SchemaProblem", "schema_problems", "jsonable"]


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One schema error: ``message`` to show at ``at`` (a key when ``at_key``), found at
    the value ``path``."""

    message: Msg
    at: YamlPath
    at_key: bool
    path: YamlPath


def schema_problems(data: Any, kind: str, made_of: bytes | None = None
                    ) -> list[SchemaProblem]:
    """Every way ``data`` breaks the schema ``kind`` ("pack", "decision", "test"), in
    path order; a missing field also reported as misspelt is left out. ``made_of``: the
    digest of what the data was read from (regel.source.yamltree.text_digest), which
    then stands for the data in the digest of the check (found without walking it)."""
    digest = _digest(data, kind) if made_of is None else \
        hashlib.sha256(_checked_by(kind) + b"\0read from\0" + made_of).hexdigest()
    if digest is not None and digest in _passed():
        return []
    plain = jsonable(data)
    problems = [] if _quick(kind).valid(_validator(kind).schema, plain) else \
        _problems(plain, kind)
    if not problems and digest is not None:
        _passed().add(digest)
        cache.append_line(PASSED_CACHE, digest, limit=PASSED_LIMIT)
    return problems


def _problems(plain: Any, kind: str) -> list[SchemaProblem]:
    """The problems of data as JSON Schema sees it (``jsonable``), by jsonschema."""
    errors = sorted(_validator(kind).iter_errors(plain),
                    key=lambda e: list(map(str, e.absolute_path)))
    errors = [e for e in errors if not _misspelt(e, errors)]
    problems = []
    for error in errors:
        message, at, is_key = _schema_message(error)
        problems.append(SchemaProblem(message, at, is_key, tuple(error.absolute_path)))
    return problems


class _YamlDate(str):
    """A date, time or date and time that YAML read (``2024-01-01`` unquoted), as JSON
    Schema sees it: its ISO text, which a date field takes, but a plain text (a name, a
    label, a source) does not: there it would reach code that expects a text (issue 19)."""

    def __new__(cls, value: _dt.date | _dt.time) -> _YamlDate:
        text = super().__new__(cls, value.isoformat())
        text.value = value
        return text

    value: _dt.date | _dt.time


def jsonable(value: Any) -> Any:
    """YAML data as JSON Schema sees it: dates as ISO strings (numbers stay Decimal)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):
        return _YamlDate(value)
    return value


#: the keyword added to every plain text of the schemas (type string, no format)
_TEXT = "regelText"


def _mark_texts(node: Any) -> Any:
    """The schema with ``_TEXT`` on every subschema of a plain text."""
    if isinstance(node, list):
        return [_mark_texts(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _mark_texts(v) for k, v in node.items()}
    if out.get("type") == "string" and "format" not in out:
        out[_TEXT] = True
    return out


def _text_only(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError  # lazy: jsonschema is for packs only
    if value and isinstance(instance, _YamlDate):
        yield ValidationError(_TEXT)


@lru_cache(maxsize=8)
def _validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker  # lazy: 25 ms, for packs only
    from jsonschema.validators import extend  # lazy: as above
    schema = _mark_texts(json.loads(_schema_bytes(kind)))
    validator = extend(Draft202012Validator, {
        _TEXT: _text_only, "$ref": _remembered_ref(Draft202012Validator.VALIDATORS["$ref"])})
    return validator(schema, format_checker=FormatChecker())


#: the kinds of scalar a ``$ref`` remembers as valid (texts by their value, the others by
#: their written form: 1.0 and 1 are equal, but not the same to ``type: integer``)
_SCALARS = frozenset({str, _YamlDate, bool, int, Decimal, type(None)})
#: how many valid (reference, scalar) pairs one schema remembers
_REMEMBERED_REFS = 65_536


def _remembered_ref(check: Callable[..., Any]) -> Callable[..., Any]:
    """JSON Schema's ``$ref`` (``check``), remembering which scalars a reference found
    valid: a table's 100,000 cells are a few hundred distinct texts, each checked against
    ``#/$defs/cell`` once, not each time (3 of the 4.6 s a 20,000-rule table first took to
    load). A reference names one subschema of the document (the schemas have no dynamic
    references), so a scalar's validity under it does not depend on where it is; errors
    are never remembered, so a scalar that fails is checked, and reported, each time."""
    valid: set[tuple[str, type, Any]] = set()

    def ref(validator: Any, target: str, instance: Any, schema: Any) -> Any:
        kind = type(instance)
        if kind not in _SCALARS:
            yield from check(validator, target, instance, schema)
            return
        key = (target, kind, instance if kind is str or kind is _YamlDate else str(instance))
        if key in valid:
            return
        errors = list(check(validator, target, instance, schema))
        if not errors and len(valid) < _REMEMBERED_REFS:
            valid.add(key)
        yield from errors

    return ref


@lru_cache(maxsize=8)
def _quick(kind: str) -> QuickCheck:
    """Whether data passes the schema ``kind``, found without jsonschema's error
    machinery (regel.load.quickschema): the same answer, five times sooner."""
    return QuickCheck(_validator(kind), (_TEXT, _YamlDate))


@lru_cache(maxsize=8)
def _schema_bytes(kind: str) -> bytes:
    return (schema_dir() / f"{kind}.schema.json").read_bytes()


# --------------------------------------------------------------------------- data that passed

#: The user's cache file of the digests of data that passed its schema, one a line; past
#: 512 KB (some 8,000 files, read in about 1.5 ms at each start) it starts over.
PASSED_CACHE = "schema-passed"
PASSED_LIMIT = 512 * 1024


@lru_cache(maxsize=1)
def _passed() -> set[str]:
    """The digests of data that passed (this process adds those it checks)."""
    text = cache.read(PASSED_CACHE) or b""
    return {line for line in text.decode("ascii", "replace").split() if len(line) == 64}


@lru_cache(maxsize=8)
def _checked_by(kind: str) -> bytes:
    """All that decides whether data passes the schema ``kind``: the schema, this module
    (which adds to it), regel.load.quickschema (which answers for data that passes) and
    the jsonschema installed."""
    made_of = hashlib.sha256(_schema_bytes(kind))
    try:
        made_of.update(Path(__file__).read_bytes())
        made_of.update(Path(quickschema.__file__).read_bytes())
    except OSError:   # no source beside the module (a frozen application): its version
        made_of.update(__version__.encode())
    made_of.update(f"{kind}\n{_jsonschema()}\n".encode("utf-8", "surrogatepass"))
    return made_of.digest()


@lru_cache(maxsize=1)
def _jsonschema() -> str:
    """Which jsonschema is installed, without importing it (25 ms): where it is, when it
    was put there, and the version its distribution's folder beside it names."""
    spec = importlib.util.find_spec("jsonschema")
    where = spec.origin if spec is not None and spec.origin else ""
    try:
        when = os.stat(where).st_mtime_ns
        beside = os.listdir(Path(where).parent.parent)
    except OSError:
        return where
    versions = sorted(n for n in beside if n.startswith("jsonschema-") and ".dist-info" in n)
    return f"{where}|{when}|{versions}"


def _digest(data: Any, kind: str) -> str | None:
    """The digest of ``data`` checked against the schema ``kind``; None for data holding a
    value that is not plain YAML (such data is always checked)."""
    parts: list[str] = []
    if not _encode(data, parts):
        return None
    digest = hashlib.sha256(_checked_by(kind))
    digest.update("".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


#: the kinds of plain YAML values, written by their repr
_LEAVES = {bool: "b", int: "i", Decimal: "d", type(None): "n", _dt.date: "D",
           _dt.datetime: "T", _dt.time: "t", float: "f"}


def _encode(value: Any, parts: list[str]) -> bool:
    """Write ``value`` into ``parts`` so that no two values write the same (each part says
    its kind and length); False for a value of another kind."""
    kind = type(value)
    if kind is str:
        parts.append(f"s{len(value)}:{value}")
        return True
    if kind is dict:
        parts.append(f"{{{len(value)}:")
        return all(_encode(k, parts) and _encode(v, parts) for k, v in value.items())
    if kind is list:
        parts.append(f"[{len(value)}:")
        return all(_encode(v, parts) for v in value)
    leaf = _LEAVES.get(kind)
    if leaf is None:
        return False
    text = repr(value)
    parts.append(f"{leaf}{len(text)}:{text}")
    return True


# --------------------------------------------------------------------------- messages

#: A message, the path to point at, and whether that path names a key.
_Message = tuple[Msg, YamlPath, bool]
#: The message for one kind of schema error, or None to fall back on jsonschema's own.
_Explain = Callable[[Any, YamlPath], _Message | None]

#: A JSON Schema type in words: what a value "should be".
_TYPE_WORDS = {"string": Msg("value.text"), "object": Msg("value.mapping"),
               "array": Msg("value.list"), "number": Msg("value.number"),
               "integer": Msg("schema.type.integer"), "boolean": Msg("schema.type.boolean"),
               "null": Msg("value.empty")}

_JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def _schema_message(error: Any) -> _Message:
    """A plain message for a JSON Schema error, the path to point at, and whether that
    path names a key (an unknown field) rather than a value."""
    path = tuple(error.absolute_path)
    explain = _EXPLAIN.get(error.validator)
    explained = explain(error, path) if explain is not None else None
    return explained or (Msg("SCHEMA/jsonschema", {"reason": error.message}), path, False)


def _missing_fields(error: Any) -> list[str]:
    return re.findall(r"'([^']+)' is a required property", error.message)


def _required(error: Any, path: YamlPath) -> _Message:
    missing = _missing_fields(error)
    name = missing[0] if missing else "?"
    return Msg("SCHEMA/missing-field", {"name": name}), path, False


def _additional_properties(error: Any, path: YamlPath) -> _Message | None:
    inst = error.instance
    if not isinstance(inst, dict):
        return None
    allowed = set(error.schema.get("properties", {}))
    extra = [k for k in inst if k not in allowed]
    pattern = error.schema.get("patternProperties")
    if pattern:
        extra = [k for k in extra if not any(re.search(p, k) for p in pattern)]
    if not extra:
        return None
    key = extra[0]
    return (Msg("SCHEMA/unknown-field", {"name": key, "hint": did_you_mean(key, allowed),
                                         "allowed": sorted(allowed)}), path + (key,), True)


def _enum(error: Any, path: YamlPath) -> _Message:
    value, options = str(error.instance), [str(o) for o in error.validator_value]
    return (Msg("SCHEMA/not-allowed", {"value": value, "hint": did_you_mean(value, options),
                                       "options": options}), path, False)


def _type(error: Any, path: YamlPath) -> _Message:
    inst, wanted = error.instance, error.validator_value
    types = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])]
    values = {"wanted": either([_TYPE_WORDS.get(w, w) for w in types]),
              "actual": describe(inst)}
    if "string" in types and isinstance(inst, (int, Decimal, bool)):
        return Msg("SCHEMA/wrong-type-quote", {**values, "quoted": cell_text(inst)}), path, False
    return Msg("SCHEMA/wrong-type", values), path, False


def _date_for_text(error: Any, path: YamlPath) -> _Message:
    """A date where a text belongs: put it in quotes."""
    inst = error.instance
    return Msg("SCHEMA/wrong-type-quote", {"wanted": _TYPE_WORDS["string"],
                                           "actual": describe(inst.value),
                                           "quoted": str(inst)}), path, False


def _format(error: Any, path: YamlPath) -> _Message | None:
    if error.validator_value != "date":
        return None
    return Msg("SCHEMA/not-a-date", {"value": str(error.instance)}), path, False


def _pattern(error: Any, path: YamlPath) -> _Message:
    inst, pattern = error.instance, error.validator_value
    if " " in pattern:
        return Msg("SCHEMA/not-a-name", {"value": str(inst)}), path, False
    key = "SCHEMA/id-form-dash" if "-" in pattern else "SCHEMA/id-form"
    return Msg(key, {"value": str(inst)}), path, False


def _min_items(error: Any, path: YamlPath) -> _Message:
    return Msg("SCHEMA/min-items", {"count": error.validator_value}), path, False


def _min_length(error: Any, path: YamlPath) -> _Message:
    return Msg("SCHEMA/empty-text"), path, False


def _alternatives(error: Any, path: YamlPath) -> _Message | None:
    """oneOf/anyOf: a version's table-or-expression in words; otherwise the error of the
    alternative meant for this kind of value (a mapping's problem, not "should be a list")."""
    inst = error.instance
    if isinstance(inst, dict) and ({"table", "expression"} & set(inst) or "valid_from" in inst):
        if "table" in inst and "expression" in inst:
            return Msg("SCHEMA/table-and-expression"), path, False
        if "table" not in inst and "expression" not in inst:
            return Msg("SCHEMA/no-logic"), path, False
    if not error.context:
        return None
    from jsonschema.exceptions import best_match  # lazy: jsonschema is for packs only
    fitting = [e for e in error.context if e.validator != "type" and
               _branch_accepts(error.validator_value, e.relative_schema_path, inst)]
    return _schema_message(best_match(fitting or error.context))


def _not(error: Any, path: YamlPath) -> _Message:
    return Msg("SCHEMA/combination"), path, False


_EXPLAIN: dict[str, _Explain] = {
    "required": _required, "additionalProperties": _additional_properties, "enum": _enum,
    "type": _type, "format": _format, "pattern": _pattern, "minItems": _min_items,
    "minLength": _min_length, "oneOf": _alternatives, "anyOf": _alternatives, "not": _not,
    _TEXT: _date_for_text,
}


def _branch_accepts(branches: Any, schema_path: Any, value: Any) -> bool:
    """Whether the anyOf/oneOf branch an error came from is declared for ``value``'s kind."""
    try:
        branch = branches[list(schema_path)[0]]
    except (IndexError, KeyError, TypeError):
        return False
    kind = branch.get("type") if isinstance(branch, dict) else None
    py = _JSON_TYPES.get(kind) if isinstance(kind, str) else None
    return py is not None and isinstance(value, py)


def _misspelt(error: Any, errors: list[Any]) -> bool:
    """A 'required' error whose field is present under a misspelt name, which the
    unknown-field error beside it already reports with "did you mean"."""
    if error.validator != "required" or not isinstance(error.instance, dict):
        return False
    missing = _missing_fields(error)
    allowed = set(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    return bool(missing) and any(did_you_mean(str(k), missing) for k in extra) and any(
        e.validator == "additionalProperties" and e.absolute_path == error.absolute_path
        for e in errors)
