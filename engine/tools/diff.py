"""``regel diff OLD NEW``: what a change to a rule pack does. Three views: the structure
(decisions, versions and rules added, removed, changed or moved), the input regions where a
changed table now gives other outputs (each with a witness), and the tests and cases whose
outcome changes. OLD and NEW are pack folders, bundled names or ``PACK@REV``; see
docs/analysis.md."""

from __future__ import annotations

import datetime as _dt
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import regel.load
from regel.analysis.regions import NO_VALUE, Column, Interval, NotConstant, cell_intervals
from regel.base.errors import RegelError
from regel.base.messages import Msg, render
from regel.feel.compiler import AS_OF, INPUT, Scope
from regel.feel.jsonio import plain
from regel.feel.values import to_feel_literal
from regel.load import load_pack
from regel.model import (
    Cited,
    Decision,
    DecisionTable,
    LiteralExpression,
    Pack,
    Rule,
    Source,
    Version,
    cited_json,
    cited_text,
)
from regel.run.evaluate import Case, evaluate
from regel.run.hitpolicy import resolve
from regel.source.yamltree import load_yaml_file

__all__ = ["diff_packs", "diff_refs", "format_diff", "PackDiff", "resolve_pack_ref"]

#: Tables whose rule order changes results.
ORDER_MATTERS = frozenset({"FIRST", "PRIORITY", "RULE ORDER"})
MAX_REGIONS = 50            # regions reported per pack diff
MAX_CANDIDATES = 20000      # region combinations evaluated per table pair


# --------------------------------------------------------------------------- results

@dataclass(slots=True)
class Change:
    """One field that changed: ``what`` (e.g. ``when.age``, ``source``), old → new text."""

    what: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "old": plain(self.old), "new": plain(self.new)}


@dataclass(slots=True)
class RuleDiff:
    id: str
    kind: str                                   # added | removed | changed | moved
    changes: list[Change] = field(default_factory=list)
    old_location: str | None = None
    new_location: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind,
                "changes": [c.to_json() for c in self.changes],
                "old_location": self.old_location, "new_location": self.new_location}


@dataclass(slots=True)
class VersionDiff:
    valid_from: _dt.date
    kind: str                                   # added | removed | changed
    period: str = ""
    changes: list[Change] = field(default_factory=list)
    rules: list[RuleDiff] = field(default_factory=list)
    reordered: tuple[list[str], list[str]] | None = None   # common rule ids: old, new order

    def to_json(self) -> dict[str, Any]:
        return {"valid_from": self.valid_from.isoformat(), "kind": self.kind,
                "period": self.period, "changes": [c.to_json() for c in self.changes],
                "rules": [r.to_json() for r in self.rules],
                "reordered": None if self.reordered is None else
                {"old": self.reordered[0], "new": self.reordered[1]}}


@dataclass(slots=True)
class Region:
    """Inputs where the old and the new table give different outputs."""

    decision: str
    period: str                                 # the overlap of the two versions
    conditions: dict[str, str]                  # column id -> region, as unary tests
    witness: dict[str, Any]                     # fact (or column) -> representative value
    old: Any = None
    new: Any = None
    old_error: str | None = None
    new_error: str | None = None
    old_rules: list[str] = field(default_factory=list)
    new_rules: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.decision, "period": self.period,
                "conditions": self.conditions, "witness": plain(self.witness),
                "old": plain(self.old), "new": plain(self.new),
                "old_error": self.old_error, "new_error": self.new_error,
                "old_rules": self.old_rules, "new_rules": self.new_rules}


@dataclass(slots=True)
class DecisionDiff:
    id: str
    kind: str                                   # added | removed | changed
    label: str = ""
    changes: list[Change] = field(default_factory=list)
    versions: list[VersionDiff] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    notes: list[str | Msg] = field(default_factory=list)
    label_da: str = ""                          # the label in Danish ("label" is English)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "label": self.label,
                "changes": [c.to_json() for c in self.changes],
                "versions": [v.to_json() for v in self.versions],
                "regions": [r.to_json() for r in self.regions],
                "notes": [_said(n, lang) for n in self.notes]}


@dataclass(slots=True)
class OutcomeChange:
    """A test or case whose outcome for one decision differs between the packs."""

    case: str                                   # "test: NAME" or "case: FILE"
    decision: str
    old: Any = None
    new: Any = None
    old_error: str | None = None
    new_error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case, "decision": self.decision, "old": plain(self.old),
                "new": plain(self.new), "old_error": self.old_error,
                "new_error": self.new_error}


@dataclass(slots=True)
class PackDiff:
    old: str
    new: str
    decisions: list[DecisionDiff] = field(default_factory=list)
    outcomes: list[OutcomeChange] = field(default_factory=list)
    cases_run: int = 0
    regions_capped: bool = False
    notes: list[str | Msg] = field(default_factory=list)
    language: str = "en"                        # the new pack's default_language

    @property
    def rules_changed(self) -> int:
        return sum(len(v.rules) for d in self.decisions for v in d.versions)

    @property
    def regions(self) -> list[Region]:
        return [r for d in self.decisions for r in d.regions]

    @property
    def semantic(self) -> bool:
        """Whether outputs differ anywhere (a region or a case)."""
        return bool(self.regions or self.outcomes)

    @property
    def structural(self) -> bool:
        return bool(self.decisions)

    def summary(self, lang: str = "en") -> str:
        """'2 rules changed, 1 region with different outputs, 0 test outcomes changed'."""
        n_rules, n_regions, n_out = self.rules_changed, len(self.regions), len(self.outcomes)
        return render("diff.summary", lang, {
            "rules": _counted("diff.rules-changed", n_rules),
            "regions": _counted("diff.regions", n_regions,
                                more="+" if self.regions_capped else ""),
            "outcomes": _counted("diff.outcomes-changed", n_out)})

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The diff as data; its notes and summary text in ``lang``."""
        return {"old": self.old, "new": self.new, "semantic_difference": self.semantic,
                "decisions": [d.to_json(lang) for d in self.decisions],
                "outcomes": [o.to_json() for o in self.outcomes],
                "cases_run": self.cases_run, "regions_capped": self.regions_capped,
                "notes": [_said(n, lang) for n in self.notes],
                "summary": {"rules_changed": self.rules_changed,
                            "regions": len(self.regions),
                            "outcomes_changed": len(self.outcomes),
                            "text": self.summary(lang)}}


def _counted(key: str, count: int, **values: Any) -> Msg:
    """``key``.one or ``key``.many, by ``count``."""
    return Msg(f"{key}.{'one' if count == 1 else 'many'}", {"count": count, **values})


def _said(note: str | Msg, lang: str) -> str:
    """A note in ``lang``: a message, or a sentence the analysis wrote (in English)."""
    return note.render(lang) if isinstance(note, Msg) else note


# --------------------------------------------------------------------------- helpers

def _same(a: Any, b: Any) -> bool:
    """Value equality where booleans equal only booleans and numbers compare exactly."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _lit(value: Any) -> str:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    try:
        return to_feel_literal(value)
    except Exception:  # pragma: no cover - any value a pack can produce has a literal
        return str(value)


def _text(t: Any) -> str | None:
    return None if t is None else t.en


def _error_text(err: BaseException) -> str:
    code = getattr(err, "code", None)
    msg = str(getattr(err, "message", None) or err)
    return f"{code}: {msg}" if code else msg


def _overlap(a: Version, b: Version) -> tuple[_dt.date, _dt.date | None] | None:
    start = max(a.valid_from, b.valid_from)
    ends = [e for e in (a.valid_to, b.valid_to) if e is not None]
    end = min(ends) if ends else None
    if end is not None and end <= start:
        return None
    return start, end


def _period(start: _dt.date, end: _dt.date | None) -> str:
    return f"[{start.isoformat()}, {end.isoformat() if end else '…'})"


# --------------------------------------------------------------------------- structure

def _column_texts(table: DecisionTable) -> list[str]:
    return [f"{c.id}: {c.text}" for c in table.inputs]


def _output_texts(table: DecisionTable) -> list[str]:
    out = []
    for o in table.outputs:
        text = o.name + (f" ({o.type})" if o.type else "")
        if o.allowed_values is not None:
            text += " [" + ", ".join(_lit(v) for v in o.allowed_values) + "]"
        if o.has_default:
            text += f" default {_lit(o.default)}"
        out.append(text)
    return out


@dataclass(frozen=True, slots=True)
class _Cites:
    """The registries of sources of the old and the new pack, to write a ``source`` field
    as text (``regel.model.cited_text``) in the new pack's language."""

    old: dict[str, Source] = field(default_factory=dict)
    new: dict[str, Source] = field(default_factory=dict)
    lang: str = "en"

    def change(self, a: Cited | None, b: Cited | None) -> Change | None:
        """The change of a ``source`` field as text, or None when it is the same."""
        x, y = cited_text(a, self.old, self.lang), cited_text(b, self.new, self.lang)
        if x == y and cited_json(a) == cited_json(b):
            return None
        return Change("source", x or None, y or None)


_NO_CITES = _Cites()


def _rule_changes(old: Rule, new: Rule, ot: DecisionTable, nt: DecisionTable,
                  cites: _Cites = _NO_CITES) -> list[Change]:
    changes: list[Change] = []
    oc = dict(zip([c.id for c in ot.inputs], old.cell_texts(), strict=False))
    nc = dict(zip([c.id for c in nt.inputs], new.cell_texts(), strict=False))
    for col in list(oc) + [c for c in nc if c not in oc]:
        a, b = oc.get(col, "-"), nc.get(col, "-")
        if a != b:
            changes.append(Change(f"when.{col}", a, b))
    oo = dict(zip([o.name for o in ot.outputs], old.output_texts(), strict=False))
    no = dict(zip([o.name for o in nt.outputs], new.output_texts(), strict=False))
    for name in list(oo) + [n for n in no if n not in oo]:
        o_text, n_text = oo.get(name), no.get(name)
        if o_text != n_text:
            changes.append(Change(f"then.{name}", o_text, n_text))
    source = cites.change(old.source, new.source)
    changes += [source] if source is not None else []
    extra: list[tuple[str, str | None, str | None]] = [
        ("note", _text(old.note), _text(new.note)),
        ("interpretation", _text(old.interpretation), _text(new.interpretation))]
    for what, x, y in extra:
        if x != y:
            changes.append(Change(what, x, y))
    return changes


def _lcs(a: list[str], b: list[str]) -> set[str]:
    """The ids of a longest common subsequence of two id orders."""
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if a[i] == b[j] else max(dp[i + 1][j], dp[i][j + 1])
    keep: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            keep.add(a[i])
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


def _table_diff(ot: DecisionTable, nt: DecisionTable, vd: VersionDiff,
                cites: _Cites = _NO_CITES) -> None:
    if ot.hit_policy != nt.hit_policy:
        vd.changes.append(Change("hit_policy", ot.hit_policy, nt.hit_policy))
    if _column_texts(ot) != _column_texts(nt):
        vd.changes.append(Change("inputs", ", ".join(_column_texts(ot)),
                                 ", ".join(_column_texts(nt))))
    if _output_texts(ot) != _output_texts(nt):
        vd.changes.append(Change("outputs", ", ".join(_output_texts(ot)),
                                 ", ".join(_output_texts(nt))))
    old_rules = {r.id: r for r in ot.rules}
    new_rules = {r.id: r for r in nt.rules}
    for r in ot.rules:
        if r.id not in new_rules:
            vd.rules.append(RuleDiff(r.id, "removed", old_location=_loc(r)))
    for r in nt.rules:
        if r.id not in old_rules:
            vd.rules.append(RuleDiff(r.id, "added", new_location=_loc(r)))
        else:
            changes = _rule_changes(old_rules[r.id], r, ot, nt, cites)
            if changes:
                vd.rules.append(RuleDiff(r.id, "changed", changes, _loc(old_rules[r.id]),
                                         _loc(r)))
    if ot.hit_policy in ORDER_MATTERS or nt.hit_policy in ORDER_MATTERS:
        a = [r.id for r in ot.rules if r.id in new_rules]
        b = [r.id for r in nt.rules if r.id in old_rules]
        if a != b:
            vd.reordered = (a, b)
            kept = _lcs(a, b)
            listed = {r.id for r in vd.rules}
            for rid in b:
                if rid not in kept and rid not in listed:
                    vd.rules.append(RuleDiff(rid, "moved", [Change(
                        "position", old_rules[rid].index, new_rules[rid].index)],
                        _loc(old_rules[rid]), _loc(new_rules[rid])))


def _loc(r: Rule) -> str | None:
    return str(r.location) if r.location else None


def _version_diff(ov: Version, nv: Version, cites: _Cites = _NO_CITES) -> VersionDiff:
    vd = VersionDiff(nv.valid_from, "changed", nv.period())
    if ov.valid_to != nv.valid_to:
        vd.changes.append(Change("period", ov.period(), nv.period()))
    source = cites.change(ov.source, nv.source)
    if source is not None:
        vd.changes.append(source)
    if _text(ov.interpretation) != _text(nv.interpretation):
        vd.changes.append(Change("interpretation", _text(ov.interpretation),
                                 _text(nv.interpretation)))
    ol, nl = ov.logic, nv.logic
    if isinstance(ol, DecisionTable) and isinstance(nl, DecisionTable):
        _table_diff(ol, nl, vd, cites)
    elif isinstance(ol, LiteralExpression) and isinstance(nl, LiteralExpression):
        if ol.text != nl.text:
            vd.changes.append(Change("expression", ol.text, nl.text))
    else:
        vd.changes.append(Change("logic", _logic_kind(ol), _logic_kind(nl)))
    return vd


def _logic_kind(logic: Any) -> str:
    return "table" if isinstance(logic, DecisionTable) else f"expression: {logic.text}"


def _decision_diff(od: Decision, nd: Decision, cites: _Cites = _NO_CITES) -> DecisionDiff:
    dd = DecisionDiff(nd.id, "changed", nd.label.en, label_da=nd.label.da)
    for what, a, b in (("requires.inputs", list(od.inputs), list(nd.inputs)),
                       ("requires.decisions", list(od.decisions), list(nd.decisions)),
                       ("optional", sorted(od.optional), sorted(nd.optional)),
                       ("version_by", od.version_by.text if od.version_by else None,
                        nd.version_by.text if nd.version_by else None)):
        if a != b:
            dd.changes.append(Change(what, a, b))
    old_v = {v.valid_from: v for v in od.versions}
    new_v = {v.valid_from: v for v in nd.versions}
    for day in sorted(set(old_v) | set(new_v)):
        if day not in new_v:
            dd.versions.append(VersionDiff(day, "removed", old_v[day].period()))
        elif day not in old_v:
            dd.versions.append(VersionDiff(day, "added", new_v[day].period()))
        else:
            vd = _version_diff(old_v[day], new_v[day], cites)
            if vd.changes or vd.rules or vd.reordered:
                dd.versions.append(vd)
    return dd


# --------------------------------------------------------------------------- semantics

class _Skip(Exception):
    pass


@dataclass(slots=True)
class _Class:
    """Elementary regions of one column that activate the same rules in both tables."""

    old_bits: int
    new_bits: int
    value: Any                                  # the representative (witness) value
    description: str


def _cell_intervals(rule: Rule | None, pos: int | None, constants: dict[str, str]
                    ) -> list[Interval] | None:
    if rule is None or pos is None:
        return None
    try:
        return cell_intervals(rule.tests[pos].ast, constants)
    except NotConstant:
        raise _Skip from None


def _describe_interval(interval: Interval) -> str:
    """An interval of the column as a unary test: ``-``, a literal, a comparison or a
    range."""
    lo, lo_in, hi, hi_in = interval
    if lo is None and hi is None:
        return "-"
    if lo is None:
        return f"{'<=' if hi_in else '<'} {_lit(hi)}"
    if hi is None:
        return f"{'>=' if lo_in else '>'} {_lit(lo)}"
    if lo == hi and lo_in and hi_in:
        return _lit(lo)
    return f"{'[' if lo_in else '('}{_lit(lo)}..{_lit(hi)}{']' if hi_in else ')'}"


def _domain(cells: list[list[Interval] | None], allowed: tuple[Any, ...] | None
            ) -> tuple[Column, list[str] | None]:
    """The column cut into elementary regions by both tables' cells, and for a finite
    domain (texts, booleans) each region's description; numbers and dates are ordered
    (described by intervals). _Skip when the cells cannot be compared region by region."""
    values = {v for ivs in cells if ivs for lo, _, hi, _ in ivs for v in (lo, hi)
              if v is not None}
    types = {type(v) for v in values}
    if len(types) != 1:
        raise _Skip
    kind = next(iter(types))
    if kind in (Decimal, _dt.date):
        return Column(kind, sorted(values)), None
    if kind not in (str, bool):
        raise _Skip
    if not all(lo == hi and lo_in and hi_in for ivs in cells if ivs
               for lo, lo_in, hi, hi_in in ivs):
        raise _Skip  # comparisons on texts: not split into regions
    universe: list[Any] = [True, False] if kind is bool else sorted(values)
    described = [_lit(v) for v in universe]
    if kind is str:
        # one more region for every text no cell names, with a witness from outside
        others = [a for a in (allowed or ()) if a not in values] if allowed else \
            [next(f"other{i or ''}" for i in range(len(values) + 1)
                  if f"other{i or ''}" not in values)]
        if others:
            described.append("not(" + ", ".join(described) + ")")
            universe.append(others[0])
    return Column(kind, [], universe), described


def _column_classes(old_pos: int | None, new_pos: int | None, ot: DecisionTable,
                    nt: DecisionTable, allowed: tuple[Any, ...] | None
                    ) -> list[_Class] | None:
    """The column's region classes, or None when neither table tests the column."""
    old_iv = [_cell_intervals(r, old_pos, ot.constants) for r in ot.rules]
    new_iv = [_cell_intervals(r, new_pos, nt.constants) for r in nt.rules]
    if all(iv is None for iv in old_iv + new_iv):
        return None
    column, described = _domain(old_iv + new_iv, allowed)
    old_bits, new_bits = column.rule_bits(old_iv), column.rule_bits(new_iv)
    groups: dict[tuple[int, int], list[int]] = {}
    for r in range(column.size):
        if column.representative(r) is not NO_VALUE:
            groups.setdefault((old_bits[r], new_bits[r]), []).append(r)
    classes = []
    for (ob, nb), members in groups.items():
        if described is not None:
            rep = column.representative(members[0])
            desc = ", ".join(described[r] for r in members)
        else:
            # a point is the natural witness of a region that contains one
            rep = column.representative(next((r for r in members if r % 2 == 1), members[0]))
            desc = ", ".join(_describe_interval(column.interval(a, b))
                             for a, b in _runs(members))
        classes.append(_Class(ob, nb, rep, desc))
    return classes


def _runs(regions: list[int]) -> list[tuple[int, int]]:
    """Sorted region numbers as runs of consecutive ones, (first, last)."""
    runs: list[tuple[int, int]] = []
    for r in regions:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _run_table(table: DecisionTable, values: dict[str, Any], variables: dict[str, Any]
               ) -> tuple[Any, list[str], str | None]:
    """The table's result for the column values, through the engine's cell tests, outputs
    and hit policy: (value, matched rule ids, error)."""
    scope = Scope(dict(variables))
    cells = scope.child(table.constants) if table.constants else scope
    inputs = [values.get(c.id) for c in table.inputs]
    matches = []
    try:
        for rule in table.rules:
            if all(test(inputs[i], cells.child({INPUT: inputs[i]})) is True
                   for i, test in rule.checks):
                matches.append((rule, [o.evaluate_in(cells) for o in rule.outputs]))
        hit = resolve(table, matches)
    except RegelError as err:
        return None, [r.id for r, _ in matches], _error_text(err)
    return hit.value, [r.id for r, _ in matches], None


def _changed_bits(table: DecisionTable, ids: set[str]) -> int:
    return sum(1 << i for i, r in enumerate(table.rules) if r.id in ids)


def _regions(d: Decision, ov: Version, nv: Version, vd: VersionDiff | None,
             start: _dt.date, end: _dt.date | None, room: int
             ) -> tuple[list[Region], list[str], bool]:
    """The regions where the two tables' outputs differ (at most ``room``), notes, and
    whether the search stopped early."""
    ot, nt = ov.logic, nv.logic
    assert isinstance(ot, DecisionTable) and isinstance(nt, DecisionTable)
    period = _period(start, end)
    old_cols = {c.id: (i, c) for i, c in enumerate(ot.inputs)}
    new_cols = {c.id: (i, c) for i, c in enumerate(nt.inputs)}
    for cid in old_cols:
        if cid in new_cols and old_cols[cid][1].text != new_cols[cid][1].text:
            return [], [f"{period}: not analysed: the column '{cid}' reads a different "
                        "expression in the new table"], False
    columns, skipped = _table_columns(ot, nt, old_cols, new_cols)
    if skipped:
        return [], [f"{period}: not analysed: the column(s) {', '.join(skipped)} have cells "
                    "that are not constants (skipped); see the replayed cases"], False
    # witness facts: a column that reads an input by name is that fact
    notes: list[str] = []
    fact_of = {}
    for cid, _ in columns:
        text = (old_cols.get(cid) or new_cols[cid])[1].text.strip()
        if text in d.inputs:
            fact_of[cid] = text
        else:
            notes.append(f"{period}: the column '{cid}' ({text}) is not a plain input; its "
                         "witness value is given for the column itself")
    # what changed decides where to look; a changed hit policy or outputs changes everything
    everything = ot.hit_policy != nt.hit_policy or _output_texts(ot) != _output_texts(nt) \
        or vd is None
    ids = {r.id for r in vd.rules} if vd is not None else set()
    search = _Search(d.id, period, start, ot, nt, columns, fact_of, room, everything,
                     _changed_bits(ot, ids), _changed_bits(nt, ids))
    search.walk(0, (1 << len(ot.rules)) - 1, (1 << len(nt.rules)) - 1, [])
    if search.evaluated >= MAX_CANDIDATES:
        notes.append(f"{period}: stopped after {MAX_CANDIDATES} region combinations; more "
                     "regions may differ")
    return search.found, notes, search.stopped


def _table_columns(ot: DecisionTable, nt: DecisionTable,
                   old_cols: dict[str, tuple[int, Any]], new_cols: dict[str, tuple[int, Any]]
                   ) -> tuple[list[tuple[str, list[_Class]]], list[str]]:
    """The region classes of every column either table tests, and the columns whose
    cells cannot be compared (not constants)."""
    columns: list[tuple[str, list[_Class]]] = []
    skipped = []
    for cid in list(old_cols) + [c for c in new_cols if c not in old_cols]:
        clause = (old_cols.get(cid) or new_cols[cid])[1]
        try:
            classes = _column_classes(old_cols[cid][0] if cid in old_cols else None,
                                      new_cols[cid][0] if cid in new_cols else None,
                                      ot, nt, clause.allowed_values)
        except _Skip:
            skipped.append(cid)
            continue
        if classes is not None:
            columns.append((cid, classes))
    return columns, skipped


@dataclass(slots=True)
class _Search:
    """The walk through combinations of column classes, evaluating both tables where a
    changed rule can be active (everywhere when ``everything`` changed)."""

    decision: str
    period: str
    start: _dt.date
    ot: DecisionTable
    nt: DecisionTable
    columns: list[tuple[str, list[_Class]]]
    fact_of: dict[str, str]
    room: int
    everything: bool
    old_changed: int
    new_changed: int
    found: list[Region] = field(default_factory=list)
    evaluated: int = 0
    stopped: bool = False

    def walk(self, k: int, ob: int, nb: int, chosen: list[tuple[str, _Class]]) -> None:
        if self.stopped:
            return
        if len(self.found) >= self.room or self.evaluated >= MAX_CANDIDATES:
            self.stopped = True
            return
        if not self.everything and not (ob & self.old_changed or nb & self.new_changed):
            return  # no changed rule can be active here: both tables agree
        if k == len(self.columns):
            self.leaf(chosen)
            return
        cid, classes = self.columns[k]
        for cls in classes:
            self.walk(k + 1, ob & cls.old_bits, nb & cls.new_bits, chosen + [(cid, cls)])

    def leaf(self, chosen: list[tuple[str, _Class]]) -> None:
        self.evaluated += 1
        values = {cid: cls.value for cid, cls in chosen}
        variables = {self.fact_of[c]: v for c, v in values.items() if c in self.fact_of}
        variables[AS_OF] = self.start
        o_val, o_rules, o_err = _run_table(self.ot, values, variables)
        n_val, n_rules, n_err = _run_table(self.nt, values, variables)
        if (o_err or n_err) and o_err == n_err:
            return
        if not o_err and not n_err and _same(o_val, n_val):
            return
        witness = {self.fact_of.get(cid, f"{cid} (column)"): v for cid, v in values.items()}
        self.found.append(Region(self.decision, self.period,
                                 {cid: cls.description for cid, cls in chosen}, witness,
                                 o_val, n_val, o_err, n_err, o_rules, n_rules))


# --------------------------------------------------------------------------- replay

def _outcome(pack: Pack, facts: dict[str, Any], decisions: list[str] | None,
             as_of: _dt.date | None) -> tuple[dict[str, Any], str | None]:
    """The decisions' values, or an error for the whole case."""
    asked = [d for d in (decisions or list(pack.decisions))]
    missing = [d for d in asked if d not in pack.decisions]
    present = [d for d in asked if d in pack.decisions]
    try:
        values = dict(evaluate(pack, Case(dict(facts), as_of), decisions=present, as_of=as_of,
                                    trace=False).values) if present else {}
    except RegelError as err:
        return {}, _error_text(err)
    except Exception as err:  # a crash is an outcome too, and must not stop the diff
        return {}, f"INTERNAL-ERROR: {err}"
    for did in missing:
        values[did] = _NO_DECISION
    return values, None


_NO_DECISION = object()


def _compare(name: str, old: Pack, new: Pack, facts: dict[str, Any],
             decisions: list[str] | None, as_of: _dt.date | None) -> list[OutcomeChange]:
    ov, oe = _outcome(old, facts, decisions, as_of)
    nv, ne = _outcome(new, facts, decisions, as_of)
    if oe or ne:
        if oe == ne:
            return []
        label = ", ".join(decisions) if decisions else "(all)"
        return [OutcomeChange(name, label, None if oe else _shown_values(ov), None if ne else
                              _shown_values(nv), oe, ne)]
    out = []
    for did in list(ov) + [d for d in nv if d not in ov]:
        a, b = ov.get(did, _NO_DECISION), nv.get(did, _NO_DECISION)
        if a is _NO_DECISION and b is _NO_DECISION:
            continue
        if a is _NO_DECISION or b is _NO_DECISION:
            out.append(OutcomeChange(name, did, None if a is _NO_DECISION else a,
                                     None if b is _NO_DECISION else b,
                                     "no such decision" if a is _NO_DECISION else None,
                                     "no such decision" if b is _NO_DECISION else None))
        elif not _same(a, b):
            out.append(OutcomeChange(name, did, a, b))
    return out


def _shown_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not _NO_DECISION}


def _load_cases(folder: str | Path) -> list[tuple[str, Case]]:
    root = Path(folder)
    if root.is_file():
        files = [root]
    elif root.is_dir():
        files = sorted(p for p in root.iterdir()
                       if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    else:
        raise RegelError.of("CASES-NOT-FOUND", at=str(folder), folder=str(folder))
    return [(p.name, Case.from_data(load_yaml_file(p), str(p))) for p in files]


def _replay(old: Pack, new: Pack, cases: Iterable[Case | tuple[str, Case]]
            ) -> tuple[list[OutcomeChange], int]:
    out: list[OutcomeChange] = []
    run = 0
    seen: set[tuple[str, str]] = set()
    for pack in (old, new):
        for t in pack.tests:
            key = (t.name, repr(sorted(t.facts.items(), key=lambda kv: str(kv[0]))) +
                   repr(t.as_of) + repr(sorted(t.expect)))
            if key in seen:
                continue
            seen.add(key)
            run += 1
            out.extend(_compare(f"test: {t.name}", old, new, t.facts, list(t.expect),
                                t.as_of))
    for i, item in enumerate(cases, 1):
        name, case = item if isinstance(item, tuple) else (item.id or f"#{i}", item)
        run += 1
        out.extend(_compare(f"case: {case.id or name}", old, new, case.facts, case.decisions,
                            case.as_of))
    return out, run


# --------------------------------------------------------------------------- the diff

def diff_packs(old: Pack, new: Pack, cases: Iterable[Case | tuple[str, Case]] = (),
               old_name: str | None = None, new_name: str | None = None) -> PackDiff:
    """What changes from ``old`` to ``new``: structure, regions of inputs whose outputs
    differ (with witnesses), and the tests and ``cases`` whose outcomes change."""
    result = PackDiff(old_name or str(old.path), new_name or str(new.path),
                      language=new.default_language)
    if old.id != new.id:
        result.notes.append(Msg("diff.note.ids", {"old": old.id, "new": new.id}))
    if old.version != new.version:
        result.notes.append(Msg("diff.note.version", {"old": old.version, "new": new.version}))
    ids = list(old.decisions) + [d for d in new.decisions if d not in old.decisions]
    for did in ids:
        dd = _decision_change(result, old.decisions.get(did), new.decisions.get(did),
                              _Cites(old.sources, new.sources, new.default_language))
        if dd is not None:
            result.decisions.append(dd)
    result.outcomes, result.cases_run = _replay(old, new, list(cases))
    if result.regions_capped:
        result.notes.append(Msg("diff.note.capped", {"count": MAX_REGIONS}))
    return result


def _decision_change(result: PackDiff, od: Decision | None, nd: Decision | None,
                     cites: _Cites = _NO_CITES) -> DecisionDiff | None:
    """One decision's difference (None when nothing differs); regions go into ``result``'s
    budget of MAX_REGIONS."""
    if nd is None:
        assert od is not None
        return DecisionDiff(od.id, "removed", od.label.en, label_da=od.label.da)
    if od is None:
        return DecisionDiff(nd.id, "added", nd.label.en, label_da=nd.label.da)
    dd = _decision_diff(od, nd, cites)
    by_from = {v.valid_from: v for v in dd.versions if v.kind == "changed"}
    for ov in od.versions:
        for nv in nd.versions:
            span = _overlap(ov, nv)
            if span is not None:
                _compare_versions(result, dd, nd, ov, nv, span, by_from)
    return dd if dd.changes or dd.versions or dd.regions or dd.notes else None


def _compare_versions(result: PackDiff, dd: DecisionDiff, nd: Decision, ov: Version,
                      nv: Version, span: tuple[_dt.date, _dt.date | None],
                      by_from: dict[_dt.date, VersionDiff]) -> None:
    """The regions (or a note) where two overlapping versions may give other outputs."""
    same_version = ov.valid_from == nv.valid_from
    vd = by_from.get(nv.valid_from) if same_version else None
    if same_version and vd is None:
        return  # unchanged
    if same_version and vd is not None and not vd.rules and not vd.reordered \
            and all(c.what in ("source", "interpretation", "period") for c in vd.changes):
        return  # citations only: outputs cannot differ
    ol, nl = ov.logic, nv.logic
    if isinstance(ol, DecisionTable) and isinstance(nl, DecisionTable):
        if not same_version and _tables_equal(ol, nl):
            return
        room = MAX_REGIONS - len(result.regions)
        if room <= 0:
            result.regions_capped = True
            return
        regions, notes, stopped = _regions(nd, ov, nv, vd, *span, room)
        dd.regions.extend(regions)
        dd.notes.extend(notes)
        if stopped and len(result.regions) >= MAX_REGIONS:
            result.regions_capped = True
    elif not (isinstance(ol, LiteralExpression) and isinstance(nl, LiteralExpression)
              and ol.text == nl.text):
        dd.notes.append(Msg("diff.note.literal", {"period": _period(*span)}))


def _tables_equal(a: DecisionTable, b: DecisionTable) -> bool:
    vd = VersionDiff(_dt.date.min, "changed")
    _table_diff(a, b, vd)
    return not (vd.changes or vd.reordered or
                any(c.what.startswith(("when.", "then.")) for r in vd.rules for c in r.changes)
                or any(r.kind != "changed" for r in vd.rules))


# --------------------------------------------------------------------------- text

def _shown(value: Any, lang: str, error: str | None = None) -> str:
    if error:
        return render("diff.error", lang, {"error": error})
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        return "{" + ", ".join(f"{k}: {_lit(v)}" for k, v in value.items()) + "}"
    return _lit(value)


def _leaf_changes(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two values differ, field by field and item by item."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{k}" if path else str(k)
            out.extend(_leaf_changes(a.get(k), b.get(k), sub))
        return out
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True), 1):
            out.extend(_leaf_changes(x, y, f"{path}[{i}]"))
        return out
    return [] if _same(a, b) else [(path, a, b)]


def _old_new(indent: str, head: str, old: Any, new: Any, old_error: str | None,
             new_error: str | None, lang: str, max_leaves: int = 6) -> list[str]:
    """``head: old → new``; for records and lists only the parts that differ."""
    containers = (dict, list, tuple)
    if old_error or new_error or not (isinstance(old, containers)
                                      and isinstance(new, containers)):
        return [f"{indent}{head}: {_shown(old, lang, old_error)} → "
                f"{_shown(new, lang, new_error)}"]
    leaves = _leaf_changes(old, new)
    lines = [f"{indent}{head}:"]
    for path, a, b in leaves[:max_leaves]:
        where = path or render("diff.whole-value", lang)
        lines.append(f"{indent}  {where}: {_shown(a, lang)} → {_shown(b, lang)}")
    if len(leaves) > max_leaves:
        lines.append(f"{indent}  " + render("diff.more", lang,
                                            {"count": len(leaves) - max_leaves}))
    return lines


def _condition(column: str, tests: str, lang: str) -> str:
    if tests == "-":
        return render("diff.condition.any", lang, {"column": column})
    if tests[:1] in "<>":
        return f"{column} {tests}"
    if tests[:1] in "[(" or "," in tests or tests.startswith("not("):
        return render("diff.condition.in", lang, {"column": column, "tests": tests})
    return f"{column} = {tests}"


def _kind_word(kind: str, lang: str) -> str:
    """added, removed, changed or moved, in ``lang``."""
    return render(f"diff.kind.{kind}", lang)


def _case_name(name: str, lang: str) -> str:
    """'test: NAME' or 'case: FILE' (as the replay names them), in ``lang``."""
    kind, _, rest = name.partition(": ")
    if kind in ("test", "case") and rest:
        return render(f"diff.{kind}", lang, {"name": rest})
    return name


def _version_lines(vd: VersionDiff, lang: str) -> list[str]:
    """A changed decision's version: its own changes, its rules' and their order."""
    head = render("diff.version", lang, {"date": vd.valid_from.isoformat(), "period": vd.period,
                                         "kind": _kind_word(vd.kind, lang)})
    lines = [f"  {head}"]
    if vd.kind != "changed":
        return lines
    lines += [f"    {c.what}: {c.old} → {c.new}" for c in vd.changes]
    for r in vd.rules:
        where = r.new_location or r.old_location
        rule = render("diff.rule", lang, {"id": r.id, "kind": _kind_word(r.kind, lang)})
        lines.append(f"    {rule}" + (f" ({where})" if where else ""))
        lines += [f"      {c.what}: {c.old} → {c.new}" for c in r.changes]
    if vd.reordered:
        lines.append("    " + render("diff.rule-order", lang, {
            "old": ", ".join(vd.reordered[0]), "new": ", ".join(vd.reordered[1])}))
    return lines


def _region_lines(rg: Region, lang: str) -> list[str]:
    """Where the outputs differ, a witness, the rules that matched and the outputs."""
    cond = ", ".join(_condition(c, t, lang) for c, t in rg.conditions.items()) \
        or render("diff.every-case", lang)
    wit = ", ".join(f"{k}: {_lit(v)}" for k, v in rg.witness.items()) \
        or render("diff.no-inputs", lang)
    lines = ["    " + render("diff.where", lang, {"period": rg.period, "condition": cond}),
             "      " + render("diff.witness", lang, {"witness": wit})]
    if rg.old_rules == rg.new_rules:
        lines.append("      " + render("diff.rules-matched-same", lang,
                                       {"count": len(rg.old_rules)}))
    else:
        none = render("diff.none", lang)
        lines.append("      " + render("diff.rules-matched", lang, {
            "old": ", ".join(rg.old_rules) or none, "new": ", ".join(rg.new_rules) or none}))
    lines += _old_new("      ", render("diff.output", lang), rg.old, rg.new, rg.old_error,
                      rg.new_error, lang)
    return lines


def _decision_lines(dd: DecisionDiff, lang: str) -> list[str]:
    """One decision: added or removed, or what changed in it and where outputs differ."""
    label = dd.label_da if lang == "da" and dd.label_da else dd.label
    head = render("diff.decision", lang, {"id": dd.id}) + (
        f" ({label})" if label and label != dd.id else "")
    if dd.kind != "changed":
        return [f"{head}: {_kind_word(dd.kind, lang)}"]
    lines = [head]
    lines += [f"  {c.what}: {c.old} → {c.new}" for c in dd.changes]
    for vd in dd.versions:
        lines += _version_lines(vd, lang)
    note = render("diff.note", lang)
    lines += [f"  {note}: {_said(n, lang)}" for n in dd.notes]
    if dd.regions:
        lines.append("  " + _counted("diff.outputs-differ", len(dd.regions)).render(lang))
    for rg in dd.regions:
        lines += _region_lines(rg, lang)
    return lines


def format_diff(d: PackDiff, lang: str = "en") -> str:
    """The diff as plain text in Danish or English, grouped by decision, ending with a
    summary line."""
    note = render("diff.note", lang)
    lines = [f"regel diff {d.old} → {d.new}"]
    lines.extend(f"{note}: {_said(n, lang)}" for n in d.notes)
    if not d.decisions and not d.outcomes:
        lines.append(render("diff.no-differences", lang))
    for dd in d.decisions:
        lines.append("")
        lines += _decision_lines(dd, lang)
    if d.outcomes:
        lines.append("")
        lines.append(render("diff.changed-outcomes", lang,
                            {"count": len(d.outcomes), "run": d.cases_run}))
        for o in d.outcomes:
            lines.extend(_old_new("  ", f"{_case_name(o.case, lang)}: {o.decision}", o.old,
                                  o.new, o.old_error, o.new_error, lang))
    elif d.cases_run:
        lines.append("")
        lines.append(render("diff.same-outcomes", lang, {"count": d.cases_run}))
    lines.append("")
    lines.append(d.summary(lang))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- PACK@REV

def _git(args: list[str], cwd: Path, ref: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RegelError.of("DIFF-GIT", key="DIFF-GIT/not-installed", at=ref) from None


def resolve_pack_ref(ref: str, workdir: Path) -> Path:
    """A pack folder for ``ref``: a folder or bundled name as it is, or ``PACK@REV``
    extracted from git into ``workdir``."""
    if os.path.exists(ref) or "@" not in ref:
        return Path(ref)
    where, rev = ref.rsplit("@", 1)
    if not where or not rev:
        raise RegelError.of("DIFF-REF", at=ref, ref=ref)
    check_revision(rev, ref)
    path, hint = _pack_path(where, rev)
    root, rel = _in_repository(path, where, ref, hint)
    rel_text = rel.as_posix() or "."
    # --end-of-options: the revision is an operand even if it looks like an option
    archive = _git(["archive", "--format=tar", "--end-of-options", rev, rel_text], root, ref)
    if archive.returncode != 0:
        problem = archive.stderr.decode(errors="replace").strip().splitlines()
        raise RegelError.of("DIFF-GIT", key="DIFF-GIT/unreadable", at=ref, path=rel_text,
                            rev=rev, hint=hint,
                            problem=problem[-1] if problem else Msg("diff.git.archive-failed"))
    target = workdir / ("rev-" + "".join(c if c.isalnum() or c in "._" else "-" for c in rev))
    n = 0
    while target.exists():
        n += 1
        target = target.with_name(f"{target.name}-{n}")
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    pack_dir = target / rel
    if not (pack_dir / "pack.yaml").is_file():
        raise RegelError.of("DIFF-REF", key="DIFF-REF/no-pack", at=ref, path=rel_text, rev=rev)
    return pack_dir


def check_revision(rev: str, ref: str) -> None:
    """Refuse a revision git could read as an option (it starts with ``-``: issue 19, where
    ``@--output=FILE`` truncated FILE) or that holds whitespace or control characters."""
    if rev.startswith("-") or any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf")
                                  for c in rev):
        raise RegelError.of("DIFF-REF", key="DIFF-REF/bad-revision", at=ref, ref=ref,
                            rev=rev.encode("unicode_escape").decode("ascii"))


def _pack_path(where: str, rev: str) -> tuple[Path, Msg | str]:
    """The folder ``where`` names (absolute), and, when it is a bundled pack's name, a hint
    that git cannot read an installed pack."""
    path = Path(where)
    hint: Msg | str = ""
    if not path.exists():
        bundled = regel.load.bundled_packs()   # at call time: tests replace it
        if where in bundled:
            path = bundled[where]
            hint = Msg("diff.git.bundled-hint", {"where": where, "path": path, "rev": rev})
    return path.absolute(), hint


def _in_repository(path: Path, where: str, ref: str, hint: Msg | str) -> tuple[Path, Path]:
    """The git repository ``path`` lies in and ``path`` inside it; the folder need not
    exist in the working tree any more."""
    probe = path
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    top = _git(["rev-parse", "--show-toplevel"], probe, ref)
    if top.returncode != 0:
        raise RegelError.of("DIFF-GIT", key="DIFF-GIT/no-repository", at=ref, where=where,
                            ref=ref, hint=hint)
    root = Path(top.stdout.decode().strip())
    try:
        rel = path.resolve().relative_to(root.resolve()) if path.exists() else \
            path.relative_to(root)
    except ValueError:
        raise RegelError.of("DIFF-GIT", key="DIFF-GIT/outside", at=ref, where=where,
                            root=root, hint=hint) from None
    return root, rel


# --------------------------------------------------------------------------- references

def diff_refs(old_ref: str, new_ref: str, cases: str | Path | None = None) -> PackDiff:
    """Diff the packs ``old_ref`` and ``new_ref`` (folders, bundled names or ``PACK@REV``),
    replaying the case files in ``cases`` (a folder or one file) on both, as ``regel diff``
    does. A pack, revision or case that cannot be read raises ``RegelError``."""
    workdir = Path(tempfile.mkdtemp(prefix="regel-diff-"))
    try:
        old = load_pack(resolve_pack_ref(old_ref, workdir))
        new = load_pack(resolve_pack_ref(new_ref, workdir))
        loaded = _load_cases(cases) if cases else []
        return diff_packs(old, new, loaded, old_name=old_ref, new_name=new_ref)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
