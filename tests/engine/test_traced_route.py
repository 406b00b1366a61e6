"""A traced question asked again goes the short way (regel.run.evaluate.traced_evaluation:
its decisions and their order kept, no Case made); whatever it answers must be what the
general way (``regel.run.evaluate.evaluate``) answers for the same call: the values, the
warnings and the whole trace, or the same error. Each question and each set of facts
below is asked twice first (the second time keeps the plan and makes the traced code)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import RegelError
from regel.run.evaluate import evaluate

AS_OF = dt.date(2025, 3, 1)
MAIN = ["validity_regime", "validity_end_date", "amount_series", "indexed_amounts",
        "amount_to_post", "reduction", "extension_required", "extension_terms"]

#: a reunification case of the bundled pack with every fact plain (as an embedding
#: program gives them: numbers as Decimal, dates as datetime.date)
FACTS: dict[str, Any] = {
    "permit_basis": "ss9_1_1", "application_date": dt.date(2019, 3, 4),
    "permit_date": dt.date(2020, 8, 17), "original_start_date": dt.date(2020, 8, 17),
    "test_a1_passed_date": dt.date(2021, 5, 2), "reduction_request_date": dt.date(2022, 1, 10),
    "reductions_granted": [], "original_amount": Decimal("106224.71"),
    "current_amount": Decimal("106224.71"), "current_expiry_date": dt.date(2030, 8, 17),
    "extension_application_date": dt.date(2029, 12, 1),
    "extension_application_type": "temporary_extension",
}

#: the facts, and variants the short way hands to the general way or answers with warnings
VARIANTS = {
    "plain": FACTS,
    "an optional fact missing (a warning)": {k: v for k, v in FACTS.items()
                                             if k != "test_a1_passed_date"},
    "a day clamped (FEEL warns, the decisions after it do not)": {
        **FACTS, "original_start_date": dt.date(2016, 2, 29),
        "current_expiry_date": dt.date(2024, 2, 29)},
    "a number as an int": {**FACTS, "current_amount": 106224},
    "a date as text": {**FACTS, "permit_date": "2020-08-17"},
    "an unknown fact": {**FACTS, "shoe_size": Decimal(44)},
    "a required fact missing": {k: v for k, v in FACTS.items() if k != "application_date"},
    "a value not allowed": {**FACTS, "permit_basis": "ss99"},
}

#: the decisions asked, as a caller may pass them
QUESTIONS: dict[str, Any] = {
    "the main decisions": MAIN,
    "as a tuple": tuple(MAIN),
    "one decision": ["reduction"],
    "every decision (None)": None,
    "every decision (an empty list)": [],
    "an unknown decision": ["reduction", "no_such_decision"],
    "an id that is no text": ["reduction", ["x"]],
}


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_pack("sikkerhedsstillelse", tests=False)


def _outcome(call: Any) -> Any:
    try:
        ev = call()
    except RegelError as err:
        return ("error", err.code, str(err))
    return (ev.values, [w.to_json() for w in ev.warnings],
            ev.trace.to_json(why_not="all") if ev.trace is not None else None)


@pytest.mark.parametrize("facts", list(VARIANTS.values()), ids=list(VARIANTS))
@pytest.mark.parametrize("asked", list(QUESTIONS.values()), ids=list(QUESTIONS))
def test_the_short_way_answers_as_the_general_way(pack: Any, facts: dict[str, Any],
                                                  asked: Any) -> None:
    def short() -> Any:
        return pack.evaluate(dict(facts), decisions=asked, as_of=AS_OF, trace=True)

    def general() -> Any:
        return evaluate(pack, dict(facts), decisions=None if asked is None else list(asked)
                        if isinstance(asked, (list, tuple)) else asked, as_of=AS_OF,
                        trace=True)

    for _ in range(2):
        _outcome(short)
    assert _outcome(short) == _outcome(general)


def test_a_question_asked_again_goes_the_short_way(pack: Any) -> None:
    """The plan is kept (so the test above compares the short way, not the general one
    with itself), and the trace it gives holds the caller's facts as given."""
    facts = dict(FACTS)
    for _ in range(2):
        pack.evaluate(facts, decisions=MAIN, as_of=AS_OF, trace=True)
    plan = pack.compiled[("plan", *MAIN)]
    assert plan[0] == MAIN
    ev = pack.evaluate(facts, decisions=MAIN, as_of=AS_OF, trace=True)
    # its decisions written out in one function (compile_traced_question) by now
    assert callable(plan[2][0])
    facts["current_amount"] = Decimal(1)     # the caller changes its dict afterwards
    assert ev.trace is not None
    assert ev.trace.facts["current_amount"] == Decimal("106224.71")
    assert ev.values["reduction"]["new_amount"] == evaluate(
        pack, dict(FACTS), decisions=MAIN, as_of=AS_OF).values["reduction"]["new_amount"]


def test_the_short_way_runs_out_of_steps_where_the_general_way_does() -> None:
    """Under the pack's own limits (``limits:`` in pack.yaml), the short way spends what
    the general way spends, step for step: a decision's value weighed, a function's
    calls, a table's rules; so it runs out at the same place, with the same error."""
    from regel import Limits  # lazy: only this test sets limits

    pack = load_pack("sikkerhedsstillelse", tests=False)

    def both(steps: int) -> tuple[Any, Any]:
        pack.limits = Limits(steps=steps)
        for _ in range(2):
            _outcome(lambda: pack.evaluate(dict(FACTS), decisions=MAIN, as_of=AS_OF,
                                           trace=True))
        short = _outcome(lambda: pack.evaluate(dict(FACTS), decisions=MAIN, as_of=AS_OF,
                                               trace=True))
        general = _outcome(lambda: evaluate(pack, dict(FACTS), decisions=MAIN, as_of=AS_OF,
                                            trace=True))
        return short, general

    enough = next(n for n in range(1, 5000) if both(n)[1][0] != "error")
    assert enough > 20
    for steps in (1, 2, enough // 2, *range(enough - 12, enough + 2)):
        short, general = both(steps)
        assert short == general, steps
        assert (general[0] == "error") == (steps < enough)


def test_a_kept_decision_spends_what_computing_it_cost_both_ways(tmp_path: Path) -> None:
    """A pure decision (it reads no fact) is computed once per version and kept with its
    record; each traced case spends again the steps computing it cost (five loop rounds)
    and its weight (a list: one step), whichever way the case goes."""
    from regel import Limits  # lazy: only the step tests set limits
    from tests.packbuilder import write_pack

    def decision(did: str, expression: str, requires: dict[str, Any]) -> dict[str, Any]:
        return {"id": did, "label": {"da": did, "en": did}, "requires": requires,
                "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                              "expression": expression}]}

    pack = load_pack(write_pack(tmp_path, [
        decision("doubled", "for i in 1..5 return i * 2", {}),
        decision("total", "x + sum(doubled)", {"inputs": ["x"], "decisions": ["doubled"]})]))

    def both(steps: int) -> tuple[Any, Any]:
        pack.limits = Limits(steps=steps)
        ask = ["total"]
        for _ in range(3):
            _outcome(lambda: pack.evaluate({"x": Decimal(1)}, decisions=ask, as_of=AS_OF,
                                           trace=True))
        short = _outcome(lambda: pack.evaluate({"x": Decimal(1)}, decisions=ask,
                                               as_of=AS_OF, trace=True))
        general = _outcome(lambda: evaluate(pack, {"x": Decimal(1)}, decisions=ask,
                                            as_of=AS_OF, trace=True))
        return short, general

    enough = next(n for n in range(1, 100) if both(n)[1][0] != "error")
    assert enough >= 7      # the loop's rounds, the list's weight, sum's call
    for steps in range(1, enough + 2):
        short, general = both(steps)
        assert short == general, steps
        assert (general[0] == "error") == (steps < enough)
    assert short[0]["total"] == Decimal(31)


def test_the_facts_a_trace_shows_are_the_case_s_own(pack: Any) -> None:
    """A trace shows each fact the case gave and each its decisions read; a case that
    gives only facts they read shows what every such case shows (kept once), one that
    gives more shows those too, case after case in turn."""
    read = {"application_date", "original_start_date", "security_posted_date"}
    only = {k: v for k, v in FACTS.items() if k in read}

    def shown(facts: dict[str, Any], general: bool) -> Any:
        if general:
            ev = evaluate(pack, dict(facts), decisions=["validity_regime"], as_of=AS_OF,
                          trace=True)
        else:
            ev = pack.evaluate(dict(facts), decisions=["validity_regime"], as_of=AS_OF,
                               trace=True)
        assert ev.trace is not None
        return sorted(ev.trace.pack_info["facts"]), ev.trace.to_json()["inputs"]

    for facts in (FACTS, only) * 3:
        assert shown(facts, False) == shown(facts, True)
    assert "current_amount" in shown(FACTS, False)[0]
    assert "current_amount" not in shown(only, False)[0]
