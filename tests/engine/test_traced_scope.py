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


def test_a_remembered_call_is_found_for_the_versions_in_force(tmp_path: Path) -> None:
    """A function value of a decision that reads no fact (``scaled``) remembers its calls
    from case to case, by the versions in force on the day: those of the function it
    calls (``rate``, whose version changes in 2020) too. Cases on either side of the
    change, in turn, each get their own day's answer and trace."""
    def version(start: str, end: str | None, text: str) -> dict[str, Any]:
        v = {"valid_from": start, "source": "Testloven § 1", "expression": text}
        return {**v, "valid_to": end} if end else v

    decisions = [
        {"id": "rate", "label": {"da": "rate", "en": "rate"}, "parameters": ["v"],
         "versions": [version("2000-01-01", "2020-01-01", "v * 1"),
                      version("2020-01-01", None, "v * 2")]},
        {"id": "scaled", "label": {"da": "scaled", "en": "scaled"},
         "requires": {"decisions": ["rate"]},
         "versions": [version("2000-01-01", None, "function(n) rate(n) + 1")]},
        {"id": "use", "label": {"da": "use", "en": "use"},
         "requires": {"inputs": ["x"], "decisions": ["scaled"]},
         "versions": [version("2000-01-01", None, "scaled(x)")]},
    ]
    pack_dir = write_pack(tmp_path, decisions)
    days = [dt.date(2019, 6, 1), dt.date(2021, 6, 1)] * 3

    def answers(pack: Any) -> list[Any]:
        out = []
        for day in days:
            ev = pack.evaluate({"x": Decimal(5)}, decisions=["use"], as_of=day, trace=True)
            out.append((ev.values, ev.trace.to_json(why_not="all")["decisions"]))
        return out

    with mode("reference"):
        want = answers(load_pack(pack_dir))
    assert [w[0]["use"] for w in want[:2]] == [Decimal(6), Decimal(11)]
    with mode("generated"):
        pack = load_pack(pack_dir)
        assert [answers(pack) for _ in range(2)] == [want, want]
