"""Terminal views: the trace as a tree (``regel explain``) and a decision's table as a
grid (``regel show``). Renderers only read the trace and the model; they compute nothing.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text as RichText
from rich.tree import Tree

from engine.feel.values import to_feel_literal, to_string
from engine.model import Decision, DecisionTable, LiteralExpression, Text
from engine.trace import DecisionTrace, Trace

__all__ = ["trace_tree", "decision_tables", "LABELS"]

LABELS = {
    "en": {
        "case": "Case", "as_of": "as of", "pack": "pack", "facts": "Facts",
        "version": "version", "selected_by": "selected by", "as_of_date": "the as-of date",
        "inputs": "inputs", "rules": "rules", "matched": "matched", "not_matched":
        "did not match", "saw": "saw", "result": "result", "why": "how",
        "law": "law", "interpretation": "INTERPRETATION", "warning": "WARNING",
        "default": "default", "hit_policy": "hit policy", "from": "from", "to": "to",
        "open": "onwards", "expression": "expression", "rule": "rule", "note": "note",
        "origin_fact": "case fact", "origin_decision": "decision",
        "origin_default": "default", "origin_missing": "missing",
    },
    "da": {
        "case": "Sag", "as_of": "pr.", "pack": "regelsæt", "facts": "Oplysninger",
        "version": "version", "selected_by": "valgt ud fra", "as_of_date": "opgørelsesdatoen",
        "inputs": "input", "rules": "regler", "matched": "opfyldt", "not_matched":
        "ikke opfyldt", "saw": "så", "result": "resultat", "why": "afgjort sådan",
        "law": "hjemmel", "interpretation": "FORTOLKNING", "warning": "ADVARSEL",
        "default": "standardværdi", "hit_policy": "hitpolitik", "from": "fra", "to": "til",
        "open": "og frem", "expression": "udtryk", "rule": "regel", "note": "note",
        "origin_fact": "sagens oplysning", "origin_decision": "afgørelse",
        "origin_default": "standardværdi", "origin_missing": "mangler",
    },
}


def _v(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return to_feel_literal(value)
    return to_string(value)


def _t(text: Text | dict[str, str] | None, lang: str) -> str:
    if text is None:
        return ""
    if isinstance(text, dict):
        return text.get(lang) or text.get("en", "")
    return text.get(lang)


def _decision_node(d: DecisionTrace, lang: str) -> Tree:
    L = LABELS[lang]
    head = RichText()
    head.append(f"{d.decision.label.get(lang)} ", style="bold")
    head.append(f"({d.id})", style="dim")
    head.append(f"  {L['result']}: ", style="")
    head.append(_v(d.output), style="bold green")
    node = Tree(head)
    if d.decision.question is not None:
        node.add(RichText(d.decision.question.get(lang), style="italic"))
    v = d.version
    period = f"{L['from']} {v.valid_from.isoformat()} " + (
        f"{L['to']} {v.valid_to.isoformat()}" if v.valid_to else L["open"])
    chooser = d.selected_by or L["as_of_date"]
    node.add(RichText(f"{L['version']}: {period}; {L['selected_by']} {chooser} = "
                      f"{d.selected_date.isoformat()}"))
    node.add(RichText(f"{L['law']}: " + "; ".join(d.citations), style="cyan"))
    if d.inputs:
        inputs = node.add(L["inputs"])
        for i in d.inputs:
            inputs.add(RichText(f"{i.name} = {_v(i.value)}  ({L['origin_' + i.origin]})"))
    if d.kind == "table":
        rules = node.add(f"{L['rules']} ({L['hit_policy']} {d.hit_policy})")
        for r in d.rules:
            if r.matched:
                line = RichText(f"✔ {r.id} {L['matched']}", style="green")
                if r.source:
                    line.append(f"  [{r.source}]", style="cyan")
            else:
                line = RichText(f"✘ {r.id} {L['not_matched']}: {r.failed_input} "
                                f"{L['saw']} {_v(r.saw)}, {L['rule']} {r.failed_cell}",
                                style="dim")
            rules.add(line)
    node.add(RichText(f"{L['why']}: {d.resolution.get(lang)}"))
    for note in d.interpretations:
        node.add(RichText(f"⚑ {L['interpretation']}: {_t(note.get('text'), lang)}",
                          style="bold yellow"))
    for w in d.warnings:
        msg = (w.message_da if lang == "da" and w.message_da else w.message)
        node.add(RichText(f"⚠ {L['warning']} {w.code}: {msg}", style="yellow"))
    return node


def trace_tree(trace: Trace, lang: str = "en") -> Tree:
    """The trace as a tree: the case, then each decision with its version, inputs, rules
    (matched and not, with the failing cell), resolution, law and interpretations."""
    L = LABELS[lang]
    title = RichText()
    title.append(f"{L['case']}", style="bold")
    if trace.case_id:
        title.append(f" {trace.case_id}")
    title.append(f" — {L['pack']} {trace.pack_id} {trace.pack_version}, {L['as_of']} "
                 f"{trace.as_of.isoformat()}")
    root = Tree(title)
    facts = root.add(L["facts"])
    for k, v in trace.facts.items():
        facts.add(escape(f"{k} = {_v(v)}"))
    for d in trace.decisions:
        root.add(_decision_node(d, lang))
    return root


def decision_tables(decision: Decision, lang: str = "en") -> Group:
    """Every version of a decision: its period, law, and its table as a grid."""
    L = LABELS[lang]
    parts: list[Any] = []
    for v in decision.versions:
        period = f"{L['from']} {v.valid_from.isoformat()} " + (
            f"{L['to']} {v.valid_to.isoformat()}" if v.valid_to else L["open"])
        title = f"{decision.label.get(lang)} ({decision.id}) — {period} — {v.source}"
        logic = v.logic
        if isinstance(logic, LiteralExpression):
            grid = Table(title=title, title_justify="left")
            grid.add_column(L["expression"])
            grid.add_row(logic.text)
            parts.append(grid)
            continue
        assert isinstance(logic, DecisionTable)
        grid = Table(title=title, title_justify="left", show_lines=False)
        grid.add_column(logic.hit_policy, style="dim")
        for c in logic.inputs:
            grid.add_column(c.label.get(lang) if c.label else c.text, header_style="bold blue")
        for o in logic.outputs:
            grid.add_column(o.label.get(lang) if o.label else o.name,
                            header_style="bold green")
        grid.add_column(L["law"], style="cyan")
        for r in logic.rules:
            grid.add_row(r.id, *r.cell_texts(), *r.output_texts(), r.source or "")
        if any(o.has_default for o in logic.outputs):
            grid.add_row(L["default"], *["" for _ in logic.inputs],
                         *[_v(o.default) if o.has_default else "" for o in logic.outputs], "")
        parts.append(grid)
        if v.interpretation is not None:
            parts.append(RichText(f"⚑ {L['interpretation']}: {v.interpretation.get(lang)}",
                                  style="yellow"))
    return Group(*parts)
