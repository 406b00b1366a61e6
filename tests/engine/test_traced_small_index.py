"""A traced table of a few rules is tested rule by rule in its generated code, even where
the reference asks the table's index (regel.run.compiled._traced_table); the trace must
read the same: the rules that matched, and for each other the first column, in order,
that excluded it (``why_not="all"``), the value and the warnings. The table below has an
index (10 rules, both columns of literals); the cases hit each rule, none, and give the
index inputs it cannot look up (null, a text where a number is tested). Expected traces
are the reference mode's, not the generated code's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import RegelError
from regel.feel.codegen import source_of
from regel.run.compiled import compile_decision, fact_kinds
from tests.feel.test_codegen import mode
from tests.packbuilder import table_decision, write_pack

AS_OF = dt.date(2024, 1, 1)
#: ten rules over an amount and a kind; FIRST: the first hit decides, the trace shows all
RULES = [
    {"id": f"R{n}", "when": {"amount": cell, "kind": kind}, "then": {"band": f'"{band}"'}}
    for n, (cell, kind, band) in enumerate([
        ("< 0", "-", "negative"), ("0", '"a"', "zero-a"), ("0", "-", "zero"),
        ("[1..10)", '"a"', "low-a"), ("[1..10)", '"b"', "low-b"), ("[1..10)", "-", "low"),
        ("[10..100]", '"a", "b"', "mid"), ("> 100", '"a"', "high-a"),
        ("> 100", "-", "high"), ("-", '"z"', "z")], 1)]
FACTS = [{"amount": Decimal(n), "kind": k}
         for n in (-5, 0, 1, 9, 10, 50, 100, 101, 1000) for k in ("a", "b", "c", "z")]
ODD = [{"amount": Decimal(5)}, {"kind": "a"}, {"amount": "5", "kind": "a"},
       {"amount": Decimal("NaN"), "kind": "a"}]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = {"amount": {"type": "any", "label": {"da": "Beløb", "en": "Amount"}},
              "kind": {"type": "any", "label": {"da": "Art", "en": "Kind"}}}
    decision = table_decision(
        "band", RULES, hit_policy="FIRST", outputs=[{"name": "band"}],
        inputs=[{"expression": "amount"}, {"expression": "kind"}],
        requires={"inputs": ["amount", "kind"]}, optional=["amount", "kind"])
    return write_pack(tmp_path_factory.mktemp("small-index"), [decision], inputs=inputs)


def _traced(pack: Any, facts: dict[str, Any]) -> Any:
    try:
        ev = pack.evaluate(dict(facts), decisions=["band"], as_of=AS_OF, trace=True)
    except RegelError as err:
        return ("error", err.code)
    return (ev.values, [w.to_json() for w in ev.warnings],
            ev.trace.to_json(why_not="all")["decisions"])


def test_the_table_has_an_index_and_its_traced_code_tests_the_rules(pack_dir: Path) -> None:
    pack = load_pack(pack_dir, tests=False)
    table = pack.decisions["band"].versions[0].logic
    assert table.index is not None
    source = source_of(compile_decision(pack.decisions["band"], True, fact_kinds(pack)))
    assert "INDEXED(" not in source


@pytest.mark.parametrize("facts", FACTS + ODD, ids=[repr(f) for f in FACTS + ODD])
def test_the_trace_reads_as_the_reference_index_gives_it(pack_dir: Path,
                                                        facts: dict[str, Any]) -> None:
    with mode("reference"):
        want = _traced(load_pack(pack_dir, tests=False), facts)
    pack = load_pack(pack_dir, tests=False)
    with mode("generated"):
        got = [_traced(pack, facts) for _ in range(3)]
    assert got == [want] * 3
