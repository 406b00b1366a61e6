"""Random decision tables over typed facts (columns of a known class, optional ones that
may be null, a column of numbers or texts; cells that list literals, compare, negate,
call date(); every hit policy the generated code writes), each answered by the reference
and by the generated code, untraced and traced: values, warnings (with their rules) and
the whole trace (why_not="all") must agree. It found a FIRST table that stopped at its
first match while a later rule's cell would warn. A second family of UNIQUE tables has
rules kept apart by one column (each rule a different part of it), which the generated
code may treat as FIRST tables: they must still answer, warn and trace as the reference."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import RegelError
from regel.feel.jsonio import dumps
from tests.feel.test_codegen import mode
from tests.packbuilder import fact, table_decision, write_pack

_INPUTS = {"kind": fact("kind", "string", allowed_values=["a", "b", "c"]),
           **{name: fact(name, kind) for name, kind in (
               ("note", "string"), ("amount", "number"), ("extra", "number"),
               ("day", "date"), ("flag", "boolean"))}}
_OPTIONAL = ["note", "extra", "flag"]
_MIXED = "if flag = true then amount else kind"
_CELLS = {
    "kind": ["a", "b", "c", "a, b", "b, c", '"a", "c"', 'not("a")', 'not("a", "b")', "-", "-"],
    "note": ['"x"', '"x", "y"', 'not("x")', '"y", "z", "x"', "-", "-"],
    "amount": ["< 10", ">= 5", "[1..10]", "5, 10", "7, 10.0, 1", "not(5, 7)", "> 100", "-", "-"],
    "extra": ["< 10", "1, 2", "-", "-", "> 0"],
    "day": ['< date("2020-01-01")', 'date("2020-01-01"), date("2021-01-01")',
            '>= date("2021-06-01")', "-", "-"],
    "flag": ["true", "false", "-", "-"],
    _MIXED: ['"a", "b"', "< 10", "-", "-", "1, 2, 3"],
}
_OUTPUTS = ['"r{i}"', "amount * 2", "{i}", "null", 'kind + "!"']


def _decision(did: str, rng: random.Random) -> dict[str, Any]:
    columns = rng.sample(list(_CELLS), rng.randint(1, 4))
    rules = [{"id": f"R{r}", "when": [rng.choice(_CELLS[c]) for c in columns],
              "then": [rng.choice(_OUTPUTS).format(i=r)]} for r in range(rng.randint(1, 10))]
    return table_decision(
        did, rules, rng.choice(["FIRST", "FIRST", "UNIQUE", "COLLECT", "RULE ORDER", "ANY"]),
        inputs=[{"expression": c} for c in columns], requires={"inputs": list(_INPUTS)},
        optional=_OPTIONAL)


#: parts of a column no two of which share a value (and, last, two that share 5 or a day)
_PARTS = {
    "amount": ["< 5", "[5..10)", "[10..100]", "> 100", "7, 8", "<= 5", ">= 5"],
    "day": ['< date("2020-01-01")', '[date("2020-01-01")..date("2021-06-01"))',
            '>= date("2021-06-01")', '<= date("2020-01-01")', '>= date("2020-01-01")'],
    "kind": ["a", "b", "c", '"a", "b"', "b, c"],
    "flag": ["true", "false", "-", "true"],
}


def _apart_decision(did: str, rng: random.Random) -> dict[str, Any]:
    """A UNIQUE table whose rules each take another part of one column (mostly apart,
    sometimes not: the last parts overlap the others), its other columns random."""
    column = rng.choice(list(_PARTS))
    others = rng.sample([c for c in _CELLS if c != column], rng.randint(0, 2))
    parts = rng.sample(_PARTS[column], rng.randint(1, len(_PARTS[column]) - 1))
    columns = [column, *others]
    rules = [{"id": f"R{r}", "when": [part, *(rng.choice(_CELLS[c]) for c in others)],
              "then": [rng.choice(_OUTPUTS).format(i=r)]} for r, part in enumerate(parts)]
    return table_decision(did, rules, "UNIQUE", inputs=[{"expression": c} for c in columns],
                          requires={"inputs": list(_INPUTS)}, optional=_OPTIONAL)


def _facts(rng: random.Random) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "kind": rng.choice("abc"),
        "amount": Decimal(rng.choice(["5", "7", "10.0", "10", "0.5", "200", "1"])),
        "day": rng.choice([dt.date(2019, 1, 1), dt.date(2020, 1, 1), dt.date(2022, 1, 1)])}
    if rng.random() < 0.6:
        facts["note"] = rng.choice("xyzw")
    if rng.random() < 0.6:
        facts["extra"] = Decimal(rng.choice(["1", "2", "0", "20"]))
    if rng.random() < 0.6:
        facts["flag"] = rng.random() < 0.5
    return facts


def _answer(pack: Any, facts: dict[str, Any], trace: bool) -> Any:
    try:
        ev = pack.evaluate(facts, ["t0", "t1", "t2"], as_of=dt.date(2024, 6, 1), trace=trace)
    except RegelError as err:
        return ("error", err.code)
    said = [(w.code, w.decision, w.rule) for w in ev.warnings]
    return (dumps(ev.values), said,
            repr(ev.trace.to_json(why_not="all")["decisions"]) if trace else None)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("family", [_decision, _apart_decision], ids=["any", "apart"])
def test_random_tables_answer_as_the_reference(tmp_path: Path, seed: int, family: Any
                                               ) -> None:
    rng = random.Random(seed)
    for k in range(4):
        decisions = [family(f"t{j}", rng) for j in range(3)]
        pack_dir = write_pack(tmp_path / f"p{k}", decisions, _INPUTS)
        with mode("reference"):
            reference = load_pack(pack_dir)
        with mode("generated"):
            generated = load_pack(pack_dir)
        for _ in range(5):
            facts = _facts(rng)
            for trace in (False, True):
                with mode("reference"):
                    want = _answer(reference, facts, trace)
                with mode("generated"):
                    got = [_answer(generated, facts, trace) for _ in range(3)]
                assert got == [want] * 3, (decisions, facts, trace)
