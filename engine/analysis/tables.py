"""Static analysis of a pack's decision tables: overlaps, gaps, masked and subsumed rules,
unused inputs, and comparisons with constants of the wrong kind.

``analyse(pack)`` returns a list of ``Finding``. Every table (every version of every
decision) is analysed on its own. A cell takes part when it is a constant test: ``-``,
comparisons (``< 18``), ranges (``[1..5)``), literals, bare allowed values, booleans,
dates and durations (``2024-01-01``, ``date("...")``, ``duration("P30D")``), or
``not(...)`` of literals in a column with a finite domain (allowed values, booleans).
Such a cell becomes a set of intervals over the column's ordered domain (as in
``regel.analysis.index``). A rule with any other cell (an expression with ``?``, a name of
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
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regel.analysis.regions import Interval, NotConstant, constant_intervals
from regel.base.diagnostics import Diagnostic
from regel.base.errors import Span
from regel.feel import ast
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

_KIND_NAMES = {Decimal: "number", _dt.date: "date", str: "text", bool: "true/false"}



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

def _contains(iv: Interval, v: Any) -> bool:
    lo, lo_in, hi, hi_in = iv
    return ((lo is None or lo < v or (lo == v and lo_in))
            and (hi is None or v < hi or (v == hi and hi_in)))


def _kind(v: Any) -> type:
    return bool if isinstance(v, bool) else type(v)


# --------------------------------------------------------------------------- columns

class _Column:
    """One input column's elementary regions: for an ordered domain with sorted endpoints
    p0 < p1 < ... the regions are (-inf, p0), p0, (p0, p1), p1, ..., (pn, +inf); for a finite
    domain (allowed values, booleans) each value is one region."""

    def __init__(self, cid: str, kind: type | None, finite: list[Any] | None,
                 points: list[Any], type_name: str | None) -> None:
        self.id = cid
        self.kind = kind
        self.finite = finite
        self.points = points
        self.type_name = type_name
        self.size = len(finite) if finite is not None else (
            2 * len(points) + 1 if kind is not None else 1)
        self._reps: dict[int, Any] = {}

    def ranges(self, ivs: list[Interval] | None) -> list[tuple[int, int]]:
        """The region index ranges [a, b] a cell's intervals accept, merged and sorted."""
        if ivs is None:
            return [(0, self.size - 1)]
        spans: list[tuple[int, int]] = []
        if self.finite is not None:
            idx = [i for i, v in enumerate(self.finite) if any(_contains(iv, v) for iv in ivs)]
            for i in idx:
                if spans and spans[-1][1] == i - 1:
                    spans[-1] = (spans[-1][0], i)
                else:
                    spans.append((i, i))
            return spans
        pts = self.points
        for lo, lo_in, hi, hi_in in ivs:
            if lo is None:
                a = 0
            else:
                k = bisect_left(pts, lo)
                a = 2 * k + 1 if lo_in else 2 * k + 2
            if hi is None:
                b = self.size - 1
            else:
                k = bisect_left(pts, hi)
                b = 2 * k + 1 if hi_in else 2 * k
            if a <= b:
                spans.append((a, b))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def representative(self, r: int) -> Any:
        """A value inside region ``r`` (Python value), or _EMPTY when the region holds none
        (e.g. the open region between two consecutive days)."""
        if r in self._reps:
            return self._reps[r]
        self._reps[r] = v = self._representative(r)
        return v

    def _representative(self, r: int) -> Any:
        if self.finite is not None:
            return self.finite[r]
        if self.kind is None:
            return _ANY
        pts = self.points
        if r % 2 == 1:
            return pts[r // 2]
        k = r // 2
        lo: Any = pts[k - 1] if k > 0 else None
        hi: Any = pts[k] if k < len(pts) else None
        if self.kind is Decimal:
            if lo is None and hi is None:
                return Decimal(0)
            if lo is None:
                return hi - 1
            if hi is None:
                return lo + 1
            if hi - lo > 1:
                # a whole number inside when there is one: easier to read
                whole = lo.to_integral_value(rounding="ROUND_FLOOR") + 1
                if whole < hi:
                    return whole
            return (lo + hi) / 2
        if self.kind is _dt.date:
            day = _dt.timedelta(days=1)
            if lo is None and hi is None:
                return _dt.date(2000, 1, 1)
            if lo is None:
                return hi - day
            if hi is None:
                return lo + day
            return lo + day if lo + day < hi else _EMPTY
        if self.kind is DaysTimeDuration or self.kind is YearsMonthsDuration:
            # whole days or months: the smallest steps a person writes
            step = 86400 if self.kind is DaysTimeDuration else 1
            num = (lambda v: v.seconds) if self.kind is DaysTimeDuration else \
                (lambda v: Decimal(v.months))
            make = (lambda n: DaysTimeDuration(n)) if self.kind is DaysTimeDuration else \
                (lambda n: YearsMonthsDuration(int(n)))
            if lo is None and hi is None:
                return make(Decimal(0))
            if lo is None:
                return make(num(hi) - step)
            if hi is None:
                return make(num(lo) + step)
            if num(hi) - num(lo) > step:
                return make(num(lo) + step)
            if self.kind is DaysTimeDuration:
                return make((num(lo) + num(hi)) / 2)
            return _EMPTY       # consecutive months: nothing between
        if self.kind is str:
            if lo is None and hi is None:
                return "other"
            if lo is None:
                return "" if hi != "" else _EMPTY
            for cand in (lo + "~", lo + "a", lo + "0", lo + " ", lo + "\x00"):
                if hi is None or cand < hi:
                    return cand
            return _EMPTY
        return _EMPTY

    def first_nonempty(self, a: int, b: int) -> tuple[int, Any] | None:
        """A region in [a, b] holding a value, preferring points; (region, value)."""
        for r in range(a, b + 1):
            if self.finite is not None or r % 2 == 1 or self.kind is None:
                return r, self.representative(r)
        for r in range(a, b + 1):
            v = self.representative(r)
            if v is not _EMPTY:
                return r, v
        return None

    def default_value(self) -> Any:
        """Some value of the domain, for columns that do not matter to a finding."""
        found = self.first_nonempty(0, self.size - 1)
        return found[1] if found else _ANY


_EMPTY = object()
_ANY = object()


def _json(v: Any) -> Any:
    if isinstance(v, bool) or isinstance(v, (str, int, float)):
        return v
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else v   # exact: never a float
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, (DaysTimeDuration, YearsMonthsDuration)):
        return str(v)
    return None


# --------------------------------------------------------------------------- the table

@dataclass(slots=True)
class _Prepared:
    columns: list[_Column]
    rules: list[Rule]                          # analysed (non-skipped) rules, in order
    boxes: list[list[list[tuple[int, int]]]]   # per rule, per column: region ranges
    skipped: list[Rule]
    dash_columns: list[int]                    # columns where every rule says '-'
    type_findings: list[tuple[Rule, int, str]]


def _prepare(table: DecisionTable, pack: Pack) -> _Prepared:
    constants = table.constants
    ncols = len(table.inputs)
    # per rule, per column: None ('-'), list of intervals, or ("not", intervals)
    cells: list[Any] = []
    skipped: list[Rule] = []
    type_findings: list[tuple[Rule, int, str]] = []
    for rule in table.rules:
        row: list[Any] = []
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

    columns: list[_Column] = []
    for ci, clause in enumerate(table.inputs):
        values: list[Any] = []
        for row in cells:
            if row is None or row[ci] is None:
                continue
            ivs = row[ci][1] if isinstance(row[ci], tuple) else row[ci]
            for lo, _, hi, _ in ivs:
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
        columns.append(_Column(clause.id, kind, finite, points, clause.type))

    rules: list[Rule] = []
    boxes: list[list[list[tuple[int, int]]]] = []
    for rule, row in zip(table.rules, cells, strict=True):
        if row is None:
            continue
        box: list[list[tuple[int, int]]] = []
        ok = True
        for ci, cell in enumerate(row):
            col = columns[ci]
            if cell is None:
                box.append(col.ranges(None))
                continue
            negated = isinstance(cell, tuple)
            ivs = cell[1] if negated else cell
            if any(_kind(v) is not col.kind for iv in ivs for v in (iv[0], iv[2])
                   if v is not None):
                ok = False      # constants of another kind: not analysable
                break
            if negated:
                if col.finite is None:
                    ok = False
                    break
                inside = {i for a, b in col.ranges(ivs) for i in range(a, b + 1)}
                ranges: list[tuple[int, int]] = []
                for i in range(col.size):
                    if i in inside:
                        continue
                    if ranges and ranges[-1][1] == i - 1:
                        ranges[-1] = (ranges[-1][0], i)
                    else:
                        ranges.append((i, i))
                box.append(ranges)
            else:
                box.append(col.ranges(ivs))
        if ok:
            rules.append(rule)
            boxes.append(box)
        else:
            skipped.append(rule)
    skipped.sort(key=lambda r: r.index)
    dash = [ci for ci in range(ncols)
            if table.rules and all(r.tests[ci].is_any for r in table.rules)]
    return _Prepared(columns, rules, boxes, skipped, dash, type_findings)


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
    events: dict[int, list[int]] = {}
    a = active
    while a:
        low = a & -a
        i = low.bit_length() - 1
        a ^= low
        for lo, hi in prep.boxes[i][ci]:
            events.setdefault(lo, [0, 0])[0] |= low
            events.setdefault(hi + 1, [0, 0])[1] |= low
    size = prep.columns[ci].size
    positions = sorted(p for p in events if p < size)
    if full and (not positions or positions[0] != 0):
        positions.insert(0, 0)
    out: list[tuple[int, int, int]] = []
    current = 0
    for k, p in enumerate(positions):
        add, remove = events.get(p, (0, 0))
        current = (current & ~remove) | add
        end = positions[k + 1] - 1 if k + 1 < len(positions) else size - 1
        if current or full:
            out.append((p, end, current))
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
            rep = col.first_nonempty(a, b)
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


def _uncovered(prep: _Prepared, box: list[list[tuple[int, int]]] | None, coverers: int,
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
            rep = col.first_nonempty(a, b)
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


def _box_value(prep: _Prepared, box: list[list[tuple[int, int]]] | None, ci: int) -> Any:
    col = prep.columns[ci]
    if box is None:
        return col.default_value()
    for lo, hi in box[ci]:
        rep = col.first_nonempty(lo, hi)
        if rep is not None:
            return rep[1]
    return col.default_value()


def _witness(prep: _Prepared, values: dict[int, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ci, col in enumerate(prep.columns):
        v = values.get(ci, _ANY)
        if v is _ANY or v is _EMPTY:
            v = col.default_value()
        if v is _ANY or v is _EMPTY:
            continue           # a column of '-' only without a declared kind: any value
        out[col.id] = _json(v)
    return out


def _box_inside(inner: list[list[tuple[int, int]]], outer: list[list[tuple[int, int]]]
                ) -> bool:
    for ranges_in, ranges_out in zip(inner, outer, strict=True):
        for a, b in ranges_in:
            if not any(lo <= a and b <= hi for lo, hi in ranges_out):
                return False
    return True


def _box_empty(box: list[list[tuple[int, int]]]) -> bool:
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


def _analyse_table(pack: Pack, did: str, period: str, table: DecisionTable,
                   where: Span | None) -> list[Finding]:
    findings: list[Finding] = []
    prep = _prepare(table, pack)
    label = f"'{did}' (version {period})"

    def add(code: str, severity: str, message: str, rules: list[Rule],
            witness: dict[str, Any] | None = None) -> None:
        file, line, column = _loc(rules[0] if rules else None, where)
        findings.append(Finding(code, severity, message, file, line, column, did,
                                [r.id for r in rules], witness))

    for rule, ci, name in prep.type_findings:
        col = prep.columns[ci]
        add("TYPE-COMPARISON", "error",
            f"in {label}, rule {rule.id} compares the column '{col.id}', which holds "
            f"{col.type_name} values, with the text '{name}' (an allowed value)", [rule])

    if prep.skipped:
        add("ANALYSIS-SKIPPED", "info",
            f"in {label}, rules {_ids(prep.skipped)} were left out of the table analysis: "
            "a cell is not a constant test (an expression, a negation or another input), so "
            "overlaps and gaps involving them are not checked and they cover nothing",
            prep.skipped)

    for ci in prep.dash_columns:
        add("UNUSED-INPUT", "warning",
            f"in {label}, every rule says '-' for the column '{table.inputs[ci].id}': the "
            "column decides nothing", [])

    n = len(prep.rules)
    policy = table.hit_policy

    # overlaps
    if policy in ("UNIQUE", "ANY") and n > 1:
        for group, values in _overlaps(prep):
            members = [prep.rules[i] for i in range(n) if group >> i & 1]
            if policy == "ANY" and len({tuple(r.output_texts()) for r in members}) == 1:
                continue
            w = _witness(prep, values)
            why = ("can match the same case" if policy == "UNIQUE"
                   else "can match the same case with different outputs")
            add("OVERLAP", "error",
                f"in {label} ({policy}), rules {_ids(members)} {why}, e.g. {_describe(w)}",
                members, w)

    # gaps
    defaults = bool(table.outputs) and all(o.has_default for o in table.outputs)
    if policy not in _COLLECT and not defaults:
        witnesses, count = _uncovered(prep, None, (1 << n) - 1, MAX_GAPS)
        for k, values in enumerate(witnesses):
            w = _witness(prep, values)
            more = (f" ({count - MAX_GAPS} more gaps not listed)"
                    if k == len(witnesses) - 1 and count > MAX_GAPS else "")
            unsure = (f", unless skipped rule {_ids(prep.skipped)} covers it"
                      if prep.skipped else "")
            add("GAP", "warning",
                f"in {label}, no rule covers e.g. {_describe(w)}: the result is null"
                f"{unsure}{more}", [], w)

    # masked
    if policy in ("FIRST", "PRIORITY") and n > 1:
        ranks = [_priority_rank(table, r) for r in prep.rules] if policy == "PRIORITY" \
            else None
        for i in range(n):
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
                add("MASKED", "warning",
                    f"in {label} ({policy}), rule {prep.rules[i].id} can never decide: every "
                    f"case it matches is decided by {by}", [prep.rules[i]])

    # subsumed
    if n > 1:
        outputs = [tuple(r.output_texts()) for r in prep.rules]
        ncols = len(prep.columns)
        region_bits: list[dict[int, int]] = [{} for _ in range(ncols)]

        def accepting(ci: int, r: int) -> int:
            cache = region_bits[ci]
            if r not in cache:
                bits = 0
                for j in range(n):
                    if any(lo <= r <= hi for lo, hi in prep.boxes[j][ci]):
                        bits |= 1 << j
                cache[r] = bits
            return cache[r]

        same: dict[tuple[str, ...], int] = {}
        for i, o in enumerate(outputs):
            same[o] = same.get(o, 0) | 1 << i
        for i in range(n):
            box = prep.boxes[i]
            cands = same[outputs[i]] & ~(1 << i)
            if not cands or _box_empty(box):
                continue
            for ci in range(ncols):
                cands &= accepting(ci, box[ci][0][0])
                if not cands:
                    break
            while cands:
                low = cands & -cands
                j = low.bit_length() - 1
                cands ^= low
                if _box_inside(box, prep.boxes[j]):
                    if _box_inside(prep.boxes[j], box) and j > i:
                        continue    # identical rules: report the later one only
                    add("SUBSUMED", "info",
                        f"in {label}, rule {prep.rules[i].id} is covered by rule "
                        f"{prep.rules[j].id}, which gives the same outputs", [prep.rules[i],
                                                                            prep.rules[j]])
                    break
    return findings


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
