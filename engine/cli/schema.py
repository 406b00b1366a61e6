"""``regel schema``: the JSON Schema of a pack's case files, from its declared facts."""

from __future__ import annotations

import argparse
import json
from typing import Any

from regel.cli.common import add_pack, add_verb, emit
from regel.load import load_pack
from regel.tools.caseschema import case_schema

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Generate the JSON Schema of case files for PACK from its declared facts, so that an editor \
completes fact names and checks types and allowed values.

Example:
  regel schema sikkerhedsstillelse -o schemas/sikkerhedsstillelse.case.schema.json"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "schema", "write the JSON Schema of a pack's case files", HELP,
                 run)
    add_pack(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")


def run(args: argparse.Namespace) -> int:
    return emit(json.dumps(case_schema(load_pack(args.pack)), indent=2, ensure_ascii=False),
                args.output)
