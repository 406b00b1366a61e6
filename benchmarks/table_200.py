"""A generated 200-rule UNIQUE decision table: the engine versus a hand-written if-chain.

The script generates, from a fixed seed, a rule pack in a temporary folder with four case
facts (``amount: number``, ``decided: date``, ``category: string`` with eight allowed
values, ``urgent: boolean``) and one decision, ``fee``, whose UNIQUE table has exactly
200 rules: 10 amount ranges x 5 date ranges x 2 groups of categories x true/false. The
cells do not overlap, so exactly one rule matches every case; each rule gives its own
number. From the same generator data it writes the same logic as plain Python source.

It then checks on every generated case that the engine and the Python agree, and
measures evaluations per second, in one process, of

    (a)  the if-chain as a person would write it: return at the first matching rule;
    (a2) an if-chain that tests all 200 rules and checks that one matched (what UNIQUE
         asks of the engine, which cannot stop at the first match);
    (b)  ``pack.evaluate(facts, as_of=..., trace=False)``;
    (c)  ``pack.evaluate(facts, as_of=..., trace=True)``;
    (d)  ``pack.evaluate(facts, decisions=["fee"], trace=False)``: the narrowest public
         call (the pack has one decision, so it does the same work as (b));
    (e)  the rule-matching loop alone, written here against the loaded model
         (``Rule.tests``, ``CompiledUnaryTests.test_in``) on facts converted once: no
         fact checks, version choice, hit policy or recording; a floor for the engine's
         cell evaluation, not a public API;
    (f)  (c) and ``result.trace.to_json()``: the trace as JSON data (the matched rule and
         the why-not of the first 20 rules that did not match, the others counted);
    (g)  (f) written as JSON text with ``regel.feel.jsonio.dumps``, as ``regel explain
         --format json`` does.

and the one-time cost of loading the generated pack (YAML, schema check, FEEL parse and
compile). Each rate is the best of ``--runs`` passes over all cases (per block of 100
cases, the passes interleaved; see ``best_rates``). The ratios are what matter; the
absolute numbers depend on the machine.

    python benchmarks/table_200.py [--cases 2000] [--runs 3] [--json] [--profile 300]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from regel import load_pack  # noqa: E402
from regel.feel import compile_expression, compile_unary_tests  # noqa: E402
from regel.feel.compiler import INPUT, Scope  # noqa: E402
from regel.feel.jsonio import dumps  # noqa: E402
from regel.model import DecisionTable, Pack  # noqa: E402

SEED = 200
AS_OF = dt.date(2024, 6, 1)
DECISION = "fee"
CATEGORIES = ("books", "food", "fuel", "health", "rent", "tools", "travel", "energy")
DATE_BOUNDS = tuple(dt.date(y, 1, 1) for y in range(2020, 2026))     # 5 ranges [a..b)


@dataclass(frozen=True, slots=True)
class GenRule:
    """One generated rule: the same data feeds the YAML and the Python source."""

    id: str
    amount: tuple[Decimal, Decimal]     # [lo..hi)
    decided: tuple[dt.date, dt.date]    # [lo..hi)
    group: int                          # index into the category groups
    urgent: bool
    output: Decimal


@dataclass(frozen=True, slots=True)
class Generated:
    amount_bounds: tuple[Decimal, ...]
    groups: tuple[tuple[str, ...], tuple[str, ...]]
    rules: tuple[GenRule, ...]


def generate(rng: random.Random) -> Generated:
    # 10 amount ranges of uneven width with cents on the bounds: 0 = b0 < b1 < ... < b10
    cuts = sorted(rng.sample(range(1, 1_000_000), 9))
    amount_bounds = (Decimal(0), *(Decimal(c).scaleb(-2) for c in cuts), Decimal("10000.00"))
    names = list(CATEGORIES)
    rng.shuffle(names)
    groups = (tuple(sorted(names[:4])), tuple(sorted(names[4:])))
    rules: list[GenRule] = []
    outputs = rng.sample(range(1, 100_000), 200)
    for ai in range(10):
        for di in range(5):
            for gi in range(2):
                for urgent in (True, False):
                    n = len(rules)
                    rules.append(GenRule(
                        f"R{n + 1:03d}", (amount_bounds[ai], amount_bounds[ai + 1]),
                        (DATE_BOUNDS[di], DATE_BOUNDS[di + 1]), gi, urgent,
                        Decimal(outputs[n]).scaleb(-2)))
    return Generated(amount_bounds, groups, tuple(rules))


# --------------------------------------------------------------------------- the pack

def write_pack(gen: Generated, root: Path) -> None:
    """The pack's YAML, written by hand so that numbers keep their exact text."""
    (root / "decisions").mkdir(parents=True)
    (root / "pack.yaml").write_text(f"""\
id: table-200
title: {{da: Genereret tabel med 200 regler, en: Generated 200-rule table}}
version: 1.0.0
jurisdiction: example
inputs:
  amount:
    type: number
    label: {{da: Beløb, en: Amount}}
  decided:
    type: date
    label: {{da: Afgørelsesdato, en: Date of decision}}
  category:
    type: string
    label: {{da: Kategori, en: Category}}
    allowed_values: [{", ".join(CATEGORIES)}]
  urgent:
    type: boolean
    label: {{da: Hastesag, en: Urgent}}
""", encoding="utf-8")
    lines = [
        "id: fee",
        "label: {da: Gebyr, en: Fee}",
        "requires:",
        "  inputs: [amount, decided, category, urgent]",
        "versions:",
        "  - valid_from: 2000-01-01",
        '    source: "generated by benchmarks/table_200.py"',
        "    table:",
        "      hit_policy: UNIQUE",
        "      inputs:",
        "        - expression: amount",
        "        - expression: decided",
        "        - expression: category",
        "        - expression: urgent",
        "      outputs:",
        "        - name: fee",
        "          type: number",
        "      rules:",
    ]
    for r in gen.rules:
        cells = [f'"[{r.amount[0]}..{r.amount[1]})"',
                 f'"[{r.decided[0].isoformat()}..{r.decided[1].isoformat()})"',
                 f'"{", ".join(gen.groups[r.group])}"',
                 "true" if r.urgent else "false"]
        lines.append(f"        - {{id: {r.id}, when: [{', '.join(cells)}], then: [{r.output}]}}")
    (root / "decisions" / "fee.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- the baseline

def baseline_source(gen: Generated, *, all_rules: bool) -> str:
    """The table as Python a person could have written: one ``if`` per rule, in rule
    order, on the facts as Decimal, date, str and bool. Constants are module globals
    (A0.., D0.., G0, G1, R001..), as they would be in hand-written code."""
    a_index = {b: i for i, b in enumerate(gen.amount_bounds)}
    d_index = {b: i for i, b in enumerate(DATE_BOUNDS)}
    name = "decide_all" if all_rules else "decide"
    out = [f"def {name}(facts):",
           '    amount = facts["amount"]',
           '    decided = facts["decided"]',
           '    category = facts["category"]',
           '    urgent = facts["urgent"]']
    if all_rules:
        out.append("    hits = []")
    for r in gen.rules:
        cond = (f"A{a_index[r.amount[0]]} <= amount < A{a_index[r.amount[1]]} and "
                f"D{d_index[r.decided[0]]} <= decided < D{d_index[r.decided[1]]} and "
                f"category in G{r.group} and {'urgent' if r.urgent else 'not urgent'}")
        out.append(f"    if {cond}:")
        out.append(f"        hits.append({r.id})" if all_rules else f"        return {r.id}")
    if all_rules:
        out += ["    if len(hits) != 1:",
                '        raise ValueError(f"{len(hits)} rules match")',
                "    return hits[0]"]
    else:
        out.append("    return None")
    return "\n".join(out) + "\n"


def build_baseline(gen: Generated, *, all_rules: bool) -> Callable[[dict[str, Any]], Any]:
    # compile() + exec of source that this script generated itself from its own generator
    # data (above), to have a 200-branch hand-written baseline without 200 lines of code
    # in the repository. No rule text and no user input is executed: the engine never
    # uses eval/exec on rule text, and nothing here changes that.
    namespace: dict[str, Any] = {"G0": frozenset(gen.groups[0]), "G1": frozenset(gen.groups[1])}
    namespace.update({f"A{i}": b for i, b in enumerate(gen.amount_bounds)})
    namespace.update({f"D{i}": b for i, b in enumerate(DATE_BOUNDS)})
    namespace.update({r.id: r.output for r in gen.rules})
    source = baseline_source(gen, all_rules=all_rules)
    exec(compile(source, f"<generated {'all-rules ' if all_rules else ''}if-chain>", "exec"),
         namespace)
    return namespace["decide_all" if all_rules else "decide"]


# --------------------------------------------------------------------------- the cases

def make_cases(gen: Generated, rng: random.Random, n: int) -> list[dict[str, Any]]:
    """One case inside each rule (some on its lower bounds), then random cases."""
    def case_in(r: GenRule) -> dict[str, Any]:
        lo, hi = r.amount
        if rng.random() < 0.1:
            amount = lo                                           # on the inclusive bound
        else:
            amount = Decimal(rng.randrange(int(lo * 100), int(hi * 100))).scaleb(-2)
        span = (r.decided[1] - r.decided[0]).days
        decided = r.decided[0] + dt.timedelta(days=0 if rng.random() < 0.1 else
                                              rng.randrange(span))
        return {"amount": amount, "decided": decided,
                "category": rng.choice(gen.groups[r.group]), "urgent": r.urgent}

    cases = [case_in(r) for r in gen.rules]
    while len(cases) < n:
        cases.append(case_in(rng.choice(gen.rules)))
    rng.shuffle(cases)
    return cases[:n]


# --------------------------------------------------------------------------- the lower layer

def matcher(pack: Pack) -> Callable[[dict[str, Any]], Any]:
    """The rule-matching loop on its own (what ``regel.run.evaluate._table`` does for each
    rule, without recording, warnings or the hit policy), for the cost of the cells."""
    version = pack.decisions[DECISION].versions[0]
    table = version.logic
    check(isinstance(table, DecisionTable), "the decision 'fee' is not a table")
    assert isinstance(table, DecisionTable)  # for the type checker
    rules = [(rule.tests, rule.outputs) for rule in table.rules]
    clauses = [c.expression for c in table.inputs]
    constants = table.constants

    def match(facts: dict[str, Any]) -> Any:
        scope = Scope(dict(facts))
        cells = scope.child(constants) if constants else scope
        inputs = [e.evaluate_in(cells) for e in clauses]
        columns = [cells.child({INPUT: v}) for v in inputs]
        found = []
        for tests, outputs in rules:
            for i, test in enumerate(tests):
                if test.test_in(inputs[i], columns[i]) is not True:
                    break
            else:
                found.append([o.evaluate_in(cells) for o in outputs])
        check(len(found) == 1, f"{len(found)} rules match {facts}")
        return found[0][0]

    return match


def cell_counts(pack: Pack) -> tuple[int, int]:
    """How many input and output cells the table has, and how many different texts:
    the FEEL compiler caches by text, so the load parses each text once."""
    table = pack.decisions[DECISION].versions[0].logic
    assert isinstance(table, DecisionTable)
    texts = [t for r in table.rules for t in r.cell_texts() + r.output_texts()]
    return len(texts), len(set(texts))


# --------------------------------------------------------------------------- timing

def check(ok: bool, message: str) -> None:
    """Like ``assert``, but also under ``python -O``: a benchmark that measures wrong
    results must stop."""
    if not ok:
        raise SystemExit(f"table_200: {message}")


BLOCK = 100


def best_rates(fns: list[Callable[[dict[str, Any]], Any]], cases: list[dict[str, Any]],
               runs: int) -> list[float]:
    """Evaluations per second of each function over all cases, best of ``runs`` passes.

    The cases are timed in blocks of ``BLOCK``, the functions taking turns block by
    block, and each block counts with its best time over the passes: a slow spell of a
    shared machine then spoils one block of one pass, not one function's whole number.
    """
    blocks = [cases[i:i + BLOCK] for i in range(0, len(cases), BLOCK)]
    best = [[float("inf")] * len(blocks) for _ in fns]
    clock = time.perf_counter
    for _ in range(runs):
        for b, block in enumerate(blocks):
            for i, fn in enumerate(fns):
                start = clock()
                for c in block:
                    fn(c)
                elapsed = clock() - start
                if elapsed < best[i][b]:
                    best[i][b] = elapsed
    return [len(cases) / sum(times) for times in best]


def profile(fn: Callable[[dict[str, Any]], Any], cases: list[dict[str, Any]]) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for c in cases:
        fn(c)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.strip_dirs()
    out.write("--- by total time (time in the function itself)\n")
    stats.sort_stats("tottime").print_stats(15)
    out.write("--- by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(20)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000,
                        help="generated cases per pass (default 2000; at least 200 covers "
                             "every rule)")
    parser.add_argument("--runs", type=int, default=3, help="passes; the best counts "
                        "(default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="instead of timing, run cProfile on N untraced evaluations "
                             "and print the top functions")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.runs < 1:
        parser.error("--cases and --runs must be at least 1")

    rng = random.Random(SEED)
    gen = generate(rng)
    check(len(gen.rules) == 200, "the generator must make 200 rules")
    cases = make_cases(gen, rng, args.cases)

    # Build the FEEL parser before timing the load: that happens once per process,
    # whatever the pack. These texts occur in no cell of the pack.
    start = time.perf_counter()
    compile_expression("1 + 1")
    compile_unary_tests("[1..2)")
    parser_setup = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="regel-table-200-") as tmp:
        root = Path(tmp) / "table-200"
        write_pack(gen, root)
        start = time.perf_counter()
        pack = load_pack(root)
        load_cold = time.perf_counter() - start
        # Loading again reuses the compiled cells (the FEEL compiler caches by text), so
        # a reload costs YAML, schema checks, name and type checks only.
        load_again = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            load_pack(root)
            load_again = min(load_again, time.perf_counter() - start)

    cells, distinct = cell_counts(pack)
    decide = build_baseline(gen, all_rules=False)
    decide_all = build_baseline(gen, all_rules=True)
    match = matcher(pack)

    def untraced(c: dict[str, Any]) -> Any:
        return pack.evaluate(c, as_of=AS_OF, trace=False).values[DECISION]

    def traced(c: dict[str, Any]) -> Any:
        return pack.evaluate(c, as_of=AS_OF, trace=True).values[DECISION]

    def traced_json(c: dict[str, Any]) -> Any:
        result = pack.evaluate(c, as_of=AS_OF, trace=True)
        result.trace.to_json()
        return result.values[DECISION]

    def traced_text(c: dict[str, Any]) -> Any:
        result = pack.evaluate(c, as_of=AS_OF, trace=True)
        dumps(result.trace.to_json())
        return result.values[DECISION]

    def narrow(c: dict[str, Any]) -> Any:
        return pack.evaluate(c, decisions=[DECISION], as_of=AS_OF,
                             trace=False).values[DECISION]

    # Agreement first: every case, every path; and every rule is hit at least once.
    by_output = {r.output: r.id for r in gen.rules}
    hit: set[str] = set()
    for c in cases:
        want = decide(c)
        check(want is not None, f"no rule covers {c}")
        hit.add(by_output[want])
        for label, fn in (("all-rules if-chain", decide_all), ("engine", untraced),
                          ("engine traced", traced), ("engine, decisions=", narrow),
                          ("engine traced + JSON", traced_text),
                          ("rule matching", match)):
            got = fn(c)
            check(got == want, f"{label} gives {got!r}, the if-chain {want!r}, for {c}")
    if args.cases >= len(gen.rules):
        check(len(hit) == len(gen.rules), f"only {len(hit)} of 200 rules hit")

    if args.profile:
        print(profile(untraced, cases[:args.profile]))
        return 0

    timed = [
        ("a", "if-chain, first match (baseline)", decide),
        ("a2", "if-chain, all 200 rules", decide_all),
        ("b", "pack.evaluate(trace=False)", untraced),
        ("c", "pack.evaluate(trace=True)", traced),
        ("d", "pack.evaluate(decisions=[fee])", narrow),
        ("e", "rule matching loop only", match),
        ("f", "trace=True + trace.to_json()", traced_json),
        ("g", "(f) + dumps: the JSON text", traced_text),
    ]
    rates = best_rates([fn for _, _, fn in timed], cases, args.runs)
    rows = [(key, what, r) for (key, what, _), r in zip(timed, rates, strict=True)]
    rate = {key: r for key, _, r in rows}
    engine_ratio = rate["a"] / rate["b"]
    traced_ratio = rate["b"] / rate["c"]
    json_ratio = rate["b"] / rate["g"]

    if args.json:
        print(json.dumps({
            "rules": len(gen.rules), "cases": len(cases), "runs": args.runs,
            "feel_parser_setup_seconds": round(parser_setup, 4),
            "load_seconds": round(load_cold, 4),
            "reload_seconds": round(load_again, 4),
            "cells": cells, "distinct_cell_texts": distinct,
            "rows": [{"key": k, "what": w, "per_s": round(r), "us_per_eval": round(1e6 / r, 2),
                      "slower_than_baseline": round(rate["a"] / r, 2)} for k, w, r in rows],
            "engine_over_baseline": round(engine_ratio, 2),
            "traced_over_untraced": round(traced_ratio, 2),
            "traced_json_text_over_untraced": round(json_ratio, 2),
        }, indent=2))
        return 0

    print(f"200-rule UNIQUE table, 4 inputs; {len(cases)} cases, best of {args.runs} passes")
    print(f"load of the pack (YAML, schema, FEEL parse + compile of {cells:,} cells, "
          f"{distinct} distinct texts): "
          f"{load_cold * 1000:.0f} ms; reload with cells cached: {load_again * 1000:.0f} ms; "
          f"FEEL parser setup, once per process: {parser_setup * 1000:.0f} ms")
    print(f"{'':3} {'what':34} {'evals/s':>12} {'µs/eval':>9} {'vs (a)':>8}")
    for key, what, r in rows:
        print(f"{key:3} {what:34} {r:12,.0f} {1e6 / r:9.2f} {rate['a'] / r:7.1f}x")
    print("vs (a) = how many times slower than the hand-written if-chain (lower is better)")
    print(f"engine/baseline: {engine_ratio:.1f}x slower; traced/untraced: {traced_ratio:.1f}x; "
          f"traced + JSON text/untraced: {json_ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
