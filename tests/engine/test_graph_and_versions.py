"""The decision graph (only what is asked, each decision once) and effective-dated
versions (boundary days on both sides)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regel.base.errors import CaseError, EvaluationError, PackError
from regel.feel import DaysTimeDuration
from tests.packbuilder import table_decision

INPUTS = {
    "x": {"type": "number", "label": {"da": "x", "en": "x"}},
    "y": {"type": "number", "label": {"da": "y", "en": "y"}},
    "applied": {"type": "date", "label": {"da": "Ansøgt", "en": "Applied"}},
}


def literal(did: str, expression: str, inputs: list[str] = (), decisions: list[str] = ()
            ) -> dict[str, Any]:
    return {"id": did, "label": {"da": did, "en": did},
            "requires": {"inputs": list(inputs), "decisions": list(decisions)},
            "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                          "expression": expression}]}


DIAMOND = [
    literal("base", "x * 2", inputs=["x"]),
    literal("left", "base + 1", decisions=["base"]),
    literal("right", "base + 10", decisions=["base"]),
    literal("top", "left + right", decisions=["left", "right"]),
    literal("other", "y", inputs=["y"]),
]


def test_diamond_evaluates_each_decision_once(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack(DIAMOND, INPUTS)
    result = evaluate(pack, {"x": 5}, decisions=["top"])
    assert result.values == {"top": Decimal(10 + 1 + 10 + 10)}
    if result.trace is not None:
        assert [d.id for d in result.trace.decisions] == ["base", "left", "right", "top"]


def test_only_what_is_asked_needs_its_facts(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack(DIAMOND, INPUTS)
    # 'other' needs y, which the case lacks: fine, because 'other' is not asked
    assert evaluate(pack, {"y": 1}, decisions=["other"]).values == {"other": Decimal(1)}
    with pytest.raises(CaseError) as exc:
        evaluate(pack, {"y": 1}, decisions=["left"])
    assert exc.value.problems[0][:2] == ("x", "CASE-MISSING-FACT")
    assert "'base'" in exc.value.problems[0][2]


def test_all_decisions_by_default(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack(DIAMOND, INPUTS)
    assert set(evaluate(pack, {"x": 1, "y": 2}).values) == {"base", "left", "right", "top",
                                                            "other"}


def test_unknown_decision_asked(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack(DIAMOND, INPUTS)
    with pytest.raises(EvaluationError) as exc:
        evaluate(pack, {"x": 1}, decisions=["topp"])
    assert exc.value.code == "UNKNOWN-DECISION" and "did you mean 'top'" in exc.value.message


def versioned(version_by: str | None) -> dict[str, Any]:
    d = {"id": "fee", "label": {"da": "Gebyr", "en": "Fee"},
         "requires": {"inputs": ["applied"]},
         "versions": [
             {"valid_from": "2020-01-01", "valid_to": "2024-07-01", "source": "Lov A § 1",
              "expression": "100"},
             {"valid_from": "2024-07-01", "source": "Lov B § 1", "expression": "57"}]}
    if version_by:
        d["version_by"] = version_by
    return d


@pytest.mark.parametrize(("applied", "expected", "source"), [
    (dt.date(2020, 1, 1), Decimal(100), "Lov A § 1"),     # first day of the first version
    (dt.date(2024, 6, 30), Decimal(100), "Lov A § 1"),    # last day before the boundary
    (dt.date(2024, 7, 1), Decimal(57), "Lov B § 1"),      # valid_from is inclusive
    (dt.date(2099, 12, 31), Decimal(57), "Lov B § 1"),    # open-ended newest version
])
def test_version_by_a_case_date(make_pack: Any, evaluate: Any, applied: dt.date,
                                expected: Decimal, source: str) -> None:
    pack = make_pack([versioned("applied")], INPUTS)
    result = evaluate(pack, {"applied": applied}, as_of=dt.date(2030, 1, 1))
    assert result.values["fee"] == expected
    if result.trace is not None:
        d = result.trace.decision("fee")
        assert d.version.source == source and d.selected_date == applied
        assert d.selected_by == "applied"


@pytest.mark.parametrize(("as_of", "expected"), [
    (dt.date(2024, 6, 30), Decimal(100)), (dt.date(2024, 7, 1), Decimal(57)),
])
def test_version_by_the_as_of_date(make_pack: Any, evaluate: Any, as_of: dt.date,
                                   expected: Decimal) -> None:
    pack = make_pack([versioned(None)], INPUTS)
    assert evaluate(pack, {"applied": dt.date(2000, 1, 1)}, as_of=as_of).values["fee"] == expected


def test_a_date_before_every_version_names_decision_date_and_ranges(make_pack: Any,
                                                                    evaluate: Any) -> None:
    pack = make_pack([versioned("applied")], INPUTS)
    with pytest.raises(EvaluationError) as exc:
        evaluate(pack, {"applied": dt.date(2019, 12, 31)})
    err = exc.value
    assert err.code == "VERSION-NONE"
    assert "'fee'" in err.message and "2019-12-31" in err.message
    assert "[2020-01-01, 2024-07-01), [2024-07-01, …)" in err.message


def test_version_by_must_give_a_date(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([versioned("applied + duration(\"PT1H\") = null")], INPUTS)
    with pytest.raises(EvaluationError) as exc:
        evaluate(pack, {"applied": dt.date(2021, 1, 1)})
    assert exc.value.code == "VERSION-DATE"


def test_table_reads_another_decisions_allowed_values(make_pack: Any, evaluate: Any) -> None:
    level = table_decision("level", [{"id": "L1", "when": ["< 10"], "then": "low"},
                                     {"id": "L2", "when": [">= 10"], "then": "high"}],
                           outputs=[{"name": "level", "allowed_values": ["low", "high"]}])
    fee = table_decision("fee", [{"id": "F1", "when": ["low"], "then": 1},
                                 {"id": "F2", "when": ["high"], "then": 2}],
                         inputs=[{"expression": "level"}],
                         requires={"decisions": ["level"]})
    pack = make_pack([level, fee])
    assert evaluate(pack, {"x": 30}).values == {"level": "high", "fee": Decimal(2)}


def test_a_pack_can_be_named_instead_of_pathed(monkeypatch: pytest.MonkeyPatch) -> None:
    """`regel eval NAME` and load_pack(NAME) find a bundled pack by its folder name."""
    from pathlib import Path

    import regel.load as loader
    import regel.load.locate
    examples = Path(__file__).resolve().parents[2] / "examples" / "packs"
    monkeypatch.setattr(regel.load.locate, "rules_dir", lambda: examples)
    assert loader.load_pack("library-fees").id == "library-fees"
    with pytest.raises(PackError) as exc:
        loader.load_pack("library-fee")
    assert exc.value.diagnostics[0].code == "PACK-NOT-FOUND"
    assert "did you mean 'library-fees'" in exc.value.diagnostics[0].message


@pytest.mark.parametrize("as_of", [dt.date(2020, 1, 1), dt.date(2031, 12, 31)])
def test_today_in_rules_is_the_as_of_date(make_pack: Any, evaluate: Any,
                                          as_of: dt.date) -> None:
    """Replaying a decision years later must give the same answer: today() is the as-of
    date the evaluation was made for, not the calendar."""
    pack = make_pack([literal("age_of_claim", "today() - applied", inputs=["applied"])], INPUTS)
    result = evaluate(pack, {"applied": dt.date(2019, 12, 31)}, as_of=as_of)
    days = (as_of - dt.date(2019, 12, 31)).days
    assert result.values["age_of_claim"] == DaysTimeDuration.of(days=days)
