"""``regel replay``: re-evaluate an archived trace and say whether the rules still give the
same answer."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from regel.cli.common import EXIT_ERROR, EXIT_OK, add_format, add_lang, add_verb
from regel.feel.jsonio import dumps
from regel.load import load_pack

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Re-evaluate the facts recorded in a trace, at the recorded as-of date, and confirm that the
rules give the same outputs with the same rule versions and the same pack fingerprint
(exit 0), or list what differs: changed outputs, versions, deciding rules or fingerprint
(exit 1).

Example:
  regel explain sikkerhedsstillelse --case CASE.yaml --format json -o trace.json
  regel replay trace.json
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "replay", "check that an archived trace still gives the same "
                 "answer", HELP, run)
    p.add_argument("trace", metavar="TRACE.json", help="a trace from regel explain --format json")
    p.add_argument("--pack", metavar="PACK", help="the pack to replay against (default: the "
                   "bundled pack the trace names)")
    add_format(p)
    add_lang(p, ("da", "en"))


def run(args: argparse.Namespace) -> int:
    """Replay ``args.trace`` against ``args.pack`` (default: the bundled pack the trace
    names) and print the report: 0 when nothing differs, 1 when something does. A trace or
    pack that cannot be read raises ``RegelError``."""
    from regel.tools.replay import read_trace, render_report, replay  # lazy: replay costs ~4 ms
    trace = read_trace(args.trace)
    pack = load_pack(args.pack) if args.pack else None
    report = replay(trace, pack)
    if args.format == "json":
        sys.stdout.write(dumps(report.to_json()) + "\n")
    else:
        sys.stdout.write(render_report(report, args.lang or "en") + "\n")
    return EXIT_OK if report.ok else EXIT_ERROR
