"""What the verbs of the ``regel`` command share: exit codes, printing, option helpers,
the as-of date, writing to a file or stdout, and the one way an error is reported (a text
line on stderr, or the one JSON error shape with ``--format json``).

Start-up: ``regel --help`` imports every verb module, so a verb module imports at the top only
what ``import regel`` loads anyway; anything heavier (rich, the reports, the table analysis,
the tools) is imported inside the run function that needs it, marked ``# lazy:``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regel.base.diagnostics import CaseError, EvaluationError, PackError, shown_path
from regel.base.errors import RegelError
from regel.feel.jsonio import dumps
from regel.feel.temporal import parse_date
from regel.feel.values import FeelNull, to_string
from regel.load import load_pack
from regel.model import Pack
from regel.run.evaluate import Case, Evaluation, evaluate
from regel.source.yamltree import load_yaml_file

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["EXIT_OK", "EXIT_ERROR", "EXIT_USAGE", "LABELS", "PACK_HELP", "UsageError",
           "Parser", "add_verb", "add_pack", "add_format", "add_lang", "add_case_options",
           "console", "echo", "display", "as_of", "evaluate_case", "unwritable", "emit",
           "error_json", "report_error"]

#: 0 success, 1 an error in the rules, the expression or the case, 2 a usage error.
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

LABELS = {
    "en": {"error": "error", "warning": "warning", "at": "at line {line}, column {column}"},
    "da": {"error": "fejl", "warning": "advarsel", "at": "i linje {line}, kolonne {column}"},
}

PACK_HELP = "a pack folder, a bundled pack's name or a DMN model (.dmn)"

Run = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A usage problem found after the options were parsed: exit 2 with its message."""


class Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code and a hint to --help."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n"
                         f"Run '{self.prog} --help' for examples.\n")
        raise SystemExit(EXIT_USAGE)


# --------------------------------------------------------------------------- options

def add_verb(subparsers: Any, name: str, help_: str, description: str,
             run: Run) -> argparse.ArgumentParser:
    """A verb's parser, its description printed as written, running ``run``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_, description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run)
    return parser


def add_pack(parser: argparse.ArgumentParser, help_: str = PACK_HELP) -> None:
    parser.add_argument("pack", metavar="PACK", help=help_)


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json"),
               help_: str | None = None) -> None:
    parser.add_argument("--format", choices=choices, default="text", help=help_)


def add_lang(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("en", "da"),
             default: str | None = "en", help_: str | None = None) -> None:
    parser.add_argument("--lang", choices=choices, default=default, help=help_)


def add_case_options(parser: argparse.ArgumentParser) -> None:
    """--case, --decision and --as-of, as ``regel eval`` and ``regel explain`` take them."""
    parser.add_argument("--case", metavar="FILE", required=True,
                        help="the case: a YAML or JSON file with 'facts:' (and optionally "
                             "'as_of:' and 'id:')")
    parser.add_argument("--decision", metavar="ID", action="append", dest="decisions",
                        help="evaluate only this decision (and what it needs); repeatable")
    parser.add_argument("--as-of", metavar="DATE", help="the evaluation date (YYYY-MM-DD); "
                        "default: the case's as_of, else today")


# --------------------------------------------------------------------------- output

def console(stderr: bool = False, wrap: bool = False) -> Console:
    """A console for plain lines (no wrapping), or with ``wrap`` for trees and tables,
    which rich otherwise crops at the terminal's width."""
    from rich.console import Console  # lazy: rich costs ~10 ms; regel --help needs none
    return Console(stderr=stderr, highlight=False, soft_wrap=not wrap)


def echo(text: str, stderr: bool = False) -> None:
    """Print one text as it is (no markup, no highlighting), on stdout or stderr."""
    console(stderr).print(text, markup=False, highlight=False)


def display(value: Any, top: bool = True) -> str:
    """A FEEL value for people: texts bare at the top, quoted inside lists and contexts."""
    if isinstance(value, str):
        return value if top else '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(display(v, False) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {display(v, False)}" for k, v in value.items()) + "}"
    return to_string(value)


def emit(text: str, output: str | None) -> int:
    """Write ``text`` (ending in one newline) to the file ``output``, or to stdout."""
    text = text if text.endswith("\n") else text + "\n"
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise unwritable(output, exc) from None
        return EXIT_OK
    sys.stdout.write(text)
    return EXIT_OK


def unwritable(path: Path | str, exc: OSError) -> RegelError:
    """The error a file or folder that cannot be written gives."""
    return RegelError(f"cannot write the file ({exc.strerror or exc})", code="FILE-UNWRITABLE",
                      source=str(path))


# --------------------------------------------------------------------------- evaluation

def as_of(text: str | None) -> Any:
    """The date of ``--as-of``, or None when it is not given."""
    if text is None:
        return None
    try:
        return parse_date(text)
    except FeelNull:
        raise UsageError(f"--as-of '{text}' is not a date; write YYYY-MM-DD") from None


def evaluate_case(args: argparse.Namespace, trace: bool) -> tuple[Pack, Evaluation]:
    """Load ``args.pack`` and evaluate ``args.case`` (``--decision``, ``--as-of``)."""
    pack = load_pack(args.pack, tests=False)
    case = Case.from_data(load_yaml_file(args.case), args.case)
    return pack, evaluate(pack, case, args.decisions, as_of(args.as_of), trace=trace)


# --------------------------------------------------------------------------- errors

def _problem(code: str, message: str, *, severity: str = "error", file: str | None = None,
             line: int | None = None, column: int | None = None, field: str | None = None,
             decision: str | None = None) -> dict[str, Any]:
    return {"code": code, "severity": severity, "message": message,
            "file": shown_path(file) if file else None, "line": line or None,
            "column": column or None, "field": field, "decision": decision}


def error_json(err: RegelError) -> dict[str, Any]:
    """The one JSON shape of a verb that failed: ``{"ok": false, "errors": [...]}`` with
    one object per problem, always with the same keys (null where not known): every
    diagnostic of a pack that does not load (with its file, line and column), every problem
    of a case (with its ``field``), the decision an evaluation failed in, else the one error
    with the file (or option, or pack) it names."""
    if isinstance(err, PackError) and err.diagnostics:
        errors = [_problem(d.code, d.message, severity=d.severity, file=d.file, line=d.line,
                           column=d.column) for d in err.diagnostics]
    elif isinstance(err, CaseError):
        errors = [_problem(code, message, field=field) for field, code, message in err.problems]
    elif isinstance(err, EvaluationError):
        errors = [_problem(err.code, err.message, decision=err.source)]
    else:
        errors = [_problem(err.code, err.message, file=err.source, line=err.line,
                           column=err.column)]
    return {"ok": False, "errors": errors}


def report_error(err: RegelError, fmt: str, lang: str) -> int:
    """Report ``err``: the JSON error shape on stdout with ``--format json``, else lines on
    stderr in ``lang``. Returns the exit code."""
    if fmt == "json":
        echo(dumps(error_json(err)))
        return EXIT_ERROR
    label = LABELS[lang]["error"]
    if isinstance(err, PackError):
        for d in err.diagnostics:
            echo(f"{label}: {d}", stderr=True)
        return EXIT_ERROR
    if isinstance(err, CaseError):
        for f, c, m in err.problems:
            echo(f"{label}: {f}: {c}: {m}", stderr=True)
        return EXIT_ERROR
    where = ""
    if err.span is not None:
        where = " " + LABELS[lang]["at"].format(line=err.span.line, column=err.span.column)
    source = f"{err.source}: " if err.source else ""
    echo(f"{label}: {source}{err.code}{where}: {err.message}", stderr=True)
    excerpt = err.excerpt()
    if excerpt:
        echo("\n".join("  " + line for line in excerpt.splitlines()), stderr=True)
    return EXIT_ERROR
