"""How fast typed generated code could be: two decisions of the bundled pack written out as
a type-aware compiler would write them, against the engine's generated code and the
hand-written Python of ``pack_main.py``.

The engine's generated code (``regel.run.compiled.compile_decision``, with the pack's fact
classes, as a question's function has it) checks at every operation what FEEL needs
checked of a value whose type it does not know: null, its class, a fallback
to the general operator, a warning. For a question's facts the classes are known before the
decisions run (the question's fact check has proved them: a date is a ``datetime.date``, a
required fact is not null), and so are those of many decisions' values. The ``typed_*``
functions below are what code generated with that knowledge would be, written by hand:
the table's input expressions and its rules in rule order (FIRST: the first hit decides),
the literal expression's context entries in order, FEEL's arithmetic (34 digits, round
half up), null only where a fact or value may be null, a day that would be clamped or a
sum of a null handed on (``Slow``: the engine's general way, as its generated code does),
the budget's steps counted as the generated code counts them. They are not hand-tuned
Python (``pack_main.hand`` is that, and the baseline).

For ``extension_required`` (a FIRST table of 10 rules over 8 input expressions) and
``reduction`` (a context of 13 entries with two functions, a filter, ``sum``, ``min`` and
``max``) it first checks on every case of ``pack_main.make_cases`` that the three give the
same value (the generated and typed code also the same written form), then times them
block by block, taking turns (``table_200.best_rates``):

    python benchmarks/typed_bound.py [--cases 2000] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pack_main  # noqa: E402  (benchmarks/ is on sys.path as the script dir)
from table_200 import best_rates  # noqa: E402

import regel  # noqa: E402
from regel.feel.budget import Budget, budget  # noqa: E402
from regel.feel.compiler import Scope  # noqa: E402
from regel.feel.values import FEEL_CONTEXT, FeelFunction  # noqa: E402
from regel.run.compiled import compile_decision, fact_kinds  # noqa: E402

D2002, D2011 = dt.date(2002, 1, 1), dt.date(2011, 1, 1)
ZERO, CENT = Decimal(0), Decimal("0.01")
MUL, SUB, ADD, PLUS = FEEL_CONTEXT.multiply, FEEL_CONTEXT.subtract, FEEL_CONTEXT.add, \
    FEEL_CONTEXT.plus
COVERED = {"final": ["a1", "a2", "final"], "a2": ["a1", "a2"], "a1": ["a1"]}


class Slow(Exception):
    """The typed code hands the case on (the engine's generated code does the same)."""


def _shift(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months (FEEL's date + years-months duration); Slow when the day
    would be clamped (31 January + 1 month), which FEEL warns of."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    try:
        return dt.date(year, month0 + 1, day.day)
    except ValueError:
        raise Slow from None


def typed_extension_required(facts: dict[str, Any], values: dict[str, Any], as_of: dt.date,
                             b: Budget) -> Any:
    start, posted = facts["original_start_date"], facts.get("security_posted_date")
    expiry, kind = facts["current_expiry_date"], facts["extension_application_type"]
    outcome, extendable = facts.get("extension_outcome"), facts.get(
        "temporary_permit_extendable")
    applied = facts["extension_application_date"]
    if not D2002 <= as_of:
        raise Slow
    # the input expressions, in column order
    from_2011 = (posted if posted is not None else start) >= D2011
    ten_years = expiry >= _shift(start, 120)
    expired = expiry < applied
    shifted = _shift(applied, 12)
    window_end, within = expiry == shifted, expiry <= shifted
    # the rules, in order; the first hit decides
    if from_2011 is False:
        return {"required": False, "reason": "posted_before_2011"}
    if ten_years is True:
        return {"required": False, "reason": "ten_years_covered"}
    if kind == "permanent_residence" and outcome == "granted":
        return {"required": False, "reason": "permanent_residence_granted"}
    if kind == "permanent_residence" and outcome == "refused" and extendable is True:
        return {"required": True, "reason": "permanent_residence_refused_extendable"}
    if kind == "permanent_residence" and outcome == "refused":
        return {"required": False, "reason": "permanent_residence_refused_not_extendable"}
    if kind == "permanent_residence":
        return {"required": False, "reason": "permanent_residence_pending"}
    if kind == "temporary_extension" and expired is True:
        return {"required": True, "reason": "expired"}
    if kind == "temporary_extension" and window_end is True:
        return {"required": True, "reason": "expires_within_12_months"}
    if kind == "temporary_extension" and within is True:
        return {"required": True, "reason": "expires_within_12_months"}
    if kind == "temporary_extension":
        return {"required": False, "reason": "not_expiring_within_12_months"}
    return None


def typed_reduction(facts: dict[str, Any], values: dict[str, Any], as_of: dt.date,
                    b: Budget) -> Any:
    current, requested = facts["current_amount"], facts["reduction_request_date"]
    granted = facts.get("reductions_granted")
    series, index_factor = values["amount_series"], values["index_factor"]
    if not D2002 <= as_of or index_factor.__class__ is not FeelFunction:
        raise Slow
    level = Decimal(requested.year)
    b.steps += 1
    factor = index_factor.invoke([series["base_year"], level], None)

    def at(amount: Decimal | None) -> Decimal | None:
        b.steps += 2    # the call, and round half up
        if amount is None or factor is None:
            return None
        return PLUS(MUL(amount, factor).quantize(CENT, None, FEEL_CONTEXT))

    covered = COVERED.get(values["highest_test_passed"], [])
    if granted is None:
        granted = []
    if series["a1_step"] is not None:
        b.steps += len(covered)
        steps = [x for x in covered if x not in granted]
    else:
        steps = []
    wanted = ZERO
    for step in steps:
        amount = at(series[step + "_step"])
        if amount is None:
            raise Slow          # a sum with a null in it: FEEL warns
        wanted = ADD(wanted, amount)
    floor = at(series["floor"])
    lowest = current if floor is None else min(current, max(floor, SUB(current, wanted)))
    return {"level_year": level, "steps": steps, "reduction_amount": SUB(current, lowest),
            "new_amount": lowest, "floor": floor,
            "floor_applied": floor is not None and SUB(current, wanted) < floor,
            "effective_date": requested}


def _hand(did: str) -> Any:
    """The hand-written decision of pack_main.py, given (``extra``) what its caller there
    works out for it by hand: the amount series and the highest test passed."""
    if did == "extension_required":
        return lambda facts, extra: pack_main.extension_required(facts)
    return lambda facts, extra: pack_main.reduction(facts, *extra)


def _hand_inputs(did: str, facts: dict[str, Any]) -> tuple[Any, ...]:
    if did == "extension_required":
        return ()
    series = pack_main.amount_series(facts["application_date"], facts["original_start_date"])
    return series, pack_main.highest_test(facts["reduction_request_date"], facts)


TYPED = {"extension_required": typed_extension_required, "reduction": typed_reduction}


def _jobs(pack: Any, did: str, cases: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each case with the values of the decisions ``did`` reads, where the generated code
    answers it plainly (no warning, nothing handed on)."""
    d = pack.decisions[did]
    generated = compile_decision(d, False, fact_kinds(pack))
    jobs = []
    for facts in cases:
        day = pack_main.as_of(facts)
        values = pack.evaluate(facts, decisions=list(d.decisions) or None, as_of=day,
                               trace=False).values if d.decisions else {}
        scope = Scope({})
        try:
            with budget(None) as b:
                value = generated(facts, values, day, scope, b)
        except Exception:   # (Slow: the engine's general way answers)
            continue
        if not scope.warnings:
            jobs.append((facts, values, day, value, _hand_inputs(did, facts)))
    return jobs


def measure(pack: Any, did: str, cases: list[dict[str, Any]], runs: int) -> dict[str, Any]:
    generated = compile_decision(pack.decisions[did], False, fact_kinds(pack))
    typed, hand = TYPED[did], _hand(did)
    jobs = _jobs(pack, did, cases)
    for facts, values, day, value, extra in jobs:   # the three agree on every case
        with budget(None) as b:
            got = typed(facts, values, day, b)
        pack_main.check(repr(got) == repr(value), f"{did}: typed {got!r}, generated {value!r}")
        pack_main.check(hand(facts, extra) == value, f"{did}: hand-written differs")
    b = Budget()

    def run_generated(job: tuple[Any, ...]) -> Any:
        b.steps = 0
        return generated(job[0], job[1], job[2], Scope({}), b)

    def run_typed(job: tuple[Any, ...]) -> Any:
        b.steps = 0
        return typed(job[0], job[1], job[2], b)

    rates = best_rates([lambda job: hand(job[0], job[4]), run_typed, run_generated], jobs,
                       runs)
    us = [1e6 / r for r in rates]
    return {"decision": did, "cases": len(jobs), "hand_us": round(us[0], 2),
            "typed_us": round(us[1], 2), "generated_us": round(us[2], 2),
            "generated_over_typed": round(us[2] / us[1], 2),
            "typed_over_hand": round(us[1] / us[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000, help="generated cases (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="passes; the best counts (default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.runs < 1:
        parser.error("--cases and --runs must be at least 1")
    pack = regel.load_pack(pack_main.PACK)
    cases = pack_main.make_cases(args.cases)
    rows = [measure(pack, did, cases, args.runs) for did in TYPED]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'decision':20} {'cases':>6} {'hand µs':>8} {'typed µs':>9} {'generated µs':>13}"
          f" {'generated/typed':>16} {'typed/hand':>11}")
    for r in rows:
        print(f"{r['decision']:20} {r['cases']:6} {r['hand_us']:8.2f} {r['typed_us']:9.2f} "
              f"{r['generated_us']:13.2f} {r['generated_over_typed']:15.2f}x "
              f"{r['typed_over_hand']:10.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
