"""What the tests that parse every FEEL text share (tests/feel/test_parser_cache.py, in a
fresh process, and tests/feel/test_kept_parses.py): the texts of the bundled and example
packs, and a value shown in full (every dataclass field: == leaves out a node's span)."""

from __future__ import annotations

import dataclasses
import glob
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def pack_texts() -> set[str]:
    """Every string in the decision files of the bundled and example packs."""
    found: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, str):
            found.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for name in sorted(glob.glob(str(ROOT / "rules/*/decisions/*.yaml"))
                       + glob.glob(str(ROOT / "examples/packs/*/decisions/*.yaml"))):
        with open(name, encoding="utf-8") as f:
            walk(yaml.safe_load(f))
    return found


def full(value: Any) -> Any:
    """``value`` with every field of every dataclass in it, as nested tuples of reprs."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(
            (f.name, full(getattr(value, f.name))) for f in dataclasses.fields(value))
    if isinstance(value, (list, tuple)):
        return tuple(full(v) for v in value)
    if isinstance(value, dict):
        return tuple((full(k), full(v)) for k, v in value.items())
    return repr(value)
