"""The report as one standalone HTML file: no scripts, fonts or images from the network,
readable on screen and printable on A4 (regel.report.css), with nothing folded away: the
paper shows every rule that did not apply, as the screen does."""

from __future__ import annotations

from html import escape

from regel.base.messages import render
from regel.report.css import print_css
from regel.report.document import Document, Row, Section, Table
from regel.report.footnotes import Cite

__all__ = ["render_html"]

#: the report's own classes (answers, footnotes, record tables, small print), after the
#: page and print rules of regel.report.css
_CSS_REPORT = """
.answer-block { margin: .3rem 0 .7rem; }
.answer-block .question { font-weight: bold; margin: 0; }
.answer { font-size: 1.08rem; }
.basis { color: var(--muted); }
sup.fn { font-size: .7em; }
.small { color: var(--muted); font-size: .82em; }
table.record th { font-weight: normal; background: #f7f7f7; width: 25%; }
table.halves { table-layout: fixed; margin: 0; }
table.halves > tbody > tr > td { border: 0; padding: 0 .4rem 0 0; width: 50%; }
ol.sources li { margin-bottom: .2rem; overflow-wrap: anywhere; }
.authority { font-size: .9em; overflow-wrap: anywhere; }
.appendix { margin-top: 2rem; }
@media print {
  body { font-size: 9pt; line-height: 1.28; }
  h1 { font-size: 1.35rem; margin: 0; }
  h2 { font-size: 1.1rem; margin-top: .8rem; }
  h3 { font-size: 1rem; margin: .6rem 0 .2rem; }
  p { margin: .2rem 0; }
  table { margin: .2rem 0 .4rem; }
  th, td { padding: .1rem .3rem; }
  .decision { margin-bottom: .6rem; }
  .law, .small, .basis, table.rules-not-applied, .authority { font-size: 7.6pt; }
  .flag, .warning, table.record, table.result-table { font-size: 8pt; }
  ol.sources { font-size: 7pt; }
  .answer { font-size: 10pt; }
  .appendix { break-before: page; margin-top: 0; }
  .law ul.many, ol.sources { columns: 2; column-gap: 1.2rem; }
  .law ul.many li, ol.sources li { break-inside: avoid; }
  .flag, .warning { padding: .2rem .4rem; margin: .3rem 0; }
}
"""


def _say(key: str, lang: str) -> str:
    """The catalogue's text ``key`` in ``lang``, escaped for HTML."""
    return escape(render(key, lang))


def _cite(c: Cite) -> str:
    """A citation with its footnote number, linked to the list of sources."""
    mark = f'<sup class="fn"><a href="#source-{c.n}">{c.n}</a></sup>' if c.n else ""
    return escape(c.text) + mark


def _grid(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _rows(rows: list[Row], headers: tuple[str, ...], three: bool) -> str:
    return _grid(list(headers), [[r.label, r.value] + ([r.note] if three else [])
                                 for r in rows])


def _table(t: Table, lang: str) -> str:
    """A record as pairs of field and value, two pairs to a line; a long list of records
    with few columns as two tables side by side (the page is wide, the list narrow)."""
    if not t.headers:
        pairs = [t.rows[i:i + 2] for i in range(0, len(t.rows), 2)] if len(t.rows) > 3 \
            else [[r] for r in t.rows]
        body = "".join("<tr>" + "".join(f"<th>{escape(k)}</th><td>{escape(v)}</td>"
                                        for k, v in pair) + "</tr>" for pair in pairs)
        return f'<table class="record"><tbody>{body}</tbody></table>'
    if len(t.rows) > 8 and len(t.headers) <= 3:
        half = (len(t.rows) + 1) // 2
        return ('<table class="halves"><tr><td>'
                + _grid(t.headers, t.rows[:half], "result-table") + "</td><td>"
                + _grid(t.headers, t.rows[half:], "result-table") + "</td></tr></table>")
    return _grid(t.headers, t.rows, "result-table")


def _not_applied(s: Section, lang: str) -> str:
    head = "".join(f"<th>{_say(k, lang)}</th>"
                   for k in ("report.rule", "report.reason", "report.legal_basis"))
    rows = []
    for r in s.not_applied:
        rule = escape(render("report.decided_by_rule", lang, {"rule": r.rule}))
        what = f"{escape(r.description)} <span class=\"small\">({rule})</span>" \
            if r.description else f'<span class="small">{rule}</span>'
        rows.append(f'<tr class="not-applied"><td>{what}</td><td>{escape(r.reason)}</td>'
                    f"<td>{'; '.join(_cite(c) for c in r.cites)}</td></tr>")
    out = [f"<p><b>{escape(s.not_applied_summary(lang))}:</b></p>",
           f'<table class="rules-not-applied"><thead><tr>{head}</tr></thead>'
           f"<tbody>{''.join(rows)}</tbody></table>"]
    if s.not_listed:
        out.append(f"<p>{escape(s.not_listed_note(lang))}</p>")
    return "\n".join(out)


def _law(s: Section, lang: str) -> list[str]:
    out = []
    if s.citations:
        items = "".join(f"<li>{_cite(c)}" + (f" – {escape(c.note)}" if c.note else "")
                        + "</li>" for c in s.citations)
        many = ' class="many"' if len(s.citations) > 4 else ""
        out.append(f'<div class="law"><b>{_say("report.legal_basis", lang)}:</b>'
                   f"<ul{many}>{items}</ul></div>")
    for note in s.interpretations:
        out.append(f'<div class="flag"><strong>⚑ {_say("report.interpretation", lang)}.'
                   f"</strong> {_say('report.interpretation_intro', lang)} {escape(note)}</div>")
    for w in s.warnings:
        out.append(f'<div class="warning"><strong>⚠ {_say("report.warning", lang)}.</strong> '
                   f"{escape(w)}</div>")
    return out


def _section(s: Section, lang: str) -> str:
    out = [f'<section class="decision" id="{escape(s.id)}">', f"<h3>{escape(s.heading)}</h3>"]
    if s.table is not None:
        out.append(f'<p class="result">{_say("report.result", lang)}:</p>' + _table(s.table, lang))
    else:
        out.append(f'<p class="result">{_say("report.result", lang)}: '
                   f"<strong>{escape(s.result)}</strong></p>")
    if s.because:
        rules = ", ".join(render("report.decided_by_rule", lang, {"rule": r})
                          for r in s.decided_by)
        out.append(f"<p>{_say('report.rule_applied', lang)} "
                   f'<span class="small">({escape(rules)})</span>:</p>')
        out.append(_rows(s.because, (render("report.column", lang),
                                     render("report.case_value", lang),
                                     render("report.rule_requires", lang)), True))
    for text in (s.how, render("report.expression", lang) if s.formula else "",
                 render("report.default_used", lang) if s.default_used else ""):
        if text:
            out.append(f"<p>{escape(text)}</p>")
    out += _law(s, lang)
    if s.inputs:
        used = "; ".join(f"{r.label} = {r.value} ({r.note})" for r in s.inputs)
        out.append(f'<p class="law"><i>{_say("report.inputs_used", lang)}:</i> {escape(used)}</p>')
    if s.not_applied or s.not_listed:
        out.append(_not_applied(s, lang))
    out.append(f'<p class="small">{_say("report.version", lang)}: {escape(s.version)}; '
               f"{escape(s.selected)}</p></section>")
    return "\n".join(out)


def _answers(doc: Document) -> list[str]:
    lang = doc.lang
    out = [f"<h2>{_say('report.answers', lang)}</h2>"]
    for a in doc.answers:
        basis = "; ".join(_cite(c) for c in a.basis)
        block = [f'<div class="answer-block"><p class="question">{escape(a.question)}</p>',
                 f'<p><span class="answer" data-decision="{escape(a.id)}">'
                 f"{escape(a.sentence)}</span>"
                 + (f' <span class="basis">({_say("report.basis", lang)} {basis})</span>'
                    if basis else "") + "</p>"]
        if a.interpreted:
            block.append(f'<p class="flag">⚑ {_say("report.interpreted", lang)}</p>')
        out.append("".join(block) + "</div>")
    return out


def _sources(doc: Document) -> list[str]:
    if not doc.sources:
        return []
    items = "".join(
        f'<li id="source-{e.n}">{escape(e.title)}'
        + (f". {escape(e.details)}" if e.details else "")
        + (f'. <a href="{escape(e.url)}">{escape(e.url)}</a>' if e.url else "") + "</li>"
        for e in doc.sources)
    return [f'<h2>{_say("report.sources", doc.lang)}</h2><ol class="sources">{items}</ol>']


def _appendices(doc: Document) -> list[str]:
    """The intermediate results and what the authority needs, after the report proper
    (in print from a new page)."""
    lang = doc.lang
    out = ['<div class="appendix">']
    if doc.supporting:
        out += [f"<h2>{_say('report.supporting', lang)}</h2>",
                f"<p>{_say('report.supporting_intro', lang)}</p>",
                *(_section(s, lang) for s in doc.supporting)]
    rows = "".join(f"<tr><th>{escape(r.label)}</th><td>{escape(r.value)}</td></tr>"
                   for r in doc.authority)
    out.append(f'<section class="authority"><h2>{_say("report.authority", lang)}</h2>'
               f"<p>{_say('report.authority_intro', lang)}</p>"
               f'<table class="record"><tbody>{rows}</tbody></table></section></div>')
    return out


def render_html(doc: Document) -> str:
    """The report: the answers first, the facts, how each answer was decided and the
    sources; then the appendices (intermediate results, for the authority)."""
    lang = doc.lang
    meta = [(render("report.case", lang), doc.case)] if doc.case else []
    meta += [(render("report.as_of", lang), doc.as_of), (render("report.pack", lang), doc.pack)]
    dl = "".join(f"<dt>{escape(k)}:</dt><dd>{escape(v)}</dd>" for k, v in meta)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)} — {escape(doc.case or doc.pack)}</title>",
        f"<style>{print_css(lang, doc.case)}{_CSS_REPORT}</style></head><body>",
        f'<header><h1>{escape(doc.title)}</h1><dl class="meta">{dl}</dl></header>',
        *_answers(doc),
        f"<h2>{_say('report.facts', lang)}</h2>",
        _table(Table([], [[r.label, r.value] for r in doc.facts]), lang),
        f"<h2>{_say('report.reasoning', lang)}</h2>",
        *(_section(s, lang) for s in doc.questions),
        *_sources(doc), *_appendices(doc), "</body></html>", ""]
    return "\n".join(parts)
