"""A question's generated fact check (``QUICK`` in regel.run.compiled) against plain_facts.

QUICK checks the facts a question reads one by one, without a loop, and gives None where it
is not sure (a fact it does not read, a fact given as null, an int for a number, a value
of another type, one not allowed, a required one missing): plain_facts decides then.
Wherever QUICK gives facts, they must be plain_facts' own, key for key, value for value,
type for type.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from regel import load_pack
from regel.run.compiled import fact_kinds, plain_facts
from tests.feel.test_codegen import mode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import pack_main  # noqa: E402  (benchmarks/ holds the realistic case generator)

ODD = [None, 3, "2024-01-01", Decimal("1.000"), Decimal("-5"), Decimal("NaN"), True,
       dt.datetime(2024, 1, 1, 12, 0), ["a1"], ("a1", "a2"), "a9", {"x": 1}, 10 ** 40,
       Decimal("1E+40"), dt.date(2024, 2, 29), Decimal("1E+7000"), Decimal("sNaN"),
       Decimal("-0"), Decimal("12345678901234567890123456789012345678.5"), Decimal("-1E-3")]


def _variants(rng: random.Random, facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts as given, and with one fact made odd, dropped, or one added."""
    out = [dict(facts)]
    for _ in range(6):
        changed = dict(facts)
        name = rng.choice(sorted(changed) or ["permit_basis"])
        what = rng.random() if name in changed else 0.9
        if what < 0.6:
            changed[name] = rng.choice(ODD)
        elif what < 0.8:
            del changed[name]
        else:
            changed[rng.choice(["unknown_fact", "permit_basis", "current_amount"])] = \
                rng.choice(ODD + ["spouse", Decimal("100")])
        out.append(changed)
    return out


def test_the_questions_quick_fact_check_gives_plain_facts_own_or_nothing() -> None:
    pack = load_pack("sikkerhedsstillelse")
    kinds = fact_kinds(pack)
    decisions = pack_main.DECISIONS
    rng = random.Random(16)
    cases = pack_main.make_cases(300) + [dict(t.facts) for t in pack.tests]
    with mode("generated"):
        pack.evaluate(cases[0], decisions, as_of=pack_main.as_of(cases[0]), trace=False)
    route = pack.compiled[("quick", *decisions)]    # (targets, order, question key)
    made = pack.compiled[route[2]].__globals__
    quick, optional = made["QUICK"], made["LACKING"].optional
    required = {iid for did in route[1] for iid in pack.decisions[did].inputs
                if iid not in pack.decisions[did].optional}
    reads = {iid for did in route[1] for iid in pack.decisions[did].inputs}
    assert set(optional) == reads - required
    answered = unsure = 0
    for case in cases:
        for raw in _variants(rng, case):
            found = quick(raw)
            if found is None:
                unsure += 1
                continue
            answered += 1
            got, mask = found     # bit i: the i-th optional fact is not given
            assert mask == sum(1 << i for i, iid in enumerate(optional) if iid not in raw)
            assert all(got.get(iid) is not None for iid in required), raw
            want = plain_facts(kinds, raw)
            assert want is not None, raw
            assert list(got) == [k for k in got if k in want] and set(got) == set(want)
            for k, v in got.items():
                assert v == want[k] and type(v) is type(want[k]), (k, v, want[k])
                if isinstance(v, Decimal):
                    assert str(v) == str(want[k])
    # most generated cases give exactly the facts the question reads
    assert answered > 250 and unsure > 250, (answered, unsure)


def _generic(pack: Any, raw: dict[str, Any], order: list[str]) -> dict[str, Any] | None:
    """What _plain_checked gave before the order's own check: plain_facts, then every
    required fact there."""
    facts = plain_facts(fact_kinds(pack), raw)
    if facts is None:
        return None
    for did in order:
        d = pack.decisions[did]
        if any(facts.get(iid) is None and iid not in d.optional for iid in d.inputs):
            return None
    return facts


def test_the_traced_way_s_fact_check_is_the_generic_one() -> None:
    """compile_facts (a traced or general evaluation's check of the facts, from the
    second time an order is asked) gives what plain_facts and the required facts give,
    key for key, value for value, type for type, or None where they give None (the keys
    in the order it reads them: nothing goes by the checked facts' order)."""
    from regel.run.compiled import compile_facts

    pack = load_pack("sikkerhedsstillelse")
    rng = random.Random(17)
    cases = pack_main.make_cases(200) + [dict(t.facts) for t in pack.tests]
    orders = [list(pack.decisions), ["reduction", "amount_to_post"], ["validity_regime"]]
    given = none = 0
    for order in orders:
        check = compile_facts(pack, order)
        for case in cases:
            for raw in _variants(rng, case):
                got, want = check(raw), _generic(pack, raw, order)
                if want is None:
                    assert got is None, raw
                    none += 1
                    continue
                given += 1
                assert got is not None and set(got) == set(want), raw   # (in its order)
                for k, v in got.items():
                    assert repr(v) == repr(want[k]) and type(v) is type(want[k]), (k, v)
    assert given > 500 and none > 500, (given, none)


def test_the_warnings_of_facts_a_case_lacks_are_the_references() -> None:
    """The question's function finds the warnings of the optional facts a case lacks by
    QUICK's mask (or, where plain_facts checked them, by the facts): the same warnings,
    in the same order, as the reference gives, for every combination dropped here."""
    pack = load_pack("sikkerhedsstillelse")
    decisions = pack_main.DECISIONS
    optional = sorted({iid for did in decisions for iid in pack.decisions[did].optional})
    assert len(optional) >= 6
    rng = random.Random(18)
    cases = []
    for case in pack_main.make_cases(60):
        for _ in range(3):
            dropped = {k: v for k, v in case.items() if k not in rng.sample(optional, 3)}
            cases += [dropped, {**dropped, "reduced_to_amount": 250000}]   # (an int: PLAIN)

    def answers() -> list[Any]:
        out = []
        for raw in cases:
            for _ in range(2):    # the second time by the question's function
                ev = pack.evaluate(raw, decisions, as_of=pack_main.as_of(raw), trace=False)
                out.append((ev.values, [(w.code, w.decision, w.rule, repr(w.values))
                                        for w in ev.warnings]))
        return out

    with mode("reference"):
        want = answers()
    with mode("generated"):
        got = answers()
    assert sum(len(w) for _, w in want) > 300
    assert [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w] == []
