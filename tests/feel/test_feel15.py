"""FEEL of DMN 1.5 that issue 15 added: the built-ins is(), range(), context(), context
put(), context merge(), list replace(), now(); unary tests as values (``(< 10)``); ranges
with a null end; ``in`` a list of lists; exponent literals; a backslash that starts no escape;
names beyond the Basic Multilingual Plane; ``{foo+bar: 1}``; FEEL's white space; and
``function(..) external {java: ..}`` with its stand-in for java.lang.

Expected values come from DMN 1.5 chapter 10 and the DMN TCK's expected results (folders
0068, 0072, 0074, 0076, 0083, 1145-1148, 1155, 1156), never from running the engine; a
``None`` expectation with a warning code is the TCK's "error or null".
"""

from __future__ import annotations

import datetime as dt

import pytest
from cases import n, same, show

from regel.base.errors import FeelEvaluationError
from regel.feel import evaluate


def check(text: str, expected: object, warning: str | None = None) -> None:
    result = evaluate(text)
    assert same(result.value, expected), (
        f"{text!r} gave {show(result.value)}, expected {show(expected)}; "
        f"warnings: {[str(w) for w in result.warnings]}")
    if warning is not None:
        assert warning in result.warning_codes, (text, result.warning_codes)


ROWS = [
    # is(value1, value2): same type and value, and for times the same zone (10.3.4.6)
    ("is(1, 1)", True), ("is(1, 2)", False), ('is("foo", "foo")', True),
    ('is(@"2012-12-25", @"2012-12-25T00:00:00Z")', False),
    ('is(@"23:00:50Z", @"23:00:50+00:00")', True),
    ('is(@"23:00:50", @"23:00:50Z")', False),
    ('is(@"23:00:50@Etc/GMT", @"23:00:50Z")', False),
    ('is(@"2002-04-02T12:00:00-01:00", @"2002-04-02T17:00:00+04:00")', False),
    ('is(@"P1D", @"PT24H")', True), ('is(@"P1Y", @"P12M")', True),
    ('is(@"P0Y", @"P0D")', False),
    ('is(value1: @"2021-02-13", value2: @"2021-02-13")', True),
    ('is(value1: @"2021-02-13")', False),
    # context(entries)
    ('context([{key:"a", value:1}, {key:"b", value:2}])', {"a": n(1), "b": n(2)}),
    ('context({key:"a", value:1})', {"a": n(1)}),
    ('context({key: "a", value: null})', {"a": None}),
    ('context(entries: [{key:"a", value:1, ignored: "foo"}])', {"a": n(1)}),
    ("context([]) = {}", True),
    # context put(context, key, value) and (context, keys, value)
    ('context put({"a": 1}, "a", 2)', {"a": n(2)}),
    ('context put({"a":1, "b":2, "c":3}, "b", 3)', {"a": n(1), "b": n(3), "c": n(3)}),
    ('context put({}, "a", null)', {"a": None}),
    ('context put(context: {}, key: "a", value: 1)', {"a": n(1)}),
    ('context put({x:1, y: {a: 0}}, ["y", "a"], 2)', {"x": n(1), "y": {"a": n(2)}}),
    ('context put({x:1, y: {a: 0}}, ["y", "b"], 2)',
     {"x": n(1), "y": {"a": n(0), "b": n(2)}}),
    ('context put(context: {x:1, y: {a: 0}}, keys: ["y", "a"], value: 2)',
     {"x": n(1), "y": {"a": n(2)}}),
    ('{c: {a: {b: 1}}, d: context put(c, ["a", "b"], 2), r: [c, d]}.r',
     [{"a": {"b": n(1)}}, {"a": {"b": n(2)}}]),
    # context merge(contexts)
    ('context merge([{"a": 1}, {"a": 2}])', {"a": n(2)}),
    ('context merge([{"a": {"aa": 1}}, {"a": {"bb": 2}}])', {"a": {"bb": n(2)}}),
    ('context merge(contexts: {"a": 1})', {"a": n(1)}),
    # list replace(list, position, newItem) and (list, match, newItem)
    ("list replace([1,2,3], 2, 4)", [n(1), n(4), n(3)]),
    ("list replace([1,2,3], -1, 4)", [n(1), n(2), n(4)]),
    ("list replace([1,2,3], 2.5, 4)", [n(1), n(4), n(3)]),
    ("list replace([1,2,3], 3, null)", [n(1), n(2), None]),
    ("list replace([2, 4, 7, 8], function(item, newItem) item < newItem, 5)",
     [n(5), n(5), n(7), n(8)]),
    ("list replace(match: function(item, newItem) item = 2, newItem: 4, list: [1,2,3])",
     [n(1), n(4), n(3)]),
    ("list replace(1, 1, 5)", [n(5)]),
    # range(from): a range literal's text, ends literal values (10.3.4.1)
    ('range("[18..21)") = [18..21)', True),
    ('range(" [ 1 .. 3 ] ") = [1..3]', True),
    ('range("]18..21]") = ]18..21]', True),
    ('range("[\\"a\\"..\\"c\\"]") = ["a".."c"]', True),
    ('range("[date(\\"1970-01-01\\")..@\\"1970-01-02\\"]") instance of range<date>', True),
    ('2 in range(from: "[1..3]")', True),
    # unary tests as values (10.3.2.7): they equal only a test written the same way
    ("(< 10) = (< 10)", True), ("(< 10) = (null..10)", False),
    ("(>= 10) = [10..null)", False), ("(=10) = [10..10]", False),
    ("(=10) = (=10)", True), ("(!=10) = (!=10)", True),
    ("(< 10).start", None), ("(< 10).end", n(10)), ("(< 10).start included", False),
    ("(>= 10).start included", True), ("(>= 10).end included", False),
    ("(=10).start included", True), ("(=10).end", n(10)),
    ("(!=10).start included", False), ("(!=10).end", n(10)),
    ("10 in (=10)", True), ("10 in (!=10)", False), ('"a" in (!="a")', False),
    ("[1,2,3] in (=[1,2,3])", True), ("5 in (< 10)", True), ("10 in (< 10)", False),
    # a range literal with a null end: what it contains is unknown (TCK 0072 null_001)
    ("5 in (null..10]", None), ("5 in [1..null)", None),
    # in a list: membership; a list of lists holds lists (TCK 0072)
    ("true in [false, 2, 3]", False), ("[1,2,3] in [[1,2,3,4], [1,2,3]]", True),
    ("[1,2,3,5] in [[1,2,3,4], [1,2,3]]", False),
    # numbers with an exponent (grammar rule 37)
    ("12300 = 1.23e4", True), ("12300 = 1.23E+4", True), ("0.000123 = 1.23e-4", True),
    ("2e3", n(2000)),
    # a backslash that starts no escape is a character (grammar rule 35)
    ('split("John Doe", "\\s")', ["John", "Doe"]),
    ('string length("\\d")', n(2)),
    ('replace("0123456789","(\\d{3})(\\d{3})(\\d{4})","($1) $2-$3")', "(012) 345-6789"),
    ('matches("aA", "(a)\\1", "i")', True),
    ('matches("hello world", "\\p{ IsBasicLatin}+", "x")', True),
    ('matches("é", "\\p{IsBasicLatin}")', False),
    ('matches("é", "\\p{IsLatin-1Supplement}")', True),
    # names with characters beyond the BMP, and name symbols in context keys
    ('{🐎: "😀"}', {"🐎": "😀"}), ('{🐎: 1, r: 🐎 + 1}.r', n(2)),
    ('{foo+bar: "foo"}', {"foo+bar": "foo"}), ("{a-b: 1, c: 2}", {"a-b": n(1), "c": n(2)}),
    ("{x: 3, y: x-1}.y", n(2)), ("{a: {b: 2}, r: a.b}.r", n(2)),
    # FEEL's white space: the zero-width space and the byte order mark separate tokens
    ("1\u200b+\ufeff2", n(3)), ("{first\u200bname: 1}.first name", n(1)),
    # a line break is white space inside a name too (TCK 0068 datetime_005)
    ('date and\n   time("2018-12-08T00:00:00") = date and time("2018-12-08T00:00:00")', True),
    ("{first\nname: 1}.first name", n(1)),
    # an apostrophe between letters belongs to a name (additional name symbol, TCK 0088)
    ("{Student's name: 1}.Student's name", n(1)), ("{Teacher\u2019s: 2}.Teacher\u2019s", n(2)),
    # a context key's words after the first may be numbers (TCK 0034: resolve A 1)
    ("{resolve A 1: 5, x: resolve A 1 + 1}.x", n(6)), ("{decision A 2.1: 1}.decision A 2.1", n(1)),
    ("{a: 1, b: [1, 2], c: 3}.c", n(3)),
    # a declared parameter type: the argument is conformed to it (TCK 0082 fd_002)
    ("{fn: function(arg: number, b) arg + b, r: fn(1, 2)}.r", n(3)),
    ("{fn: function(arg: list<number>) arg, r: fn(1)}.r", [n(1)]),
    # an entry named 'item' in a filtered context wins over the item (TCK 0069 026)
    ("[{item: 1}, {item: 2}, {item: 3}][item >= 2]", [{"item": n(2)}, {"item": n(3)}]),
    # truncated whole numbers (TCK 1103 010, 1100 002); "" before "" (TCK 1107)
    ('substring("foobar", 3, 3.8)', "oba"), ("decimal(1/3, 2.5)", n("0.33")),
    ('substring before("", "")', ""), ('substring before("abc", "")', ""),
    # now()
    ("now() instance of date and time", True),
    # iteration over dates, day by day, either way (TCK 0084 017, 018)
    ('for i in @"1980-01-01"..@"1980-01-03" return i',
     [dt.date(1980, 1, 1), dt.date(1980, 1, 2), dt.date(1980, 1, 3)]),
    ('for i in @"1980-01-02"..@"1980-01-01" return i', [dt.date(1980, 1, 2), dt.date(1980, 1, 1)]),
    ('for i in [@"1980-01-01"..@"1980-01-03") return i',
     [dt.date(1980, 1, 1), dt.date(1980, 1, 2)]),
]

NULLS = [
    ('{fn: function(arg: number) arg, r: fn("foo")}.r', "FEEL-BAD-ARGUMENTS"),
    ('{fn: function(arg: string) arg, r: fn(arg: 1)}.r', "FEEL-BAD-ARGUMENTS"),
    ('context([{key:"a", value:1},{key:"a", value:2}])', "FEEL-INVALID-ARGUMENT"),
    ("context({value:1})", "FEEL-INVALID-ARGUMENT"),
    ('context({key: "a"})', "FEEL-INVALID-ARGUMENT"),
    ('context("foo")', "FEEL-INVALID-ARGUMENT"),
    ("context()", "FEEL-BAD-ARGUMENTS"),
    ('context put({}, null, 1)', None),
    ('context put([], "a", 1)', "FEEL-INVALID-ARGUMENT"),
    ('context put({}, 1, 1)', "FEEL-INVALID-ARGUMENT"),
    ('context put(context: {}, key: ["y", "a"], value: 2)', "FEEL-INVALID-ARGUMENT"),
    ('context put({x:1, y: {a: 0}}, ["y", "a", "b", "c"], 2)', "FEEL-INVALID-ARGUMENT"),
    ('context put({x:1, y: {a: 0}}, [], 2)', "FEEL-INVALID-ARGUMENT"),
    ('context put({x:1, y: {a: 0}}, ["y", null], 2)', "FEEL-INVALID-ARGUMENT"),
    ('context put(context: {}, ky: "a", value: 1)', "FEEL-BAD-ARGUMENTS"),
    ("context merge([1,2,3])", "FEEL-INVALID-ARGUMENT"),
    ("context merge(context: [{a: 1}])", "FEEL-BAD-ARGUMENTS"),
    ("list replace([1,2,3], 0, 4)", "FEEL-INVALID-ARGUMENT"),
    ("list replace([1,2,3], 4, 4)", "FEEL-INVALID-ARGUMENT"),
    ('list replace([1,2,3], "2", 4)', "FEEL-INVALID-ARGUMENT"),
    ("list replace([2, 4], function(item) item = 2, 5)", "FEEL-BAD-ARGUMENTS"),
    ("list replace([2, 4], function(item, newItem) item, 5)", "FEEL-INVALID-ARGUMENT"),
    ("now(123)", "FEEL-BAD-ARGUMENTS"),
    ('range("[..2]")', "FEEL-INVALID-ARGUMENT"),
    ('range(">=10")', "FEEL-INVALID-ARGUMENT"),
    ('range("[1..\\"b\\"]")', "FEEL-INVALID-ARGUMENT"),
    ('range("[3..1]")', "FEEL-INVALID-ARGUMENT"),
    ('range("[null..null]")', "FEEL-INVALID-ARGUMENT"),
    ('range("[date(string(\\"1970-01-01\\"))..date(\\"1970-01-02\\")]")',
     "FEEL-INVALID-ARGUMENT"),
    ("range([1..3])", "FEEL-INVALID-ARGUMENT"),
    ('range("")', "FEEL-INVALID-ARGUMENT"),
    ('is(value1: 1, value2: 1, value3: 1)', "FEEL-BAD-ARGUMENTS"),
    ('matches("a", "\\p{IsNoSuchBlock}")', "FEEL-INVALID-REGEX"),
    ("for i in [2..1] return i", "FEEL-NOT-ITERABLE"),   # a range that starts after its end
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_feel15(text: str, expected: object) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "code"), NULLS, ids=[r[0][:50] for r in NULLS])
def test_feel15_null_with_a_warning(text: str, code: str | None) -> None:
    check(text, None, code)


def test_now_is_the_time_in_utc() -> None:
    before = dt.datetime.now(dt.UTC)
    value = evaluate("now()").value
    assert isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0)
    assert before <= value <= dt.datetime.now(dt.UTC)


def test_now_is_not_folded_into_a_constant() -> None:
    from regel.feel import compile_expression
    compiled = compile_expression("now()")
    first = compiled.evaluate({}).value
    assert compiled.evaluate({}).value >= first


# ------------------------------------------------------------ function(..) external {..}

def _java(params: str, cls: str, signature: str, call: str) -> str:
    return (f'{{f: function({params}) external {{java: {{class: "{cls}", '
            f'method signature: "{signature}"}}}}, r: f({call})}}.r')


JAVA = [
    # the TCK's cases (0076-feel-external-java)
    ("n1", "java.lang.Math", "cos(double)", "123", n("-0.8879689066918555")),
    ("n1, n2", "java.lang.Math", "max(double,double)", "123.45, 456.78", n("456.78")),
    ("n1, n2", "java.lang.Math", "max(int,int)", "123, 456", n(456)),
    ("n1, n2", "java.lang.Math", "max(long,long)", "123, 456", n(456)),
    ("n1, n2", "java.lang.Math", "max(float,float)", "123.46, 456.78", n("456.78")),
    ("s1", "java.lang.Short", "valueOf(short)", "123", n(123)),
    ("b1", "java.lang.Byte", "valueOf(byte)", "3", n(3)),
    ("c1", "java.lang.String", "valueOf(char)", '"a"', "a"),
    ("n1", "java.lang.Integer", "valueOf(java.lang.String)", '"123"', n(123)),
    ("n1", "java.lang.Float", "valueOf(java.lang.String)", '"1234.56"', n("1234.56")),
    ("n1", "java.lang.Double", "valueOf(java.lang.String)", '"1234.56"', n("1234.56")),
    ("s1, n1", "java.lang.String", "format(java.lang.String, [Ljava.lang.Object;)",
     '"foo %s", "bar"', "foo bar"),
    # their siblings (docs/feel.md, "External functions")
    ("a", "java.lang.Math", "abs(int)", "-5", n(5)),
    ("a", "java.lang.Math", "floor(double)", "-2.5", n(-3)),
    ("a", "java.lang.Math", "round(double)", "-2.5", n(-2)),
    ("a", "java.lang.Math", "round(double)", "2.5", n(3)),
    ("a, b", "java.lang.Math", "pow(double, double)", "2, 10", n(1024)),
    ("a", "java.lang.Math", "sqrt(double)", "2", n("1.4142135623730951")),
    ("a, b", "java.lang.Math", "floorMod(int, int)", "-7, 3", n(2)),
    ("a", "java.lang.Long", "parseLong(String)", '"-42"', n(-42)),
    ("a", "java.lang.Boolean", "parseBoolean(java.lang.String)", '"TRUE"', True),
    ("s, a, b", "java.lang.String", "format(String, Object[])", '"%d of %s", 3, "x"', None),
    ("s, a", "java.lang.String", "format(java.lang.String, [Ljava.lang.Object;)",
     '"%d of %s", [3, "x"]', "3 of x"),
]


@pytest.mark.parametrize(("params", "cls", "signature", "call", "expected"), JAVA,
                         ids=[f"{r[1]}.{r[2]}({r[3]})" for r in JAVA])
def test_java_methods(params: str, cls: str, signature: str, call: str,
                      expected: object) -> None:
    check(_java(params, cls, signature, call), expected)


@pytest.mark.parametrize(("params", "cls", "signature", "call", "code"), [
    ("n1", "java.lang.Math", "foo(double)", "123", "FEEL-JAVA-UNKNOWN"),
    ("n1", "java.lang.Foo", "valueOf(double)", "123", "FEEL-JAVA-UNKNOWN"),
    ("s1, s2", "java.lang.Math", "max(java.lang.String, java.lang.String)", '"1", "2"',
     "FEEL-JAVA-UNKNOWN"),
    ("c1", "java.lang.String", "valueOf(char)", '"abc"', "FEEL-INVALID-ARGUMENT"),
    ("n1", "java.lang.Integer", "valueOf(java.lang.String)", '"12x"',
     "FEEL-INVALID-ARGUMENT"),
    ("a, b", "java.lang.Math", "max(int,int)", "1.5, 2", "FEEL-INVALID-ARGUMENT"),
    ("a, b", "java.lang.Math", "max(int,int)", "3000000000, 2", "FEEL-INVALID-ARGUMENT"),
    ("a", "java.lang.Math", "sqrt(double)", "-1", "FEEL-INVALID-ARGUMENT"),
    ("a, b", "java.lang.Math", "floorDiv(int, int)", "1, 0", "FEEL-DIVISION-BY-ZERO"),
])
def test_java_null_with_a_located_warning(params: str, cls: str, signature: str, call: str,
                                          code: str) -> None:
    text = _java(params, cls, signature, call)
    result = evaluate(text)
    assert result.value is None
    [warning] = [w for w in result.warnings if w.code == code]
    assert warning.span is not None
    assert text[warning.span.start_pos:warning.span.end_pos] == f"f({call})"


def test_pmml_is_an_error_at_the_call_not_where_it_is_defined() -> None:
    made = '{f: function(a) external {pmml: {document: "d.pmml", model: "m"}}, r: 1}.r'
    assert same(evaluate(made).value, n(1))
    called = '{f: function(a) external {pmml: {document: "d.pmml", model: "m"}}, r: f(1)}.r'
    with pytest.raises(FeelEvaluationError) as info:
        evaluate(called)
    span = info.value.first.span
    assert info.value.first.code == "FEEL-PMML" and span is not None
    assert called[span.start_pos:span.end_pos] == "f(1)"


def test_external_needs_java_or_pmml() -> None:
    check("{f: function(a) external {rust: 1}, r: f(1)}.r", None, "FEEL-EXTERNAL-KIND")


def test_only_the_word_external_makes_an_external_function() -> None:
    from regel.base.errors import FeelSyntaxError
    with pytest.raises(FeelSyntaxError) as info:
        evaluate('function(a) externa {java: {class: "java.lang.Math"}}')
    assert info.value.first.key == "FEEL-SYNTAX/not-external"


def test_an_argument_name_with_a_dot_binds_a_parameter_with_that_name() -> None:
    # a DMN invocation binds a BKM's parameter Person.Name by name (TCK 0037)
    from regel.feel.values import FeelFunction
    seen: dict[str, object] = {}

    def invoke(args: list[object], named: dict[str, object] | None) -> object:
        seen.update(named or {})
        return "ok"

    f = FeelFunction("f", ("Person.Name",), invoke)
    result = evaluate('f(Person.Name: {Name: "Bob"}.Name)', {"f": f})
    assert result.value == "ok" and seen == {"Person.Name": "Bob"}


def test_pmml_without_a_model_name_says_the_document() -> None:
    called = '{f: function(a) external {pmml: {document: "d.pmml"}}, r: f(1)}.r'
    with pytest.raises(FeelEvaluationError) as info:
        evaluate(called)
    assert info.value.first.key == "FEEL-PMML/document"
    assert "None" not in str(info.value)
