"""``regel schema``: the JSON Schema of a pack's case files, from its declared facts."""

from __future__ import annotations

import argparse
from typing import Any

from regel.cli.common import add_lang, add_pack, add_verb, emit, use_language
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.tools.caseschema import case_schema

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Generate the JSON Schema of case files for PACK from its declared facts, so that an editor \
completes fact names and checks types and allowed values. The schema's descriptions are
in the pack's language (--lang da|en for another); each fact's label is given in both.

Example:
  regel schema sikkerhedsstillelse -o sikkerhedsstillelse.case.schema.json"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "schema", "write the JSON Schema of a pack's case files", HELP,
                 run)
    add_pack(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    pack = load_pack(args.pack)
    schema = case_schema(pack, use_language(args, pack))
    return emit(dumps(schema), args.output)
