"""The Lark side of FEEL parsing (``regel.feel.parser`` is the entry): one LALR grammar,
``feel.lark``, and between Lark's lexer and parser a post-lexer that does two things FEEL
needs and a context-free grammar cannot express:

1. **Names with spaces.** FEEL names may contain spaces and some symbols
   ("Applicant Age", "date and time", "Date-of-Birth"). The caller passes the names in
   scope; the post-lexer merges each run of tokens whose source text spells a known
   name into one NAME token (longest match wins). Built-in function, parameter,
   property and type names are always known.
2. **Open range brackets.** ``]1..5[`` uses ``]`` to open and ``[`` to close. A ``]``
   where a value is expected opens a range; a ``[`` after ``..`` that is not followed by
   the start of an expression closes one.

Then a transformer makes regel's AST of Lark's tree. The only module that touches Lark.
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import pkgutil
import re
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark import __version__ as lark_version
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from regel.base import cache
from regel.base.errors import FeelSyntaxError, Span
from regel.base.messages import Msg
from regel.feel import ast
from regel.feel.syntax import (
    FEEL_SPACES,
    MAX_BRACKET_DEPTH,
    end_span,
    normal_name,
    syntax_error,
    too_deep,
)
from regel.feel.temporal import parse_date, parse_temporal
from regel.feel.values import FEEL_CONTEXT, FeelNull

__all__ = ["parsed", "PARSER_CACHE", "parser_cache_name"]

_WORD_TOKENS = frozenset({
    "NAME", "IF", "THEN", "ELSE", "FOR", "IN", "RETURN", "SOME", "EVERY", "SATISFIES",
    "AND", "OR", "BETWEEN", "INSTANCE", "OF", "NOT", "NULL", "TRUE", "FALSE", "FUNCTION",
})
_VALUE_END = frozenset({
    "NUMBER", "ISO_DATE", "STRING", "NAME", "RPAR", "RSQB", "RBRACE", "QMARK", "TRUE",
    "FALSE", "NULL", "RANGE_OPEN_END",
})
_EXPRESSION_START = frozenset({
    "NUMBER", "ISO_DATE", "STRING", "NAME", "LPAR", "LSQB", "LBRACE", "MINUS", "AT", "QMARK", "NOT",
    "IF", "FOR", "SOME", "EVERY", "FUNCTION", "TRUE", "FALSE", "NULL", "RANGE_OPEN_START",
})

_scope: contextvars.ContextVar[tuple[str, dict[str, list[str]], int, bool]] = \
    contextvars.ContextVar("feel_scope")


class _PostLexer:
    """Merges multi-word names and retypes open range brackets (see module doc)."""

    always_accept = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        text, index, longest, iso_dates = _scope.get()
        tokens = list(stream)
        if iso_dates:
            tokens = _merge_iso_dates(tokens)
        tokens = _merge_symbol_keys(tokens, text)
        index = _with_context_keys(tokens, index)
        tokens = _merge_names(tokens, text, index, longest + 64)
        yield from _retype_brackets(tokens)


_DATE_PARTS = (("NUMBER", 4), ("MINUS", 1), ("NUMBER", 2), ("MINUS", 1), ("NUMBER", 2))


def _merge_iso_dates(tokens: list[Token]) -> list[Token]:
    """Rule-pack dialect: ``2011-01-01`` written with no spaces is a date, not 2009.

    Plain FEEL reads it as two subtractions; in a legal rule that is never what was
    meant, so rule packs read a number shaped like an ISO date as a date literal."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        run = tokens[i:i + 5]
        if len(run) == 5 and all(t.type == kind and (kind != "NUMBER" or len(t) == width)
                                 for t, (kind, width) in zip(run, _DATE_PARTS, strict=True)) \
                and all(run[k].end_pos == run[k + 1].start_pos for k in range(4)):
            first, last = run[0], run[4]
            out.append(Token("ISO_DATE", "".join(str(t) for t in run),
                             start_pos=first.start_pos, line=first.line, column=first.column,
                             end_line=last.end_line, end_column=last.end_column,
                             end_pos=last.end_pos))
            i += 5
            continue
        out.append(tokens[i])
        i += 1
    return out


#: symbols a name may hold between its words (DMN 1.5, grammar rule 30: additional name
#: symbols), when written with no space around them: {foo+bar: 1}, f(Person.Name: "x")
_NAME_SYMBOLS = frozenset({"PLUS", "MINUS", "STAR", "SLASH", "DOT"})


def _key_end(tokens: list[Token], start: int) -> int:
    """Where a run of words (and symbols joined to them) that may be a key ends."""
    j = start
    while j < len(tokens) and (tokens[j].type in _WORD_TOKENS or (
            tokens[j].type in _NAME_SYMBOLS and j > start
            and tokens[j - 1].end_pos == tokens[j].start_pos
            and j + 1 < len(tokens) and tokens[j].end_pos == tokens[j + 1].start_pos
            and tokens[j + 1].type in _WORD_TOKENS)):
        j += 1
    return j


def _merge_symbol_keys(tokens: list[Token], text: str) -> list[Token]:
    """A context key or argument name holding name symbols (``{foo+bar: 1}``,
    ``f(Person.Name: "x")``) as one NAME token; only there, before its ':', so that
    ``Person.Name`` elsewhere stays a path."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        out.append(tok)
        i += 1
        if tok.type not in ("LBRACE", "COMMA", "LPAR"):
            continue
        j = _key_end(tokens, i)
        if j < len(tokens) and tokens[j].type == "COLON" and any(
                t.type in _NAME_SYMBOLS for t in tokens[i:j]):
            first, last = tokens[i], tokens[j - 1]
            out.append(Token("NAME", normal_name(text[first.start_pos:last.end_pos]),
                             start_pos=first.start_pos, line=first.line, column=first.column,
                             end_line=last.end_line, end_column=last.end_column,
                             end_pos=last.end_pos))
            i = j
    return out


def _with_context_keys(tokens: list[Token], index: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add multi-word context keys written in the text (``{first name: ...}``; a word after
    the first may be a number: ``{decision A 2.1: ...}``) as names."""
    extra: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type not in ("LBRACE", "COMMA"):
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].type in _WORD_TOKENS or (
                j > i + 1 and tokens[j].type == "NUMBER")):
            j += 1
        if j - i > 2 and j < len(tokens) and tokens[j].type == "COLON":
            extra.append(" ".join(str(t) for t in tokens[i + 1:j]))
    if not extra:
        return index
    merged = {k: list(v) for k, v in index.items()}
    for name in extra:
        merged.setdefault(name.split(" ", 1)[0], []).append(name)
    return merged


def _merge_names(tokens: list[Token], text: str, index: dict[str, list[str]],
                 max_len: int) -> list[Token]:
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        candidates = index.get(str(tok)) if tok.type in _WORD_TOKENS else None
        if candidates:
            best = -1
            for j in range(i + 1, n):
                gap = text[tokens[j - 1].end_pos:tokens[j].start_pos]
                if gap and not FEEL_SPACES.fullmatch(gap):   # FEEL white space, lines too
                    break
                if (tokens[j].end_pos or 0) - (tok.start_pos or 0) > max_len:
                    break
                if normal_name(text[tok.start_pos:tokens[j].end_pos]) in candidates:
                    best = j
            if best > i:
                last = tokens[best]
                out.append(Token("NAME", normal_name(text[tok.start_pos:last.end_pos]),
                                 start_pos=tok.start_pos, line=tok.line, column=tok.column,
                                 end_line=last.end_line, end_column=last.end_column,
                                 end_pos=last.end_pos))
                i = best + 1
                continue
        out.append(tok)
        i += 1
    return out


def _deeper(in_range: list[bool], tok: Token) -> None:
    """Open one more bracket; FEEL-SYNTAX past MAX_BRACKET_DEPTH, at that bracket."""
    in_range.append(False)
    if len(in_range) > MAX_BRACKET_DEPTH + 1:
        raise syntax_error("brackets-too-deep", _token_span(tok), limit=MAX_BRACKET_DEPTH)


def _retype_brackets(tokens: list[Token]) -> Iterator[Token]:
    in_range = [False]  # one flag per open bracket; the bottom one is the whole text
    prev: Token | None = None
    for i, tok in enumerate(tokens):
        t = tok.type
        if t == "RSQB" and (prev is None or (prev.type not in _VALUE_END
                                             and prev.type != "LSQB")):
            tok = Token.new_borrow_pos("RANGE_OPEN_START", tok.value, tok)
            _deeper(in_range, tok)
        elif t == "LSQB" and in_range[-1] and (
                i + 1 == len(tokens) or tokens[i + 1].type not in _EXPRESSION_START):
            tok = Token.new_borrow_pos("RANGE_OPEN_END", tok.value, tok)
            if len(in_range) > 1:
                in_range.pop()
        elif t in ("LSQB", "LPAR", "LBRACE"):
            _deeper(in_range, tok)
        elif t in ("RSQB", "RPAR", "RBRACE"):
            if len(in_range) > 1:
                in_range.pop()
        elif t == "DOTDOT":
            in_range[-1] = True
        prev = tok
        yield tok


#: How the parser is built from ``feel.lark`` (besides the post-lexer).
_LARK_OPTIONS: dict[str, Any] = {
    "parser": "lalr", "lexer": "basic", "start": ["expression_start", "unary_tests_start"],
    "propagate_positions": True, "maybe_placeholders": True}
#: The start of the name of the parser's tables in the user's cache (``regel.base.cache``).
PARSER_CACHE = "feel-parser-"


@lru_cache(maxsize=1)
def _lark() -> Lark:
    """The LALR parser. Building its tables takes some 70 ms, so they are kept in the
    user's cache under a name made from all they are built from (the grammar's text, these
    options, Lark's and Python's versions); a cache that does not load is built again."""
    grammar = _grammar()
    name = parser_cache_name(grammar)
    cached = cache.read(name)
    if cached is not None:
        try:
            return Lark.load(io.BytesIO(cached))
        except Exception:  # whatever a damaged or foreign pickle raises: build anew
            pass
    lark = Lark(grammar, postlex=_PostLexer(), source_path="feel.lark", **_LARK_OPTIONS)
    tables = io.BytesIO()
    lark.save(tables)   # the post-lexer is saved by its name, regel.feel.larkparse._PostLexer
    cache.write(name, tables.getvalue(), replaces=PARSER_CACHE)
    return lark


def _grammar() -> str:
    data = pkgutil.get_data("regel.feel", "feel.lark")
    assert data is not None, "feel.lark is installed with regel.feel"
    return data.decode("utf-8")


def parser_cache_name(grammar: str) -> str:
    """The cache file of the parser built from ``grammar`` by this Lark and this Python."""
    made_of = "\n".join([grammar, repr(sorted(_LARK_OPTIONS.items())), lark_version,
                         sys.implementation.cache_tag or sys.version, "regel-2"])
    return f"{PARSER_CACHE}{hashlib.sha256(made_of.encode()).hexdigest()[:40]}.pickle"


def _span_of(meta: Any) -> Span:
    if getattr(meta, "empty", True):
        return Span(1, 1, 1, 1, 0, 0)
    return Span(meta.line, meta.column, meta.end_line, meta.end_column,
                meta.start_pos, meta.end_pos)


def _token_span(tok: Token) -> Span:
    return Span(tok.line or 1, tok.column or 1, tok.end_line or tok.line or 1,
                tok.end_column or tok.column or 1, tok.start_pos or 0, tok.end_pos or 0)


_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(tok: Token) -> str:
    raw = str(tok)[1:-1]
    if "\\" not in raw:
        return raw
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("u", "U"):
            code, i = _code_point(raw, i, tok)
            out.append(chr(code))
        else:
            # a backslash that starts no FEEL escape is itself a character (grammar rule
            # 35): "\d" reaches matches() as a regular expression's \d
            out.append(ch)
            i += 1
    return "".join(out)


_HEX = frozenset("0123456789abcdefABCDEF")


def _hex_escape(raw: str, i: int, tok: Token) -> tuple[int, str]:
    """The code of the ``\\u`` (4 digits) or ``\\U`` (6 digits) escape at ``i``, and its
    text."""
    letter = raw[i + 1]
    width = 4 if letter == "u" else 6
    digits = raw[i + 2:i + 2 + width]
    if len(digits) != width or not all(c in _HEX for c in digits):
        raise syntax_error("escape-digits", _token_span(tok), letter=letter, width=width)
    code = int(digits, 16)
    if code > 0x10FFFF:
        raise syntax_error("not-unicode", _token_span(tok), letter=letter, digits=digits)
    return code, raw[i:i + 2 + width]


def _code_point(raw: str, i: int, tok: Token) -> tuple[int, int]:
    """The character of the escape at ``i`` and where the text goes on: a surrogate pair
    written as two escapes (``\\uD83D\\uDE00``, as the DMN TCK writes emoji) is one
    character; half of a pair alone is no character (FEEL-SYNTAX; issue 19: it could not be
    printed or written as UTF-8)."""
    code, text = _hex_escape(raw, i, tok)
    end = i + len(text)
    if 0xD800 <= code <= 0xDBFF and raw.startswith(("\\u", "\\U"), end):
        low, low_text = _hex_escape(raw, end, tok)
        if 0xDC00 <= low <= 0xDFFF:
            return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), end + len(low_text)
    if 0xD800 <= code <= 0xDFFF:
        raise syntax_error("lone-surrogate", _token_span(tok), escape=text)
    return code, end


@v_args(meta=True)
class _ToAst(Transformer):
    """Lark tree -> frozen AST dataclasses (positions from Lark's meta)."""

    # ---- unary tests
    def any_test(self, meta: Any, _: list[Any]) -> ast.UnaryTests:
        return ast.UnaryTests(_span_of(meta), any=True)

    def positive_tests(self, meta: Any, children: list[Any]) -> ast.UnaryTests:
        tests = children[0]
        if len(tests) == 1 and isinstance(tests[0], ast.NotCall):
            # not(e) alone in a cell negates the test e (DMN: negated unary tests)
            operand = tests[0].operand
            assert operand is not None
            return ast.UnaryTests(_span_of(meta), tests=(operand,), negated=True)
        return ast.UnaryTests(_span_of(meta), tests=tuple(tests))

    def negated_tests(self, meta: Any, children: list[Any]) -> ast.UnaryTests:
        return ast.UnaryTests(_span_of(meta), tests=tuple(children[0]), negated=True)

    def positive_unary_tests(self, meta: Any, children: list[Any]) -> list[Any]:
        return children

    def unary_comparison(self, meta: Any, children: list[Any]) -> ast.UnaryComparison:
        op, value = children
        return ast.UnaryComparison(_span_of(meta), op=op, value=value)

    def comp_op(self, meta: Any, children: list[Any]) -> str:
        return str(children[0])

    # ---- textual forms
    def if_expr(self, meta: Any, c: list[Any]) -> ast.If:
        return ast.If(_span_of(meta), condition=c[0], then=c[1], otherwise=c[2])

    def iteration(self, meta: Any, c: list[Any]) -> ast.Iteration:
        return ast.Iteration(_span_of(meta), name=str(c[0]), domain=c[1], end=c[2])

    def for_expr(self, meta: Any, c: list[Any]) -> ast.For:
        return ast.For(_span_of(meta), iterations=tuple(c[:-1]), body=c[-1])

    def some_expr(self, meta: Any, c: list[Any]) -> ast.Quantified:
        return ast.Quantified(_span_of(meta), quantifier="some", iterations=tuple(c[:-1]),
                              condition=c[-1])

    def every_expr(self, meta: Any, c: list[Any]) -> ast.Quantified:
        return ast.Quantified(_span_of(meta), quantifier="every", iterations=tuple(c[:-1]),
                              condition=c[-1])

    def formal_param(self, meta: Any, c: list[Any]) -> tuple[str, ast.TypeRef | None]:
        return str(c[0]), (c[1] if len(c) > 1 else None)

    def function_def(self, meta: Any, c: list[Any]) -> ast.FunctionDef:
        formal = [p for p in c[:-1] if p is not None]
        types = tuple(t for _, t in formal)
        return ast.FunctionDef(_span_of(meta), params=tuple(n for n, _ in formal), body=c[-1],
                               param_types=types if any(types) else ())

    def external_def(self, meta: Any, c: list[Any]) -> ast.FunctionDef:
        """``function(a) external {java: {class: .., method signature: ..}}``."""
        word = next(x for x in c if isinstance(x, Token))
        if str(word) != "external":
            raise syntax_error("not-external", _token_span(word), word=str(word))
        params = tuple(p[0] for p in c[:c.index(word)] if p is not None)
        entries = [x for x in c[c.index(word) + 1:] if x is not None]
        mapping = self.context_lit(meta, entries)
        return ast.FunctionDef(_span_of(meta), params=params, body=mapping, external=True)

    # ---- operators
    def or_expr(self, meta: Any, c: list[Any]) -> ast.Or:
        return ast.Or(_span_of(meta), left=c[0], right=c[1])

    def and_expr(self, meta: Any, c: list[Any]) -> ast.And:
        return ast.And(_span_of(meta), left=c[0], right=c[1])

    def compare(self, meta: Any, c: list[Any]) -> ast.Compare:
        return ast.Compare(_span_of(meta), op=c[1], left=c[0], right=c[2])

    def between(self, meta: Any, c: list[Any]) -> ast.Between:
        return ast.Between(_span_of(meta), value=c[0], low=c[1], high=c[2])

    def in_expr(self, meta: Any, c: list[Any]) -> ast.In:
        return ast.In(_span_of(meta), value=c[0], tests=(c[1],))

    def in_list(self, meta: Any, c: list[Any]) -> ast.In:
        return ast.In(_span_of(meta), value=c[0], tests=tuple(c[1:]))

    def instance_of(self, meta: Any, c: list[Any]) -> ast.InstanceOf:
        return ast.InstanceOf(_span_of(meta), value=c[0], type=c[1])

    def arith(self, meta: Any, c: list[Any]) -> ast.Arithmetic:
        return ast.Arithmetic(_span_of(meta), op=str(c[1]), left=c[0], right=c[2])

    def negate(self, meta: Any, c: list[Any]) -> ast.Node:
        operand = c[1]
        if isinstance(operand, ast.Number):  # fold -5 into a literal
            return ast.Number(_span_of(meta), value=-operand.value)
        return ast.Negate(_span_of(meta), operand=operand)

    # ---- postfix
    def path(self, meta: Any, c: list[Any]) -> ast.Path:
        return ast.Path(_span_of(meta), base=c[0], key=str(c[1]))

    def filter(self, meta: Any, c: list[Any]) -> ast.Filter:
        return ast.Filter(_span_of(meta), base=c[0], condition=c[1])

    def call(self, meta: Any, c: list[Any]) -> ast.Call:
        callee, args = c[0], c[1]
        if args is None:
            return ast.Call(_span_of(meta), callee=callee, args=())
        kind, values = args
        if kind == "named":
            return ast.Call(_span_of(meta), callee=callee, named=tuple(values))
        return ast.Call(_span_of(meta), callee=callee, args=tuple(values))

    def positional_args(self, meta: Any, c: list[Any]) -> tuple[str, list[Any]]:
        return ("positional", c)

    def named_args(self, meta: Any, c: list[Any]) -> tuple[str, list[Any]]:
        names = [n for n, _ in c]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise syntax_error("argument-twice", _span_of(meta), name=name)
        return ("named", c)

    def named_arg(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return (str(c[0]), c[1])

    def not_call(self, meta: Any, c: list[Any]) -> ast.NotCall:
        return ast.NotCall(_span_of(meta), operand=c[0])

    # ---- primaries
    def name(self, meta: Any, c: list[Any]) -> ast.Name:
        return ast.Name(_span_of(meta), name=str(c[0]))

    def input_value(self, meta: Any, c: list[Any]) -> ast.InputValue:
        return ast.InputValue(_span_of(meta))

    def list_lit(self, meta: Any, c: list[Any]) -> ast.ListLit:
        return ast.ListLit(_span_of(meta), items=tuple(x for x in c if x is not None))

    def context_lit(self, meta: Any, c: list[Any]) -> ast.ContextLit:
        entries = tuple(x for x in c if x is not None)
        seen: set[str] = set()
        for key, node in entries:
            if key in seen:
                raise syntax_error("key-twice", node.span, name=key)
            seen.add(key)
        return ast.ContextLit(_span_of(meta), entries=entries)

    def context_entry(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return (c[0], c[1])

    def name_key(self, meta: Any, c: list[Any]) -> str:
        return " ".join(str(t) for t in c)

    def string_key(self, meta: Any, c: list[Any]) -> str:
        return _unescape(c[0])

    def range_lit(self, meta: Any, c: list[Any]) -> ast.RangeLit:
        opener, start, _, end, closer = c
        return ast.RangeLit(_span_of(meta), start=start, end=end,
                            start_included=opener.type == "LSQB",
                            end_included=closer == "]")

    def range_end(self, meta: Any, c: list[Any]) -> str:
        return "]" if c[0].type == "RSQB" else ")"

    # ---- literals
    def number(self, meta: Any, c: list[Any]) -> ast.Number:
        return ast.Number(_span_of(meta), value=FEEL_CONTEXT.plus(Decimal(str(c[0]))))

    def string(self, meta: Any, c: list[Any]) -> ast.String:
        return ast.String(_span_of(meta), value=_unescape(c[0]))

    def iso_date(self, meta: Any, c: list[Any]) -> ast.Temporal:
        text = str(c[0])
        try:
            value = parse_date(text)
        except FeelNull:
            raise syntax_error("invalid-date", _span_of(meta), date=text) from None
        return ast.Temporal(_span_of(meta), text=text, value=value)

    def temporal(self, meta: Any, c: list[Any]) -> ast.Temporal:
        text = _unescape(c[0])
        try:
            value = parse_temporal(text)
        except FeelNull as exc:
            kind = exc.values.get("type", "date, time or duration")
            raise syntax_error("invalid-temporal", _span_of(meta), literal=text,
                               type=kind) from None
        return ast.Temporal(_span_of(meta), text=text, value=value)

    def true(self, meta: Any, c: list[Any]) -> ast.Boolean:
        return ast.Boolean(_span_of(meta), value=True)

    def false(self, meta: Any, c: list[Any]) -> ast.Boolean:
        return ast.Boolean(_span_of(meta), value=False)

    def null(self, meta: Any, c: list[Any]) -> ast.Null:
        return ast.Null(_span_of(meta))

    # ---- types
    def simple_type(self, meta: Any, c: list[Any]) -> ast.TypeRef:
        return ast.TypeRef(_span_of(meta), name=str(c[0]))

    def generic_type(self, meta: Any, c: list[Any]) -> ast.TypeRef:
        return ast.TypeRef(_span_of(meta), name=str(c[0]), params=(c[2],))

    def context_type(self, meta: Any, c: list[Any]) -> ast.TypeRef:
        fields = tuple(x for x in c[2:] if isinstance(x, tuple))
        return ast.TypeRef(_span_of(meta), name=str(c[0]), fields=fields)

    def context_type_entry(self, meta: Any, c: list[Any]) -> tuple[str, ast.TypeRef]:
        return (str(c[0]), c[1])

    def function_type(self, meta: Any, c: list[Any]) -> ast.TypeRef:
        types = [x for x in c if isinstance(x, ast.TypeRef)]
        return ast.TypeRef(_span_of(meta), name="function", params=tuple(types[:-1]),
                           result=types[-1])


_TRANSFORMER = _ToAst()

#: Terminals shown in words (catalogue keys) or as the character they stand for.
_DISPLAY = {
    "NUMBER": "feel.token.number", "STRING": "feel.token.string", "NAME": "feel.token.name",
    "$END": "feel.token.end", "ISO_DATE": "feel.token.date",
}
_SHOWN = {"RANGE_OPEN_START": "']'", "RANGE_OPEN_END": "'['"}


def _display(term: str) -> Msg | str:
    if term in _DISPLAY:
        return Msg(_DISPLAY[term])
    if term in _SHOWN:
        return _SHOWN[term]
    for t in _lark().terminals:
        if t.name == term:
            pattern = t.pattern
            if pattern.type == "str":
                return f"'{pattern.value}'"
    return term.lower()


def _expected(terms: Iterable[str]) -> list[Msg | str]:
    """What the parser would have accepted, once each, in the order of the English words."""
    shown: dict[str, Msg | str] = {}
    for term in terms:
        d = _display(term)
        shown[d if isinstance(d, str) else d.render("en")] = d
    return [shown[k] for k in sorted(shown)]


def _open_bracket(prefix: str) -> bool:
    """Whether ``prefix`` leaves a '[', '(' or ']' open (strings skipped)."""
    depth = 0
    in_string = False
    escaped = False
    for ch in prefix:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[(":
            depth += 1
        elif ch in ")]" and depth > 0:
            depth -= 1
    return depth > 0


def _friendly(exc: UnexpectedInput, text: str) -> FeelSyntaxError:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
        span = Span(exc.line, exc.column, exc.line, exc.column + 1, pos, pos + 1)
        if ch == '"':
            return syntax_error("unclosed-string", span)
        if ch == "'":
            return syntax_error("single-quotes", span)
        if ch == "!":
            return syntax_error("exclamation", span)
        return syntax_error("unexpected-character", span, character=repr(ch))
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        expected = set(exc.expected) | set(getattr(exc, "accepts", set()) or ())
        if tok.type == "$END":
            return syntax_error("ends-early-expected", end_span(text), expected=_expected(expected))
        return _unexpected_token(tok, expected, text)
    if isinstance(exc, UnexpectedEOF):
        return syntax_error("ends-early", end_span(text))
    return syntax_error("parser", end_span(text), detail=str(exc).splitlines()[0])


def _unexpected_token(tok: Token, expected: set[str], text: str) -> FeelSyntaxError:
    """The friendliest message for a token the grammar does not allow where it stands."""
    span = _token_span(tok)
    start = tok.start_pos or 0
    if tok.type == "EQ" and start > 0 and text[start - 1] == "=":
        return syntax_error("double-equals", span)
    if tok.type in ("GT", "LT") and start > 0 and text[start - 1] == "=":
        return syntax_error("reversed-operator", span, op=tok.value)
    last_word = re.search(r"([^\W\d]\w*)\s+$", text[:start])
    if tok.type == "NAME" and last_word:
        return syntax_error("two-names", span, first=last_word.group(1), second=tok.value)
    inside_brackets = _open_bracket(text[:start])
    if inside_brackets and "DOTDOT" in expected and tok.type in _EXPRESSION_START \
            and "COMMA" in expected:
        return syntax_error("range-or-list", span, token=repr(tok.value))
    if inside_brackets and "DOTDOT" in expected and tok.type in _EXPRESSION_START:
        return syntax_error("missing-dotdot", span, token=repr(tok.value))
    if tok.type in ("AND", "OR") and not expected & {"AND", "OR"}:
        return syntax_error("misplaced-operator", span, word=tok.value)
    return syntax_error("unexpected-token", span, token=repr(tok.value),
                        expected=_expected(expected))


def parsed(text: str, start: str, index: dict[str, list[str]], longest: int,
            iso_dates: bool) -> Any:
    """Lark's parse of ``text`` (from ``start``) made into regel's AST."""
    token = _scope.set((text, index, longest, iso_dates))
    try:
        tree = _lark().parse(text, start=start)
    except UnexpectedInput as exc:
        err = _friendly(exc, text)
        err.text = text
        raise err from None
    except FeelSyntaxError as err:  # raised by the post-lexer or transformer callbacks
        err.text = text
        raise
    except RecursionError:
        raise too_deep(text) from None
    finally:
        _scope.reset(token)
    try:
        return _TRANSFORMER.transform(tree)
    except RecursionError:
        raise too_deep(text) from None
    except FeelSyntaxError as err:
        err.text = text
        raise
    except VisitError as exc:  # a transformer callback failed: report, never a traceback
        cause = exc.orig_exc
        if isinstance(cause, FeelSyntaxError):
            cause.text = text
            raise cause from None
        raise syntax_error("unreadable", end_span(text), text, reason=str(cause)) from None
