"""``regel sheet``: a rule pack as a workbook for legal staff (export), and the workbook
back as a pack (import); docs/sheets.md."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from regel.cli.common import EXIT_OK, add_format, add_lang, add_verb, echo, say
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.tools.lang import pack_language

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
A rule pack as a workbook (.xlsx) to edit in Excel or LibreOffice, and back.

export writes one sheet per decision version: the hit policy and validity on top, one
column per input and output with its labels in the pack's language, one row per rule
with its sources (one citation a line: "ref pinpoint") and notes, allowed values as
drop-downs. The sheets decisions, facts, tests, sources, pack and files hold the rest;
what a cell cannot show stays in a "more (YAML)" cell, so nothing is lost.

import writes the pack back as YAML (a new folder, or a pack folder it replaces) once it
loads. A round trip gives the same pack (the same fingerprint); an edited cell comes
back as that edit. Every problem is reported at once with its cell:
  pack.xlsx!validity_regime!C12: FEEL-SYNTAX: ...

Examples:
  regel sheet export examples/packs/library-fees -o library-fees.xlsx
  regel sheet import library-fees.xlsx -o library-fees-edited
  regel check library-fees-edited
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "sheet", "a rule pack as a workbook (.xlsx), and back", HELP, run)
    add_lang(p, pack_arg=None)   # also after the action, where it is usually written
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = sub.add_parser("export", help="write a pack as a workbook")
    exp.add_argument("pack", metavar="PACK", help="a pack folder or a bundled pack's name")
    exp.add_argument("-o", "--output", metavar="PACK.xlsx", required=True,
                     help="the workbook to write")
    imp = sub.add_parser("import", help="write a workbook back as a pack folder")
    imp.add_argument("workbook", metavar="PACK.xlsx", help="the workbook to read")
    imp.add_argument("-o", "--output", metavar="PACK_DIR", required=True,
                     help="the pack folder to write (new, or a pack folder to replace)")
    for q in (exp, imp):
        add_format(q, help_="text for people (default) or json for programs")
    add_lang(exp)
    add_lang(imp, pack_arg=None)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or pack_language(args.pack if args.action == "export" else None)
    if args.action == "export":
        from regel.tools.sheet import (  # lazy: every other command starts without it
            FIXED_SHEETS,
            export_workbook,
        )
        out = export_workbook(args.pack, args.output)
        from openpyxl import load_workbook  # lazy: the optional extra export just used
        names = load_workbook(out, read_only=True).sheetnames
        versions = len([n for n in names if n not in FIXED_SHEETS])
        if args.format == "json":
            echo(dumps({"ok": True, "output": str(out), "sheets": len(names),
                        "versions": versions}))
        else:
            say("cli.sheet.exported", lang, file=str(out), sheets=len(names),
                versions=versions)
        return EXIT_OK
    from regel.tools.sheet_import import import_workbook  # lazy: as export's tools
    files = import_workbook(args.workbook, args.output)
    fingerprint = load_pack(Path(args.output), tests=False).fingerprint
    if args.format == "json":
        echo(dumps({"ok": True, "output": str(args.output), "files": len(files),
                    "fingerprint": fingerprint}))
    else:
        say("cli.sheet.imported", lang, folder=str(args.output), files=len(files),
            fingerprint=fingerprint)
    return EXIT_OK
