"""``regel test``: run the YAML tests next to a rule pack and report rule coverage."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import Any

from regel.base.messages import render
from regel.base.words import visible
from regel.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    add_format,
    add_lang,
    add_limits,
    add_pack,
    add_verb,
    limited,
    say,
    use_language,
)
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.tools.lang import decimal_text

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
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

An expected context may list only the fields that matter (the others are not compared).

Output: for each failing test, each value that differs, expected against actual, written
for the pack's language (amounts with their unit), and the rules that matched in the failed
decision with their sources (-v: the explanation report of that decision), then the
coverage (per table: the rules no test made match, and the decisions no test reached), and
last a line 'N passed, M failed' (the same in Danish, for CI).

Examples:
  regel test sikkerhedsstillelse
  regel test rules/familiesammenfoering -k debt --lang en   (only tests whose name has 'debt')
  regel test sikkerhedsstillelse --min-coverage 85      (CI: fail below 85 % rule coverage)
  regel test examples/packs/library-fees --format json

The same tests also run under pytest: the regel plugin collects every PACK/tests/*.yaml.

Exit 0 when every test passed (and coverage is at least --min-coverage), 1 otherwise.
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "test", "run a pack's YAML tests and report rule coverage", HELP,
                 run)
    add_pack(p, "a pack folder or a bundled pack's name")
    p.add_argument("-k", "--name", metavar="TEXT", action="append", dest="names",
                   help="run only the tests whose name contains TEXT; repeatable")
    p.add_argument("--min-coverage", metavar="PERCENT", type=_percent, default=None,
                   help="fail (exit 1) when fewer than PERCENT %% of the decision tables' "
                        "rules are matched by some test")
    add_format(p, help_="text for people (default) or json for programs")
    add_lang(p)
    p.add_argument("-v", "--verbose", action="store_true",
                   help="explain each failed decision in full, and list the passing tests too")
    add_limits(p)


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage such as 90") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 100")
    return value


def run(args: argparse.Namespace) -> int:
    """0 when every test passed (and coverage is at least ``--min-coverage``), else 1. A
    pack that does not load raises ``PackError``."""
    from regel.tools.testing import format_run, run_tests  # lazy: the test runner costs ~5 ms
    pack = limited(load_pack(args.pack), args)
    lang = use_language(args, pack)
    result = run_tests(pack, args.names, lang)
    minimum = args.min_coverage
    low = minimum is not None and result.coverage.percent < minimum
    none_selected = bool(args.names) and not result.results
    if args.format == "json":
        data = result.to_json()
        data["min_coverage"] = None if minimum is None else Decimal(str(minimum))
        data["coverage_ok"] = not low
        sys.stdout.write(dumps(data) + "\n")
    else:
        if none_selected:
            either = render("cli.test.or", lang).join(repr(n) for n in args.names)
            say("cli.test.none-selected", lang, stderr=True, names=either)
        if low:
            say("cli.test.low-coverage", lang, stderr=True,
                percent=decimal_text(result.coverage.percent, 1, lang),
                minimum=_percent_text(minimum, lang))
        sys.stdout.write(visible(format_run(result, lang, args.verbose)) + "\n")
    return EXIT_ERROR if result.failed or low or none_selected else EXIT_OK


def _percent_text(value: float | None, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "da" else text
