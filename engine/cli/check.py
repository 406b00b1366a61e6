"""``regel check``: load a rule pack, analyse its decision tables, and report every problem
at once, as lines, through a template (GitHub annotations) or as JSON."""

from __future__ import annotations

import argparse
import string
from typing import Any

from regel.base.errors import Diagnostic, PackError
from regel.base.messages import Msg, render
from regel.base.words import shown_path
from regel.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
    add_format,
    add_lang,
    add_limits,
    add_packs,
    add_verb,
    echo,
    error_language,
    limited,
    say,
    use_language,
)
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.model import Pack

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Load a rule pack, analyse its decision tables, and report every problem at once.

Loading checks: schema violations, FEEL syntax errors with the column inside the cell,
unknown names with "did you mean", comparisons of incompatible types, overlapping or
gapped version periods, cycles. If the pack loads, the table analysis runs:

  OVERLAP           error    UNIQUE rules that can match the same case; ANY rules that can
                             match together with different outputs
  GAP               warning  input values no rule covers in a table without a default;
                             an error in a decision with always_answers: true
                             (COLLECT, RULE ORDER and OUTPUT ORDER tables are exempt)
  MASKED            warning  a FIRST or PRIORITY rule that can never decide the result
  SUBSUMED          info     a rule inside another rule with the same outputs
  TYPE-COMPARISON   error    a bare value of the wrong type in a typed column
  UNUSED-INPUT      warning  an input no decision uses, or a column every rule ignores
  ANALYSIS-SKIPPED  info     rules left out because a cell depends on other inputs
  IMPLICIT-INPUT    info     a name a DMN model made for Camunda reads without declaring
                             it: a case fact, as Camunda reads a process variable

A gap or overlap comes with a witness, written as a YAML test case with the pack's fact
names, ready to paste into PACK/tests/*.yaml (write the answer the rules should give).

Output: file:line:col: CODE (severity): message, one per line, then a count.
Examples:
  regel check examples/packs/library-fees
  regel check sikkerhedsstillelse --format json

--format json gives {"ok", "diagnostics": [...]} with rules and witness per finding.
--error-format TEMPLATE prints each finding through TEMPLATE, with the fields {file},
{line}, {column}, {severity}, {annotation} (the severity as GitHub names it: error,
warning, notice), {code}, {message}, {decision}, {rules} and {witness}; for GitHub Actions
annotations:
  regel check rules/sikkerhedsstillelse \\
      --error-format '::{annotation} file={file},line={line},col={column}::{code} {message}'

Exit 0 when there is no error (warnings and info do not fail), 1 when there is any error;
--strict makes warnings fail too.

--lang da|en: the language of the problems found while loading and of the summary
(default: the pack's). The table analysis' own messages are in English for now.
"""

TEMPLATE_FIELDS = ("file", "line", "column", "severity", "annotation", "code", "message",
                   "decision", "rules", "witness")
# GitHub Actions' annotation levels for the severities
_ANNOTATION = {"error": "error", "warning": "warning", "info": "notice"}


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "check", "check a rule pack and report every problem", HELP, run)
    p.add_argument("path", metavar="PATH", help="a pack folder or a bundled pack's name")
    add_format(p)
    p.add_argument("--error-format", metavar="TEMPLATE",
                   help="print each finding through TEMPLATE (fields: {file} {line} {column} "
                   "{severity} {annotation} {code} {message} {decision} {rules} {witness})")
    p.add_argument("--strict", action="store_true", help="warnings fail the check too")
    add_limits(p)
    p.add_argument("--no-analysis", action="store_true",
                   help="only the loading checks, not the table analysis")
    add_lang(p, "path")
    add_packs(p, "path")


def run(args: argparse.Namespace) -> int:
    template = args.error_format
    if template is not None:
        _check_template(template)
    try:
        pack = load_pack(args.path, strict=True)   # a DMN model: every problem
    except PackError as err:
        if args.format == "json":
            raise                       # the command reports it in the JSON error shape
        return _print_load_problems(err, template, error_language(args))
    lang = use_language(args, pack)
    findings = [{**w.to_json(lang), "file": shown_path(w.file)} for w in pack.warnings]
    findings += _implicit_inputs(pack, lang)
    findings += _analyse(limited(pack, args), lang) if not args.no_analysis else []
    counts = {s: sum(1 for f in findings if f["severity"] == s)
              for s in ("error", "warning", "info")}
    failed = counts["error"] > 0 or (args.strict and counts["warning"] > 0)
    rules = sum(len(v.logic.rules) for d in pack.decisions.values() for v in d.versions
                if hasattr(v.logic, "rules"))
    if args.format == "json":
        echo(dumps({"ok": not failed, "diagnostics": findings, "pack": pack.id,
                    "decisions": len(pack.decisions), "rules": rules, "counts": counts}))
        return EXIT_ERROR if failed else EXIT_OK
    _print_findings(findings, template, lang)
    if template is None:
        tail = [Msg(f"cli.check.{s}.{'one' if n == 1 else 'many'}", {"count": n})
                for s, n in counts.items() if n]
        say("cli.check.summary", lang, status=Msg(f"cli.check.{'failed' if failed else 'ok'}"),
            pack=pack.id, version=pack.version, decisions=len(pack.decisions), rules=rules,
            tests=len(pack.tests), findings=tail or Msg("cli.check.no-findings"),
            fingerprint=pack.fingerprint[:16])
    return EXIT_ERROR if failed else EXIT_OK


def _print_load_problems(err: PackError, template: str | None, lang: str) -> int:
    """The problems of a pack that does not load, as findings, then their count."""
    _print_findings([{**d.to_json(lang), "file": shown_path(d.file)} for d in err.diagnostics],
                    template, lang)
    if template is None:
        say("cli.check.load-errors", lang, count=len(err.diagnostics))
    return EXIT_ERROR


def _analyse(pack: Pack, lang: str) -> list[dict[str, Any]]:
    """The table analysis' findings as data, in ``lang``, each file as a person wants it."""
    from regel.analysis.tables import analyse  # lazy: the analysis costs ~7 ms
    return [{**f.to_json(lang), "file": shown_path(f.file)} for f in analyse(pack, pack.limits)]


def _implicit_inputs(pack: Pack, lang: str) -> list[dict[str, Any]]:
    """A note for each fact a DMN model reads without declaring it (a Camunda process
    variable): its name, the decisions that read it, where it is first used."""
    out = []
    for iid, spec in pack.inputs.items():
        if not spec.implicit:
            continue
        users = [d.id for d in pack.decisions.values() if iid in d.inputs]
        note = Diagnostic.of("IMPLICIT-INPUT", at=spec.location, severity="info", name=iid,
                             decisions=users)
        out.append({**note.to_json(lang), "file": shown_path(note.file), "decision": None,
                    "rules": [], "witness": None})
    return out


def _check_template(template: str) -> None:
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name not in TEMPLATE_FIELDS:
            raise UsageError.of("USAGE", key="USAGE/error-format", name=name,
                                fields=" ".join(f"{{{f}}}" for f in TEMPLATE_FIELDS))


def _print_findings(items: list[dict[str, Any]], template: str | None, lang: str) -> None:
    for item in items:
        echo(_finding_line(item, template, lang))


def _finding_line(item: dict[str, Any], template: str | None, lang: str = "en") -> str:
    """One finding as ``file:line:col: CODE (severity): message`` (with its rules and
    witness), or through ``template``."""
    if template is not None:
        values = {**item, "decision": item.get("decision") or "",
                  "annotation": _ANNOTATION.get(item["severity"], "notice"),
                  "rules": ",".join(item.get("rules") or ()),
                  "witness": dumps(item["witness"]) if item.get("witness") else ""}
        return template.format(**{k: values.get(k, "") for k in TEMPLATE_FIELDS})
    where = item["file"] + (f":{item['line']}:{item['column']}" if item["line"] else "")
    severity = render(f"cli.severity.{item['severity']}", lang)
    text = f"{where}: {item['code']} ({severity}): {item['message']}"
    if item.get("rules"):
        text += "\n    " + render("cli.check.rules", lang, {"rules": list(item["rules"])})
    if item.get("case_yaml"):      # a gap or overlap: its witness as a test case to paste
        text += "\n    " + render("cli.check.case", lang) + "\n" + "\n".join(
            f"      {line}" for line in item["case_yaml"].splitlines())
    elif item.get("witness"):
        text += "\n    " + render("cli.check.witness", lang, {"witness": dumps(item["witness"])})
    return text
