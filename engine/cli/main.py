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

from regel.base.errors import RegelError
from regel.base.version import __version__
from regel.feel.jsonio import dumps
from regel.source.yamltree import load_yaml, load_yaml_file

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

Evaluate a case against a rule pack, and see why:
  regel eval examples/packs/library-fees --case examples/packs/library-fees/cases/anna.yaml
  regel explain examples/packs/library-fees --case CASE.yaml --lang da
  regel show examples/packs/library-fees late_fee

Keep the rules sound when the law changes:
  regel check examples/packs/library-fees          overlaps, gaps, masked rules, witnesses
  regel test examples/packs/library-fees           the YAML tests, then rule coverage
  regel diff rules/sikkerhedsstillelse@HEAD~1 rules/sikkerhedsstillelse   what an edit
                                                   changes

Bring DMN models in and take packs out (DMN 1.1 to 1.5 XML):
  regel eval model.dmn --case case.yaml            evaluate a DMN model directly
  regel import model.dmn -o packs/model            a DMN model as a YAML pack
  regel export sikkerhedsstillelse -o model.dmn    a pack as DMN 1.5, citations included
  regel tck ../shared/dmn-tck/compliance-level-2   the DMN conformance kit

A PACK is a folder with pack.yaml and decisions/, the name of a bundled pack, or a DMN
file. Every verb has its own help: regel eval --help
"""

_EVAL_HELP = """\
Evaluate a case (a YAML or JSON file with 'facts:') against a rule pack and print the
result of each decision. --format json prints the outputs for programs; use
'regel explain' to see which rules decided them and why.

Examples:
  regel eval examples/packs/library-fees --case examples/packs/library-fees/cases/anna.yaml
  regel eval PACK --case case.yaml --decision late_fee --as-of 2024-08-01
"""

_EXPLAIN_HELP = """\
Evaluate a case and show the whole explanation: for each decision the version of the
law that applied and the date that selected it, the inputs, every rule that matched and
every rule that did not (with the cell that excluded it and the value it saw), how the
hit policy resolved, the citations, interpretation notes and warnings.
--format md or html writes a report to hand over (Danish by default for a Danish pack;
--lang en for English); -o FILE writes it to a file. --format json prints the trace
(schemas/trace.schema.json) for archiving and for `regel replay`.

Examples:
  regel explain sikkerhedsstillelse --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml
  regel explain sikkerhedsstillelse --case CASE.yaml --format html -o forklaring.html
  regel explain sikkerhedsstillelse --case CASE.yaml --format json -o trace.json
"""

_REPLAY_HELP = """\
Re-evaluate the facts recorded in a trace, at the recorded as-of date, and confirm that the
rules give the same outputs with the same rule versions and the same pack fingerprint
(exit 0), or list what differs: changed outputs, versions, deciding rules or fingerprint
(exit 1).

Example:
  regel explain sikkerhedsstillelse --case CASE.yaml --format json -o trace.json
  regel replay trace.json
"""

_SHOW_HELP = """\
Show a decision's table as a grid, version by version, with each rule's law.
"""

_CHECK_HELP = """\
Load a rule pack, analyse its decision tables, and report every problem at once.

Loading checks: schema violations, FEEL syntax errors with the column inside the cell,
unknown names with "did you mean", comparisons of incompatible types, overlapping or
gapped version periods, cycles. If the pack loads, the table analysis runs:

  OVERLAP           error    UNIQUE rules that can match the same case; ANY rules that can
                             match together with different outputs
  GAP               warning  input values no rule covers in a table without a default
                             (COLLECT, RULE ORDER and OUTPUT ORDER tables are exempt)
  MASKED            warning  a FIRST or PRIORITY rule that can never decide the result
  SUBSUMED          info     a rule inside another rule with the same outputs
  TYPE-COMPARISON   error    a bare value of the wrong type in a typed column
  UNUSED-INPUT      warning  an input no decision uses, or a column every rule ignores
  ANALYSIS-SKIPPED  info     rules left out because a cell depends on other inputs

A gap or overlap comes with a witness: input values you can paste into a YAML test.

Output: file:line:col: CODE (severity): message, one per line, then a count.
--format json gives {"ok", "diagnostics": [...]} with rules and witness per finding.
--error-format TEMPLATE prints each finding through TEMPLATE, with the fields {file},
{line}, {column}, {severity}, {annotation} (the severity as GitHub names it: error,
warning, notice), {code}, {message}, {decision}, {rules} and {witness}; for GitHub Actions
annotations:
  regel check rules/sikkerhedsstillelse \\
      --error-format '::{annotation} file={file},line={line},col={column}::{code} {message}'

Exit 0 when there is no error (warnings and info do not fail), 1 when there is any error;
--strict makes warnings fail too.
"""

_TEST_HELP = """\
Run the YAML tests that live next to a rule pack (PACK/tests/*.yaml) and say which rules
no test made match.

A test file holds a list under 'tests:'; each test has a name, the case facts (facts: or
case: FILE), the as-of date, the expected outputs, and optionally the rule ids that must
match (matched:) or must not (not_matched:):

  tests:
    - name: an 18-year-old who is not a student is an adult
      as_of: 2024-03-20
      facts: {borrower_age: 18, student_card: false, item_type: book, ...}
      expect: {borrower_category: adult}
      matched: {borrower_category: [K3]}

Output: one line per failing test with expected against actual and the explanation of
that case, then the coverage (per table: the rules no test made match, and the decisions
no test reached), and last a line 'N passed, M failed'.

Examples:
  regel test sikkerhedsstillelse
  regel test rules/familiesammenfoering -k extension --lang en
  regel test sikkerhedsstillelse --min-coverage 85      (CI: fail below 85 % rule coverage)
  regel test examples/packs/library-fees --format json

The same tests also run under pytest: the regel plugin collects every PACK/tests/*.yaml.

Exit 0 when every test passed (and coverage is at least --min-coverage), 1 otherwise.
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

_BATCH_HELP = """\
Evaluate a whole caseload, streaming: every record of a JSONL or CSV file, in worker
processes, with one JSON line per record in OUT, in input order:
  {"line": 3, "id": "A-17", "ok": true, "outputs": {...}}            (+ "trace" with --trace)
  {"line": 4, "id": "A-18", "ok": false, "error": {"code": "CASE-TYPE", "message": ...,
   "field": "permit_date"}}
A bad case (a bad date, a missing or unknown fact, a cell that is not a number, a line
that is not JSON) gives an error record and the batch goes on.

JSONL: one case per line, a case object {"id", "as_of", "decisions", "facts": {...}} or
flat facts (with optional "id" and "as_of"). Numbers are read exactly (never floats).
CSV: a header row of fact ids, plus optional id and as_of columns; each cell is read by
the fact's declared type (number, boolean true/false/ja/nej/1/0, JSON for list and
context; dates as YYYY-MM-DD); an empty cell is a missing fact. ',' ';' or tab separated.

OUT is written under a temporary name beside it and renamed when the run is complete, so
an interrupted run leaves no OUT. A case without as_of (and no --as-of) is evaluated at
the date the batch started. The summary line goes to stderr (--format json: a summary
object on stdout).

Exit codes: 0 every case ok, 1 at least one case failed (or the pack or a file is bad),
2 a usage error.

Examples:
  regel batch sikkerhedsstillelse --cases caseload.jsonl -o results.jsonl
  regel batch sikkerhedsstillelse --cases caseload.csv -o results.jsonl \\
      --decision indexed_amounts --decision validity_end_date --as-of 2024-07-01
  regel batch examples/packs/library-fees --cases loans.csv -o fees.jsonl --workers 2
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

    def pack_verb(name: str, help_: str, description: str) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_, description=description,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("pack", metavar="PACK", help="a pack folder, a bundled pack's name or "
                       "a DMN model (.dmn)")
        return p

    def case_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--case", metavar="FILE", required=True,
                       help="the case: a YAML or JSON file with 'facts:' (and optionally "
                            "'as_of:' and 'id:')")
        p.add_argument("--decision", metavar="ID", action="append", dest="decisions",
                       help="evaluate only this decision (and what it needs); repeatable")
        p.add_argument("--as-of", metavar="DATE", help="the evaluation date (YYYY-MM-DD); "
                       "default: the case's as_of, else today")

    ev = pack_verb("eval", "evaluate a case against a rule pack", _EVAL_HELP)
    case_options(ev)
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--lang", choices=("en", "da"), default="en")
    ev.set_defaults(run=_run_eval)

    ex = pack_verb("explain", "evaluate a case and show why, rule by rule", _EXPLAIN_HELP)
    case_options(ex)
    ex.add_argument("--format", choices=("text", "md", "html", "json"), default="text",
                    help="text for the terminal (default), md (Markdown), html (a standalone "
                         "page to print or archive), json (the trace, for replay)")
    ex.add_argument("--lang", choices=("da", "en"), default=None,
                    help="report language; default: the pack's (da for sikkerhedsstillelse)")
    ex.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    ex.set_defaults(run=_run_explain)

    rp = verbs.add_parser("replay", help="check that an archived trace still gives the same "
                          "answer", description=_REPLAY_HELP,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    rp.add_argument("trace", metavar="TRACE.json", help="a trace from regel explain --format json")
    rp.add_argument("--pack", metavar="PACK", help="the pack to replay against (default: the "
                    "bundled pack the trace names)")
    rp.add_argument("--format", choices=("text", "json"), default="text")
    rp.add_argument("--lang", choices=("da", "en"), default="en")
    rp.set_defaults(run=_run_replay)

    sh = pack_verb("show", "show a decision's table, version by version", _SHOW_HELP)
    sh.add_argument("decision", metavar="DECISION", help="the decision's id")
    sh.add_argument("--format", choices=("text", "json"), default="text")
    sh.add_argument("--lang", choices=("en", "da"), default="en")
    sh.set_defaults(run=_run_show)

    sc = pack_verb("schema", "write the JSON Schema of a pack's case files",
                   "Generate the JSON Schema of case files for PACK from its declared facts, so "
                   "that an editor completes fact names and checks types and allowed values.\n\n"
                   "Example:\n  regel schema sikkerhedsstillelse -o "
                   "schemas/sikkerhedsstillelse.case.schema.json")
    sc.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")
    sc.set_defaults(run=_run_schema)

    ck = verbs.add_parser("check", help="check a rule pack and report every problem",
                          description=_CHECK_HELP,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    ck.add_argument("path", metavar="PATH", help="a pack folder or a bundled pack's name")
    ck.add_argument("--format", choices=("text", "json"), default="text")
    ck.add_argument("--error-format", metavar="TEMPLATE",
                    help="print each finding through TEMPLATE (fields: {file} {line} {column} "
                    "{severity} {annotation} {code} {message} {decision} {rules} {witness})")
    ck.add_argument("--strict", action="store_true", help="warnings fail the check too")
    ck.add_argument("--no-analysis", action="store_true",
                    help="only the loading checks, not the table analysis")
    ck.set_defaults(run=_run_check)

    from regel.tools import testing
    testing.add_arguments(verbs.add_parser(
        "test", help="run a pack's YAML tests and report rule coverage",
        description=_TEST_HELP, formatter_class=argparse.RawDescriptionHelpFormatter))

    from regel.tools import diff
    diff.add_arguments(verbs.add_parser(
        "diff", help="what a change to a pack does: rules, regions with witnesses, cases",
        description=diff.DIFF_HELP, formatter_class=argparse.RawDescriptionHelpFormatter))

    from regel.cli import dmn as dmn_commands
    dmn_commands.add_import(verbs)
    dmn_commands.add_export(verbs)
    dmn_commands.add_tck(verbs)

    bt = pack_verb("batch", "evaluate a whole caseload (JSONL or CSV), in parallel",
                   _BATCH_HELP)
    bt.add_argument("--cases", metavar="FILE", required=True,
                    help="the cases: FILE.jsonl (one case per line) or FILE.csv")
    bt.add_argument("-o", "--output", metavar="OUT", required=True,
                    help="the results, one JSON line per case (OUT.jsonl)")
    bt.add_argument("--decision", metavar="ID", action="append", dest="decisions",
                    help="evaluate only this decision (and what it needs); repeatable")
    bt.add_argument("--as-of", metavar="DATE", help="the evaluation date (YYYY-MM-DD) for "
                    "every case; default: each case's as_of, else the day the batch started")
    bt.add_argument("--workers", metavar="N", type=int, default=None,
                    help="worker processes (default: all cores)")
    bt.add_argument("--trace", action="store_true", help="add each case's trace to its line")
    bt.add_argument("--format", choices=("text", "json"), default="text",
                    help="summary as a line on stderr (default) or a JSON object on stdout")
    bt.set_defaults(run=_run_batch)
    return parser


def _console(stderr: bool = False, wrap: bool = False) -> Any:
    """A console for plain lines (no wrapping), or with ``wrap`` for trees and tables,
    which rich otherwise crops at the terminal's width."""
    from rich.console import Console
    return Console(stderr=stderr, highlight=False, soft_wrap=not wrap)


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
    from regel.feel.values import to_string
    if isinstance(value, str):
        return value if top else '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_display(v, False) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_display(v, False)}" for k, v in value.items()) + "}"
    return to_string(value)


def _report_error(err: RegelError, fmt: str, lang: str) -> int:
    from regel.base.diagnostics import CaseError, PackError
    if isinstance(err, PackError):
        if fmt == "json":
            _print(dumps({"error": {"code": err.code, "message": err.message,
                                    "diagnostics": [d.to_json() for d in err.diagnostics]}}))
        else:
            for d in err.diagnostics:
                _print(f"{_LABELS[lang]['error']}: {d}", stderr=True)
        return EXIT_ERROR
    if isinstance(err, CaseError):
        if fmt == "json":
            _print(dumps({"error": {"code": err.code, "message": err.message, "problems": [
                {"field": f, "code": c, "message": m} for f, c, m in err.problems]}}))
        else:
            for f, c, m in err.problems:
                _print(f"{_LABELS[lang]['error']}: {f}: {c}: {m}", stderr=True)
        return EXIT_ERROR
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
    from regel.feel import compile_expression, compile_unary_tests
    from regel.feel.api import names_in, new_scope
    from regel.feel.compiler import INPUT, Scope
    from regel.feel.values import type_name
    from regel.feel.warnings import warning_json

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
               "warnings": [warning_json(w, args.lang) for w in warnings]}
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
            _print(f"{label}: {w.code}{where}: {w.text(args.lang)}", stderr=True)
    return EXIT_OK


class _UsageError(Exception):
    pass


def _as_of(text: str | None) -> Any:
    if text is None:
        return None
    from regel.feel.temporal import parse_date
    from regel.feel.values import FeelNull
    try:
        return parse_date(text)
    except FeelNull:
        raise _UsageError(f"--as-of '{text}' is not a date; write YYYY-MM-DD") from None


def _evaluate(args: argparse.Namespace, trace: bool) -> Any:
    from regel.load.build import load_pack
    from regel.run.evaluate import Case, evaluate
    pack = load_pack(args.pack, tests=False)
    case = Case.from_data(load_yaml_file(args.case), args.case)
    return pack, evaluate(pack, case, args.decisions, _as_of(args.as_of), trace=trace)


def _run_eval(args: argparse.Namespace) -> int:
    pack, result = _evaluate(args, trace=False)
    if args.format == "json":
        _print(dumps({"pack": {"id": pack.id, "version": pack.version,
                               "fingerprint": pack.fingerprint},
                      "as_of": result.as_of, "outputs": result.values,
                      "warnings": [w.to_json() for w in result.warnings]}))
        return EXIT_OK
    for did, value in result.values.items():
        label = pack.decisions[did].label.get(args.lang)
        _print(f"{label} ({did}): {_display(value)}")
    label = _LABELS[args.lang]["warning"]
    missing = sorted({str(w.values["name"]) for w in result.warnings
                      if w.code == "INPUT-MISSING"})
    if missing:
        head = ("valgfrie oplysninger ikke angivet" if args.lang == "da"
                else "optional facts not given")
        _print(f"note: {head}: {', '.join(missing)}", stderr=True)
    for w in result.warnings:
        if w.code == "INPUT-MISSING":
            continue
        _print(f"{label}: {w.code} ({w.decision}): {w.text(args.lang)}", stderr=True)
    return EXIT_OK


def _run_explain(args: argparse.Namespace) -> int:
    import json
    from decimal import Decimal
    pack, result = _evaluate(args, trace=True)
    text = dumps(result.to_json())
    if args.format == "json":
        return _emit(text, args.output)
    from regel.report import build, render
    from regel.report.terminal import terminal_renderable
    data = json.loads(text, parse_float=Decimal)
    lang = args.lang or pack.default_language
    if args.format == "text" and not args.output:
        _console(wrap=True).print(terminal_renderable(build(data, lang)))
        return EXIT_OK
    return _emit(render(data, args.format, lang), args.output)


def _emit(text: str, output: str | None) -> int:
    if output:
        try:
            Path(output).write_text(text if text.endswith("\n") else text + "\n",
                                    encoding="utf-8")
        except OSError as exc:
            raise RegelError(f"cannot write the file ({exc.strerror})", code="FILE-UNWRITABLE",
                             source=output) from None
        return EXIT_OK
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _run_batch(args: argparse.Namespace) -> int:
    from regel.load.build import load_pack
    from regel.tools import batch
    if batch.input_kind(args.cases) is None:
        raise _UsageError(f"--cases '{args.cases}' must be a .jsonl or a .csv file")
    if args.workers is not None and args.workers < 1:
        raise _UsageError("--workers must be 1 or more")
    as_of = _as_of(args.as_of)
    pack = load_pack(args.pack)
    show = None
    bar: Any = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
        bar = Progress(TextColumn("{task.fields[done]:,} cases"), BarColumn(),
                       TextColumn("{task.percentage:>3.0f}%  {task.fields[rate]:,.0f} cases/s"),
                       TimeElapsedColumn(), console=_console(stderr=True), transient=True)
        task = bar.add_task("batch", total=None, done=0, rate=0.0)
        bar.start()

        def show(done: int, at: int, total: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0
            bar.update(task, completed=at, total=total or None, done=done,
                       rate=done / elapsed if elapsed else 0.0)
    try:
        summary = batch.run_batch(pack, args.pack, args.cases, args.output,
                                  decisions=args.decisions, as_of=as_of,
                                  workers=args.workers, trace=args.trace, progress=show)
    finally:
        if bar is not None:
            bar.stop()
    if args.format == "json":
        _print(dumps(summary.to_json()))
    else:
        _print(summary.line(), stderr=True)
    return EXIT_OK if summary.failed == 0 else EXIT_ERROR


def _run_replay(args: argparse.Namespace) -> int:
    from regel.tools import replay
    return int(replay.run(args))


def _run_show(args: argparse.Namespace) -> int:
    from regel.base.diagnostics import EvaluationError, did_you_mean
    from regel.load.build import load_pack
    pack = load_pack(args.pack)
    decision = pack.decisions.get(args.decision)
    if decision is None:
        raise EvaluationError(f"the pack has no decision '{args.decision}'"
                              f"{did_you_mean(args.decision, pack.decisions)}; it has: "
                              + ", ".join(pack.decisions), code="UNKNOWN-DECISION")
    if args.format == "json":
        _print(dumps(_decision_json(decision)))
        return EXIT_OK
    from regel.report.grid import decision_tables
    _console(wrap=True).print(decision_tables(decision, args.lang))
    return EXIT_OK


def _decision_json(decision: Any) -> dict[str, Any]:
    from regel.model import DecisionTable
    versions = []
    for v in decision.versions:
        item: dict[str, Any] = {"valid_from": v.valid_from, "valid_to": v.valid_to,
                                "source": v.source}
        if isinstance(v.logic, DecisionTable):
            t = v.logic
            item["table"] = {
                "hit_policy": t.hit_policy,
                "inputs": [{"id": c.id, "expression": c.text} for c in t.inputs],
                "outputs": [{"name": o.name, "default": o.default} for o in t.outputs],
                "rules": [{"id": r.id, "when": r.cell_texts(), "then": r.output_texts(),
                           "source": r.source} for r in t.rules],
            }
        else:
            item["expression"] = v.logic.text
        versions.append(item)
    return {"id": decision.id, "label": decision.label.to_json(), "versions": versions}


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from regel.load.build import load_pack
    from regel.tools.caseschema import case_schema
    text = json.dumps(case_schema(load_pack(args.pack)), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        _print(text.rstrip("\n"))
    return EXIT_OK


_TEMPLATE_FIELDS = ("file", "line", "column", "severity", "annotation", "code", "message",
                    "decision", "rules", "witness")
# GitHub Actions' annotation levels for the severities
_ANNOTATION = {"error": "error", "warning": "warning", "info": "notice"}


def _check_template(template: str) -> None:
    import string
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name not in _TEMPLATE_FIELDS:
            raise _UsageError(f"--error-format: unknown field {{{name}}}; the fields are "
                              + " ".join(f"{{{f}}}" for f in _TEMPLATE_FIELDS))


def _finding_line(item: dict[str, Any], template: str | None) -> str:
    if template is not None:
        values = {**item, "decision": item.get("decision") or "",
                  "annotation": _ANNOTATION.get(item["severity"], "notice"),
                  "rules": ",".join(item.get("rules") or ()),
                  "witness": dumps(item["witness"]) if item.get("witness") else ""}
        return template.format(**{k: values.get(k, "") for k in _TEMPLATE_FIELDS})
    where = item["file"] + (f":{item['line']}:{item['column']}" if item["line"] else "")
    text = f"{where}: {item['code']} ({item['severity']}): {item['message']}"
    if item.get("rules"):
        text += f"\n    rules: {', '.join(item['rules'])}"
    if item.get("witness"):
        text += f"\n    witness: {dumps(item['witness'])}"
    return text


def _run_check(args: argparse.Namespace) -> int:
    from regel.base.diagnostics import PackError, shown_path
    from regel.load.build import load_pack
    template = args.error_format
    if template is not None:
        _check_template(template)
    try:
        pack = load_pack(args.path)
    except PackError as err:
        items = [{**d.to_json(), "file": shown_path(d.file)} for d in err.diagnostics]
        if args.format == "json":
            _print(dumps({"ok": False, "diagnostics": items}))
        else:
            for item in items:
                _print(_finding_line(item, template))
            if template is None:
                _print(f"{len(items)} error(s)")
        return EXIT_ERROR
    findings = []
    if not args.no_analysis:
        from regel.analysis.tables import analyse
        findings = [{**f.to_json(), "file": shown_path(f.file)} for f in analyse(pack)]
    counts = {s: sum(1 for f in findings if f["severity"] == s)
              for s in ("error", "warning", "info")}
    failed = counts["error"] > 0 or (args.strict and counts["warning"] > 0)
    rules = sum(len(v.logic.rules) for d in pack.decisions.values() for v in d.versions
                if hasattr(v.logic, "rules"))
    if args.format == "json":
        _print(dumps({"ok": not failed, "diagnostics": findings, "pack": pack.id,
                      "decisions": len(pack.decisions), "rules": rules,
                      "counts": counts}))
        return EXIT_ERROR if failed else EXIT_OK
    for item in findings:
        _print(_finding_line(item, template))
    if template is None:
        tail = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}"
                         for s, n in counts.items() if n)
        _print(f"{'FAILED' if failed else 'ok'}: {pack.id} {pack.version} — "
               f"{len(pack.decisions)} decisions, {rules} rules, {len(pack.tests)} tests; "
               f"{tail or 'no findings'}; fingerprint {pack.fingerprint[:16]}…")
    return EXIT_ERROR if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "verb", None):
        parser.print_help()
        return EXIT_USAGE
    fmt = getattr(args, "format", "text")
    lang = getattr(args, "lang", None) or "en"   # regel test: None means the pack's
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
