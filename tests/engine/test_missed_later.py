"""A traced FIRST table whose cells say all they test (literals, the table's allowed
words, built-ins called with them) stops at its first match, as untraced, and leaves its
later rules (which match, which do not and at which column) to be found when the trace
is read (regel.run.compiled's why_not); a table with a cell that reads the scope (a
fact, a decision, a name that hides a built-in) or asks the clock tests every rule as it
runs. Either way the trace must be the reference's: the same rules matched and missed,
each at the same column, whatever the values (null, another type)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.feel.codegen import source_of
from regel.run.compiled import compile_decision, fact_kinds
from tests.feel.test_codegen import mode
from tests.packbuilder import fact, table_decision, write_pack

AS_OF = dt.date(2024, 6, 1)

_INPUTS = {"kind": fact("kind", "string", allowed_values=["a", "b", "c"]),
           "amount": fact("amount", "number"), "day": fact("day", "date"),
           "limit": fact("limit", "number"), "date": fact("date", "date")}

#: decision -> (its cells, column by column per rule; whether they are closed)
_TABLES: dict[str, tuple[list[list[str]], bool]] = {
    # (a date() call in a later rule's cell is not known not to warn: only the first's)
    "closed": ([["a", "< 10", '< date("2020-01-01")'],
                ["b, c", "[10..100]", "-"],
                ['not("a")', "> 100", "-"],
                ["a, b", "-", "-"],          # a later match, often
                ["-", "-", "-"]], True),
    "by_fact": ([["a", "< limit", "-"],           # a cell that reads a fact
                 ["-", "-", "-"]], False),
    "clock": ([["-", "-", "< today()"],           # a cell that asks the clock
               ["-", "-", "-"]], False),
    "hidden": ([["-", "-", "< date"],             # `date` is a fact here, not the built-in
                ["-", "-", "-"]], False),
}


def _decision(did: str, cells: list[list[str]]) -> dict[str, Any]:
    rules = [{"id": f"R{i}", "when": row, "then": [f'"{i}"']} for i, row in enumerate(cells)]
    return table_decision(
        did, rules, "FIRST", inputs=[{"expression": c} for c in ("kind", "amount", "day")],
        requires={"inputs": [i for i in _INPUTS if i != "date" or did == "hidden"]},
        optional=["limit", "date"] if did == "hidden" else ["limit"])


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("missed"),
                      [_decision(did, cells) for did, (cells, _) in _TABLES.items()], _INPUTS)


_CASES = [
    {"kind": "a", "amount": Decimal(5), "day": dt.date(2019, 1, 1), "limit": Decimal(6)},
    {"kind": "b", "amount": Decimal(50), "day": dt.date(2021, 1, 1)},
    {"kind": "c", "amount": Decimal(500), "day": dt.date(2020, 1, 1),
     "date": dt.date(2021, 1, 1)},
    {"kind": "a", "amount": Decimal("10.0"), "day": dt.date(2030, 1, 1), "limit": Decimal(1)},
    {"kind": "b", "amount": Decimal(7), "day": dt.date(2019, 6, 1)},
]


def _trace(pack: Any, facts: dict[str, Any]) -> Any:
    ev = pack.evaluate(facts, decisions=list(_TABLES), as_of=AS_OF, trace=True)
    return (ev.values, [(w.code, w.decision, w.rule) for w in ev.warnings],
            ev.trace.to_json(why_not="all")["decisions"])


@pytest.mark.parametrize("facts", _CASES, ids=repr)
def test_the_rules_that_missed_are_the_reference_s(pack_dir: Path,
                                                    facts: dict[str, Any]) -> None:
    with mode("reference"):
        want = _trace(load_pack(pack_dir), facts)
    with mode("generated"):
        pack = load_pack(pack_dir)
        got = [_trace(pack, facts) for _ in range(3)]
    assert got == [want] * 3


def test_only_closed_cells_leave_the_missed_rules_for_later(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    kinds = fact_kinds(pack)
    for did, (_, closed) in _TABLES.items():
        source = source_of(compile_decision(pack.decisions[did], True, kinds))
        assert ("while True:" in source) == closed, did


def test_the_cells_own_tests_answer_where_no_function_can(pack_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Where why_not's generated function cannot be written (or cannot tell), the cells'
    own tests find the later rules: the trace is the reference's all the same."""
    import regel.run.compiled as compiled
    monkeypatch.setattr(compiled, "_why_not_function", lambda table: None)
    for facts in _CASES:
        with mode("reference"):
            want = _trace(load_pack(pack_dir), facts)
        with mode("generated"):
            pack = load_pack(pack_dir)
            got = [_trace(pack, facts) for _ in range(3)]
        assert got == [want] * 3, facts


def test_a_later_cell_that_may_warn_keeps_the_table_going(tmp_path: Path) -> None:
    """A FIRST table whose cells are closed but whose later cells may warn (a column of
    numbers and texts, tested by cells of both) tests every rule as it runs: the
    reference tests them all, and a later rule's warning is the case's."""
    inputs = {"amount": _INPUTS["amount"]}
    column = 'if amount > 100 then "big" else amount'
    decision = table_decision(
        "loud", [{"id": f"R{i}", "when": [cell], "then": [f'"{i}"']}
                 for i, cell in enumerate(['"big"', "< 10", "-"])],
        "FIRST", inputs=[{"expression": column}], requires={"inputs": ["amount"]})
    pack_dir = write_pack(tmp_path / "loud", [decision], inputs)
    for amount in (Decimal(500), Decimal(5), Decimal(50)):
        facts = {"amount": amount}
        with mode("reference"):
            ev = load_pack(pack_dir).evaluate(facts, ["loud"], as_of=AS_OF, trace=True)
            want = (ev.values, [(w.code, w.rule) for w in ev.warnings],
                    ev.trace.to_json(why_not="all")["decisions"])
        with mode("generated"):
            pack = load_pack(pack_dir)
            got = []
            for _ in range(3):
                ev = pack.evaluate(facts, ["loud"], as_of=AS_OF, trace=True)
                got.append((ev.values, [(w.code, w.rule) for w in ev.warnings],
                            ev.trace.to_json(why_not="all")["decisions"]))
        assert got == [want] * 3, amount
        if amount == 500:     # (the later rule's cell warns of comparing a text)
            assert ("FEEL-NOT-COMPARABLE", "R1") in want[1]
    source = source_of(compile_decision(pack.decisions["loud"], True, fact_kinds(pack)))
    assert "while True:" not in source
