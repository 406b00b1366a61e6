"""A traced question lends its own scope to a decision's generated function that can
only warn into it while it runs (regel.run.compiled's _warns_only): plain functions of
its own, called by their name, and loops warn there as they run. A decision whose value
is a FEEL function keeps its scope after it returns: a later call of the function warns
there, and the reference reports that warning as the function's decision's. Either way
the values, the warnings (with their decisions) and the trace must be the reference's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from tests.feel.test_codegen import mode
from tests.packbuilder import write_pack

AS_OF = dt.date(2024, 1, 1)

#: decision -> (the decisions it reads, its expression)
DECISIONS = {
    # a plain function of its own that warns (a number and a text added), called by name
    "own": ([], '{f: function(v) v + "x", r: [f(x), f(1)]}.r'),
    # a plain function called in a loop whose values may warn (1..x descending)
    "loop": ([], "{g: function(i) i * 2, r: for i in 1..x return g(i)}.r"),
    # a decision whose value is a FEEL function: its calls warn in its own scope
    "maker": ([], 'function(v) if v > 0 then v + "x" else v'),
    "user": (["maker", "own", "loop"], "[maker(x), maker(-1), count(loop), own]"),
    "quiet": ([], "x + 1"),
}


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    decisions = [{"id": did, "label": {"da": did, "en": did},
                  "requires": {"inputs": ["x"], "decisions": reads},
                  "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                                "expression": text}]}
                 for did, (reads, text) in DECISIONS.items()]
    return write_pack(tmp_path_factory.mktemp("scope"), decisions)


def _answer(pack: Any, x: Decimal, asked: list[str]) -> Any:
    ev = pack.evaluate({"x": x}, decisions=asked, as_of=AS_OF, trace=True)
    return (ev.values, [(w.code, w.decision) for w in ev.warnings],
            ev.trace.to_json(why_not="all")["decisions"])


@pytest.mark.parametrize("asked", [["own", "loop", "quiet"], ["user", "quiet"],
                                   ["quiet", "maker", "user"]])
def test_each_warning_is_the_reference_s(pack_dir: Path, asked: list[str]) -> None:
    xs = [Decimal(2), Decimal(0), Decimal(-1), Decimal(3)]
    with mode("reference"):
        want = [_answer(load_pack(pack_dir), x, asked) for x in xs]
    assert any(said for _, said, _ in want)     # (some of them warn)
    with mode("generated"):
        pack = load_pack(pack_dir)
        for _ in range(3):
            assert [_answer(pack, x, asked) for x in xs] == want
