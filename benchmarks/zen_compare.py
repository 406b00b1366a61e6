"""The same decision tables in regel and in GoRules zen-engine, against hand-written Python.

Two tables that translate directly into zen's JDM format (JSON Decision Model):

    (1) the DMN TCK table ``compliance-level-2/0004-simpletable-U``: three inputs (a number,
        a string, a boolean), four UNIQUE rules with the TCK's own cell texts;
    (2) the generated 200-rule UNIQUE table of ``benchmarks/table_200.py`` (its generator,
        cases and if-chain are imported from there): an amount range, a date range, a set of
        categories and a boolean per rule.

For each table the script writes the regel pack into a temporary folder and builds the zen
decision graph (input node -> decision table node -> output node) in code, from the same
rule data. It checks on every case that the hand-written Python, regel and zen agree (and,
if the DMN TCK is present in ``../shared/dmn-tck``, that the hard-coded 0004 rules are the
TCK's and that regel and zen pass its test cases), then measures evaluations per second, in
one process, of

    (a) hand-written Python: an if-chain that returns at the first matching rule;
    (b) regel: ``pack.evaluate(facts, as_of=..., trace=False)``;
    (c) zen: ``ZenEngine({"loader": {"type": "static", ...}}).evaluate(key, context)``
        (synchronous), hit policy ``first`` (zen has no UNIQUE; the rules do not overlap,
        so ``first`` gives the same answer while stopping at the first match). The engine
        keeps the decision it loaded, compiled, between calls;
    (c1) zen: ``ZenEngine().create_decision(json).evaluate(context)``, the same decision
        through a ``ZenDecision`` object. In zen-engine 2.1.3 this path costs about 200 µs
        more per call than (c), whatever the table (measured here, not documented);
    (c2) zen as (c), converting the Python case first: zen's context takes JSON-like values,
        not ``Decimal`` or ``datetime.date``, so the amount goes in as a float and the date
        as ISO text (only the 200-rule table has such facts);
    (d) zen as (c) with hit policy ``collect`` and a check in Python that exactly one rule
        matched: the work UNIQUE asks of regel.

zen-engine is optional: without it the script prints how to install it and measures (a)
and (b) only. Rates are the best of ``--runs`` passes per block of cases, the rows taking
turns (``table_200.best_rates``).

    python benchmarks/zen_compare.py [--cases 2000] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import table_200  # noqa: E402  (benchmarks/ is on sys.path as the script's folder)

from regel import load_pack  # noqa: E402
from regel.feel import compile_expression, compile_unary_tests  # noqa: E402

try:
    import zen  # type: ignore[import-not-found]
    ZEN_VERSION: str | None = metadata.version("zen-engine")
except ImportError:
    zen = None
    ZEN_VERSION = None

TCK = ROOT.parent / "shared" / "dmn-tck" / "compliance-level-2" / "0004-simpletable-U"
AS_OF = dt.date(2024, 6, 1)


def check(ok: bool, message: str) -> None:
    """Like ``assert``, but also under ``python -O``."""
    if not ok:
        raise SystemExit(f"zen_compare: {message}")


def zen_graph(inputs: list[tuple[str, str]], output: str, rules: list[dict[str, str]],
              hit_policy: str) -> dict[str, Any]:
    """A JDM decision graph: request -> one decision table -> response. ``inputs`` are
    (column id, field) pairs; each rule maps column ids (and ``out``) to cell texts."""
    return {
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "Request",
             "position": {"x": 0, "y": 0}},
            {"id": "table", "type": "decisionTableNode", "name": output,
             "position": {"x": 300, "y": 0},
             "content": {
                 "hitPolicy": hit_policy,
                 "inputs": [{"id": cid, "name": field, "field": field}
                            for cid, field in inputs],
                 "outputs": [{"id": "out", "name": output, "field": output}],
                 "rules": rules,
             }},
            {"id": "response", "type": "outputNode", "name": "Response",
             "position": {"x": 600, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "response", "type": "edge"},
        ],
    }


# =========================================================================== (1) TCK 0004

# The TCK's rules, cell texts as in 0004-simpletable-U.dmn: Age, RiskCategory, isAffordable
# -> Approval Status. regel ids are snake_case, so the facts are age, risk_category and
# is_affordable (zen uses the same field names, so all three read the same dict).
RULES_0004 = [
    (">=18", '"Medium","Low"', "true", '"Approved"'),
    ("<18", '"Medium","Low"', "true", '"Declined"'),
    ("-", '"High"', "true", '"Declined"'),
    ("-", "-", "false", '"Declined"'),
]
FIELDS_0004 = ("age", "risk_category", "is_affordable")


def tck_rules_from_dmn() -> list[tuple[str, ...]] | None:
    """The rules as written in the TCK's .dmn file, if the TCK is there."""
    path = TCK / "0004-simpletable-U.dmn"
    if not path.is_file():
        return None
    ns = {"m": "https://www.omg.org/spec/DMN/20230324/MODEL/"}
    table = ET.parse(path).getroot().find(".//m:decisionTable", ns)
    assert table is not None
    return [tuple((e.findtext("m:text", "", ns) or "").strip()
                  for e in [*rule.findall("m:inputEntry", ns), *rule.findall("m:outputEntry", ns)])
            for rule in table.findall("m:rule", ns)]


def tck_tests() -> list[tuple[dict[str, Any], str]]:
    """The TCK's test cases for 0004, as (facts, expected), if the TCK is there."""
    path = TCK / "0004-simpletable-U-test-01.xml"
    if not path.is_file():
        return []
    ns = {"t": "http://www.omg.org/spec/DMN/20160719/testcase"}
    names = dict(zip(("Age", "RiskCategory", "isAffordable"), FIELDS_0004, strict=True))
    out = []
    for case in ET.parse(path).getroot().findall("t:testCase", ns):
        facts: dict[str, Any] = {}
        for node in case.findall("t:inputNode", ns):
            text = node.findtext("t:value", "", ns)
            name = names[node.get("name", "")]
            facts[name] = (int(text) if name == "age" else
                           text == "true" if name == "is_affordable" else text)
        out.append((facts, case.findtext("t:resultNode/t:expected/t:value", "", ns)))
    return out


def write_pack_0004(root: Path) -> None:
    (root / "decisions").mkdir(parents=True)
    (root / "pack.yaml").write_text("""\
id: tck-0004-simpletable-u
title: {da: DMN TCK 0004-simpletable-U, en: DMN TCK 0004-simpletable-U}
version: 1.0.0
jurisdiction: example
inputs:
  age:
    type: number
    label: {da: Alder, en: Age}
  risk_category:
    type: string
    label: {da: Risikokategori, en: RiskCategory}
    allowed_values: [High, Low, Medium]
  is_affordable:
    type: boolean
    label: {da: Kan betale, en: isAffordable}
""", encoding="utf-8")
    rules = "\n".join(
        f"        - {{id: R{i}, when: [{json.dumps(a)}, {json.dumps(r)}, {u}], "
        f"then: {json.dumps(o)}}}"
        for i, (a, r, u, o) in enumerate(RULES_0004, 1))
    (root / "decisions" / "approval_status.yaml").write_text(f"""\
id: approval_status
label: {{da: Godkendelse, en: Approval Status}}
requires:
  inputs: [age, risk_category, is_affordable]
versions:
  - valid_from: 2000-01-01
    source: "DMN TCK compliance-level-2/0004-simpletable-U"
    table:
      hit_policy: UNIQUE
      inputs:
        - expression: age
        - expression: risk_category
        - expression: is_affordable
      outputs:
        - name: approval_status
          type: string
          allowed_values: [Approved, Declined]
      rules:
{rules}
""", encoding="utf-8")


def zen_0004(hit_policy: str) -> dict[str, Any]:
    ids = ("age", "risk", "affordable")
    rules = []
    for i, (*cells, out) in enumerate(RULES_0004, 1):
        rule = {"_id": f"R{i}", "out": out}
        rule.update({cid: "" if cell == "-" else cell for cid, cell in zip(ids, cells,
                                                                        strict=True)})
        rules.append(rule)
    return zen_graph(list(zip(ids, FIELDS_0004, strict=True)), "approval_status", rules,
                     hit_policy)


def hand_0004(facts: dict[str, Any]) -> str | None:
    age = facts["age"]
    risk = facts["risk_category"]
    affordable = facts["is_affordable"]
    if age >= 18 and risk in ("Medium", "Low") and affordable:
        return "Approved"
    if age < 18 and risk in ("Medium", "Low") and affordable:
        return "Declined"
    if risk == "High" and affordable:
        return "Declined"
    if not affordable:
        return "Declined"
    return None


def cases_0004(n: int) -> list[dict[str, Any]]:
    rng = random.Random(4)
    return [{"age": rng.choice([17, 18, rng.randint(0, 99)]),
             "risk_category": rng.choice(["High", "Low", "Medium"]),
             "is_affordable": rng.random() < 0.7} for _ in range(n)]


# =========================================================================== (2) table_200

def zen_200(gen: table_200.Generated, hit_policy: str) -> dict[str, Any]:
    """The 200 rules as JDM: amount ``[lo..hi)``, the date as ISO text compared with
    ``d(...)`` (zen's intervals take numbers, not dates), a list of categories, a boolean."""
    rules = []
    for r in gen.rules:
        lo, hi = (d.isoformat() for d in r.decided)
        rules.append({"_id": r.id,
                      "amount": f"[{r.amount[0]}..{r.amount[1]})",
                      "decided": f'd($) >= d("{lo}") and d($) < d("{hi}")',
                      "category": ", ".join(f'"{c}"' for c in gen.groups[r.group]),
                      "urgent": "true" if r.urgent else "false",
                      "out": str(r.output)})
    fields = ["amount", "decided", "category", "urgent"]
    return zen_graph([(f, f) for f in fields], "fee", rules, hit_policy)


def zen_context_200(facts: dict[str, Any]) -> dict[str, Any]:
    """A case of table_200 as zen takes it: no Decimal, no date."""
    return {"amount": float(facts["amount"]), "decided": facts["decided"].isoformat(),
            "category": facts["category"], "urgent": facts["urgent"]}


# =========================================================================== measuring

Row = tuple[str, str, Callable[[Any], Any]]


def measure(title: str, rows: list[Row], jobs: list[Any], runs: int) -> dict[str, Any]:
    rates = table_200.best_rates([fn for _, _, fn in rows], jobs, runs)
    rate = {key: r for (key, _, _), r in zip(rows, rates, strict=True)}
    return {"title": title, "cases": len(jobs),
            "rows": [{"key": k, "what": w, "per_s": rate[k]} for k, w, _ in rows]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000, help="cases per table (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="passes; the best counts (default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.runs < 1:
        parser.error("--cases and --runs must be at least 1")
    notes: list[str] = []
    if zen is None:
        notes.append("zen-engine not installed: pip install zen-engine (zen rows skipped)")
    else:
        notes.append(f"zen-engine {ZEN_VERSION}")
    setup: dict[str, float] = {}
    results = []
    # The FEEL parser is built once per process, whatever the pack: time it apart from the
    # loads. These texts occur in no cell of either pack.
    start = time.perf_counter()
    compile_expression("1 + 1")
    compile_unary_tests("[1..2)")
    setup["regel FEEL parser build"] = time.perf_counter() - start

    with tempfile.TemporaryDirectory(prefix="regel-zen-") as tmp:
        # ------------------------------------------------------------ (1) TCK 0004
        dmn_rules = tck_rules_from_dmn()
        if dmn_rules is None:
            notes.append(f"DMN TCK not found at {TCK}: rules and tests not cross-checked")
        else:
            check(dmn_rules == RULES_0004, f"the rules here differ from the TCK's: {dmn_rules}")
        root = Path(tmp) / "tck-0004"
        write_pack_0004(root)
        start = time.perf_counter()
        pack_0004 = load_pack(root)
        setup["regel load 0004"] = time.perf_counter() - start
        cases = cases_0004(args.cases)

        def regel_0004(facts: dict[str, Any]) -> Any:
            return pack_0004.evaluate(facts, as_of=AS_OF, trace=False).values["approval_status"]

        plain_0004 = pack_0004.function("approval_status", AS_OF)
        rows: list[Row] = [("a", "hand-written if-chain", hand_0004),
                           ("b", "regel trace=False", regel_0004),
                           ("b1", "regel pack.function(...)", plain_0004)]
        if zen is not None:
            graphs = {"first": zen_0004("first"), "collect": zen_0004("collect")}
            engine_z = zen.ZenEngine({"loader": {"type": "static", "content": graphs}})
            start = time.perf_counter()
            decision_0004 = zen.ZenEngine().create_decision(json.dumps(graphs["first"]))
            setup["zen create_decision 0004"] = time.perf_counter() - start

            def zen_first_0004(facts: dict[str, Any]) -> Any:
                return engine_z.evaluate("first", facts)["result"].get("approval_status")

            def zen_decision_0004(facts: dict[str, Any]) -> Any:
                return decision_0004.evaluate(facts)["result"].get("approval_status")

            def zen_collect_0004(facts: dict[str, Any]) -> Any:
                hits = engine_z.evaluate("collect", facts)["result"]
                check(len(hits) == 1, f"{len(hits)} rules match {facts}")
                return hits[0]["approval_status"]

            rows += [("c", "zen first, regel.run.evaluate(key)", zen_first_0004),
                     ("c1", "zen first, create_decision()", zen_decision_0004),
                     ("d", "zen collect + one-match check", zen_collect_0004)]
        for facts, expected in tck_tests():
            for _, what, fn in rows:
                got = fn(facts)
                check(got == expected, f"TCK test {facts}: {what} gives {got!r}, the TCK "
                      f"expects {expected!r}")
        for facts in cases:
            want = hand_0004(facts)
            for _, what, fn in rows[1:]:
                got = fn(facts)
                check(got == want, f"0004: {what} gives {got!r}, hand-written {want!r}, "
                      f"for {facts}")
        results.append(measure("DMN TCK 0004-simpletable-U (3 inputs, 4 UNIQUE rules)",
                               rows, cases, args.runs))

        # ------------------------------------------------------------ (2) table_200
        rng = random.Random(table_200.SEED)
        gen = table_200.generate(rng)
        cases_200 = table_200.make_cases(gen, rng, args.cases)
        root = Path(tmp) / "table-200"
        table_200.write_pack(gen, root)
        start = time.perf_counter()
        pack_200 = load_pack(root)
        setup["regel load 200"] = time.perf_counter() - start
        decide = table_200.build_baseline(gen, all_rules=False)

        def regel_200(job: tuple[dict[str, Any], Any]) -> Any:
            return pack_200.evaluate(job[0], as_of=table_200.AS_OF,
                                     trace=False).values[table_200.DECISION]

        plain = pack_200.function(table_200.DECISION, table_200.AS_OF)
        rows = [("a", "hand-written if-chain", lambda job: decide(job[0])),
                ("b", "regel trace=False", regel_200),
                ("b1", "regel pack.function(...)", lambda job: plain(job[0]))]
        jobs: list[tuple[dict[str, Any], Any]] = [(c, None) for c in cases_200]
        if zen is not None:
            graphs = {"first": zen_200(gen, "first"), "collect": zen_200(gen, "collect")}
            engine_z = zen.ZenEngine({"loader": {"type": "static", "content": graphs}})
            start = time.perf_counter()
            decision_200 = zen.ZenEngine().create_decision(json.dumps(graphs["first"]))
            setup["zen create_decision 200"] = time.perf_counter() - start
            jobs = [(c, zen_context_200(c)) for c in cases_200]

            def zen_first_200(job: tuple[dict[str, Any], Any]) -> Any:
                return engine_z.evaluate("first", job[1])["result"].get("fee")

            def zen_decision_200(job: tuple[dict[str, Any], Any]) -> Any:
                return decision_200.evaluate(job[1])["result"].get("fee")

            def zen_converting_200(job: tuple[dict[str, Any], Any]) -> Any:
                return engine_z.evaluate("first", zen_context_200(job[0]))["result"].get("fee")

            def zen_collect_200(job: tuple[dict[str, Any], Any]) -> Any:
                hits = engine_z.evaluate("collect", job[1])["result"]
                check(len(hits) == 1, f"{len(hits)} rules match {job[0]}")
                return hits[0]["fee"]

            rows += [("c", "zen first, regel.run.evaluate(key)", zen_first_200),
                     ("c1", "zen first, create_decision()", zen_decision_200),
                     ("c2", "zen as (c), converting the case", zen_converting_200),
                     ("d", "zen collect + one-match check", zen_collect_200)]
        for job in jobs:
            want = decide(job[0])
            for _, what, fn in rows[1:]:
                got = fn(job)
                # zen gives numbers as floats: compare their shortest text with the Decimal
                got = Decimal(repr(got)) if isinstance(got, float) else got
                check(got == want, f"table_200: {what} gives {got!r}, the if-chain {want!r}, "
                      f"for {job[0]}")
        results.append(measure("table_200 (4 inputs, 200 UNIQUE rules)", rows, jobs,
                               args.runs))

    if args.json:
        print(json.dumps({
            "notes": notes, "runs": args.runs,
            "setup_ms": {k: round(v * 1000, 1) for k, v in setup.items()},
            "tables": [{
                "title": t["title"], "cases": t["cases"],
                "rows": [{"key": r["key"], "what": r["what"], "per_s": round(r["per_s"]),
                          "us_per_eval": round(1e6 / r["per_s"], 2),
                          "slower_than_hand": round(t["rows"][0]["per_s"] / r["per_s"], 2)}
                         for r in t["rows"]],
            } for t in results],
        }, indent=2))
        return 0

    print("; ".join(notes) + f"; best of {args.runs} passes; all paths agree on every case")
    for t in results:
        rate = {r["key"]: r["per_s"] for r in t["rows"]}
        print(f"\n{t['title']}: {t['cases']} cases")
        print(f"{'':3} {'what':34} {'evals/s':>12} {'µs/eval':>9} {'vs (a)':>8}")
        for r in t["rows"]:
            print(f"{r['key']:3} {r['what']:34} {r['per_s']:12,.0f} {1e6 / r['per_s']:9.2f} "
                  f"{rate['a'] / r['per_s']:7.1f}x")
        line = f"regel/hand-written: {rate['a'] / rate['b']:.1f}x slower"
        if "c" in rate:
            line += f"; regel/zen (c): {rate['c'] / rate['b']:.2f}x"
        if "c1" in rate:
            line += f"; regel/zen create_decision: {rate['c1'] / rate['b']:.2f}x"
        if "d" in rate:
            line += f"; regel/zen collect: {rate['d'] / rate['b']:.2f}x"
        print(line)
    print("\none-time: " + "; ".join(f"{k} {v * 1000:.1f} ms" for k, v in setup.items())
          + " (regel load: YAML, schemas, FEEL parse + compile; zen: JSON to a decision)")
    print("vs (a) = how many times slower than hand-written Python (lower is better); "
          "regel/zen > 1 means regel is slower")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
