"""The report as Markdown: for case files, e-mail and anything that reads plain text.
Every text from a case or a pack is escaped (``md``) so that it stays text: no HTML, link,
image, emphasis, heading or table cell of its own, and no control character."""

from __future__ import annotations

import re

from regel.base.messages import render
from regel.base.words import visible
from regel.report.document import Document, Row, Section

__all__ = ["render_markdown", "md"]

#: what would start HTML, an entity, a link or image, a code span or emphasis, a table cell
_INLINE = re.compile(r"[&<>\\`*~|]|_(?!\w)|(?<!\w)_|\](?=[(\[:])")
#: what would start a block at the beginning of a line: heading, list, rule
_BLOCK = re.compile(r"^(\s*)([#+=\-]|\d{1,9}(?=[.)](?:\s|$)))")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(text: str, line_start: bool = False) -> str:
    """``text`` as Markdown that shows exactly ``text``, on one line; with ``line_start``
    (the text begins a line, as a list item's does) it cannot begin a block either."""
    one_line = " ".join(visible(str(text)).splitlines())
    escaped = _INLINE.sub(lambda m: _ENTITY.get(m.group(), "\\" + m.group()), one_line)
    return _BLOCK.sub(_block_escape, escaped) if line_start else escaped


def _block_escape(m: re.Match[str]) -> str:
    lead, mark = m.group(1), m.group(2)
    return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)  # 1\. or \#


def _row(r: Row) -> str:
    return f"| {md(r.label)} | {md(r.value)} | {md(r.note)} |"


def _header(lang: str, *keys: str) -> str:
    """A table's header row: the labels ``keys`` in ``lang``."""
    return "| " + " | ".join(render(k, lang) for k in keys) + " |"


def _section(s: Section, lang: str, level: str, fold: bool) -> list[str]:
    out = [f"{level} {md(s.heading)}", "",
           f"**{render('report.result', lang)}:** {md(s.result)}", ""]
    if s.decided_by:
        rules = ", ".join(render("report.decided_by_rule", lang, {"rule": md(r)})
                          for r in s.decided_by)
        out += [f"**{render('report.decided_by', lang)}:** {rules}", ""]
    if s.because:
        out += [render("report.because", lang), "",
                _header(lang, "report.column", "report.case_value", "report.rule_requires"),
                "|---|---|---|"]
        out += [_row(r) for r in s.because]
        out.append("")
    if s.formula:
        out += [render("report.expression", lang), ""]
    if s.default_used:
        out += [render("report.default_used", lang), ""]
    if not s.formula:
        out += [f"**{render('report.how', lang)}:** {md(s.resolution)}", ""]
    out += [f"**{render('report.version', lang)}:** {md(s.version)}; {md(s.selected)}", ""]
    if s.citations:
        out += [f"**{render('report.legal_basis', lang)}:**", ""]
        out += [f"- {md(c, line_start=True)}" for c in s.citations]
        out.append("")
    for note in s.interpretations:
        out += [f"> ⚑ **{render('report.interpretation', lang)}.** "
                f"{render('report.interpretation_intro', lang)} {md(note)}", ""]
    for w in s.warnings:
        out += [f"> ⚠ **{render('report.warning', lang)}.** {md(w)}", ""]
    if s.inputs:
        out += [f"*{render('report.inputs_used', lang)}:* " + "; ".join(
            f"{md(r.label)} = {md(r.value)} ({md(r.note)})" for r in s.inputs), ""]
    if s.not_applied or s.not_listed:
        header = [_header(lang, "report.rule", "report.reason", "report.legal_basis"),
                  "|---|---|---|"]
        rows = [*header, *(_row(r) for r in s.not_applied), ""] if s.not_applied else []
        if s.not_listed:
            rows += [md(s.not_listed_note(lang), line_start=True), ""]
        if fold:  # folded where Markdown is shown as HTML (GitHub, GitLab)
            out += [f"<details><summary>{md(s.not_applied_summary(lang))}"
                    "</summary>", "", *rows, "</details>", ""]
        else:
            out += [f"*{render('report.not_applied', lang)}:*", "", *rows]
    return out


def render_markdown(doc: Document, fold: bool = True) -> str:
    """The report as Markdown; ``fold`` puts the rules that did not apply in <details>."""
    lang = doc.lang
    out = [f"# {md(doc.title)}", "", md(doc.intro, line_start=True), "",
           f"- **{render('report.pack', lang)}:** {md(doc.pack)}"]
    if doc.case:
        out.append(f"- **{render('report.case', lang)}:** {md(doc.case)}")
    out += [f"- **{render('report.as_of', lang)}:** {md(doc.as_of)}", "",
            f"## {render('report.facts', lang)}", "",
            f"| {render('report.fact', lang)} | {render('report.value', lang)} |", "|---|---|"]
    out += [f"| {md(r.label)} | {md(r.value)} |" for r in doc.facts]
    out += ["", f"## {render('report.questions', lang)}", ""]
    for s in doc.questions:
        out += _section(s, lang, "###", fold)
    if doc.supporting:
        out += [f"## {render('report.supporting', lang)}", "",
                render("report.supporting_intro", lang), ""]
        for s in doc.supporting:
            out += _section(s, lang, "###", fold)
    out += ["---", "", f"*{md(doc.footer)}*", ""]
    return "\n".join(out)
