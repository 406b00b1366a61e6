"""``regel diff``: what a change to a rule pack does: rules, regions with witnesses, cases."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from regel.base.words import visible
from regel.cli.common import EXIT_ERROR, EXIT_OK, add_format, add_lang, add_packs, add_verb
from regel.feel.jsonio import dumps

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Compare two versions of a rule pack and say what the change does: decisions, versions
and rules added, removed, changed or reordered; the input regions where a changed table now
gives different outputs, each with a witness case; and the YAML tests of both packs (and
any --cases) whose outcomes change.

OLD and NEW are pack folders, bundled pack names, or PACK@REV for the pack folder at a git
revision.

Examples:
  regel diff rules/sikkerhedsstillelse@HEAD~1 rules/sikkerhedsstillelse
  regel diff rules/sikkerhedsstillelse@HEAD~1 rules/sikkerhedsstillelse --cases examples/cases \\
      --format json

Exit codes: 0 when no output differs anywhere (structure-only changes, such as a new
source citation or a reordered UNIQUE table, also exit 0); 1 when outputs differ in some
region or for some test or case, or on an error; 2 a usage error.
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "diff", "what a change to a pack does: rules, regions with "
                 "witnesses, cases", HELP, run)
    p.add_argument("old", metavar="OLD", help="the pack before: folder, name or PACK@REV")
    p.add_argument("new", metavar="NEW", help="the pack after: folder, name or PACK@REV")
    p.add_argument("--cases", metavar="DIR",
                   help="a folder of case files (YAML) to replay on both packs")
    add_format(p)
    add_lang(p, "new", "language of the text and the messages, da or en; default: the new "
             "pack's default_language (when it does not load: the one its pack.yaml names, "
             "else en)")
    add_packs(p, "old", "new")


def run(args: argparse.Namespace) -> int:
    """Print the diff: 1 when outputs differ, else 0."""
    from regel.tools.diff import diff_refs, format_diff  # lazy: the diff costs ~13 ms
    result = diff_refs(args.old, args.new, args.cases)
    args.lang = lang = args.lang or result.language
    if args.format == "json":
        sys.stdout.write(dumps(result.to_json(lang)) + "\n")
    else:
        sys.stdout.write(visible(format_diff(result, lang)))
    return EXIT_ERROR if result.semantic else EXIT_OK
