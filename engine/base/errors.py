"""The engine's error hierarchy.

Every error a user can cause (a bad expression, a bad rule file, a bad case) is a
``RegelError`` carrying a stable ``code``, a plain message and, where one exists, a
location. Categories also subclass a built-in (``ValueError``) so that callers'
``except ValueError`` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Span",
    "RegelError",
    "FeelSyntaxError",
    "FeelEvaluationError",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A region of source text: 1-based line and column, 0-based character offsets.

    ``end_line``/``end_column`` point just past the last character, as Lark does.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    start_pos: int
    end_pos: int

    def shifted(self, line: int, column: int, offset: int) -> Span:
        """This span moved into a larger text in which our text starts at (line, column)."""
        if self.line == 1:
            col, end_col = self.column + column - 1, self.end_column
            if self.end_line == 1:
                end_col = self.end_column + column - 1
        else:
            col, end_col = self.column, self.end_column
        end_line = self.end_line + line - 1
        return Span(self.line + line - 1, col, end_line, end_col,
                    self.start_pos + offset, self.end_pos + offset)


class RegelError(Exception):
    """Root of every error the engine raises on purpose.

    ``code`` is stable and documented; ``message`` is plain language; ``source`` names
    the file or field; ``span`` locates the problem inside it.
    """

    code = "REGEL"

    def __init__(self, message: str, *, code: str | None = None, source: str | None = None,
                 span: Span | None = None, text: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.source = source
        self.span = span
        self.text = text

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span else None

    def location(self) -> str:
        """``file:line:col`` (the parts that are known)."""
        parts = [self.source or "<expression>"]
        if self.span is not None:
            parts += [str(self.span.line), str(self.span.column)]
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.code}: {self.message}"

    def excerpt(self) -> str:
        """The offending line of ``text`` with a caret under the column, or ''."""
        if self.text is None or self.span is None:
            return ""
        lines = self.text.splitlines() or [""]
        if not 1 <= self.span.line <= len(lines):
            return ""
        line = lines[self.span.line - 1]
        width = 1
        if self.span.end_line == self.span.line:
            width = max(1, self.span.end_column - self.span.column)
        return f"{line}\n{' ' * (self.span.column - 1)}{'^' * width}"


class FeelSyntaxError(RegelError, ValueError):
    """A FEEL expression or unary test that does not parse."""

    code = "FEEL-SYNTAX"


class FeelEvaluationError(RegelError, ValueError):
    """An expression that cannot be compiled or evaluated in a way FEEL has no null for."""

    code = "FEEL-EVALUATION"
