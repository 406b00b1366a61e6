"""``regel export``: a rule pack written as a DMN 1.5 (or 1.3) model."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from regel.cli.common import (
    EXIT_OK,
    add_format,
    add_lang,
    add_pack,
    add_verb,
    echo,
    say,
    use_language,
    write_file,
)
from regel.dmn.writer import write_dmn
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.tools.lang import count_text

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Write a rule pack as a DMN 1.5 model that DMN tools open and run. Decision tables keep
their hit policies, allowed values and defaults, and their rules' source, note and
interpretation as annotation columns; each version's source is a knowledge source; FEEL
is written as standard FEEL (date("2024-07-01") for a bare date). A decision with
several versions becomes one decision per version and a decision that picks the one in
force. Texts DMN has no place for (both languages, units, validity dates) travel in
extensionElements, so 'regel import' gives the same pack back. The file validates
against the DMN 1.5 XML Schema.

--dmn-version 1.3 writes the same model in DMN 1.3, for tools that read no later version
(Camunda Modeler); it validates against DMN13.xsd.

Examples:
  regel export sikkerhedsstillelse -o sikkerhedsstillelse.dmn
  regel export examples/packs/library-fees -o library-fees.dmn --dmn-version 1.3
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "export", "write a rule pack as a DMN 1.5 model", HELP, run)
    add_pack(p, "a pack folder or a bundled pack's name")
    p.add_argument("-o", "--output", metavar="MODEL.dmn", required=True,
                   help="the DMN file to write")
    p.add_argument("--dmn-version", choices=("1.5", "1.3"), default="1.5",
                   help="1.5 (default), or 1.3 for tools that read no later version, such as "
                        "Camunda Modeler")
    add_format(p, help_="text for people (default) or json for programs")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    pack = load_pack(args.pack, tests=False, strict=True)   # never drop a decision
    lang = use_language(args, pack)
    data = write_dmn(pack, args.dmn_version)
    out = Path(args.output)
    write_file(out, data)
    versions = sum(len(d.versions) for d in pack.decisions.values())
    if args.format == "json":
        echo(dumps({"ok": True, "output": str(out), "pack": pack.id,
                    "dmn_version": args.dmn_version, "inputs": len(pack.inputs),
                    "decisions": len(pack.decisions), "versions": versions,
                    "bytes": len(data)}))
        return EXIT_OK
    say("cli.export.wrote", lang, file=str(out), version=args.dmn_version,
        inputs=len(pack.inputs), decisions=len(pack.decisions), versions=versions,
        size=count_text(len(data), lang))
    return EXIT_OK
