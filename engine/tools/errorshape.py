"""The one JSON error shape of regel: ``{"ok": false, "errors": [...]}``, one object per
problem with always the same keys. The command line (``--format json``) and the decision
service (``regel serve``) both answer with it."""

from __future__ import annotations

from typing import Any

from regel.base.errors import CaseError, Diagnostic, EvaluationError, PackError, RegelError
from regel.base.words import shown_path

__all__ = ["error_json", "in_case_file", "problem_json"]


def problem_json(d: Diagnostic, lang: str, *, placed: bool = True,
                 decision: str | None = None) -> dict[str, Any]:
    """One problem of the JSON error shape; ``placed`` False for a problem of a case or an
    evaluation, which has no place in a file."""
    span = d.span if placed and d.span is not None and d.span.line else None
    where = d.file if placed else None
    return {"code": d.code, "severity": d.severity, "message": d.text(lang),
            "file": shown_path(where) if where else None,
            "line": span.line if span else None, "column": span.column if span else None,
            "field": d.field, "decision": decision}


def in_case_file(d: Diagnostic) -> bool:
    """A case's problem found where it was written in the case file (a slip of the pen)."""
    return d.span is not None and bool(d.span.line) and bool(d.file)


def error_json(err: RegelError, lang: str = "en") -> dict[str, Any]:
    """The one JSON shape of a verb that failed: ``{"ok": false, "errors": [...]}`` with
    one object per problem, always with the same keys (null where not known; ``message`` in
    ``lang``): every diagnostic of a pack that does not load (with its file, line and
    column), every problem of a case (with its ``field``), the decision an evaluation failed
    in, else each problem with the file (or option, or pack) it names."""
    if isinstance(err, PackError):
        errors = [problem_json(d, lang) for d in err.diagnostics]
    elif isinstance(err, CaseError):
        errors = [problem_json(d, lang, placed=in_case_file(d)) for d in err.diagnostics]
    elif isinstance(err, EvaluationError):
        errors = [problem_json(d, lang, placed=False, decision=d.file or None)
                  for d in err.diagnostics]
    else:
        errors = [problem_json(d, lang) for d in err.diagnostics]
    return {"ok": False, "errors": errors}
