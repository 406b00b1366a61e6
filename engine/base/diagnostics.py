"""TRANSITION: the old shape of a diagnostic (a finished English message), kept until every
stage raises ``regel.base.errors.Diagnostic``; the words for messages (``describe``,
``did_you_mean``, ``shown_path``) live in ``regel.base.words`` and are re-exported here for
code not yet moved."""

from __future__ import annotations

from dataclasses import dataclass

from regel.base.errors import CaseError, EvaluationError, PackError
from regel.base.words import describe, did_you_mean, shown_path

__all__ = ["Diagnostic", "PackError", "CaseError", "EvaluationError", "did_you_mean", "shown_path",
           "describe"]


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
