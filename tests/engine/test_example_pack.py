"""The example pack (examples/packs/library-fees) loads, and its own YAML tests pass:
expected outputs, and the rules expected to match or not to match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.feel import from_python
from engine.feel.values import feel_equal
from engine.loader import load_pack
from engine.model import PackTest

PACK = Path(__file__).resolve().parents[2] / "examples" / "packs" / "library-fees"
_pack = load_pack(PACK)


def _same(actual: Any, expected: Any) -> bool:
    return feel_equal(actual, from_python(expected)) is True


@pytest.mark.parametrize("case", _pack.tests, ids=[t.name for t in _pack.tests])
@pytest.mark.parametrize("traced", [True, False], ids=["traced", "untraced"])
def test_pack_yaml_test(case: PackTest, traced: bool) -> None:
    result = _pack.evaluate(case.facts, decisions=list(case.expect), as_of=case.as_of,
                            trace=traced)
    for did, expected in case.expect.items():
        assert _same(result.values[did], expected), \
            f"{did}: expected {expected!r}, got {result.values[did]!r}"
    if traced and (case.matched or case.not_matched):
        full = _pack.evaluate(case.facts, as_of=case.as_of)
        for did, rule_ids in case.matched.items():
            assert set(rule_ids) <= set(full.trace.decision(did).matched), did
        for did, rule_ids in case.not_matched.items():
            assert not set(rule_ids) & set(full.trace.decision(did).matched), did


def test_the_pack_has_enough_tests() -> None:
    assert len(_pack.tests) >= 20
