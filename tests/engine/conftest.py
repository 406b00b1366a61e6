"""Helpers for engine tests: packs written from Python data, and an ``evaluate``
fixture that runs every evaluation test twice, with tracing on and off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.model import Pack
from tests.packbuilder import write_pack


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
