"""Explanation reports: a trace rendered for people, in Danish or English.

>>> from regel.report import render
>>> render(trace_json, "html", "da")        # doctest: +SKIP

Renderers read the trace's JSON only (never the pack), so an archived trace can be
rendered years later.
"""

from __future__ import annotations

from typing import Any

from regel.report.document import Document, build
from regel.report.html import render_html
from regel.report.markdown import render_markdown
from regel.report.terminal import render_terminal

__all__ = ["render", "build", "Document", "FORMATS"]

FORMATS = ("text", "md", "html")


def render(trace: dict[str, Any], fmt: str, lang: str) -> str:
    """The trace (JSON data, numbers as Decimal) as a report in ``fmt`` and ``lang``."""
    doc = build(trace, lang)
    if fmt == "html":
        return render_html(doc)
    if fmt == "md":
        return render_markdown(doc)
    return render_terminal(doc)
