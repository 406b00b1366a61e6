"""Hypothesis strategies for the five families of hostile input (issue 19): FEEL text, YAML
rule packs, DMN XML, case files and batch lines. The standing tests (``test_fuzz_*.py``) and
the long run (``long_run.py``) draw from the same strategies; ``oracles.py`` judges them.

Packs are mutants of the example pack and the bundled packs; DMN models are mutants of the
TCK's compliance-level-3 models (read from ``../shared/dmn-tck``, never copied) and of the
project's own, or generated; case files and batch lines are built for the example pack.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.fuzz.dmn_xml import generated_dmn, mutate_xml
from tests.fuzz.feel_text import feel_text
from tests.fuzz.mutations import (
    dump_yaml,
    mutate_bytes,
    mutate_lines,
    mutate_yaml_data,
    mutate_yaml_text,
    odd_values,
    reencode,
)

__all__ = ["ROOT", "TCK", "EXAMPLE", "FileSet", "CaseInput", "feel_inputs", "pack_inputs",
           "dmn_inputs", "case_inputs", "batch_inputs", "tck_models"]

ROOT = Path(__file__).resolve().parents[2]
TCK = ROOT.parent / "shared" / "dmn-tck" / "compliance-level-3"
EXAMPLE = ROOT / "examples" / "packs" / "library-fees"
#: the packs mutated, the example (which shows every feature) three times as often
PACKS = [EXAMPLE, EXAMPLE, EXAMPLE, ROOT / "rules" / "sikkerhedsstillelse",
         ROOT / "rules" / "familiesammenfoering"]
#: TCK models larger than this are left out: they take long to load, and mutants of the
#: smaller ones reach the same reader code
MAX_MODEL_BYTES = 60_000


@dataclass(frozen=True)
class FileSet:
    """Files to write into a fresh folder: relative path -> bytes, or None for a folder;
    ``notes`` say what was done to them."""

    files: tuple[tuple[str, bytes | None], ...]
    notes: tuple[str, ...] = ()

    def write(self, folder: Path) -> None:
        for rel, data in self.files:
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                path.mkdir(exist_ok=True)
            elif not path.is_dir():
                path.write_bytes(data)

    def text(self) -> str:
        """Everything as one text (to look for FEEL constructs in it)."""
        return "\n".join((data or b"").decode("utf-8", "replace") for _, data in self.files)


@dataclass(frozen=True)
class CaseInput:
    """A case file (its name and bytes) and, for the Python API, a mapping of facts."""

    name: str
    data: bytes
    facts: Any = None


# ----------------------------------------------------------------------------- FEEL

def feel_inputs() -> st.SearchStrategy[str]:
    return feel_text()


# ----------------------------------------------------------------------------- packs

@cache
def _files(folder: Path) -> tuple[tuple[str, bytes], ...]:
    return tuple(sorted((p.relative_to(folder).as_posix(), p.read_bytes())
                        for p in folder.rglob("*") if p.is_file()))


def _yaml(data: bytes) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(data, Loader=loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError, AttributeError, KeyError, TypeError):
        # PyYAML's own constructors fail so on a tag that does not fit its text (`!!bool
        # maybe`, `!!timestamp nope`); the packs run of 100,000 lost 9 chunks to it
        return None


_file_names = st.one_of(
    st.sampled_from(["decisions/zz.yaml", "decisions/.hidden.yaml", "decisions/x.yml",
                     "decisions/x.YAML", "decisions/x.json", "decisions/a b.yaml",
                     "decisions/\u00e6\u00f8\u00e5.yaml", "decisions/sub/x.yaml",
                     "tests/zz.yaml", "pack.yml", "cases/zz.yaml", "decisions/pack.yaml"]),
    st.text("abcxyz_-.", min_size=1, max_size=8).map(lambda n: f"decisions/{n}.yaml"))


@st.composite
def _file_op(draw: st.DrawFn, files: dict[str, bytes | None]) -> str:
    """A file deleted, emptied, added, doubled, moved, or a folder where a file was."""
    names = sorted(n for n, d in files.items() if d is not None)
    kind = draw(st.sampled_from(["delete", "empty", "add", "double", "folder", "move"]))
    name = draw(st.sampled_from(names)) if names else "pack.yaml"
    if kind == "delete":
        files.pop(name, None)
    elif kind == "empty":
        files[name] = draw(st.sampled_from([b"", b"\n", b"---\n", b"~\n", b"[]\n", b"x\n"]))
    elif kind == "add":
        files[draw(_file_names)] = draw(st.one_of(
            st.binary(max_size=64), st.builds(dump_yaml, odd_values()),
            st.just(files.get(name) or b"")))
    elif kind == "double":
        files[draw(_file_names)] = files.get(name)
    elif kind == "folder":
        files.pop(name, None)
        files[name] = None
    else:
        files[draw(_file_names)] = files.pop(name, None)
    return f"file-{kind}"


@st.composite
def _content_op(draw: st.DrawFn, files: dict[str, bytes | None]) -> str:
    """One YAML file of the pack mutated: bytes, lines, data, aliases, encoding."""
    names = sorted(n for n, d in files.items() if d is not None and n.endswith(".yaml"))
    if not names:
        return "none"
    name = draw(st.sampled_from(names))
    data = files[name] or b""
    kind = draw(st.sampled_from(["bytes", "lines", "data", "data", "data", "text",
                                 "encoding"]))
    if kind == "bytes":
        files[name] = draw(mutate_bytes(data))
    elif kind == "lines":
        files[name] = draw(mutate_lines(data))
    elif kind == "data":
        tree = _yaml(data)
        if tree is None:
            return "none"
        files[name] = dump_yaml(draw(mutate_yaml_data(tree)), draw(st.booleans()))
    elif kind == "text":
        files[name] = draw(mutate_yaml_text(data))
    else:
        files[name] = draw(reencode(data))
    return f"{kind}:{name}"


@st.composite
def pack_inputs(draw: st.DrawFn) -> FileSet:
    """A mutant of the example pack or a bundled pack: one to three mutations."""
    folder = draw(st.sampled_from(PACKS))
    files: dict[str, bytes | None] = dict(_files(folder))
    notes = [folder.name]
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from([_content_op, _content_op, _content_op, _file_op]))
        notes.append(draw(op(files)))
    return FileSet(tuple(sorted(files.items())), tuple(notes))


# ----------------------------------------------------------------------------- DMN

@cache
def tck_models() -> tuple[tuple[str, bytes], ...]:
    """The DMN models mutated: the TCK's compliance-level-3 models (when ``../shared`` is
    there) of at most MAX_MODEL_BYTES, and the project's own test models."""
    found = sorted(TCK.glob("*/*.dmn")) if TCK.is_dir() else []
    found += sorted((ROOT / "tests" / "dmn" / "models").glob("*.dmn"))
    return tuple((p.name, p.read_bytes()) for p in found if p.stat().st_size <= MAX_MODEL_BYTES)


@st.composite
def dmn_inputs(draw: st.DrawFn) -> FileSet:
    """A mutant of a DMN model, or a model generated from scratch."""
    models = tck_models()
    if not models or draw(st.integers(0, 3)) == 0:
        return FileSet((("model.dmn", draw(generated_dmn())),), ("generated",))
    name, data = draw(st.sampled_from(models))
    if draw(st.integers(0, 5)) == 0:          # a generated model with a mutation
        return FileSet((("model.dmn", draw(mutate_xml(draw(generated_dmn())))),),
                       ("generated+mutated",))
    return FileSet((("model.dmn", draw(mutate_xml(data))),), (name,))


# ----------------------------------------------------------------------------- cases

@cache
def example_facts() -> tuple[str, ...]:
    tree = _yaml((EXAMPLE / "pack.yaml").read_bytes())
    return tuple(tree["inputs"])


@cache
def example_decisions() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (EXAMPLE / "decisions").glob("*.yaml")))


@cache
def case_documents() -> tuple[dict[str, Any], ...]:
    """The example pack's case files and the cases of its tests, as case documents."""
    docs = [_yaml(p.read_bytes()) for p in sorted((EXAMPLE / "cases").glob("*.yaml"))]
    for path in sorted((EXAMPLE / "tests").glob("*.yaml")):
        for test in _yaml(path.read_bytes())["tests"]:
            if "facts" in test:           # (a test may name a case file instead)
                docs.append({"id": test["name"], "as_of": test.get("as_of"),
                             "facts": test["facts"]})
    return tuple(docs)


_fact_name = st.one_of(st.sampled_from(example_facts()),
                       st.sampled_from(example_facts()).map(lambda n: n[:-1] or "x"),
                       st.text(max_size=10))
_python_only = st.one_of(
    st.floats(), st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"),
                                  Decimal("1E+999999"), Decimal("1E-999999"), 10**5000,
                                  -(10**5000), complex(1, 2), b"\xff", frozenset({1}),
                                  dt.time(1, 0), dt.timedelta(days=10**6),
                                  dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                                  object(), (1, 2), {1, 2}, range(3), Ellipsis]))


@st.composite
def _case_op(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    facts = doc.get("facts")
    kind = draw(st.sampled_from(["fact", "fact", "fact", "unknown", "drop", "as_of", "id",
                                 "decisions", "tree", "shape"]))
    if kind in ("fact", "unknown", "drop") and isinstance(facts, dict):
        name = draw(st.sampled_from(example_facts()) if kind != "unknown" else _fact_name)
        if kind == "drop":
            facts.pop(name, None)
        else:
            facts[name] = draw(odd_values(4))
    elif kind == "as_of":
        doc["as_of"] = draw(odd_values(3))
    elif kind == "id":
        doc["id"] = draw(odd_values(3))
    elif kind == "decisions":
        doc["decisions"] = draw(st.one_of(odd_values(3), st.lists(st.one_of(
            st.sampled_from(example_decisions()), st.text(max_size=8), odd_values(2)),
            max_size=4)))
    elif kind == "tree":
        doc = draw(mutate_yaml_data(doc))
    else:
        doc = draw(st.sampled_from([{}, {"facts": None}, {"facts": []}, {"facts": "x"}, [],
                                    None, "facts", {"facts": doc}, {**doc, "extra": 1}]))
    return doc if isinstance(doc, dict) else {"facts": doc}


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


_BIG = "__big__"


def _as_json(doc: Any, big: str) -> bytes:
    text = json.dumps(doc, default=_json_default, ensure_ascii=False, allow_nan=True)
    return text.replace(f'"{_BIG}"', big).encode("utf-8", "surrogatepass")


@st.composite
def case_inputs(draw: st.DrawFn) -> CaseInput:
    """A case document for the example pack, mutated, written as YAML or JSON (or bytes)."""
    doc = copy.deepcopy(draw(st.sampled_from(case_documents())))
    for _ in range(draw(st.integers(0, 3))):
        doc = draw(_case_op(doc))
    fmt = draw(st.sampled_from(["yaml", "yaml", "json", "json", "yaml-text", "bytes"]))
    if fmt == "json":
        if isinstance(doc.get("facts"), dict) and draw(st.booleans()):
            doc["facts"][draw(st.sampled_from(example_facts()))] = _BIG
        big = draw(st.sampled_from(["1" * 5000, "1e999999", "-0.0", "1E-400", "NaN",
                                    "Infinity", '"\\udc80"', "[" * 3000]))
        data, name = _as_json(doc, big), "case.json"
    else:
        data, name = dump_yaml(doc, draw(st.booleans())), "case.yaml"
        if fmt == "yaml-text":
            data = draw(mutate_yaml_text(data))
        elif fmt == "bytes":
            data = draw(st.one_of(mutate_bytes(data), mutate_lines(data), reencode(data)))
    facts = doc.get("facts")
    if isinstance(facts, dict) and draw(st.booleans()):
        facts = dict(facts)
        for _ in range(draw(st.integers(1, 2))):
            facts[draw(st.sampled_from(example_facts()))] = draw(_python_only)
    return CaseInput(name, data, facts)


# ----------------------------------------------------------------------------- batch

@st.composite
def _json_line(draw: st.DrawFn) -> bytes:
    doc = copy.deepcopy(draw(st.sampled_from(case_documents())))
    if draw(st.booleans()):
        doc = draw(_case_op(doc))
    if draw(st.booleans()) and isinstance(doc.get("facts"), dict):   # a flat record
        flat = dict(doc["facts"])
        flat.update({k: doc[k] for k in ("id", "as_of") if k in doc})
        doc = flat
    return _as_json(doc, "1" * 5000).replace(b"\n", b" ")


_ODD_LINES = [b"", b"   ", b"\t", b"\xef\xbb\xbf{}", b"null", b"[]", b'"x"', b"1", b"{",
              b'{"id": "\\udc80", "facts": {}}', b'{"facts": {}, "facts": {}}',
              b'{"facts": {"borrower_age": NaN}}', b'{"facts": {"borrower_age": 1e999999}}',
              b'{"facts": {"borrower_age": ' + b"1" * 5000 + b"}}", b"[" * 100_000,
              b'{"id": [1], "facts": {}}', b"\x00", b"\xff\xfe", b'{"as_of": "2024-02-30"}',
              b'{"facts": {"loan_date": "2024-02-30"}}', b"\r", b'{"id": "\xc3"}']


@st.composite
def _jsonl(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["record", "record", "record", "mutated", "odd", "value",
                                     "bytes"]))
        if kind == "record":
            lines.append(draw(_json_line()))
        elif kind == "mutated":
            lines.append(draw(mutate_bytes(draw(_json_line()))))
        elif kind == "odd":
            lines.append(draw(st.sampled_from(_ODD_LINES)))
        elif kind == "value":
            lines.append(_as_json(draw(odd_values(4)), "1"))
        else:
            lines.append(draw(st.binary(max_size=20)))
    end = draw(st.sampled_from([b"\n", b"\n", b"\r\n"]))
    return end.join(lines) + (end if lines and draw(st.booleans()) else b"")


_CELLS = {"number": ["40", "0", "-1", "1.5", "1,5", "1e3", "1" * 60, " 7 ", "x", "131", "NaN"],
          "boolean": ["true", "false", "ja", "nej", "1", "0", "JA", "yes", "x"],
          "date": ["2024-03-01", "2024-02-30", "01-03-2024", "2024-3-1", "x", "2024-03-01T10:00"],
          "string": ["book", "film", "board game", "interlibrary loan", "Book", "x"]}
_FACT_TYPES = {"borrower_age": "number", "student_card": "boolean", "item_type": "string",
               "loan_date": "date", "due_date": "date", "return_date": "date",
               "damaged": "boolean", "replacement_price": "number", "unpaid_debt": "number",
               "id": "string", "as_of": "date"}


@st.composite
def _cell(draw: st.DrawFn, column: str, delimiter: str) -> bytes:
    usual = _CELLS[_FACT_TYPES.get(column, "string")]
    kind = draw(st.sampled_from(["usual", "usual", "usual", "empty", "odd", "quoted",
                                 "broken", "json", "latin-1"]))
    if kind == "usual":
        return draw(st.sampled_from(usual)).encode()
    if kind == "empty":
        return b""
    if kind == "quoted":
        text = draw(st.sampled_from(usual + ["a,b", "a;b", 'say "hi"', "two\nlines", "x\ty"]))
        return b'"' + text.replace('"', '""').encode() + b'"'
    if kind == "broken":
        return draw(st.sampled_from([b'"oops', b'"a"b', b'a"b', b'""', b'"a""', b'"\n"',
                                     b'"' + b"x\n" * 150 + b'"']))
    if kind == "json":
        return draw(st.sampled_from([b'"[1, 2]"', b'"{""a"": 1}"', b"[", b'"[' + b"[" * 2000
                                     + b'"', b'"{""a"": NaN}"']))
    if kind == "latin-1":
        return "S\u00f8ren".encode("latin-1")
    text = draw(st.text(st.characters(exclude_categories=()), max_size=8))
    return text.replace(delimiter, "").encode("utf-8", "surrogatepass")


@st.composite
def _csv(draw: st.DrawFn) -> bytes:
    names = list(_FACT_TYPES)
    header = draw(st.lists(st.one_of(st.sampled_from(names), st.sampled_from(
        ["", "nope", " borrower_age ", '"id"', "\u00e6"])), min_size=1, max_size=9,
        unique=draw(st.booleans())))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    sep = delimiter.encode()
    rows = [sep.join(c.encode("utf-8") for c in header)]
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["row", "row", "row", "row", "short", "long", "blank",
                                     "bytes"]))
        cells = [draw(_cell(c, delimiter)) for c in header]
        if kind == "short":
            cells = cells[:-1]
        elif kind == "long":
            cells.append(b"extra")
        elif kind == "blank":
            cells = [b""] * draw(st.integers(1, len(header)))
        elif kind == "bytes":
            cells = [draw(st.binary(max_size=12)).replace(b"\n", b"")]
        rows.append(sep.join(cells))
    head = draw(st.sampled_from([b"", b"", b"\n", b"\xef\xbb\xbf", b" \n\t\n"]))
    end = draw(st.sampled_from([b"\n", b"\r\n"]))
    return head + end.join(rows) + (end if draw(st.booleans()) else b"")


def batch_inputs() -> st.SearchStrategy[FileSet]:
    """A file of cases for the example pack: JSON lines or CSV rows, good and bad."""
    return st.one_of(
        _jsonl().map(lambda data: FileSet((("cases.jsonl", data),), ("jsonl",))),
        _csv().map(lambda data: FileSet((("cases.csv", data),), ("csv",))))

