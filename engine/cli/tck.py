"""``regel tck``: run DMN TCK test folders and report as the TCK does."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from regel.base.errors import RegelError
from regel.base.messages import Msg, render
from regel.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    add_format,
    add_lang,
    add_verb,
    echo,
    use_language,
    write_file,
)
from regel.feel.jsonio import dumps
from regel.tools.lang import decimal_text

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Run DMN TCK test folders (https://github.com/dmn-tck/tck): every test case of every
model under DIR, each result node's decision evaluated alone with the case's inputs and
compared as the TCK's runners compare (numbers within 10^-8; a result marked errorResult
passes when regel gives null or an error; a case of type decisionService invokes the
service with the case's inputs). Each test case is one result, SUCCESS, FAILURE or ERROR
(its model does not load, or a value of the test file cannot be read or held); a case of
a type regel does not know is a FAILURE that says so. The rate is rounded down.
Prints each case that did not pass with its reason, and a summary; --csv writes
tck_results.csv in the TCK's own format (folder, test file, case id, result, message), so
the results can be set beside the published vendors'; the CSV file is always in English,
as the TCK's are. --lang da prints the reasons and the summary in Danish.

Examples:
  regel tck ../shared/dmn-tck/compliance-level-2
  regel tck ../shared/dmn-tck/compliance-level-3 --csv tck_results.csv
  regel tck ../shared/dmn-tck/compliance-level-3/0001-filter
  regel tck ../shared/dmn-tck/compliance-level-2 --format json

Exit 0 when every test case passed, 1 otherwise.
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "tck", "run DMN TCK test folders and report as the TCK does",
                 HELP, run)
    p.add_argument("folder", metavar="DIR", help="a TCK folder (e.g. compliance-level-2), "
                   "one test folder, or one test file")
    p.add_argument("--csv", metavar="OUT", help="write tck_results.csv to OUT")
    add_format(p)
    add_lang(p, None)


def run(args: argparse.Namespace) -> int:
    from regel.tools.tck import (  # lazy: the TCK runner costs ~4 ms
        csv_text,
        find_test_files,
        run_tck,
        summary,
    )
    lang = use_language(args, None)
    root = Path(args.folder)
    if not root.exists():
        raise RegelError.of("TCK-NOT-FOUND", at=str(root), path=str(root))
    if not find_test_files(root):
        raise RegelError.of("TCK-EMPTY", at=str(root), path=str(root))
    progress = _progress(lang) if args.format == "text" and sys.stderr.isatty() else None
    outcomes = list(run_tck(root, progress=progress))
    counts = summary(outcomes)
    if args.csv:
        write_file(args.csv, csv_text(outcomes).encode("utf-8"))
    if args.format == "json":
        echo(dumps({"summary": counts, "cases": [
            {"folder": o.folder, "test_file": o.test_file, "id": o.case_id, "result": o.result,
             "message": o.text(lang)} for o in outcomes]}))
    else:
        for o in outcomes:
            if o.result != "SUCCESS":
                echo(f"{render(f'cli.tck.{o.result.lower()}', lang)}: {o.folder} "
                     f"{o.test_file} {o.case_id}: {o.text(lang)}")
        echo(_summary_line(counts, args.csv, lang))
    return EXIT_OK if counts["SUCCESS"] == counts["cases"] else EXIT_ERROR


def _summary_line(counts: dict[str, int], csv: str | None, lang: str) -> str:
    passed = counts["SUCCESS"]
    # rounded down, so that 3274 of 3275 is 99.9 %, never 100.0 %
    rate = (Decimal(100 * passed) / counts["cases"]).quantize(Decimal("0.1"), ROUND_DOWN) \
        if counts["cases"] else Decimal(0)
    return render("cli.tck.summary", lang, {
        "passed": passed, "cases": counts["cases"], "rate": decimal_text(rate, 1, lang),
        "models": counts["models"], "nodes": counts["result_nodes"],
        "failed": counts["FAILURE"], "errors": counts["ERROR"],
        "results": Msg("cli.tck.results-in", {"file": csv}) if csv else ""})


def _progress(lang: str) -> Callable[[int, int], None]:
    """Test files done, on one line of the terminal, erased at the end."""
    def report(done: int, total: int) -> None:
        sys.stderr.write("\r" + render("cli.tck.progress", lang, {"done": done, "total": total}))
        if done == total:
            sys.stderr.write("\r" + " " * 30 + "\r")
        sys.stderr.flush()
    return report
