"""Static analysis of a pack's decision tables: overlaps, gaps, masked and subsumed rules,
unused inputs, and comparisons with constants of the wrong kind.

``analyse(pack)`` returns a list of ``Finding``. Every table (every version of every
decision) is analysed on its own. A cell takes part when it is a constant test: ``-``,
comparisons (``< 18``), ranges (``[1..5)``), literals, bare allowed values, booleans,
dates and durations (``2024-01-01``, ``date("...")``, ``duration("P30D")``), or
``not(...)`` of literals in a column with a finite domain (allowed values, booleans).
Such a cell becomes a set of intervals over the column's ordered domain (as in
``regel.analysis.regions``). A rule with any other cell (an expression with ``?``, a name of
another input, a negation elsewhere) is *skipped*: it is reported once per table as
ANALYSIS-SKIPPED and never counts as covering anything.

The domains: numbers, dates and durations are the whole line (-inf, +inf); between two
consecutive days (or months) there is nothing, so ``<= 1`` day and ``>= 2`` days leave no
gap; a column with allowed values (its own or the pack input's) is exactly those values;
booleans are {true, false}; other strings are the whole ordered line of texts. **null is
not part of any domain**: a missing fact is not reported as a gap, and a ``null`` test in a
cell (``null, <= 0``) adds nothing to the values the cell covers.

Codes (stable):

- OVERLAP (error): UNIQUE rules that can match together; ANY rules that can match
  together and give different outputs (compared as written).
- GAP (warning): input combinations no rule covers (not for COLLECT, RULE ORDER and
  OUTPUT ORDER tables, where no match is an ordinary empty result, nor for tables
  whose every output has a default). At most ``MAX_GAPS`` gaps are listed per table.
- MASKED (warning): in FIRST and PRIORITY tables, a rule whose every input combination is
  decided by rules before it (FIRST) or by rules with a higher-ranked output (PRIORITY).
- SUBSUMED (info): a rule whose inputs all fall inside another rule's with the same outputs.
- UNUSED-INPUT (warning): a pack input that no decision requires, or a table column where
  every rule says ``-``.
- TYPE-COMPARISON (error): a cell that compares a column with a bare allowed value (a text)
  while the column is declared number, date or boolean. Literal mismatches (``< 5`` in a
  date column) are the loader's TYPE-MISMATCH and are not repeated here.
- ANALYSIS-SKIPPED (info): the rules of a table left out because of non-constant cells.

A finding's ``witness`` maps the table's input column ids (the input id when the column is
just an input's name) to a JSON-ready value that shows the problem: paste it into a test.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regel.analysis.regions import (
    ANY_VALUE,
    NO_VALUE,
    Column,
    Interval,
    NotConstant,
    Stretch,
    constant_intervals,
    region_bits,
    stretches,
)
from regel.base.diagnostics import Diagnostic
from regel.base.errors import Span
from regel.feel import ast
from regel.feel.jsonio import plain
from regel.feel.values import DaysTimeDuration, YearsMonthsDuration
from regel.model import DecisionTable, Pack, Rule

__all__ = ["Finding", "analyse", "MAX_GAPS"]

#: the most gaps listed for one table; the last one says how many more there are
MAX_GAPS = 20

#: tables exempt from GAP: the COLLECT family and the other list-giving multi-hit policies,
#: for which "no rule matches" is an ordinary result (an empty list, 0, or null)
_COLLECT = ("COLLECT", "COLLECT SUM", "COLLECT MIN", "COLLECT MAX", "COLLECT COUNT",
            "RULE ORDER", "OUTPUT ORDER")
_KINDS = {"number": Decimal, "date": _dt.date, "string": str, "boolean": bool,
          "days and time duration": DaysTimeDuration,
          "years and months duration": YearsMonthsDuration}



@dataclass(slots=True)
class Finding:
    code: str
    severity: str                       # "error" | "warning" | "info"
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    decision: str | None = None
    rules: list[str] = field(default_factory=list)
    witness: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "file": self.file, "line": self.line, "column": self.column,
                "decision": self.decision, "rules": list(self.rules),
                "witness": dict(self.witness) if self.witness is not None else None}

    def to_diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.file, self.line, self.column,
                          self.severity)


# --------------------------------------------------------------------------- cells

def _kind(v: Any) -> type:
    return bool if isinstance(v, bool) else type(v)


# --------------------------------------------------------------------------- the table

# a cell as the analysis reads it: None ('-'), the intervals it accepts, or ("not",
# intervals) for a negated cell
_Cell = Any
# per column, the spans of elementary regions a rule accepts
_Box = list[list[Stretch]]


@dataclass(slots=True)
class _Prepared:
    ids: list[str]                             # the columns' ids
    columns: list[Column]
    rules: list[Rule]                          # analysed (non-skipped) rules, in order
    boxes: list[_Box]                          # per analysed rule
    skipped: list[Rule]
    dash_columns: list[int]                    # columns where every rule says '-'
    type_findings: list[tuple[Rule, int, str]]


def _prepare(table: DecisionTable, pack: Pack) -> _Prepared:
    cells, skipped, type_findings = _read_cells(table)
    columns = [_column(table, pack, ci, cells) for ci in range(len(table.inputs))]
    rules: list[Rule] = []
    boxes: list[_Box] = []
    for rule, row in zip(table.rules, cells, strict=True):
        if row is None:
            continue
        box = _box(columns, row)
        if box is None:
            skipped.append(rule)
        else:
            rules.append(rule)
            boxes.append(box)
    skipped.sort(key=lambda r: r.index)
    dash = [ci for ci in range(len(table.inputs))
            if table.rules and all(r.tests[ci].is_any for r in table.rules)]
    return _Prepared([c.id for c in table.inputs], columns, rules, boxes, skipped, dash,
                     type_findings)


def _read_cells(table: DecisionTable
                ) -> tuple[list[list[_Cell] | None], list[Rule], list[tuple[Rule, int, str]]]:
    """Per rule, its cells (None for a rule with a cell that is not a constant test), the
    rules so skipped, and the cells that compare a typed column with an allowed value."""
    constants = table.constants
    cells: list[list[_Cell] | None] = []
    skipped: list[Rule] = []
    type_findings: list[tuple[Rule, int, str]] = []
    for rule in table.rules:
        row: list[_Cell] = []
        ok = True
        for ci, test in enumerate(rule.tests):
            node = test.ast
            if node.any:
                row.append(None)
                continue
            try:
                ivs = constant_intervals(node, constants)
            except NotConstant:
                ok = False
                break
            declared = _KINDS.get(table.inputs[ci].type or "")
            if declared is not None:
                for t in node.tests:
                    for name in _bare_names(t, constants):
                        if declared is not str:
                            type_findings.append((rule, ci, name))
                            ok = False
            row.append(("not", ivs) if node.negated else ivs)
        if ok:
            cells.append(row)
        else:
            cells.append(None)
            skipped.append(rule)
    return cells, skipped, type_findings


def _intervals(cell: _Cell) -> list[Interval]:
    return cell[1] if isinstance(cell, tuple) else cell


def _column(table: DecisionTable, pack: Pack, ci: int, cells: list[list[_Cell] | None]
            ) -> Column:
    """Column ``ci`` cut into regions: its kind is the declared type, else the kind of
    (most of) its constants; allowed values and booleans make a finite domain."""
    clause = table.inputs[ci]
    values: list[Any] = []
    for row in cells:
        if row is None or row[ci] is None:
            continue
        for lo, _, hi, _ in _intervals(row[ci]):
            values.extend(v for v in (lo, hi) if v is not None)
    declared = _KINDS.get(clause.type or "")
    kinds = {_kind(v) for v in values}
    if declared is not None:
        kind: type | None = declared
    elif len(kinds) == 1:
        kind = next(iter(kinds))
    elif kinds:
        kind = max(kinds, key=lambda k: sum(1 for v in values if _kind(v) is k))
    else:
        kind = None
    allowed = clause.allowed_values
    if allowed is None and clause.text in pack.inputs:
        allowed = pack.inputs[clause.text].allowed_values
    finite: list[Any] | None = None
    if kind is bool:
        finite = [False, True]
    elif allowed and kind is not None and all(_kind(v) is kind for v in allowed):
        finite = list(dict.fromkeys(allowed))
    points = sorted({v for v in values if _kind(v) is kind}) if kind else []
    return Column(kind, points, finite)


def _box(columns: list[Column], row: list[_Cell]) -> _Box | None:
    """The regions a rule accepts, column by column; None when a cell cannot be analysed
    (constants of another kind than the column's, ``not(...)`` over an open domain)."""
    box: _Box = []
    for col, cell in zip(columns, row, strict=True):
        if cell is None:
            box.append(col.spans(None))
            continue
        ivs = _intervals(cell)
        if any(_kind(v) is not col.kind for iv in ivs for v in (iv[0], iv[2])
               if v is not None):
            return None
        if isinstance(cell, tuple):
            if col.finite is None:
                return None
            box.append(col.spans_outside(ivs))
        else:
            box.append(col.spans(ivs))
    return box


def _bare_names(node: ast.Node, constants: dict[str, str]) -> list[str]:
    ends: list[ast.Node | None]
    if isinstance(node, ast.RangeLit):
        ends = [node.start, node.end]
    elif isinstance(node, ast.UnaryComparison):
        ends = [node.value]
    else:
        ends = [node]
    return [n.name for n in ends if isinstance(n, ast.Name) and n.name in constants]


# --------------------------------------------------------------------------- sweeps

def _segments(prep: _Prepared, ci: int, active: int, full: bool
              ) -> list[tuple[int, int, int]]:
    """The column's regions cut by the active rules' ranges: (first, last, rule bits) for
    each stretch of regions where the same active rules accept. With ``full``, stretches
    that no active rule accepts are included (bits 0)."""
    return stretches(prep.columns[ci].size,
                     ((1 << i, prep.boxes[i][ci]) for i in _members(active)), full)


def _members(bits: int) -> list[int]:
    """The rule positions in a bitset, lowest first."""
    out = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


def _overlaps(prep: _Prepared) -> list[tuple[int, dict[int, Any]]]:
    """Maximal groups of rules (bitsets) that accept a common input combination, each
    with one such combination (column -> value)."""
    ncols = len(prep.columns)
    found: dict[int, dict[int, Any]] = {}
    seen: set[tuple[int, int]] = set()

    def visit(ci: int, active: int, path: dict[int, Any]) -> None:
        if ci == ncols:
            if active not in found:
                found[active] = dict(path)
            return
        if (ci, active) in seen:
            return
        seen.add((ci, active))
        col = prep.columns[ci]
        done: set[int] = set()
        for a, b, bits in _segments(prep, ci, active, False):
            if bits & (bits - 1) == 0 or bits in done:
                continue
            rep = col.first_value(a, b)
            if rep is None:
                continue
            done.add(bits)
            path[ci] = rep[1]
            visit(ci + 1, bits, path)
            del path[ci]

    everyone = (1 << len(prep.rules)) - 1
    if everyone & (everyone - 1):
        visit(0, everyone, {})
    groups = sorted(found, key=lambda g: -bin(g).count("1"))
    kept: list[int] = []
    for g in groups:
        if not any(g & k == g for k in kept):
            kept.append(g)
    return [(g, found[g]) for g in kept]


def _uncovered(prep: _Prepared, box: _Box | None, coverers: int,
               limit: int, memo: bool = True) -> tuple[list[dict[int, Any]], int]:
    """Input combinations (inside ``box``, or the whole domain) that no rule of
    ``coverers`` accepts: at most ``limit`` witnesses, one per first differing column, and
    the count of such gap regions found."""
    ncols = len(prep.columns)
    out: list[dict[int, Any]] = []
    count = 0
    seen: set[tuple[int, int]] = set()

    def regions(ci: int, active: int) -> list[tuple[int, int, int]]:
        segs = _segments(prep, ci, active, True)
        if box is None:
            return segs
        # cut the segments to the box's ranges in this column
        out_segs = []
        for a, b, bits in segs:
            for lo, hi in box[ci]:
                x, y = max(a, lo), min(b, hi)
                if x <= y:
                    out_segs.append((x, y, bits))
        return out_segs

    def visit(ci: int, active: int, path: dict[int, Any]) -> bool:
        nonlocal count
        if ci == ncols:
            return False
        if memo and (ci, active) in seen:
            return False
        seen.add((ci, active))
        col = prep.columns[ci]
        for a, b, bits in regions(ci, active):
            rep = col.first_value(a, b)
            if rep is None:
                continue
            path[ci] = rep[1]
            if bits == 0:
                count += 1
                if len(out) < limit:
                    w = dict(path)
                    for cj in range(ci + 1, ncols):
                        w[cj] = _box_value(prep, box, cj)
                    out.append(w)
                if limit <= 1:
                    del path[ci]
                    return True
            elif visit(ci + 1, bits, path) and limit <= 1:
                del path[ci]
                return True
            del path[ci]
        return False

    if ncols == 0:
        return ([{}], 1) if coverers == 0 else ([], 0)
    visit(0, coverers, {})
    return out, count


def _box_value(prep: _Prepared, box: _Box | None, ci: int) -> Any:
    col = prep.columns[ci]
    if box is None:
        return col.default_value()
    for lo, hi in box[ci]:
        rep = col.first_value(lo, hi)
        if rep is not None:
            return rep[1]
    return col.default_value()


def _witness(prep: _Prepared, values: dict[int, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ci, col in enumerate(prep.columns):
        v = values.get(ci, ANY_VALUE)
        if v is ANY_VALUE or v is NO_VALUE:
            v = col.default_value()
        if v is ANY_VALUE or v is NO_VALUE:
            continue           # a column of '-' only without a declared kind: any value
        out[prep.ids[ci]] = _json(v)
    return out


def _json(v: Any) -> Any:
    """A witness value as JSON-ready data; whole numbers as int, which even the standard
    ``json`` module writes."""
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return plain(v)


def _box_inside(inner: _Box, outer: _Box
                ) -> bool:
    for ranges_in, ranges_out in zip(inner, outer, strict=True):
        for a, b in ranges_in:
            if not any(lo <= a and b <= hi for lo, hi in ranges_out):
                return False
    return True


def _box_empty(box: _Box) -> bool:
    return any(not ranges for ranges in box)


# --------------------------------------------------------------------------- findings

def _loc(rule: Rule | None, fallback: Span | None) -> tuple[str, int, int]:
    loc = (rule.location if rule is not None else None) or fallback
    if loc is None:
        return "", 0, 0
    return loc.file or "", loc.line, loc.column


def _ids(rules: list[Rule]) -> str:
    return ", ".join(r.id for r in rules)


def _describe(witness: dict[str, Any]) -> str:
    """Witness values as FEEL literals, as a person would write them in a cell."""
    from regel.feel.values import to_feel_literal
    return ", ".join(f"{k} = {to_feel_literal(v)}" for k, v in witness.items()) or "any input"


def _priority_rank(table: DecisionTable, rule: Rule) -> tuple[int, ...] | None:
    rank: list[int] = []
    for out, expr in zip(table.outputs, rule.outputs, strict=True):
        node = expr.ast
        if isinstance(node, (ast.String, ast.Number, ast.Boolean)):
            value: Any = node.value
        elif isinstance(node, ast.Name) and node.name in table.constants:
            value = table.constants[node.name]
        else:
            return None
        values = list(out.allowed_values or ())
        if value not in values:
            return None
        rank.append(values.index(value))
    return tuple(rank)


class _Report:
    """The findings about one table version, each located at its first rule (or the
    version)."""

    def __init__(self, did: str, period: str, where: Span | None) -> None:
        self.did = did
        self.label = f"'{did}' (version {period})"
        self.where = where
        self.findings: list[Finding] = []

    def add(self, code: str, severity: str, message: str, rules: list[Rule],
            witness: dict[str, Any] | None = None) -> None:
        file, line, column = _loc(rules[0] if rules else None, self.where)
        self.findings.append(Finding(code, severity, message, file, line, column, self.did,
                                     [r.id for r in rules], witness))


def _analyse_table(pack: Pack, did: str, period: str, table: DecisionTable,
                   where: Span | None) -> list[Finding]:
    prep = _prepare(table, pack)
    report = _Report(did, period, where)
    _input_findings(report, prep, table)
    policy = table.hit_policy
    if policy in ("UNIQUE", "ANY") and len(prep.rules) > 1:
        _overlap_findings(report, prep, policy)
    defaults = bool(table.outputs) and all(o.has_default for o in table.outputs)
    if policy not in _COLLECT and not defaults:
        _gap_findings(report, prep)
    if policy in ("FIRST", "PRIORITY") and len(prep.rules) > 1:
        _masked_findings(report, prep, table)
    if len(prep.rules) > 1:
        _subsumed_findings(report, prep)
    return report.findings


def _input_findings(report: _Report, prep: _Prepared, table: DecisionTable) -> None:
    """TYPE-COMPARISON, ANALYSIS-SKIPPED and UNUSED-INPUT (a column of '-' only)."""
    label = report.label
    for rule, ci, name in prep.type_findings:
        clause = table.inputs[ci]
        report.add("TYPE-COMPARISON", "error",
                   f"in {label}, rule {rule.id} compares the column '{clause.id}', which "
                   f"holds {clause.type} values, with the text '{name}' (an allowed value)",
                   [rule])
    if prep.skipped:
        report.add("ANALYSIS-SKIPPED", "info",
                   f"in {label}, rules {_ids(prep.skipped)} were left out of the table "
                   "analysis: a cell is not a constant test (an expression, a negation or "
                   "another input), so overlaps and gaps involving them are not checked and "
                   "they cover nothing", prep.skipped)
    for ci in prep.dash_columns:
        report.add("UNUSED-INPUT", "warning",
                   f"in {label}, every rule says '-' for the column '{table.inputs[ci].id}': "
                   "the column decides nothing", [])


def _overlap_findings(report: _Report, prep: _Prepared, policy: str) -> None:
    n = len(prep.rules)
    for group, values in _overlaps(prep):
        members = [prep.rules[i] for i in range(n) if group >> i & 1]
        if policy == "ANY" and len({tuple(r.output_texts()) for r in members}) == 1:
            continue
        w = _witness(prep, values)
        why = ("can match the same case" if policy == "UNIQUE"
               else "can match the same case with different outputs")
        report.add("OVERLAP", "error", f"in {report.label} ({policy}), rules "
                   f"{_ids(members)} {why}, e.g. {_describe(w)}", members, w)


def _gap_findings(report: _Report, prep: _Prepared) -> None:
    witnesses, count = _uncovered(prep, None, (1 << len(prep.rules)) - 1, MAX_GAPS)
    for k, values in enumerate(witnesses):
        w = _witness(prep, values)
        more = (f" ({count - MAX_GAPS} more gaps not listed)"
                if k == len(witnesses) - 1 and count > MAX_GAPS else "")
        unsure = (f", unless skipped rule {_ids(prep.skipped)} covers it"
                  if prep.skipped else "")
        report.add("GAP", "warning", f"in {report.label}, no rule covers e.g. "
                   f"{_describe(w)}: the result is null{unsure}{more}", [], w)


def _masked_findings(report: _Report, prep: _Prepared, table: DecisionTable) -> None:
    policy = table.hit_policy
    ranks = [_priority_rank(table, r) for r in prep.rules] if policy == "PRIORITY" else None
    for i in range(len(prep.rules)):
        if _box_empty(prep.boxes[i]):
            continue
        if ranks is None:
            before = (1 << i) - 1
        else:
            mine = ranks[i]
            if mine is None:
                continue
            before = 0
            for j, theirs in enumerate(ranks):
                if j != i and theirs is not None and theirs < mine:
                    before |= 1 << j
        if not before:
            continue
        gaps, _ = _uncovered(prep, prep.boxes[i], before, 1, memo=False)
        if not gaps:
            by = "earlier rules" if policy == "FIRST" else "rules with a higher-ranked output"
            report.add("MASKED", "warning",
                       f"in {report.label} ({policy}), rule {prep.rules[i].id} can never "
                       f"decide: every case it matches is decided by {by}", [prep.rules[i]])


def _subsumed_findings(report: _Report, prep: _Prepared) -> None:
    n = len(prep.rules)
    outputs = [tuple(r.output_texts()) for r in prep.rules]
    accepting: dict[int, list[int]] = {}    # per column, lazily: rules by region

    def rules_at(ci: int, r: int) -> int:
        if ci not in accepting:
            accepting[ci] = region_bits(prep.columns[ci].size,
                                        [box[ci] for box in prep.boxes])
        return accepting[ci][r]

    same: dict[tuple[str, ...], int] = {}
    for i, o in enumerate(outputs):
        same[o] = same.get(o, 0) | 1 << i
    for i in range(n):
        box = prep.boxes[i]
        cands = same[outputs[i]] & ~(1 << i)
        if not cands or _box_empty(box):
            continue
        for ci in range(len(prep.columns)):
            cands &= rules_at(ci, box[ci][0][0])
            if not cands:
                break
        for j in _members(cands):
            if _box_inside(box, prep.boxes[j]):
                if _box_inside(prep.boxes[j], box) and j > i:
                    continue    # identical rules: report the later one only
                report.add("SUBSUMED", "info",
                           f"in {report.label}, rule {prep.rules[i].id} is covered by rule "
                           f"{prep.rules[j].id}, which gives the same outputs",
                           [prep.rules[i], prep.rules[j]])
                break


def analyse(pack: Pack) -> list[Finding]:
    """Every finding about the pack's decision tables and inputs (see the module doc)."""
    findings: list[Finding] = []
    required = {i for d in pack.decisions.values() for i in d.inputs}
    for iid, data in pack.inputs.items():
        if iid not in required:
            loc = data.location
            findings.append(Finding(
                "UNUSED-INPUT", "warning",
                f"the input '{iid}' is declared in pack.yaml but no decision requires it",
                loc.file if loc and loc.file else str(pack.path / "pack.yaml"),
                loc.line if loc else 0, loc.column if loc else 0, None, [], None))
    for did, decision in pack.decisions.items():
        for version in decision.versions:
            if isinstance(version.logic, DecisionTable):
                findings.extend(_analyse_table(pack, did, version.period(), version.logic,
                                               version.location or decision.location))
    return findings
