"""``Pack.function``: one decision as a plain callable gives what ``evaluate`` gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from regel import load_pack
from regel.base.errors import CaseError, EvaluationError

PACKS = ["sikkerhedsstillelse", "familiesammenfoering"]


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_callable_gives_what_evaluate_gives_for_every_pack_test(pack_id: str) -> None:
    pack = load_pack(pack_id)
    compared = 0
    for test in pack.tests:
        for did in test.expect:
            if did not in pack.decisions:
                continue
            try:
                want = pack.evaluate(test.facts, [did], test.as_of, trace=False).values[did]
            except (CaseError, EvaluationError) as err:
                with pytest.raises(type(err)):
                    pack.function(did)(test.facts, test.as_of)
                continue
            fn = pack.function(did)
            assert fn(test.facts, test.as_of) == want, (test.name, did)
            assert fn(test.facts, test.as_of) == want      # the generated path, again
            compared += 1
    assert compared > 10


def test_an_unknown_decision_is_refused_with_a_hint() -> None:
    pack = load_pack("sikkerhedsstillelse")
    with pytest.raises(EvaluationError) as err:
        pack.function("amount_to_pots")
    assert err.value.code == "UNKNOWN-DECISION"
    assert "amount_to_post" in str(err.value)
    for odd in (["amount_to_post"], None, 5, {"a": 1}):   # no decision id: the same error
        with pytest.raises(EvaluationError) as err:
            pack.function(odd)  # type: ignore[arg-type]
        assert err.value.code == "UNKNOWN-DECISION"


def test_facts_are_checked_as_evaluate_checks_them() -> None:
    pack = load_pack("sikkerhedsstillelse")
    fn = pack.function("validity_regime")
    with pytest.raises(CaseError) as err:
        fn({"application_date": "not a date", "original_start_date": dt.date(2012, 1, 1)},
           dt.date(2024, 1, 1))
    assert err.value.code == "CASE-TYPE"
    with pytest.raises(CaseError) as missing:
        fn({"application_date": dt.date(2012, 1, 1)}, dt.date(2024, 1, 1))
    assert missing.value.code == "CASE-MISSING-FACT"


def test_the_regime_follows_the_rules_dates() -> None:
    """validity_regime: applications after 15 November 2017 fall under the 2018 rules;
    before, a security posted before 1 January 2011 under the 2006 rules (legal brief)."""
    fn = load_pack("sikkerhedsstillelse").function("validity_regime", dt.date(2024, 1, 1))
    cases = [(dt.date(2017, 11, 16), dt.date(2018, 3, 1), "R2018"),
             (dt.date(2010, 5, 1), dt.date(2010, 12, 31), "R2006"),
             (dt.date(2010, 5, 1), dt.date(2011, 1, 1), "R2011"),
             (dt.date(2012, 5, 1), dt.date(2012, 7, 1), "R2012")]
    for _ in range(3):                      # the reference, then the generated function
        for applied, posted, regime in cases:
            assert fn({"application_date": applied, "original_start_date": posted}) == regime


def test_a_kept_value_is_the_callers_own_copy() -> None:
    """satsregulering reads no fact: it is computed once per version and kept; what a
    caller is given is a copy, so changing it changes nothing for the next call."""
    pack = load_pack("sikkerhedsstillelse")
    fn = pack.function("satsregulering", dt.date(2024, 6, 1))
    first = fn({})
    first = fn({})
    assert first[0]["percent"] == Decimal("3.2") and first[0]["year"] == 2003
    first[0]["percent"] = Decimal(99)
    first.clear()
    again = fn({})
    assert again[0]["percent"] == Decimal("3.2")
    assert len(again) == 13
    # the same through an untraced evaluation (the question's generated function)
    for _ in range(4):
        got = pack.evaluate({}, ["satsregulering", "index_basis"], dt.date(2024, 6, 1),
                            trace=False).values["satsregulering"]
        assert got[0]["percent"] == Decimal("3.2") and len(got) == 13
        got[0]["percent"] = Decimal(99)
        got.clear()


@pytest.mark.parametrize("facts", [[1, 2], "application_date", None, 42])
def test_facts_that_are_no_mapping_are_a_case_error_both_ways(facts: object) -> None:
    pack = load_pack("sikkerhedsstillelse")
    fn = pack.function("validity_regime", dt.date(2024, 1, 1))
    for call in (fn, lambda f: pack.evaluate(f, ["validity_regime"], trace=False)):
        with pytest.raises(CaseError) as err:
            call(facts)
        assert err.value.code == "CASE-FORMAT"
