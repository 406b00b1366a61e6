"""Static analysis of a pack's decision tables for ``regel check``: overlapping, missing,
masked and subsumed rules, unused inputs, and comparisons with constants of the wrong kind.
``analyse(pack)`` returns ``Finding``s: coded diagnostics with the rules concerned and a
witness. docs/analysis.md says which cells take part and what each code means.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Callable, Iterable
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
    bitset,
    constant_intervals,
    region_bits,
    stretches,
)
from regel.analysis.witness import WitnessCase, witness_case
from regel.base.collector import while_paused
from regel.base.errors import Diagnostic, LimitError, Span
from regel.base.messages import Msg
from regel.feel import Limits, ast
from regel.feel.budget import active as running_budget
from regel.feel.budget import budget
from regel.feel.jsonio import plain
from regel.feel.values import DaysTimeDuration, YearsMonthsDuration, to_feel_literal
from regel.model import DecisionTable, Pack, Rule, Version

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
    """One finding: its ``diagnostic`` (code, severity, where, the values of its message)
    and what the analysis knows besides: the ``decision`` whose table it is about, the
    ``rules`` concerned and a ``witness``, input column id -> a JSON-ready value that shows
    the problem (paste it into a test)."""

    diagnostic: Diagnostic
    decision: str | None = None
    rules: list[str] = field(default_factory=list)
    witness: dict[str, Any] | None = None
    #: the witness as a YAML test case with the pack's fact names (gaps and overlaps)
    case: WitnessCase | None = None

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def severity(self) -> str:
        """error, warning or info."""
        return self.diagnostic.severity

    @property
    def message(self) -> str:
        """The message in English."""
        return self.diagnostic.message

    @property
    def file(self) -> str:
        return self.diagnostic.file

    @property
    def line(self) -> int:
        return self.diagnostic.line

    @property
    def column(self) -> int:
        return self.diagnostic.column

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (da or en)."""
        return self.diagnostic.text(lang)

    def render(self, lang: str = "en") -> str:
        """``file:line:col: CODE: message`` in ``lang``."""
        return self.diagnostic.render(lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The finding as ``regel check --format json`` lists it, its message in ``lang``."""
        return {"code": self.code, "severity": self.severity, "message": self.text(lang),
                "file": self.file, "line": self.line, "column": self.column,
                "decision": self.decision, "rules": list(self.rules),
                "witness": dict(self.witness) if self.witness is not None else None,
                "case": self.case.to_json(lang) if self.case is not None else None,
                "case_yaml": self.case.yaml(lang) if self.case is not None else None}

    def to_diagnostic(self) -> Diagnostic:
        return self.diagnostic


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

def _members(bits: int) -> list[int]:
    """The rule positions in a bitset, lowest first."""
    base = _lowest(bits)
    return [base + i for i in _positions(bits >> base)] if bits else []


def _lowest(bits: int) -> int:
    """The position of the lowest rule in a bitset (0 for none)."""
    return (bits & -bits).bit_length() - 1 if bits else 0


def _relative(base: int, bits: int) -> tuple[int, int]:
    """The rules ``bits << base`` as (base, bits) with the lowest rule at bit 0: one set,
    one form (a key of the searches' ``seen``), and an int as short as its span of rules
    however far into the table they are (hashing, ANDing and counting a 20,000-bit int
    for each step made the searches grow as the square of the rules)."""
    low = _lowest(bits)
    return base + low, bits >> low


def _positions(bits: int) -> list[int]:
    """The 1s of a bitset, lowest first. A set of rules is mostly a few neighbours: shifted
    down to its lowest (``_members``), its ints stay short however long the table is."""
    out = []
    if bits.bit_count() > 32:
        # many members: find the 1s in the binary digits (lowest first) instead of taking
        # the lowest bit off a long int again and again
        digits = bin(bits)[:1:-1]
        i = digits.find("1")
        while i >= 0:
            out.append(i)
            i = digits.find("1", i + 1)
        return out
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


#: the stretches of a set of rules are read off the column's runs while the runs in the way
#: are at most this many per rule (and 16 more); past that, swept from the rules' own ends
_RUNS_PER_RULE = 4


class _Runs:
    """Per column, the runs of regions where the same analysed rules accept, swept once
    from all rules' sorted ends. The stretches of any set of rules are then read off the
    runs (an AND per run) or, for a few rules in a long column, swept from their own
    ends; the rules that meet or contain a box's cells are ORs and ANDs of runs."""

    def __init__(self, prep: _Prepared) -> None:
        self.prep = prep
        self.columns: dict[int, tuple[list[int], list[int], list[int]]] = {}
        self.known: dict[tuple[int, tuple[Stretch, ...]], tuple[int, int]] = {}

    def _column(self, ci: int) -> tuple[list[int], list[int], list[int]]:
        """The column's runs: their first regions, the rules accepting each, and their
        last regions."""
        if ci not in self.columns:
            runs = stretches(self.prep.columns[ci].size,
                             ((i, box[ci]) for i, box in enumerate(self.prep.boxes)),
                             full=True)
            firsts = [a for a, _, _ in runs]
            self.columns[ci] = (firsts, [bits for _, _, bits in runs],
                                [a - 1 for a in firsts[1:]] + [self.prep.columns[ci].size - 1])
        return self.columns[ci]

    def segments(self, ci: int, active: int, base: int, spans: list[Stretch] | None,
                 full: bool) -> list[tuple[int, int, int]]:
        """Regions ``spans`` (None: all) of column ``ci`` cut where the active rules change:
        (first, last, rule bits) for each stretch where the same active rules accept, in
        order; with ``full`` also those no active rule accepts (bits 0). The active rules
        are ``active << base`` and the bits given are counted from ``base`` too: a set of
        a few neighbours deep in a long table stays a short int (``_relative``)."""
        size = self.prep.columns[ci].size
        firsts, bits, lasts = self._column(ci)
        spans = spans if spans is not None else [(0, size - 1)]
        ks = [(bisect_right(firsts, a) - 1, bisect_right(firsts, b)) for a, b in spans]
        if sum(k1 - k0 for k0, k1 in ks) > _RUNS_PER_RULE * active.bit_count() + 16:
            # swept from the active rules' own ends
            boxes = self.prep.boxes
            own = stretches(size, ((i, boxes[base + i][ci]) for i in _positions(active)),
                            full)
            return _cut(own, spans)
        wide = active << base
        out: list[tuple[int, int, int]] = []
        # the stretch being read: the runs it joins while the same rules accept
        lo = hi = -2
        here: int | None = None
        for (a, b), (k0, k1) in zip(spans, ks, strict=True):
            for k in range(k0, k1):
                found = (wide & bits[k]) >> base
                first = firsts[k] if firsts[k] > a else a
                if found == here and hi + 1 == first:
                    hi = lasts[k] if lasts[k] < b else b
                    continue
                if here is not None and (full or here):
                    out.append((lo, hi, here))
                lo, hi, here = first, lasts[k] if lasts[k] < b else b, found
        if here is not None and (full or here):
            out.append((lo, hi, here))
        return out

    def around(self, ci: int, spans: list[Stretch]) -> tuple[int, int]:
        """The rules that accept some region of ``spans`` in column ``ci``, and those that
        accept every region of them."""
        key = (ci, tuple(spans))
        found = self.known.get(key)
        if found is None:
            firsts, bits, _ = self._column(ci)
            meet, inside = 0, -1 if spans else 0
            for a, b in spans:
                k = bisect_right(firsts, a) - 1
                while k < len(firsts) and firsts[k] <= b:
                    meet |= bits[k]
                    inside &= bits[k]
                    k += 1
            found = self.known[key] = (meet, inside)
        return found

    def full_from(self, box: _Box | None) -> list[int]:
        """Per column ci, the rules that accept all of ``box`` (None: every region) in
        columns ci and after: where one of them is active, nothing below is uncovered."""
        cols = self.prep.columns
        out = [-1] * (len(cols) + 1)
        for ci in range(len(cols) - 1, -1, -1):
            spans = [(0, cols[ci].size - 1)] if box is None else box[ci]
            out[ci] = out[ci + 1] & self.around(ci, spans)[1]
        return out


def _cut(segs: list[tuple[int, int, int]], spans: list[Stretch]
         ) -> list[tuple[int, int, int]]:
    """The stretches ``segs`` cut to the sorted, separate ``spans``."""
    if len(spans) == 1 and segs and segs[0][0] >= spans[0][0] and segs[-1][1] <= spans[0][1]:
        return segs
    cut = []
    for a, b, bits in segs:
        for lo, hi in spans:
            x, y = max(a, lo), min(b, hi)
            if x <= y:
                cut.append((x, y, bits))
    return cut


def _overlaps(prep: _Prepared, runs: _Runs) -> list[tuple[int, dict[int, Any]]]:
    """Maximal groups of rules (bitsets) that accept a common input combination, each
    with one such combination (column -> value)."""
    search = _OverlapSearch(prep, runs)
    everyone = (1 << len(prep.rules)) - 1
    if everyone & (everyone - 1) and prep.columns:
        search.visit(0, 0, everyone, {})
    elif everyone & (everyone - 1):
        search.found[everyone] = {}
    found = search.found
    kept: list[int] = []
    holding: dict[int, list[int]] = {}      # rule -> the groups kept that hold it
    for g in sorted(found, key=lambda g: -g.bit_count()):
        if not any(g & k == g for k in holding.get(_lowest(g), ())):
            kept.append(g)
            for i in _members(g):
                holding.setdefault(i, []).append(g)
    return [(g, found[g]) for g in kept]


class _OverlapSearch:
    """A walk through the columns, following the stretches of regions where two or more
    of the active rules accept, that notes each group of rules accepting together down to
    the last column. (A class, not a closure that calls itself: such a closure is a
    reference cycle, and all it reached, the prepared table and the runs, some 240,000
    lists and tuples on a 20,000-rule table, stayed alive until the cyclic collector came.)
    """

    def __init__(self, prep: _Prepared, runs: _Runs) -> None:
        self.prep = prep
        self.runs = runs
        self.found: dict[int, dict[int, Any]] = {}
        self.seen: set[tuple[int, int, int]] = set()
        self.work = running_budget()

    def visit(self, ci: int, base: int, active: int, path: dict[int, Any]) -> None:
        """Search from column ``ci`` on with the active rules ``active << base`` and the
        values chosen so far (``path``)."""
        self.work.spend(1, None)
        col = self.prep.columns[ci]
        last = ci + 1 == len(self.prep.columns)
        done: set[tuple[int, int]] = set()
        for a, b, bits in self.runs.segments(ci, active, base, None, False):
            if bits & (bits - 1) == 0:
                continue
            key = _relative(base, bits)
            if key in done:
                continue
            rep = col.first_value(a, b)
            if rep is None:
                continue
            done.add(key)
            path[ci] = rep[1]
            if last:
                group = key[1] << key[0]
                if group not in self.found:
                    self.found[group] = dict(path)
            elif (ci + 1,) + key not in self.seen:
                self.seen.add((ci + 1,) + key)
                self.visit(ci + 1, key[0], key[1], path)
            del path[ci]


def _uncovered(prep: _Prepared, runs: _Runs, box: _Box | None, coverers: int, limit: int
               ) -> tuple[list[dict[int, Any]], int]:
    """Input combinations (inside ``box``, or the whole domain) that no rule of
    ``coverers`` accepts: at most ``limit`` witnesses, one per first differing column, and
    the count of such gap regions found (with ``limit`` 1: any one gap, not the first)."""
    if not prep.columns:
        return ([{}], 1) if coverers == 0 else ([], 0)
    search = _GapSearch(prep, runs, box, limit)
    if not coverers & search.full_from[0]:
        search.visit(0, *_relative(0, coverers), {})
    return search.found, search.count


class _GapSearch:
    """A walk through the columns, following the stretches of regions where the same
    covering rules stay active, that notes each stretch no rule covers. It does not go
    where it has been, nor below a rule that covers all that is left (``full_from``)."""

    def __init__(self, prep: _Prepared, runs: _Runs, box: _Box | None, limit: int) -> None:
        self.prep = prep
        self.runs = runs
        self.box = box
        self.limit = limit
        self.full_from = runs.full_from(box)
        self.found: list[dict[int, Any]] = []
        self.count = 0
        self.seen: set[tuple[int, int, int]] = set()
        self.budget = running_budget()

    def visit(self, ci: int, base: int, active: int, path: dict[int, Any]) -> bool:
        """Search from column ``ci`` on with the active rules ``active << base`` and the
        values chosen so far (``path``); True when the search can stop (one witness is all
        that is asked)."""
        self.budget.spend(1, None)
        col = self.prep.columns[ci]
        segs = self.runs.segments(ci, active, base,
                                  None if self.box is None else self.box[ci], True)
        if self.limit == 1:
            # any gap will do: the stretches with the fewest covering rules first
            segs.sort(key=lambda seg: seg[2].bit_count())
        deeper = ci + 1 < len(self.prep.columns)
        for a, b, bits in segs:
            key = _relative(base, bits) if bits else None
            if key is not None and not (deeper and (ci + 1,) + key not in self.seen
                                        and not self.covers_rest(ci + 1, key)):
                continue    # covered, searched already, or a rule covers all that is left
            rep = col.first_value(a, b)
            if rep is None:
                continue
            path[ci] = rep[1]
            if key is None:
                self.gap(ci, path)
                stop = self.limit <= 1
            else:
                self.seen.add((ci + 1,) + key)
                stop = self.visit(ci + 1, key[0], key[1], path) and self.limit <= 1
            del path[ci]
            if stop:
                return True
        return False

    def covers_rest(self, ci: int, key: tuple[int, int]) -> bool:
        """Whether one of the rules ``key`` (base, bits) accepts all of the box in columns
        ``ci`` and after (``full_from``): a wide int only when some rule does."""
        full = self.full_from[ci]
        if full == 0:
            return False
        return full == -1 or bool((key[1] << key[0]) & full)

    def gap(self, ci: int, path: dict[int, Any]) -> None:
        """A stretch no rule covers: count it, and keep a witness while there is room."""
        self.count += 1
        if len(self.found) < self.limit:
            witness = dict(path)
            for cj in range(ci + 1, len(self.prep.columns)):
                witness[cj] = _box_value(self.prep, self.box, cj)
            self.found.append(witness)


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
    return {k: _json(v) for k, v in _typed_witness(prep, values).items()}


def _typed_witness(prep: _Prepared, values: dict[int, Any]) -> dict[str, Any]:
    """The witness by column id, each value as FEEL has it (a date as a date)."""
    out: dict[str, Any] = {}
    for ci, col in enumerate(prep.columns):
        v = values.get(ci, ANY_VALUE)
        if v is ANY_VALUE or v is NO_VALUE:
            v = col.default_value()
        if v is ANY_VALUE or v is NO_VALUE:
            continue           # a column of '-' only without a declared kind: any value
        out[prep.ids[ci]] = v
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

def _span(rule: Rule | None, fallback: Span | None) -> Span | None:
    return (rule.location if rule is not None else None) or fallback


def _ids(rules: list[Rule]) -> list[str]:
    return [r.id for r in rules]


def _described(witness: dict[str, Any]) -> list[str] | Msg:
    """Witness values as FEEL literals, as a person would write them in a cell."""
    return [f"{k} = {to_feel_literal(v)}" for k, v in witness.items()] or \
        Msg("analysis.any-input")


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
    version); every message names the table."""

    def __init__(self, did: str, period: str, where: Span | None,
                 case: Callable[[dict[str, Any], Msg], WitnessCase] | None = None) -> None:
        self.did = did
        #: makes a witness (by column id, typed) into a test case with a name
        self.case = case
        self.table = Msg("analysis.table", {"decision": did, "period": period})
        self.where = where
        self.findings: list[Finding] = []

    def add(self, code: str, severity: str, about: list[Rule],
            example: dict[str, Any] | None = None, /, *, key: str | None = None,
            typed: dict[str, Any] | None = None, **values: Any) -> None:
        """A finding about the rules ``about`` with the witness ``example``; ``values``
        are those of its message (the table is one of them)."""
        at = _span(about[0] if about else None, self.where)
        diagnostic = Diagnostic.of(code, at=at, severity=severity, key=key, table=self.table,
                                   **values)
        case = None
        if typed is not None and self.case is not None:
            name = Msg(f"analysis.case.{code.lower()}", {"decision": self.did,
                                                          "rules": _ids(about)})
            case = self.case(typed, name)
        self.findings.append(Finding(diagnostic, self.did, _ids(about), example, case))


def _analyse_table(pack: Pack, did: str, version: Version, table: DecisionTable,
                   where: Span | None, limits: Limits) -> list[Finding]:
    """The findings about one table, its search under a budget of its own: past the
    budget, what was found so far and ANALYSIS-LIMIT."""
    prep = _prepare(table, pack)

    def case(typed: dict[str, Any], name: Msg) -> WitnessCase:
        return witness_case(pack, did, version.valid_from, table, typed, name)

    report = _Report(did, version.period(), where, case)
    try:
        with budget(limits):
            _table_findings(report, prep, table, pack.decisions[did].always_answers)
    except LimitError:
        report.add("ANALYSIS-LIMIT", "warning", [], limit=limits.steps)
    return report.findings


def _table_findings(report: _Report, prep: _Prepared, table: DecisionTable,
                    must: bool = False) -> None:
    _input_findings(report, prep, table)
    policy = table.hit_policy
    runs = _Runs(prep)
    overlaps = None
    if policy in ("UNIQUE", "ANY") and len(prep.rules) > 1:
        overlaps = _overlap_findings(report, prep, policy, runs)
    defaults = bool(table.outputs) and all(o.has_default for o in table.outputs)
    if policy not in _COLLECT and not defaults:
        _gap_findings(report, prep, runs, must)
    if policy in ("FIRST", "PRIORITY") and len(prep.rules) > 1:
        _masked_findings(report, prep, table, runs)
    if len(prep.rules) > 1:
        _subsumed_findings(report, prep, overlaps)


def _input_findings(report: _Report, prep: _Prepared, table: DecisionTable) -> None:
    """TYPE-COMPARISON, ANALYSIS-SKIPPED and UNUSED-INPUT (a column of '-' only)."""
    for rule, ci, name in prep.type_findings:
        clause = table.inputs[ci]
        report.add("TYPE-COMPARISON", "error", [rule], rule=rule.id, column=clause.id,
                   type=clause.type, name=name)
    if prep.skipped:
        report.add("ANALYSIS-SKIPPED", "info", prep.skipped, rules=_ids(prep.skipped))
    for ci in prep.dash_columns:
        report.add("UNUSED-INPUT", "warning", [], key="UNUSED-INPUT/column",
                   column=table.inputs[ci].id)


def _overlap_findings(report: _Report, prep: _Prepared, policy: str, runs: _Runs
                      ) -> list[int]:
    """OVERLAP; the maximal groups of rules that accept a common input (_overlaps)."""
    found = _overlaps(prep, runs)
    for group, values in found:
        members = [prep.rules[i] for i in _members(group)]
        if policy == "ANY" and len({tuple(r.output_texts()) for r in members}) == 1:
            continue
        w = _witness(prep, values)
        report.add("OVERLAP", "error", members, w, typed=_typed_witness(prep, values),
                   key="OVERLAP/any" if policy == "ANY" else "OVERLAP",
                   policy=policy, rules=_ids(members), witness=_described(w))
    return [group for group, _ in found]


def _gap_findings(report: _Report, prep: _Prepared, runs: _Runs, must: bool) -> None:
    """GAP: a warning, or an error in a decision that must always answer (``must``)."""
    witnesses, count = _uncovered(prep, runs, None, (1 << len(prep.rules)) - 1, MAX_GAPS)
    unless = Msg("analysis.gap.unless-skipped", {"rules": _ids(prep.skipped)}) \
        if prep.skipped else ""
    for k, values in enumerate(witnesses):
        w = _witness(prep, values)
        more = Msg("analysis.gap.more", {"count": count - MAX_GAPS}) \
            if k == len(witnesses) - 1 and count > MAX_GAPS else ""
        report.add("GAP", "error" if must else "warning", [], w,
                   key="GAP/always" if must else None, witness=_described(w), unless=unless,
                   more=more,
                   typed=_typed_witness(prep, values))


def _masked_findings(report: _Report, prep: _Prepared, table: DecisionTable,
                     runs: _Runs) -> None:
    """MASKED: a rule whose box the rules decided before it cover. Only those of them that
    meet the box can cover any of it, so only they are searched."""
    policy = table.hit_policy
    ahead = _ranked_ahead(table, prep) if policy == "PRIORITY" else None
    for i, box in enumerate(prep.boxes):
        if _box_empty(box):
            continue
        before = (1 << i) - 1 if ahead is None else ahead[i]
        if not before:
            continue
        gaps, _ = _uncovered(prep, runs, box, before & _meeting(prep, runs, box), 1)
        if not gaps:
            report.add("MASKED", "warning", [prep.rules[i]],
                       key="MASKED/first" if policy == "FIRST" else "MASKED/priority",
                       policy=policy, rule=prep.rules[i].id)


def _meeting(prep: _Prepared, runs: _Runs, box: _Box) -> int:
    """The rules that meet ``box`` in every column up to the first where it holds no value:
    the search ends there, counting a combination as covered by the rules that meet it in
    the columns before."""
    bits = -1
    for ci, spans in enumerate(box):
        if not _has_value(prep.columns[ci], spans):
            break
        bits &= runs.around(ci, spans)[0]
    return bits


def _has_value(col: Column, spans: list[Stretch]) -> bool:
    """Whether some region of ``spans`` holds a value of the column (a point, or a stretch
    holding one, always does; a stretch between two neighbouring days does not)."""
    return any(a < b or a & 1 or col.first_value(a, b) is not None for a, b in spans)


def _ranked_ahead(table: DecisionTable, prep: _Prepared) -> list[int]:
    """Per rule of a PRIORITY table, the rules whose outputs rank strictly higher (0 for a
    rule whose rank is unknown)."""
    ranks = [_priority_rank(table, r) for r in prep.rules]
    by_rank: dict[tuple[int, ...], int] = {}
    for j, rank in enumerate(ranks):
        if rank is not None:
            by_rank[rank] = by_rank.get(rank, 0) | 1 << j
    higher: dict[tuple[int, ...], int] = {}
    seen = 0
    for rank in sorted(by_rank):
        higher[rank] = seen
        seen |= by_rank[rank]
    return [0 if rank is None else higher[rank] for rank in ranks]


#: a rule whose outputs at most this many other rules share is compared with each of them
#: (``_subsumed_findings``); a larger group is narrowed with the columns' bitsets first
_FEW_SAME = 64


def _subsumed_findings(report: _Report, prep: _Prepared, overlaps: list[int] | None
                       ) -> None:
    """SUBSUMED: a rule whose box another rule with the same outputs holds (of identical
    rules, the later one). ``overlaps``: the maximal groups of rules that accept a common
    input, where the table's were found (a rule that holds another shares a group with
    it), else None."""
    outputs = [tuple(r.output_texts()) for r in prep.rules]
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, o in enumerate(outputs):
        groups.setdefault(o, []).append(i)
    wide = _Holders(prep, groups)
    near, crowded = _sharing(overlaps) if overlaps is not None else (None, set())
    for i, box in enumerate(prep.boxes):
        group = groups[outputs[i]]
        if len(group) < 2 or _box_empty(box):
            continue
        # the rules that could hold the box, lowest first: a few are simply all the
        # others with the same outputs; of many, those that share a group of overlapping
        # rules with it, or those that accept its first region in every column
        if len(group) <= _FEW_SAME + 1:
            others: Iterable[int] = (j for j in group if j != i)
        elif near is not None and i not in crowded and (i in near or all(
                _has_value(prep.columns[ci], spans) for ci, spans in enumerate(box))):
            # (the search for overlaps passes over a rule that accepts no input)
            others = sorted(j for j in near.get(i, ()) if j != i and outputs[j] == outputs[i])
        else:
            others = _members(wide.candidates(i, outputs[i], box))
        for j in others:
            if _box_inside(box, prep.boxes[j]):
                if _box_inside(prep.boxes[j], box) and j > i:
                    continue    # identical rules: report the later one only
                report.add("SUBSUMED", "info", [prep.rules[i], prep.rules[j]],
                           rule=prep.rules[i].id, other=prep.rules[j].id)
                break


#: an overlapping group larger than this is not listed rule by rule (_sharing)
_FEW_SHARING = 64


def _sharing(overlaps: list[int]) -> tuple[dict[int, set[int]], set[int]]:
    """For each rule in a group of overlapping rules, the rules it shares one with; and
    the rules of groups too large to list so (for them: _Holders)."""
    near: dict[int, set[int]] = {}
    crowded: set[int] = set()
    for g in overlaps:
        members = _members(g)
        if len(members) > _FEW_SHARING:
            crowded.update(members)
            continue
        for i in members:
            near.setdefault(i, set()).update(members)
    return near, crowded


class _Holders:
    """For a rule of a large group of rules with the same outputs: the others of the group
    that accept the rule's first region in every column, as a bitset."""

    def __init__(self, prep: _Prepared, groups: dict[tuple[str, ...], list[int]]) -> None:
        self.prep = prep
        self.groups = groups
        self.same: dict[tuple[str, ...], int] = {}
        self.accepting: dict[int, list[int]] = {}    # per column, lazily: rules by region

    def rules_at(self, ci: int, r: int) -> int:
        if ci not in self.accepting:
            self.accepting[ci] = region_bits(self.prep.columns[ci].size,
                                             [box[ci] for box in self.prep.boxes])
        return self.accepting[ci][r]

    def candidates(self, i: int, output: tuple[str, ...], box: _Box) -> int:
        if output not in self.same:
            self.same[output] = bitset(self.groups[output])
        cands = self.same[output] & ~(1 << i)
        for ci in range(len(self.prep.columns)):
            cands &= self.rules_at(ci, box[ci][0][0])
            if not cands:
                break
        return cands


def _unused_inputs(pack: Pack) -> list[Finding]:
    """UNUSED-INPUT: the pack's inputs that no decision requires."""
    required = {i for d in pack.decisions.values() for i in d.inputs}
    findings = []
    for iid, data in pack.inputs.items():
        if iid not in required:
            loc = data.location
            at = loc if loc is not None and loc.file else Span.point(
                str(pack.path / "pack.yaml"), loc.line if loc else 0, loc.column if loc else 0)
            findings.append(Finding(Diagnostic.of("UNUSED-INPUT", at=at, severity="warning",
                                                  input=iid)))
    return findings


@while_paused
def analyse(pack: Pack, limits: Limits | None = None) -> list[Finding]:
    """Every finding about the pack's decision tables and inputs (see docs/analysis.md),
    each table's search under a budget of ``limits`` (default: the pack's, else the
    defaults)."""
    limits = limits or pack.limits or Limits()
    findings = _unused_inputs(pack)
    for did, decision in pack.decisions.items():
        for version in decision.versions:
            if isinstance(version.logic, DecisionTable):
                findings.extend(_analyse_table(pack, did, version, version.logic,
                                               version.location or decision.location, limits))
    return findings
