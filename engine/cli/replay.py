"""``regel replay``: re-evaluate an archived trace and say whether the rules still give the
same answer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from regel.base.errors import RegelError
from regel.base.words import visible
from regel.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    add_format,
    add_lang,
    add_packs,
    add_verb,
    use_language,
)
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.source.files import read_text
from regel.tools.lang import pack_language

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Re-evaluate the facts recorded in a trace, at the recorded as-of date, and confirm that the
rules give the same outputs with the same rule versions and the same pack fingerprint
(exit 0), or list what differs: changed outputs, versions, deciding rules or fingerprint
(exit 1).

Example:
  regel explain sikkerhedsstillelse --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml \\
      --format json -o trace.json
  regel replay trace.json
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "replay", "check that an archived trace still gives the same "
                 "answer", HELP, run)
    p.add_argument("trace", metavar="TRACE.json", help="a trace from regel explain --format json")
    p.add_argument("--pack", metavar="PACK", help="the pack to replay against (default: the "
                   "bundled pack the trace names)")
    add_packs(p, "pack")
    add_format(p)
    add_lang(p, help_="language of the report and the messages, da or en; default: the "
             "language of the pack given with --pack, else the pack language the trace "
             "records, else en")


def run(args: argparse.Namespace) -> int:
    """Replay ``args.trace`` against ``args.pack`` (default: the bundled pack the trace
    names) and print the report: 0 when nothing differs, 1 when something does. A trace or
    pack that cannot be read raises ``RegelError``."""
    from regel.tools.replay import read_trace, render_report, replay  # lazy: replay costs ~4 ms
    given = args.lang
    args.lang = given or (pack_language(args.pack) if args.pack else
                          _trace_language(args.trace))   # for errors until the pack loads
    trace = read_trace(args.trace)
    pack = load_pack(args.pack) if args.pack else None
    if pack is not None:
        args.lang = given
    lang = use_language(args, pack)
    report = replay(trace, pack)
    if args.format == "json":
        sys.stdout.write(visible(dumps(report.to_json())) + "\n")
    else:
        sys.stdout.write(visible(render_report(report, lang)) + "\n")
    return EXIT_OK if report.ok else EXIT_ERROR


def _trace_language(path: str) -> str:
    """The pack language a trace records (pack.default_language), read without checking
    the trace; English when it cannot be read."""
    try:    # with the readers' limits: the trace may be a pipe or a device
        data = json.loads(read_text(path, encoding="utf-8-sig"))
    except (RegelError, ValueError, RecursionError):
        return "en"
    pack = data.get("pack") if isinstance(data, dict) else None
    found = pack.get("default_language") if isinstance(pack, dict) else None
    return found if found in ("da", "en") else "en"
