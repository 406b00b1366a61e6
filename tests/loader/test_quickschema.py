"""regel.load.quickschema must answer exactly as jsonschema does whether data passes a
pack schema: on every YAML file of each kind in the repository (the bundled packs, the
examples, the directories of invalid inputs) and on random mutations of them (a value
replaced, a field removed, a field added). Data it calls valid is not checked again by
jsonschema, so a wrong "valid" would let a broken file load."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regel.load import schema
from regel.source.yamltree import YamlError, load_yaml

ROOT = Path(__file__).resolve().parents[2]


def _kind(path: Path) -> str | None:
    if path.name == "pack.yaml":
        return "pack"
    if path.name == "sources.yaml":
        return "sources"
    if path.parent.name == "decisions":
        return "decision"
    if path.parent.name == "tests" and (path.parent.parent / "pack.yaml").exists():
        return "test"
    return None


def _files() -> list[tuple[str, Any]]:
    out = []
    for folder in ("rules", "examples", "tests"):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            kind = _kind(path)
            if kind is None:
                continue
            try:
                data = load_yaml(path.read_text(encoding="utf-8"))
            except (YamlError, UnicodeDecodeError):
                continue
            out.append((f"{kind}:{path.relative_to(ROOT)}", (kind, data)))
    return out


FILES = _files()
#: values a mutation puts somewhere
POOL: list[Any] = ["", "x", "R1", "2024-01-01", "< 5", "UNIQUE", Decimal("1.5"), 0, 7, -1,
                   True, False, None, dt.date(2024, 1, 1), [], ["a"], [1, 2], {},
                   {"da": "a", "en": "b"}, {"da": ""}, {"unknown": 1}]


def same_answer(kind: str, data: Any) -> None:
    plain = schema.jsonable(data)
    expected = schema._validator(kind).is_valid(plain)
    assert schema._quick(kind).valid(schema._validator(kind).schema, plain) == expected


def test_the_files_are_of_every_kind() -> None:
    kinds = {kind for _, (kind, _) in FILES}
    assert kinds == {"pack", "decision", "test", "sources"}
    assert len(FILES) > 100


@pytest.mark.parametrize("kind_data", [f[1] for f in FILES], ids=[f[0] for f in FILES])
def test_every_file_gets_jsonschemas_answer(kind_data: tuple[str, Any]) -> None:
    same_answer(*kind_data)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value``."""
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _places(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _places(v, path + (i,))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_get_jsonschemas_answer(data: st.DataObject) -> None:
    kind, original = data.draw(st.sampled_from([f[1] for f in FILES]))
    doc = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 3))):
        places = _places(doc)
        path = data.draw(st.sampled_from(places))
        how = data.draw(st.sampled_from(["replace", "remove", "add"]))
        if not path:
            doc = copy.deepcopy(data.draw(st.sampled_from(POOL))) if how == "replace" else doc
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if how == "replace":
            parent[last] = copy.deepcopy(data.draw(st.sampled_from(POOL)))
        elif how == "remove":
            del parent[last]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["extra", "id", "note", "source"]))] = \
                copy.deepcopy(data.draw(st.sampled_from(POOL)))
        else:
            parent.insert(last, copy.deepcopy(data.draw(st.sampled_from(POOL))))
    same_answer(kind, doc)
