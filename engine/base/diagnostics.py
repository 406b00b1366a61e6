"""TRANSITION: the old shape of a diagnostic (a finished English message), and words for
messages; both move into regel.base.errors and the message catalogue stage by stage."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from regel.base.errors import CaseError, EvaluationError, PackError

__all__ = ["Diagnostic", "PackError", "CaseError", "EvaluationError", "did_you_mean", "shown_path",
           "describe"]


def shown_path(path: str) -> str:
    """A file as a person at the terminal wants it: relative to the working folder when it
    is inside it, else as it is."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, a plain message, and where it is."""

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.code}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "file": self.file, "line": self.line, "column": self.column}


def describe(value: object, show: bool = False) -> str:
    """A value in everyday words for messages: 'a number', or with ``show`` 'the number 5'."""
    import datetime as _dt
    from collections.abc import Mapping
    from decimal import Decimal
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}" if show else "a number"
    if isinstance(value, str):
        return f"the text '{value}'" if show else "a text"
    if isinstance(value, _dt.datetime):
        return "a date and time"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}" if show else "a date"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a candidate is close to ``name``, else ''."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
