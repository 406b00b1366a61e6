"""``regel import``: a DMN model (DMN 1.1 to 1.5 XML) written as a YAML rule pack.
(The module is not named ``import``, which is a keyword.)"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from regel.base.errors import RegelError
from regel.cli.common import (
    EXIT_OK,
    add_format,
    add_lang,
    add_verb,
    echo,
    say,
    use_language,
    usual_mode,
)
from regel.feel.jsonio import dumps
from regel.load import load_documents, load_pack, schema_dir
from regel.model import Pack
from regel.source.yamltree import SafeDumper
from regel.tools.lang import os_reason

if TYPE_CHECKING:
    from regel.dmn.reader import DmnDocuments

__all__ = ["HELP", "add_parser", "run", "write_yaml_pack"]

HELP = """\
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
  regel export examples/packs/library-fees -o library-fees.dmn   (a DMN model to import)
  regel import library-fees.dmn -o packs/library-fees
  regel import library-fees.dmn -o packs/library-fees --force   (replace an existing folder)
  regel eval library-fees.dmn --case examples/packs/library-fees/cases/child-damaged-book.yaml
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "import", "turn a DMN model into a YAML rule pack", HELP, run)
    p.add_argument("model", metavar="MODEL.dmn", help="the DMN file")
    p.add_argument("-o", "--output", metavar="PACK_DIR", required=True,
                   help="the pack folder to write")
    p.add_argument("--force", action="store_true", help="replace PACK_DIR if it exists")
    add_format(p, help_="text for people (default) or json for programs")
    add_lang(p, None, "language of the messages, da or en; default: the written pack's "
             "default_language (the model's, else en)")


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/not-a-folder", at=str(out))
    if out.exists() and not args.force and any(out.iterdir()):
        raise RegelError.of("IMPORT-EXISTS", at=str(out), folder=str(out))
    from regel.dmn.reader import read_dmn  # lazy: the DMN reader is for DMN models only
    docs = read_dmn(args.model)
    load_documents(docs, strict=True)   # refuse a model with any problem, before writing
    pack, files = _write_whole(docs, out)
    lang = use_language(args, pack)
    if args.format == "json":
        echo(dumps({"ok": True, "output": str(out), "model": args.model,
                    "dmn_version": docs.version, "pack": pack.id, "inputs": len(pack.inputs),
                    "decisions": len(pack.decisions), "files": [str(f) for f in files]}))
        return EXIT_OK
    say("cli.import.wrote", lang, folder=str(out), inputs=len(pack.inputs),
        decisions=len(pack.decisions), files=len(files) - 1, model=args.model,
        version=docs.version)
    say("cli.import.next", lang, folder=str(out))
    return EXIT_OK


# --------------------------------------------------------------------------- whole or nothing

def _write_whole(docs: DmnDocuments, out: Path) -> tuple[Pack, list[Path]]:
    """Write the pack folder ``out`` whole or not at all: into a private temporary folder
    beside it, which must load as a pack, then renamed to ``out`` (an old ``out`` is moved
    aside and removed only once the new one is in place). On any error every file and
    folder made here is removed and an old ``out`` is as it was; an OSError becomes
    FILE-UNWRITABLE naming ``out``."""
    made = _missing_parents(out)
    staging: Path | None = None
    done = False
    try:
        for folder in made:
            folder.mkdir()
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp",
                                        dir=out.parent))
        files = [f.relative_to(staging) for f in write_yaml_pack(docs, staging)]
        pack = load_pack(staging)       # the written pack must load as it is
        os.chmod(staging, usual_mode(0o777))
        _publish(staging, out)
        done = True
    except OSError as exc:
        raise RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/pack-folder",
                            at=str(out), reason=os_reason(exc)) from None
    finally:
        if not done:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return pack, [out / f for f in files]


def _missing_parents(out: Path) -> list[Path]:
    """The folders above ``out`` that do not exist yet, outermost first."""
    missing: list[Path] = []
    folder = out.absolute().parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def _publish(staging: Path, out: Path) -> None:
    """Rename the folder ``staging`` to ``out``. An existing ``out`` is first moved into a
    private folder beside it, put back if the rename fails, and removed once it succeeded
    (should even putting it back fail, it stays in that folder, never removed)."""
    if not out.exists() and not out.is_symlink():
        os.rename(staging, out)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    try:
        os.rename(out, aside / "old")
    except OSError:
        aside.rmdir()
        raise
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(aside / "old", out)
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)


# --------------------------------------------------------------------------- YAML

class _PackDumper(SafeDumper):
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


def _schema_line(kind: str, folder: Path) -> str:
    """The editor's schema line, pointing at the schemas of this installation."""
    target = schema_dir() / f"{kind}.schema.json"
    try:
        where = Path(os.path.relpath(target, folder.resolve())).as_posix()
    except ValueError:   # another drive (Windows)
        where = target.as_posix()
    return f"# yaml-language-server: $schema={where}\n"


def write_yaml_pack(docs: DmnDocuments, out: Path) -> list[Path]:
    """Write the pack documents read from a DMN model as a pack folder; return the files.
    Files are created new (an existing one is an error), so ``out`` should be a new, private
    folder: ``regel import`` writes into one and renames it when the pack is whole."""
    header = (f"# Imported by regel from {docs.path.name} (DMN {docs.version}).\n"
              "# FEEL here is standard FEEL, as DMN tools read it (feel_dialect: dmn).\n")
    (out / "decisions").mkdir(parents=True, exist_ok=True)
    written = [out / "pack.yaml"]
    _create(written[0], _schema_line("pack", out) + header + _dump(docs.pack.data))
    taken: set[str] = set()
    for doc in docs.decisions:
        path = out / "decisions" / _file_name(str(doc.data["id"]), taken)
        _create(path, _schema_line("decision", out / "decisions") + header + _dump(doc.data))
        written.append(path)
    return written


def _create(path: Path, text: str) -> None:
    with path.open("xb") as fh:
        fh.write(text.encode("utf-8"))
