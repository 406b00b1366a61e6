"""The report as Markdown: for case files, e-mail and anything that reads plain text.
Every text from a case or a pack is escaped (``md``) so that it stays text: no HTML, link,
image, emphasis, heading or table cell of its own, and no control character."""

from __future__ import annotations

import re

from regel.base.messages import render
from regel.base.words import visible
from regel.report.document import Document, Row, Section, Table
from regel.report.footnotes import Cite

__all__ = ["render_markdown", "md", "cite_md"]

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


def cite_md(c: Cite, line_start: bool = False) -> str:
    """A citation with its footnote number: 'Udlændingeloven, § 9, stk. 4 [1]'."""
    return md(c.text, line_start) + (f" [{c.n}]" if c.n is not None else "")


def _table(t: Table, lang: str) -> list[str]:
    """A record (two columns: field, value) or a list of records (a column per field)."""
    headers = t.headers or [render("report.fact", lang), render("report.value", lang)]
    out = ["| " + " | ".join(md(h) for h in headers) + " |",
           "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(md(c) for c in row) + " |" for row in t.rows]
    return [*out, ""]


def _not_applied(s: Section, lang: str) -> list[str]:
    out = [f"*{md(s.not_applied_summary(lang))}:*", "",
           _header(lang, "report.rule", "report.reason", "report.legal_basis"), "|---|---|---|"]
    for r in s.not_applied:
        rule = render("report.decided_by_rule", lang, {"rule": r.rule})
        what = f"{md(r.description)} ({md(rule)})" if r.description else md(rule)
        out.append(f"| {what} | {md(r.reason)} | {'; '.join(cite_md(c) for c in r.cites)} |")
    out.append("")
    if s.not_listed:
        out += [md(s.not_listed_note(lang), line_start=True), ""]
    return out


def _section(s: Section, lang: str, level: str) -> list[str]:
    out = [f"{level} {md(s.heading)}", ""]
    if s.table is not None:
        out += [f"**{render('report.result', lang)}:**", "", *_table(s.table, lang)]
    else:
        out += [f"**{render('report.result', lang)}:** {md(s.result)}", ""]
    if s.because:
        rules = ", ".join(render("report.decided_by_rule", lang, {"rule": md(r)})
                          for r in s.decided_by)
        out += [f"{render('report.rule_applied', lang)} ({rules}):", "",
                _header(lang, "report.column", "report.case_value", "report.rule_requires"),
                "|---|---|---|", *(_row(r) for r in s.because), ""]
    for text in (s.how, render("report.expression", lang) if s.formula else "",
                 render("report.default_used", lang) if s.default_used else ""):
        if text:
            out += [md(text, line_start=True), ""]
    if s.citations:
        out += [f"**{render('report.legal_basis', lang)}:**", ""]
        out += [f"- {cite_md(c, line_start=True)}" + (f" – {md(c.note)}" if c.note else "")
                for c in s.citations]
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
        out += _not_applied(s, lang)
    out += [f"*{render('report.version', lang)}:* {md(s.version)}; {md(s.selected)}", ""]
    return out


def _answers(doc: Document) -> list[str]:
    lang = doc.lang
    out = [f"## {render('report.answers', lang)}", ""]
    for a in doc.answers:
        basis = "; ".join(cite_md(c) for c in a.basis)
        line = md(a.sentence, line_start=True)
        if basis:
            line += f" ({render('report.basis', lang)} {basis})"
        out += [f"**{md(a.question)}**", "", line, ""]
        if a.interpreted:
            out += [f"> ⚑ {render('report.interpreted', lang)}", ""]
    return out


def _sources(doc: Document) -> list[str]:
    if not doc.sources:
        return []
    out = [f"## {render('report.sources', doc.lang)}", ""]
    for e in doc.sources:
        line = f"{e.n}. {md(e.title, line_start=True)}"
        line += (f". {md(e.details)}" if e.details else "") + \
            (f". {md(e.url)}" if e.url else "")
        out.append(line)
    return [*out, ""]


def _appendices(doc: Document) -> list[str]:
    lang = doc.lang
    out = []
    if doc.supporting:
        out += [f"## {render('report.supporting', lang)}", "",
                render("report.supporting_intro", lang), ""]
        for s in doc.supporting:
            out += _section(s, lang, "###")
    out += [f"## {render('report.authority', lang)}", "",
            md(render("report.authority_intro", lang), line_start=True), ""]
    out += [f"- **{md(r.label)}:** {md(r.value)}" for r in doc.authority]
    return [*out, ""]


def render_markdown(doc: Document) -> str:
    """The report as Markdown: the answers first, then the facts, how each was decided and
    the sources; then the appendices (intermediate results, for the authority)."""
    lang = doc.lang
    meta = [(render("report.case", lang), doc.case)] if doc.case else []
    meta += [(render("report.as_of", lang), doc.as_of), (render("report.pack", lang), doc.pack)]
    out = [f"# {md(doc.title)}", "",
           " · ".join(f"**{k}:** {md(v)}" for k, v in meta), "", *_answers(doc),
           f"## {render('report.facts', lang)}", "",
           f"| {render('report.fact', lang)} | {render('report.value', lang)} |", "|---|---|"]
    out += [f"| {md(r.label)} | {md(r.value)} |" for r in doc.facts]
    out += ["", f"## {render('report.reasoning', lang)}", ""]
    for s in doc.questions:
        out += _section(s, lang, "###")
    return "\n".join(out + _sources(doc) + _appendices(doc))
