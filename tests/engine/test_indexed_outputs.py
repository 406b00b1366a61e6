"""A large table (more than 64 rules) is matched through its index by its generated code
(regel.run.compiled._indexed_table); where every rule's outputs are literals or the
table's constants, the deciding rule's outputs are known before any case (each rule's
once, with whether each output is one its output allows), not evaluated by the rule's
compiled expressions. Either way the answer must be the reference's: the value, no
match, or for two UNIQUE hits the error. (A literal output the table does not allow is
refused when the pack loads.) Expected answers are the reference mode's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.feel.codegen import source_of
from regel.run.compiled import compile_decision, fact_kinds
from tests.feel.test_codegen import _untraced, mode
from tests.packbuilder import table_decision, write_pack

AS_OF = dt.date(2024, 1, 1)
#: 80 rules over an amount in steps of 10, each rule's band a text literal; the last
#: overlaps the one before it (UNIQUE: an error, FIRST: the earlier one)
RULES = [{"id": f"R{n}", "when": {"amount": f"[{10 * n}..{10 * n + 10})"},
          "then": {"band": f'"b{n % 7}"'}} for n in range(79)]
RULES.append({"id": "R79", "when": {"amount": "[785..800)"}, "then": {"band": '"b1"'}})
ALLOWED = [f"b{n}" for n in range(7)]
AMOUNTS = [Decimal(a) for a in (-5, 0, 5, 15, 405, 415, 420, 555, 784, 785, 790, 799, 800,
                                5000)]


@pytest.fixture(scope="module", params=["UNIQUE", "FIRST"])
def pack_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Path:
    inputs = {"amount": {"type": "number", "label": {"da": "Beløb", "en": "Amount"}}}
    decision = table_decision(
        "band", RULES, hit_policy=request.param,
        outputs=[{"name": "band", "type": "string", "allowed_values": ALLOWED}],
        inputs=[{"expression": "amount"}], requires={"inputs": ["amount"]})
    return write_pack(tmp_path_factory.mktemp("indexed"), [decision], inputs=inputs)


def test_the_table_is_indexed_and_its_outputs_known(pack_dir: Path) -> None:
    pack = load_pack(pack_dir, tests=False)
    assert pack.decisions["band"].versions[0].logic.index is not None
    source = source_of(compile_decision(pack.decisions["band"], False, fact_kinds(pack)))
    assert "INDEXED(" in source and "evaluate_in" not in source


@pytest.mark.parametrize("amount", AMOUNTS, ids=str)
def test_an_indexed_table_answers_as_the_reference(pack_dir: Path, amount: Any) -> None:
    with mode("reference"):
        want = _untraced(load_pack(pack_dir, tests=False), {"amount": amount}, AS_OF)
    pack = load_pack(pack_dir, tests=False)
    with mode("generated"):
        got = [_untraced(pack, {"amount": amount}, AS_OF) for _ in range(3)]
    assert got == [want] * 3
