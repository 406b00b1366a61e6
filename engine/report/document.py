"""A report as plain data, built from a trace's JSON and nothing else.

Renderers (Markdown, HTML, terminal) lay this document out; none of them computes or looks
anything up. Because the input is the archived JSON, a trace can be rendered years later
without the pack: the trace carries the labels, units and citations it needs. Its warnings
and resolutions are messages (a key or code and values), put into words here in the report's
language from the message catalogue (``regel.base.messages.report`` has the report's own).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regel.base.messages import render
from regel.base.words import message_text
from regel.report.answers import answer_sentence
from regel.report.footnotes import Cite, Footnotes, SourceEntry
from regel.report.formats import format_date, format_value

__all__ = ["Answer", "Document", "NotApplied", "Row", "Section", "Table", "build"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Row:
    label: str
    value: str
    note: str = ""


@dataclass(slots=True)
class Table:
    """A result that is a record or a list of records, as a table with column labels."""
    headers: list[str]
    rows: list[list[str]]


@dataclass(slots=True)
class NotApplied:
    """A rule that did not apply: its id (small print), what it provides, why not."""
    rule: str
    description: str
    reason: str
    cites: list[Cite] = field(default_factory=list)


@dataclass(slots=True)
class Answer:
    """The answer to one question the case asked, in one sentence, with its legal basis."""
    id: str
    question: str
    sentence: str
    basis: list[Cite]
    interpreted: bool


@dataclass(slots=True)
class Section:
    id: str
    heading: str
    label: str
    result: str
    asked: bool
    table: Table | None = None
    decided_by: list[str] = field(default_factory=list)
    because: list[Row] = field(default_factory=list)      # condition, case value, rule cell
    formula: bool = False
    how: str = ""
    version: str = ""
    selected: str = ""
    citations: list[Cite] = field(default_factory=list)
    interpretations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)
    #: rules that did not apply either but that the trace does not list (its why_not)
    not_listed: int = 0
    inputs: list[Row] = field(default_factory=list)       # label, value, origin
    default_used: bool = False

    def not_applied_summary(self, lang: str) -> str:
        """'4 rules did not apply', counting those the trace does not list."""
        n = len(self.not_applied) + self.not_listed
        return render("report.not_applied_one", lang) if n == 1 else \
            render("report.not_applied_count", lang, {"count": n})

    def not_listed_note(self, lang: str) -> str:
        """What the trace left out of the rules that did not apply; '' when nothing."""
        n = self.not_listed
        if not n:
            return ""
        return render("report.not_listed_one", lang) if n == 1 else \
            render("report.not_listed", lang, {"count": n})


@dataclass(slots=True)
class Document:
    lang: str
    title: str
    intro: str
    pack: str
    case: str
    as_of: str
    answers: list[Answer]
    facts: list[Row]
    questions: list[Section]
    supporting: list[Section]
    sources: list[SourceEntry]
    authority: list[Row]
    fingerprint: str


def _revive(value: Any) -> Any:
    """JSON back to values a person reads: ISO date strings become dates."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_revive(v) for v in value]
    if isinstance(value, dict):
        return {k: _revive(v) for k, v in value.items()}
    return value


def _text(value: Any, lang: str) -> str:
    """A text of the trace in ``lang``: a message (key or code, and values), a pack's text
    (da/en), or a plain string."""
    if isinstance(value, dict):
        if "values" in value:
            return message_text(value, lang)
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


def _show(value: Any, lang: str, unit: str | None = None,
          units: dict[str, str] | None = None, fields: dict[str, Any] | None = None,
          values: dict[str, Any] | None = None, nested: bool = False) -> str:
    """A value as a person reads it: coded values by their names, a mapping's fields by
    their labels, numbers with their units, dates in words, no value as 'not given'."""
    value = _revive(value)
    if value is None:
        return render("report.absent", lang)
    if values and isinstance(value, str) and value in values:
        return _text(values[value], lang)
    if isinstance(value, dict) and value and (fields or values):
        parts = []
        for k, v in value.items():
            label = _text(fields[k], lang) if fields and k in fields else k
            parts.append(f"{label}: " + _show(v, lang, (units or {}).get(k), units, fields,
                                                values, nested=True))
        text = "; ".join(parts)
        return f"({text})" if nested else text
    if isinstance(value, list) and value and (fields or values):
        return ", ".join(_show(v, lang, unit, units, fields, values, nested=True)
                         for v in value)
    return format_value(value, lang, unit=unit, units=units or None)


def _table(value: Any, lang: str, d: dict[str, Any]) -> Table | None:
    """A record, or a list of records, as a table with the decision's field labels; None
    for any other value (it reads well on one line)."""
    fields, values = d.get("fields") or {}, d.get("values") or {}
    units = {k: u for k, u in (d.get("units") or {}).items() if k}

    def cell(k: str, v: Any) -> str:
        return _show(v, lang, units.get(k), units, fields, values, nested=True)

    def label(k: str) -> str:
        return _text(fields[k], lang) if k in fields else k

    if isinstance(value, dict) and value:
        return Table([], [[label(k), cell(k, v)] for k, v in value.items()])
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        keys = list(dict.fromkeys(k for v in value for k in v))
        return Table([label(k) for k in keys],
                     [[cell(k, v.get(k)) for k in keys] for v in value])
    return None


#: comparisons said in words of time when they compare with a date ('before', 'after')
_CMP_DATE = ("<=", ">=", "<", ">")


def _endpoint(text: str, lang: str, unit: str | None,
              names: dict[str, Any] | None = None) -> tuple[str, bool]:
    """A cell's literal as a person writes it, and whether it is a date."""
    text = text.strip()
    bare = text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text
    if names and bare in names:
        return _text(names[bare], lang), False
    if _ISO_DATE.match(text):
        try:
            return format_date(_dt.date.fromisoformat(text), lang), True
        except ValueError:
            return text, False
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return format_value(Decimal(text), lang, unit=unit), False
    if text in ("true", "false"):
        return render(f"report.cell.{text}", lang), False
    if text == "null":
        return render("report.absent", lang), False
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1], False
    return text, False


def humanize_cell(cell: str, lang: str, unit: str | None = None,
                  names: dict[str, Any] | None = None) -> str:
    """An input cell in words where its form is a common one (``< 2011-01-01`` →
    'før 1. januar 2011'); anything else is shown as written."""
    cell = cell.strip()
    if cell == "-":
        return render("report.any_value", lang)
    m = re.fullmatch(r"not\((.*)\)", cell)
    if m:
        return render("report.cell.not", lang,
                      {"v": humanize_cell(m.group(1), lang, unit, names)})
    parts = _split_top(cell)
    if len(parts) > 1:
        return f" {render('report.cell.or', lang)} ".join(
            humanize_cell(p, lang, unit, names) for p in parts)
    m = re.fullmatch(r"(<=|>=|!=|<|>|=)\s*(.+)", cell)
    if m:
        value, is_date = _endpoint(m.group(2), lang, unit)
        date = "date" if is_date and m.group(1) in _CMP_DATE else ""
        return render(f"report.cell.{date}{m.group(1)}", lang, {"v": value})
    m = re.fullmatch(r"([\[\(\]])\s*(.+?)\s*\.\.\s*(.+?)\s*([\]\)\[])", cell)
    if m:
        lo, _ = _endpoint(m.group(2), lang, unit)
        hi, _ = _endpoint(m.group(3), lang, unit)
        start = render("report.cell.from" if m.group(1) == "[" else "report.cell.after", lang,
                       {"v": lo})
        end = render("report.cell.to" if m.group(4) == "]" else "report.cell.before", lang,
                     {"v": hi})
        return f"{start} {end}"
    value, _ = _endpoint(cell, lang, unit, names)
    return value


def _split_top(text: str) -> list[str]:
    """Split a cell at top-level commas (not inside brackets or strings)."""
    parts, depth, current, quoted = [], 0, "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([{":
            depth += 1
        elif not quoted and ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return [p for p in parts if p]


def _result(d: dict[str, Any], lang: str) -> str:
    """A decision's result on one line."""
    units = d.get("units") or {}
    output = d.get("output")
    if isinstance(output, str) and output.startswith("function"):
        return render("report.calculation_rule", lang)
    return _show(output, lang, units.get(""), {k: v for k, v in units.items() if k},
                 d.get("fields") or {}, d.get("values") or {})


def _section(d: dict[str, Any], lang: str, asked: bool, facts: dict[str, Any],
             decisions: dict[str, Any], notes: Footnotes) -> Section:
    """One decision of the trace as a section of the report."""
    label = _text(d.get("label"), lang) or d["id"]
    s = Section(d["id"], _text(d.get("question"), lang) or label, label,
                _result(d, lang), asked)
    if not (isinstance(d.get("output"), str) and str(d["output"]).startswith("function")):
        s.table = _table(_revive(d.get("output")), lang, d)
    s.decided_by = list(d.get("decided_by") or [])
    s.default_used = bool(d.get("used_default"))
    s.formula = d.get("kind") == "expression"
    s.how = "" if s.formula else plain_how(d, lang)
    s.version, s.selected = _version(d, lang, facts)
    s.citations = notes.cites(list(d.get("citations") or []))
    for i in d.get("interpretations") or []:
        note = _text(i.get("text"), lang)
        if note not in s.interpretations:  # two rules may rest on the same reading
            s.interpretations.append(note)
    # a missing optional fact is shown where it is used ("not given"), not as a warning
    s.warnings = [message_text(w, lang) for w in d.get("warnings") or []
                  if w.get("code") != "INPUT-MISSING"]
    _rules(s, d, lang, facts, decisions, notes)
    s.inputs = [row for i in d.get("inputs") or []
                if (row := _input(i, lang, facts, decisions)) is not None]
    return s


#: how several matching rules give one result, by hit policy, in plain words
_MANY = {"ANY": "same", "PRIORITY": "priority", "FIRST": "first", "RULE ORDER": "all",
         "OUTPUT ORDER": "all", "COLLECT": "all", "COLLECT SUM": "sum", "COLLECT MIN": "min",
         "COLLECT MAX": "max", "COLLECT COUNT": "count"}


def plain_how(d: dict[str, Any], lang: str) -> str:
    """How a table's result came about, in words without the names of hit policies (from
    the hit policy and the rules that matched, which every trace format records)."""
    policy = str(d.get("hit_policy") or "")
    count = len(d.get("matched") or [])
    if count == 0:
        key = "default" if d.get("used_default") else \
            "count" if policy == "COLLECT COUNT" else "none"
    elif count == 1 and policy in ("UNIQUE", "ANY", "PRIORITY", "FIRST"):
        key = "one"
    else:
        key = _MANY.get(policy, "all")
    return render(f"report.how.{key}", lang, {"count": count})


def _version(d: dict[str, Any], lang: str, facts: dict[str, Any]) -> tuple[str, str]:
    """The version's period ('rules in force from …'), and the date that chose it."""
    v = d["version"]
    start = format_date(_dt.date.fromisoformat(v["valid_from"]), lang)
    period = (render("report.version_from_to", lang, {
        "start": start, "end": format_date(_dt.date.fromisoformat(v["valid_to"]), lang)})
        if v.get("valid_to") else render("report.version_from", lang, {"start": start}))
    sel = d.get("selected_by") or {}
    what = sel.get("expression") or render("report.the_as_of_date", lang)
    if sel.get("label"):
        what = _text(sel["label"], lang)
    elif sel.get("expression") and sel["expression"] in facts:
        what = _text(facts[sel["expression"]]["label"], lang)
    if not sel.get("date"):
        return period, ""
    return period, render("report.selected_by_date", lang, {
        "what": what, "date": format_date(_dt.date.fromisoformat(sel["date"]), lang)})


def _rules(s: Section, d: dict[str, Any], lang: str, facts: dict[str, Any],
           decisions: dict[str, Any], notes: Footnotes) -> None:
    """Why the deciding rules applied (their cells), and why each other rule did not."""
    columns = {c["id"]: c for c in d.get("columns") or []}
    for r in d.get("rules") or []:
        if r.get("matched") and r["id"] in s.decided_by:
            for col, cell in zip(columns.values(), r.get("cells") or [], strict=False):
                if cell.strip() == "-":
                    continue
                col_label = _text(col.get("label"), lang) or _fact_label(col, facts, lang)
                unit, names = _fact_unit(col, facts), _column_values(col, facts, decisions)
                s.because.append(Row(col_label, _show(col.get("value"), lang, unit,
                                                      values=names),
                                     humanize_cell(cell, lang, unit, names)))
        elif not r.get("matched"):
            s.not_applied.append(_not_applied(r, columns, lang, facts, decisions, notes))
    s.not_listed = int((d.get("why_not") or {}).get("not_listed") or 0)


def _not_applied(r: dict[str, Any], columns: dict[str, Any], lang: str,
                 facts: dict[str, Any], decisions: dict[str, Any],
                 notes: Footnotes) -> NotApplied:
    """A rule that did not apply: what it provides (its citations' notes), and why not."""
    col = columns.get(r.get("failed_input") or "", {})
    col_label = _text(col.get("label"), lang) or _fact_label(col, facts, lang) or \
        str(r.get("failed_input"))
    unit, names = _fact_unit(col, facts), _column_values(col, facts, decisions)
    key = "report.not_applied_because_absent" if (r.get("failed_cell") or "").strip() \
        == "null" else "report.not_applied_because"
    reason = render(key, lang, {
        "label": col_label, "value": _show(r.get("saw"), lang, unit, values=names),
        "cell": humanize_cell(r.get("failed_cell") or "", lang, unit, names)})
    source = r.get("source")
    cites = notes.cites(source if isinstance(source, list) else [source] if source else [])
    description = "; ".join(c.note for c in cites if c.note)
    return NotApplied(r["id"], description, reason, cites)


#: the catalogue key that says where an input's value came from
_ORIGIN = {"fact": "report.from_fact", "decision": "report.from_decision",
           "missing": "report.from_missing", "default": "report.from_default",
           "argument": "report.from_argument"}


def _input(i: dict[str, Any], lang: str, facts: dict[str, Any],
           decisions: dict[str, Any]) -> Row | None:
    """An input the decision read: its label, its value and where it came from; None for
    a helper function (not something the case has)."""
    name = i["name"]
    if isinstance(i.get("value"), str) and i["value"].startswith("function"):
        return None
    if name in facts:
        info = facts[name]
        text = _show(i.get("value"), lang, info.get("unit"), info.get("units"),
                     info.get("fields"), info.get("values"))
        label = _text(facts[name]["label"], lang)
    elif name in decisions and isinstance(i.get("value"), (dict, list)):
        dd = decisions[name]   # a record or list: shown in its own section
        label = _text(dd.get("label"), lang) or name
        text = render("report.see_section", lang, {"label": label})
    elif name in decisions:
        dd = decisions[name]
        dunits = dd.get("units") or {}
        text = _show(i.get("value"), lang, dunits.get(""), {k: u for k, u in dunits.items()
                                                             if k}, dd.get("fields"),
                     dd.get("values"))
        label = _text(dd.get("label"), lang) or name
    else:
        text, label = _show(i.get("value"), lang), name
    return Row(label, text, render(_ORIGIN.get(i.get("from", ""), "report.from_fact"), lang))


def _column_values(col: dict[str, Any], facts: dict[str, Any],
                   decisions: dict[str, Any]) -> dict[str, Any] | None:
    """Names of the coded values a column holds (from its fact or decision)."""
    expr = col.get("expression", "")
    if expr in facts:
        return facts[expr].get("values") or None
    if expr in decisions:
        return decisions[expr].get("values") or None
    return None


def _fact_label(col: dict[str, Any], facts: dict[str, Any], lang: str) -> str:
    expr = col.get("expression", "")
    if expr in facts:
        return _text(facts[expr]["label"], lang)
    return str(col.get("id") or expr)


def _fact_unit(col: dict[str, Any], facts: dict[str, Any]) -> str | None:
    expr = col.get("expression", "")
    return facts[expr].get("unit") if expr in facts else None


def _answer(s: Section, d: dict[str, Any], lang: str) -> Answer:
    """The asked decision ``d`` answered in one sentence, with its legal basis."""
    units = {k: u for k, u in (d.get("units") or {}).items() if k}
    fields, values = d.get("fields") or {}, d.get("values") or {}

    def show(name: str | None, value: Any) -> str:
        if value == []:     # inside a sentence: "ingen", not the table's "(ingen)"
            return render("report.none_in_sentence", lang)
        if name is None:
            return s.result
        return _show(value, lang, units.get(name), units, fields, values, nested=True)

    default = render("report.answer_default", lang, {"label": s.label,
                                                      "result": s.result.rstrip(".")})
    sentence = answer_sentence(d.get("answer"), _revive(d.get("output")), lang, show, default)
    basis: list[Cite] = []
    for c in s.citations:   # the notes tell citations apart; the sentence needs each once
        if not any(b.text == c.text and b.n == c.n for b in basis):
            basis.append(c)
    return Answer(s.id, s.heading, sentence, basis, bool(s.interpretations))


def _authority(trace: dict[str, Any], lang: str, as_of: str) -> list[Row]:
    """What the authority needs to check or replay the decision."""
    pack = trace["pack"]
    left_out = any((d.get("why_not") or {}).get("not_listed")
                   for d in trace.get("decisions", []))
    more = [Row(render("report.authority.why_not", lang),
                render("report.authority.why_not_how", lang))] if left_out else []
    return more + [Row(render("report.authority.pack", lang), f"{pack['id']} {pack['version']}"),
            Row(render("report.authority.fingerprint", lang), str(pack["fingerprint"])),
            Row(render("report.authority.engine", lang),
                f"regel {trace.get('engine_version', '?')}"),
            Row(render("report.as_of", lang), as_of),
            Row(render("report.authority.replay", lang),
                render("report.authority.replay_how", lang, {"pack": pack["id"]}))]


def _facts(trace: dict[str, Any], lang: str) -> list[Row]:
    facts = trace.get("facts") or {}
    rows = []
    for name, value in (trace.get("inputs") or {}).items():
        info = facts.get(name, {})
        rows.append(Row(_text(info.get("label"), lang) or name,
                        _show(value, lang, info.get("unit"), info.get("units"),
                              info.get("fields"), info.get("values"))))
    return rows


def _sections(trace: dict[str, Any], lang: str, notes: Footnotes,
              asked: list[str]) -> list[Section]:
    """Every decision of the trace as a section; asked ones first, in the order asked."""
    facts = trace.get("facts") or {}
    by_id = {d["id"]: d for d in trace.get("decisions", [])}
    order = [by_id[i] for i in asked if i in by_id] + \
        [d for d in trace.get("decisions", []) if d["id"] not in asked]
    sections = []
    for d in order:
        sections.append(_section(d, lang, d["id"] in asked, facts, by_id, notes))
        # each call of a function decision, with the rule that decided it, after it
        for n, call in enumerate(d.get("calls") or [], 1):
            s = _section(call, lang, False, facts, by_id, notes)
            s.heading = render("report.call_heading", lang, {
                "label": s.label, "n": n,
                "arguments": ", ".join(f"{r.label} = {r.value}" for r in s.inputs)})
            sections.append(s)
    return sections


def build(trace: dict[str, Any], lang: str) -> Document:
    """The report document of a trace (its JSON form, numbers as Decimal)."""
    pack = trace["pack"]
    notes = Footnotes(trace.get("sources"), lang)
    asked = list(trace.get("outputs") or {})
    sections = _sections(trace, lang, notes, asked)
    by_id = {d["id"]: d for d in trace.get("decisions", [])}
    answers = [_answer(s, by_id[s.id], lang) for s in sections if s.asked and s.id in by_id]
    notes.renumber([c for a in answers for c in a.basis] +
                   [c for s in sections for c in s.citations + [
                       c for r in s.not_applied for c in r.cites]])
    as_of = format_date(_dt.date.fromisoformat(trace["as_of"]), lang)
    return Document(
        lang=lang, title=render("report.title", lang), intro=render("report.intro", lang),
        pack=_text(pack.get("title"), lang) or pack["id"],
        case=str(trace.get("case_id") or ""), as_of=as_of, answers=answers,
        facts=_facts(trace, lang), questions=[s for s in sections if s.asked],
        supporting=[s for s in sections if not s.asked], sources=notes.entries(),
        authority=_authority(trace, lang, as_of), fingerprint=pack["fingerprint"])
