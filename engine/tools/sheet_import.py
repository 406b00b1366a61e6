"""A workbook written by ``regel sheet export`` (and edited in Excel or LibreOffice) back
into a YAML rule pack (``regel sheet import``). Every problem is collected with its
address (``pack.xlsx!validity_regime!C12``) and reported at once; nothing is written
unless the workbook has none."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from regel.base.errors import Diagnostic, PackError, RegelError, Span
from regel.load import load_pack
from regel.source.yamltree import load_yaml_with_marks
from regel.tools.sheet import FIXED_SHEETS, openpyxl
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
    TEXT,
    VALUE,
    VERSION_ROWS,
    Column,
    decode,
    dump_yaml,
    put,
)

__all__ = ["import_workbook", "read_workbook"]


class _Reader:
    """One workbook being read; ``problems`` collects every error with its cell."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        if not path.is_file():
            raise PackError([Diagnostic.of("FILE-NOT-FOUND", at=str(path))])
        try:
            self.book = openpyxl().load_workbook(path)
        except (OSError, KeyError, ValueError, Exception) as exc:  # noqa: BLE001
            if isinstance(exc, RegelError):
                raise
            raise PackError([Diagnostic.of("SHEET-NOT-WORKBOOK", at=str(path),
                                           reason=type(exc).__name__)]) from None
        self.problems: list[Diagnostic] = []
        #: (file, *path in its data) -> the address of the cell it came from
        self.cells: dict[tuple[Any, ...], str] = {}

    def where(self, ws: Any, row: int, col: int) -> str:
        letter = openpyxl().utils.get_column_letter(col)
        return f"{self.name}!{ws.title}!{letter}{row}"

    def sheet(self, name: str) -> Any:
        if name in self.book.sheetnames:
            return self.book[name]
        self.problems.append(Diagnostic.of("SHEET-MISSING", at=self.name, sheet=name))
        return None

    def value(self, ws: Any, row: int, col: int, kind: str, at: tuple[Any, ...] = ()) -> Any:
        """The cell's value (MISSING when empty); a problem when it does not read. ``at``:
        where the value goes (file, path), remembered for the loader's errors."""
        cell = ws.cell(row=row, column=col).value
        if at and cell not in (None, ""):
            self.cells[at] = self.where(ws, row, col)
        try:
            return decode(cell, kind, self.where(ws, row, col))
        except RegelError as exc:
            self.problems.append(Diagnostic.of(
                "SHEET-YAML", at=self.where(ws, row, col),
                problem=exc.first.text("en") if exc.diagnostics else ""))
            return MISSING

    def header(self, ws: Any) -> dict[str, int]:
        return {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}

    def rows(self, ws: Any, columns: list[Column]
             ) -> list[tuple[dict[str, Any], dict[tuple[Any, ...], str]]]:
        """The items of a sheet of one row per item (see ``_Writer.rows``), each with the
        cell of each of its paths (the row's first cell for the item as a whole)."""
        heads = self.header(ws)
        items = []
        for r in range(2, ws.max_row + 1):
            if all(ws.cell(row=r, column=c).value in (None, "") for c in heads.values()):
                continue
            item = self.more(ws, r, heads.get(MORE))
            cells: dict[tuple[Any, ...], str] = {(): self.where(ws, r, 1)}
            for header, path, kind in columns:
                if header in heads:
                    value = self.value(ws, r, heads[header], kind)
                    if value is not MISSING:
                        cells[path] = self.where(ws, r, heads[header])
                        self.put(item, path, value, ws, r, heads[header])
            items.append((item, cells))
        return items

    def more(self, ws: Any, row: int, col: int | None, at: tuple[Any, ...] = ()
             ) -> dict[str, Any]:
        if col is None:
            return {}
        value = self.value(ws, row, col, VALUE, at)
        if value is MISSING:
            return {}
        if not isinstance(value, dict):
            self.problems.append(Diagnostic.of("SHEET-MORE", at=self.where(ws, row, col)))
            return {}
        return value

    def remember(self, at: tuple[Any, ...], cells: dict[tuple[Any, ...], str]) -> None:
        self.cells.update({at + path: where for path, where in cells.items()})

    def put(self, item: dict[str, Any], path: tuple[str, ...], value: Any, ws: Any, row: int,
            col: int) -> None:
        try:
            put(item, path, value)
        except (TypeError, AttributeError):
            self.problems.append(Diagnostic.of("SHEET-MORE", at=self.where(ws, row, col)))


def read_workbook(path: str | Path) -> dict[str, Any]:
    """The pack's files as data, from a workbook: {"pack.yaml": data, "decisions/x.yaml":
    data, ..., "README.md": text}; PackError with every problem at its cell."""
    files, _, problems = _read(path)
    if problems:
        raise PackError(problems)
    return files


def _read(path: str | Path
          ) -> tuple[dict[str, Any], dict[tuple[Any, ...], str], list[Diagnostic]]:
    r = _Reader(Path(path))
    files: dict[str, Any] = {}
    pack_ws, facts_ws = r.sheet("pack"), r.sheet("facts")
    pack: dict[str, Any] = {}
    has_sources = True
    if pack_ws is not None:
        for row in range(2, pack_ws.max_row + 1):
            key = pack_ws.cell(row=row, column=1).value
            if key in (None, ""):
                continue
            value = r.value(pack_ws, row, 2, VALUE, ("pack.yaml", str(key)))
            if key == "sources.yaml":
                has_sources = False
            elif value is not MISSING:
                pack[str(key)] = value
    if facts_ws is not None:
        facts = r.rows(facts_ws, FACT_COLUMNS)
        if facts or "inputs" not in pack:
            pack["inputs"] = {}
            for fact, cells in facts:
                name = str(fact.pop("name", ""))
                pack["inputs"][name] = fact
                r.remember(("pack.yaml", "inputs", name), cells)
    files["pack.yaml"] = pack
    _decisions(r, files)
    _tests(r, files)
    sources_ws = r.sheet("sources")
    if sources_ws is not None and has_sources:
        registry: dict[str, Any] = {}
        for s, cells in r.rows(sources_ws, SOURCE_COLUMNS):
            sid = str(s.pop("id", ""))
            registry[sid] = s["value"] if set(s) == {"value"} else s
            r.remember(("sources.yaml", "sources", sid), cells)
        files["sources.yaml"] = {"sources": registry}
    files_ws = r.sheet("files")
    for row in range(2, (files_ws.max_row if files_ws is not None else 0) + 1):
        name = files_ws.cell(row=row, column=1).value
        if name:   # a long file is in several rows, one after the other
            part = str(files_ws.cell(row=row, column=2).value or "")
            files[str(name)] = files.get(str(name), "") + part
    return files, r.cells, r.problems


def _tests(r: _Reader, files: dict[str, Any]) -> None:
    ws = r.sheet("tests")
    if ws is None:
        return
    for test, cells in r.rows(ws, TEST_COLUMNS):
        name = f"tests/{test.pop('file', 'tests.yaml')}"
        tests = files.setdefault(name, {"tests": []})["tests"]
        r.remember((name, "tests", len(tests)), cells)
        tests.append(test)


def _decisions(r: _Reader, files: dict[str, Any]) -> None:
    ws = r.sheet("decisions")
    if ws is None:
        return
    heads = r.header(ws)
    columns = [("file", ("file",), TEXT), *DECISION_COLUMNS]
    for row, (d, cells) in zip(_filled_rows(ws, heads), r.rows(ws, columns), strict=True):
        file = f"decisions/{d.pop('file', str(d.get('id')) + '.yaml')}"
        r.remember((file,), cells)
        sheets = ws.cell(row=row, column=heads.get("sheets", 0) or 1).value if (
            "sheets" in heads) else None
        versions: list[dict[str, Any]] = []
        for name in str(sheets or "").splitlines():
            vs = r.sheet(name.strip()) if name.strip() not in FIXED_SHEETS else None
            if vs is not None:
                versions.append(_version(r, vs, (file, "versions", len(versions))))
        d["versions"] = versions
        files[file] = d


def _filled_rows(ws: Any, heads: dict[str, int]) -> list[int]:
    return [r for r in range(2, ws.max_row + 1)
            if not all(ws.cell(row=r, column=c).value in (None, "") for c in heads.values())]


def _version(r: _Reader, ws: Any, at: tuple[Any, ...]) -> dict[str, Any]:
    """A version sheet back as a version: the key rows on top, then the table."""
    version: dict[str, Any] = {}
    by_head = {h: (path, kind) for h, path, kind in VERSION_ROWS}
    row, last = 2, ws.max_row
    while row <= last:
        head = ws.cell(row=row, column=1).value
        if head == "column":
            break
        if head == MORE:
            more = r.more(ws, row, 2, at)
            for k, v in more.items():
                if k == "table" and isinstance(v, dict):
                    version.setdefault("table", {}).update(v)
                else:
                    version[k] = v
        elif head in by_head:
            path, kind = by_head[head]
            value = r.value(ws, row, 2, kind, at + path)
            if value is not MISSING:
                r.put(version, path, value, ws, row, 2)
        elif head not in (None, "", "decision"):
            r.problems.append(Diagnostic.of("SHEET-UNKNOWN-ROW", at=r.where(ws, row, 1),
                                            row=str(head)))
        row += 1
    if row <= last:
        _table(r, ws, row, version.setdefault("table", {}), at + ("table",))
    return version


def _table(r: _Reader, ws: Any, top: int, table: dict[str, Any], at: tuple[Any, ...]
           ) -> None:
    """The column rows from ``top`` (the "column" row) on, then the rules."""
    row_of: dict[str, int] = {}
    row = top
    heads = {"column", "id", "expression", "allowed values", "default", "type", MORE,
             "label (da)", "label (en)"}
    while row <= ws.max_row and ws.cell(row=row, column=1).value in heads:
        row_of[str(ws.cell(row=row, column=1).value)] = row
        row += 1
    first = row
    kinds = {}
    for c in range(2, ws.max_column + 1):
        kind = ws.cell(row=top, column=c).value
        if kind in (None, ""):
            continue
        kinds[c] = str(kind)
    inputs = [c for c, k in kinds.items() if k == "input"]
    outputs = [c for c, k in kinds.items() if k == "output"]
    extra = {k: c for c, k in kinds.items() if k not in ("input", "output")}
    when_form = table.pop("when written as", "list")
    then_form = table.pop("then written as", "value" if len(outputs) == 1 else "names")
    table["inputs"] = [_column(r, ws, c, "id", INPUT_ROWS, row_of, at + ("inputs", i))
                       for i, c in enumerate(inputs)]
    table["outputs"] = [_column(r, ws, c, "name", OUTPUT_ROWS, row_of, at + ("outputs", i))
                        for i, c in enumerate(outputs)]
    ids = [i.get("id") for i in table["inputs"]]
    names = [o.get("name") for o in table["outputs"]]
    rules: list[dict[str, Any]] = []
    for row in range(first, ws.max_row + 1):
        if all(ws.cell(row=row, column=c).value in (None, "") for c in [1, *kinds]):
            continue
        here = at + ("rules", len(rules))
        r.cells[here] = r.where(ws, row, 1)
        rule = r.more(ws, row, extra.get(MORE))
        rid = r.value(ws, row, 1, TEXT, here + ("id",))
        if rid is not MISSING:
            rule["id"] = rid
        forms = (rule.pop("when written as", when_form), rule.pop("then written as", then_form))
        when = _cells(r, ws, row, inputs, ids, forms[0] == "ids", here + ("when",))
        then = _cells(r, ws, row, outputs, names, forms[1] == "names", here + ("then",))
        if forms[1] == "value" and len(outputs) == 1 and here + ("then", 0) in r.cells:
            r.cells[here + ("then",)] = r.cells[here + ("then", 0)]
        if when is not MISSING:
            rule["when"] = when
        if then is not MISSING:
            rule["then"] = then[0] if forms[1] == "value" and len(outputs) == 1 else then
        for header, path, kind in RULE_EXTRA:
            if header in extra:
                value = r.value(ws, row, extra[header], kind, here + path)
                if value is not MISSING:
                    r.put(rule, path, value, ws, row, extra[header])
        rules.append(rule)
    table["rules"] = rules


def _column(r: _Reader, ws: Any, c: int, key: str, rows: list[Column],
            row_of: dict[str, int], at: tuple[Any, ...]) -> dict[str, Any]:
    r.cells[at] = r.where(ws, row_of.get("id", 1), c)
    col = r.more(ws, row_of[MORE], c) if MORE in row_of else {}
    if set(col) == {"column"}:
        return col["column"]  # type: ignore[no-any-return]
    value = r.value(ws, row_of["id"], c, TEXT, at + (key,)) if "id" in row_of else MISSING
    if value is not MISSING:
        col[key] = value
    labels = [(h, ("label", h[7:9]), TEXT) for h in row_of if h.startswith("label (")]
    for header, path, kind in [*rows, *labels]:
        if header in row_of:
            value = r.value(ws, row_of[header], c, kind, at + path)
            if value is not MISSING:
                r.put(col, path, value, ws, row_of[header], c)
    return col


def _cells(r: _Reader, ws: Any, row: int, cols: list[int], ids: list[Any], by_id: bool,
           at: tuple[Any, ...]) -> Any:
    """A rule's cells as the table writes them: by id, or a list ("-" for an empty input
    cell); MISSING when every output cell is empty (a rule always has its ``when``)."""
    tests = at[-1] == "when"
    values = [r.value(ws, row, c, TESTS if tests else OUTPUT, at + (i if by_id else n,))
              for n, (c, i) in enumerate(zip(cols, ids, strict=True))]
    if all(v is MISSING for v in values) and not tests:
        return MISSING
    if by_id:
        return {i: v for i, v in zip(ids, values, strict=True) if v is not MISSING}
    return [("-" if tests else None) if v is MISSING else v for v in values]


def import_workbook(path: str | Path, out: str | Path) -> list[Path]:
    """Write the pack in workbook ``path`` to the folder ``out`` (made, or replaced when
    it holds a pack) once it loads; the files written. PackError with every problem of
    the workbook and of the pack it holds (a cell that cannot be read is left out of
    the pack checked), each at its cell."""
    files, cells, problems = _read(path)
    out = Path(out)
    if out.exists() and not (out / "pack.yaml").is_file():
        raise PackError([Diagnostic.of("SHEET-OUT-NOT-PACK", at=str(out))])
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".regel-sheet-", dir=out.parent))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data if isinstance(data, str) else _yaml_text(data),
                              encoding="utf-8")
        try:
            load_pack(staging)
        except PackError as exc:
            problems += [_at_cell(d, staging, cells) for d in exc.diagnostics]
        if problems:
            raise PackError(problems)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return [out / name for name in files]


def _at_cell(d: Diagnostic, staging: Path, cells: dict[tuple[Any, ...], str]) -> Diagnostic:
    """``d`` at the cell its YAML position came from (the nearest cell that wrote the value
    or a part around it); at the file's name inside the pack otherwise."""
    if d.span is None or not d.span.file:
        return d
    try:
        name = Path(d.span.file).resolve().relative_to(staging.resolve()).as_posix()
    except ValueError:
        return d
    path = _path_at(staging / name, d.span.line, d.span.column) if d.span.line else ()
    for n in range(len(path), -1, -1):
        if (name, *path[:n]) in cells:
            return replace(d, span=Span.point(cells[(name, *path[:n])]))
    return replace(d, span=replace(d.span, file=name))


def _path_at(file: Path, line: int, column: int) -> tuple[Any, ...]:
    """The deepest path in ``file``'s data whose value was written at or around
    (line, column)."""
    try:
        _, marks, _ = load_yaml_with_marks(file.read_text(encoding="utf-8"), str(file))
    except RegelError:
        return ()
    best: tuple[Any, ...] = ()
    for path, span in marks.items():
        if (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column) \
                and len(path) >= len(best):
            best = path
    return best


def _yaml_text(data: Any) -> str:
    return dump_yaml(data, flow=False) + "\n"
