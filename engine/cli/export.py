"""``regel export``: a rule pack written as a DMN 1.3 model (what Camunda Modeler and dmn-js
open), or DMN 1.5."""

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
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.tools.lang import count_text

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Write a rule pack as a DMN model that DMN tools open and run. By default the model is
DMN 1.3, the version Camunda Modeler and dmn-js (the editors most people use) open
without a warning; it validates against DMN13.xsd. --dmn-version 1.5 writes the same
model as DMN 1.5 (valid against DMN15.xsd), for tools that read it; dmn-js does not.

Decision tables keep their hit policies, allowed values and defaults, and their rules'
source, note and interpretation as annotation columns; each version's source is a
knowledge source; FEEL is written as standard FEEL (date("2024-07-01") for a bare date).
A decision with several versions becomes one decision per version and a decision that
picks the one in force. Texts DMN has no place for (both languages, units, validity
dates) travel in extensionElements, so 'regel import' gives the same pack back.

The requirement diagram (DMNDI) is laid out in layers by dependency: input data at the
bottom, each decision above what it requires, knowledge sources beside the decisions
they are the authority for, wide layers wrapped so that it reads fitted to a screen.
A shape shows the element's name, the FEEL name other expressions use; the label (the
pack's own text) is the element's label attribute and the shape's DMNLabel.

Examples:
  regel export sikkerhedsstillelse -o sikkerhedsstillelse.dmn
  regel export examples/packs/library-fees -o library-fees.dmn --dmn-version 1.5
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "export", "write a rule pack as a DMN 1.3 (or 1.5) model", HELP,
                 run)
    add_pack(p, "a pack folder or a bundled pack's name")
    p.add_argument("-o", "--output", metavar="MODEL.dmn", required=True,
                   help="the DMN file to write")
    p.add_argument("--dmn-version", choices=("1.3", "1.5"), default="1.3",
                   help="1.3 (default: what Camunda Modeler and dmn-js open), or 1.5")
    add_format(p, help_="text for people (default) or json for programs")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    pack = load_pack(args.pack, tests=False, strict=True)   # never drop a decision
    lang = use_language(args, pack)
    from regel.dmn.writer import write_dmn  # lazy: the DMN writer is for this verb only
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
