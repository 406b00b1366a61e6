"""The report's style sheet: readable on screen, and on paper (A4) complete and uncut.

``print_css(lang, case_id)`` is the whole sheet for one report: the screen and print rules
(``CSS``) and the page furniture, "Side 2 af 5" and the case id on every printed page, in
``@page`` margin boxes (Chromium 131+ and WeasyPrint both draw them). Nothing depends on
``<details>`` being open: in print every element shows. Text wraps between words, and a
word longer than its line breaks; links, code, ``.url`` and ``.fingerprint`` break anywhere,
also inside a table, whose columns are never narrower than their longest word. The page
margins are ``MARGINS_MM`` (the print tests read them).
"""

from __future__ import annotations

import re

from regel.base.messages import render

__all__ = ["CSS", "MARGINS_MM", "print_css", "css_string"]

#: The printed page's margins in millimetres: top, right, bottom, left.
MARGINS_MM = (16, 15, 18, 15)

CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0; --flag: #8a5a00;
        --flag-bg: #fff6e0; --ok: #1d6b2f; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: Georgia, "Times New Roman", serif; color: var(--ink); max-width: 48rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; font-size: 11pt;
       overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem;
     margin-top: 2rem; }
h3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); margin: .2rem 0 1rem; }
.meta dt { font-weight: bold; display: inline; }
.meta dd { display: inline; margin: 0 1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; max-width: 100%; margin: .4rem 0 .8rem;
        font-size: .95em; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #f3f3f3; }
td { hyphens: auto; }
.answer { font-size: 1.1rem; margin: .4rem 0 .8rem; }
.result { font-size: 1.05rem; margin: .2rem 0 .6rem; }
.result strong { color: var(--ok); }
.decision { border-left: 3px solid var(--line); padding-left: .8rem; margin-bottom: 1.2rem; }
.law { color: var(--muted); font-size: .95em; }
.law ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; }
.flag { background: var(--flag-bg); border-left: 4px solid var(--flag); padding: .4rem .6rem;
        margin: .5rem 0; }
.flag strong { color: var(--flag); }
.warning { border-left: 4px solid #b00020; padding: .4rem .6rem; margin: .5rem 0;
           background: #fdecee; }
details summary { cursor: pointer; color: var(--muted); }
a, code, .fingerprint, .url, .law, dd, li { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
img, svg { max-width: 100%; height: auto; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .6rem;
         color: var(--muted); font-size: .85em; overflow-wrap: anywhere; }
@media print {
  html, body { background: #fff; }
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; line-height: 1.35;
         orphans: 3; widows: 3;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1 { font-size: 1.45rem; margin-top: 0; }
  h2 { font-size: 1.15rem; margin-top: 1.2rem; break-after: avoid; }
  h3 { margin-top: 1rem; break-after: avoid; }
  .answer, .result { break-after: avoid; }
  .answer, .flag, .warning, tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  table { table-layout: auto; }
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: contents; }
  a { color: inherit; text-decoration: none; }
}
"""


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that is safe inside ``<style>``: quotes, backslashes,
    line breaks, ``<`` and ``>`` (so no ``</style>``) and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _page_number(lang: str) -> str:
    """The catalogue's "Side {page} af {pages}" as CSS content: the words as strings,
    the numbers as the page counters."""
    counters = {"\x00page\x00": "counter(page)", "\x00pages\x00": "counter(pages)"}
    text = render("report.print.page", lang, {"page": "\x00page\x00", "pages": "\x00pages\x00"})
    pieces = re.split("(\x00pages?\x00)", text)
    return " ".join(counters.get(p) or css_string(p) for p in pieces if p)


def print_css(lang: str, case_id: str | None) -> str:
    """The style sheet of one report in ``lang``: ``CSS`` and the A4 page with its page
    number and, when there is one, the case id in the bottom margin of every page."""
    top, right, bottom, left = MARGINS_MM
    box = "font: 8pt Georgia, serif; color: #5a5a5a; vertical-align: top; padding-top: 4mm;"
    case = ""
    if case_id:
        words = css_string(f"{render('report.case', lang)}: {case_id}")
        case = f"  @bottom-left {{ content: {words}; {box} }}\n"
    return CSS + (f"@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm;\n{case}"
                  f"  @bottom-right {{ content: {_page_number(lang)}; {box} }}\n}}\n")
