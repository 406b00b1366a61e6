"""``regel feel``: evaluate one FEEL expression, or test a value against an input cell."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from regel.base.errors import RegelError
from regel.cli.common import (
    EXIT_OK,
    LABELS,
    UsageError,
    add_format,
    add_lang,
    add_limits,
    add_verb,
    display,
    echo,
    limits_of,
    use_language,
)
from regel.feel import compile_expression, compile_unary_tests
from regel.feel.api import names_in, new_scope
from regel.feel.budget import DEFAULT_LIMITS, budget
from regel.feel.compiler import INPUT, Scope
from regel.feel.jsonio import dumps
from regel.feel.values import type_name
from regel.feel.warnings import warning_json
from regel.source.yamltree import load_yaml, load_yaml_file

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Evaluate one FEEL expression (the language of DMN decision tables) and print its value.

Names from --context are in scope, and may contain spaces ("Applicant Age").
With --tests the text is instead the content of a decision-table input cell, such as
'< 18', '[1..5]', '"a", "b"', 'not("x")' or '-', and the command prints whether the
--input value satisfies it.

Examples:
  regel feel '0.1 + 0.2'                                   -> 0.3 (numbers are exact)
  regel feel 'date("2012-07-01") + duration("P5Y")'        -> 2017-07-01
  regel feel 'sum(payments) * 1.02' --context examples/feel/payments.yaml   -> 1275.765
  regel feel 'sum(payments)' --context '{"payments": [100.50, 20]}'
  regel feel --tests '>= date("2011-01-01")' --input 'date("2012-05-01")'
  regel feel --format json 'substring("regel", 1, 3)'

A syntax error prints the expression with a caret under the column and exits 1.
Problems that FEEL turns into null (division by zero, a missing name) are printed as
warnings with a stable code; the value is still printed.
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "feel", "evaluate a FEEL expression or test an input cell",
                 HELP, run)
    p.add_argument("expression", metavar="EXPRESSION", help="the FEEL text")
    p.add_argument("-c", "--context", metavar="FILE_OR_YAML",
                   help="names in scope: a YAML/JSON file, or a YAML/JSON mapping inline")
    p.add_argument("--tests", action="store_true",
                   help="treat EXPRESSION as the unary tests of an input cell")
    p.add_argument("--input", metavar="EXPRESSION",
                   help="with --tests: the value to test, as a FEEL expression")
    add_format(p, help_="text for people (default) or json for programs")
    add_lang(p, None)
    add_limits(p)


def run(args: argparse.Namespace) -> int:
    if args.input is not None and not args.tests:
        raise UsageError.of("USAGE", key="USAGE/input")
    lang = use_language(args, None)
    context = _load_context(args.context)
    scope: Scope = new_scope(context)
    names = names_in(context)
    tested = None
    with budget(limits_of(args) or DEFAULT_LIMITS):
        if args.tests:
            tests = compile_unary_tests(args.expression, names)
            tested = _tested(args.input, names, scope)
            value: Any = tests.test_in(tested, scope.child({INPUT: tested}))
        else:
            value = compile_expression(args.expression, names).result_in(scope)
    if args.format == "json":
        out = {"expression": args.expression, "value": value, "type": type_name(value),
               "warnings": [warning_json(w, lang) for w in scope.warnings]}
        if args.tests:
            out["input"] = tested
        echo(dumps(out))
        return EXIT_OK
    echo(display(value))
    labels = LABELS[lang]
    for w in scope.warnings:
        where = ""
        if w.span is not None:
            where = " " + labels["at"].format(line=w.span.line, column=w.span.column)
        echo(f"{labels['warning']}: {w.code}{where}: {w.text(lang)}", stderr=True)
    return EXIT_OK


def _tested(text: str | None, names: frozenset[str], scope: Scope) -> Any:
    """The value of --input (None when it is not given); its errors name --input."""
    if text is None:
        return None
    try:
        return compile_expression(text, names).evaluate_in(scope)
    except RegelError as err:
        err.source = "--input"
        raise


def _load_context(arg: str | None) -> dict[str, Any]:
    """The names of --context: a YAML or JSON file, or a mapping written inline."""
    if arg is None:
        return {}
    path = Path(arg)
    if len(arg) < 4096 and "\n" not in arg and path.suffix in (".yaml", ".yml", ".json") \
            and not arg.lstrip().startswith("{"):
        data = load_yaml_file(path)
    else:
        data = load_yaml(arg, "--context")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RegelError.of("CONTEXT-NOT-MAPPING", at="--context", example='{"age": 30}')
    return {str(k): v for k, v in data.items()}
