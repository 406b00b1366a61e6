"""The generated Python (regel.feel.codegen) against the closures it stands in for.

The closure compiler is the reference. Each test runs the same thing through both (the
``TIERS`` switch of regel.feel.api: ``reference`` or ``generated``) and requires identical
values, warnings (code, values, place) and traces:

- well-formed FEEL expressions and input cells that hypothesis generates, in a context;
- every case of the DMN TCK, levels 2 and 3: the value of every result node;
- every test of every bundled rule pack: the whole trace as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regel import load_pack
from regel.base.errors import RegelError
from regel.feel import ast
from regel.feel.api import TIERS, compile_expression, compile_unary_tests, names_in, new_scope
from regel.feel.budget import budget
from regel.feel.codegen import generate, source_of
from regel.feel.compiler import INPUT
from regel.feel.jsonio import dumps
from regel.feel.parser import parse_expression
from regel.tools.testing import run_tests
from tests.feel.test_fuzz import CONTEXT, WELL_FORMED

ROOT = Path(__file__).resolve().parents[2]
TCK = ROOT.parent / "shared" / "dmn-tck"


@contextmanager
def mode(name: str) -> Iterator[None]:
    before = TIERS.mode
    TIERS.mode = name
    try:
        yield
    finally:
        TIERS.mode = before


def _outcome(run: Any) -> tuple[str, Any, Any]:
    """What running ``run()`` gives: a value with its warnings, or the error."""
    try:
        value, warnings = run()
    except RegelError as err:
        return ("error", err.code, [(d.code, d.span) for d in err.diagnostics])
    shown = [(w.code, w.key, sorted((k, repr(v)) for k, v in w.values.items()), w.span)
             for w in warnings]
    if callable(getattr(value, "invoke", None)):   # a function: its parameters
        return ("function", tuple(value.params), shown)
    return ("value", dumps(value), shown)


def _both(run: Any) -> tuple[Any, Any]:
    with mode("reference"):
        ref = _outcome(run)
    with mode("generated"):
        gen = _outcome(run)
    return ref, gen


def _expression(text: str, limits: Any = None) -> Any:
    """Evaluating ``text`` in CONTEXT under a budget of ``limits`` (None: the defaults),
    as a function that gives the value and the warnings."""
    compiled = compile_expression(text, names_in(CONTEXT))

    def run() -> tuple[Any, Any]:
        scope = new_scope(CONTEXT)
        with budget(limits):
            value = compiled.evaluate_in(scope)
        return value, scope.warnings

    return run


_FAST = settings(max_examples=1500, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(WELL_FORMED)
def test_generated_expressions_equal_the_closures(text: str) -> None:
    try:
        run = _expression(text)
    except RegelError:
        return
    ref, gen = _both(run)
    assert gen == ref, text


_CELLS = st.one_of(
    st.sampled_from(["-", "< 5", "<= 2.5", "> a", ">= b", "[1..5)", "(1..b]", '"tekst"',
                     '"x", "y"', "not(1, 2)", "? > 1", "a", "xs", "[a..10]", "null",
                     '< "m"', '>= @"2012-07-01"', '[@"2012-01-01"..@"2013-01-01")', "true",
                     "ctx.k", "count(?) > 1", "not(< 1)", "1, 2, [3..4]", "> xs"]),
    WELL_FORMED)
_VALUES = st.sampled_from([None, Decimal(0), Decimal(1), Decimal("2.5"), Decimal(7), "tekst",
                           "a", True, False, [Decimal(1), Decimal(2)], {"k": Decimal(1)}])


@_FAST
@given(_CELLS, _VALUES)
def test_generated_cells_equal_the_closures(text: str, value: Any) -> None:
    try:
        cell = compile_unary_tests(text, names_in(CONTEXT))
    except RegelError:
        return

    def run() -> tuple[Any, Any]:
        scope = new_scope(CONTEXT)
        with budget():
            result = cell.test_in(value, scope.child({INPUT: value}))
        return result, scope.warnings

    ref, gen = _both(run)
    assert gen == ref, (text, value)


@pytest.mark.parametrize("text", [
    # what the pack sikkerhedsstillelse writes: a function over a filtered table
    "function(f, t) if t = f then 1 else {rates: xs[item > f and item <= t], "
    "factor: if count(rates) = t - f then product(for r in rates return 1 + r / 100) "
    "else null}.factor",
    "{p: 1, q: p + 1, r: [p, q][item > 1]}.r",
    "ctx.k + ctx.l[2] + xs[-1]",
    "for i in 1..3 return i * a",
    "sum(xs[item > 1]) + count([])",
    "{fac: function(n) if n = 0 then 1 else n * fac(n - 1), y: fac(5)}.y",
])
def test_the_generator_writes_these_itself(text: str) -> None:
    """The constructs the packs use are written as Python, not run as closures."""
    node = parse_expression(text, {*CONTEXT, "f", "t", "rates", "factor", "r", "p", "q", "i"})
    source = source_of(generate(node))
    # a closure runs only for a filter of an empty list (to tell [][1] from a filter)
    assert [line for line in source.splitlines()
            if "Scope(" in line and "EMPTY(" not in line] == [], source
    assert "eval(" not in source and "exec(" not in source
    ref, gen = _both(_expression(text))
    assert gen == ref and ref[0] in ("value", "function")


def test_literals_are_repr_of_their_values_and_names_are_generated() -> None:
    node = parse_expression('{"weird name": 1.5, b: "x\\"y"}', set())
    source = source_of(generate(node))
    assert "Decimal('1.5')" in source and "'x\"y'" in source
    assert "weird" not in source.replace("'weird name'", "")


# --------------------------------------------------------------------------- TCK

def _tck_values(level: str) -> list[Any]:
    from regel.tools.tck import run_tck  # lazy: only this test reads the TCK
    out = []
    for case in run_tck(TCK / level):
        for node in case.nodes:
            out.append((case.folder, case.case_id, node.name, dumps(node.actual)
                        if not callable(getattr(node.actual, "invoke", None)) else "fn",
                        node.passed))
    return out


@pytest.mark.skipif(not TCK.is_dir(), reason="the DMN TCK is read from ../shared/dmn-tck")
@pytest.mark.parametrize("level", ["compliance-level-2", "compliance-level-3"])
def test_the_tck_gives_the_same_values_both_ways(level: str) -> None:
    with mode("reference"):
        ref = _tck_values(level)
    with mode("generated"):
        gen = _tck_values(level)
    assert len(ref) > 100
    assert [g for g, r in zip(gen, ref, strict=True) if g != r] == []


# --------------------------------------------------------------------------- packs

def _pack_traces(pack_id: str) -> list[str]:
    pack = load_pack(pack_id)
    run = run_tests(pack)
    return [json.dumps(json.loads(dumps(r.trace.to_json())) if r.trace else None,
                       sort_keys=True) + str(r.passed) for r in run.results]


@pytest.mark.parametrize("pack_id", ["sikkerhedsstillelse", "familiesammenfoering"])
def test_every_pack_test_gives_the_same_trace_both_ways(pack_id: str) -> None:
    with mode("reference"):
        ref = _pack_traces(pack_id)
    with mode("generated"):
        gen = _pack_traces(pack_id)
    assert len(ref) > 10
    assert gen == ref


def test_the_generated_function_is_the_tree_written_out() -> None:
    """Not text substitution: the same node kinds give the same code shape whatever the
    names are."""
    one = source_of(generate(parse_expression("alpha + beta", {"alpha", "beta"})))
    two = source_of(generate(parse_expression("x y + zeta", {"x y", "zeta"})))
    assert one.replace("alpha", "N1").replace("beta", "N2") == \
        two.replace("x y", "N1").replace("zeta", "N2")
    assert isinstance(parse_expression("a", {"a"}), ast.Name)


def _limited(pack: Any, facts: dict[str, Any], asked: list[str], limits: Any
             ) -> tuple[Any, ...]:
    """An untraced evaluation on 2024-01-01 under ``limits``: (its values as JSON,), or
    (the error's code, its text)."""
    try:
        ev = pack.evaluate(facts, asked, dt.date(2024, 1, 1), trace=False, limits=limits)
    except RegelError as err:
        return (err.code, str(err))
    return (dumps(ev.values),)


def _limited_both_ways(run: Any) -> tuple[Any, Any]:
    """``run()`` as the reference answers, then as generated code does."""
    with mode("reference"):
        ref = run()
    with mode("generated"):
        gen = run()
    return ref, gen


def _untraced(pack: Any, facts: dict[str, Any], as_of: Any,
              asked: list[str] | None = None) -> tuple[Any, ...]:
    try:
        ev = pack.evaluate(facts, asked, as_of=as_of, trace=False)
    except RegelError as err:
        return ("error", err.code, [d.code for d in err.diagnostics])
    return ("value", dumps(ev.values),
            [(w.code, w.decision, w.rule, repr(sorted(w.values.items())), w.span)
             for w in ev.warnings])


@pytest.mark.parametrize("pack_id", ["sikkerhedsstillelse", "familiesammenfoering"])
def test_every_pack_test_gives_the_same_untraced_answer_both_ways(pack_id: str) -> None:
    """Untraced, a decision runs as one generated function (regel.run.compiled); each
    case twice, so that the second run is the generated one in either mode."""
    pack = load_pack(pack_id)
    cases = [(t.facts, t.as_of) for t in pack.tests]
    with mode("reference"):
        ref = [_untraced(pack, f, a) for f, a in cases for _ in range(2)]
    with mode("generated"):
        gen = [_untraced(pack, f, a) for f, a in cases for _ in range(2)]
    assert len(ref) > 20
    assert [(i, g) for i, (g, r) in enumerate(zip(gen, ref, strict=True)) if g != r] == []


def test_kept_values_and_remembered_calls_spend_the_budget_the_reference_spends(
        tmp_path: Path) -> None:
    """Decisions that read no fact are kept per version and a function they give
    remembers its answers; each use spends again the steps it cost, so a budget runs out
    at the same step both ways, however often the case is asked."""
    from regel import Limits  # lazy: only this test sets limits
    from tests.packbuilder import write_pack

    exprs = {"a": "count(for i in 1..6 return i)",
             "f": "function(n) sum(for i in 1..n return i)",
             "b": "f(4) + f(4) + a"}
    decisions = [{"id": did, "label": {"da": did, "en": did},
                  "requires": {"decisions": ["a", "f"] if did == "b" else []},
                  "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 1",
                                "expression": text,
                                **({"type": "number"} if did != "f" else {})}]}
                 for did, text in exprs.items()]
    pack = load_pack(write_pack(tmp_path, decisions), tests=False)

    ref, gen = _limited_both_ways(lambda: [
        (steps, *_limited(pack, {}, ["b"], Limits(steps=steps)))
        for steps in range(8, 30) for _ in range(3)])
    assert gen == ref
    # f(4) = 1 + 2 + 3 + 4 = 10, twice, and a counts 6 numbers
    assert ref[0][1] == "LIMIT-STEPS" and json.loads(ref[-1][1]) == {"b": 26}


def test_a_function_that_reads_no_fact_is_kept_and_its_warnings_are_the_references(
        tmp_path: Path) -> None:
    """A decision with parameters that reads no fact (a business knowledge model) is
    made once per version and remembers its answers untraced; a call that warns (a
    division by zero) still gives the reference's warning, in the case that makes it,
    and a budget still runs out at the same step, however often the case is asked."""
    from regel import Limits  # lazy: only this test sets limits
    from tests.packbuilder import write_pack

    decisions = [
        {"id": "g", "label": {"da": "g", "en": "g"}, "parameters": ["n"],
         "versions": [
             {"valid_from": "2020-01-01", "valid_to": "2024-01-01", "source": "Test Act § 1",
              "expression": "sum(for i in 1..3 return i) / n"},
             {"valid_from": "2024-01-01", "source": "Test Act § 2",
              "expression": "sum(for i in 1..4 return i) / n"}]},
        {"id": "b", "label": {"da": "b", "en": "b"},
         "requires": {"inputs": ["x"], "decisions": ["g"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 3",
                       "type": "number", "expression": "g(x) + g(2)"}]}]
    pack = load_pack(write_pack(tmp_path, decisions), tests=False)

    def outcomes(steps_from: int) -> list[Any]:
        out = []
        for steps in (*range(steps_from, steps_from + 20), 10_000):
            for x, day in ((1, "2021-05-01"), (0, "2021-05-01"), (1, "2024-05-01"),
                           (0, "2024-05-01"), (3, "2024-05-01")):
                try:
                    ev = pack.evaluate({"x": x}, ["b"], dt.date.fromisoformat(day),
                                       trace=False, limits=Limits(steps=steps))
                    out.append((steps, dumps(ev.values),
                                [(w.code, w.decision, w.rule) for w in ev.warnings]))
                except RegelError as err:
                    out.append((steps, err.code, str(err)))
        return out

    def traces() -> list[str]:
        return [json.dumps(json.loads(dumps(pack.evaluate(
            {"x": x}, ["b"], dt.date.fromisoformat(day)).trace.to_json())), sort_keys=True)
            for _ in range(3) for x, day in ((1, "2021-05-01"), (0, "2021-05-01"),
                                              (1, "2024-05-01"), (2, "2024-05-02"))]

    with mode("reference"):
        ref = outcomes(1)
        ref_traces = traces()
    with mode("generated"):
        gen = outcomes(1)
        gen_traces = traces()
    assert gen == ref
    assert gen_traces == ref_traces
    calls = json.loads(gen_traces[-1])["decisions"][0]["calls"]   # remembered: g(2)
    assert [c["selected_by"]["date"] for c in calls] == ["2024-05-02", "2024-05-02"]
    last = {(v[0], i % 5): v for i, v in enumerate(ref) if v[0] == 10_000}
    # 2021: g(n) = 6 / n; 2024: g(n) = 10 / n; g(0) is null with a warning
    assert json.loads(last[(10_000, 0)][1]) == {"b": 9}
    assert json.loads(last[(10_000, 2)][1]) == {"b": 15}
    assert json.loads(last[(10_000, 1)][1]) == {"b": None}
    assert last[(10_000, 1)][2] and last[(10_000, 0)][2] == []
    assert ref[0][1] == "LIMIT-STEPS"


def _model_called_by_a_function(tmp_path: Path, versions: list[dict[str, Any]], body: str,
                                 question: str, defined: str = "function(k) {}",
                                 first: bool = False) -> Any:
    """A pack where ``b`` (reading the fact x) asks ``question`` of ``f``, a decision that
    reads no fact and gives ``function(k) body`` (``defined``, of the body), which calls
    the business knowledge model ``g(n)`` of ``versions`` (as index_factor calls
    index_basis). ``first``: before them all, ``a`` (which ``b`` requires) spends a step
    for each of 1 to x."""
    from tests.packbuilder import write_pack

    decisions = [
        {"id": "a", "label": {"da": "a", "en": "a"}, "requires": {"inputs": ["x"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 5",
                       "type": "number",
                       "expression": "count(for i in 1..(if x > 1 then x else 1) return i)"}]},
        {"id": "g", "label": {"da": "g", "en": "g"}, "parameters": ["n"], "versions": versions},
        {"id": "f", "label": {"da": "f", "en": "f"}, "requires": {"decisions": ["g"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 3",
                       "expression": defined.format(body)}]},
        {"id": "b", "label": {"da": "b", "en": "b"},
         "requires": {"inputs": ["x"], "decisions": ["f", "a"] if first else ["f"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 4",
                       "type": "number", "expression": question}]}]
    return load_pack(write_pack(tmp_path, decisions if first else decisions[1:]),
                     tests=False)


#: the model of _model_called_by_a_function the remembering tests ask, and its cases
_G_2021_2024 = [
    {"valid_from": "2020-01-01", "valid_to": "2024-01-01", "source": "Test Act § 1",
     "expression": "6 / n"},
    {"valid_from": "2024-01-01", "source": "Test Act § 2",
     "expression": "sum(for i in 1..4 return i) / n"}]
_ASKED = ((1, "2021-05-01"), (0, "2021-05-01"), (1, "2024-05-01"), (-1, "2024-05-02"),
          (3, "2024-05-01"))


def _traced_outcomes(pack: Any, by_pack: bool, rounds: int = 2,
                     traced: bool = True) -> list[Any]:
    """Each case of _ASKED asked ``rounds`` times under each of a range of step and
    depth limits: its values, warnings and whole trace (``traced``), or the error it
    raised. The limits are the pack's own (``by_pack``: the question's way) or given to
    ``evaluate`` (the general way)."""
    from regel import Limits  # lazy: only these tests set limits

    out = []
    limits = [Limits(steps=n) for n in (*range(1, 16), 10_000)]
    limits += [Limits(depth=n) for n in range(1, 5)]
    for limit in limits:
        if by_pack:
            pack.limits = limit
        for _ in range(rounds):
            for x, day in _ASKED:
                try:
                    ev = pack.evaluate({"x": x}, ["b"], dt.date.fromisoformat(day),
                                       limits=None if by_pack else limit, trace=traced)
                    out.append((limit, dumps(ev.values),
                                [(w.code, w.decision, w.rule) for w in ev.warnings],
                                json.dumps(json.loads(dumps(ev.trace.to_json())),
                                           sort_keys=True) if traced else None))
                except RegelError as err:
                    out.append((limit, err.code, str(err)))
    return out


def test_a_function_value_that_calls_functions_is_remembered_traced(tmp_path: Path) -> None:
    """A decision that reads no fact and gives a function calling a business knowledge
    model (as index_factor calls index_basis) remembers its calls from one traced case to
    the next: a remembered call appends again, dated for the case, the records its calls
    made in the model's record. Values, warnings, limit errors (steps and depth) and whole
    traces must be the reference's, however often the case is asked; a call that warns
    (g(0): a division by zero) is run each time."""
    from regel import Limits  # lazy: only these tests set limits

    pack = _model_called_by_a_function(tmp_path, _G_2021_2024, "g(k) + g(k + 1)",
                                       "f(x) + f(2)")
    with mode("reference"):
        ref = _traced_outcomes(pack, False)
    with mode("generated"):
        gen = _traced_outcomes(pack, False)
    assert gen == ref
    assert pack.compiled[("nested calls", "f")][1]   # the traced calls were remembered
    full = [o for o in ref if o[0] == Limits(steps=10_000)]
    # 2024: g(n) = 10 / n; b = f(3) + f(2) = (10/3 + 10/4) + (10/2 + 10/3)
    assert json.loads(full[4][1])["b"] == json.loads(dumps(
        {"b": Decimal(10) / 3 + Decimal(10) / 4 + Decimal(10) / 2 + Decimal(10) / 3}))["b"]
    calls = json.loads(full[3][3])["decisions"]
    g_record = next(d for d in calls if d["id"] == "g")
    assert [c["selected_by"]["date"] for c in g_record["calls"]] == ["2024-05-02"] * 4
    assert full[1][2] and not full[0][2]          # f(0) calls g(0): a warning, each time
    assert any(o[1] == "LIMIT-STEPS" for o in ref)
    assert any(o[1] == "LIMIT-DEPTH" for o in ref)


@pytest.mark.parametrize("defined", ["function(k) {}",
                                     # a definition that calls g: never defined lazily
                                     "if g(1) > 0 then function(k) {} else null"])
def test_a_traced_question_defines_such_a_function_once_a_period_has_shown_how(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defined: str) -> None:
    """The traced question's own way to such a function (regel.run.evaluate's
    _lazy_function): once a case of a period has defined it without a step or a warning,
    the next cases of that period do not define it again; a call not remembered (g(0)
    warns: never remembered) defines the case's own function then and calls it. Under
    the pack's own limits (so that the traced question answers), values, warnings, limit
    errors and whole traces must be the reference's, the first time and after."""
    import regel.run.evaluate as evaluation  # lazy: only this test watches it

    pack = _model_called_by_a_function(tmp_path, _G_2021_2024, "g(k) + g(k + 1)",
                                       "f(x) + f(2)", defined)
    again: list[int] = []
    lazy_invoke = evaluation._lazy_invoke

    def counted(*args: Any) -> Any:
        again.append(1)
        return lazy_invoke(*args)

    monkeypatch.setattr(evaluation, "_lazy_invoke", counted)
    with mode("reference"):
        ref = _traced_outcomes(pack, True, 3)
    assert not again
    with mode("generated"):
        gen = _traced_outcomes(pack, True, 3)
    assert gen == ref
    # the lazy way answered, and f(0)'s calls defined f again; not where f's
    # definition calls g (a step, and a call in g's record, for every case)
    assert bool(again) is defined.startswith("function")
    assert any(o[1] == "LIMIT-STEPS" for o in ref) and len(ref[-1]) == 4


@pytest.mark.parametrize("defined", ["function(k) {}",
                                     # a definition that costs steps of its own, after a
                                     # decision whose steps the case decides
                                     "if count(for i in 1..5 return i) > 0 then "
                                     "function(k) {} else null"])
def test_pure_decisions_that_follow_each_other_are_kept_together(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defined: str) -> None:
    """An untraced question finds the kept values of pure decisions that follow each
    other in its order (g, then f: as satsregulering, index_basis and index_factor) at
    once, once each has been kept for a period (regel.run.evaluate's _block_keeper),
    spending what each would spend. Under the pack's own limits (so that the question's
    function answers, and a budget that runs out meets the block), values, warnings and
    limit errors must be the reference's, in both periods, the first time and after.
    Found with it: a kept function (f) made anew for the reference to go on with called
    the kept one it reads (g), which hands a call that warns over with an internal
    signal (now every function the decisions still to come read, at any depth, is made
    anew); and a remembered call did not need the depth its calls went to."""
    import regel.run.evaluate as evaluation  # lazy: only this test watches it

    first = defined.startswith("if")
    pack = _model_called_by_a_function(tmp_path, _G_2021_2024, "g(k) + g(k + 1)",
                                       "f(x) + f(2) + a * 0" if first else "f(x) + f(2)",
                                       defined, first)
    together: list[bool] = []
    block_keeper = evaluation._block_keeper

    def watched(*args: Any) -> Any:
        keep_all, fill = block_keeper(*args)

        def counted(*call: Any) -> bool:
            together.append(keep_all(*call))
            return together[-1]
        return counted, fill

    monkeypatch.setattr(evaluation, "_block_keeper", watched)
    with mode("reference"):   # twice: the small budgets again once the values are kept
        ref = [_traced_outcomes(pack, True, 3, traced=False) for _ in range(2)]
    with mode("generated"):
        gen = [_traced_outcomes(pack, True, 3, traced=False) for _ in range(2)]
    assert gen == ref
    ref = ref[0]
    assert True in together and False in together    # kept, and found at once after
    assert any(o[1] == "LIMIT-STEPS" for o in ref) and len(ref[-1]) == 4


def test_code_too_deep_for_python_is_left_to_the_closures() -> None:
    """Found by the long fuzz run in the generated mode: 778 nested ``function()`` made a
    source of many megabytes (each level indents its body further). The generator stops
    at Python's own indentation limit, and the closures run the expression."""
    import sys  # lazy: only this test raises the recursion limit
    import tracemalloc  # lazy: only this test measures memory

    from regel.feel.codegen import Unsupported

    text = "function() " * 600 + "1"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    try:
        node = parse_expression(text, set())
        tracemalloc.start()
        try:
            with pytest.raises(Unsupported):
                generate(node)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 4_000_000, f"{peak:,} bytes to find out it cannot be written"
        with mode("generated"):
            compiled = compile_expression(text)
            value = compiled.evaluate().value
    finally:
        sys.setrecursionlimit(limit)
    assert callable(getattr(value, "invoke", None))


@pytest.mark.parametrize("name", ["round half up", "round half down", "round up",
                                  "round down", "floor", "ceiling", "decimal"])
def test_a_rounding_with_a_written_scale_is_the_built_in_s(name: str) -> None:
    """``round half up(n, 2)`` is written as one quantize where the number allows it;
    the built-in itself is the reference, at the edges too (halves, negative halves that
    round to zero, 28 to 31 digits before the point, a list of one number, null, text)."""
    numbers: list[Any] = [Decimal(t) for t in [
        "2.5", "-2.5", "-0.005", "1.005", "12345.675", "0", "-0.4", "9" * 28 + ".5",
        "9" * 29 + ".5", "1E+29", "1E+30", "-1E+31"]] + [[Decimal("2.5")], None, "2.5"]
    for scale in ["0", "2", "29", "30", "31", "-1", "2.5"]:
        compiled = compile_expression(f"{name}(n, {scale})", {"n"})   # n: not folded
        for n in numbers:
            def run(n: Any = n, compiled: Any = compiled) -> tuple[Any, Any]:
                scope = new_scope({"n": n})
                with budget():
                    value = compiled.evaluate_in(scope)
                return value, scope.warnings

            ref, gen = _both(run)
            assert gen == ref, (name, n, scale)


@pytest.mark.parametrize("column, cells, facts", [
    # a later rule's cell compares with another fact: a number with a text warns
    ("x", ["-", "> y"], {"x": 1, "y": "s"}),
    # the column's value is a number or a text: a later literal cell warns on the text
    ('if x > 0 then x else "neg"', ["-", "< 5"], {"x": -1, "y": "s"}),
    ('if x > 0 then x else "neg"', ["-", "< 5"], {"x": 1, "y": "s"}),
    ('if x > 0 then x else "neg"', ['"neg"', "< 5", "[1..9]"], {"x": -1, "y": "s"}),
    ('if x > 0 then x else "neg"', ["< 5", '"neg"'], {"x": 2, "y": "s"}),
])
def test_a_first_table_warns_of_the_cells_after_its_hit(
        tmp_path: Path, column: str, cells: list[str], facts: dict[str, Any]) -> None:
    """The reference tests every rule of a FIRST table, so a later rule's cell that warns
    warns in the case; the generated code, which stops at the first hit, must say so too
    (it hands such a case to the reference)."""
    from tests.packbuilder import write_pack
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "y": {"type": "string", "label": {"da": "y", "en": "y"}}}
    d = {"id": "out", "label": {"da": "o", "en": "o"}, "requires": {"inputs": ["x", "y"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": "FIRST", "inputs": [{"expression": column}],
                                 "outputs": [{"name": "out"}],
                                 "rules": [{"id": f"R{i}", "when": [c], "then": f'"r{i}"'}
                                           for i, c in enumerate(cells, 1)]}}]}
    pack = load_pack(write_pack(tmp_path, [d], inputs))

    def run() -> Any:
        r = pack.evaluate(dict(facts), as_of=dt.date(2024, 1, 1), trace=False)
        return r.values, [(w.code, w.decision, w.rule) for w in r.warnings]

    with mode("reference"):
        want = run()
    assert [run() for _ in range(3)] == [want] * 3
    with mode("generated"):
        assert run() == want


_DECISION_INPUTS = {"a": {"type": "number", "label": {"da": "a", "en": "a"}},
                    "b": {"type": "number", "label": {"da": "b", "en": "b"}},
                    "s": {"type": "string", "label": {"da": "s", "en": "s"}}}


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(WELL_FORMED)
def test_a_literal_decision_warns_as_the_reference_in_either_tier(tmp_path: Path,
                                                                   text: str) -> None:
    """A decision's literal expression keeps its generated answer when it warns: the
    evaluation gives the reference's values and warnings (code, decision, values, place),
    for the decision asked alone and read by another decision."""
    from tests.packbuilder import write_pack
    if "now(" in text:
        return   # the clock moves between two evaluations: nothing to compare
    decisions = [
        {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["a", "b", "s"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "expression": text}]},
        {"id": "e", "label": {"da": "e", "en": "e"}, "requires": {"decisions": ["d"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                       "expression": "[d, d]"}]}]
    root = tmp_path / f"p{abs(hash(text))}"
    try:
        pack = load_pack(write_pack(root, decisions, _DECISION_INPUTS))
    except RegelError:
        return   # a name the pack does not have, say
    facts = {"a": 3, "b": Decimal("2.5"), "s": "tekst"}

    def run(asked: list[str] | None) -> Any:
        return _untraced(pack, facts, dt.date(2024, 1, 1), asked)

    for asked in (None, ["d"]):
        with mode("reference"):
            want = run(asked)
        got = [run(asked) for _ in range(3)]      # the reference, then generated code
        with mode("generated"):
            got.append(run(asked))
        assert got == [want] * 4, text


def _traced_json(pack: Any, facts: dict[str, Any], as_of: Any) -> tuple[Any, ...]:
    try:
        ev = pack.evaluate(facts, ["t"], as_of=as_of, trace=True)
    except RegelError as err:
        return ("error", err.code, [d.code for d in err.diagnostics])
    return ("value", dumps(ev.values), repr(ev.trace.to_json(why_not="all")["decisions"]))


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(WELL_FORMED, st.sampled_from(["UNIQUE", "FIRST", "COLLECT"]))
def test_a_table_rule_s_output_warns_as_the_reference_in_either_tier(
        tmp_path: Path, text: str, policy: str) -> None:
    """A table rule's output that warns keeps the table's generated answer where the
    code can say which rule warned (a UNIQUE or FIRST table whose cells cannot warn):
    traced and untraced, the evaluation gives the reference's values, warnings (with
    their rules) and trace, whatever the output's expression."""
    from tests.packbuilder import write_pack
    if "now(" in text:
        return   # the clock moves between two evaluations: nothing to compare
    table = {"hit_policy": policy, "inputs": [{"expression": "a"}, {"expression": "s"}],
             "outputs": [{"name": "out"}, {"name": "n"}],
             "rules": [{"id": "R1", "when": ["> 1", '"tekst"'], "then": [text, "1"]},
                       {"id": "R2", "when": ["<= 1", "-"], "then": ["null", "2"]}]}
    decisions = [{"id": "t", "label": {"da": "t", "en": "t"},
                  "requires": {"inputs": ["a", "b", "s"]},
                  "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                                "table": table}]}]
    root = tmp_path / f"t{abs(hash((text, policy)))}"
    try:
        pack = load_pack(write_pack(root, decisions, _DECISION_INPUTS))
    except RegelError:
        return   # a name the pack does not have, say
    day = dt.date(2024, 1, 1)
    for facts in ({"a": 3, "b": Decimal("2.5"), "s": "tekst"},
                  {"a": 0, "b": Decimal(1), "s": "tekst"}):
        with mode("reference"):
            want = (_untraced(pack, facts, day, ["t"]), _traced_json(pack, facts, day))
        got = [(_untraced(pack, facts, day, ["t"]), _traced_json(pack, facts, day))
               for _ in range(3)]        # the reference, then generated code
        assert got == [want] * 3, (text, policy, facts)


@pytest.mark.parametrize("text", [
    # a date moved by months: day 28 or before is kept; later days may be clamped, which
    # the general operator does (with its warning); years past Python's date are its too
    'date("2024-01-28") + duration("P1M")', 'date("2024-01-31") + duration("P1M")',
    'date("2023-03-29") - duration("P1M")', 'date("2024-02-29") + duration("P1Y")',
    'date("2024-12-15") + duration("P13M")', 'date("2024-01-15") - duration("P25M")',
    'date("9999-12-01") + duration("P1M")', 'date("0001-01-05") - duration("P1M")',
    # years and months times a number: a whole number below ten million here, any other
    # number (a fraction, a larger one) as the general operator
    'duration("P1Y2M") * 3', '3 * duration("P1M")', 'duration("P1M") * -2',
    'duration("P1M") * 1.5', 'duration("P1M") * 2000000', '0 * duration("P5Y")',
    'duration("P1M") * 1000000', 'duration("P1M") * 1.000', 'duration("P1M") * -2.5',
    'duration("P1M") * 9999999', 'duration("P1M") * 10000000', 'duration("P1M") * 1E+40',
    'duration("-P1Y") * 0.5', 'date("2024-03-31") - duration("P1M")',
    'date("2023-12-30") + duration("P2M")', 'date("2024-01-29") + duration("P1M")',
    # whole years: the day and month kept, unless there is no such day (29 February) or
    # the year is past Python's; a fact's date as well as a literal
    'date("2024-02-29") + duration("P4Y")', 'date("2024-02-29") - duration("P1Y")',
    'date("2024-02-29") + duration("P12M")', 'date("9999-06-01") + duration("P1Y")',
    'date("0001-06-01") - duration("P1Y")', 'date("2020-05-31") + duration("-P2Y")',
    'date("2020-05-31") - duration("-P2Y")', 'date("2020-01-01") + duration("P0Y")',
    'date("2020-01-01") + duration("P999999999Y")', 'date("2020-01-01") - duration("P24M")',
    '{d: date("2024-02-29"), r: d + duration("P1Y")}.r',
    '{d: date("2024-02-29"), r: [d + duration("P8Y"), d - duration("P4Y")]}.r',
    '{d: date("2019-05-31"), r: d - duration("P10Y")}.r',
    # a literal's known type rules a fast way out; the others stay
    'duration("P1Y") + duration("P2M")', 'duration("P1Y") - date("2020-01-01")',
    'date("2020-02-29") + 2 * duration("P1Y")', '"tekst" + duration("P1M")',
    'a + duration("P1M")', 'duration("P1M") * a', 'a * duration("P1M") + date("2024-01-31")',
    # a context that defines functions: an entry made before is known, one made after is
    # not there yet when a function is called early (then the name is unknown)
    "{f: function(x) x + later, g: f(1), later: 5, h: f(2), k: [g, h]}.k",
    "{a: 2, f: function(x) x * a + b, b: f(1), c: f(b)}.c",
    # a function of a context only read by one entry and only called by its name is a
    # plain Python function: called before and after, in its own body, with a
    # failure inside, from a function that leaves the context, from a construct the
    # closures run (two iterations), and not when an item could hide it or it is a value
    "{f: function(x) x * 2, r: f(3) + f(4)}.r",
    "{fac: function(n) if n = 0 then 1 else n * fac(n - 1), y: fac(5)}.y",
    "{f: function(x) x / 0, r: f(1)}.r",
    '{f: function(x) x, r: f(1, 2)}.r',
    "{f: function(x) x, r: [f][1](2)}.r",
    "{f: function(x) x > 1, r: [1, 2, 3][f(item)]}.r",
    "{h: {a: function(x) x + 1, g: function(y) a(y) * 2}.g, r: h(3)}.r",
    "{f: function(x) x + 1, r: for a in [1, 2], b in [3] return f(a + b)}.r",
    "{f: function(x) x + 1, r: f(x: 2)}.r",
    "{g: function(x) f(x), f: function(x) x + 1, r: g(1)}.r",
    # a filter of an empty list: [] when its condition is never a number (not run then),
    # else the condition tells an index from a filter
    "[][item > 1]", "[][not(list contains(xs, item))]", "[][item.k = 1 and item.l > 2]",
    "[][some x in xs satisfies x > item]", "[][item instance of number]", "[][1]", "[][a]",
    "[][if item = null then 1 else true]", "xs[item > 5][item < 9]",
    # a built-in of one list called with one argument: a list, or one value as a list
    "sum(xs)", "sum(5)", "sum([])", "sum(null)", "max(xs)", "min(s)", "sum(ctx)",
    "product(xs)", "mean(xs)", "all([true, null])", "any(false)", "sum([1, \"a\"])",
    # a comparison with null is true or false: nothing to check where it is used
    "a = null or b = null", "a != null and s = null", "if s != null then 1 else 2",
    "{k: a = null, r: if k then 1 else 2}.r", "{k: a != null, r: k and 1}.r",
    "{k: a != null, f: function(x) k or x, r: f(null)}.r", "(a = null) or 5",
    # a years-months literal compares as its type orders it, with others as FEEL says
    'duration("P1Y") < duration("P2Y")', 'duration("P1Y") = duration("P12M")',
    '[duration("P1Y")][item > duration("P2M")]', 'duration("P1Y") < 5',
    'duration("P1Y") in [duration("P12M")]', 'date("2020-01-01") < duration("P1Y")',
    # min and max of two numbers or two dates: the first unless the second is beyond it
    # (2.50 and 2.5 are equal; which one is given shows), others as the built-in
    "{x: 2.50, y: 2.5, r: [min(x, y), min(y, x), max(x, y), max(y, x)]}.r",
    "{x: 2.50, y: 2.5, r: [string(min(x, y)), string(min(y, x)), string(max(x, y))]}.r",
    "{x: 1, y: 2, r: [min(x, y), min(y, x), max(x, y), max(y, x), min(x, x)]}.r",
    '{d: date("2020-01-01"), e: date("2019-05-31"), r: [min(d, e), max(d, e)]}.r',
    '{x: 1, y: "a", r: min(x, y)}.r', "{x: null, y: 1, r: [min(x, y), max(y, x)]}.r",
    '{x: "b", y: "a", r: [min(x, y), max(x, y)]}.r', "max(a, b)", "min(b, a)",
    '{x: duration("P1Y"), y: duration("P2M"), r: min(x, y)}.r',
    # a built-in called at once without its guard: what goes wrong in Python goes to the
    # general call, which says what the guard says
    'abs(s)', "sqrt(-a)", "decimal(1 / 3, 1000000)", "log(0)", "exp(100000)",
    "modulo(a, 0)", "string length(a)", "flatten([[1, [2]], xs])", "substring(s, 1.5)",
    "floor(1E+6000, 2)", "power(10, 100000)", "sum([a, b, 1E+6000])",
])
def test_the_generators_shortcuts_give_the_references_values(text: str) -> None:
    ref, gen = _both(_expression(text))
    assert gen == ref, text
    assert ref[0] == "value"


#: lists whose items the code knows to be of one plain class (a list literal's, a filter's
#: of such a list, either branch of an if, an empty list), and some it must not
_KNOWN_ITEMS = [
    '["a", "b", "c"][item != "b"]', '["a", "b"][list contains(xs, item)]',
    '{granted: ["a"], r: ["a", "b"][not(list contains(granted, item))]}.r',
    '{k: "x", r: ["a", "b"][item = k or k = "x"]}.r', '[1, 2, 3][item > a]',
    '[date("2020-01-01"), date("2021-01-01")][item > date("2020-06-01")]',
    '[true, false][item]', '[][item = 1]', 'count(["a", "b"][item = "a"])', 'count([])',
    '{c: if a > 1 then ["a", "b"] else [], r: [count(c), c[item = "b"]]}.r',
    '{c: if a < 1 then ["a", "b"] else [], r: [count(c), c[item = "b"]]}.r',
    '{c: if a > 1 then [1, 2] else ["x"], r: c[item = 1]}.r',   # two classes: not known
    'for x in ["a", "b"] return x + "!"', "for x in [] return x", "for x in [1, 2] return x * a",
    'for x in ["a", "b"][item = "b"] return count([x])', "sum(for x in [1, 2][item > 1] return x)",
    '["a", 1][item = 1]', '[null, "a"][item = "a"]', '["a", s][item = "a"]',
    '["a", "b"][item]', '["a", "b"][1]', "[1, 2][item]", "[1, 2][item + 1]",
    '["a", "b"][item > 1]', '["a", "b"][item.k = 1]', '[{k: 1}, {k: 2}][k > 1]',
    "{item: 5, r: [1, 2][item > 1]}.r", '{a: "b", r: ["a", "b"][item = a]}.r',
    '{xs: ["a"], r: [count(xs), xs[item = "a"], for x in xs return x]}.r',
    "count(xs)", "count(a)", "count(null)", "for x in xs return x", "xs[item > 1]",
    "for x in [1, 2]..3 return x", "for x in [1]..[2] return x",
    # values the code knows to be of one class or null (a junction's, a rounding's, a
    # sum's, min and max of two numbers, an if with null in a branch, a call written in
    # place): compared with values of other classes, as the reference compares them
    "(a > 1 and b > 1) = 1", "(a > 1 or b < 1) = true", "(a > 1 and null) = null",
    '{k: a > 1 and s = "x", r: [k = false, k != null, k = 1, k < 2]}.r',
    'sum([a, b]) = "x"', 'min(a, b) < date("2020-01-01")', "round half up(a, 2) = true",
    "max(a, null) = null", 'count(xs) = "2"', "product([a, b]) > 1",
    '{v: if a > 1 then null else 5, r: [v = "5", v = 5, v < 6, v < "6"]}.r',
    '{f: function(x) if x = null then null else round half up(x, 2), r: [f(a) = "1", '
    'f(null) = null, f(1.005) > 1, f(a) < "1", f(1.005) > "a"]}.r',
    'sum([a, b]) < "x"', 'round half up(a, 2) > "a"', 'min(a, b) < "a"', "(a > 1) < 2",
]


@pytest.mark.parametrize("text", _KNOWN_ITEMS)
def test_a_list_of_items_of_one_class_gives_the_references_values(text: str) -> None:
    """Values and warnings (a condition that is no boolean, an item compared with a
    value of another class) as the reference's."""
    ref, gen = _both(_expression(text))
    assert gen == ref, text


@pytest.mark.parametrize("text", [t for t in _KNOWN_ITEMS
                                  if "xs" not in t and "ctx" not in t and "item =" not in t])
def test_a_decision_of_known_classes_answers_as_the_reference(tmp_path: Path, text: str
                                                             ) -> None:
    """The same as a decision's code, which knows more (no name but its own is in scope,
    the facts' classes, a function called by its name written in place), untraced: its
    values and warnings as the reference's."""
    from tests.packbuilder import write_pack

    decision = {"id": "d", "label": {"da": "d", "en": "d"},
                "requires": {"inputs": ["a", "b", "s"]},
                "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                              "expression": text}]}
    pack = load_pack(write_pack(tmp_path, [decision], _DECISION_INPUTS))
    for facts in ({"a": Decimal(3), "b": Decimal("2.5"), "s": "x"},
                  {"a": Decimal("0.5"), "b": Decimal(0), "s": "tekst"}):
        with mode("reference"):
            want = _untraced(pack, facts, dt.date(2024, 1, 1), ["d"])
        with mode("generated"):
            got = [_untraced(pack, facts, dt.date(2024, 1, 1), ["d"]) for _ in range(3)]
        assert got == [want] * 3, (text, facts)


def test_a_list_of_items_of_one_class_is_written_plainly() -> None:
    """A filter of it reads no item's entries (none is a context), count is its length,
    and for runs over it as it is; a list of items of two classes keeps the general way."""
    def source(text: str) -> str:
        return source_of(generate(parse_expression(text, set(CONTEXT))))

    known = source('{c: if a > 1 then ["a", "b"] else [], '
                   'r: [count(c[item != "a"]), for x in c return x]}.r')
    assert "enumerate(" not in known and "ITER(" not in known, known
    assert not re.search(r"isinstance\(i\d+, dict\)", known) and "Decimal(len(" in known
    mixed = source('{c: if a > 1 then [1, 2] else ["x"], r: [count(c), c[item = 1]]}.r')
    assert "enumerate(" in mixed and "Decimal(len(" not in mixed, mixed


#: contexts whose weighing (Budget.weigh) the code knows, and some whose it must not
_WEIGHED = [
    ('{a: 1, b: "x", c: null, d: date("2020-01-01"), e: true}', 1),
    ('{a: [1, 2], b: "x"}', 2), ('{a: [], b: {c: [true]}}', 4), ("{a: {b: {c: 1}}}", 3),
    ('{a: if 1 > 2 then ["a"] else [], b: ["b"][item = "b"]}', 3),
    ("{a: round half up(1.005, 2), b: sum([1, 2]), c: 1 > 2 and 2 > 1, d: min(1, 2)}", 1),
    ('{a: if 1 > 2 then null else 5, b: if 1 < 2 then "x" else null}', 1),
    ("{f: function(x) if x = null then null else round half up(x, 2), a: f(1.005), "
     "r: {v: a, w: f(null)}}.r", 1),
    ("{a: [[1]]}", None), ('{a: ["x", 1]}', None), ("{a: [null]}", None),
    ('{a: if 1 > 2 then 1 else "x"}', None), ("{a: min([1], 2)}", None),
]


@pytest.mark.parametrize(("text", "steps"), _WEIGHED)
def test_the_code_knows_what_weighing_a_context_costs(text: str, steps: int | None) -> None:
    """Where the code knows what weighing the context it makes costs (each list of plain
    items and each context inside, and itself: a question spends that at once), it is
    what Budget.weigh counts of the reference's value."""
    from regel.feel.budget import Budget  # lazy: only this test weighs by hand
    from regel.feel.codegen import Writer, weight_of, write_expression

    w = Writer()
    w.closed = True     # (as a decision's code: no name but its own is in scope)
    assert weight_of(w, write_expression(w, parse_expression(text, set()))) == steps
    if steps is not None:
        with mode("reference"):
            value = _expression(text)()[0]
        budget_ = Budget()
        budget_.weigh(value, None)
        assert budget_.steps == steps


@pytest.mark.parametrize("trace", [False, True])
@pytest.mark.parametrize("steps", range(1, 14))
def test_a_context_of_known_weight_runs_out_where_the_reference_does(
        tmp_path: Path, steps: int, trace: bool) -> None:
    """A question spends at once what weighing a decision's context costs where the code
    knows it: past the limit it stops as the reference does, naming the same place."""
    from regel import Limits  # lazy: only these tests set limits
    from tests.packbuilder import write_pack

    decisions = [{"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["x"]},
                  "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                                "expression": '{l: ["a", "b"][item != "a"], n: count(["x"]), '
                                              "r: {q: x + 1, m: [x]}}"}]}]
    pack = load_pack(write_pack(tmp_path, decisions))

    def run() -> tuple[Any, ...]:
        try:
            ev = pack.evaluate({"x": Decimal(2)}, ["d"], dt.date(2024, 1, 1), trace=trace,
                               limits=Limits(steps=steps))
        except RegelError as err:
            return (err.code, str(err))
        return (dumps(ev.values),)

    ref, gen = _limited_both_ways(lambda: [run() for _ in range(3)])
    assert gen == ref
    # the filter's 2 items, the call of count, and weighing the value: the context, its
    # list, the context inside and its list: 7 steps
    assert (ref[0][0] == "LIMIT-STEPS") == (steps < 7), ref


@pytest.mark.parametrize("steps", [*range(1, 62), 200])
def test_the_budget_runs_out_at_the_same_step_both_ways(steps: int) -> None:
    """Generated code counts its steps on the budget it finds when it starts (loops,
    filters, calls, the calls of a function it defines) and stops where the reference
    stops, naming the same place: at every step (a call written in place counts the
    call's step and its entry's together, and says which one ran out)."""
    from regel import Limits  # lazy: only these tests set limits

    text = ("{at: function(x) round half up(x * 1.5, 2), "
            "ys: for i in 1..8 return at(i), "
            "zs: ys[item > 3], total: sum(zs) + count(zs)}.total")
    ref, gen = _both(_expression(text, Limits(steps=steps)))
    assert gen == ref
    # 8 loop rounds, 8 calls of at (the call, its entry, round half up: 3 steps each),
    # 8 filtered items, sum and count: 42 steps
    assert (ref[0] == "error") == (steps < 42), ref


@pytest.mark.parametrize("steps", range(1, 11))
def test_a_call_written_in_place_runs_out_at_the_step_the_reference_does(steps: int) -> None:
    """A call of a small function a context defines, written in place, counts the call's
    step and its entry's at once; past the limit, the error names the one that passed it
    (the call, the function, round half up inside it), as the reference's does."""
    from regel import Limits  # lazy: only these tests set limits

    text = ("{at: function(x) round half up(x * 1.5, 2), a: at(1), b: at(2), c: at(3), "
            "total: a + b + c}.total")
    ref, gen = _both(_expression(text, Limits(steps=steps)))
    assert gen == ref
    assert (ref[0] == "error") == (steps < 9), ref     # 3 calls, 3 steps each


@pytest.mark.parametrize("policy", ["UNIQUE", "FIRST"])
@pytest.mark.parametrize("day", ["2024-01-31", "2024-02-29", "2024-03-15"])
@pytest.mark.parametrize("date_policy", [None, "clamp", "forbid"])
def test_a_table_whose_input_or_rule_warns_warns_as_the_reference(
        tmp_path: Path, policy: str, day: str, date_policy: str | None) -> None:
    """A table's input expression that warns (a day clamped: 31 January + 1 month) is
    reported as the reference reports it (no rule), by the table's generated code; a
    rule's output that warns (29 February + 1 year) belongs to that rule, which the
    generated code says too (tests/engine/test_rule_warnings.py). Asked alone, under the
    pack's date policy, and read by another decision."""
    from tests.packbuilder import write_pack
    inputs = {"start": {"type": "date", "label": {"da": "s", "en": "s"}},
              "n": {"type": "number", "label": {"da": "n", "en": "n"}}}
    table = {"hit_policy": policy,
             "inputs": [{"expression": 'start + duration("P1M") > date("2024-02-27")'},
                        {"expression": "n"}],
             "outputs": [{"name": "end"}],
             "rules": [{"id": "LATE", "when": ["true", "> 1"],
                        "then": 'start + duration("P1Y")'},
                       {"id": "OTHER", "when": ["-", "-"], "then": "start"}]}
    decisions = [
        {"id": "d", "label": {"da": "d", "en": "d"},
         "requires": {"inputs": ["start", "n"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": table}]},
        {"id": "e", "label": {"da": "e", "en": "e"}, "requires": {"decisions": ["d"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                       "expression": "[d, d]"}]}]
    pack = load_pack(write_pack(tmp_path, decisions, inputs,
                                **({"date_policy": date_policy} if date_policy else {})))
    for n in (1, 5):
        facts = {"start": dt.date.fromisoformat(day), "n": n}
        for asked in (None, ["d"]):
            with mode("reference"):
                want = _untraced(pack, facts, dt.date(2024, 6, 1), asked)
            got = [_untraced(pack, facts, dt.date(2024, 6, 1), asked) for _ in range(3)]
            assert got == [want] * 3, (facts, asked)


@pytest.mark.parametrize("depth", [1, 5, 29, 30, 31, 64])
@pytest.mark.parametrize("steps", [40, 60, 61, 62, 63, 200])
def test_a_plain_functions_depth_and_steps_run_out_where_the_references_do(
        depth: int, steps: int) -> None:
    """A function a context defines and calls by its name is a plain Python function in
    generated code, its call counted as FEEL's (a step, one level deeper): the budget's
    depth and steps run out at the same call both ways, with the same error."""
    from regel import Limits  # lazy: only these tests set limits

    text = "{f: function(n) if n = 0 then 0 else 1 + f(n - 1), r: f(a * 10)}.r"
    ref, gen = _both(_expression(text, Limits(steps=steps, depth=depth)))
    assert gen == ref


@pytest.mark.parametrize("steps", [3, 20, 40, 45, 46, 47, 48, 49, 50, 100])
def test_a_built_in_that_spends_steps_runs_out_where_the_reference_does(steps: int) -> None:
    """flatten counts a step for each nested list it visits: called at once by generated
    code (its own implementation, no guard), it runs out of steps at the same place as
    through call_function."""
    from regel import Limits  # lazy: only these tests set limits

    ref, gen = _both(_expression("count(flatten(for i in 1..12 return [i, [i, [i]]]))",
                                 Limits(steps=steps)))
    assert gen == ref


def test_a_case_resumed_after_a_rule_that_warns_keeps_the_warnings_of_later_calls(
        tmp_path: Path) -> None:
    """A table's rule that warns (a day clamped) where the generated code cannot place
    the warning (a COLLECT table: several rules' outputs may warn) hands that decision to
    the reference, and the question goes on from there; a kept function that a later
    decision calls is made anew first, so that its call's warning (a division by zero) is
    the case's, as in the reference; a kept function no later decision reads is left as
    it is."""
    from tests.packbuilder import write_pack

    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "y": {"type": "number", "label": {"da": "y", "en": "y"}}}
    decisions = [
        {"id": "g", "label": {"da": "g", "en": "g"}, "parameters": ["n"],
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 1",
                       "expression": "10 / n"}]},
        {"id": "h", "label": {"da": "h", "en": "h"}, "parameters": ["n"],
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 1",
                       "expression": "n / 0"}]},
        {"id": "early", "label": {"da": "e", "en": "e"},
         "requires": {"inputs": ["x"], "decisions": ["h"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 2",
                       "expression": "h(x + 1) = null"}]},
        {"id": "t", "label": {"da": "t", "en": "t"}, "requires": {"inputs": ["y"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 3", "table": {
             "hit_policy": "COLLECT", "inputs": [{"expression": "y"}],
             "outputs": [{"name": "end"}],
             "rules": [{"id": "CLAMPS", "when": ["> 0"],
                        "then": 'date("2024-01-31") + duration("P1M")'},
                       {"id": "PLAIN", "when": ["<= 0"], "then": 'date("2024-01-15")'}]}}]},
        {"id": "d", "label": {"da": "d", "en": "d"},
         "requires": {"inputs": ["x"], "decisions": ["g", "t", "early"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 4",
                       "expression": "[g(x), t, early]"}]}]
    pack = load_pack(write_pack(tmp_path, decisions, inputs), tests=False)
    for facts in ({"x": 0, "y": 1}, {"x": 2, "y": 1}, {"x": 0, "y": -1}, {"x": 5, "y": -1}):
        with mode("reference"):
            want = _untraced(pack, facts, dt.date(2024, 6, 1), ["d"])
        got = [_untraced(pack, facts, dt.date(2024, 6, 1), ["d"]) for _ in range(3)]
        assert got == [want] * 3, facts
        if facts["y"] > 0:
            assert {w[0] for w in want[2]} >= {"FEEL-DAY-CLAMPED"}
        if facts["x"] == 0:
            assert "FEEL-DIVISION-BY-ZERO" in [w[0] for w in want[2]]


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.dates(), st.integers(-12 * 10_000, 12 * 10_000))
def test_a_date_moved_fast_is_the_general_operator_s_date_or_left_to_it(
        day: dt.date, months: int) -> None:
    """SHIFT (a date plus years and months, whole years or not) gives the general
    operator's date wherever that one is a Python date and did not warn (no day clamped),
    and None, for the general operator to answer, wherever else (a year before 1 or after
    9999 is regel's wide date)."""
    from regel.feel.codegen import _RUNTIME
    from regel.feel.operators import arithmetic
    from regel.feel.values import YearsMonthsDuration
    said: list[Any] = []
    want = arithmetic("+")(day, YearsMonthsDuration(months), lambda code, **v: said.append(code))
    got = _RUNTIME["SHIFT"](day, months)
    plain = not said and want.__class__ is dt.date
    assert got == (want if plain else None), (day, months, want, said)


def test_a_remembered_call_tells_true_from_1(tmp_path: Path) -> None:
    """true and 1 are equal as Python values: a function's remembered answers must not
    give the one for the other (``string`` shows which it got), untraced or traced, the
    two in either order."""
    from tests.packbuilder import write_pack

    decisions = [
        {"id": "f", "label": {"da": "f", "en": "f"}, "parameters": ["n", "m"],
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 1",
                       "expression": "string(n) + \"/\" + string(m)"}]},
        {"id": "b", "label": {"da": "b", "en": "b"},
         "requires": {"inputs": ["x"], "decisions": ["f"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 2", "type": "string",
                       "expression": "if x = 1 then f(true, 1) else if x = 2 then f(1, true) "
                                     "else if x = 3 then f(2.0, 2) else f(2, 2.0)"}]}]
    pack = load_pack(write_pack(tmp_path, decisions), tests=False)

    def answers() -> list[Any]:
        return [pack.evaluate({"x": x}, ["b"], dt.date(2024, 1, 1), trace=traced).values["b"]
                for traced in (False, True) for _ in range(2) for x in (1, 2, 3, 4)]

    with mode("reference"):
        ref = answers()
    with mode("generated"):
        gen = answers()
    assert gen == ref
    assert ref[:4] == ["true/1", "1/true", "2/2", "2/2"]   # (string() writes 2.0 as 2)


def test_a_remembered_traced_call_keeps_the_number_as_written(tmp_path: Path) -> None:
    """2 and 2.0 are equal, but a call's record shows the argument it got: a traced call
    remembered from an earlier case (index_factor's calls of index_basis, here f's of g)
    must not give the record of 2 for a call with 2.0, in either order."""
    pack = _model_called_by_a_function(tmp_path, [
        {"valid_from": "2020-01-01", "source": "Test Act § 1", "expression": "n * 3"}],
        "g(k)", "f(x)")

    def arguments() -> list[str]:
        out = []
        for x in ("2", "2.0", "2", "2.00", "2.0"):
            ev = pack.evaluate({"x": Decimal(x)}, ["b"], dt.date(2024, 1, 1), trace=True)
            assert ev.trace is not None
            out += [repr(i.value) for c in ev.trace.decision("g").calls for i in c.inputs]
        return out

    with mode("reference"):
        ref = arguments()
    with mode("generated"):
        gen = arguments() + arguments()
    assert gen == ref + ref
    assert ref == ["Decimal('2')", "Decimal('2.0')", "Decimal('2')", "Decimal('2.00')",
                   "Decimal('2.0')"]
    assert pack.compiled[("nested calls", "f")][1]   # the traced calls were remembered


@pytest.mark.parametrize("depth", [1, 2, 5, 30, 31])
@pytest.mark.parametrize("steps", [30, 61, 62, 63, 64, 65, 200])
def test_a_call_written_in_place_runs_out_where_the_reference_does(
        depth: int, steps: int) -> None:
    """A small function that calls nothing is written in place at its calls
    (codegen._inlined): its steps, its depth (one deeper than its caller, here at the
    bottom of a recursion) and its errors are the reference's."""
    from regel import Limits  # lazy: only these tests set limits

    text = ("{at: function(x) x * 1.5 + 2, "
            "f: function(n) if n = 0 then at(n) else at(n) + f(n - 1), r: f(a * 10)}.r")
    assert "B_.peak = B_.depth + 1" in source_of(generate(parse_expression(text)))
    ref, gen = _both(_expression(text, Limits(steps=steps, depth=depth)))
    assert gen == ref


@pytest.mark.parametrize(("text", "value", "in_place"), [
    # the function's names are the context's where it is written, not the caller's
    ("{k: 2, at: function(x) x * k, r: for k in [5] return at(k)}.r", [10], False),
    ("{k: 2, at: function(x) x * k, g: function(k) at(k), r: g(7)}.r", 14, False),
    ("{k: 2, at: function(x) x * k, g: function(y) at(y), r: g(7)}.r", 14, True),
    ("{k: 2, at: function(x) x * k, r: for y in [5] return at(y)}.r", [10], True),
    # an entry made after the function, before the call: seen by both
    ("{at: function(x) x * k, k: 3, r: at(2)}.r", 6, True),
    # a parameter hides the context's entry of the same name
    ("{x: 100, at: function(x) x + 1, r: at(1)}.r", 2, True),
    # a null argument, a warning inside: the call's
    ('{at: function(x) x + 1, r: at("a")}.r', None, True),
])
def test_a_call_written_in_place_reads_the_names_the_function_reads(
        text: str, value: Any, in_place: bool) -> None:
    source = source_of(generate(parse_expression(text)))
    assert ("B_.peak = B_.depth + 1" in source) is in_place, source
    ref, gen = _both(_expression(text))
    assert gen == ref
    assert ref[1] == dumps(value)


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize(("expression", "in_place"), [
    # a built-in called in the body: written in place in a decision's code (every name is
    # known when it is written)
    ("{at: function(x) abs(x) + 1, r: at(n) + at(n - 1)}.r", True),
    # the context's own abs, a function: the call is a call (it runs one level deeper)
    ("{at: function(x) abs(x) + 1, abs: function(y) y * 2, r: at(n) + at(n - 1)}.r", False),
])
def test_a_call_in_place_in_a_decision_calls_the_built_in_only(
        tmp_path: Path, depth: int, expression: str, in_place: bool) -> None:
    """A function whose body calls a name is written in place only where that name is
    the built-in (no frame binds it); in an expression that has a scope to look names up
    in, never (the scope may hold a function of that name)."""
    from regel import Limits  # lazy: only this test sets limits
    from regel.run.compiled import compile_decision
    from tests.packbuilder import write_pack

    decision = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["n"]},
                "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 1",
                              "expression": expression}]}
    inputs = {"n": {"type": "number", "label": {"da": "n", "en": "n"}}}
    pack = load_pack(write_pack(tmp_path, [decision], inputs), tests=False)
    source = source_of(compile_decision(pack.decisions["d"]))
    assert ("B_.peak = B_.depth + 1" in source) is in_place
    assert "B_.peak = B_.depth + 1" not in source_of(generate(parse_expression(expression)))

    ref, gen = _limited_both_ways(lambda: [
        _limited(pack, {"n": 3}, ["d"], Limits(depth=depth)) for _ in range(3)])
    assert gen == ref
