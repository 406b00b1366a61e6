"""The Python API developers embed: load a pack (a folder, a bundled pack's name or a DMN
model) and evaluate cases with it. It sits on top of the stages and adds no logic."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regel import model
from regel.base.errors import EvaluationError, hint
from regel.feel import Limits
from regel.load import load_dmn as _load_dmn_model
from regel.load import load_pack as _load_pack_model
from regel.run.evaluate import (
    Case,
    Evaluation,
    decision_function,
    evaluate,
    evaluate_service,
    quick_evaluation,
    traced_evaluation,
)

if TYPE_CHECKING:
    from regel.tools.batch import BatchResult

__all__ = ["Pack", "load_pack", "load_dmn", "evaluate_case"]


@dataclass(slots=True)
class Pack(model.Pack):
    """A loaded rule pack that evaluates cases: the model's data plus ``evaluate`` and
    ``evaluate_many``."""

    def evaluate(self, case: Mapping[str, Any] | Case,
                 decisions: Iterable[str] | None = None,
                 as_of: _dt.date | None = None, *, trace: bool = True,
                 limits: Limits | None = None) -> Evaluation:
        """Evaluate the case facts for the asked decisions (default: all) at ``as_of``
        (default: today). Returns an ``Evaluation`` with ``.values`` and ``.trace``. The
        evaluation runs under the budget ``limits`` (default: the pack's ``limits:``, else
        ``regel.Limits()``); past it, ``LimitError`` (LIMIT-STEPS, ...).

        >>> pack.evaluate({"applicant_age": 30}).values["risk_category"]   # doctest: +SKIP
        'low'
        """
        if limits is None and case.__class__ is dict:
            quick = quick_evaluation(self, case, decisions, as_of) if not trace else \
                traced_evaluation(self, case, decisions, as_of)
            if quick is not None:
                return quick
        asked = _asked(self, decisions)
        return evaluate(self, case, decisions=asked, as_of=as_of, trace=trace, limits=limits)

    def function(self, decision: str, as_of: _dt.date | None = None, *,
                 limits: Limits | None = None) -> Any:
        """The decision ``decision`` as a plain callable for hot loops: ``fn(facts)`` (or
        ``fn(facts, as_of)``) gives its value, with the same fact checks and errors as
        ``evaluate(..., trace=False)``; no trace, no warnings.

        >>> amount = pack.function("amount_to_post")          # doctest: +SKIP
        >>> amount({"application_date": ..., ...})             # doctest: +SKIP
        Decimal('68293.98')
        """
        return decision_function(self, decision, as_of, limits=limits)

    def evaluate_service(self, name: str, inputs: Mapping[str, Any],
                         as_of: _dt.date | None = None, *,
                         limits: Limits | None = None) -> Evaluation:
        """Invoke the DMN decision service ``name`` with ``inputs`` (its input data and
        input decisions, by name; one not given is null). ``.values`` holds its output
        decisions' values by name; there is no trace.

        >>> pack.evaluate_service("Eligibility", {"Age": 30}).values   # doctest: +SKIP
        {'Eligible': True}
        """
        return evaluate_service(self, name, inputs, as_of, limits=limits)

    def evaluate_many(self, cases: Iterable[Case | Mapping[str, Any] | str],
                      decisions: Iterable[str] | None = None,
                      as_of: _dt.date | None = None, trace: bool = False,
                      limits: Limits | None = None) -> Iterator[BatchResult]:
        """Evaluate a whole caseload lazily: one ``BatchResult`` per input, in input order,
        each ``ok`` with ``.values`` or with ``.error``; a bad case never raises. Inputs are
        ``Case`` objects, case records (mappings) or JSON lines.

        >>> for r in pack.evaluate_many(rows, decisions=["late_fee"]):   # doctest: +SKIP
        ...     print(r.id, r.values if r.ok else r.error.code)
        """
        from regel.tools.batch import evaluate_many  # lazy: one evaluation starts without it
        return evaluate_many(self, cases, decisions=decisions, as_of=as_of, trace=trace,
                             limits=limits)

    @classmethod
    def of(cls, loaded: model.Pack) -> Pack:
        """The evaluating form of a pack the loader built."""
        if isinstance(loaded, cls):
            return loaded
        return cls(**{f.name: getattr(loaded, f.name) for f in fields(model.Pack)})


def _asked(pack: Pack, decisions: Any) -> list[str] | None:
    """The decisions asked for as a list: one id alone is a question of one decision;
    something that is not a collection of ids is UNKNOWN-DECISION, not a Python error."""
    if decisions is None:
        return None
    if isinstance(decisions, str):
        return [decisions]
    try:
        return list(decisions)
    except TypeError:
        raise EvaluationError.of("UNKNOWN-DECISION", at=str(decisions), name=str(decisions),
                                 hint=hint(str(decisions), pack.decisions)) from None


def load_pack(path_or_name: str | Path, *, tests: bool = True, strict: bool = False) -> Pack:
    """Load, check and compile a rule pack (a folder, its ``pack.yaml``, a bundled pack's
    name or a ``.dmn`` model); raise ``PackError`` listing every problem with its position.
    ``tests=False`` skips the pack's YAML tests (evaluation does not need them); a DMN
    model loads decision by decision unless ``strict`` (see ``load_dmn``).

    >>> pack = load_pack("examples/packs/library-fees")   # doctest: +SKIP
    """
    return Pack.of(_load_pack_model(path_or_name, tests=tests, strict=strict))


def load_dmn(path: str | Path, *, strict: bool = False) -> Pack:
    """A DMN 1.1–1.5 model as a pack, decision by decision, as DMN tools run a model: a
    decision regel cannot build (an element it does not support, a static error) is in
    ``pack.broken`` and fails alone when evaluated, with its problem and position (null
    with a warning, as DMN does); so do the decisions that need it. ``strict=True`` raises
    ``PackError`` listing every problem instead. A file that is not a DMN model always
    raises.

    >>> pack = load_dmn("loan.dmn")                       # doctest: +SKIP
    >>> pack.evaluate({"Applicant Age": 30}).values        # doctest: +SKIP
    """
    return Pack.of(_load_dmn_model(path, strict=strict))


def evaluate_case(pack: model.Pack, case: Mapping[str, Any] | Case,
                  decisions: Iterable[str] | None = None, as_of: _dt.date | None = None, *,
                  trace: bool = True, limits: Limits | None = None) -> Evaluation:
    """``pack.evaluate(case, ...)`` as a function (``regel.evaluate``), for code that holds
    packs as data: the values by decision name, as FEEL values (Decimal, str, bool, dates,
    durations, lists, dicts, None), and the trace.

    >>> regel.evaluate(pack, {"Age": 30}, decisions=["Risk"]).values     # doctest: +SKIP
    """
    return Pack.of(pack).evaluate(case, decisions, as_of, trace=trace, limits=limits)
