"""The bundled pack ``sikkerhedsstillelse``: the engine versus the same rules written by hand.

The script generates, from a fixed seed, a realistic mix of cases: reunification
applications from 2010 to 2025 with their permit and start dates (some on the boundaries of
the rules: 15 November 2017, 1 March 2018, 1 July 2018, 1 July 2024, 29 February, ...),
both permit bases, Danish tests passed before or after the permit, reduction requests with
reductions already granted, and extension or permanent-residence applications with and
without a decision. Every case asks the pack's main decisions

    validity_regime, validity_end_date, amount_series, indexed_amounts, amount_to_post,
    reduction, extension_required, extension_terms

(which need validity_years, satsregulering, index_factor, level_year, tests_before_permit
and highest_test_passed too: 14 decisions per case). The same rules are written below as
plain Python functions (``Decimal`` and ``datetime.date``, the satsregulering percentages as
a dict, rounding half up to øre with ``quantize``).

It first checks, on every case, that the engine (untraced and traced) and the Python give
the same value for every decision, and stops at the first disagreement, printing the case.
Then it measures evaluations per second, in one process, of

    (a) the hand-written functions: the baseline;
    (b) ``pack.evaluate(facts, decisions=[...], as_of=..., trace=False)``;
    (c) the same with ``trace=True``;
    (d), (e): (b) and (c) on as many other cases, each evaluated once: the passes of (a)-(c)
    repeat their cases, and the engine keeps some things from case to case (a traced
    table's outcome by its matches), so the first sight of a case is measured too;
    (f): (c), then ``trace.decisions`` read: a traced evaluation leaves most decisions'
    records to be made from what it kept when they are read (Recorder.later), and (f)
    makes them (not their JSON);

and, in fresh processes (``python -c`` via subprocess, median of ``--load-runs``), the
one-time cost of ``import regel`` and of ``regel.load_pack("sikkerhedsstillelse")``
(which includes building the FEEL parser). Rates are the best of ``--runs`` passes per
block of cases, the rows taking turns (see ``table_200.best_rates``).

    python benchmarks/pack_main.py [--cases 2000] [--runs 3] [--load-runs 5] [--json]
                                   [--per-decision] [--profile 300] [--opcodes 300]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from table_200 import BLOCK, best_rates  # noqa: E402  (benchmarks/ is on sys.path as the script dir)

import regel  # noqa: E402

PACK = "sikkerhedsstillelse"
SEED = 2024
DECISIONS = ["validity_regime", "validity_end_date", "amount_series", "indexed_amounts",
             "amount_to_post", "reduction", "extension_required", "extension_terms"]


def check(ok: bool, message: str) -> None:
    """Like ``assert``, but also under ``python -O``."""
    if not ok:
        raise SystemExit(f"pack_main: {message}")


# =========================================================================== hand-written
# The pack's rules as a person would write them in Python. Each function names the decision
# it mirrors; the comments give the rule ids.

D = dt.date
CENT = Decimal("0.01")

# satsregulering: the percentage by which amounts are adjusted on 1 January of each year
PERCENT = {2003: Decimal("3.2"), 2013: Decimal("1.6"), 2014: Decimal("1.8"),
           2015: Decimal("1.5"), 2016: Decimal("1.4"), 2017: Decimal("2.0"),
           2018: Decimal("2.0"), 2019: Decimal("2.0"), 2020: Decimal("2.0"),
           2021: Decimal("2.0"), 2022: Decimal("1.2"), 2023: Decimal("2.7"),
           2024: Decimal("3.2")}

# amount_series: base amount, level year, reduction steps and floor of each series
SERIES = {
    "P2024": {"series": "P2024", "base_amount": 57000, "base_year": 2024, "a1_step": None,
              "a2_step": None, "final_step": None, "floor": None},
    "P2018": {"series": "P2018", "base_amount": 100000, "base_year": 2018, "a1_step": 20000,
              "a2_step": 10000, "final_step": 10000, "floor": 60000},
    "P2012": {"series": "P2012", "base_amount": 50000, "base_year": 2012, "a1_step": 20000,
              "a2_step": 10000, "final_step": 10000, "floor": 10000},
    "P2011": {"series": "P2011", "base_amount": 100000, "base_year": 2011, "a1_step": None,
              "a2_step": None, "final_step": None, "floor": None},
    "P2002": {"series": "P2002", "base_amount": 50000, "base_year": 2002, "a1_step": None,
              "a2_step": None, "final_step": None, "floor": None},
}
STEPS_COVERED = {"final": ("a1", "a2", "final"), "a2": ("a1", "a2"), "a1": ("a1",),
                 "none": ()}


def add_years(d: dt.date, years: int) -> dt.date:
    """``d`` plus whole years; 29 February becomes 28 February (FEEL, date_policy: clamp)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def index_factor(from_year: int, to_year: int) -> Decimal | None:
    """The cumulative factor from one year's level to another's; None if a year is missing."""
    if to_year == from_year:
        return Decimal(1)
    if to_year < from_year:
        return None
    factor = Decimal(1)
    for year in range(from_year + 1, to_year + 1):
        percent = PERCENT.get(year)
        if percent is None:
            return None
        factor *= 1 + percent / 100
    return factor


def at_level(amount: int | None, factor: Decimal | None) -> Decimal | None:
    if amount is None or factor is None:
        return None
    return (amount * factor).quantize(CENT, ROUND_HALF_UP)


def validity_regime(posted: dt.date, applied: dt.date) -> str:
    if applied > D(2017, 11, 15):      # R2018-TRANSITION, R2018
        return "R2018"
    if posted < D(2011, 1, 1):
        return "R2006"
    if posted < D(2012, 7, 1):
        return "R2011"
    return "R2012"


def validity_years(regime: str, basis: str) -> int:
    if regime == "R2006":
        return 7
    if regime == "R2011":
        return 4
    if regime == "R2012":
        return 5 if basis == "ss9_1_1" else 3
    return 10


def amount_series(applied: dt.date, posted: dt.date) -> dict[str, Any]:
    if posted >= D(2024, 7, 1):
        return SERIES["P2024"]
    if applied >= D(2018, 7, 1):
        return SERIES["P2018"]
    if applied >= D(2012, 5, 15):
        return SERIES["P2012"]
    if applied >= D(2011, 7, 1):
        return SERIES["P2011"]
    return SERIES["P2002"]


def indexed_amounts(series: dict[str, Any], level_year: int) -> dict[str, Any]:
    factor = index_factor(series["base_year"], level_year)
    return {"level_year": level_year,
            "base": at_level(series["base_amount"], factor),
            "a1_step": at_level(series["a1_step"], factor),
            "a2_step": at_level(series["a2_step"], factor),
            "final_step": at_level(series["final_step"], factor),
            "floor": at_level(series["floor"], factor)}


def highest_test(day: dt.date, facts: dict[str, Any]) -> str:
    """tests_before_permit (day = permit date) and highest_test_passed (day = request date)."""
    final = facts.get("test_final_passed_date")
    if final is not None and final <= day:
        return "final"
    a2 = facts.get("test_a2_passed_date")
    if a2 is not None and a2 <= day:
        return "a2"
    a1 = facts.get("test_a1_passed_date")
    if a1 is not None and a1 <= day:
        return "a1"
    return "none"


def amount_to_post(series: dict[str, Any], amounts: dict[str, Any], tests: str,
                   permit: dt.date) -> Any:
    base = amounts["base"]
    if permit < D(2020, 6, 9):                      # before act 821/2020: the full amount
        return base
    if tests == "none" or series["series"] not in ("P2012", "P2018"):
        return base                                 # NO-TEST, NO-STEPS-KNOWN
    if base is None:
        return None
    lowered = base - amounts["a1_step"]             # A1-BEFORE
    if tests in ("a2", "final"):
        lowered -= amounts["a2_step"]               # A2-BEFORE
    if tests == "final":
        lowered -= amounts["final_step"]            # FINAL-BEFORE
    return max(lowered, amounts["floor"])


def reduction(facts: dict[str, Any], series: dict[str, Any], highest: str) -> dict[str, Any]:
    requested = facts["reduction_request_date"]
    current = facts["current_amount"]
    level = requested.year
    factor = index_factor(series["base_year"], level)
    granted = facts.get("reductions_granted") or []
    steps = [s for s in STEPS_COVERED[highest] if s not in granted] \
        if series["a1_step"] is not None else []
    if not steps:
        wanted: Decimal | None = Decimal(0)
    elif factor is None:
        wanted = None
    else:
        wanted = sum(at_level(series[f"{s}_step"], factor) for s in steps)
    floor = at_level(series["floor"], factor)
    if floor is None:
        lowest = current
        floor_applied = False
    else:
        lowest = min(current, max(floor, current - wanted))
        floor_applied = current - wanted < floor
    return {"level_year": level, "steps": steps, "reduction_amount": current - lowest,
            "new_amount": lowest, "floor": floor, "floor_applied": floor_applied,
            "effective_date": requested}


def extension_required(facts: dict[str, Any]) -> dict[str, Any]:
    start = facts["original_start_date"]
    expiry = facts["current_expiry_date"]
    if start < D(2011, 1, 1):
        return {"required": False, "reason": "posted_before_2011"}
    if expiry >= add_years(start, 10):
        return {"required": False, "reason": "ten_years_covered"}
    if facts["extension_application_type"] == "permanent_residence":
        outcome = facts.get("extension_outcome")
        if outcome == "granted":
            return {"required": False, "reason": "permanent_residence_granted"}
        if outcome == "refused":
            if facts.get("temporary_permit_extendable") is True:
                return {"required": True, "reason": "permanent_residence_refused_extendable"}
            return {"required": False, "reason": "permanent_residence_refused_not_extendable"}
        return {"required": False, "reason": "permanent_residence_pending"}
    applied = facts["extension_application_date"]
    if expiry < applied:
        return {"required": True, "reason": "expired"}
    if expiry <= add_years(applied, 1):            # WINDOW-END, WITHIN-12-MONTHS
        return {"required": True, "reason": "expires_within_12_months"}
    return {"required": False, "reason": "not_expiring_within_12_months"}


def extension_terms(facts: dict[str, Any], required: dict[str, Any]) -> dict[str, Any]:
    applied = facts["extension_application_date"]
    decided = facts.get("extension_decision_date")
    day = decided if decided is not None else applied        # version_by
    if day < D(2011, 1, 1):
        raise ValueError(f"no version of 'extension_terms' covers {day}")
    if not required["required"]:
        return {"action": "none", "amount": None, "years": None, "end_date": None}
    expiry = facts["current_expiry_date"]
    expired = expiry < applied
    action = "new_security" if expired else "extend"
    if day < D(2015, 1, 1):                                  # OLD-*
        return {"action": action, "amount": None, "years": None, "end_date": None}
    reduced = facts.get("reduced_to_amount")
    if day < D(2018, 3, 1):                                  # R2015-*: the 2014 rule
        years = 5 if facts["permit_basis"] == "ss9_1_1" else 3
        amount = reduced if reduced is not None else \
            at_level(50000, index_factor(2012, applied.year))
        end = add_years(day if expired else expiry, years)
        return {"action": action, "amount": amount, "years": years, "end_date": end}
    amount = reduced if reduced is not None else facts.get("original_amount")   # NOW-*
    return {"action": action, "amount": amount, "years": None,
            "end_date": add_years(facts["original_start_date"], 10)}


def hand(facts: dict[str, Any]) -> dict[str, Any]:
    """All main decisions of one case, each intermediate result computed once."""
    applied = facts["application_date"]
    posted = facts["original_start_date"]
    regime = validity_regime(posted, applied)
    series = amount_series(applied, posted)
    # level_year: P2024-BEFORE-2024, else APPLICATION-YEAR
    level = 2024 if posted >= D(2024, 7, 1) and applied.year < 2024 else applied.year
    amounts = indexed_amounts(series, level)
    required = extension_required(facts)
    return {
        "validity_regime": regime,
        "validity_end_date": add_years(posted, validity_years(regime, facts["permit_basis"])),
        "amount_series": series,
        "indexed_amounts": amounts,
        "amount_to_post": amount_to_post(series, amounts,
                                         highest_test(facts["permit_date"], facts),
                                         facts["permit_date"]),
        "reduction": reduction(facts, series,
                               highest_test(facts["reduction_request_date"], facts)),
        "extension_required": required,
        "extension_terms": extension_terms(facts, required),
    }


# =========================================================================== the cases

BOUNDARY_APPLIED = [D(2011, 7, 1), D(2011, 6, 30), D(2012, 5, 14), D(2012, 5, 15),
                    D(2017, 11, 15), D(2017, 11, 16), D(2018, 2, 28), D(2018, 3, 1),
                    D(2018, 6, 30), D(2018, 7, 1)]
BOUNDARY_POSTED = [D(2010, 12, 31), D(2011, 1, 1), D(2012, 6, 30), D(2012, 7, 1),
                   D(2024, 6, 30), D(2024, 7, 1), D(2012, 2, 29), D(2016, 2, 29),
                   D(2020, 2, 29), D(2024, 2, 29)]


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def _money(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randrange(lo * 100, hi * 100)).scaleb(-2)


def make_case(rng: random.Random) -> dict[str, Any]:
    """One case: a reunification application and the security's later life."""
    r = rng.random()
    if r < 0.08:
        applied = rng.choice(BOUNDARY_APPLIED)
        permit = applied + dt.timedelta(days=rng.randint(60, 300))
        posted = permit
    elif r < 0.16:
        posted = rng.choice(BOUNDARY_POSTED)
        permit = posted
        applied = posted - dt.timedelta(days=rng.randint(60, 300))
    else:
        applied = _day(rng, D(2010, 1, 1), D(2025, 12, 31))
        permit = applied + dt.timedelta(days=rng.randint(60, 400))
        posted = permit if rng.random() < 0.8 else permit + dt.timedelta(days=rng.randint(1, 30))
    basis = "ss9_1_1" if rng.random() < 0.75 else "ss9c_1"
    facts: dict[str, Any] = {"permit_basis": basis, "application_date": applied,
                             "permit_date": permit, "original_start_date": posted}

    # Danish tests: A1 often, sometimes already before the permit; A2 and the final test later
    test = None
    if rng.random() < 0.7:
        test = posted + dt.timedelta(days=rng.randint(-250, 500))
        facts["test_a1_passed_date"] = test
        if rng.random() < 0.55:
            test += dt.timedelta(days=rng.randint(30, 400))
            facts["test_a2_passed_date"] = test
            if rng.random() < 0.45:
                test += dt.timedelta(days=rng.randint(60, 700))
                facts["test_final_passed_date"] = test
    elif rng.random() < 0.1:
        test = posted + dt.timedelta(days=rng.randint(-100, 900))
        facts["test_final_passed_date"] = test
    # the reduction request: after a test (sometimes on its day), or at any time
    if test is not None and rng.random() < 0.7:
        request = test + dt.timedelta(days=rng.choice([0, rng.randint(1, 200),
                                                       -rng.randint(1, 100)]))
    else:
        request = posted + dt.timedelta(days=rng.randint(30, 2000))
    facts["reduction_request_date"] = request
    granted = rng.choice([None, None, [], ["a1"], ["a1"], ["a1", "a2"]])
    if granted is not None:
        facts["reductions_granted"] = granted

    # amounts: what was posted, and what is left after reductions or recovery
    original = _money(rng, 50000, 118000)
    if rng.random() > 0.05:
        facts["original_amount"] = original
    current = original - rng.choice([0, 0, 20000, 30000, 40000]) - \
        (_money(rng, 0, 9000) if rng.random() < 0.15 else 0)
    facts["current_amount"] = max(current, Decimal("5000.00"))
    if granted and rng.random() < 0.6:
        facts["reduced_to_amount"] = facts["current_amount"]

    # the security's current expiry: its validity period, sometimes already extended
    if posted < D(2011, 1, 1):
        years = 7
    elif applied > D(2017, 11, 15):
        years = 10
    elif posted < D(2012, 7, 1):
        years = 4
    else:
        years = 5 if basis == "ss9_1_1" else 3
    if years < 10 and rng.random() < 0.25:
        years = rng.choice([8, 9, 10])                 # extended once already
    expiry = add_years(posted, years)
    facts["current_expiry_date"] = expiry

    # the application to extend, or for permanent residence
    r = rng.random()
    if r < 0.06:
        ext = add_years(expiry, -1)                    # expires exactly 12 months later
    elif r < 0.1:
        ext = expiry + dt.timedelta(days=rng.choice([-1, 0, 1]))
    else:
        ext = expiry + dt.timedelta(days=rng.randint(-540, 240))
    ext = max(ext, D(2011, 1, 3))
    facts["extension_application_date"] = ext
    if rng.random() < 0.7:
        facts["extension_application_type"] = "temporary_extension"
    else:
        facts["extension_application_type"] = "permanent_residence"
    outcome = rng.choice([None, "pending", "granted", "refused", "refused"])
    if outcome is not None:
        facts["extension_outcome"] = outcome
    extendable = rng.choice([None, True, False])
    if extendable is not None:
        facts["temporary_permit_extendable"] = extendable
    if rng.random() < 0.6:
        facts["extension_decision_date"] = ext + dt.timedelta(days=rng.randint(10, 300))
    return facts


def make_cases(n: int, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_case(rng) for _ in range(n)]


def once_rates(fns: list[Callable[[Any], Any]], cases: list[Any]) -> list[float]:
    """Evaluations per second of each function over cases it has not seen: one pass, the
    functions taking turns block by block (what the engine keeps from case to case, a
    table's outcome by its matches, say, is then only what earlier cases left)."""
    spent = [0.0] * len(fns)
    clock = time.perf_counter
    for i in range(0, len(cases), BLOCK):
        block = cases[i:i + BLOCK]
        for k, fn in enumerate(fns):
            start = clock()
            for c in block:
                fn(c)
            spent[k] += clock() - start
    return [len(cases) / t for t in spent]


def as_of(facts: dict[str, Any]) -> dt.date:
    """The day the case is assessed: its latest date."""
    return max(v for v in facts.values() if isinstance(v, dt.date))


# =========================================================================== measuring

def load_times(runs: int) -> dict[str, float]:
    """Median of ``import regel`` and of ``regel.load_pack(PACK)``, each in a fresh
    process (so the FEEL parser is built and no compiled cell is cached)."""
    code = ("import time; t0 = time.perf_counter(); import regel; t1 = time.perf_counter(); "
            f"regel.load_pack({PACK!r}); t2 = time.perf_counter(); "
            "print(t1 - t0, t2 - t1)")
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
    return {"import_engine_s": statistics.median(imports),
            "load_pack_s": statistics.median(loads)}


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
    stats.sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def opcodes(fn: Callable[[Any], Any], jobs: list[Any], top: int = 12
            ) -> tuple[float, list[tuple[str, float]]]:
    """Python bytecode instructions executed per case by ``fn`` (``sys.settrace`` with
    opcode events; C code such as ``Decimal``'s counts nothing), and the ``top`` code
    objects by their share. Unlike a time it does not drift with the machine's load: a
    change to generated code is seen in it exactly, run after run."""
    counts: dict[tuple[str, str], int] = {}

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        where = (Path(frame.f_code.co_filename).name, frame.f_code.co_name)

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "opcode":
                counts[where] = counts.get(where, 0) + 1
            return local
        return local

    sys.settrace(tracer)
    try:
        for job in jobs:
            fn(job)
    finally:
        sys.settrace(None)
    per_case = sum(counts.values()) / len(jobs)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
    return per_case, [(f"{f} {name}", n / len(jobs)) for (f, name), n in ranked]


def _show(facts: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in facts.items()) + "}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000, help="generated cases (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="passes; the best counts (default 3)")
    parser.add_argument("--load-runs", type=int, default=5,
                        help="fresh processes for the load time; the median counts (default 5)")
    parser.add_argument("--per-decision", action="store_true",
                        help="also time each main decision asked alone (with what it needs)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="instead of timing, run cProfile on N untraced evaluations "
                             "and print the top functions")
    parser.add_argument("--opcodes", type=int, metavar="N", default=0,
                        help="instead of timing, count the Python bytecode instructions "
                             "each row runs per case on N cases (steady on a busy machine)")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.runs < 1 or args.load_runs < 1:
        parser.error("--cases, --runs and --load-runs must be at least 1")

    pack = regel.load_pack(PACK)
    cases = make_cases(args.cases)
    days = [as_of(c) for c in cases]
    jobs = list(zip(cases, days, strict=True))

    def untraced(job: tuple[dict[str, Any], dt.date]) -> Any:
        return pack.evaluate(job[0], decisions=DECISIONS, as_of=job[1], trace=False).values

    def traced(job: tuple[dict[str, Any], dt.date]) -> Any:
        return pack.evaluate(job[0], decisions=DECISIONS, as_of=job[1], trace=True).values

    def traced_read(job: tuple[dict[str, Any], dt.date]) -> Any:
        ev = pack.evaluate(job[0], decisions=DECISIONS, as_of=job[1], trace=True)
        made = ev.trace.decisions   # records left for later (Recorder.later) are made here
        return ev.values if made else None

    def baseline(job: tuple[dict[str, Any], dt.date]) -> Any:
        return hand(job[0])

    # Agreement first: every case, every decision, traced and untraced.
    seen: dict[str, set[str]] = {d: set() for d in ("regime", "series", "reason", "action",
                                                    "steps", "to_post_null", "floor",
                                                    "terms_version")}
    for n, job in enumerate(jobs):
        want = baseline(job)
        for label, fn in (("engine", untraced), ("engine traced", traced)):
            got = fn(job)
            for did in DECISIONS:
                if got[did] != want[did]:
                    print(f"case {n} (as_of {job[1]}): {_show(job[0])}")
                    raise SystemExit(f"pack_main: {did}: {label} gives {got[did]!r}, "
                                     f"the hand-written Python {want[did]!r}")
        seen["regime"].add(want["validity_regime"])
        seen["series"].add(want["amount_series"]["series"])
        seen["reason"].add(want["extension_required"]["reason"])
        seen["action"].add(want["extension_terms"]["action"])
        seen["steps"].add(",".join(want["reduction"]["steps"]))
        seen["to_post_null"].add(str(want["amount_to_post"] is None))
        seen["floor"].add(str(want["reduction"]["floor_applied"]))
        if want["extension_terms"]["action"] != "none":
            day = job[0].get("extension_decision_date") or job[0]["extension_application_date"]
            seen["terms_version"].add("2011" if day < D(2015, 1, 1) else "2015"
                                      if day < D(2018, 3, 1) else "2018")
    coverage = {k: sorted(v) for k, v in seen.items()}

    if args.profile:
        print(f"cProfile of {min(args.profile, len(jobs))} untraced evaluations of "
              f"{len(DECISIONS)} decisions (+ their dependencies)")
        print(profile(untraced, jobs[:args.profile]))
        return 0

    if args.opcodes:
        sample = jobs[:args.opcodes]
        counted = {label: opcodes(fn, sample) for label, fn in (
            ("(a) hand-written", baseline), ("(b) trace=False", untraced),
            ("(c) trace=True", traced))}
        hand_count = counted["(a) hand-written"][0]
        for label, (per_case, top) in counted.items():
            print(f"{label}: {per_case:,.0f} bytecode instructions per case "
                  f"({per_case / hand_count:.1f}x hand-written)")
            for where, n in top:
                print(f"    {n:8.1f}  {where}")
        ratio = counted["(c) trace=True"][0] / counted["(b) trace=False"][0]
        print(f"traced/untraced: {ratio:.2f}x")
        return 0

    rates = best_rates([baseline, untraced, traced, traced_read], jobs, args.runs)
    rate = dict(zip(("hand", "engine", "traced", "read"), rates, strict=True))
    # the same number of other cases, each evaluated once (the passes above repeat theirs)
    unseen = [(c, as_of(c)) for c in make_cases(len(cases), SEED + 1)]
    once = dict(zip(("hand", "engine", "traced"),
                    once_rates([baseline, untraced, traced], unseen), strict=True))
    per_decision: list[tuple[str, float]] = []
    if args.per_decision:
        funcs = []
        for did in DECISIONS:
            def one(job: tuple[dict[str, Any], dt.date], did: str = did) -> Any:
                return pack.evaluate(job[0], decisions=[did], as_of=job[1], trace=False)
            funcs.append(one)
        sub = jobs[:max(100, len(jobs) // 4)]
        per_decision = list(zip(DECISIONS, best_rates(funcs, sub, args.runs), strict=True))
    loads = load_times(args.load_runs)
    engine_ratio = rate["hand"] / rate["engine"]
    traced_ratio = rate["engine"] / rate["traced"]

    if args.json:
        print(json.dumps({
            "pack": PACK, "cases": len(cases), "runs": args.runs, "decisions": DECISIONS,
            "coverage": coverage,
            "rows": [{"what": w, "per_s": round(rate[k]), "us_per_eval": round(1e6 / rate[k], 1),
                      "slower_than_hand": round(rate["hand"] / rate[k], 2)}
                     for k, w in (("hand", "hand-written"), ("engine", "trace=False"),
                                  ("traced", "trace=True"),
                                  ("read", "trace=True, records read"))],
            "per_decision": [{"decision": d, "per_s": round(r)} for d, r in per_decision],
            "import_engine_ms": round(loads["import_engine_s"] * 1000, 1),
            "load_pack_ms": round(loads["load_pack_s"] * 1000, 1),
            "engine_over_hand": round(engine_ratio, 2),
            "traced_over_untraced": round(traced_ratio, 2),
            "unseen_cases": {k: round(1e6 / r, 1) for k, r in once.items()},
            "unseen_engine_over_hand": round(once["hand"] / once["engine"], 2),
            "unseen_traced_over_untraced": round(once["engine"] / once["traced"], 2),
        }, indent=2))
        return 0

    print(f"pack {PACK}: {len(cases)} generated cases x {len(DECISIONS)} main decisions "
          f"(14 with their dependencies), best of {args.runs} passes; all agree")
    print("covered: " + "; ".join(f"{k} {'/'.join(v)}" for k, v in coverage.items()))
    print(f"{'what':40} {'evals/s':>10} {'µs/eval':>9} {'vs hand':>8}")
    for key, what in (("hand", "(a) hand-written Python (baseline)"),
                      ("engine", "(b) pack.evaluate(trace=False)"),
                      ("traced", "(c) pack.evaluate(trace=True)"),
                      ("read", "(f) (c), then trace.decisions read")):
        r = rate[key]
        print(f"{what:40} {r:10,.0f} {1e6 / r:9.1f} {rate['hand'] / r:7.1f}x")
    for key, what in (("engine", "(d) trace=False, cases not seen before"),
                      ("traced", "(e) trace=True, cases not seen before")):
        r = once[key]
        print(f"{what:40} {r:10,.0f} {1e6 / r:9.1f} {once['hand'] / r:7.1f}x")
    for did, r in per_decision:
        print(f"    only {did:31} {r:10,.0f} {1e6 / r:9.1f}")
    print(f"fresh process, median of {args.load_runs}: import regel "
          f"{loads['import_engine_s'] * 1000:.0f} ms; regel.load_pack({PACK!r}) "
          f"{loads['load_pack_s'] * 1000:.0f} ms (YAML, schemas, FEEL parser build, parse + "
          "compile)")
    print(f"engine/hand-written: {engine_ratio:.1f}x slower; traced/untraced: "
          f"{traced_ratio:.2f}x (cases not seen before: "
          f"{once['hand'] / once['engine']:.1f}x; {once['engine'] / once['traced']:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
