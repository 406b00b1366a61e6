"""Terminal view of a decision's tables as grids, version by version (``regel show``).
Explanations of a case are reports (``regel.report``); the grid's labels are in the message
catalogue (``report.grid.*``)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from regel.base.messages import render
from regel.base.words import visible
from regel.feel.values import to_feel_literal, to_string
from regel.model import Decision, DecisionTable, LiteralExpression, Source, Text, cited_text

__all__ = ["decision_tables"]


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


def decision_tables(decision: Decision, lang: str = "en",
                    sources: dict[str, Source] | None = None) -> Group:
    """Every version of a decision: its period, law, and its table as a grid; citations
    are named from the pack's registry ``sources``."""
    sources = sources or {}
    parts: list[Any] = []
    for v in decision.versions:
        start = v.valid_from.isoformat()
        period = (render("report.grid.period", lang, {"start": start,
                                                       "end": v.valid_to.isoformat()})
                  if v.valid_to else render("report.grid.period_open", lang, {"start": start}))
        title = _plain(f"{decision.label.get(lang)} ({decision.id}) — {period} — "
                       f"{cited_text(v.source, sources, lang)}")
        logic = v.logic
        if isinstance(logic, LiteralExpression):
            grid = Table(title=title, title_justify="left")
            grid.add_column(render("report.grid.expression", lang))
            grid.add_row(_plain(logic.text))
            parts.append(grid)
            continue
        assert isinstance(logic, DecisionTable)
        grid = Table(title=title, title_justify="left", show_lines=False)
        grid.add_column(logic.hit_policy, style="dim")
        for c in logic.inputs:
            grid.add_column(_plain(c.label.get(lang) if c.label else c.text),
                            header_style="bold blue")
        for o in logic.outputs:
            grid.add_column(_plain(o.label.get(lang) if o.label else o.name),
                            header_style="bold green")
        grid.add_column(render("report.grid.law", lang), style="cyan")
        for r in logic.rules:
            grid.add_row(*map(_plain, [r.id, *r.cell_texts(), *r.output_texts(),
                                        cited_text(r.source, sources, lang)]))
        if any(o.has_default for o in logic.outputs):
            grid.add_row(render("report.grid.default", lang), *["" for _ in logic.inputs],
                         *[_plain(_v(o.default)) if o.has_default else "" for o in logic.outputs],
                         "")
        parts.append(grid)
        if v.interpretation is not None:
            note = render("report.grid.interpretation", lang)
            parts.append(RichText(visible(f"⚑ {note}: {v.interpretation.get(lang)}"),
                                  style="yellow"))
    return Group(*parts)


def _plain(text: str) -> RichText:
    """A text from the pack as it is: never read as rich markup, its control characters made
    visible (a label could carry ``[bold]`` or a terminal escape)."""
    return RichText(visible(text))
