"""The report as Markdown: for case files, e-mail and anything that reads plain text."""

from __future__ import annotations

from regel.base.messages import render
from regel.report.document import Document, Section

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _header(lang: str, *keys: str) -> str:
    """A table's header row: the labels ``keys`` in ``lang``."""
    return "| " + " | ".join(render(k, lang) for k in keys) + " |"


def _section(s: Section, lang: str, level: str, fold: bool) -> list[str]:
    out = [f"{level} {s.heading}", "", f"**{render('report.result', lang)}:** {s.result}", ""]
    if s.decided_by:
        rules = ", ".join(render("report.decided_by_rule", lang, {"rule": r})
                          for r in s.decided_by)
        out += [f"**{render('report.decided_by', lang)}:** {rules}", ""]
    if s.because:
        out += [render("report.because", lang), "",
                _header(lang, "report.column", "report.case_value", "report.rule_requires"),
                "|---|---|---|"]
        out += [f"| {_cell(r.label)} | {_cell(r.value)} | {_cell(r.note)} |" for r in s.because]
        out.append("")
    if s.formula:
        out += [render("report.expression", lang), ""]
    if s.default_used:
        out += [render("report.default_used", lang), ""]
    if not s.formula:
        out += [f"**{render('report.how', lang)}:** {s.resolution}", ""]
    out += [f"**{render('report.version', lang)}:** {s.version}; {s.selected}", ""]
    if s.citations:
        out += [f"**{render('report.legal_basis', lang)}:**", ""]
        out += [f"- {c}" for c in s.citations]
        out.append("")
    for note in s.interpretations:
        out += [f"> ⚑ **{render('report.interpretation', lang)}.** "
                f"{render('report.interpretation_intro', lang)} {note}", ""]
    for w in s.warnings:
        out += [f"> ⚠ **{render('report.warning', lang)}.** {w}", ""]
    if s.inputs:
        out += [f"*{render('report.inputs_used', lang)}:* " + "; ".join(
            f"{r.label} = {r.value} ({r.note})" for r in s.inputs), ""]
    if s.not_applied:
        header = [_header(lang, "report.rule", "report.reason", "report.legal_basis"),
                  "|---|---|---|"]
        rows = [f"| {_cell(r.label)} | {_cell(r.value)} | {_cell(r.note)} |"
                for r in s.not_applied]
        if fold:  # folded where Markdown is shown as HTML (GitHub, GitLab)
            out += [f"<details><summary>{s.not_applied_summary(lang)}"
                    "</summary>", "", *header, *rows, "", "</details>", ""]
        else:
            out += [f"*{render('report.not_applied', lang)}:*", "", *header, *rows, ""]
    return out


def render_markdown(doc: Document, fold: bool = True) -> str:
    """The report as Markdown; ``fold`` puts the rules that did not apply in <details>."""
    lang = doc.lang
    out = [f"# {doc.title}", "", doc.intro, "",
           f"- **{render('report.pack', lang)}:** {doc.pack}"]
    if doc.case:
        out.append(f"- **{render('report.case', lang)}:** {doc.case}")
    out += [f"- **{render('report.as_of', lang)}:** {doc.as_of}", "",
            f"## {render('report.facts', lang)}", "",
            f"| {render('report.fact', lang)} | {render('report.value', lang)} |", "|---|---|"]
    out += [f"| {_cell(r.label)} | {_cell(r.value)} |" for r in doc.facts]
    out += ["", f"## {render('report.questions', lang)}", ""]
    for s in doc.questions:
        out += _section(s, lang, "###", fold)
    if doc.supporting:
        out += [f"## {render('report.supporting', lang)}", "",
                render("report.supporting_intro", lang), ""]
        for s in doc.supporting:
            out += _section(s, lang, "###", fold)
    out += ["---", "", f"*{doc.footer}*", ""]
    return "\n".join(out)
