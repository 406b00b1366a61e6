"""The report as Markdown: for case files, e-mail and anything that reads plain text."""

from __future__ import annotations

from regel.report.document import Document, Section
from regel.report.messages import t

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(s: Section, lang: str, level: str, fold: bool) -> list[str]:
    out = [f"{level} {s.heading}", "", f"**{t('result', lang)}:** {s.result}", ""]
    if s.decided_by:
        rules = ", ".join(t("decided_by_rule", lang, rule=r) for r in s.decided_by)
        out += [f"**{t('decided_by', lang)}:** {rules}", ""]
    if s.because:
        out += [t("because", lang), "",
                f"| {t('column', lang)} | {t('case_value', lang)} | {t('rule_requires', lang)} |",
                "|---|---|---|"]
        out += [f"| {_cell(r.label)} | {_cell(r.value)} | {_cell(r.note)} |" for r in s.because]
        out.append("")
    if s.formula:
        out += [t("expression", lang), ""]
    if s.default_used:
        out += [t("default_used", lang), ""]
    if not s.formula:
        out += [f"**{t('how', lang)}:** {s.resolution}", ""]
    out += [f"**{t('version', lang)}:** {s.version}; {s.selected}", ""]
    if s.citations:
        out += [f"**{t('legal_basis', lang)}:**", ""]
        out += [f"- {c}" for c in s.citations]
        out.append("")
    for note in s.interpretations:
        out += [f"> ⚑ **{t('interpretation', lang)}.** {t('interpretation_intro', lang)} {note}",
                ""]
    for w in s.warnings:
        out += [f"> ⚠ **{t('warning', lang)}.** {w}", ""]
    if s.inputs:
        out += [f"*{t('inputs_used', lang)}:* " + "; ".join(
            f"{r.label} = {r.value} ({r.note})" for r in s.inputs), ""]
    if s.not_applied:
        header = [f"| {t('rule', lang)} | {t('reason', lang)} | {t('legal_basis', lang)} |",
                  "|---|---|---|"]
        rows = [f"| {_cell(r.label)} | {_cell(r.value)} | {_cell(r.note)} |"
                for r in s.not_applied]
        if fold:  # folded where Markdown is shown as HTML (GitHub, GitLab)
            out += [f"<details><summary>{s.not_applied_summary(lang)}"
                    "</summary>", "", *header, *rows, "", "</details>", ""]
        else:
            out += [f"*{t('not_applied', lang)}:*", "", *header, *rows, ""]
    return out


def render_markdown(doc: Document, fold: bool = True) -> str:
    """The report as Markdown; ``fold`` puts the rules that did not apply in <details>."""
    lang = doc.lang
    out = [f"# {doc.title}", "", doc.intro, "",
           f"- **{t('pack', lang)}:** {doc.pack}"]
    if doc.case:
        out.append(f"- **{t('case', lang)}:** {doc.case}")
    out += [f"- **{t('as_of', lang)}:** {doc.as_of}", "",
            f"## {t('facts', lang)}", "",
            f"| {t('fact', lang)} | {t('value', lang)} |", "|---|---|"]
    out += [f"| {_cell(r.label)} | {_cell(r.value)} |" for r in doc.facts]
    out += ["", f"## {t('questions', lang)}", ""]
    for s in doc.questions:
        out += _section(s, lang, "###", fold)
    if doc.supporting:
        out += [f"## {t('supporting', lang)}", "", t("supporting_intro", lang), ""]
        for s in doc.supporting:
            out += _section(s, lang, "###", fold)
    out += ["---", "", f"*{doc.footer}*", ""]
    return "\n".join(out)
