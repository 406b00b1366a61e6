"""The evaluation budget (issue 19): every evaluation stops past its limits on steps, list
and string sizes and call depth, quickly, with a coded error naming the expression and the
position in it; `for` builds its result in linear time; the limits can be set from the
Python API, the pack and the command line, and bound `regel check`'s analysis too."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regel
from regel import LimitError, Limits, load_pack
from regel.cli import main
from regel.feel import evaluate
from regel.feel.budget import Budget
from tests.packbuilder import write_pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "packs" / "library-fees"

NESTED = "{d: function(f, l, n) if n = 0 then l else f(f, [l, l], n - 1), r: d(d, [1], 40)}.r"
# the rows: (expression, what it must give: a value or a LIMIT code)
ROWS = [
    # 13 s before: each round copied the partial result
    ("count(for i in 1..100000 return i)", Decimal(100000)),
    ("sum(for i in 1..100000 return 1)", Decimal(100000)),
    # nested loops hung
    ("count(for i in 1..100000, j in 1..100000 return 1)", "LIMIT-STEPS"),
    ("for i in 1..100000 return for j in 1..100000 return i", "LIMIT-STEPS"),
    ("some i in 1..1000000, j in 1..1000000 satisfies i < 0", "LIMIT-STEPS"),
    ("every i in 1..1000000, j in 1..1000000 satisfies i > 0", "LIMIT-STEPS"),
    # doubling a text or a list 40 times (MemoryError after 7-50 s, once a wrong value)
    ('{d: function(f, s, n) if n = 0 then s else f(f, s + s, n - 1), '
     'r: d(d, "ab", 40)}.r', "LIMIT-CHARS"),
    ('{d: function(f, s, n) if n = 0 then string length(s) else '
     'f(f, string join([s, s]), n - 1), r: d(d, "ab", 40)}.r', "LIMIT-CHARS"),
    ("{d: function(f, l, n) if n = 0 then count(l) else f(f, concatenate(l, l), n - 1), "
     "r: d(d, [1, 2], 40)}.r", "LIMIT-ITEMS"),
    ("{d: function(f, l, n) if n = 0 then count(l) else f(f, flatten([l, l]), n - 1), "
     "r: d(d, [1, 2], 40)}.r", "LIMIT-ITEMS"),
    # a list holding the level below twice, 40 levels deep: 2^40 items once written out,
    # in a few kilobytes of shared lists; every walk through it counts each visit
    (f"string({NESTED})", "LIMIT-STEPS"),
    (f"count(flatten({NESTED}))", "LIMIT-STEPS"),
    (f"{NESTED} = {NESTED}", "LIMIT-STEPS"),
    (NESTED, "LIMIT-STEPS"),
    ('string({d: function(f, c, n) if n = 0 then c else f(f, {a: c, b: c}, n - 1), '
     'r: d(d, {x: 1}, 40)}.r)', "LIMIT-STEPS"),
    # a function that calls itself without end
    ("{f: function(g, n) g(g, n + 1), r: f(f, 1)}.r", "LIMIT-DEPTH"),
    # work spread over filters and calls counts too
    ("{l: for j in 1..1000 return j, r: count(for i in 1..2000 return count(l[item > 0]))}.r",
     None),
    # the DMN spec's example of partial (the results so far)
    ("for i in 0..4 return if i = 0 then 1 else i * partial[-1]",
     [Decimal(1), Decimal(1), Decimal(2), Decimal(6), Decimal(24)]),
]


def _outcome(text: str, limits: Limits | None = None) -> Any:
    try:
        return evaluate(text, limits=limits).value
    except LimitError as err:
        return err.code


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_each_row_ends_quickly_with_its_value_or_its_limit(text: str, expected: Any) -> None:
    started = time.perf_counter()
    got = _outcome(text)
    assert time.perf_counter() - started < 5
    if expected is None:        # 2,000 filters of 1,000 items: 2 million steps
        assert got == "LIMIT-STEPS"
    else:
        assert got == expected


def test_the_error_names_the_expression_and_the_position_in_it() -> None:
    text = "1 + count(\n  for i in 1..10, j in 1..10 return i)"
    with pytest.raises(LimitError) as caught:
        evaluate(text, limits=Limits(steps=50))
    err = caught.value
    assert (err.code, err.first.line, err.first.column) == ("LIMIT-STEPS", 2, 3)
    assert "at line 2, column 3 of the expression `1 + count(" in err.message
    assert "50 steps" in err.message
    assert "i 2. linje" not in err.render("da") and "linje 2, kolonne 3" in err.render("da")
    assert err.excerpt().endswith("  ^" + "^" * (len("for i in 1..10, j in 1..10 return i") - 1))


@pytest.mark.parametrize(("limits", "text", "code"), [
    (Limits(steps=100), "count(for i in 1..101 return i)", "LIMIT-STEPS"),
    (Limits(steps=101), "count(for i in 1..100 return i)", None),
    (Limits(items=10), "count(for i in 1..11 return i)", "LIMIT-ITEMS"),
    (Limits(items=10), "count(concatenate([1,2,3,4,5,6], [1,2,3,4,5]))", "LIMIT-ITEMS"),
    (Limits(chars=5000), 'string length(string join(for i in 1..5001 return "x"))',
     "LIMIT-CHARS"),
    (Limits(depth=3), "{f: function(g, n) if n = 0 then 0 else g(g, n - 1), r: f(f, 3)}.r",
     "LIMIT-DEPTH"),
    (Limits(depth=4), "{f: function(g, n) if n = 0 then 0 else g(g, n - 1), r: f(f, 3)}.r",
     None),
])
def test_each_limit_is_exact_and_can_be_set(limits: Limits, text: str, code: str | None
                                            ) -> None:
    got = _outcome(text, limits)
    assert (got if isinstance(got, str) else None) == code


def _expressions(root: Path, expressions: dict[str, str], inputs: dict[str, str]) -> Path:
    """A pack of one literal-expression decision per entry of ``expressions``."""
    decisions = [{"id": did, "label": {"da": did, "en": did},
                  "requires": {"inputs": list(inputs)},
                  "versions": [{"valid_from": "2020-01-01", "source": "Test Act § 1",
                                "expression": text, "type": "number"}]}
                 for did, text in expressions.items()]
    labels = {i: {"type": t, "label": {"da": i, "en": i}} for i, t in inputs.items()}
    return write_pack(root, decisions, inputs=labels)


def test_a_case_spends_one_budget_across_its_decisions(tmp_path: Path) -> None:
    """Two decisions of 6 and 5 loop rounds and a call each: 12 steps are not enough."""
    folder = _expressions(tmp_path, {"a": "count(for i in 1..6 return i)",
                                     "b": "count(for i in 1..5 return i)"}, {})
    pack = load_pack(folder, tests=False)
    assert pack.evaluate({}, as_of=dt.date(2024, 1, 1), limits=Limits(steps=13)).values == \
        {"a": Decimal(6), "b": Decimal(5)}
    with pytest.raises(LimitError) as caught:
        pack.evaluate({}, as_of=dt.date(2024, 1, 1), limits=Limits(steps=12))
    assert "in the decision b " in caught.value.message


def test_a_pack_sets_its_limits_and_the_schema_checks_them(tmp_path: Path) -> None:
    pack = load_pack(EXAMPLE, tests=False)
    assert pack.limits is None
    folder = tmp_path / "pack"
    _copy(EXAMPLE, folder)
    pack_yaml = folder / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text() + "limits: {steps: 5000, depth: 20}\n")
    assert load_pack(folder, tests=False).limits == Limits(steps=5000, depth=20)
    pack_yaml.write_text(pack_yaml.read_text().replace("steps: 5000", "steps: 0"))
    with pytest.raises(regel.PackError) as caught:
        load_pack(folder, tests=False)
    first = caught.value.first
    assert (first.code, Path(first.file).name, first.line) == (
        "SCHEMA", "pack.yaml", len(pack_yaml.read_text().splitlines()))


def _copy(src: Path, dst: Path) -> None:
    import shutil  # lazy: only this test copies a pack
    shutil.copytree(src, dst)


# --------------------------------------------------------------------------- command line

def test_feel_takes_limits_and_reports_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    # 100 rounds and one call
    assert main(["feel", "count(for i in 1..100 return i)", "--limit", "steps=101"]) == 0
    assert capsys.readouterr().out.strip() == "100"
    code = main(["feel", "count(for i in 1..100 return i)", "--limit", "steps=100",
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    # the 101st step is the call of count, at column 1
    assert code == 1 and [(e["code"], e["line"], e["column"]) for e in out["errors"]] == [
        ("LIMIT-STEPS", 1, 1)]


@pytest.mark.parametrize("given", ["steps", "steps=", "steps=0", "steps=-3", "speed=10",
                                   "steps=1e6"])
def test_a_bad_limit_is_a_usage_error(given: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "1", "--limit", given]) == 2
    err = capsys.readouterr().err
    assert f"--limit '{given}'" in err and "steps, items, chars, depth" in err


def test_check_reports_an_analysis_that_ran_out_of_steps(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--format", "json", "--limit", "steps=3"]) in (0, 1)
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert "ANALYSIS-LIMIT" in {d["code"] for d in found}
    assert main(["check", str(EXAMPLE), "--format", "json"]) in (0, 1)
    assert "ANALYSIS-LIMIT" not in {d["code"] for d in
                                    json.loads(capsys.readouterr().out)["diagnostics"]}


def test_batch_turns_a_case_over_budget_into_one_error_record(tmp_path: Path) -> None:
    folder = _expressions(tmp_path / "pack", {"n": "count(for i in 1..rounds return i)"},
                          {"rounds": "number"})
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(json.dumps({"id": str(k), "rounds": r}) + "\n"
                             for k, r in enumerate([10, 10_000, 20])))
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(folder), "--cases", str(cases), "-o", str(out),
                 "--as-of", "2024-01-01", "--limit", "steps=1000", "--workers", "1"])
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert code == 1
    assert [r["ok"] for r in records] == [True, False, True]
    assert records[1]["error"]["code"] == "LIMIT-STEPS"
    assert [r["outputs"]["n"] for r in (records[0], records[2])] == [10, 20]


def _doubled(levels: int) -> list[Any]:
    """A list holding the list below it twice, ``levels`` deep: written out, 2**(levels+1)
    - 1 lists."""
    value: list[Any] = [1]
    for _ in range(levels):
        value = [value, value]
    return value


_SHARED: list[Any] = ["x"]

#: a value, and the steps weighing it spends: one for each list and context in it (itself
#: included), each counted as often as it occurs
WEIGHTS = [
    (5, 0), ("text", 0), (None, 0),
    ({}, 1), ([], 1), ({"a": 1, "b": "c"}, 1), ([1, 2, 3], 1),
    ({"a": [1, 2]}, 2), ({"a": [1, [2]], "b": {}}, 4), ([[[]]], 3),
    ({"level": 1, "steps": ["a1", "a2"], "floor": None}, 2),
    ([_SHARED, _SHARED, {"s": _SHARED}], 5),
    (_doubled(3), 15), ({"d": _doubled(4), "e": []}, 33),
]


@pytest.mark.parametrize(("value", "steps"), WEIGHTS)
def test_weighing_a_value_spends_a_step_for_each_list_and_context_in_it(
        value: Any, steps: int) -> None:
    b = Budget(Limits(steps=1000))
    b.steps = 10
    assert b.weigh(value, None) is value
    assert b.steps == 10 + steps


@pytest.mark.parametrize(("value", "steps"), [w for w in WEIGHTS if w[1]])
def test_weighing_stops_where_the_steps_left_run_out(value: Any, steps: int) -> None:
    """With exactly the steps it needs left it passes; with one fewer, LIMIT-STEPS."""
    fits = Budget(Limits(steps=100 + steps))
    fits.steps = 100
    fits.weigh(value, None)
    short = Budget(Limits(steps=100 + steps - 1))
    short.steps = 100
    with pytest.raises(LimitError) as err:
        short.weigh(value, None)
    assert err.value.code == "LIMIT-STEPS"


def test_weighing_a_value_shared_very_many_times_stops_at_once() -> None:
    """2**61 lists written out: the count stops where the budget does."""
    b = Budget(Limits(steps=10_000))
    with pytest.raises(LimitError):
        b.weigh(_doubled(60), None)


def test_the_deepest_depth_noted_never_passes_the_limit() -> None:
    """A call that would pass the depth limit stops before it is noted as the deepest:
    generated code tests the limit only where it goes deeper than the deepest noted
    (regel.feel.codegen), so a peak past the limit would let a later call through."""
    b = Budget(Limits(depth=3))
    for _ in range(3):
        b.enter(None)
    with pytest.raises(LimitError) as err:
        b.enter(None)
    assert err.value.code == "LIMIT-DEPTH"
    assert b.peak == 3
