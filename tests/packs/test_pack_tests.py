"""Every rule pack's own YAML tests: the bundled packs in rules/ and the example packs.
Each test runs traced and untraced; expected outputs and expected (non-)matching rules are
checked. (`regel test` will run the same tests from the command line.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.feel import from_python
from engine.feel.values import feel_equal
from engine.loader import load_pack
from engine.model import Pack, PackTest

ROOT = Path(__file__).resolve().parents[2]
PACK_DIRS = sorted([p for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").is_file()]
                   + [p for p in (ROOT / "examples" / "packs").iterdir()
                      if (p / "pack.yaml").is_file()])
PACKS: dict[str, Pack] = {p.name: load_pack(p) for p in PACK_DIRS}
CASES = [(name, t) for name, pack in PACKS.items() for t in pack.tests]


def _same(actual: Any, expected: Any) -> bool:
    return feel_equal(actual, from_python(expected)) is True


@pytest.mark.parametrize(("pack_name", "case"), CASES,
                         ids=[f"{n}: {t.name}" for n, t in CASES])
@pytest.mark.parametrize("traced", [True, False], ids=["traced", "untraced"])
def test_pack_yaml_test(pack_name: str, case: PackTest, traced: bool) -> None:
    pack = PACKS[pack_name]
    result = pack.evaluate(case.facts, decisions=list(case.expect), as_of=case.as_of,
                           trace=traced)
    for did, expected in case.expect.items():
        assert _same(result.values[did], expected), \
            f"{did}: expected {expected!r}, got {result.values[did]!r}"
    if traced and (case.matched or case.not_matched):
        asked = sorted(set(case.expect) | set(case.matched) | set(case.not_matched))
        full = pack.evaluate(case.facts, decisions=asked, as_of=case.as_of)
        for did, rule_ids in case.matched.items():
            assert set(rule_ids) <= set(full.trace.decision(did).matched), did
        for did, rule_ids in case.not_matched.items():
            assert not set(rule_ids) & set(full.trace.decision(did).matched), did


@pytest.mark.parametrize(("pack_name", "minimum"), [("library-fees", 20),
                                                    ("sikkerhedsstillelse", 100),
                                                    ("familiesammenfoering", 30)])
def test_packs_have_enough_tests(pack_name: str, minimum: int) -> None:
    assert len(PACKS[pack_name].tests) >= minimum
