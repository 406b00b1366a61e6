"""Hostile FEEL text for the fuzz suite (issue 19): expressions built from the grammar, raw
random text, deep nesting, and mutations of well-formed expressions.

Ranges that ``for``, ``some`` and ``every`` iterate over are kept short (``MAX_RANGE``) and
recursion templates shallow: a FEEL evaluation budget is being added elsewhere, and until it
lands an unbounded range is a hang by design, not a finding. Generic sub-expressions may
still build a long iteration now and then; the long run counts those as known.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from hypothesis import strategies as st

from regel.feel.registry import BUILTINS

__all__ = ["CONTEXT", "NAMES", "MAX_RANGE", "feel_text", "well_formed", "small_feel",
           "any_text", "unary_text", "TEMPORAL_TEXTS"]

#: the names in scope when a generated expression is evaluated
CONTEXT = {"a": 3, "b": Decimal("2.5"), "s": "tekst", "xs": [1, 2, 3],
           "ctx": {"k": 1, "l": [1, 2], "d": {"e": "f"}}, "Applicant Age": 30,
           "empty": [], "nothing": None, "big": Decimal("1E+6144"), "tiny": Decimal("1E-6143")}
NAMES = sorted(CONTEXT)

#: the most items a generated iteration range holds (see the module docstring)
MAX_RANGE = 12

# ----------------------------------------------------------------------------- leaves

_small_int = st.integers(min_value=-50, max_value=50)
_numbers = st.one_of(
    _small_int.map(str),
    st.integers(min_value=0, max_value=10**40).map(str),             # up to 41 digits
    st.decimals(allow_nan=False, allow_infinity=False, places=6,
                min_value=-10**6, max_value=10**6).map(lambda d: f"({d})"),
    st.integers(min_value=1, max_value=6300).map(lambda n: f"(10 ** {n})"),
    st.integers(min_value=1, max_value=6300).map(lambda n: f"(10 ** -{n})"),
    st.integers(min_value=1, max_value=9000).map(lambda n: "1" + "0" * n),
    st.integers(min_value=1, max_value=9000).map(lambda n: "0." + "0" * n + "1"),
    st.sampled_from([
        "9" * 40, "1" + "0" * 40, "0." + "0" * 39 + "1", ".5", "0.0", "000123",
        "123456789012345678901234567890.1234567890", "(1 / 3)", "(-0)", "(2 ** 0.5)",
        'number("1e6144")', 'number("1E-6176")', 'number("-1e99999999")', 'number("NaN")',
        'number("Infinity")', 'number("1,000.5", ",", ".")', 'number("1.000,5", ".", ",")',
        "decimal(1, 999999999)", "decimal(1.5, -99999)", "(0.1 ** 9999)",
        "(10 ** 99999999999)", "(10 ** -99999999999)", "exp(9999)", "exp(-9999)", "log(0)",
        "log(-1)", "sqrt(-1)", "(1 / 0)", "(0 / 0)", "(99999999999999999999 ** 99999)",
        "(2 ** 3.5)", "((-8) ** (1 / 3))", "modulo(10, 0)", "round up(5.5, 99999999)",
        "floor(1E+6144)", "ceiling(-5.5, 9999)", "odd(1.5)", "even(10 ** 40)",
        "big", "tiny", "(big * big)", "(tiny * tiny)", "(big + 1)", "(tiny / big)",
    ]),
)

#: characters of string literals: any code point, surrogates (half a pair) included
_any_char = st.characters(exclude_categories=())
_escapes = st.sampled_from([
    '\\"', "\\\\", "\\n", "\\t", "\\r", "\\'", "\\u0000", "\\uD800", "\\uDFFF", "\\uD83D\\uDE00",
    "\\U10FFFF", "\\U110000", "\\U0001F600", "\\u12", "\\x", "\\u", "\\U", "\\", "\\0",
])
_string_body = st.lists(st.one_of(
    _any_char.filter(lambda c: c not in '"\\\n'), _escapes), max_size=8).map("".join)
_strings = _string_body.map(lambda body: f'"{body}"')

TEMPORAL_TEXTS = [
    "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "-999999999-01-01",
    "999999999-12-31", "10000-01-01", "0000-01-01", "-0001-12-31", "2024-1-1",
    "2024-01-01T24:00:00", "2024-01-01T23:59:60", "2024-01-01T00:00:00Z",
    "2020-01-01T00:00:00z", "2024-01-01T10:00:00@Europe/Copenhagen",
    "2024-01-01T10:00:00@Mars/Base",
    "10:00:00", "23:59:60", "24:00:00", "10:00:00.123456789", "10:00:00+14:01",
    "10:00:00-18:00", "10:00:00+99:99", "10:00:00@Europe/Copenhagen", "10:00:00@Not/AZone",
    "P1Y", "P-1Y", "-P1Y2M", "P999999999999999999Y", "PT999999999999999999999H",
    "P99999999999999999999999999999999999999D", "P1.5Y", "PT1.123456789012S", "P", "PT",
    "P1W", "P1D1Y", "1D", "", " 2024-01-01", "2024-01-01 ", "P1Y2M3DT4H5M6S", "PT-1S",
    "-PT0S", "P0D", "\u0662\u0660\u0662\u0664-01-01",
]
_temporal_text = st.one_of(st.sampled_from(TEMPORAL_TEXTS),
                           st.text(max_size=12).map(lambda t: t.replace('"', "")))
_temporal = st.one_of(
    _temporal_text.map(lambda t: f'@"{t}"'),
    st.tuples(st.sampled_from(["date", "time", "date and time", "duration",
                               "years and months duration"]), _temporal_text).map(
        lambda t: f'{t[0]}("{t[1]}")'),
    st.tuples(st.integers(-10**12, 10**12), st.integers(-20, 20), st.integers(-40, 40)).map(
        lambda t: f"date({t[0]}, {t[1]}, {t[2]})"),
    st.tuples(st.integers(-2, 30), st.integers(-2, 70), st.integers(-2, 70)).map(
        lambda t: f"time({t[0]}, {t[1]}, {t[2]})"),
    st.sampled_from([
        'date("2024-02-29") + duration("P1Y")', 'date("2024-01-31") + duration("P1M")',
        'date and time("2024-03-31T02:30:00@Europe/Copenhagen")', "today()",
        'years and months duration(date("0001-01-01"), date("9999-12-31"))',
        'duration("P999999999Y") * 999999999', 'date("9999-12-31") + duration("P1D")',
        'date("0001-01-01") - duration("P1D")', 'time("10:00:00") + duration("P9999999D")',
        'date and time(date("2024-01-01"), time("10:00:00@Europe/Copenhagen"))',
        'duration("PT1S") / 0', 'duration("P1Y") / duration("P0Y")',
        "[date(\"2024-01-01\")..date(\"2024-12-31\")]",
    ]),
)
_names = st.sampled_from(NAMES + [
    "item", "?", "unknown", "x", "date", "time", "\u03a9", "a b c", "_x", "\u017f",
    "\u01c5", "ctx.k", "ctx.d.e", "xs[1]", "xs[-1]", "xs[0]", "ctx.nope", "nothing.a",
    "Applicant", "Age",
])
_literals = st.sampled_from(["null", "true", "false"])

LEAF = st.one_of(_numbers, _strings, _temporal, _names, _literals)

# ----------------------------------------------------------------------------- composites

TYPES = ["number", "string", "boolean", "date", "time", "date and time",
         "days and time duration", "years and months duration", "list<number>",
         "list<list<string>>", "context<a: number, b: string>", "range<date>",
         "function<number, string> -> boolean", "Any", "Null", "null", "unknown",
         "list<>", "context<>", "list<number", "function<>->", "context<a>", "range"]
_BINARY = ["+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or"]
_builtin_names = sorted(n for n in BUILTINS if n not in ("is defined", "not"))
_param_names = sorted({p.name for b in BUILTINS.values() for s in b.signatures
                       for p in s.params} | {"nope", "value", "item"})
_key = st.one_of(st.sampled_from(["p", "q", "a b", "k", "start", "end"]),
                 _string_body.map(lambda k: f'"{k}"'))
_var = st.sampled_from(["x", "y", "item", "i", "a"])


def _iteration(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``NAME in DOMAIN``: mostly a short range or a list; now and then any expression."""
    short = st.tuples(_small_int, st.integers(0, MAX_RANGE - 1)).map(
        lambda t: f"{t[0]}..{t[0] + t[1] * (1 if t[1] % 2 else -1)}")
    domain = st.one_of(short, short, st.lists(children, max_size=4).map(
        lambda xs: "[" + ", ".join(xs) + "]"), children)
    return st.tuples(_var, domain).map(lambda t: f"{t[0]} in {t[1]}")


def _iterations(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(_iteration(children), min_size=1, max_size=2).map(", ".join)


def _call(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    positional = st.tuples(st.sampled_from(_builtin_names), st.lists(children, max_size=4)).map(
        lambda t: f"{t[0]}({', '.join(t[1])})")
    named = st.tuples(st.sampled_from(_builtin_names),
                      st.lists(st.tuples(st.sampled_from(_param_names), children),
                               max_size=3)).map(
        lambda t: f"{t[0]}(" + ", ".join(f"{n}: {v}" for n, v in t[1]) + ")")
    return st.one_of(positional, positional, named)


def _functions(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    param = st.one_of(_var, st.tuples(_var, st.sampled_from(TYPES)).map(": ".join))
    lam = st.tuples(st.lists(param, max_size=2), children).map(
        lambda t: f"function({', '.join(t[0])}) {t[1]}")
    depth = st.integers(0, 12)
    recursive = st.tuples(depth, st.sampled_from(['"x"', "[n]", "1", "{k: n}"]),
                          st.sampled_from(["+", ","])).map(
        lambda t: "{f: function(n) if n <= 0 then " + t[1] + " else "
                  + ("f(n - 1) + f(n - 1)" if t[2] == "+" else "[f(n - 1), f(n - 1)]")
                  + ", r: f(" + str(t[0]) + ")}.r")
    return st.one_of(
        st.tuples(lam, st.lists(children, max_size=3)).map(
            lambda t: f"({t[0]})({', '.join(t[1])})"),
        st.tuples(lam, children).map(lambda t: "{f: " + t[0] + ", r: f(" + t[1] + ")}.r"),
        lam, recursive)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    forms = st.one_of(
        st.tuples(children, st.sampled_from(_BINARY), children).map(" ".join),
        children.map(lambda c: f"-{c}"),
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(_key, children), max_size=3).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.tuples(children, children, children).map(
            lambda t: f"if {t[0]} then {t[1]} else {t[2]}"),
        st.tuples(_iterations(children), children).map(lambda t: f"for {t[0]} return {t[1]}"),
        st.tuples(st.sampled_from(["some", "every"]), _iterations(children), children).map(
            lambda t: f"{t[0]} {t[1]} satisfies {t[2]}"),
        pair.map(lambda t: f"{t[0]}[{t[1]}]"),
        children.map(lambda c: f"{c}[item > 1]"),
        st.tuples(st.sampled_from(["[", "(", "]"]), children, children,
                  st.sampled_from(["]", ")", "["])).map(lambda t: f"{t[0]}{t[1]}..{t[2]}{t[3]}"),
        st.tuples(children, children, children).map(
            lambda t: f"{t[0]} between {t[1]} and {t[2]}"),
        pair.map(lambda t: f"{t[0]} in ({t[1]}, 1)"),
        pair.map(lambda t: f"{t[0]} in {t[1]}"),
        st.tuples(children, st.sampled_from(["<", ">=", "="]), children).map(
            lambda t: f"{t[0]} in {t[1]} {t[2]}"),
        st.tuples(children, st.sampled_from(["p", "start", "end", "year", "days", "months",
                                             "k", "time offset", "value"])).map(".".join),
        st.tuples(children, st.sampled_from(TYPES)).map(lambda t: f"{t[0]} instance of {t[1]}"),
        children.map(lambda c: f"not({c})"),
        _call(children), _functions(children),
        children.map(lambda c: f"{c} /* note */"),
        children.map(lambda c: f"{c} // note\n"),
    )
    # every composite is parenthesised, so that the text is well formed at any depth
    return forms.map(lambda text: f"({text})")


@cache
def well_formed(max_leaves: int = 10) -> st.SearchStrategy[str]:
    """Expressions built from the grammar's constructs (they parse; they may still fail)."""
    return st.recursive(LEAF, _combine, max_leaves=max_leaves)


#: a short expression, for a cell of a table or a DMN text
small_feel = st.recursive(LEAF, _combine, max_leaves=3)

# ----------------------------------------------------------------------------- raw text

FEEL_CHARS = list("0123456789.,:;+-*/<>=!()[]{}\"'@?\\ \n\t_abcxyz\u00e6\u00f8\u00e5#%&|^~`")
TOKENS = [
    "1", "2.5", ".5", '"x"', '"', "@", '@"2012-07-01"', '@"P1Y"', "a", "b", "s", "xs", "ctx",
    "Applicant Age", "date", "date and time", "(", ")", "[", "]", "{", "}", ",", ":", ".",
    "..", "+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not",
    "in", "between", "instance of", "number", "if", "then", "else", "for", "return",
    "some", "every", "satisfies", "function", "item", "?", "null", "true", "false", "//c\n",
    "/*", "*/", "==", "list<", "substring", "count", "sum", "matches", "\u0000", "\ud800",
]


@cache
def any_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that is mostly not FEEL: any code points, FEEL's alphabet, token soup."""
    return st.one_of(
        st.text(_any_char, max_size=max_size),
        st.text(st.sampled_from(FEEL_CHARS), max_size=max_size),
        st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join),
    )


_NESTING = [("(", "1", ")"), ("[", "", "]"), ("-", "1", ""), ("not(", "true", ")"),
            ("{a: ", "1", "}"), ("if true then ", "1", " else 1"), ("", "1", " + 1"),
            ("", "ctx", ".k"), ("", "xs", "[1]"), ("", "count", "()"), ("[", "1", "..2]"),
            ("function() ", "1", ""), ("", "1", " ** 1"), ("", "a", " = a")]


@st.composite
def _deep(draw: st.DrawFn) -> str:
    """One construct nested (or repeated) hundreds or thousands of times."""
    opening, middle, closing = draw(st.sampled_from(_NESTING))
    n = draw(st.one_of(st.integers(1, 300), st.integers(300, 5000)))
    return opening * n + middle + closing * n


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A well-formed expression with a few characters deleted, inserted or swapped."""
    text = draw(well_formed(6))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 4)):]
        elif kind == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(TOKENS), _any_char)) + text[at:]
        elif kind == "duplicate":
            text = text[:at] + text[at:at + draw(st.integers(1, 8))] + text[at:]
        elif at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2:]
    return text


@cache
def feel_text() -> st.SearchStrategy[str]:
    """The FEEL family: well-formed, mutated, raw and deeply nested text."""
    return st.one_of(well_formed(), well_formed(), _mutated(), any_text(), _deep())


@cache
def unary_text() -> st.SearchStrategy[str]:
    """Text for an input cell: unary tests built from expressions, or any FEEL text."""
    test = st.one_of(
        st.tuples(st.sampled_from(["<", "<=", ">", ">=", "=", "!="]), small_feel).map(" ".join),
        small_feel, st.just("-"),
        st.lists(small_feel, min_size=1, max_size=3).map(lambda xs: f"not({', '.join(xs)})"))
    return st.one_of(st.lists(test, min_size=1, max_size=3).map(", ".join), feel_text())
