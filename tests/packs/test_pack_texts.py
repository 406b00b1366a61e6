"""The texts of the bundled packs are for the people who read the product: every text of
every YAML file and README under rules/ (labels, questions, descriptions, notes,
interpretations, answers, citation notes, test names, comments) names the law and the
authorities' guidance, never our research material: no source tag ("[S000]", "[KL-NED]"),
no "S00n", no "seed", no "legal brief", no code of an open question ("(U3)", "U11"); and
every citation resolves to a source the pack registers (issue 17, point 6)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from regel import load_pack
from regel.base.errors import RegelError
from regel.model import Citation, DecisionTable, Pack

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
BUNDLED = [p for p in sorted(RULES.iterdir()) if (p / "pack.yaml").is_file()]

#: what may not appear in a text, each with what it is
FORBIDDEN: list[tuple[str, re.Pattern[str]]] = [
    ("source tag", re.compile(r"\[[A-Z][A-Z0-9-]*\]")),
    ("seed number", re.compile(r"S00\d")),
    ("the word 'seed'", re.compile(r"\bseeds?\b", re.IGNORECASE)),
    ("'legal brief'", re.compile(r"legal[\s-]+brief", re.IGNORECASE)),
    ("code of an open question", re.compile(r"\(U\d+\)|\bU\d{1,2}\b")),
]


def findings(text: str) -> list[str]:
    """What a text holds that a pack's text may not, by name."""
    return [name for name, pattern in FORBIDDEN if pattern.search(text)]


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every text in a YAML value (keys too), with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, where)
            yield from _strings(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


def _comments(text: str) -> Iterator[tuple[int, str]]:
    """The comments of a YAML file (from a '#' at a line's start or after a blank)."""
    for n, line in enumerate(text.splitlines(), 1):
        m = re.search(r"(?:^|\s)#(.*)$", line)
        if m:
            yield n, m.group(1)


def file_findings(path: Path) -> list[str]:
    """The forbidden texts of one YAML file (its texts and comments) or README."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return [f"{path.name}:{n}: {f}" for n, line in enumerate(text.splitlines(), 1)
                for f in findings(line)]
    out = [f"{path.name}:{n}: {f} (comment)" for n, c in _comments(text) for f in findings(c)]
    data = yaml.load(text, Loader=yaml.BaseLoader)   # every scalar as the text written
    out += [f"{path.name} {where}: {f}" for where, s in _strings(data, "")
            for f in findings(s)]
    return out


def _pack_files(pack_dir: Path) -> list[Path]:
    return sorted(p for p in pack_dir.rglob("*")
                  if p.suffix in (".yaml", ".yml") or p.name.lower() == "readme.md")


def _citations(pack: Pack) -> Iterator[tuple[str, Citation]]:
    for d in pack.decisions.values():
        for v in d.versions:
            where = f"{d.id} version from {v.valid_from}"
            yield from ((where, c) for c in (v.source if isinstance(v.source, tuple | list)
                                             else ()))
            if isinstance(v.logic, DecisionTable):
                for r in v.logic.rules:
                    yield from ((f"{d.id} rule {r.id}", c) for c in
                                (r.source if isinstance(r.source, tuple | list) else ()))


def unresolved(pack: Pack) -> list[str]:
    """The citations of a pack whose ref names no registered source."""
    return [f"{where}: {c.ref}" for where, c in _citations(pack)
            if isinstance(c, Citation) and c.ref not in pack.sources]


def _raw_refs(pack_dir: Path) -> Iterator[tuple[str, str]]:
    """Every `ref:` written in a pack's decision files (also where the model keeps none)."""
    def walk(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            if isinstance(value.get("ref"), str):
                yield where, value["ref"]
            for k, v in value.items():
                yield from walk(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, f"{where}[{i}]")
    for path in [pack_dir / "pack.yaml", *sorted((pack_dir / "decisions").glob("*.yaml"))]:
        if path.is_file():
            yield from walk(yaml.load(path.read_text(encoding="utf-8"),
                                      Loader=yaml.BaseLoader), path.name)


# --------------------------------------------------------------------------- the packs

@pytest.mark.parametrize("path", [p for d in BUNDLED for p in _pack_files(d)],
                         ids=lambda p: str(p.relative_to(RULES)))
def test_no_research_labels_in_a_pack_text(path: Path) -> None:
    assert file_findings(path) == []


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_citation_resolves_to_a_registered_source(path: Path) -> None:
    pack = load_pack(path)
    assert unresolved(pack) == []
    registered = set(pack.sources)
    assert [f"{w}: {r}" for w, r in _raw_refs(path) if r not in registered] == []


def test_the_sikkerhedsstillelse_pack_is_read_with_its_citations() -> None:
    """The walk above sees the citations (it would pass on a pack it cannot read)."""
    pack = load_pack(RULES / "sikkerhedsstillelse")
    refs = {c.ref for _, c in _citations(pack)}
    assert {"udlaendingeloven", "us-vejledning-sikkerhed", "bek-903-2020"} <= refs
    assert len(list(_raw_refs(RULES / "sikkerhedsstillelse"))) >= len(refs)


# --------------------------------------------------------------------------- it can fail

@pytest.mark.parametrize(("text", "found"), [
    ("Beløbet er 113.823,30 kr. [S000].", ["source tag", "seed number"]),
    ("Se KL's side [KL-NED].", ["source tag"]),
    ("som i S003 eksempel 1", ["seed number"]),
    ("også hvor seed 004 tager fejl", ["the word 'seed'"]),
    ("Seeds say otherwise", ["the word 'seed'"]),
    ("as the legal brief says", ["'legal brief'"]),
    ("Legal-brief §4", ["'legal brief'"]),
    ("Trin og mindstebeløb (U3).", ["code of an open question"]),
    ("se U11 om procenterne", ["code of an open question"]),
    ("Udlændingeloven § 9, stk. 4 [1]; US-vejledningen", []),
    ("udlændingelovens § 9, stk. 1, nr. 1, [a1, a2]", []),
    ("seedless; Useful; U-båd; 1.U", []),
])
def test_findings_name_each_forbidden_text(text: str, found: list[str]) -> None:
    assert findings(text) == found


@pytest.mark.parametrize(("file", "old", "new", "found"), [
    ("decisions/index_factor.yaml", 'da: "Beløbet reguleres én gang årligt',
     'da: "[S000] Beløbet reguleres én gang årligt', "source tag"),
    ("decisions/satsregulering.yaml", "label: {da: Satsreguleringsprocent",
     "label: {da: Satsreguleringsprocent fra seed 003", "the word 'seed'"),
    ("README.md", "\n", "\nSe legal brief §4.\n", "'legal brief'"),
    ("tests/notes_where_open.yaml", "tests:\n", "tests:\n  # see (U11)\n",
     "code of an open question"),
])
def test_a_planted_text_is_found(tmp_path: Path, file: str, old: str, new: str,
                                 found: str) -> None:
    pack_dir = tmp_path / "sikkerhedsstillelse"
    shutil.copytree(RULES / "sikkerhedsstillelse", pack_dir)
    path = pack_dir / file
    assert file_findings(path) == []
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert any(found in f for f in file_findings(path))


def test_a_planted_unregistered_citation_is_found(tmp_path: Path) -> None:
    pack_dir = tmp_path / "sikkerhedsstillelse"
    shutil.copytree(RULES / "sikkerhedsstillelse", pack_dir)
    path = pack_dir / "decisions" / "index_factor.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- ref: us-vejledning-sikkerhed", "- ref: seed-000", 1),
                    encoding="utf-8")
    assert [r for _, r in _raw_refs(pack_dir) if r == "seed-000"] == ["seed-000"]
    with pytest.raises(RegelError) as err:   # the loader refuses it as well
        load_pack(pack_dir)
    assert "SOURCE-UNKNOWN" in {d.code for d in err.value.diagnostics}
