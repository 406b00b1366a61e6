"""FEEL, the expression language of DMN: parsed once with Lark, compiled to closures.

>>> from regel.feel import evaluate
>>> evaluate('date("2012-07-01") + duration("P5Y")').value
datetime.date(2017, 7, 1)

Public surface:

- ``compile_expression(text, names=())`` / ``compile_unary_tests(text, names=())``:
  parse and compile once; ``names`` are the names in scope (they may contain spaces).
- ``CompiledExpression.evaluate(context)`` and ``CompiledUnaryTests.matches(value,
  context)`` return a ``Result`` with ``.value`` and ``.warnings``.
- ``Limits``: the evaluation budget; every evaluating call takes ``limits=``.
- ``evaluate(text, context)`` and ``evaluate_unary_tests(text, value, context)``: the
  one-shot forms, for tests and the command line.
"""

from regel.feel.api import (
    CompiledExpression,
    CompiledUnaryTests,
    Result,
    compile_expression,
    compile_unary_tests,
    evaluate,
    evaluate_unary_tests,
    from_python,
)
from regel.feel.budget import DEFAULT_LIMITS, Limits
from regel.feel.values import DaysTimeDuration, FeelFunction, Range, YearsMonthsDuration
from regel.feel.warnings import FeelWarning

__all__ = [
    "Limits",
    "DEFAULT_LIMITS",
    "CompiledExpression",
    "CompiledUnaryTests",
    "Result",
    "compile_expression",
    "compile_unary_tests",
    "evaluate",
    "evaluate_unary_tests",
    "from_python",
    "DaysTimeDuration",
    "YearsMonthsDuration",
    "Range",
    "FeelFunction",
    "FeelWarning",
]
