"""FEEL text to AST: ``parse_expression`` and ``parse_unary_tests``.

The simplest cells (``-``, a number, a comparison with a number or an ISO date, a range of
two numbers) are read here; every other text by one LALR grammar (``feel.lark``) in
``regel.feel.larkparse``, the only module that touches Lark, imported when a text must be
read that way: a pack whose parses are kept in regel's cache (``regel.base.kept``) loads
without Lark. A parse is found there by its text, where it is parsed from, the date
dialect and the multi-word names it may use.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from regel.base import kept
from regel.base.errors import FeelSyntaxError, Span
from regel.feel import ast
from regel.feel import builtins as _builtins  # noqa: F401  (registers the built-ins)
from regel.feel.registry import builtin_names
from regel.feel.syntax import MAX_BRACKET_DEPTH, end_span, normal_name, syntax_error
from regel.feel.temporal import parse_date
from regel.feel.values import FEEL_CONTEXT, FeelNull

__all__ = ["parse_expression", "parse_unary_tests", "BASE_NAMES", "MAX_FEEL_CHARS",
           "MAX_BRACKET_DEPTH"]

#: The longest FEEL text read (an expression or a cell): a hundred times the longest
#: expression of any pack known, read in a tenth of a second. A longer text (issue 19: 5 MB
#: in one DMN ``<text>``, 15 s in the parser) is refused before it is parsed.
MAX_FEEL_CHARS = 100_000

#: Multi-word names FEEL always knows besides the built-in functions and their
#: parameters: type names and properties of temporal values and ranges.
BASE_NAMES = frozenset({
    "date and time", "days and time duration", "years and months duration",
    "time offset", "start included", "end included",
})

#: the first word of a name, as the grammar's NAME terminal reads it (an apostrophe between
#: letters belongs to the word: Student's name)
_FIRST_WORD = re.compile("(?:[^\\W\\d]|[\U00010000-\U000EFFFF])"
                         "(?:\\w|['\u2019](?=\\w)|"
                         "[\U00010000-\U000EFFFF\u00b7\u0300-\u036f\u203f\u2040])*")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What a parse kept for a pack's next load (``regel.base.kept``) is made from besides
    its text: the grammar, the code of this module, of the AST, of regel.feel.syntax and of
    ``regel.feel.larkparse``, Lark's own ``__init__`` (which names its version); found
    without importing Lark."""
    return kept.code_digest((__name__, "regel.feel.ast", "regel.feel.syntax",
                             "regel.feel.larkparse", "lark"),
                            pkgutil.get_data("regel.feel", "feel.lark") or b"?")


@lru_cache(maxsize=1)
def _base_index() -> tuple[frozenset[str], ...]:
    return (frozenset(normal_name(n) for n in builtin_names() | BASE_NAMES if " " in n.strip()),)


@lru_cache(maxsize=512)
def _index(names: frozenset[str]) -> tuple[dict[str, list[str]], int, tuple[str, ...]]:
    """The post-lexer's index of multi-word names by their first word, the longest one's
    length, and the multi-word names of ``names`` (sorted): all of ``names`` a parse
    depends on."""
    (base,) = _base_index()
    index: dict[str, list[str]] = {}
    longest = 0
    own: set[str] = set()
    for name in base | {normal_name(n) for n in names}:
        m = _FIRST_WORD.match(name)
        if not m or m.end() == len(name):
            continue  # single-word names need no merging
        index.setdefault(m.group(0), []).append(name)
        longest = max(longest, len(name))
        if name not in base:
            own.add(name)
    return index, longest, tuple(sorted(own))


#: a character that is half of a surrogate pair (Python strings can hold one; UTF-8 cannot)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(text: str, start: str, names: Iterable[str], iso_dates: bool = False) -> Any:
    if not isinstance(text, str):
        raise FeelSyntaxError.of("FEEL-SYNTAX", key="FEEL-SYNTAX/not-text",
                                 type=type(text).__name__)
    if len(text) > MAX_FEEL_CHARS:
        raise syntax_error("too-long", Span(1, 1, 1, 2, 0, 1), length=len(text),
                           limit=MAX_FEEL_CHARS)
    lone = _LONE_SURROGATE.search(text)  # from Python: no file or terminal gives one
    if lone is not None:
        at = lone.start()
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise syntax_error("lone-surrogate", Span(line, column, line, column + 1, at, at + 1),
                           text, escape=f"\\u{ord(lone.group()):04x}")
    index, longest, merged = _index(frozenset(names))

    def made() -> Any:
        from regel.feel.larkparse import parsed  # lazy: a pack whose parses are kept needs no Lark
        return parsed(text, start, index, longest, iso_dates)
    if not kept.active():
        return made()
    # a pack's load (regel.load.build): its next load reads this back
    return kept.found_or_made(("feel", _code_digest(), start, text, iso_dates, merged), made,
                              lambda node: isinstance(node, ast.Node))


#: a number, perhaps negative (Lark's parse folds the minus sign into the literal)
_SIMPLE_NUMBER = r"-?\d+(?:\.\d+)?"
#: the longest text taken for a simple cell: longer ones (a number of a thousand digits,
#: a text past MAX_FEEL_CHARS) are Lark's to read or refuse
_SIMPLE_LENGTH = 100
#: the cells most tables are made of: ``-``, a number, a comparison with a number (or, in
#: the rule-pack dialect, an ISO date) and a range of two numbers; on one line
_SIMPLE_CELL = re.compile(rf"""[ \t]*(?:
      (?P<any>-)
    | (?P<op><=|>=|!=|<|>|=)[ \t]*(?:(?P<date>\d{{4}}-\d{{2}}-\d{{2}})|(?P<value>{_SIMPLE_NUMBER}))
    | (?P<open>[\[(])[ \t]*(?P<low>{_SIMPLE_NUMBER})[ \t]*\.\.[ \t]*(?P<high>{_SIMPLE_NUMBER})
      [ \t]*(?P<close>[\])])
    | (?P<number>{_SIMPLE_NUMBER})
)[ \t]*""", re.VERBOSE)


def _simple_cell(text: str, iso_dates: bool) -> ast.UnaryTests | None:
    """The AST Lark's parse gives for one of the simplest cells (``_SIMPLE_CELL``, or texts,
    numbers and names joined by commas: ``_ATOMS``), made at once, spans and all (about
    90 µs of Lark's reductions each, and a 20,000-rule table has thousands of distinct
    ones); None for any other text. tests/feel/test_simple_cells.py holds the two equal."""
    if len(text) > _SIMPLE_LENGTH:
        return None
    m = _SIMPLE_CELL.fullmatch(text)
    if m is None:
        if _ATOMS.fullmatch(text) is None:
            return None
        found = [_atom(a) for a in _ATOM.finditer(text)]
        tests = tuple(t for t in found if t is not None)
        if len(tests) < len(found):
            return None     # a keyword: Lark's parse says what it is
        span = tests[0].span if len(tests) == 1 else _span_between(
            tests[0].span.start_pos, tests[-1].span.end_pos)
        return ast.UnaryTests(span, tests=tests)
    if m["date"] is not None and not iso_dates:
        return None
    if m["any"] is not None:
        return ast.UnaryTests(_text_span(m, "any"), any=True)
    if m["number"] is not None:
        number = _simple_number(m, "number")
        return ast.UnaryTests(number.span, tests=(number,))
    if m["op"] is not None:
        if m["date"] is not None:
            try:
                value = parse_date(m["date"])
            except FeelNull:
                return None     # Lark's parse says what is wrong with it
            operand: ast.Node = ast.Temporal(_text_span(m, "date"), text=m["date"],
                                             value=value)
        else:
            operand = _simple_number(m, "value")
        span = _text_span(m, "op", operand.span.end_pos)
        return ast.UnaryTests(span, tests=(ast.UnaryComparison(span, op=m["op"],
                                                               value=operand),))
    span = _text_span(m, "open", m.end("close"))
    lit = ast.RangeLit(span, start=_simple_number(m, "low"), end=_simple_number(m, "high"),
                       start_included=m["open"] == "[", end_included=m["close"] == "]")
    return ast.UnaryTests(span, tests=(lit,))


#: one text without escapes (or half a surrogate pair: Lark's parse refuses it), number,
#: name of one word (in ASCII), true, false or null
_ATOM_TEXT = rf'"[^"\\\n\ud800-\udfff]*"|{_SIMPLE_NUMBER}|[A-Za-z_][A-Za-z0-9_]*'
_ATOM = re.compile(_ATOM_TEXT)
#: such values joined by commas: a cell of the values it takes (``"a", "b"``, ``x, y``)
_ATOMS = re.compile(rf"[ \t]*(?:{_ATOM_TEXT})(?:[ \t]*,[ \t]*(?:{_ATOM_TEXT}))*[ \t]*")
#: the words FEEL's grammar keeps for itself: no name (Lark's parse reads or refuses them)
_KEYWORDS = frozenset({"if", "then", "else", "for", "in", "return", "some", "every",
                       "satisfies", "function", "or", "and", "between", "instance", "of",
                       "not", "true", "false", "null"})
_CONSTANTS = {"true": True, "false": False}


def _atom(m: re.Match[str]) -> ast.Node | None:
    """The literal or name ``m`` matched (``_ATOM``); None for a keyword other than true,
    false and null."""
    text, span = m.group(), _span_between(m.start(), m.end())
    if text[0] == '"':
        return ast.String(span, value=text[1:-1])
    if text[0] == "-" or text[0].isdigit():
        return _number(text, span)
    if text in _KEYWORDS:
        if text == "null":
            return ast.Null(span)
        found = _CONSTANTS.get(text)
        return None if found is None else ast.Boolean(span, value=found)
    return ast.Name(span, name=text)


def _simple_expression(text: str) -> ast.Node | None:
    """The AST Lark's parse gives for an expression that is one literal or name
    (``_ATOM``, with no space around it); None for any other text."""
    if len(text) > _SIMPLE_LENGTH:
        return None
    m = _ATOM.fullmatch(text)
    return None if m is None else _atom(m)


def _span_between(start: int, end: int) -> Span:
    """The span of the characters from ``start`` to ``end`` of a one-line text."""
    return Span(1, start + 1, 1, end + 1, start, end)


def _text_span(m: re.Match[str], group: str, end: int | None = None) -> Span:
    """The span of ``group`` in a one-line text (to ``end`` when given), as Lark gives it."""
    return _span_between(m.start(group), m.end(group) if end is None else end)


def _simple_number(m: re.Match[str], group: str) -> ast.Number:
    return _number(m[group], _text_span(m, group))


def _number(text: str, span: Span) -> ast.Number:
    """A number literal, a minus sign before it folded in as Lark's parse folds it."""
    if text[0] == "-":
        return ast.Number(span, value=-FEEL_CONTEXT.plus(Decimal(text[1:])))
    return ast.Number(span, value=FEEL_CONTEXT.plus(Decimal(text)))


def parse_expression(text: str, names: Iterable[str] = (), *,
                     iso_dates: bool = False) -> ast.Node:
    """Parse a FEEL expression. ``names`` are the (possibly multi-word) names in scope;
    ``iso_dates`` reads ``2011-01-01`` as a date (the rule-pack dialect)."""
    if not text.strip():
        raise syntax_error("empty", end_span(text), text)
    simple = _simple_expression(text)
    if simple is not None:
        return simple
    return _parse(text, "expression_start", names, iso_dates)


def parse_unary_tests(text: str, names: Iterable[str] = (), *,
                      iso_dates: bool = False) -> ast.UnaryTests:
    """Parse the content of a decision-table input cell."""
    if not text.strip():
        raise syntax_error("empty-cell", end_span(text), text)
    simple = _simple_cell(text, iso_dates)
    if simple is not None:
        return simple
    result = _parse(text, "unary_tests_start", names, iso_dates)
    assert isinstance(result, ast.UnaryTests)
    return result
