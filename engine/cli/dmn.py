"""The DMN verbs of the command line: ``regel import``, ``regel export`` and ``regel tck``."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from regel.base.errors import RegelError

__all__ = ["add_import", "add_export", "add_tck", "IMPORT_HELP", "EXPORT_HELP", "TCK_HELP",
           "write_yaml_pack"]

IMPORT_HELP = """\
Turn a DMN model (DMN 1.1 to 1.5 XML, from Camunda Modeler, dmn-js, Drools, Trisotech
...) into a regel rule pack: PACK_DIR/pack.yaml with the model's inputs, and one YAML
file per decision in PACK_DIR/decisions/. The pack reads FEEL as DMN does
(feel_dialect: dmn) and loads, checks and tests like any pack.

Names with spaces stay as they are ("Applicant Age"). Each decision gets one version,
valid from 1900-01-01, whose source names the model (or its knowledge sources). Add the
law's citations, labels in Danish and English, and YAML tests by hand afterwards.

A model that regel cannot run is refused with every problem at once, each with the
element and its line and column; nothing is written.

Examples:
  regel import loan-approval.dmn -o packs/loan-approval
  regel import model.dmn -o packs/model --force        (replace an existing folder)
  regel eval model.dmn --case case.yaml                 (no import needed to evaluate)
"""

EXPORT_HELP = """\
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

TCK_HELP = """\
Run DMN TCK test folders (https://github.com/dmn-tck/tck): every test case of every
model under DIR, compared as the TCK compares (numbers to 8 decimal places when they are
not integers). Prints each failure and a summary; --csv writes tck_results.csv in the
TCK's own format (folder, test file, case id, SUCCESS/FAILURE/ERROR, message), so the
results can be set beside the published vendors'.

Examples:
  regel tck ../shared/dmn-tck/compliance-level-2
  regel tck ../shared/dmn-tck/compliance-level-2 --csv tck_results.csv
  regel tck ../shared/dmn-tck/compliance-level-2 --format json

Exit 0 when every test case passed, 1 otherwise.
"""


def _unwritable(path: Path | str, exc: OSError) -> RegelError:
    """The error a file or folder that cannot be written gives (as regel explain -o)."""
    return RegelError(f"cannot write the file ({exc.strerror or exc})", code="FILE-UNWRITABLE",
                      source=str(path))


def _formatter() -> type[argparse.HelpFormatter]:
    return argparse.RawDescriptionHelpFormatter


def add_import(verbs: Any) -> None:
    p = verbs.add_parser("import", help="turn a DMN model into a YAML rule pack",
                         description=IMPORT_HELP, formatter_class=_formatter())
    p.add_argument("model", metavar="MODEL.dmn", help="the DMN file")
    p.add_argument("-o", "--output", metavar="PACK_DIR", required=True,
                   help="the pack folder to write")
    p.add_argument("--force", action="store_true", help="replace PACK_DIR if it exists")
    p.set_defaults(run=run_import)


def add_export(verbs: Any) -> None:
    p = verbs.add_parser("export", help="write a rule pack as a DMN 1.5 model",
                         description=EXPORT_HELP, formatter_class=_formatter())
    p.add_argument("pack", metavar="PACK", help="a pack folder or a bundled pack's name")
    p.add_argument("-o", "--output", metavar="MODEL.dmn", required=True,
                   help="the DMN file to write")
    p.add_argument("--dmn-version", choices=("1.5", "1.3"), default="1.5",
                   help="1.5 (default), or 1.3 for tools that read no later version, such as "
                        "Camunda Modeler")
    p.set_defaults(run=run_export)


def add_tck(verbs: Any) -> None:
    p = verbs.add_parser("tck", help="run DMN TCK test folders and report as the TCK does",
                         description=TCK_HELP, formatter_class=_formatter())
    p.add_argument("folder", metavar="DIR", help="a TCK folder (e.g. compliance-level-2), "
                   "one test folder, or one test file")
    p.add_argument("--csv", metavar="OUT", help="write tck_results.csv to OUT")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run_tck_command)


# --------------------------------------------------------------------------- import

class _PackDumper(yaml.SafeDumper):
    """YAML for people: keys in the order written, exact numbers, dates, FEEL on one line
    or as a block."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if re.fullmatch(r"-?\d+", text) else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


class _FlowMap(dict):  # type: ignore[type-arg]
    """Written on one line: {da: ..., en: ...}, and a rule's cells."""


class _FlowSeq(list):  # type: ignore[type-arg]
    """Written on one line: [a, b, c]."""


def _flow_map(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


def _flow_seq(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_PackDumper.add_representer(Decimal, _decimal)
_PackDumper.add_representer(str, _string)
_PackDumper.add_representer(_FlowMap, _flow_map)
_PackDumper.add_representer(_FlowSeq, _flow_seq)


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list)) and not (isinstance(value, str) and "\n" in value)


def _styled(value: Any, key: str = "") -> Any:
    """The data as the bundled packs are written: texts, value lists and short rules on
    one line, empty requirement lists left out."""
    if isinstance(value, dict):
        if value and set(value) <= {"da", "en"} and all(_scalar(v) for v in value.values()):
            return _FlowMap(value)
        if key == "requires":
            value = {k: v for k, v in value.items() if v}
        out = {k: _styled(v, k) for k, v in value.items()}
        if key == "rule" and all(_scalar(v) or isinstance(v, (_FlowSeq, _FlowMap))
                                 for v in out.values()):
            return _FlowMap(out)
        return out
    if isinstance(value, list):
        if value and all(_scalar(v) for v in value):
            return _FlowSeq(value)
        return [_styled(v, "rule" if key == "rules" else "") for v in value]
    return value


def _dump(data: Any) -> str:
    return yaml.dump(_styled(data), Dumper=_PackDumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)


def _file_name(did: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_]+", "_", did.lower()).strip("_") or "decision"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name + ".yaml"


def write_yaml_pack(docs: Any, out: Path) -> list[Path]:
    """Write the pack documents read from a DMN model as a pack folder; return the files."""
    from regel.load import schema_dir
    header = (f"# Imported by regel from {docs.path.name} (DMN {docs.version}).\n"
              "# FEEL here is standard FEEL, as DMN tools read it (feel_dialect: dmn).\n")

    def schema(kind: str, folder: Path) -> str:
        """The editor's schema line, pointing at the schemas of this installation."""
        target = schema_dir() / f"{kind}.schema.json"
        try:
            where = Path(os.path.relpath(target, folder.resolve())).as_posix()
        except ValueError:   # another drive (Windows)
            where = target.as_posix()
        return f"# yaml-language-server: $schema={where}\n"

    (out / "decisions").mkdir(parents=True, exist_ok=True)
    written = [out / "pack.yaml"]
    written[0].write_text(schema("pack", out) + header + _dump(docs.pack.data),
                          encoding="utf-8")
    taken: set[str] = set()
    for doc in docs.decisions:
        path = out / "decisions" / _file_name(str(doc.data["id"]), taken)
        path.write_text(schema("decision", out / "decisions") + header + _dump(doc.data),
                        encoding="utf-8")
        written.append(path)
    return written


def run_import(args: argparse.Namespace) -> int:
    from regel.cli.main import EXIT_OK, _print
    from regel.dmn.reader import read_dmn
    from regel.load import load_documents, load_pack
    out = Path(args.output)
    if out.exists() and not args.force and any(out.iterdir()):
        raise RegelError(f"{out} exists and is not empty; choose another folder or add "
                         "--force to replace it", code="IMPORT-EXISTS", source=str(out))
    docs = read_dmn(args.model)
    load_documents(docs)            # refuse a model that does not load, before writing
    try:
        if out.exists() and args.force:
            shutil.rmtree(out)
        files = write_yaml_pack(docs, out)
    except OSError as exc:
        raise _unwritable(exc.filename or out, exc) from None
    pack = load_pack(out)           # the written pack must load as it is
    _print(f"wrote {out}: {len(pack.inputs)} inputs, {len(pack.decisions)} decisions "
           f"({len(files) - 1} files) from {args.model} (DMN {docs.version})")
    _print(f"next: regel check {out}   then add citations, labels and YAML tests")
    return EXIT_OK


# --------------------------------------------------------------------------- export

def run_export(args: argparse.Namespace) -> int:
    from regel.cli.main import EXIT_OK, _print
    from regel.dmn.writer import write_dmn
    from regel.load import load_pack
    pack = load_pack(args.pack, tests=False)
    data = write_dmn(pack, args.dmn_version)
    out = Path(args.output)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    versions = sum(len(d.versions) for d in pack.decisions.values())
    _print(f"wrote {out}: DMN {args.dmn_version}, {len(pack.inputs)} inputs, "
           f"{len(pack.decisions)} "
           f"decisions ({versions} versions), {len(data):,} bytes")
    return EXIT_OK


# --------------------------------------------------------------------------- tck

def run_tck_command(args: argparse.Namespace) -> int:
    from regel.cli.main import EXIT_ERROR, EXIT_OK, _print
    from regel.feel.jsonio import dumps
    from regel.tools.tck import find_test_files, run_tck, summary, write_csv
    root = Path(args.folder)
    if not root.exists():
        raise RegelError(f"no such folder or file: {root}", code="TCK-NOT-FOUND",
                         source=str(root))
    if not find_test_files(root):
        raise RegelError(f"{root} holds no TCK test files (*-test-*.xml beside a *.dmn "
                         "model)", code="TCK-EMPTY", source=str(root))
    progress = _progress() if args.format == "text" and sys.stderr.isatty() else None
    outcomes = list(run_tck(root, progress=progress))
    counts = summary(outcomes)
    if args.csv:
        try:
            write_csv(outcomes, args.csv)
        except OSError as exc:
            raise _unwritable(args.csv, exc) from None
    passed = counts["SUCCESS"]
    if args.format == "json":
        _print(dumps({"summary": counts, "cases": [
            {"folder": o.folder, "test_file": o.test_file, "id": o.case_id, "result": o.result,
             "message": o.message} for o in outcomes]}))
    else:
        for o in outcomes:
            if o.result != "SUCCESS":
                _print(f"{o.result}: {o.folder} {o.test_file} {o.case_id}: {o.message}")
        rate = 100 * passed / counts["cases"] if counts["cases"] else 0
        _print(f"{passed} of {counts['cases']} test cases passed ({rate:.1f} %); "
               f"{counts['models']} models, {counts['result_nodes']} result nodes; "
               f"{counts['FAILURE']} failed, {counts['ERROR']} errors"
               + (f"; results in {args.csv}" if args.csv else ""))
    return EXIT_OK if passed == counts["cases"] else EXIT_ERROR


def _progress() -> Any:
    def report(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} test files")
        if done == total:
            sys.stderr.write("\r" + " " * 30 + "\r")
        sys.stderr.flush()
    return report
