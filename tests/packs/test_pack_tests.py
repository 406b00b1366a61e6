"""The rule packs' own YAML tests are run by the pytest plugin regel.tools.pytest_plugin (one
item per YAML test, traced and untraced) and by `regel test`; here only that the packs keep
enough of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from regel import load_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("pack_dir", "minimum"), [("examples/packs/library-fees", 20),
                                                   ("rules/sikkerhedsstillelse", 100),
                                                   ("rules/familiesammenfoering", 30)])
def test_packs_have_enough_tests(pack_dir: str, minimum: int) -> None:
    assert len(load_pack(ROOT / pack_dir).tests) >= minimum


@pytest.mark.parametrize("pack_dir", ["rules/sikkerhedsstillelse", "rules/familiesammenfoering"])
def test_bundled_packs_tests_make_every_rule_match(pack_dir: str) -> None:
    """Every rule of the bundled packs is matched by some YAML test (regel test's coverage);
    a new rule without a test fails here."""
    from regel.tools.testing import run_tests
    run = run_tests(load_pack(ROOT / pack_dir))
    missing = [(v.decision, v.never_matched) for v in run.coverage.tables if v.never_matched]
    assert run.failed == 0 and not missing, missing
