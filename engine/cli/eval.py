"""``regel eval``: evaluate a case against a rule pack and print each decision's result."""

from __future__ import annotations

import argparse
from typing import Any

from regel.cli.common import (
    EXIT_OK,
    LABELS,
    add_case_options,
    add_format,
    add_lang,
    add_pack,
    add_verb,
    display,
    echo,
    evaluate_case,
    say,
    use_language,
)
from regel.feel.jsonio import dumps
from regel.run.evaluate import Evaluation

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Evaluate a case (a YAML or JSON file with 'facts:') against a rule pack and print the
result of each decision. --format json prints the outputs for programs; use
'regel explain' to see which rules decided them and why.

Examples:
  regel eval examples/packs/library-fees \\
      --case examples/packs/library-fees/cases/child-damaged-book.yaml
  regel eval examples/packs/library-fees --decision late_fee --as-of 2024-08-01 \\
      --case examples/packs/library-fees/cases/child-damaged-book.yaml
  regel eval sikkerhedsstillelse --format json \\
      --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "eval", "evaluate a case against a rule pack", HELP, run)
    add_pack(p)
    add_case_options(p)
    add_format(p)
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    pack, result = evaluate_case(args, trace=False)
    if args.format == "json":
        echo(dumps({"pack": {"id": pack.id, "version": pack.version,
                             "fingerprint": pack.fingerprint},
                    "as_of": result.as_of, "outputs": result.values,
                    "warnings": [w.to_json() for w in result.warnings]}))
        return EXIT_OK
    lang = use_language(args, pack)
    for did, value in result.values.items():
        d = pack.decisions.get(did)   # None: a decision of a DMN model that is broken
        echo(f"{d.label.get(lang) if d else did} ({did}): {display(value)}")
    _print_warnings(result, lang)
    return EXIT_OK


def _print_warnings(result: Evaluation, lang: str) -> None:
    """The optional facts not given (one note), then every other warning, on stderr."""
    missing = sorted({str(w.values["name"]) for w in result.warnings
                      if w.code == "INPUT-MISSING"})
    if missing:
        say("cli.eval.optional-missing", lang, stderr=True, facts=missing)
    label = LABELS[lang]["warning"]
    for w in result.warnings:
        if w.code == "INPUT-MISSING":
            continue
        echo(f"{label}: {w.code} ({w.decision}): {w.text(lang)}", stderr=True)
