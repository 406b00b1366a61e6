"""Terminal view of a decision's tables as grids, version by version (``regel show``).
Explanations of a case are reports (``regel.report``)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from regel.feel.values import to_feel_literal, to_string
from regel.model import Decision, DecisionTable, LiteralExpression, Text

__all__ = ["decision_tables", "LABELS"]

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
