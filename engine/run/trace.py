"""The record of an evaluation: which version, which inputs, which rules matched and why
the others did not, how the hit policy resolved, with citations and interpretations.

The evaluator always calls the same recorder methods; with tracing off the recorder is
``NULL_RECORDER``, whose methods do nothing. So traced and untraced evaluation run one
code path and give the same results. Renderers (terminal, HTML, Markdown) read a
``Trace``; they compute nothing. Warnings and the resolution are kept as messages (a code
or catalogue key and its values) and put into words when they are read.

Recording is cheap and reading costs what is read: per scanned rule the recorder keeps the
rule and the position of the cell that failed, for an indexed table its inputs and matched
bits; a decision's record may be left as what makes it (``Recorder.later``). A why-not is
built only when asked, and the JSON explains the first ``WHY_NOT_LIMIT`` rules that did
not match per table (and counts the rest) unless asked for all.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from regel.base.errors import Diagnostic, Span
from regel.base.messages import Msg
from regel.base.words import InWords, message_json, values_json
from regel.feel.jsonio import plain
from regel.model import (
    Cited,
    Decision,
    DecisionTable,
    Rule,
    Text,
    Version,
    cited_json,
    text_json,
)

__all__ = ["RuleTrace", "InputTrace", "DecisionTrace", "TraceWarning", "Trace", "Recorder",
           "Shared", "NULL_RECORDER", "TRACE_FORMAT_VERSION", "WHY_NOT_LIMIT", "WhyNot",
           "why_not_limit"]

#: 4: the pack's registry of sources (``sources``), citations of it (a version's or a
#: rule's ``source`` and a decision's ``citations`` may hold {"ref", "at", "note"}), and a
#: decision's ``answer`` template; 3: a table's rules list every rule that matched but
#: only the first ``why_not.limit`` rules that did not (why_not counts the rest); 2:
#: warnings, resolutions and regel's own interpretation notes are messages (a catalogue
#: key or code with its values, and the English text); 1 held finished sentences (da/en)
TRACE_FORMAT_VERSION = 4

#: how many rules that did not match a trace's JSON explains per table by default (with
#: the count of the others): enough for every table of a legal rule pack, and a trace of
#: a 20,000-rule table stays small; ``to_json(why_not="all")`` explains every rule
WHY_NOT_LIMIT = 20

#: how many rules that did not match to explain: a number (0 or more), or "all"
WhyNot = int | Literal["all"] | None


def why_not_limit(why_not: WhyNot) -> int | None:
    """``why_not`` as a number of rules, or None for all ("all", or None)."""
    if why_not is None or why_not == "all":
        return None
    if isinstance(why_not, bool) or not isinstance(why_not, int) or why_not < 0:
        raise ValueError(f"why_not is a number of rules (0 or more) or 'all', not {why_not!r}")
    return why_not


@dataclass(slots=True)
class RuleTrace:
    id: str
    matched: bool
    failed_input: str | None = None   # the first input whose cell did not match
    failed_cell: str | None = None    # that cell's text
    saw: Any = None                   # the value the cell saw
    source: Cited | None = None
    note: Text | None = None
    interpretation: Text | None = None
    cells: list[str] | None = None    # a matched rule's input cells, to show why it matched

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "matched": self.matched, "failed_input": self.failed_input,
                "failed_cell": self.failed_cell, "saw": plain(self.saw),
                "source": cited_json(self.source),
                "note": text_json(self.note), "interpretation": text_json(self.interpretation),
                "cells": self.cells}


@dataclass(slots=True)
class InputTrace:
    name: str
    value: Any
    origin: str   # fact | decision | default | missing | argument

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": plain(self.value), "from": self.origin}


@dataclass(frozen=True, slots=True)
class TraceWarning:
    """A warning met while evaluating: the diagnostic (code, values, span) and the decision
    and rule it arose in. Its text is rendered when asked for, in the reader's language."""

    diagnostic: Diagnostic
    decision: str | None = None
    rule: str | None = None

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def values(self) -> Mapping[str, Any]:
        return self.diagnostic.values

    @property
    def span(self) -> Span | None:
        return self.diagnostic.span

    @property
    def line(self) -> int | None:
        return self.diagnostic.line or None

    @property
    def column(self) -> int | None:
        return self.diagnostic.column or None

    def text(self, lang: str = "en") -> str:
        """The warning in ``lang`` (da or en)."""
        return self.diagnostic.text(lang)

    @property
    def message(self) -> str:
        """The warning in English."""
        return self.text("en")

    def to_json(self) -> dict[str, Any]:
        d = self.diagnostic
        out: dict[str, Any] = {"code": d.code}
        if d.key and d.key != d.code:
            out["key"] = d.key
        return out | {"values": values_json(d.values), "message": self.message,
                      "decision": self.decision, "rule": self.rule, "line": self.line,
                      "column": self.column}


@dataclass(slots=True, init=False)
class DecisionTrace:
    """The record of one decision (or one call of a function decision). Made on every
    traced decision's path, so made by hand: the generated ``__init__`` with its eight
    list factories cost half again as much."""

    decision: Decision
    version: Version
    selected_by: str | None       # the version_by expression, or None for the as-of date
    selected_date: _dt.date
    #: the values the decision read (made when read from ``input_source``: the decision,
    #: the facts and the results it read them from)
    input_list: list[InputTrace] | None = None
    input_source: tuple[Decision, Mapping[str, Any], Mapping[str, Any]] | None = None
    matched: list[str] = field(default_factory=list)
    decided_by: list[str] = field(default_factory=list)
    #: how the result came about (the hit policy's resolution, or what the logic is)
    how: Msg | None = None
    #: a scanned table: the rules that matched; the others, and for each the position of
    #: the first column whose cell failed (two lists: no object made per rule). A
    #: RuleTrace is made only when someone asks
    hits: list[Rule] = field(default_factory=list)
    missed: list[Rule] = field(default_factory=list)
    missed_at: list[int] = field(default_factory=list)
    #: an indexed table (table, inputs, matched bits): which rules matched follows from
    #: the bits, and why each other did not from the table's index when read
    indexed: tuple[Any, list[Any], int] | None = None
    output: Any = None
    used_default: bool = False
    interpretations: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[TraceWarning] = field(default_factory=list)
    #: a table's input clauses and the values they saw, made into ``columns`` when read
    column_source: tuple[Any, list[Any]] | None = None
    column_list: list[dict[str, Any]] | None = None
    #: a function decision's calls, each traced as the decision itself is (arguments as
    #: its inputs); while the evaluation runs, a remembered call's record is ``(record,
    #: day)`` until Trace.decisions dates it (dated_calls)
    calls: list[DecisionTrace] = field(default_factory=list)

    def __init__(self, decision: Decision, version: Version, selected_by: str | None,
                 selected_date: _dt.date) -> None:
        self.decision, self.version = decision, version
        self.selected_by, self.selected_date = selected_by, selected_date
        self.input_list = self.input_source = self.how = self.indexed = self.output = None
        self.column_source = self.column_list = None
        self.used_default = False
        self.matched, self.decided_by, self.hits, self.missed = [], [], [], []
        self.missed_at, self.interpretations, self.warnings, self.calls = [], [], [], []

    def dated(self, day: _dt.date) -> DecisionTrace:
        """This record for an evaluation on ``day`` (it shares the lists: a record kept
        for reuse is not changed). Field by field by hand: a loop over the fields cost
        three times as much, on a traced evaluation's path (tests/engine/test_trace_why_not
        holds it to every field)."""
        new = object.__new__(DecisionTrace)
        new.decision, new.version, new.selected_by = self.decision, self.version, \
            self.selected_by
        new.selected_date = day
        new.input_list, new.input_source = self.input_list, self.input_source
        new.matched, new.decided_by, new.how = self.matched, self.decided_by, self.how
        new.hits, new.missed, new.missed_at = self.hits, self.missed, self.missed_at
        new.indexed, new.output, new.used_default = self.indexed, self.output, \
            self.used_default
        new.interpretations, new.warnings = self.interpretations, self.warnings
        new.column_source, new.column_list = self.column_source, self.column_list
        new.calls = self.calls
        return new

    @property
    def inputs(self) -> list[InputTrace]:
        """Each value the decision read: a fact (or a missing one) or a decision's result."""
        if self.input_list is None:
            self.input_list = []
            if self.input_source is not None:
                d, facts, values = self.input_source
                self.input_list = [InputTrace(i, facts.get(i),
                                              "fact" if i in facts else "missing")
                                   for i in d.inputs]
                self.input_list += [InputTrace(x, values[x], "decision") for x in d.decisions]
        return self.input_list

    @property
    def columns(self) -> list[dict[str, Any]]:
        """A table's input columns and the values they saw: {id, label, expression, value}."""
        if self.column_list is None:
            clauses, values = self.column_source or ((), [])
            self.column_list = [{"id": c.id, "label": c.label, "expression": c.text,
                                 "value": v} for c, v in zip(clauses, values, strict=True)]
        return self.column_list

    @property
    def resolution(self) -> Text:
        """How the result came about, in words (Danish and English)."""
        how = self.how
        return Text(how.render("da"), how.render("en")) if how is not None else Text("", "")

    def _matched_rules(self) -> list[Rule]:
        """The rules whose cells all matched, in table order."""
        if self.indexed is None:
            return self.hits
        table, _, bits = self.indexed
        out = []
        while bits:
            low = bits & -bits
            out.append(table.rules[low.bit_length() - 1])
            bits ^= low
        return out

    def _missed(self, limit: int | None) -> Iterator[tuple[Rule, int]]:
        """The rules that did not match, in table order (the first ``limit``, or all for
        None), each with the position of the first column, in order, that excluded it."""
        if self.indexed is None:
            yield from zip(self.missed[:limit], self.missed_at[:limit], strict=True)
            return
        table, inputs, bits = self.indexed
        looked = [(idx.column, idx.lookup(inputs[idx.column]) or 0) for idx in table.index]
        free = ~bits & ((1 << len(table.rules)) - 1)
        while free and (limit is None or limit > 0):
            low = free & -free
            free ^= low
            pos = low.bit_length() - 1
            for col, col_bits in looked:   # the first column, in order, that excludes it
                if not col_bits >> pos & 1:
                    yield table.rules[pos], col
                    break
            limit = None if limit is None else limit - 1

    def missed_count(self) -> int:
        """How many of the table's rules did not match (0 for an expression)."""
        if self.indexed is None:
            return len(self.missed)
        table, _, bits = self.indexed
        return len(table.rules) - bits.bit_count()

    def _why_not(self, rule: Rule, col: int) -> RuleTrace:
        column = self.columns[col]
        return RuleTrace(rule.id, False, column["id"], rule.tests[col].text, column["value"],
                         rule.source, rule.note, rule.interpretation)

    def rule_traces(self, why_not: int | None = None) -> list[RuleTrace]:
        """In table order: every rule that matched (with its cells), and the rules that
        did not with the first cell that failed and the value it saw: the first
        ``why_not`` of them, or all for None. Only these are built (a trace of a large
        table costs what the reader asks for)."""
        rows = [(r.index, RuleTrace(r.id, True, source=r.source, note=r.note,
                                    interpretation=r.interpretation, cells=r.cell_texts()))
                for r in self._matched_rules()]
        rows += [(r.index, self._why_not(r, col)) for r, col in self._missed(why_not)]
        rows.sort(key=lambda row: row[0])
        return [rule for _, rule in rows]

    @property
    def rules(self) -> list[RuleTrace]:
        """Every rule, matched or not, with the first cell that failed and what it saw."""
        return self.rule_traces(None)

    @property
    def id(self) -> str:
        return self.decision.id

    @property
    def kind(self) -> str:
        return "table" if isinstance(self.version.logic, DecisionTable) else "expression"

    @property
    def hit_policy(self) -> str | None:
        return getattr(self.version.logic, "hit_policy", None)

    @property
    def citations(self) -> list[Any]:
        """The version's citations, then those of the rules that decided, each once: a
        string (free prose) or a citation as JSON."""
        out: list[Any] = []
        _add_citations(out, self.version.source)
        by_id = {r.id: r for r in self._matched_rules()}  # decided_by: some of them
        for rid in self.decided_by:
            rule = by_id.get(rid)
            if rule is not None and rule.source:
                _add_citations(out, rule.source)
        return out

    def to_json(self, why_not: WhyNot = WHY_NOT_LIMIT) -> dict[str, Any]:
        """The decision as JSON: every rule that matched, and the why-not of the first
        ``why_not`` rules that did not ("all": every one), with the count of the rest."""
        limit = why_not_limit(why_not)
        v = self.version
        rules = self.rule_traces(limit)
        listed = len(rules) - len(self._matched_rules())
        return {
            "id": self.id,
            "label": text_json(self.decision.label),
            "question": text_json(self.decision.question),
            "version": {"valid_from": v.valid_from.isoformat(),
                        "valid_to": v.valid_to.isoformat() if v.valid_to else None,
                        "source": cited_json(v.source),
                        "interpretation": text_json(v.interpretation)},
            "selected_by": {"expression": self.selected_by,
                            "label": text_json(self.decision.version_by_label),
                            "date": self.selected_date.isoformat()},
            "inputs": [i.to_json() for i in self.inputs],
            "kind": self.kind,
            "hit_policy": self.hit_policy,
            "columns": [{"id": c["id"], "label": text_json(c["label"]),
                         "expression": c["expression"], "value": plain(c["value"])}
                        for c in self.columns],
            "units": dict(self.decision.units),
            "fields": {k: v.to_json() for k, v in self.decision.field_labels.items()},
            "values": {k: v.to_json() for k, v in self.decision.value_labels.items()},
            "rules": [r.to_json() for r in rules],
            "why_not": {"limit": limit, "listed": listed,
                        "not_listed": self.missed_count() - listed},
            "matched": list(self.matched),
            "decided_by": list(self.decided_by),
            "resolution": message_json(self.how) if self.how is not None else None,
            "output": plain(self.output),
            "used_default": self.used_default,
            "citations": self.citations,
            "interpretations": [_interpretation_json(i) for i in self.interpretations],
            "warnings": [w.to_json() for w in self.warnings],
            "answer": self.decision.answer,
        } | ({"calls": [c.to_json(why_not) for c in self.calls]} if self.calls else {})


def dated_calls(calls: list[Any]) -> None:
    """A function's call records with each remembered one, ``(record, day)`` while the
    evaluation ran (made when read: most traces are kept or sent, not read), dated
    (DecisionTrace.dated); the calls inside them too."""
    for i, call in enumerate(calls):
        if call.__class__ is tuple:
            call = calls[i] = call[0].dated(call[1])
        if call.calls:
            dated_calls(call.calls)


def _add_citations(out: list[Any], source: Cited) -> None:
    """Each citation of ``source`` (or the string) as JSON, unless ``out`` has it."""
    for item in cited_json(source) if isinstance(source, tuple) else [source]:
        if item not in out:
            out.append(item)


def _interpretation_json(note: dict[str, Any]) -> dict[str, Any]:
    """An interpretation note as JSON: the pack's text (da/en), or regel's own note (a
    message, such as the date policy accepting a clamped day)."""
    text = note.get("text")
    if isinstance(text, InWords):
        return {**plain({k: v for k, v in note.items() if k != "text"}),
                "text": message_json(text.msg)}
    as_json: dict[str, Any] = plain(note)
    return as_json


class Shared(dict):  # type: ignore[type-arg]
    """A mapping the traces of one question share (what they show of the pack and of
    its facts: Trace.pack_info): read-only, so that no caller changes another trace's;
    copied and pickled as a plain dict."""

    __slots__ = ()

    def _refused(self, *args: Any, **named: Any) -> Any:
        raise TypeError("a trace's pack_info is shared by other traces: copy it to change it")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refused
    __ior__ = _refused

    def __reduce__(self) -> Any:
        return (dict, (dict(self),))

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

@dataclass(slots=True)
class Trace:
    engine_version: str
    pack_id: str
    pack_version: str
    fingerprint: str
    as_of: _dt.date
    facts: dict[str, Any]
    #: the decisions' records, in order; a record the evaluation left to be made when
    #: read is ``(make, *args)`` until then (Recorder.later): read them as ``decisions``
    records: list[Any]
    outputs: dict[str, Any]
    case_id: str | None = None
    #: what a report needs to show the pack and the facts without the pack at hand:
    #: {"title": Text, "default_language": str, "facts": {id: {label, type, unit}},
    #: "sources": {id: the source as JSON}} (the pack's registry, made once per pack)
    pack_info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def decisions(self) -> list[DecisionTrace]:
        """The record of each decision, in the order they were evaluated."""
        records = self.records
        for i, record in enumerate(records):
            if record.__class__ is tuple:   # made now, from what the evaluation kept
                record = records[i] = record[0](*record[1:])
            if record.calls:
                dated_calls(record.calls)
        return records

    @property
    def warnings(self) -> list[TraceWarning]:
        return [w for d in self.decisions for w in d.warnings]

    def decision(self, decision_id: str) -> DecisionTrace:
        for d in self.decisions:
            if d.id == decision_id:
                return d
        raise KeyError(decision_id)

    def to_json(self, why_not: WhyNot = WHY_NOT_LIMIT) -> dict[str, Any]:
        """The trace as JSON data, described by ``schemas/trace.schema.json``. Each table
        lists every rule that matched, and why the first ``why_not`` rules that did not
        match did not (``why_not="all"``: every rule), with the count of the others."""
        why_not_limit(why_not)  # a wrong value fails here, not halfway through
        out: dict[str, Any] = {
            "format": "regel-trace",
            "format_version": TRACE_FORMAT_VERSION,
            "engine_version": self.engine_version,
            "pack": {"id": self.pack_id, "version": self.pack_version,
                     "fingerprint": self.fingerprint,
                     "title": text_json(self.pack_info.get("title")),
                     "default_language": self.pack_info.get("default_language", "en")},
            "as_of": self.as_of.isoformat(),
        }
        if self.case_id is not None:
            out["case_id"] = self.case_id
        out.update({
            "inputs": plain(self.facts),
            "facts": {k: {"label": text_json(v["label"]), "type": v["type"], "unit": v["unit"],
                          "values": {c: n.to_json() for c, n in v.get("values", {}).items()},
                          "fields": {c: n.to_json() for c, n in v.get("fields", {}).items()},
                          "units": dict(v.get("units", {}))}
                      for k, v in self.pack_info.get("facts", {}).items()},
            "decisions": [d.to_json(why_not) for d in self.decisions],
            "outputs": plain(self.outputs),
            "warnings": [w.to_json() for w in self.warnings],
            "sources": {k: _source_copy(v) for k, v in self.pack_info.get("sources",
                                                                         {}).items()},
        })
        return out


def _source_copy(entry: dict[str, Any]) -> dict[str, Any]:
    """A registry entry's JSON, copied (the pack's own is shared by its traces)."""
    return {k: dict(v) if isinstance(v, dict) else v for k, v in entry.items()}


class Recorder:
    """Collects the trace of one evaluation."""

    enabled = True

    def __init__(self) -> None:
        #: the records, in order; a record left for later is (make, *args): see Trace
        self.decisions: list[Any] = []
        self.current: DecisionTrace | None = None
        #: the calls of each function decision: its record's ``calls``, by id (filled as
        #: they are made, also when the record itself is made later)
        self.function_records: dict[str, list[DecisionTrace]] = {}

    def begin(self, decision: Decision, version: Version, selected_by: str | None,
              day: _dt.date) -> DecisionTrace | None:
        """A decision's record begun (and returned: the one the calls that follow fill)."""
        record = self.current = DecisionTrace(decision, version, selected_by, day)
        self.decisions.append(record)
        if decision.is_function:
            self.function_records[decision.id] = record.calls
        return record

    def input(self, name: str, value: Any, origin: str) -> None:
        assert self.current is not None
        self.current.inputs.append(InputTrace(name, value, origin))

    def later(self, make: Callable[..., DecisionTrace], args: tuple[Any, ...]) -> None:
        """A decision's record to be made as ``make(*args)`` when the trace is read (what
        it records is all in ``args``; evaluating it again is not needed), kept as the
        tuple ``(make, *args)``. ``current`` stays as it was: nothing is recorded into a
        record left for later."""
        self.decisions.append((make, *args))

    def inputs_of(self, decision: Decision, facts: Mapping[str, Any],
                  values: Mapping[str, Any]) -> None:
        """The decision's inputs (its facts, missing or not) and the results of the
        decisions it requires, as ``input`` would record them one by one."""
        assert self.current is not None
        self.current.input_source = (decision, facts, values)

    def columns(self, clauses: Any, values: list[Any]) -> None:
        """A table's input clauses and the values they saw."""
        assert self.current is not None
        self.current.column_source = (clauses, values)

    def scanned(self, hits: list[Rule], missed: list[Rule], missed_at: list[int]) -> None:
        """A scanned table at once: the rules that matched, the others and the position
        of the column that failed for each (as ``rule`` would have kept them)."""
        current = self.current
        assert current is not None
        current.hits, current.missed, current.missed_at = hits, missed, missed_at

    def rule(self, rule: Rule, failed: int) -> None:
        """A scanned rule: ``failed`` is the position of the first input column whose cell
        did not match, or -1 when the rule matched. Kept as it is; words come when read."""
        current = self.current
        assert current is not None
        if failed < 0:
            current.hits.append(rule)
        else:
            current.missed.append(rule)
            current.missed_at.append(failed)

    def index_lookups(self, table: Any, inputs: list[Any], bits: int) -> None:
        """An indexed table: its inputs and the bits of the rules that matched; why each
        other rule did not is looked up in the table's index when someone reads it."""
        assert self.current is not None
        self.current.indexed = (table, inputs, bits)

    def result(self, output: Any, matched: list[str], decided_by: list[str], how: Msg,
               used_default: bool, interpretations: list[dict[str, Any]]) -> None:
        assert self.current is not None
        c = self.current
        c.output, c.matched, c.decided_by = output, matched, decided_by
        c.how, c.used_default, c.interpretations = how, used_default, interpretations

    def warning(self, w: TraceWarning) -> None:
        if self.current is not None:
            self.current.warnings.append(w)


class _NullRecorder(Recorder):
    """Tracing off: the same calls, nothing kept."""

    enabled = False

    def begin(self, decision: Decision, version: Version, selected_by: str | None,
              day: _dt.date) -> DecisionTrace | None:
        return None

    def input(self, name: str, value: Any, origin: str) -> None:
        pass

    def later(self, make: Callable[..., DecisionTrace], args: tuple[Any, ...]) -> None:
        pass

    def inputs_of(self, decision: Decision, facts: Mapping[str, Any],
                  values: Mapping[str, Any]) -> None:
        pass

    def columns(self, clauses: Any, values: list[Any]) -> None:
        pass

    def scanned(self, hits: list[Rule], missed: list[Rule], missed_at: list[int]) -> None:
        pass

    def rule(self, rule: Rule, failed: int) -> None:
        pass

    def index_lookups(self, table: Any, inputs: list[Any], bits: int) -> None:
        pass

    def result(self, output: Any, matched: list[str], decided_by: list[str], how: Msg,
               used_default: bool, interpretations: list[dict[str, Any]]) -> None:
        pass

    def warning(self, w: TraceWarning) -> None:
        pass


NULL_RECORDER = _NullRecorder()
