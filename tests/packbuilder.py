"""Writing small rule packs for tests: one helper for every test folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

BASE_INPUTS = {"x": {"type": "number", "label": {"da": "x", "en": "x"}}}


def write_pack(root: Path, decisions: list[dict[str, Any]],
               inputs: dict[str, Any] | None = None, tests: list[dict[str, Any]] | None = None,
               tests_file: str = "t.yaml", **pack_fields: Any) -> Path:
    """A pack folder ``root`` holding ``decisions`` (one file each), the pack ``inputs``
    (default: one number ``x``) and, when given, ``tests`` in tests/``tests_file``."""
    (root / "decisions").mkdir(parents=True, exist_ok=True)
    pack = {"id": "test-pack", "title": {"da": "Test", "en": "Test"}, "version": "1",
            "jurisdiction": "test", "inputs": inputs if inputs is not None else BASE_INPUTS}
    pack.update(pack_fields)
    (root / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    for d in decisions:
        (root / "decisions" / f"{d['id']}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if tests is not None:
        (root / "tests").mkdir(exist_ok=True)
        (root / "tests" / tests_file).write_text(
            yaml.safe_dump({"tests": tests}, allow_unicode=True, sort_keys=False),
            encoding="utf-8")
    return root


def fact(name: str, kind: str, **fields: Any) -> dict[str, Any]:
    """A pack input ``name`` of type ``kind``, labelled by its name in both languages."""
    return {"type": kind, "label": {"da": name, "en": name}, **fields}


def table_decision(did: str, rules: list[dict[str, Any]], hit_policy: str = "UNIQUE",
                   outputs: list[dict[str, Any]] | None = None,
                   inputs: list[dict[str, Any]] | None = None,
                   requires: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    d = {"id": did, "label": {"da": did, "en": did},
         "requires": requires or {"inputs": ["x"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": hit_policy,
                                 "inputs": inputs or [{"expression": "x"}],
                                 "outputs": outputs or [{"name": "out"}],
                                 "rules": rules}}]}
    d.update(fields)
    return d
