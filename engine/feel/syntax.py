"""What FEEL's parser (``regel.feel.parser``) and its Lark side (``regel.feel.larkparse``)
share: FEEL's white space and names, the bracket limit, and the syntax errors they raise."""

from __future__ import annotations

import re
from typing import Any

from regel.base.errors import FeelSyntaxError, Span

__all__ = ["FEEL_SPACES", "MAX_BRACKET_DEPTH", "normal_name", "syntax_error", "end_span",
           "too_deep"]

#: FEEL's white space (grammar rules 5-6): Python's \s and the zero-width spaces
FEEL_SPACES = re.compile("[\\s\u180e\u200b\ufeff]+")


def normal_name(name: str) -> str:
    return FEEL_SPACES.sub(" ", name.strip())


#: How deep brackets (``( [ {`` and the brackets of ranges) may be nested in one FEEL text
#: (docs/pack-format.md, "Limits"). Real rules nest a few deep; a value nested hundreds deep
#: (``[[[1..2]..2]..2]``...) could not even be printed (issue 19).
MAX_BRACKET_DEPTH = 100


def syntax_error(variant: str, span: Span, source: str | None = None, **values: Any
                 ) -> FeelSyntaxError:
    """FEEL-SYNTAX with the message ``FEEL-SYNTAX/<variant>`` of the catalogue, in the
    FEEL text ``source`` when it is known here."""
    return FeelSyntaxError.of("FEEL-SYNTAX", at=span, key=f"FEEL-SYNTAX/{variant}",
                              text=source, **values)


def end_span(text: str) -> Span:
    lines = text.split("\n")
    line = len(lines)
    col = len(lines[-1]) + 1
    return Span(line, col, line, col, len(text), len(text))


def too_deep(text: str) -> FeelSyntaxError:
    return syntax_error("too-deep", end_span(text), text)
