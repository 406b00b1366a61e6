"""Where a problem is, what it is, and the one error hierarchy every stage raises.

A ``Diagnostic`` is one problem: a stable code, the values of its message, a ``Span`` in a
file (or the case fact it concerns) and a severity. Its text comes from the message catalogue
in the reader's language. Every error a user can cause is a ``RegelError`` holding diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Self

from regel.base.messages import SHOWN_CHARS, Msg, render

__all__ = [
    "Span", "Diagnostic", "RegelError", "FeelSyntaxError", "FeelEvaluationError", "PackError",
    "CaseError", "EvaluationError", "SEVERITIES",
]

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Span:
    """A region of source text: 1-based line and column, 0-based character offsets, and the
    file when it is known. ``end_line``/``end_column`` point just past the last character.
    A line of 0 means the file as a whole."""

    line: int
    column: int
    end_line: int = 0
    end_column: int = 0
    start_pos: int = 0
    end_pos: int = 0
    file: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as its fields, unpickled by the constructor: a pack's YAML files, kept
        read with the spans of their values (regel.base.kept), unpickle in half the time
        of the dataclass's field-by-field state."""
        return (Span, (self.line, self.column, self.end_line, self.end_column,
                       self.start_pos, self.end_pos, self.file))

    @classmethod
    def point(cls, file: str | None, line: int = 0, column: int = 0) -> Span:
        """A position without an extent (a file alone when ``line`` is 0)."""
        return cls(line, column, line, column + 1 if line else 0, file=file)

    def in_file(self, file: str | None) -> Span:
        return replace(self, file=file)

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
                    self.start_pos + offset, self.end_pos + offset, self.file)

    def __str__(self) -> str:
        """``file:line:col`` (the parts that are known)."""
        parts = [self.file or "<expression>"]
        if self.line:
            parts += [str(self.line), str(self.column)]
        return ":".join(parts)


def _span_of(at: Span | str | None) -> Span | None:
    return Span.point(at) if isinstance(at, str) else at


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: a stable ``code``, the ``values`` of its message, where it is (``span``
    in a file, and/or the case ``field`` it concerns) and its ``severity``. ``key`` names
    the catalogue entry when one code has several messages (default: the code)."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    span: Span | None = None
    severity: str = "error"
    field: str | None = None
    key: str | None = None

    @classmethod
    def of(cls, code: str, *, at: Span | str | None = None, field: str | None = None,
           severity: str = "error", key: str | None = None, **values: Any) -> Diagnostic:
        """``Diagnostic.of("FILE-NOT-FOUND", at="cases.csv")``: values as keywords."""
        return cls(code, values, _span_of(at), severity, field, key)

    def text(self, lang: str = "en") -> str:
        """The plain-language message in ``lang`` (da or en), each text and list in it
        shortened (``regel.base.messages.SHOWN_CHARS``)."""
        return render(self.key or self.code, lang, self.values, short=True)

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text("en")

    @property
    def file(self) -> str:
        return (self.span.file if self.span else None) or self.field or ""

    @property
    def line(self) -> int:
        return self.span.line if self.span else 0

    @property
    def column(self) -> int:
        return self.span.column if self.span else 0

    def location(self) -> str:
        """``file:line:col``, or the case field, or '' when the problem has no place."""
        if self.span is not None:
            return str(self.span)
        return self.field or ""

    def render(self, lang: str = "en") -> str:
        """``file:line:col: CODE: message``, as a terminal line."""
        where = self.location()
        return f"{where}: {self.code}: {self.text(lang)}" if where else \
            f"{self.code}: {self.text(lang)}"

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The one JSON shape of a problem (docs/pack-format.md, "JSON errors")."""
        span = self.span
        return {"code": self.code, "severity": self.severity, "message": self.text(lang),
                "file": span.file if span else None, "line": span.line if span else None,
                "column": span.column if span else None,
                "end_line": span.end_line if span else None,
                "end_column": span.end_column if span else None, "field": self.field}

    def __str__(self) -> str:
        return self.render("en")


class RegelError(Exception):
    """Root of every error the engine raises on purpose: one or more diagnostics.

    ``code``, ``span`` and ``source`` are those of the first diagnostic; ``message`` is its
    English text and ``render(lang)`` gives every problem in Danish or English. ``text`` is
    the source text the span points into, for an excerpt with a caret.
    """

    code = "REGEL"

    def __init__(self, *diagnostics: Diagnostic, text: str | None = None) -> None:
        if not diagnostics:
            raise ValueError("a RegelError needs at least one diagnostic")
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        self.text = text
        first = self.diagnostics[0]
        self.code = first.code
        super().__init__(first.text("en"))

    @classmethod
    def of(cls, code: str, *, at: Span | str | None = None, field: str | None = None,
           key: str | None = None, text: str | None = None, **values: Any) -> Self:
        """``raise RegelError.of("FILE-NOT-FOUND", at=path)``: one diagnostic."""
        return cls(Diagnostic.of(code, at=at, field=field, key=key, **values), text=text)

    @property
    def first(self) -> Diagnostic:
        return self.diagnostics[0]

    @property
    def message(self) -> str:
        return self.first.text("en")

    @property
    def span(self) -> Span | None:
        """Where in the text the first problem is; None when it names only a file."""
        span = self.first.span
        return span if span is not None and span.line else None

    @property
    def source(self) -> str | None:
        return self.first.file or None

    @source.setter
    def source(self, file: str | None) -> None:
        """Place the first problem in ``file`` (a caller that knows where it happened)."""
        first = self.first
        span = first.span.in_file(file) if first.span else _span_of(file)
        self.diagnostics[0] = replace(first, span=span)

    @property
    def line(self) -> int | None:
        return self.span.line if self.span and self.span.line else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span and self.span.line else None

    def location(self) -> str:
        """``file:line:col`` of the first problem (the parts that are known)."""
        span = self.span
        parts = [self.source or "<expression>"]
        if span is not None and span.line:
            parts += [str(span.line), str(span.column)]
        return ":".join(parts)

    def render(self, lang: str = "en") -> str:
        """Every problem, one line each: ``file:line:col: CODE: message``."""
        return "\n".join(d.render(lang) for d in self.diagnostics)

    def __str__(self) -> str:
        return self.render("en")

    def excerpt(self) -> str:
        """The offending line of ``text`` with a caret under the column, or ''."""
        span = self.span
        if self.text is None or span is None:
            return ""
        lines = self.text.splitlines() or [""]
        if not 1 <= span.line <= len(lines):
            return ""
        line, column = lines[span.line - 1], span.column
        width = 1
        if span.end_line == span.line:
            width = max(1, span.end_column - span.column)
        if len(line) > SHOWN_CHARS:     # a window of the line around the column
            start = max(0, min(column - 1 - SHOWN_CHARS // 2, len(line) - SHOWN_CHARS))
            end = start + SHOWN_CHARS
            line = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
            column -= start - (1 if start else 0)
            width = min(width, SHOWN_CHARS)
        return f"{line}\n{' ' * (column - 1)}{'^' * width}"


class FeelSyntaxError(RegelError, ValueError):
    """A FEEL expression or unary test that does not parse."""



class FeelEvaluationError(RegelError, ValueError):
    """An expression that cannot be compiled or evaluated in a way FEEL has no null for."""



class LimitError(RegelError):
    """An evaluation that went past its budget (steps, list or string size, call depth).
    Not a ValueError: nothing that turns a bad value into null may swallow it."""


class PackError(RegelError, ValueError):
    """A rule pack that cannot be loaded; ``diagnostics`` lists every problem found, in
    file and line order."""


    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        ordered = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column))
        super().__init__(*ordered)

    def summary(self, lang: str = "en") -> str:
        """'3 problems in the rule pack'."""
        count = len(self.diagnostics)
        return render("PACK-PROBLEM" if count == 1 else "PACK-PROBLEMS", lang, {"count": count})

    @property
    def message(self) -> str:
        return self.summary("en")


class CaseError(RegelError, ValueError):
    """The case facts do not fit the pack: a missing, unknown or mistyped fact. Each
    diagnostic names its fact in ``field``."""


    def __init__(self, problems: Iterable[Diagnostic]) -> None:
        super().__init__(*problems)

    @property
    def problems(self) -> list[tuple[str, str, str]]:
        """(field, code, English message) of each problem."""
        return [(d.field or "", d.code, d.text("en")) for d in self.diagnostics]


class EvaluationError(RegelError, ValueError):
    """A rule pack that fails on this case: a UNIQUE table with two hits, a date outside
    every version, ..."""



def hint(name: str, candidates: Iterable[str]) -> Msg | str:
    """'(did you mean …?)' when a candidate is close to ``name``, else ''."""
    import difflib  # lazy: difflib is needed only when a name is wrong
    if not isinstance(name, str):   # a value where a name belongs: nothing is close to it
        return ""
    close = difflib.get_close_matches(name, [c for c in candidates if isinstance(c, str)],
                                      n=1, cutoff=0.6)
    return Msg("HINT-DID-YOU-MEAN", {"name": close[0]}) if close else ""
