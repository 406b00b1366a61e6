"""Property: whatever text reaches the parser and evaluator, the only exception that
escapes is a ``RegelError`` that carries a position.

Three generators, 7,000 examples in all (the long fuzz run, tests/fuzz/long_run.py, draws
100,000 outside the suite): random strings over FEEL's alphabet, random token soups, and
random *well-formed* expressions built from the grammar's constructs (which must also
evaluate without any exception but RegelError).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regel.base.errors import RegelError
from regel.feel import compile_expression, compile_unary_tests, evaluate
from regel.feel.registry import BUILTINS

CONTEXT = {"a": 3, "b": Decimal("2.5"), "s": "tekst", "xs": [1, 2, 3],
           "ctx": {"k": 1, "l": [1, 2]}, "Applicant Age": 30}
NAMES = list(CONTEXT)

def _fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

FEEL_CHARS = st.sampled_from(list("0123456789.,:;+-*/<>=!()[]{}\"'@?\\ \n\t_abcxyzæøåÅ#%&|^~`"))
TOKENS = st.sampled_from([
    "1", "2.5", ".5", '"x"', '"', "@", '@"2012-07-01"', '@"P1Y"', "a", "b", "s", "xs", "ctx",
    "Applicant Age", "date", "date and time", "(", ")", "[", "]", "{", "}", ",", ":", ".",
    "..", "+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not",
    "in", "between", "instance of", "number", "if", "then", "else", "for", "return",
    "some", "every", "satisfies", "function", "item", "?", "null", "true", "false", "//c\n",
    "/*", "*/", "==", "list<", ">", "substring", "count", "sum",
])


def _assert_only_regel_errors(text: str, unary: bool = False) -> None:
    try:
        if unary:
            compile_unary_tests(text, NAMES).matches(Decimal(1), CONTEXT)
        else:
            compile_expression(text, NAMES).evaluate(CONTEXT)
    except RegelError as err:
        assert err.span is not None, f"{err!r} has no position"
        assert err.span.line >= 1 and err.span.column >= 1


@_fast(2000)
@given(st.text(FEEL_CHARS, max_size=30))
def test_random_text_as_expression(text: str) -> None:
    _assert_only_regel_errors(text)


@_fast(1000)
@given(st.text(FEEL_CHARS, max_size=30))
def test_random_text_as_unary_tests(text: str) -> None:
    _assert_only_regel_errors(text, unary=True)


@_fast(2000)
@given(st.lists(TOKENS, max_size=12).map(" ".join))
def test_random_token_soup(text: str) -> None:
    _assert_only_regel_errors(text)
    _assert_only_regel_errors(text, unary=True)


# ---------------------------------------------------------------- well-formed
_ints = st.integers(min_value=-50, max_value=50).map(str)
_decimals = st.decimals(min_value=-1000, max_value=1000, places=3,
                        allow_nan=False, allow_infinity=False).map(lambda d: f"({d})")
_strings = st.text(st.characters(codec="utf-8", exclude_characters='"\\\n\r'),
                   max_size=6).map(lambda s: f'"{s}"')
_temporal = st.sampled_from(['date("2024-02-29")', '@"2012-07-01"', 'duration("P1Y2M")',
                             'duration("P3DT4H")', 'time("10:30:00")',
                             'date and time("2020-01-31T12:00:00")', "null", "true",
                             "false"])
_leaf = st.one_of(_ints, _decimals, _strings, _temporal,
                  st.sampled_from(["a", "b", "s", "xs", "ctx", "Applicant Age", "ctx.k",
                                   "xs[1]", "item"]))
# not() and is defined() are grammar (negated tests, definedness), not plain calls
_builtin_names = sorted(n for n in BUILTINS if n not in ("is defined", "not"))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(
        ["+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or"]), children)
    forms = st.one_of(
        binary.map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda c: f"-{c}"),
        st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(children, children).map(lambda t: "{p: " + t[0] + ", q: " + t[1] + "}"),
        st.tuples(children, children, children).map(
            lambda t: f"if {t[0]} then {t[1]} else {t[2]}"),
        st.tuples(children, children).map(lambda t: f"for x in {t[0]} return {t[1]}"),
        st.tuples(children, children).map(lambda t: f"some x in {t[0]} satisfies {t[1]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(children, children).map(lambda t: f"[{t[0]}..{t[1]})"),
        st.tuples(children, children, children).map(
            lambda t: f"{t[0]} between {t[1]} and {t[2]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]} in ({t[1]}, 1)"),
        children.map(lambda c: f"{c}.p"),
        children.map(lambda c: f"{c} instance of number"),
        children.map(lambda c: f"not({c})"),
        st.tuples(st.sampled_from(_builtin_names), st.lists(children, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
    )
    # every composite is parenthesised, so the text is well formed whatever the nesting
    return forms.map(lambda text: f"({text})")


WELL_FORMED = st.recursive(_leaf, _combine, max_leaves=8)


@_fast(2000)
@given(WELL_FORMED)
def test_well_formed_expressions_parse_and_evaluate(text: str) -> None:
    try:
        result = evaluate(text, CONTEXT)
    except RegelError as err:
        # well-formed text may still hit a limit (recursion); never a bare exception
        assert err.span is not None
        assert err.code != "FEEL-SYNTAX", f"{text!r} should parse: {err}"
        return
    for w in result.warnings:
        assert w.code and w.span is not None
