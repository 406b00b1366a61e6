"""``regel batch``: evaluate a whole caseload (JSONL or CSV) in worker processes, streaming
one JSON line per case."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from regel.base.messages import render
from regel.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
    add_format,
    add_lang,
    add_limits,
    add_pack,
    add_verb,
    as_of,
    console,
    echo,
    limits_of,
    use_language,
)
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.tools.lang import count_text

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Evaluate a whole caseload, streaming: every record of a JSONL or CSV file, in worker
processes, with one JSON line per record in OUT, in input order:
  {"line": 3, "id": "A-17", "ok": true, "outputs": {...}}            (+ "trace" with --trace)
  {"line": 4, "id": "A-18", "ok": false, "error": {"code": "CASE-TYPE", "message": ...,
   "field": "permit_date"}}
Every record gets exactly one line: a bad case (a bad date, a missing or unknown fact, a cell
that is not a number, a line that is not JSON, a blank line, bytes that are not UTF-8, a CSV
row with a quote that is not closed) gives an error record saying where, and the batch goes
on. The records' messages, the progress and the summary are in the language of --lang
(default: the pack's).

JSONL: one case per line, a case object {"id", "as_of", "decisions", "facts": {...}} or
flat facts (with optional "id" and "as_of"). Numbers are read exactly (never floats).
CSV: a header row of fact ids, plus optional id and as_of columns; each cell is read by
the fact's declared type (number, boolean true/false/ja/nej/1/0, JSON for list and
context; dates as YYYY-MM-DD); an empty cell is a missing fact. ',' ';' or tab separated.
Quoting is strict: after a row with a broken quote, reading goes on with the next line.

OUT appears only when the run is complete: an interrupted or killed run leaves no OUT, and
no temporary file on Linux (elsewhere perhaps a hidden .OUT.*.part); its workers end with
it. A case without as_of (and no --as-of) is evaluated at the date the batch started. The
summary line goes to stderr (--format json: a summary object on stdout).

Exit codes: 0 every case ok, 1 at least one case failed (or the pack or a file is bad),
2 a usage error.

Examples:
  regel batch sikkerhedsstillelse --cases examples/caseloads/sikkerhedsstillelse.jsonl \\
      -o results.jsonl
  regel batch sikkerhedsstillelse --cases examples/caseloads/sikkerhedsstillelse.jsonl \\
      -o results.jsonl --decision validity_regime --decision validity_end_date
  regel batch examples/packs/library-fees --cases examples/caseloads/library-fees.csv \\
      -o fees.jsonl --workers 2 --as-of 2024-07-01
"""

Progress = Callable[[int, int, int], None]


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "batch", "evaluate a whole caseload (JSONL or CSV), in parallel",
                 HELP, run)
    add_pack(p)
    p.add_argument("--cases", metavar="FILE", required=True,
                   help="the cases: FILE.jsonl (one case per line) or FILE.csv")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the results, one JSON line per case (OUT.jsonl)")
    p.add_argument("--decision", metavar="ID", action="append", dest="decisions",
                   help="evaluate only this decision (and what it needs); repeatable")
    p.add_argument("--as-of", metavar="DATE", help="the evaluation date (YYYY-MM-DD) for "
                   "every case; default: each case's as_of, else the day the batch started")
    p.add_argument("--workers", metavar="N", type=int, default=None,
                   help="worker processes (default: all cores)")
    p.add_argument("--trace", action="store_true", help="add each case's trace to its line")
    add_format(p, help_="summary as a line on stderr (default) or a JSON object on stdout")
    add_lang(p)
    add_limits(p)


def run(args: argparse.Namespace) -> int:
    from regel.tools import batch as batch_tool  # lazy: the other commands start without it
    if batch_tool.input_kind(args.cases) is None:
        raise UsageError.of("USAGE", key="USAGE/cases", value=args.cases)
    if args.workers is not None and args.workers < 1:
        raise UsageError.of("USAGE", key="USAGE/workers")
    day = as_of(args.as_of)
    pack = load_pack(args.pack)
    lang = use_language(args, pack)
    with _progress_bar(lang) as show:
        summary = batch_tool.run_batch(pack, args.pack, args.cases, args.output,
                                       decisions=args.decisions, as_of=day,
                                       workers=args.workers, trace=args.trace, progress=show,
                                       lang=lang, limits=limits_of(args, pack))
    if args.format == "json":
        echo(dumps(summary.to_json()))
    else:
        echo(summary.line(lang), stderr=True)
    return EXIT_OK if summary.failed == 0 else EXIT_ERROR


@contextmanager
def _progress_bar(lang: str) -> Iterator[Progress | None]:
    """A progress bar on stderr while the batch runs, when stderr is a terminal; the
    callback to feed it (None when there is no bar)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (  # lazy: only on a terminal; rich's progress costs ~15 ms
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    # the catalogue's words around rich's fields, which are filled in as the batch runs
    bar = Progress(TextColumn(render("cli.batch.progress-done", lang,
                                     {"done": "{task.fields[done]}"})), BarColumn(),
                   TextColumn("{task.percentage:>3.0f}%  " + render(
                       "cli.batch.progress-rate", lang, {"rate": "{task.fields[rate]}"})),
                   TimeElapsedColumn(), console=console(stderr=True), transient=True)
    task = bar.add_task("batch", total=None, done="0", rate="0")

    def show(done: int, at: int, total: int) -> None:
        elapsed = bar.tasks[0].elapsed or 0
        bar.update(task, completed=at, total=total or None, done=count_text(done, lang),
                   rate=count_text(round(done / elapsed) if elapsed else 0, lang))
    bar.start()
    try:
        yield show
    finally:
        bar.stop()
