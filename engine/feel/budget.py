"""The evaluation budget: how much work one evaluation may do before it stops.

Every evaluation (a FEEL expression, a unary test, a whole case through a pack) runs under
``Limits``: steps (loop rounds, function calls, filtered items), the size of one list and
of one string, and the depth of nested function calls. The defaults are far above what a
real pack needs; a pack (``limits:`` in pack.yaml), the Python API and the command line
(``--limit steps=N``) can change them. Over a limit the evaluation stops at once with a
``LimitError`` (LIMIT-STEPS, LIMIT-ITEMS, LIMIT-CHARS, LIMIT-DEPTH) naming the expression
and the position in it. The budget of the evaluation under way is a context variable, so
built-ins and nested evaluations spend from the same budget without passing it around.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Any

from regel.base.errors import LimitError, Span
from regel.base.messages import Msg

__all__ = ["Limits", "DEFAULT_LIMITS", "LIMIT_NAMES", "Budget", "active", "budget",
           "under_way", "located", "in_decision", "begin", "end"]


@dataclass(frozen=True, slots=True)
class Limits:
    """The most one evaluation may do. Each limit is a positive whole number."""

    #: loop rounds (for, some, every), function calls and filtered list items, together
    steps: int = 1_000_000
    #: items in one list
    items: int = 1_000_000
    #: characters in one string
    chars: int = 10_000_000
    #: function calls inside function calls
    depth: int = 200

    def changed(self, changes: Mapping[str, int]) -> Limits:
        """These limits with some of them changed (names as in ``LIMIT_NAMES``)."""
        return replace(self, **dict(changes)) if changes else self

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_LIMITS = Limits()
#: the names of the limits, as the command line and pack.yaml write them
LIMIT_NAMES = tuple(f.name for f in fields(Limits))


#: what a value holds that weigh counts: FEEL's lists and contexts
_NESTED = frozenset({list, dict})


class Budget:
    """What is left of the limits while one evaluation runs."""

    __slots__ = ("limits", "steps", "depth", "peak")

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.steps = 0
        self.depth = 0
        #: the deepest ``depth`` reached (a remembered call measures how deep it went);
        #: never past the limit, so that code going no deeper than ``peak`` need not
        #: test the limit (regel.feel.codegen)
        self.peak = 0

    def spend(self, count: int, span: Span | None) -> None:
        """Count ``count`` steps; LIMIT-STEPS when the budget is used up."""
        self.steps += count
        if self.steps > self.limits.steps:
            raise _over("LIMIT-STEPS", self.limits.steps, span)

    def sized(self, value: Any, span: Span | None) -> Any:
        """``value`` itself, or LIMIT-ITEMS / LIMIT-CHARS when it is a list or string
        larger than the limits allow."""
        if isinstance(value, str):
            if len(value) > self.limits.chars:
                raise _over("LIMIT-CHARS", self.limits.chars, span)
        elif isinstance(value, list) and len(value) > self.limits.items:
            raise _over("LIMIT-ITEMS", self.limits.items, span)
        return value

    def weigh(self, value: Any, span: Span | None) -> Any:
        """``value`` itself, after a step for each list and context inside it, counted as
        often as it occurs: a value built by nesting one list in another many times over
        (each level holding the one below twice) costs what writing it out would cost."""
        if value.__class__ is dict:
            inner: Any = value.values()
        elif value.__class__ is list:
            inner = value
        else:
            return value
        if _NESTED.isdisjoint(map(type, inner)):   # a context or list of plain values:
            self.steps += 1                         # one step, found at C speed
            if self.steps > self.limits.steps:
                raise _over("LIMIT-STEPS", self.limits.steps, span)
            return value
        room = self.limits.steps - self.steps   # steps left: a shared value stops there
        count = 1
        for x in inner:     # (most often: a context holding a list of plain values)
            if x.__class__ is list or x.__class__ is dict:
                count += 1 if _NESTED.isdisjoint(map(type, x.values() if x.__class__ is dict
                                                      else x)) else _visits(x, room - count)
                if count > room:
                    break
        self.steps += count
        if self.steps > self.limits.steps:
            raise _over("LIMIT-STEPS", self.limits.steps, span)
        return value

    def enter(self, span: Span | None) -> None:
        """One function call deeper (and one step); LIMIT-DEPTH past the limit."""
        self.steps += 1
        if self.steps > self.limits.steps:
            raise _over("LIMIT-STEPS", self.limits.steps, span)
        self.depth += 1
        if self.depth > self.limits.depth:
            self.depth = 0
            raise _over("LIMIT-DEPTH", self.limits.depth, span)
        if self.depth > self.peak:
            self.peak = self.depth

    def leave(self) -> None:
        if self.depth > 0:
            self.depth -= 1


def _visits(value: Any, room: int) -> int:
    """How many lists and contexts ``value`` holds, itself included, each counted as often
    as it occurs; counting stops past ``room``."""
    stack = [value]
    count = 0
    while stack:
        top = stack.pop()
        count += 1
        if count > room:
            break
        # FEEL's lists and contexts are plain lists and dicts: their class tells
        inner = top.values() if top.__class__ is dict else top
        if not _NESTED.isdisjoint(map(type, inner)):
            stack.extend([x for x in inner if x.__class__ is list or x.__class__ is dict])
    return count


def _over(code: str, limit: int, span: Span | None) -> LimitError:
    return LimitError.of(code, at=span, limit=limit, where="")


_ACTIVE: ContextVar[Budget | None] = ContextVar("regel evaluation budget", default=None)


def under_way() -> bool:
    """Whether an evaluation (and so a budget) is under way."""
    return _ACTIVE.get() is not None


def active() -> Budget:
    """The budget of the evaluation under way (a fresh default one outside any)."""
    b = _ACTIVE.get()
    return b if b is not None else Budget()


def begin(limits: Limits) -> tuple[Budget, Any]:
    """A fresh budget of ``limits`` made the evaluation's, and the token ``end`` takes
    after it: ``with budget(limits)`` without the object (on every quick evaluation's
    path)."""
    fresh = Budget(limits)
    return fresh, _ACTIVE.set(fresh)


def end(token: Any) -> None:
    """The budget under way before ``begin`` gave ``token`` is the evaluation's again."""
    _ACTIVE.reset(token)


class budget:  # noqa: N801  (used as a function: ``with budget(limits) as b``)
    """Run the block under a fresh budget with ``limits``; with ``limits=None`` inside an
    evaluation under way, under that evaluation's budget. (A class, not a generator:
    entering it is on every evaluation's path.)"""

    __slots__ = ("limits", "token")

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits
        self.token: Any = None

    def __enter__(self) -> Budget:
        current = _ACTIVE.get()
        if self.limits is None and current is not None:
            return current
        fresh = Budget(self.limits or DEFAULT_LIMITS)
        self.token = _ACTIVE.set(fresh)
        return fresh

    def __exit__(self, *exc: object) -> None:
        if self.token is not None:
            _ACTIVE.reset(self.token)
            self.token = None


def located(err: LimitError, text: str) -> LimitError:
    """``err`` saying which expression it stopped in (once: the innermost one counts)."""
    first = err.first
    if first.values.get("where"):
        return err
    span = first.span
    where = Msg("feel.limit.where", {      # a problem's message shortens a long text
        "expression": text, "line": span.line if span else 1,
        "column": span.column if span else 1})
    err.diagnostics[0] = replace(first, values={**first.values, "where": where})
    err.text = text
    return err


def in_decision(err: LimitError, decision: str) -> LimitError:
    """``err`` naming the decision whose evaluation it stopped."""
    first = err.first
    where = first.values.get("where") or ""
    if isinstance(where, Msg) and where.key == "feel.limit.where-decision":
        return err      # the innermost decision counts
    err.diagnostics[0] = replace(first, values={**first.values, "where": Msg(
        "feel.limit.where-decision", {"decision": decision, "where": where})})
    return err
