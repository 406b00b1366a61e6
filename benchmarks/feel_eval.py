"""Compiled FEEL versus hand-written Python, side by side in one process.

For each representative expression the script measures evaluations per second of
(a) a hand-written Python lambda with the same logic on the same Decimal values,
(b) the compiled expression in a prepared scope (the path the decision engine uses), and
(c) the public one-shot ``CompiledExpression.evaluate(dict)``, which also converts the
    input values to FEEL values;
and prints the slowdown ratios b/a and c/a. Parsing happens once, before timing: the
numbers show what evaluation alone costs.

    python benchmarks/feel_eval.py [--seconds 0.5] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from regel.feel import compile_expression, compile_unary_tests  # noqa: E402
from regel.feel.api import new_scope  # noqa: E402
from regel.feel.compiler import INPUT  # noqa: E402


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


CONTEXT: dict[str, Any] = {
    "amount": Decimal("100000.00"), "rate": Decimal("2.0"), "age": Decimal(30),
    "posted": dt.date(2012, 7, 1), "payments": [Decimal(x) for x in (5, 12, 40, 8, 25)],
    "name": "Fatima Hansen", "Applicant Age": Decimal(30),
}

# (label, FEEL text, equivalent Python on the same values)
EXPRESSIONS: list[tuple[str, str, Callable[[dict[str, Any]], Any]]] = [
    ("arithmetic", "amount * (1 + rate / 100)",
     lambda c: c["amount"] * (1 + c["rate"] / 100)),
    ("if-then-else", 'if age >= 18 then "adult" else "minor"',
     lambda c: "adult" if c["age"] >= 18 else "minor"),
    ("date + duration", 'posted + duration("P5Y")',
     lambda c: _add_years(c["posted"], 5)),
    ("filter + sum", "sum(payments[item > 10])",
     lambda c: sum(x for x in c["payments"] if x > 10)),
    ("string functions", 'string length(name) > 3 and contains(name, "Han")',
     lambda c: len(c["name"]) > 3 and "Han" in c["name"]),
    ("name with spaces", "Applicant Age >= 24",
     lambda c: c["Applicant Age"] >= 24),
]

UNARY: list[tuple[str, str, Any, Callable[[Any], bool]]] = [
    ("cell [18..65)", "[18..65)", Decimal(30), lambda v: Decimal(18) <= v < Decimal(65)),
    ('cell "a", "b", "c"', '"a", "b", "c"', "c", lambda v: v in ("a", "b", "c")),
    ('cell >= date(...)', '>= date("2012-07-01")', dt.date(2013, 1, 1),
     lambda v: v >= dt.date(2012, 7, 1)),
]


def rate(fn: Callable[[], Any], seconds: float) -> float:
    """Calls per second of ``fn``, measured for about ``seconds``."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed
        n = max(n * 2, int(n * seconds / max(elapsed, 1e-9) * 1.1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=0.5,
                        help="time per measurement (default 0.5)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)

    rows = []
    names = list(CONTEXT)
    for label, text, python in EXPRESSIONS:
        compiled = compile_expression(text, names)
        scope = new_scope(CONTEXT)
        expected = python(CONTEXT)
        got = compiled.evaluate_in(scope)
        assert got == expected, f"{label}: FEEL gave {got!r}, Python {expected!r}"
        py = rate(lambda f=python: f(CONTEXT), args.seconds)
        feel = rate(lambda c=compiled, s=scope: c.evaluate_in(s), args.seconds)
        oneshot = rate(lambda c=compiled: c.evaluate(CONTEXT), args.seconds)
        rows.append((label, py, feel, oneshot))
    for label, text, value, python_test in UNARY:
        tests = compile_unary_tests(text)
        scope = new_scope({}).child({INPUT: value})
        assert tests.test_in(value, scope) == python_test(value)
        py = rate(lambda f=python_test, v=value: f(v), args.seconds)
        feel = rate(lambda t=tests, v=value, s=scope: t.test_in(v, s), args.seconds)
        oneshot = rate(lambda t=tests, v=value: t.matches(v), args.seconds)
        rows.append((label, py, feel, oneshot))

    if args.json:
        print(json.dumps([{"case": r[0], "python_per_s": round(r[1]),
                           "feel_per_s": round(r[2]), "feel_oneshot_per_s": round(r[3]),
                           "ratio": round(r[1] / r[2], 2),
                           "ratio_oneshot": round(r[1] / r[3], 2)} for r in rows], indent=2))
        return 0
    print(f"{'case':22} {'python/s':>12} {'feel/s':>12} {'ratio':>7} "
          f"{'one-shot/s':>12} {'ratio':>7}")
    for label, py, feel, oneshot in rows:
        print(f"{label:22} {py:12,.0f} {feel:12,.0f} {py / feel:6.1f}x "
              f"{oneshot:12,.0f} {py / oneshot:6.1f}x")
    print("ratio = how many times slower than the hand-written lambda (lower is better)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
