"""How loading a pack and ``regel check``'s table analysis grow with the number of rules.

For each size n (default 2,000 / 5,000 / 10,000 / 15,000 / 20,000 rules) it generates, from
a fixed seed, two packs in a temporary folder:

- ``table``: one UNIQUE table of n rules over five columns (number ranges, date ranges, an
  enumeration, a boolean, a number that is mostly '-'), nearly a partition of the input
  space, with planted overlaps and gaps;
- ``mix``: n rules over three tables: a UNIQUE table like the one above (60 %), a UNIQUE
  table of date ranges, enumerations and booleans (30 %), and a FIRST table of heavily
  overlapping rules, some of them masked (10 %).

and times ``load_pack`` of each pack the first time (a fresh process with regel's cache
turned off: no parser tables or schema results kept from before), then in one process
(regel's cache off there too) ``load_pack`` again (with the pack's YAML tests, and with
``tests=False``), the table index
build alone (``build_index`` on the loaded cells), and the
analysis ``regel check`` runs (``analyse(pack)``). It prints the CPU time of the process per
size (the wall time beside it: on a shared machine the wall clock also counts others' work),
the findings, and the growth between sizes: time(n2)/time(n1) next to (n2 log n2)/(n1 log n1).
Targets (issue 16): the 20,000-rule table loads in under 2 s, and the 15,000-rule packs are
analysed in under 3 s. These are measurements: nothing fails when they are missed. A YAML
file holds at most 100,000 values (about 10,000 rules); the script lifts that limit.

    python benchmarks/analysis_scale.py [SIZES...] [--runs 1] [--json]
    python benchmarks/analysis_scale.py --profile load|check|index SIZE [--pack table|mix]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import math
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regel import load_pack  # noqa: E402
from regel.analysis.index import build_index  # noqa: E402
from regel.analysis.tables import analyse  # noqa: E402
from regel.model import DecisionTable, Pack  # noqa: E402
from regel.source import yamltree  # noqa: E402

SEED = 16
# a YAML file holds at most 100,000 values (some 10,000 rules); the larger tables here need
# more, so the benchmark lifts the limit (docs/pack-format.md)
yamltree.MAX_VALUES = 1_000_000
SIZES = [2000, 5000, 10000, 15000, 20000]
KINDS = ["x", "y", "z"]
REGIONS = ["north", "south", "east", "west", "capital"]
INPUTS = {
    "amount": {"type": "number", "label": {"da": "Beløb", "en": "Amount"}},
    "day": {"type": "date", "label": {"da": "Dato", "en": "Date"}},
    "kind": {"type": "string", "label": {"da": "Art", "en": "Kind"}, "allowed_values": KINDS},
    "flag": {"type": "boolean", "label": {"da": "Flag", "en": "Flag"}},
    "count": {"type": "number", "label": {"da": "Antal", "en": "Count"}},
    "region": {"type": "string", "label": {"da": "Region", "en": "Region"},
               "allowed_values": REGIONS},
    "born": {"type": "date", "label": {"da": "Født", "en": "Born"}},
}


# --------------------------------------------------------------------------- generators

def unique_rules(size: int, prefix: str = "G") -> list[dict[str, Any]]:
    """Groups of 8 rules over one amount range [10g..10g+10): every (day, kind, flag)
    combination once, the day cut at a month that changes from group to group. Planted:
    an amount range widened into the next group (overlap) every 10 groups, a missing rule
    (gap) every 15 groups, a bounded count every 5 groups (gaps below and above it).
    Disjoint rules on negative amounts fill up to ``size``."""
    out: list[dict[str, Any]] = []
    groups = (size - 2) // 8
    for g in range(groups):
        cut = f"{2000 + g % 25}-{g % 12 + 1:02d}-01"
        for j in range(8):
            if g % 15 == 7 and j == 7:
                continue                                   # planted gap
            hi = 10 * g + (15 if g % 10 == 9 and j == 0 else 10)   # planted overlap
            out.append({
                "id": f"{prefix}{g}-{j}",
                "when": [f"[{10 * g}..{hi})", f"< {cut}" if j & 4 else f">= {cut}",
                         "x, y" if j & 2 else "z", bool(j & 1),
                         "[0..1000]" if g % 5 == 2 else "-"],
                "then": f'"r{g % 7}"'})
    out.append({"id": f"{prefix}HIGH", "when": [f">= {10 * groups}", "-", "-", "-", "-"],
                "then": '"high"'})
    pads = max(0, size - len(out) - 1)
    for k in range(pads):
        out.append({"id": f"{prefix}P{k}", "when": [f"[{-k - 1}..{-k})", "-", "-", "-", "-"],
                    "then": '"pad"'})
    out.append({"id": f"{prefix}LOW", "when": [f"< {-pads}", "-", "-", "-", "-"],
                "then": '"low"'})
    return out


def dated_rules(size: int) -> list[dict[str, Any]]:
    """A UNIQUE table over (born, region, flag): a birth-date range of 10 days per group of
    10 rules, 5 regions x true/false in it (one region list every 7 groups), some ranges
    left out (gaps) and every 13th range reaching into the next one (overlap)."""
    out: list[dict[str, Any]] = []
    start = dt.date(1900, 1, 1)
    g = 0
    while len(out) < size - 1:
        lo = start + dt.timedelta(days=10 * g)
        hi = lo + dt.timedelta(days=12 if g % 13 == 12 else 10)
        for j in range(10):
            if g % 17 == 5 and j == 3:
                continue                                   # planted gap
            region = f'"{REGIONS[j // 2]}"'
            if g % 7 == 3 and j // 2 == 0:
                region = f'"{REGIONS[0]}", "{REGIONS[1]}"' if j < 2 else None
            if region is None or len(out) >= size - 1:
                continue
            out.append({"id": f"D{g}-{j}",
                        "when": [f"[{lo.isoformat()}..{hi.isoformat()})", region, bool(j & 1)],
                        "then": f'"d{g % 5}"'})
        g += 1
    out.append({"id": "DLATE", "when": [f">= {hi.isoformat()}", "-", "-"], "then": '"late"'})
    return out


def overlapping_rules(size: int, rng: random.Random) -> list[dict[str, Any]]:
    """A FIRST table of heavily overlapping rules: wide random amount ranges, date ranges,
    kinds and flags (every fifth cell '-'), every 9th rule a narrower copy of an earlier
    one (masked), and a last rule of '-' only."""
    out: list[dict[str, Any]] = []
    for k in range(size - 1):
        if k % 9 == 8:
            prev = out[rng.randrange(len(out))]
            out.append({"id": f"F{k}", "when": list(prev["when"]), "then": '"masked"'})
            continue
        lo = rng.randrange(0, 10_000)
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))
        cells = [f"[{lo}..{lo + rng.randrange(500, 5000)}]",
                 f">= {day.isoformat()}" if rng.random() < 0.5 else f"< {day.isoformat()}",
                 ", ".join(sorted(rng.sample(KINDS, rng.randrange(1, 3)))),
                 rng.random() < 0.5]
        out.append({"id": f"F{k}", "when": [c if rng.random() > 0.2 else "-" for c in cells],
                    "then": f'"f{k % 11}"'})
    out.append({"id": "FELSE", "when": ["-", "-", "-", "-"], "then": '"else"'})
    return out


def _decision(did: str, policy: str, inputs: list[str], rules: list[dict[str, Any]]
              ) -> dict[str, Any]:
    return {"id": did, "label": {"da": did, "en": did}, "requires": {"inputs": inputs},
            "versions": [{"valid_from": "2000-01-01", "source": "Benchmark § 1", "table": {
                "hit_policy": policy, "inputs": [{"expression": i} for i in inputs],
                "outputs": [{"name": "out"}], "rules": rules}}]}


def build(root: Path, kind: str, size: int) -> Path:
    """The pack ``kind`` (table or mix) of ``size`` rules in all, with a YAML test."""
    (root / "decisions").mkdir(parents=True)
    (root / "tests").mkdir()
    five = ["amount", "day", "kind", "flag", "count"]
    if kind == "table":
        decisions = [_decision("big", "UNIQUE", five, unique_rules(size))]
    else:
        rng = random.Random(SEED + size)
        n_first = size // 10
        n_dated = size * 3 // 10
        decisions = [
            _decision("big", "UNIQUE", five, unique_rules(size - n_first - n_dated)),
            _decision("dated", "UNIQUE", ["born", "region", "flag"], dated_rules(n_dated)),
            _decision("first", "FIRST", five[:4], overlapping_rules(n_first, rng))]
    used = sorted({i for d in decisions for i in d["requires"]["inputs"]})
    pack = {"id": "bench", "title": {"da": "Bench", "en": "Bench"}, "version": "1",
            "jurisdiction": "test", "inputs": {i: INPUTS[i] for i in used}}
    (root / "pack.yaml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    for d in decisions:
        (root / "decisions" / f"{d['id']}.yaml").write_text(
            yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    facts = {"amount": 15, "day": "2001-06-01", "kind": "z", "flag": False, "count": 3}
    test = {"tests": [{"name": "one group", "facts": facts, "expect": {"big": "r1"}}]}
    (root / "tests" / "big.yaml").write_text(yaml.safe_dump(test), encoding="utf-8")
    return root


# --------------------------------------------------------------------------- timing

def tables(pack: Pack) -> list[DecisionTable]:
    return [v.logic for d in pack.decisions.values() for v in d.versions
            if isinstance(v.logic, DecisionTable)]


def index_all(pack: Pack) -> None:
    for t in tables(pack):
        build_index([[c.ast for c in r.tests] for r in t.rules], t.constants, len(t.inputs))


def best(runs: int, fn: Callable[[], Any], walls: list[float]) -> tuple[float, Any]:
    """The least CPU time of this process over ``runs`` calls (less disturbed than the wall
    clock by other work on a shared machine), what the last call returned; the least
    wall time is appended to ``walls``."""
    times, wall = [], []
    result = None
    for _ in range(runs):
        gc.collect()        # not the garbage of the step before
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.process_time() - cpu)
        wall.append(time.perf_counter() - start)
    walls.append(min(wall))
    return min(times), result


#: a first load: a fresh process, regel's cache turned off (no parser tables, no schema
#: results kept from before), the FEEL compile cache empty; regel imported before timing
_FIRST_LOAD = """
import sys, time
sys.path.insert(0, {root!r})
from regel.source import yamltree
yamltree.MAX_VALUES = 1_000_000
from regel import load_pack
start, cpu = time.perf_counter(), time.process_time()
load_pack(sys.argv[1])
print(time.process_time() - cpu, time.perf_counter() - start)
"""


def first_load(root: Path, runs: int, walls: list[float]) -> float:
    """The least CPU time of ``load_pack(root)`` in a fresh process without regel's cache,
    over ``runs`` processes (the least wall time appended to ``walls``)."""
    env = dict(os.environ, REGEL_CACHE_DIR="")
    code = _FIRST_LOAD.format(root=str(ROOT))
    times, wall = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code, str(root)], env=env, check=True,
                              capture_output=True, text=True)
        cpu, elapsed = map(float, done.stdout.split())
        times.append(cpu)
        wall.append(elapsed)
    walls.append(min(wall))
    return min(times)


def measure(root: Path, runs: int) -> dict[str, Any]:
    walls: list[float] = []
    t_first = first_load(root, runs, walls)
    t_load, pack = best(runs, lambda: load_pack(root), walls)
    t_bare, _ = best(runs, lambda: load_pack(root, tests=False), walls)
    t_index, _ = best(runs, lambda: index_all(pack), walls)
    t_check, findings = best(runs, lambda: analyse(pack), walls)
    return {"first": t_first, "load": t_load, "load_no_tests": t_bare, "index": t_index,
            "check": t_check,
            "wall": dict(zip(("first", "load", "load_no_tests", "index", "check"), walls,
                             strict=True)),
            "rules": sum(len(t.rules) for t in tables(pack)),
            "indexed": [t.index is not None for t in tables(pack)],
            "findings": dict(sorted(Counter(f.code for f in findings).items()))}


def nlogn(n: int) -> float:
    return n * math.log(n)


def growth(results: dict[int, dict[str, Any]], key: str) -> list[dict[str, Any]]:
    sizes = sorted(results)
    pairs = list(zip(sizes, sizes[1:], strict=False))
    if len(sizes) > 2:
        pairs.append((sizes[0], sizes[-1]))
    return [{"from": a, "to": b, "time": results[b][key] / max(results[a][key], 1e-9),
             "nlogn": nlogn(b) / nlogn(a)} for a, b in pairs]


def report(name: str, results: dict[int, dict[str, Any]]) -> None:
    print(f"\npack '{name}': CPU seconds (wall seconds)")
    print(f"{'rules':>7} {'first load':>15} {'load':>15} {'no tests':>15} {'index':>15} "
          f"{'check':>15}   findings")
    for size, r in sorted(results.items()):
        times = "".join(f" {r[k]:>6.3f} ({r['wall'][k]:>6.3f})"
                        for k in ("first", "load", "load_no_tests", "index", "check"))
        print(f"{size:>7}{times}   " + ", ".join(f"{c} {n}" for c, n in r["findings"].items()))
    for key in ("first", "load", "index", "check"):
        for g in growth(results, key):
            print(f"  {key:<5} {g['from']:>6} -> {g['to']:<6} time x{g['time']:6.2f}   "
                  f"n log n x{g['nlogn']:6.2f}   ratio {g['time'] / g['nlogn']:.2f}")


def targets(results: dict[str, dict[int, dict[str, Any]]]) -> list[str]:
    out = []
    table = results.get("table", {})
    if 20000 in table:
        for key, what in (("first", "the first time (a fresh process, no regel cache)"),
                          ("load", "again in the same process")):
            t = table[20000][key]
            out.append(f"20,000-rule table loads {what} in {t:.2f} s CPU (target < 2 s): "
                       f"{'met' if t < 2 else 'missed'}")
    for name in ("table", "mix"):
        if 15000 in results.get(name, {}):
            t = results[name][15000]["check"]
            out.append(f"analysis of 15,000 rules ('{name}') in {t:.2f} s CPU (target < 3 s): "
                       f"{'met' if t < 3 else 'missed'}")
    return out


def profile(what: str, size: int, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp) / "p", kind, size)
        pack = load_pack(root)
        calls = {"load": lambda: load_pack(root), "check": lambda: analyse(pack),
                 "index": lambda: index_all(pack)}
        prof = cProfile.Profile()
        prof.runcall(calls[what])
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(35)
        print(out.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=SIZES)
    parser.add_argument("--runs", type=int, default=1, help="best of N per measurement")
    parser.add_argument("--packs", default="table,mix", help="table, mix or both")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--profile", choices=["load", "check", "index"],
                        help="run cProfile on one size instead of timing")
    parser.add_argument("--pack", default="mix", help="the pack to profile")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.sizes[0], args.pack)
        return 0
    results: dict[str, dict[int, dict[str, Any]]] = {}
    # regel's cache off in this process too: a pack's load keeps its YAML and FEEL there
    # for its next load (regel.base.kept), a small pack's but not a large one's, and the
    # growth would show the cache instead of the load (the in-process caches stay)
    os.environ["REGEL_CACHE_DIR"] = ""
    with tempfile.TemporaryDirectory() as tmp:
        load_pack(build(Path(tmp) / "warm", "mix", 100))     # builds the FEEL parser
        for name in args.packs.split(","):
            results[name] = {}
            for size in args.sizes:
                root = build(Path(tmp) / f"{name}{size}", name, size)
                results[name][size] = measure(root, args.runs)
                if not args.json:
                    print(f"  {name} {size}: done", file=sys.stderr)
    if args.json:
        print(json.dumps({"results": results, "targets": targets(results),
                          "growth": {name: {k: growth(r, k)
                                            for k in ("first", "load", "index", "check")}
                                     for name, r in results.items()}}, indent=1))
        return 0
    for name, r in results.items():
        report(name, r)
    print()
    for line in targets(results):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
