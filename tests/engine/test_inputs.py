"""Strict inputs: every case fact is checked against its declared type and allowed
values; a missing or wrong fact is an error naming the field, all of them at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regel.base.errors import CaseError

INPUTS = {
    "amount": {"type": "number", "label": {"da": "Beløb", "en": "Amount"}, "allowed": ">= 0"},
    "kind": {"type": "string", "label": {"da": "Art", "en": "Kind"},
             "allowed_values": ["book", "film"]},
    "applied": {"type": "date", "label": {"da": "Ansøgt", "en": "Applied"}},
    "member": {"type": "boolean", "label": {"da": "Medlem", "en": "Member"}},
    "items": {"type": "list", "items": "number", "label": {"da": "Poster", "en": "Items"}},
}


def decision(optional: list[str] = ()) -> dict[str, Any]:
    return {"id": "d", "label": {"da": "d", "en": "d"},
            "requires": {"inputs": list(INPUTS)}, "optional": list(optional),
            "versions": [{"valid_from": "2000-01-01", "source": "§ 1",
                          "expression": "[amount, kind, applied, member, sum(items)]"}]}


GOOD = {"amount": Decimal("10.50"), "kind": "book", "applied": dt.date(2024, 7, 1),
        "member": True, "items": [1, 2]}


def test_good_facts(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([decision()], INPUTS)
    assert evaluate(pack, GOOD).values["d"] == [Decimal("10.50"), "book", dt.date(2024, 7, 1),
                                                True, Decimal(3)]


def test_json_style_strings_for_dates(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([decision()], INPUTS)
    assert evaluate(pack, {**GOOD, "applied": "2024-07-01"}).values["d"][2] == \
        dt.date(2024, 7, 1)


@pytest.mark.parametrize(("change", "field", "code", "words"), [
    ({"amount": "10"}, "amount", "CASE-TYPE", "must be a number"),
    ({"amount": True}, "amount", "CASE-TYPE", "must be a number"),
    ({"amount": Decimal("-1")}, "amount", "CASE-NOT-ALLOWED", ">= 0"),
    ({"kind": "bok"}, "kind", "CASE-NOT-ALLOWED", "did you mean 'book'"),
    ({"kind": 3}, "kind", "CASE-TYPE", "must be a text"),
    ({"applied": "1. juli 2024"}, "applied", "CASE-TYPE", "not a valid date"),
    # FEEL holds year -2017 and 10000, a pack's facts stay within Python's years
    ({"applied": "-2017-12-31"}, "applied", "CASE-TYPE", "not a valid date"),
    ({"applied": "10000-01-01"}, "applied", "CASE-TYPE", "not a valid date"),
    ({"applied": dt.datetime(2024, 7, 1, 12, 0)}, "applied", "CASE-TYPE", "must be a date"),
    ({"member": "yes"}, "member", "CASE-TYPE", "true or false"),
    ({"items": [1, "2"]}, "items", "CASE-TYPE", "must be a number"),
    ({"amont": 5}, "amont", "CASE-UNKNOWN-FACT", "did you mean 'amount'"),
])
def test_bad_fact_is_named(make_pack: Any, evaluate: Any, change: dict[str, Any], field: str,
                           code: str, words: str) -> None:
    pack = make_pack([decision()], INPUTS)
    with pytest.raises(CaseError) as exc:
        evaluate(pack, {**GOOD, **change})
    fields = {(f, c) for f, c, _ in exc.value.problems}
    assert (field, code) in fields
    message = next(m for f, c, m in exc.value.problems if f == field)
    assert words in message


def test_missing_facts_are_all_reported_at_once(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([decision()], INPUTS)
    with pytest.raises(CaseError) as exc:
        evaluate(pack, {"amount": 1, "kind": "film", "items": []})
    missing = sorted(f for f, c, _ in exc.value.problems if c == "CASE-MISSING-FACT")
    assert missing == ["applied", "member"]
    assert "Applied" in str(exc.value)


def test_an_optional_fact_may_be_missing_with_a_warning(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([decision(optional=["member"])], INPUTS)
    facts = {k: v for k, v in GOOD.items() if k != "member"}
    result = evaluate(pack, facts)
    assert result.values["d"][3] is None
    assert [w.code for w in result.warnings] == ["INPUT-MISSING"]
    if result.trace is not None:
        origins = {i.name: i.origin for i in result.trace.decision("d").inputs}
        assert origins["member"] == "missing" and origins["amount"] == "fact"


def test_floats_are_refused(make_pack: Any, evaluate: Any) -> None:
    pack = make_pack([decision()], INPUTS)
    with pytest.raises(CaseError) as exc:
        evaluate(pack, {**GOOD, "amount": 10.5})
    assert exc.value.problems[0][0] == "amount"
