"""Whether data passes a JSON Schema, found quickly: the answer jsonschema would give, in a
fifth of the time for a large table.

jsonschema checks a value by making a validator object for every subschema it descends
into and collecting errors through generators; for data that passes, none of that is
needed. ``QuickCheck.valid`` walks the schema and the data itself for the keywords the pack
schemas use on every rule and cell (type, properties, required, additionalProperties,
items, anyOf, allOf, oneOf, not, if, dependentSchemas, a ``$ref`` inside the document, the
lengths and counts, pattern, format, minimum and regel's own keyword for plain texts) and
asks jsonschema about the part of the data under any other keyword (enum, const,
uniqueItems, ...). Types and
formats are jsonschema's own checkers, so the answer is the same both ways: data that
fails is then checked by jsonschema again, for its messages (regel.load.schema).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["QuickCheck"]

#: keywords that say nothing about validity (``then`` and ``else`` count only under ``if``)
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description",
                          "default", "examples", "deprecated", "readOnly", "writeOnly",
                          "then", "else"})
#: how many (reference, scalar) answers one check remembers
_REMEMBERED = 65_536
#: the classes whose every value is of the same JSON types (jsonschema's type checker
#: looks at the class alone): their answers are remembered by class
_BY_CLASS = frozenset({dict, list, str, bool, type(None)})

_Keyword = Callable[["QuickCheck", Any, Any, dict[str, Any]], bool]


class QuickCheck:
    """The validity of data under one jsonschema validator's schema (``validator``, whose
    type and format checkers it uses; ``text_only``: regel's keyword for a plain text,
    and the kind of value such a text may not be)."""

    def __init__(self, validator: Any, text_only: tuple[str, type]) -> None:
        self.validator = validator
        self.root: dict[str, Any] = validator.schema
        self.type_of = validator.is_type
        self.classes: dict[tuple[type, str], bool] = {}
        self.formats = validator.format_checker
        self.text_keyword, self.not_text = text_only
        self.targets: dict[str, Any] = {}
        self.scalars: dict[tuple[str, type, Any], bool] = {}
        #: each subschema's plan (QuickCheck.planned), by the subschema's id
        self.plans: dict[int, tuple[dict[str, Any], list[tuple[_Keyword, Any]]]] = {}

    def valid(self, schema: Any, instance: Any) -> bool:
        """Whether ``instance`` passes ``schema`` (a part of this check's schema)."""
        if schema is True or schema is False:
            return schema
        found = self.plans.get(id(schema))
        for keyword, value in found[1] if found is not None else self.planned(schema):
            if not keyword(self, value, instance, schema):
                return False
        return True

    def planned(self, schema: dict[str, Any]) -> list[tuple[_Keyword, Any]]:
        """The keywords of ``schema`` that decide validity, in its order, each with its
        value; at the first keyword this check does not know, jsonschema's answer for the
        whole subschema. Found once for each subschema (kept with it, by its id)."""
        plan: list[tuple[_Keyword, Any]] = []
        for key, value in schema.items():
            keyword = _KEYWORDS.get(key)
            if keyword is None and key in _ANNOTATIONS:
                continue
            if keyword is None and key == self.text_keyword:
                keyword = _text
            elif keyword is None:
                plan.append((_asked, None))
                break
            plan.append((keyword, value))
        self.plans[id(schema)] = (schema, plan)
        return plan

    def is_type(self, instance: Any, name: str) -> bool:
        """Whether ``instance`` is of the JSON type ``name``, as jsonschema says (a
        table's check asks this some 200,000 times)."""
        kind = instance.__class__
        if kind not in _BY_CLASS:
            return bool(self.type_of(instance, name))
        found = self.classes.get((kind, name))
        if found is None:
            found = self.classes[kind, name] = bool(self.type_of(instance, name))
        return found

    def asked(self, schema: dict[str, Any], instance: Any) -> bool:
        """jsonschema's own answer for this part of the data (its references resolved in
        the whole document, as they are everywhere else)."""
        return bool(self.validator.evolve(schema=schema).is_valid(instance))

    def reference(self, ref: str, instance: Any, schema: dict[str, Any]) -> bool:
        target = self.targets.get(ref)
        if target is None:
            if not ref.startswith("#/"):
                return self.asked({"$ref": ref}, instance)
            target = self.root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            self.targets[ref] = target
        kind = type(instance)
        if kind is dict or kind is list:
            return self.valid(target, instance)
        # a scalar's answer, remembered: a table's cells are a few hundred distinct texts
        # (texts by value, other scalars by their written form: 1 and 1.0 are equal but
        # not the same to ``type: integer``)
        key = (ref, kind, instance if isinstance(instance, str) else repr(instance))
        found = self.scalars.get(key)
        if found is None:
            found = self.valid(target, instance)
            if len(self.scalars) < _REMEMBERED:
                self.scalars[key] = found
        return found


def _text(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    """regel's keyword for a plain text (see regel.load.schema)."""
    return not value or not isinstance(instance, check.not_text)


def _asked(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return check.asked(schema, instance)


def _type(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    if isinstance(value, str):
        return bool(check.is_type(instance, value))
    return any(check.is_type(instance, t) for t in value)


def _properties(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    if not check.is_type(instance, "object"):
        return True
    return all(check.valid(sub, instance[name]) for name, sub in value.items()
               if name in instance)


def _required(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return not check.is_type(instance, "object") or all(name in instance for name in value)


def _additional(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    if not check.is_type(instance, "object"):
        return True
    if "patternProperties" in schema:
        return check.asked(schema, instance)
    named = schema.get("properties", {})
    return all(check.valid(value, item) for name, item in instance.items()
               if name not in named)


def _items(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    if not check.is_type(instance, "array"):
        return True
    if "prefixItems" in schema:
        return check.asked(schema, instance)
    return all(check.valid(value, item) for item in instance)


def _any_of(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return any(check.valid(sub, instance) for sub in value)


def _all_of(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return all(check.valid(sub, instance) for sub in value)


def _one_of(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return sum(1 for sub in value if check.valid(sub, instance)) == 1


def _not(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return not check.valid(value, instance)


def _dependent(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    if not check.is_type(instance, "object"):
        return True
    return all(check.valid(sub, instance) for name, sub in value.items() if name in instance)


def _if(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    branch = "then" if check.valid(value, instance) else "else"
    return check.valid(schema.get(branch, True), instance)


def _ref(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return check.reference(value, instance, schema)


def _sized(kind: str, at_least: bool) -> _Keyword:
    """A keyword bounding the length of a text, list or mapping (``kind``)."""
    def keyword(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
        if not check.is_type(instance, kind):
            return True
        return len(instance) >= value if at_least else len(instance) <= value
    return keyword


def _pattern(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return not check.is_type(instance, "string") or re.search(value, instance) is not None


def _format(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return check.formats is None or bool(check.formats.conforms(instance, value))


def _minimum(check: QuickCheck, value: Any, instance: Any, schema: dict[str, Any]) -> bool:
    return not check.is_type(instance, "number") or not instance < value


_KEYWORDS: dict[str, _Keyword] = {
    "type": _type, "properties": _properties, "required": _required,
    "additionalProperties": _additional, "items": _items, "anyOf": _any_of,
    "allOf": _all_of, "oneOf": _one_of, "not": _not, "$ref": _ref,
    "dependentSchemas": _dependent, "if": _if,
    "minLength": _sized("string", True), "maxLength": _sized("string", False),
    "minItems": _sized("array", True), "maxItems": _sized("array", False),
    "minProperties": _sized("object", True), "maxProperties": _sized("object", False),
    "pattern": _pattern, "format": _format, "minimum": _minimum,
}
