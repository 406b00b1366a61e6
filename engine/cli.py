"""The ``regel`` command.

Exit codes: 0 success, 1 an error in the rules, the expression or the case, 2 a usage
error (unknown option, missing argument).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine import __version__
from engine.errors import RegelError
from engine.jsonout import dumps
from engine.yamlio import load_yaml, load_yaml_file

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

_LABELS = {
    "en": {"error": "error", "warning": "warning", "at": "at line {line}, column {column}"},
    "da": {"error": "fejl", "warning": "advarsel", "at": "i linje {line}, kolonne {column}"},
}

_MAIN_HELP = """\
regel evaluates legal rules written as DMN decision tables in YAML, with FEEL
expressions, and explains every result down to the rule and the law behind it.

Try an expression:
  regel feel 'date("2012-07-01") + duration("P5Y")'
  regel feel 'Applicant Age >= 24' --context '{"Applicant Age": 23}'
  regel feel --tests '[18..65)' --input 30

Every verb has its own help: regel feel --help
"""

_FEEL_HELP = """\
Evaluate one FEEL expression (the language of DMN decision tables) and print its value.

Names from --context are in scope, and may contain spaces ("Applicant Age").
With --tests the text is instead the content of a decision-table input cell, such as
'< 18', '[1..5]', '"a", "b"', 'not("x")' or '-', and the command prints whether the
--input value satisfies it.

Examples:
  regel feel '0.1 + 0.2'                                   -> 0.3 (numbers are exact)
  regel feel 'date("2012-07-01") + duration("P5Y")'        -> 2017-07-01
  regel feel 'amount * 1.02' --context case.yaml           (a YAML or JSON file)
  regel feel 'sum(payments)' --context '{"payments": [100.50, 20]}'
  regel feel --tests '>= date("2011-01-01")' --input 'date("2012-05-01")'
  regel feel --format json 'substring("regel", 1, 3)'

A syntax error prints the expression with a caret under the column and exits 1.
Problems that FEEL turns into null (division by zero, a missing name) are printed as
warnings with a stable code; the value is still printed.
"""


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code and a hint to --help."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n"
                         f"Run '{self.prog} --help' for examples.\n")
        raise SystemExit(EXIT_USAGE)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="regel", description=_MAIN_HELP,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"regel {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    feel = verbs.add_parser("feel", help="evaluate a FEEL expression or test an input cell",
                            description=_FEEL_HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    feel.add_argument("expression", metavar="EXPRESSION", help="the FEEL text")
    feel.add_argument("-c", "--context", metavar="FILE_OR_YAML",
                      help="names in scope: a YAML/JSON file, or a YAML/JSON mapping inline")
    feel.add_argument("--tests", action="store_true",
                      help="treat EXPRESSION as the unary tests of an input cell")
    feel.add_argument("--input", metavar="EXPRESSION",
                      help="with --tests: the value to test, as a FEEL expression")
    feel.add_argument("--format", choices=("text", "json"), default="text",
                      help="text for people (default) or json for programs")
    feel.add_argument("--lang", choices=("en", "da"), default="en",
                      help="language of messages: en (default) or da")
    feel.set_defaults(run=_run_feel)
    return parser


def _console(stderr: bool = False) -> Any:
    from rich.console import Console
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _print(text: str, stderr: bool = False) -> None:
    _console(stderr).print(text, markup=False, highlight=False)


def _load_context(arg: str | None) -> dict[str, Any]:
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
        raise RegelError("the context must be a mapping of names to values, "
                         "such as {\"age\": 30}", code="CONTEXT-NOT-MAPPING", source="--context")
    return {str(k): v for k, v in data.items()}


def _display(value: Any, top: bool = True) -> str:
    from engine.feel.values import to_string
    if isinstance(value, str):
        return value if top else '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_display(v, False) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_display(v, False)}" for k, v in value.items()) + "}"
    return to_string(value)


def _report_error(err: RegelError, fmt: str, lang: str) -> int:
    if fmt == "json":
        body: dict[str, Any] = {"code": err.code, "message": err.message}
        if err.source:
            body["source"] = err.source
        if err.span is not None:
            body["line"], body["column"] = err.span.line, err.span.column
        _print(dumps({"error": body}))
        return EXIT_ERROR
    labels = _LABELS[lang]
    where = ""
    if err.span is not None:
        where = " " + labels["at"].format(line=err.span.line, column=err.span.column)
    source = f"{err.source}: " if err.source else ""
    _print(f"{labels['error']}: {source}{err.code}{where}: {err.message}", stderr=True)
    excerpt = err.excerpt()
    if excerpt:
        _print("\n".join("  " + line for line in excerpt.splitlines()), stderr=True)
    return EXIT_ERROR


def _run_feel(args: argparse.Namespace) -> int:
    from engine.feel import compile_expression, compile_unary_tests
    from engine.feel.api import names_in, new_scope
    from engine.feel.compiler import INPUT, Scope
    from engine.feel.values import type_name

    text = args.expression
    if args.input is not None and not args.tests:
        raise _UsageError("--input only makes sense with --tests")
    context = _load_context(args.context)
    scope: Scope = new_scope(context)
    names = names_in(context)
    if args.tests:
        tests = compile_unary_tests(text, names)
        tested = None
        if args.input is not None:
            try:
                tested = compile_expression(args.input, names).evaluate_in(scope)
            except RegelError as err:
                err.source = "--input"
                raise
        value: Any = tests.test_in(tested, scope.child({INPUT: tested}))
    else:
        value = compile_expression(text, names).evaluate_in(scope)
    warnings = scope.warnings
    if args.format == "json":
        out = {"expression": text, "value": value, "type": type_name(value),
               "warnings": [w.to_json() | {"message": w.message(args.lang)}
                            for w in warnings]}
        if args.tests:
            out["input"] = tested
        _print(dumps(out))
    else:
        _print(_display(value))
        label = _LABELS[args.lang]["warning"]
        for w in warnings:
            where = ""
            if w.span is not None:
                where = " " + _LABELS[args.lang]["at"].format(line=w.span.line,
                                                              column=w.span.column)
            _print(f"{label}: {w.code}{where}: {w.message(args.lang)}", stderr=True)
    return EXIT_OK


class _UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "verb", None):
        parser.print_help()
        return EXIT_USAGE
    fmt = getattr(args, "format", "text")
    lang = getattr(args, "lang", "en")
    try:
        return int(args.run(args))
    except _UsageError as exc:
        sys.stderr.write(f"regel {args.verb}: error: {exc}\n")
        return EXIT_USAGE
    except RegelError as err:
        return _report_error(err, fmt, lang)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
