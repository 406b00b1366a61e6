"""The report as one standalone HTML file: no scripts, fonts or images from the network,
readable on screen and printable on A4 (each decision keeps together where it fits; the
rules that did not apply are folded away and open with a click)."""

from __future__ import annotations

from html import escape

from regel.base.messages import render
from regel.report.css import print_css
from regel.report.document import Document, Row, Section

__all__ = ["render_html"]

def _say(key: str, lang: str) -> str:
    """The catalogue's text ``key`` in ``lang``, escaped for HTML."""
    return escape(render(key, lang))


def _rows(rows: list[Row], headers: tuple[str, ...], three: bool) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for r in rows:
        cells = [r.label, r.value] + ([r.note] if three else [])
        body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(s: Section, lang: str) -> str:
    out = [f'<section class="decision" id="{escape(s.id)}">',
           f"<h3>{escape(s.heading)}</h3>",
           f'<p class="result">{_say("report.result", lang)}: <strong>{escape(s.result)}</strong>'
           "</p>"]
    if s.decided_by:
        rules = ", ".join(render("report.decided_by_rule", lang, {"rule": r}) for r in s.decided_by)
        out.append(f"<p><b>{_say('report.decided_by', lang)}:</b> {escape(rules)}</p>")
    if s.because:
        out.append(f"<p>{_say('report.because', lang)}</p>")
        out.append(_rows(s.because, (render("report.column", lang),
                                     render("report.case_value", lang),
                                     render("report.rule_requires", lang)), True))
    if s.formula:
        out.append(f"<p>{_say('report.expression', lang)}</p>")
    if s.default_used:
        out.append(f"<p>{_say('report.default_used', lang)}</p>")
    if not s.formula:
        out.append(f"<p><b>{_say('report.how', lang)}:</b> {escape(s.resolution)}</p>")
    out.append(f"<p><b>{_say('report.version', lang)}:</b> {escape(s.version)}; "
               f"{escape(s.selected)}</p>")
    if s.citations:
        items = "".join(f"<li>{escape(c)}</li>" for c in s.citations)
        out.append(f'<div class="law"><b>{_say("report.legal_basis", lang)}:</b>'
                   f"<ul>{items}</ul></div>")
    for note in s.interpretations:
        out.append(f'<div class="flag"><strong>⚑ {_say("report.interpretation", lang)}.'
                   f"</strong> {_say('report.interpretation_intro', lang)} {escape(note)}</div>")
    for w in s.warnings:
        out.append(f'<div class="warning"><strong>⚠ {_say("report.warning", lang)}.</strong> '
                   f"{escape(w)}</div>")
    if s.inputs:
        used = "; ".join(f"{r.label} = {r.value} ({r.note})" for r in s.inputs)
        out.append(f'<p class="law"><i>{_say("report.inputs_used", lang)}:</i> {escape(used)}</p>')
    if s.not_applied or s.not_listed:
        out.append("<details><summary>"
                   f"{escape(s.not_applied_summary(lang))}</summary>")
        if s.not_applied:
            out.append(_rows(s.not_applied, (render("report.rule", lang),
                                             render("report.reason", lang),
                                             render("report.legal_basis", lang)), True))
        if s.not_listed:
            out.append(f"<p>{escape(s.not_listed_note(lang))}</p>")
        out.append("</details>")
    out.append("</section>")
    return "\n".join(out)


def render_html(doc: Document) -> str:
    lang = doc.lang
    meta = [(render("report.pack", lang), doc.pack)]
    if doc.case:
        meta.append((render("report.case", lang), doc.case))
    meta.append((render("report.as_of", lang), doc.as_of))
    dl = "".join(f"<dt>{escape(k)}:</dt><dd>{escape(v)}</dd>" for k, v in meta)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)} — {escape(doc.case or doc.pack)}</title>",
        f"<style>{print_css(lang, doc.case)}</style></head><body>",
        f"<header><h1>{escape(doc.title)}</h1><dl class=\"meta\">{dl}</dl>"
        f"<p>{escape(doc.intro)}</p></header>",
        f"<h2>{_say('report.facts', lang)}</h2>",
        _rows(doc.facts, (render("report.fact", lang), render("report.value", lang)), False),
        f"<h2>{_say('report.questions', lang)}</h2>",
        *(_section(s, lang) for s in doc.questions),
    ]
    if doc.supporting:
        parts += [f"<h2>{_say('report.supporting', lang)}</h2>",
                  f"<p>{_say('report.supporting_intro', lang)}</p>",
                  *(_section(s, lang) for s in doc.supporting)]
    parts += [f"<footer>{escape(doc.footer)}</footer>", "</body></html>", ""]
    return "\n".join(parts)
