"""The ``regel`` command: one module per verb, each with ``add_parser(subparsers)`` (its
options and help) and ``run(args) -> int`` (the exit code); what they share is in
``regel.cli.common``. ``main`` assembles the parser and reports errors.

Exit codes: 0 success, 1 an error in the rules, the expression or the case, 2 a usage
error (unknown option, missing argument).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from regel.base.errors import RegelError
from regel.base.messages import render
from regel.base.version import __version__
from regel.cli import (
    batch,
    check,
    diff,
    dmn_import,
    explain,
    export,
    feel,
    replay,
    schema,
    serve,
    sheet,
    show,
    tck,
    test,
)
from regel.cli import eval as evaluate
from regel.cli.common import (
    EXIT_USAGE,
    Parser,
    UsageError,
    choose_packs,
    error_language,
    report_error,
)

__all__ = ["main", "build_parser"]

#: The verbs in the order ``regel --help`` lists them.
VERBS = (feel, evaluate, explain, replay, show, schema, check, test, diff, dmn_import, export,
         sheet, tck, batch, serve)

HELP = """\
regel evaluates legal rules written as DMN decision tables in YAML, with FEEL
expressions, and explains every result down to the rule and the law behind it.

Try an expression:
  regel feel 'date("2012-07-01") + duration("P5Y")'
  regel feel 'Applicant Age >= 24' --context '{"Applicant Age": 23}'
  regel feel --tests '[18..65)' --input 30

Evaluate a case against a rule pack, and see why:
  regel eval examples/packs/library-fees \\
      --case examples/packs/library-fees/cases/child-damaged-book.yaml
  regel explain examples/packs/library-fees --lang da \\
      --case examples/packs/library-fees/cases/child-damaged-book.yaml
  regel show examples/packs/library-fees late_fee

Keep the rules sound when the law changes:
  regel check examples/packs/library-fees          overlaps, gaps, masked rules, witnesses
  regel test examples/packs/library-fees           the YAML tests, then rule coverage
  regel diff rules/sikkerhedsstillelse@HEAD~1 rules/sikkerhedsstillelse   what an edit
                                                   changes

Bring DMN models in and take packs out (DMN 1.1 to 1.5 XML):
  regel export sikkerhedsstillelse -o model.dmn    a pack as DMN 1.3, citations included
  regel eval model.dmn --case examples/cases/01-ny-ansoegning-2024-proever-bestaaet.yaml
  regel import model.dmn -o packs/model            a DMN model as a YAML pack
  regel tck ../shared/dmn-tck/compliance-level-2   the DMN conformance kit

A PACK is a folder with pack.yaml and decisions/, the name of a bundled pack, or a DMN
file. A pack's bare name (sikkerhedsstillelse) is the folder rules/NAME in the working
folder when there is one (or DIR/NAME with --packs DIR or REGEL_PACKS=DIR), else the
installed copy; each verb says on stderr which copy it used. The examples run as printed
from the repository's root folder. Every verb has its own help: regel eval --help

Every verb speaks Danish or English: --lang da|en, by default the pack's language
(default_language in pack.yaml; English for a verb without a pack). The help texts and
the usage errors of the options themselves are in English.
"""


def build_parser() -> argparse.ArgumentParser:
    """The ``regel`` parser with every verb."""
    parser = Parser(prog="regel", description=HELP,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"regel {__version__}")
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=Parser)
    for verb in VERBS:
        verb.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "verb", None):
        parser.print_help()
        return EXIT_USAGE
    fmt = getattr(args, "format", "text")
    try:
        choose_packs(args)
        return int(args.run(args))
    except UsageError as exc:
        sys.stderr.write(f"regel {args.verb}: {render('cli.usage-error', error_language(args))}: "
                         f"{exc.first.text(error_language(args))}\n")
        return EXIT_USAGE
    except RegelError as err:
        return report_error(err, fmt, error_language(args))
    except KeyboardInterrupt:
        return 130
