"""A rule pack as a workbook for legal staff (``regel sheet export``; docs/sheets.md): one
sheet per decision version (hit policy and validity on top, one column per input and
output with its labels, one row per rule with its sources and notes, allowed values as
drop-downs), and sheets for the decisions, the facts, the tests, the sources, the rest
of pack.yaml and the other files. ``regel.tools.sheet_import`` reads it back: the same
workbook gives the same pack, the same fingerprint."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from regel.base.errors import Diagnostic, PackError
from regel.load.locate import find_pack
from regel.source.files import read_text
from regel.source.yamltree import load_yaml_file
from regel.tools.lang import pack_language
from regel.tools.sheet_cells import (
    DECISION_COLUMNS,
    FACT_COLUMNS,
    INPUT_ROWS,
    MISSING,
    MORE,
    OUTPUT,
    OUTPUT_ROWS,
    RULE_EXTRA,
    SOURCE_COLUMNS,
    TEST_COLUMNS,
    TESTS,
    VALUE,
    VERSION_ROWS,
    Column,
    dump_yaml,
    encode,
    take,
)

__all__ = ["export_workbook", "openpyxl", "FIXED_SHEETS", "version_sheet_names"]

#: The sheets every workbook has, besides one per decision version.
FIXED_SHEETS = ("decisions", "facts", "tests", "sources", "pack", "files")
#: The text of a file in one cell of the files sheet, at most (Excel's limit is 32,767).
CELL_CHARS = 30_000
HIT_POLICIES = ("UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "COLLECT SUM", "COLLECT MIN",
                "COLLECT MAX", "COLLECT COUNT", "RULE ORDER", "OUTPUT ORDER")


def openpyxl() -> Any:
    """The openpyxl module, or an error that says how to install it."""
    try:
        import openpyxl as module  # lazy: an optional extra, needed only by `regel sheet`
    except ImportError:
        raise PackError([Diagnostic.of("SHEET-NO-OPENPYXL")]) from None
    return module


def version_sheet_names(decisions: list[dict[str, Any]]) -> list[list[str]]:
    """The sheet name of each version of each decision: its id, "~2" and on for later
    versions, at most 31 characters (Excel's limit), each name once."""
    taken = {name.lower() for name in FIXED_SHEETS}
    out = []
    for d in decisions:
        did = "".join(c if c not in "[]:*?/\\" else "_" for c in str(d.get("id", "decision")))
        versions: list[Any] = d["versions"] if isinstance(d.get("versions"), list) else []
        names = []
        for n in range(1, len(versions) + 1):
            suffix = f"~{n}" if len(versions) > 1 else ""
            base, k = did[:31 - len(suffix)], 1
            name = base + suffix
            while name.lower() in taken:
                k += 1
                name = f"{did[:31 - len(suffix) - 3]}{suffix}_{k:02d}"
            taken.add(name.lower())
            names.append(name)
        out.append(names)
    return out


class _Writer:
    """One workbook being written, in the pack's language."""

    def __init__(self, lang: str) -> None:
        self.book = openpyxl().Workbook()
        self.book.remove(self.book.active)
        self.lang = lang
        styles = openpyxl().styles
        self.bold = styles.Font(bold=True)
        self.wrap = styles.Alignment(wrap_text=True, vertical="top")

    def cell(self, ws: Any, row: int, col: int, value: Any, bold: bool = False) -> Any:
        if value is MISSING or value is None:
            return None
        c = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            c.data_type = "s"   # "=..." is a text here, never a formula
            if "\n" in value:
                c.alignment = self.wrap
        if bold:
            c.font = self.bold
        return c

    def more(self, ws: Any, row: int, col: int, rest: dict[str, Any]) -> None:
        if rest:
            self.cell(ws, row, col, dump_yaml(rest))

    def drop_down(self, ws: Any, where: str, values: Any, strict: bool = False) -> None:
        """Allowed values as the cells' drop-down (a warning, not a refusal, when a cell
        may hold other tests than the plain values)."""
        if not isinstance(values, list) or not values:
            return
        items = [str(encode(v, VALUE)) for v in values]
        formula = '"' + ",".join(items) + '"'
        if any("," in i or '"' in i for i in items) or len(formula) > 255:
            return
        dv = openpyxl().worksheet.datavalidation.DataValidation(
            type="list", formula1=formula, allow_blank=True,
            errorStyle="stop" if strict else "warning")
        dv.add(where)
        ws.add_data_validation(dv)

    def rows(self, ws: Any, columns: list[Column], items: list[dict[str, Any]]) -> None:
        """A sheet of one row per item: a header, the columns, then "more (YAML)"."""
        for i, (header, _, _) in enumerate([*columns, (MORE, (), VALUE)], 1):
            self.cell(ws, 1, i, header, bold=True)
        for r, item in enumerate(items, 2):
            rest = copy.deepcopy(item)
            for i, column in enumerate(columns, 1):
                self.cell(ws, r, i, take(rest, column))
            self.more(ws, r, len(columns) + 1, rest)
        ws.freeze_panes = "B2"


def _read_pack(root: Path) -> dict[str, Any]:
    """The pack's files as data (pack.yaml, decisions, tests, sources.yaml) and the text
    of every other file."""
    data: dict[str, Any] = {"pack": load_yaml_file(root / "pack.yaml"), "decisions": [],
                            "tests": [], "sources": None, "files": []}
    for path in sorted((root / "decisions").glob("*.y*ml")):
        data["decisions"].append((path.name, load_yaml_file(path)))
    for path in sorted((root / "tests").glob("*.y*ml")):
        test_data = load_yaml_file(path)
        if isinstance(test_data, dict) and set(test_data) == {"tests"} and isinstance(
                test_data["tests"], list) and all(isinstance(t, dict) for t in test_data["tests"]):
            data["tests"] += [{"file": path.name, **t} for t in test_data["tests"]]
        else:
            data["files"].append((f"tests/{path.name}", read_text(path)))
    src = root / "sources.yaml"
    if src.is_file():
        sources = load_yaml_file(src)
        if isinstance(sources, dict) and set(sources) == {"sources"} and isinstance(
                sources["sources"], dict):
            data["sources"] = sources["sources"]
        else:
            data["files"].append(("sources.yaml", read_text(src)))
    known = {"pack.yaml", "sources.yaml"} if data["sources"] is not None else {"pack.yaml"}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel in known or (rel.startswith(("decisions/", "tests/")) and path.parent.name in (
                "decisions", "tests") and path.parent.parent == root and path.suffix in (
                ".yaml", ".yml")) or "__pycache__" in rel:
            continue
        data["files"].append((rel, read_text(path)))
    return data


def export_workbook(pack: str | Path, out: str | Path) -> Path:
    """Write the pack ``pack`` (a folder or a bundled pack's name) to the workbook ``out``."""
    root = find_pack(pack)
    data = _read_pack(root)
    w = _Writer(pack_language(root))
    decisions = [d for _, d in data["decisions"]]
    names = version_sheet_names(decisions)
    _decisions_sheet(w, data["decisions"], names)
    for d, sheet_names in zip(decisions, names, strict=True):
        for version, name in zip(d["versions"], sheet_names, strict=True):
            _version_sheet(w, w.book.create_sheet(name), d, version)
    _facts_sheet(w, data["pack"])
    w.rows(w.book.create_sheet("tests"), TEST_COLUMNS, data["tests"])
    sources = data["sources"] or {}
    w.rows(w.book.create_sheet("sources"), SOURCE_COLUMNS,
           [{"id": k, **v} if isinstance(v, dict) else {"id": k, "value": v}
            for k, v in sources.items()])
    _pack_sheet(w, data["pack"], data["sources"] is not None)
    ws = w.book.create_sheet("files")
    for i, header in enumerate(("path", "text"), 1):
        w.cell(ws, 1, i, header, bold=True)
    r = 2
    for path, text in data["files"]:   # a cell holds at most 32,767 characters: in parts
        for start in range(0, max(len(text), 1), CELL_CHARS):
            w.cell(ws, r, 1, path)
            w.cell(ws, r, 2, text[start:start + CELL_CHARS])
            r += 1
    w.book.active = 0
    out = Path(out)
    w.book.save(out)
    return out


def _decisions_sheet(w: _Writer, decisions: list[tuple[str, Any]], names: list[list[str]]
                     ) -> None:
    ws = w.book.create_sheet("decisions")
    columns = [("file", ("file",), "text"), *DECISION_COLUMNS]
    items = []
    for file, d in decisions:
        rest = {k: v for k, v in d.items() if k != "versions"}
        items.append({"file": file, **rest})
    w.rows(ws, columns, items)
    col = len(columns) + 2
    w.cell(ws, 1, col, "sheets", bold=True)
    for r, sheet_names in enumerate(names, 2):
        w.cell(ws, r, col, "\n".join(sheet_names))


def _facts_sheet(w: _Writer, pack: dict[str, Any]) -> None:
    ws = w.book.create_sheet("facts")
    inputs: dict[str, Any] = pack["inputs"] if isinstance(pack.get("inputs"), dict) else {}
    w.rows(ws, FACT_COLUMNS, [{"name": k, **v} if isinstance(v, dict) else {"name": k}
                              for k, v in inputs.items()])
    w.drop_down(ws, f"B2:B{len(inputs) + 200}",
                ["string", "number", "boolean", "date", "date and time", "time",
                 "days and time duration", "years and months duration", "list", "context",
                 "Any"])


def _pack_sheet(w: _Writer, pack: dict[str, Any], has_sources: bool) -> None:
    """The rest of pack.yaml, one key a row (the facts are on their own sheet)."""
    ws = w.book.create_sheet("pack")
    for i, header in enumerate(("key", "value"), 1):
        w.cell(ws, 1, i, header, bold=True)
    r = 2
    for key, value in pack.items():
        if key == "inputs" and isinstance(value, dict):
            continue
        w.cell(ws, r, 1, key)
        w.cell(ws, r, 2, encode(value, VALUE))
        r += 1
    if not has_sources:
        w.cell(ws, r, 1, "sources.yaml")
        w.cell(ws, r, 2, "no")


def _version_sheet(w: _Writer, ws: Any, d: dict[str, Any], version: dict[str, Any]) -> None:
    """A version: what it is on top (key, value rows), then its table, if it has one."""
    rest = copy.deepcopy(version)
    table = rest.pop("table", None)
    w.cell(ws, 1, 1, "decision", bold=True)
    w.cell(ws, 1, 2, str(d.get("id")))
    row = 2
    rest_table = copy.deepcopy(table) if isinstance(table, dict) else None
    for header, path, kind in VERSION_ROWS:
        holder = {"table": rest_table, **rest} if path[0] == "table" else rest
        if path[0] == "table" and rest_table is None:
            continue
        shown = take(holder, (header, path, kind))
        if path == ("table", "hit_policy") and shown is not MISSING:
            w.drop_down(ws, f"B{row}", list(HIT_POLICIES), strict=True)
        if shown is not MISSING:
            w.cell(ws, row, 1, header, bold=True)
            w.cell(ws, row, 2, shown)
            row += 1
    if rest_table is None and table is not None:
        rest["table"] = table
    if rest_table is not None:
        _table(w, ws, row + 1, rest, rest_table)
    elif rest:
        w.cell(ws, row, 1, MORE, bold=True)
        w.more(ws, row, 2, rest)
    ws.column_dimensions["A"].width = 22


def _table(w: _Writer, ws: Any, top: int, rest: dict[str, Any], table: dict[str, Any]) -> None:
    """The table: the column rows (kind, id, ...; the labels last), then one row per rule."""
    inputs = table.pop("inputs", []) if isinstance(table.get("inputs"), list) else []
    outputs = table.pop("outputs", []) if isinstance(table.get("outputs"), list) else []
    rules = table.pop("rules", []) if isinstance(table.get("rules"), list) else []
    forms = _forms(rules, len(outputs))
    table.update({k: v for k, v in {"when written as": forms[0],
                                    "then written as": forms[1]}.items()})
    rest_all = {**rest, **({"table": table} if table else {})}
    w.cell(ws, top - 1, 1, MORE, bold=True)
    w.more(ws, top - 1, 2, rest_all)
    other = "en" if w.lang == "da" else "da"
    heads = ["column", "id", *[h for h, _, _ in INPUT_ROWS + OUTPUT_ROWS if h != "type"],
             "type", MORE, f"label ({other})", f"label ({w.lang})"]
    heads = list(dict.fromkeys(heads))
    row_of = {h: top + i for i, h in enumerate(heads)}
    for h, r in row_of.items():
        w.cell(ws, r, 1, h, bold=True)
    first = row_of[f"label ({w.lang})"] + 1
    for c, col in enumerate(inputs, 2):
        _column(w, ws, c, "input", "id", col, INPUT_ROWS, row_of)
    for c, col in enumerate(outputs, 2 + len(inputs)):
        _column(w, ws, c, "output", "name", col, OUTPUT_ROWS, row_of)
        if isinstance(col, dict):
            w.drop_down(ws, f"{_letter(c)}{first}:{_letter(c)}{first + len(rules) + 100}",
                        col.get("allowed_values"))
    extra = 2 + len(inputs) + len(outputs)
    for i, (header, _, _) in enumerate([*RULE_EXTRA, (MORE, (), VALUE)]):
        w.cell(ws, row_of["column"], extra + i, header, bold=True)
        w.cell(ws, row_of[f"label ({w.lang})"], extra + i, header, bold=True)
    for r, rule in enumerate(rules, first):
        _rule(w, ws, r, rule, inputs, outputs, forms)
    ws.freeze_panes = f"B{first}"


def _letter(col: int) -> str:
    return str(openpyxl().utils.get_column_letter(col))


def _column(w: _Writer, ws: Any, c: int, kind: str, key: str, col: Any,
            rows: list[Column], row_of: dict[str, int]) -> None:
    w.cell(ws, row_of["column"], c, kind, bold=True)
    rest = copy.deepcopy(col) if isinstance(col, dict) else {}
    w.cell(ws, row_of["id"], c, take(rest, ("id", (key,), "text")))
    for column in [*rows, (f"label ({w.lang})", ("label", w.lang), "text"),
                   *[(f"label ({x})", ("label", x), "text") for x in ("da", "en")
                     if x != w.lang]]:
        w.cell(ws, row_of[column[0]], c, take(rest, column), bold=column[0].endswith(
            f"({w.lang})"))
    w.more(ws, row_of[MORE], c, rest if isinstance(col, dict) else {"column": col})
    ws.column_dimensions[_letter(c)].width = 18


def _forms(rules: list[Any], outputs: int) -> tuple[str, str]:
    """How most rules write their cells: ``when`` as a list or by id; ``then`` as one value
    (one output), a list or by name."""
    whens = [isinstance(r.get("when"), dict) for r in rules if isinstance(r, dict)]
    thens = [_then_form(r.get("then"), outputs) for r in rules if isinstance(r, dict)]
    when = "ids" if whens and sum(whens) * 2 >= len(whens) else "list"
    then = max(("value", "list", "names"), key=thens.count) if thens else (
        "value" if outputs == 1 else "names")
    return when, then


def _then_form(then: Any, outputs: int) -> str:
    if isinstance(then, dict) and outputs > 1:
        return "names"
    if isinstance(then, list) and outputs > 1:
        return "list"
    return "value"


def _rule(w: _Writer, ws: Any, r: int, rule: Any, inputs: list[Any], outputs: list[Any],
          forms: tuple[str, str]) -> None:
    """One rule a row: its id, a cell per input and output, sources, notes, the rest."""
    rest = copy.deepcopy(rule) if isinstance(rule, dict) else {"rule": rule}
    w.cell(ws, r, 1, take(rest, ("id", ("id",), "text")), bold=True)
    ids = [c.get("id") if isinstance(c, dict) else None for c in inputs]
    names = [c.get("name") if isinstance(c, dict) else None for c in outputs]
    own = ("ids" if isinstance(rest.get("when"), dict) else "list",
           _then_form(rest.get("then"), len(outputs)))
    cells = _cells(rest, "when", ids, own[0] == "ids", own[0], TESTS)
    cells += _cells(rest, "then", names, own[1] == "names", own[1], OUTPUT)
    for key, form, table_form in zip(("when", "then"), own, forms, strict=True):
        if form != table_form and key not in rest:
            rest[f"{key} written as"] = form   # this rule writes its cells another way
    for c, value in enumerate(cells, 2):
        w.cell(ws, r, c, value)
    extra = 2 + len(inputs) + len(outputs)
    for i, column in enumerate(RULE_EXTRA):
        w.cell(ws, r, extra + i, take(rest, column))
    w.more(ws, r, extra + len(RULE_EXTRA), rest)


def _cells(rule: dict[str, Any], key: str, ids: list[Any], by_id: bool, form: str,
           kind: str) -> list[Any]:
    """The cells of ``rule[key]`` in column order; what they cannot show stays in
    ``rule`` (all of it when the rule writes its cells another way than the table)."""
    value = rule.get(key, MISSING)
    empty: list[Any] = [MISSING] * len(ids)
    if value is MISSING:
        return empty
    if form == "value" and len(ids) == 1:
        shown = encode(value, kind)
        if shown is not MISSING and _then_form(value, 1) == "value":
            del rule[key]
        return [shown] if shown is not MISSING else empty
    if by_id and isinstance(value, dict) and set(value) <= set(i for i in ids if i):
        cells = [encode(value[i], kind) if i in value else MISSING for i in ids]
    elif not by_id and isinstance(value, list) and len(value) == len(ids):
        cells = [encode(v, kind) for v in value]
        if any(c is MISSING for c in cells):
            return empty
    else:
        return empty
    if any(c is MISSING and i in (value if isinstance(value, dict) else {})
           for c, i in zip(cells, ids, strict=True)):
        return empty
    del rule[key]
    return cells
