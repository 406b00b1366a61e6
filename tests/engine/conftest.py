"""Helpers for engine tests: packs written from Python data, and an ``evaluate``
fixture that runs every evaluation test twice, with tracing on and off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.loader import load_pack
from engine.model import Pack

BASE_INPUTS = {"x": {"type": "number", "label": {"da": "x", "en": "x"}}}


def write_pack(root: Path, decisions: list[dict[str, Any]],
               inputs: dict[str, Any] | None = None, **pack_fields: Any) -> Path:
    """A pack folder under ``root`` holding ``decisions`` (one file each)."""
    (root / "decisions").mkdir(parents=True, exist_ok=True)
    pack = {"id": "test-pack", "title": {"da": "Test", "en": "Test"}, "version": "1",
            "jurisdiction": "test", "inputs": inputs if inputs is not None else BASE_INPUTS}
    pack.update(pack_fields)
    (root / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    for d in decisions:
        (root / "decisions" / f"{d['id']}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


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


@pytest.fixture(params=[True, False], ids=["traced", "untraced"])
def evaluate(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``evaluate(pack, facts, **kw)`` with tracing on, then again with it off."""
    traced = request.param

    def run(pack: Pack, facts: dict[str, Any], **kw: Any) -> Any:
        result = pack.evaluate(facts, trace=traced, **kw)
        assert (result.trace is not None) == traced
        return result

    return run


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Pack]:
    counter = iter(range(1000))

    def make(decisions: list[dict[str, Any]], inputs: dict[str, Any] | None = None,
             **fields: Any) -> Pack:
        return load_pack(write_pack(tmp_path / f"pack{next(counter)}", decisions, inputs,
                                    **fields))

    return make
