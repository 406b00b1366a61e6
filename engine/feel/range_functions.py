"""FEEL's range built-ins (DMN 1.5, 10.3.4.9): before, after, meets, met by, overlaps,
overlaps before, overlaps after, finishes, finished by, includes, during, starts,
started by, coincides; and range(from), a range read from its text.

Each takes two arguments that are points or ranges; the spec defines one formula per
combination. Endpoints compare as FEEL values of one kind; an unbounded end (``< 5`` has
no start) compares below or above every value. Arguments that are not comparable give
null with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from regel.base.messages import Msg
from regel.feel.registry import builtin, invalid
from regel.feel.values import Range, feel_compare, type_name

__all__ = ["RANGE_READER"]

_LOW, _POINT, _HIGH = -1, 0, 1


class _End:
    """An endpoint: a value, or minus/plus infinity for an unbounded range end."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: int, value: Any) -> None:
        self.kind = kind
        self.value = value


def _c(fn: str, a: _End, b: _End) -> int:
    if a.kind != _POINT or b.kind != _POINT:
        return (a.kind > b.kind) - (a.kind < b.kind) if a.kind != b.kind else 0
    c = feel_compare(a.value, b.value)
    if c is None:
        raise invalid(fn, "feel.reason.range-not-comparable")
    return c


class _R:
    """A range seen through its endpoints."""

    __slots__ = ("start", "end", "si", "ei")

    def __init__(self, r: Range) -> None:
        self.start = _End(_LOW, None) if r.start is None else _End(_POINT, r.start)
        self.end = _End(_HIGH, None) if r.end is None else _End(_POINT, r.end)
        # an unbounded end is never included
        self.si = r.start_included and r.start is not None
        self.ei = r.end_included and r.end is not None


def _kind(is_range: bool) -> Msg:
    """What an argument is ('range', 'point'), in a warning's words."""
    return Msg("feel.word.range" if is_range else "feel.word.point")


def _point(v: Any) -> _End:
    return _End(_POINT, v)


def _dispatch(fn: str, pp: Callable[..., bool] | None, pr: Callable[..., bool] | None,
              rp: Callable[..., bool] | None, rr: Callable[..., bool] | None
              ) -> Callable[[Any, Any], Any]:
    def run(a: Any, b: Any) -> Any:
        if a is None or b is None:
            return None
        ra, rb = isinstance(a, Range), isinstance(b, Range)
        impl = {(False, False): pp, (False, True): pr, (True, False): rp,
                (True, True): rr}[(ra, rb)]
        if impl is None:
            raise invalid(fn, "feel.reason.not-defined-for", first=_kind(ra), second=_kind(rb))
        x = _R(a) if ra else _point(a)
        y = _R(b) if rb else _point(b)
        return impl(x, y)
    return run


def _register(name: str, params: list[str], fn: Callable[[Any, Any], Any]) -> None:
    for signature in params:
        builtin(name, signature)(fn)


# Formulas follow the specification's table of range functions, term by term.

def _before() -> Callable[[Any, Any], Any]:
    f = "before"
    return _dispatch(
        f,
        lambda p1, p2: _c(f, p1, p2) < 0,
        lambda p, r: _c(f, p, r.start) < 0 or (_c(f, p, r.start) == 0 and not r.si),
        lambda r, p: _c(f, r.end, p) < 0 or (_c(f, r.end, p) == 0 and not r.ei),
        lambda r1, r2: _c(f, r1.end, r2.start) < 0 or (
            (not r1.ei or not r2.si) and _c(f, r1.end, r2.start) == 0),
    )


def _after() -> Callable[[Any, Any], Any]:
    f = "after"
    return _dispatch(
        f,
        lambda p1, p2: _c(f, p1, p2) > 0,
        lambda p, r: _c(f, p, r.end) > 0 or (_c(f, p, r.end) == 0 and not r.ei),
        lambda r, p: _c(f, r.start, p) > 0 or (_c(f, r.start, p) == 0 and not r.si),
        lambda r1, r2: _c(f, r1.start, r2.end) > 0 or (
            (not r1.si or not r2.ei) and _c(f, r1.start, r2.end) == 0),
    )


def _meets() -> Callable[[Any, Any], Any]:
    f = "meets"
    return _dispatch(f, None, None, None,
                     lambda r1, r2: r1.ei and r2.si and _c(f, r1.end, r2.start) == 0)


def _met_by() -> Callable[[Any, Any], Any]:
    f = "met by"
    return _dispatch(f, None, None, None,
                     lambda r1, r2: r1.si and r2.ei and _c(f, r1.start, r2.end) == 0)


def _overlaps() -> Callable[[Any, Any], Any]:
    f = "overlaps"

    def rr(r1: _R, r2: _R) -> bool:
        left = _c(f, r1.end, r2.start) > 0 or (
            _c(f, r1.end, r2.start) == 0 and r1.ei and r2.si)
        right = _c(f, r1.start, r2.end) < 0 or (
            _c(f, r1.start, r2.end) == 0 and r1.si and r2.ei)
        return left and right

    return _dispatch(f, None, None, None, rr)


def _overlaps_before_rr(f: str, r1: _R, r2: _R) -> bool:
    return ((_c(f, r1.start, r2.start) < 0
             or (_c(f, r1.start, r2.start) == 0 and r1.si and not r2.si))
            and (_c(f, r1.end, r2.start) > 0
                 or (_c(f, r1.end, r2.start) == 0 and r1.ei and r2.si))
            and (_c(f, r1.end, r2.end) < 0
                 or (_c(f, r1.end, r2.end) == 0 and (not r1.ei or r2.ei))))


def _overlaps_before() -> Callable[[Any, Any], Any]:
    f = "overlaps before"
    return _dispatch(f, None, None, None, lambda r1, r2: _overlaps_before_rr(f, r1, r2))


def _overlaps_after() -> Callable[[Any, Any], Any]:
    f = "overlaps after"
    return _dispatch(f, None, None, None, lambda r1, r2: _overlaps_before_rr(f, r2, r1))


def _finishes() -> Callable[[Any, Any], Any]:
    f = "finishes"
    return _dispatch(
        f, None,
        lambda p, r: r.ei and _c(f, r.end, p) == 0,
        None,
        lambda r1, r2: (r1.ei == r2.ei and _c(f, r1.end, r2.end) == 0
                        and (_c(f, r1.start, r2.start) > 0
                             or (_c(f, r1.start, r2.start) == 0
                                 and (not r1.si or r2.si)))),
    )


def _finished_by() -> Callable[[Any, Any], Any]:
    f = "finished by"
    return _dispatch(
        f, None, None,
        lambda r, p: r.ei and _c(f, r.end, p) == 0,
        lambda r1, r2: (r1.ei == r2.ei and _c(f, r1.end, r2.end) == 0
                        and (_c(f, r1.start, r2.start) < 0
                             or (_c(f, r1.start, r2.start) == 0
                                 and (r1.si or not r2.si)))),
    )


def _includes_rp(f: str, r: _R, p: _End) -> bool:
    return ((_c(f, r.start, p) < 0 and _c(f, r.end, p) > 0)
            or (_c(f, r.start, p) == 0 and r.si)
            or (_c(f, r.end, p) == 0 and r.ei))


def _includes_rr(f: str, r1: _R, r2: _R) -> bool:
    return ((_c(f, r1.start, r2.start) < 0
             or (_c(f, r1.start, r2.start) == 0 and (r1.si or not r2.si)))
            and (_c(f, r1.end, r2.end) > 0
                 or (_c(f, r1.end, r2.end) == 0 and (r1.ei or not r2.ei))))


def _includes() -> Callable[[Any, Any], Any]:
    f = "includes"
    return _dispatch(f, None, None, lambda r, p: _includes_rp(f, r, p),
                     lambda r1, r2: _includes_rr(f, r1, r2))


def _during() -> Callable[[Any, Any], Any]:
    f = "during"
    return _dispatch(f, None, lambda p, r: _includes_rp(f, r, p), None,
                     lambda r1, r2: _includes_rr(f, r2, r1))


def _starts() -> Callable[[Any, Any], Any]:
    f = "starts"
    return _dispatch(
        f, None,
        lambda p, r: _c(f, r.start, p) == 0 and r.si,
        None,
        lambda r1, r2: (_c(f, r1.start, r2.start) == 0 and r1.si == r2.si
                        and (_c(f, r1.end, r2.end) < 0
                             or (_c(f, r1.end, r2.end) == 0 and (not r1.ei or r2.ei)))),
    )


def _started_by() -> Callable[[Any, Any], Any]:
    f = "started by"
    return _dispatch(
        f, None, None,
        lambda r, p: _c(f, r.start, p) == 0 and r.si,
        lambda r1, r2: (_c(f, r1.start, r2.start) == 0 and r1.si == r2.si
                        and (_c(f, r2.end, r1.end) < 0
                             or (_c(f, r2.end, r1.end) == 0 and (not r2.ei or r1.ei)))),
    )


def _coincides() -> Callable[[Any, Any], Any]:
    f = "coincides"
    return _dispatch(
        f,
        lambda p1, p2: _c(f, p1, p2) == 0,
        None, None,
        lambda r1, r2: (_c(f, r1.start, r2.start) == 0 and r1.si == r2.si
                        and _c(f, r1.end, r2.end) == 0 and r1.ei == r2.ei),
    )


_POINTS_AND_RANGES = ["point1, point2", "point, range", "range, point", "range1, range2"]
_register("before", _POINTS_AND_RANGES, _before())
_register("after", _POINTS_AND_RANGES, _after())
_register("meets", ["range1, range2"], _meets())
_register("met by", ["range1, range2"], _met_by())
_register("overlaps", ["range1, range2"], _overlaps())
_register("overlaps before", ["range1, range2"], _overlaps_before())
_register("overlaps after", ["range1, range2"], _overlaps_after())
_register("finishes", ["point, range", "range1, range2"], _finishes())
_register("finished by", ["range, point", "range1, range2"], _finished_by())
_register("includes", ["range, point", "range1, range2"], _includes())
_register("during", ["point, range", "range1, range2"], _during())
_register("starts", ["point, range", "range1, range2"], _starts())
_register("started by", ["range, point", "range1, range2"], _started_by())
_register("coincides", ["point1, point2", "range1, range2"], _coincides())


# ---------------------------------------------------------------- range(from) (DMN 1.5)

#: reads a range literal's text into (start, end, start included, end included), or None
#: when the text is not one; set by the compiler, which can parse and evaluate FEEL
#: (this module is imported by the parser and the compiler, so it cannot import them)
RANGE_READER: list[Callable[[str], tuple[Any, Any, bool, bool] | None]] = []


def _range_from(text: Any) -> Range | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise invalid("range", "feel.reason.not-a-string", param="from", type=type_name(text))
    parts = RANGE_READER[0](text) if RANGE_READER and text.strip() else None
    if parts is None:
        raise invalid("range", "feel.reason.not-a-range-literal", text=text)
    start, end, start_included, end_included = parts
    if start is None or end is None or type_name(start) != type_name(end):
        raise invalid("range", "feel.reason.range-ends", start=type_name(start),
                      end=type_name(end))
    order = feel_compare(start, end)
    if order is None or order > 0:
        raise invalid("range", "feel.reason.range-descending", text=text)
    return Range(start, end, start_included, end_included)


builtin("range", "from")(_range_from)
