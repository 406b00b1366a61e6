"""A traced evaluation on the generated path leaves a plain decision's record to be made
when the trace is read (regel.run.trace.Recorder.later; issue 16): the value and the
warnings are found at once, the record from what the evaluation kept. Each case here is
evaluated traced in the generated mode, after others, and everything it gives (values,
warnings, the trace's JSON with every why-not) must be what the reference mode gives for
that case alone. The expected outcomes in CASES come from the tables below (a FIRST
table's first match decides, UNIQUE allows one match, no match gives the default or
null, an output not allowed warns, a missing fact warns), not from the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import EvaluationError
from tests.feel.test_codegen import mode
from tests.packbuilder import table_decision, write_pack

AS_OF = dt.date(2024, 1, 1)

FIRST_RULES = [
    {"id": "F-ODD", "when": {"x": "7"}, "then": {"size": 'if x = 7 then "odd" else "small"',
                                                 "n": "0"}},
    {"id": "F-SMALL", "when": {"x": "< 10"}, "then": {"size": '"small"', "n": "x"},
     "interpretation": {"da": "Små tal.", "en": "Small numbers."}},
    {"id": "F-MID", "when": {"x": "[5..50]"}, "then": {"size": '"mid"', "n": "x * 2"}},
]
FIRST_OUTPUTS = [{"name": "size", "allowed_values": ["small", "mid", "none"],
                  "default": "none"},
                 {"name": "n"}]
UNIQUE_RULES = [
    {"id": "U-LOW", "when": {"x": "< 20"}, "then": {"out": '"low"'}},
    {"id": "U-HIGH", "when": {"x": "> 15"}, "then": {"out": '"high"'}},
]
LITERAL = {"id": "total", "label": {"da": "total", "en": "total"},
           "requires": {"inputs": ["x", "y"]}, "optional": ["y"],
           "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                         "expression": "if y = null then x else x + y"}]}

#: facts -> (pick, band, total) as the tables above give them; "failed": two UNIQUE hits
CASES = [
    ({"x": Decimal(1)}, ({"size": "small", "n": Decimal(1)}, "low", Decimal(1))),
    ({"x": Decimal(7), "y": Decimal(2)}, ({"size": "odd", "n": Decimal(0)}, "low",
                                          Decimal(9))),     # F-ODD first: "odd" warns
    ({"x": Decimal(30)}, ({"size": "mid", "n": Decimal(60)}, "high", Decimal(30))),
    ({"x": Decimal(17)}, ({"size": "mid", "n": Decimal(34)}, "failed", Decimal(17))),
    ({"x": Decimal(99)}, ({"size": "none", "n": None}, "high", Decimal(99))),
]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "y": {"type": "number", "label": {"da": "y", "en": "y"}}}
    decisions = [
        table_decision("pick", FIRST_RULES, hit_policy="FIRST", outputs=FIRST_OUTPUTS),
        table_decision("band", UNIQUE_RULES, hit_policy="UNIQUE"),
        LITERAL,
    ]
    return write_pack(tmp_path_factory.mktemp("later"), decisions, inputs=inputs,
                      failed_decisions="null")


def _traced(pack: Any, facts: dict[str, Any]) -> dict[str, Any]:
    ev = pack.evaluate(facts, decisions=["pick", "band", "total"], as_of=AS_OF, trace=True)
    left = sum(r.__class__ is tuple for r in ev.trace.records)
    return {"values": ev.values, "warnings": [w.to_json() for w in ev.warnings],
            "trace": ev.trace.to_json(why_not="all"), "left": left}


def _without_left(out: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in out.items() if k != "left"}


@pytest.mark.parametrize("facts,expected", CASES, ids=[str(c[0]) for c in CASES])
def test_a_record_made_later_is_the_reference_record(pack_dir: Path, facts: dict[str, Any],
                                                     expected: tuple[Any, ...]) -> None:
    with mode("reference"):
        alone = _traced(load_pack(pack_dir), facts)
    pick, band, total = expected
    assert alone["values"] == {"pick": pick, "band": None if band == "failed" else band,
                               "total": total}
    with mode("generated"):
        pack = load_pack(pack_dir)
        for other, _ in CASES:   # the same pack has seen the other cases first
            _traced(pack, other)
        got = _traced(pack, facts)
    assert _without_left(got) == _without_left(alone)
    # each record was left for later (a table whose output warned too: the warning is in
    # the case's warnings at once, in its record when made), but not a failed UNIQUE
    # table's (begun at once, to hold the warning that it failed)
    assert got["left"] == 3 - (band == "failed")


def test_the_warnings_are_the_cases_own(pack_dir: Path) -> None:
    """What the tables say of each case, read from the trace of the generated mode."""
    with mode("generated"):
        pack = load_pack(pack_dir)
        for facts, _ in CASES:
            _traced(pack, facts)
        seen = {str(f["x"]): [w["code"] for w in _traced(pack, f)["warnings"]]
                for f, _ in CASES}
    assert seen == {"1": ["INPUT-MISSING"],   # total's y
                    "7": ["OUTPUT-NOT-ALLOWED"],
                    "30": ["INPUT-MISSING"], "17": ["DECISION-FAILED", "INPUT-MISSING"],
                    "99": ["INPUT-MISSING"]}


def test_a_failing_table_stops_a_pack_that_stops(pack_dir: Path, tmp_path: Path) -> None:
    stop = write_pack(tmp_path, [table_decision("band", UNIQUE_RULES, hit_policy="UNIQUE")])
    with mode("generated"):
        pack = load_pack(stop)
        pack.evaluate({"x": Decimal(1)}, decisions=["band"], as_of=AS_OF, trace=True)
        with pytest.raises(EvaluationError) as err:
            pack.evaluate({"x": Decimal(17)}, decisions=["band"], as_of=AS_OF, trace=True)
    assert err.value.code == "HIT-POLICY-VIOLATED"
