"""Warnings of a table's rules, and of literal expressions, in the generated code (issue 16).

A decision's generated function used to hand a decision to the reference whenever its
table's rules warned (untraced) or anything in it warned (traced). It now reports what it
can place as the reference does: the warnings of version_by, of a literal expression and
of a table's input expressions (of no rule), and those of a single-hit table's deciding
rule's outputs (that rule's), when no cell can have warned. Each case below is evaluated
in the generated mode, traced and untraced, and must give exactly what the reference
mode gives: values, warnings (with their rules) and the trace's JSON. Where the code can
place the warnings, the reference must not have been asked (``_decision`` is not
called). Expected behaviour comes from DMN (a FIRST or UNIQUE table evaluates its
deciding rule's outputs; 31 January + 1 month is clamped to 29 February with a warning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regel.run.evaluate as evaluate_module
from regel import load_pack
from tests.feel.test_codegen import mode
from tests.packbuilder import table_decision, write_pack

AS_OF = dt.date(2024, 6, 1)
JAN_31 = dt.date(2024, 1, 31)     # + 1 month: clamped to 29 February, with a warning
JAN_15 = dt.date(2024, 1, 15)     # + 1 month: 15 February, no warning

INPUTS = {"start": {"type": "date", "label": {"da": "start", "en": "start"}},
          "kind": {"type": "string", "label": {"da": "kind", "en": "kind"}},
          "n": {"type": "any", "label": {"da": "n", "en": "n"}}}
SHIFT = 'start + duration("P1M")'
RULES = [
    {"id": "LATE", "when": {"k": '"late"'}, "then": SHIFT},
    {"id": "EARLY", "when": {"k": '"early"'}, "then": "start"},
]


def _decisions() -> list[dict[str, Any]]:
    requires = {"inputs": ["start", "kind", "n"]}
    kind = [{"id": "k", "expression": "kind"}]
    loud = [{"id": "k", "expression": "n"}]     # cells test numbers: a text warns
    return [
        table_decision("unique", RULES, "UNIQUE", inputs=kind, requires=requires),
        table_decision("first", [*RULES, {"id": "ANY", "when": {"k": "-"}, "then": SHIFT}],
                       "FIRST", inputs=kind, requires=requires),
        table_decision("collect", RULES, "COLLECT", inputs=kind, requires=requires),
        table_decision("input_warns", [{"id": "ALL", "when": {"k": "-"}, "then": "start"}],
                       "UNIQUE", inputs=[{"id": "k", "expression": SHIFT}],
                       requires=requires),
        table_decision("cell_warns", [{"id": "SMALL", "when": {"k": "< 10"},
                                       "then": SHIFT},
                                      {"id": "BIG", "when": {"k": ">= 10"}, "then": "start"}],
                       "FIRST", inputs=loud, requires=requires),
        {"id": "literal", "label": {"da": "literal", "en": "literal"},
         "requires": requires,
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "expression": SHIFT}]},
        {**table_decision("by_date", RULES, "UNIQUE", inputs=kind, requires=requires),
         "version_by": SHIFT},
    ]


@pytest.fixture(scope="module", params=["warn", "clamp"])
def pack_dir(tmp_path_factory: pytest.TempPathFactory, request: Any) -> Path:
    fields = {} if request.param == "warn" else {"date_policy": "clamp"}
    return write_pack(tmp_path_factory.mktemp(f"rules-{request.param}"), _decisions(),
                      inputs=INPUTS, **fields)


#: (decision, facts, whether the generated code places every warning itself)
CASES = [
    ("unique", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, True),
    ("unique", {"start": JAN_15, "kind": "late", "n": Decimal(1)}, True),
    ("unique", {"start": JAN_31, "kind": "early", "n": Decimal(1)}, True),
    ("first", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, True),
    ("first", {"start": JAN_31, "kind": "other", "n": Decimal(1)}, True),
    ("collect", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, False),
    ("input_warns", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, True),
    ("cell_warns", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, True),
    ("cell_warns", {"start": JAN_31, "kind": "late", "n": "text"}, False),
    ("literal", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, True),
    ("by_date", {"start": JAN_31, "kind": "late", "n": Decimal(1)}, True),
]


def _run(pack: Any, did: str, facts: dict[str, Any], trace: bool) -> dict[str, Any]:
    ev = pack.evaluate(facts, decisions=[did], as_of=AS_OF, trace=trace)
    out = {"values": ev.values,
           "warnings": [(w.decision, w.rule, w.to_json()) for w in ev.warnings]}
    if trace:
        out["trace"] = ev.trace.to_json(why_not="all")["decisions"]
    return out


@pytest.fixture()
def asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The decisions the reference was asked to evaluate."""
    seen: list[str] = []
    reference = evaluate_module._decision

    def counted(pack: Any, d: Any, *args: Any) -> Any:
        seen.append(d.id)
        return reference(pack, d, *args)

    monkeypatch.setattr(evaluate_module, "_decision", counted)
    yield seen


@pytest.mark.parametrize("trace", [False, True], ids=["untraced", "traced"])
@pytest.mark.parametrize(("did", "facts", "placed"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_generated_code_warns_as_the_reference(pack_dir: Path, did: str,
                                               facts: dict[str, Any], placed: bool,
                                               trace: bool, asked: list[str]) -> None:
    with mode("reference"):
        expected = _run(load_pack(pack_dir), did, facts, trace)
    with mode("generated"):
        pack = load_pack(pack_dir)
        _run(pack, did, facts, trace)      # (its functions are made)
        asked.clear()
        got = _run(pack, did, facts, trace)
    assert repr(got) == repr(expected)
    assert (asked == []) is placed, asked


def test_the_cases_warn(tmp_path: Path) -> None:
    """The cases are worth comparing: the clamped day warns, of the rule that shifted it."""
    pack_dir = write_pack(tmp_path, _decisions(), inputs=INPUTS)
    with mode("reference"):
        got = _run(load_pack(pack_dir), "first", CASES[3][1], False)
    assert [(d, r, w["code"]) for d, r, w in got["warnings"]] == [
        ("first", "LATE", "FEEL-DAY-CLAMPED")]
    assert got["values"] == {"first": dt.date(2024, 2, 29)}
