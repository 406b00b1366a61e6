"""The cost of a trace of a large table: a generated 20,000-rule FIRST table, evaluated
untraced, traced, and traced with the trace turned into JSON, against a hand-written loop.

The script writes, in a temporary folder, a DMN model (a YAML decision file holds at most
100,000 values) with two inputs, ``amount`` (number) and ``kind`` (string), and one
decision whose FIRST table has ``--rules`` rules (default 20,000): rule i accepts one of
100 amount bands and one of ``rules / 100`` kinds, every pair once, so that every case
matches exactly one rule and the others fail in their first or second column. The cell
texts repeat (100 bands, 200 kinds), so the load parses few distinct texts.

It checks on every case that the engine and the hand-written loop agree, then measures, in
one process, per case, the best of ``--runs`` passes of

    (a) the hand-written loop over the same rule data: return at the first match;
    (b) ``pack.evaluate(facts, trace=False)``;
    (c) ``pack.evaluate(facts, trace=True)``: the recording alone;
    (d) (c) and ``result.trace.to_json()``: the matched rule and the why-not of the first
        20 rules that did not match, the others counted;
    (e) (d) written as JSON text with ``regel.feel.jsonio.dumps`` (``regel explain
        --format json``);
    (f) as (e) with ``to_json(why_not="all")``: every rule's why-not, as every trace was
        before (``regel explain --format json --why-not all``),

for the table as loaded (indexed: every cell is a constant) and again with its index
removed (``scanned``: every cell of every rule is tested, as for a table whose cells are
not all constants). The ratios are what matter; the absolute numbers depend on the
machine and on what else it does.

    python benchmarks/trace_size.py [--rules 20000] [--cases 10] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from regel import load_dmn  # noqa: E402
from regel.feel.jsonio import dumps  # noqa: E402
from regel.model import DecisionTable, Pack  # noqa: E402

SEED = 20_000
BANDS = 100
DECISION = "fee"
Rule = tuple[Decimal, Decimal, str, Decimal]   # [low..high), kind, output


def generate(n: int, rng: random.Random) -> list[Rule]:
    """``n`` rules (a multiple of BANDS): every pair of an amount band and a kind once, in
    a shuffled order, each with its own output."""
    kinds = [f"k{j:03d}" for j in range(n // BANDS)]
    pairs = [(b, k) for b in range(BANDS) for k in kinds]
    rng.shuffle(pairs)
    outputs = rng.sample(range(1, 10 * n), n)
    return [(Decimal(b * 100), Decimal(b * 100 + 100), k, Decimal(outputs[i]))
            for i, (b, k) in enumerate(pairs)]


def write_dmn(rules: list[Rule], path: Path) -> None:
    cells = "".join(
        f'<rule id="R{i + 1}"><inputEntry><text>[{lo}..{hi})</text></inputEntry>'
        f'<inputEntry><text>"{escape(kind)}"</text></inputEntry>'
        f"<outputEntry><text>{out}</text></outputEntry></rule>\n"
        for i, (lo, hi, kind, out) in enumerate(rules))
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="trace_size"
    name="Trace size" namespace="https://example.org/trace-size">
  <inputData id="amount" name="amount"><variable name="amount" typeRef="number"/></inputData>
  <inputData id="kind" name="kind"><variable name="kind" typeRef="string"/></inputData>
  <decision id="{DECISION}" name="{DECISION}">
    <variable name="{DECISION}" typeRef="number"/>
    <informationRequirement><requiredInput href="#amount"/></informationRequirement>
    <informationRequirement><requiredInput href="#kind"/></informationRequirement>
    <decisionTable hitPolicy="FIRST">
      <input><inputExpression typeRef="number"><text>amount</text></inputExpression></input>
      <input><inputExpression typeRef="string"><text>kind</text></inputExpression></input>
      <output/>
{cells}    </decisionTable>
  </decision>
</definitions>
""", encoding="utf-8")


def hand_written(rules: list[Rule]) -> Callable[[dict[str, Any]], Any]:
    def decide(facts: dict[str, Any]) -> Any:
        amount, kind = facts["amount"], facts["kind"]
        for lo, hi, k, out in rules:
            if lo <= amount < hi and kind == k:
                return out
        return None
    return decide


def make_cases(rules: list[Rule], rng: random.Random, n: int) -> list[dict[str, Any]]:
    """Cases inside rules spread over the table (an early, a middle and a late rule)."""
    picks = [rules[len(rules) * i // n] for i in range(n)]
    return [{"amount": lo + Decimal(rng.randrange(0, 10_000)).scaleb(-2), "kind": kind}
            for lo, _, kind, _ in picks]


def check(ok: bool, message: str) -> None:
    if not ok:
        raise SystemExit(f"trace_size: {message}")


def engine_rows(pack: Pack) -> list[tuple[str, str, Callable[[dict[str, Any]], Any]]]:
    """The engine's rows (b)..(f) on ``pack``; each returns the decision's value."""
    def untraced(c: dict[str, Any]) -> Any:
        return pack.evaluate(c, trace=False).values[DECISION]

    def traced(c: dict[str, Any]) -> Any:
        return pack.evaluate(c, trace=True).values[DECISION]

    def to_json(c: dict[str, Any]) -> Any:
        result = pack.evaluate(c, trace=True)
        result.trace.to_json()
        return result.values[DECISION]

    def text(c: dict[str, Any]) -> Any:
        result = pack.evaluate(c, trace=True)
        dumps(result.trace.to_json())
        return result.values[DECISION]

    def text_all(c: dict[str, Any]) -> Any:
        result = pack.evaluate(c, trace=True)
        dumps(result.trace.to_json(why_not="all"))
        return result.values[DECISION]

    return [("b", "trace=False", untraced), ("c", "trace=True", traced),
            ("d", "trace=True + to_json()", to_json), ("e", "(d) + dumps", text),
            ("f", 'to_json(why_not="all") + dumps', text_all)]


def best_times(fns: list[Callable[[dict[str, Any]], Any]], cases: list[dict[str, Any]],
               runs: int) -> list[float]:
    """Seconds per evaluation of each function: per case the best of ``runs`` passes, the
    functions taking turns case by case, averaged over the cases. The garbage of one call
    is collected before the next is timed: a row that writes megabytes of JSON must not
    slow down the row after it."""
    best = [[float("inf")] * len(cases) for _ in fns]
    clock = time.perf_counter
    for _ in range(runs):
        for k, case in enumerate(cases):
            for i, fn in enumerate(fns):
                gc.collect()
                start = clock()
                fn(case)
                best[i][k] = min(best[i][k], clock() - start)
    return [sum(times) / len(cases) for times in best]


def json_sizes(pack: Pack, case: dict[str, Any]) -> tuple[int, int]:
    trace = pack.evaluate(case, trace=True).trace
    return len(dumps(trace.to_json())), len(dumps(trace.to_json(why_not="all")))


def measure(rules: list[Rule], packs: dict[str, Pack], cases: list[dict[str, Any]],
            runs: int) -> list[dict[str, Any]]:
    """Every row for every table path, timed together; checks the answers first."""
    decide = hand_written(rules)
    timed: list[tuple[str, str, str, Callable[[dict[str, Any]], Any]]] = [
        ("", "a", "hand-written loop, first match (baseline)", decide)]
    for path, pack in packs.items():
        timed += [(path, key, what, fn) for key, what, fn in engine_rows(pack)]
    for c in cases:
        want = decide(c)
        check(want is not None, f"no rule covers {c}")
        for path, key, what, fn in timed:
            check(fn(c) == want, f"{path} {key} ({what}) disagrees with the loop on {c}")
    times = best_times([fn for *_, fn in timed], cases, runs)
    return [{"table": path, "key": key, "what": what, "ms": t * 1000}
            for (path, key, what, _), t in zip(timed, times, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=20_000,
                        help="rules in the table, a multiple of 100 (default 20000)")
    parser.add_argument("--cases", type=int, default=10, help="cases (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="passes; the best counts")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.rules < BANDS or args.rules % BANDS or args.cases < 1 or args.runs < 1:
        parser.error("--rules must be a multiple of 100; --cases and --runs at least 1")
    rng = random.Random(SEED)
    rules = generate(args.rules, rng)
    cases = make_cases(rules, rng, args.cases)
    with tempfile.TemporaryDirectory(prefix="regel-trace-size-") as tmp:
        path = Path(tmp) / "trace-size.dmn"
        write_dmn(rules, path)
        start = time.perf_counter()
        indexed = load_dmn(path, strict=True)
        load = time.perf_counter() - start
    table = indexed.decisions[DECISION].versions[0].logic
    check(isinstance(table, DecisionTable) and table.index is not None,
          "the generated table should be indexed")
    scanned = copy.deepcopy(indexed)
    scanned.decisions[DECISION].versions[0].logic.index = None  # type: ignore[union-attr]
    rows = measure(rules, {"indexed": indexed, "scanned": scanned}, cases, args.runs)
    sizes = json_sizes(indexed, cases[0])
    report(args, rows, load, sizes)
    return 0


def report(args: argparse.Namespace, rows: list[dict[str, Any]], load: float,
           sizes: tuple[int, int]) -> None:
    base = rows[0]["ms"]
    ms = {(r["table"], r["key"]): r["ms"] for r in rows}
    ratios = {path: {"traced_over_untraced": ms[path, "c"] / ms[path, "b"],
                     "json_text_over_untraced": ms[path, "e"] / ms[path, "b"],
                     "all_json_text_over_untraced": ms[path, "f"] / ms[path, "b"]}
              for path in ("indexed", "scanned")}
    if args.json:
        print(json.dumps({"rules": args.rules, "cases": args.cases, "runs": args.runs,
                          "load_seconds": round(load, 2),
                          "json_bytes": {"default": sizes[0], "all": sizes[1]},
                          "rows": [r | {"ms": round(r["ms"], 4),
                                        "over_baseline": round(r["ms"] / base, 2)}
                                   for r in rows],
                          "ratios": {p: {k: round(v, 2) for k, v in r.items()}
                                     for p, r in ratios.items()}}, indent=2))
        return
    print(f"{args.rules:,}-rule FIRST table, 2 inputs; {args.cases} cases, best of "
          f"{args.runs} passes; load of the DMN model: {load:.1f} s")
    print(f"trace JSON text of one case: {sizes[0]:,} bytes; with why_not=\"all\": "
          f"{sizes[1]:,} bytes")
    print(f"{'table':8} {'':2} {'what':42} {'ms/eval':>10} {'vs (a)':>9}")
    for r in rows:
        print(f"{r['table']:8} {r['key']:2} {r['what']:42} {r['ms']:10.3f} "
              f"{r['ms'] / base:8.1f}x")
    for path, r in ratios.items():
        print(f"{path}: traced/untraced {r['traced_over_untraced']:.2f}x; traced + JSON "
              f"text/untraced {r['json_text_over_untraced']:.2f}x; the same with every "
              f"rule's why-not: {r['all_json_text_over_untraced']:.1f}x")


if __name__ == "__main__":
    raise SystemExit(main())
