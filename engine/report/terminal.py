"""The report in the terminal: the Markdown report drawn by rich (headings, tables,
flagged interpretations), with every rule shown unfolded."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markdown import Markdown

from regel.report.document import Document
from regel.report.markdown import render_markdown

__all__ = ["render_terminal", "terminal_renderable"]


def terminal_renderable(doc: Document) -> Markdown:
    return Markdown(render_markdown(doc))


def render_terminal(doc: Document, width: int = 100) -> str:
    """The terminal view as plain text (no colour), e.g. for golden tests and pipes."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False,
            legacy_windows=False).print(terminal_renderable(doc))
    return out.getvalue()
