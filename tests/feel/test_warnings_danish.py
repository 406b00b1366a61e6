"""A Danish FEEL warning is Danish throughout: the words inside it (why a built-in refused
an argument, why a call or a regular expression does not work, 'the context') come from the
catalogue in the reader's language, in the warning itself, in `regel feel --format json` and
in a report of an archived trace. FEEL's own type and function names (number, string,
substring) are terms of the language and stay as they are."""

from __future__ import annotations

import ast
import datetime as dt
import json
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.messages import CATALOGUE
from regel.feel import evaluate
from regel.feel.jsonio import dumps
from regel.feel.warnings import warning_json
from regel.report import build, render
from tests.packbuilder import write_pack

FEEL = Path(__file__).resolve().parents[2] / "engine" / "feel"

#: English words that must not turn up in a Danish warning
ENGLISH = ("must", "not a", "the context", "cannot", "the filter", "given", "expected",
           "does not", "is not", "should", "unknown", "missing", "nothing")

#: expression -> its warning in Danish, word for word
CASES = [
    # invalid arguments (FEEL-INVALID-ARGUMENT)
    ('abs("a")', "abs(): n skal være af typen number, ikke string; resultatet er null"),
    ('substring("abc", 5)', "substring(): start position 5 ligger uden for 1..3 (eller -3..-1); resultatet er null"),  # noqa: E501
    ("date(2023, 2, 30)", "date(): datoen 2023-02-30 findes ikke; resultatet er null"),
    ("sqrt(-1)", "sqrt(): number må ikke være negativ, men er -1; resultatet er null"),
    ('sum([1, "a"])', "sum(): element 2 er af typen string, ikke number; resultatet er null"),
    ('min([1, "a"])', "min(): string og number kan ikke sammenlignes; resultatet er null"),
    ('number("abc")', "number(): 'abc' er ikke et tal; resultatet er null"),
    ('time(1, 2, 3, 5)', "time(): offset skal være af typen days and time duration, ikke number; resultatet er null"),  # noqa: E501
    ("starts(1, 2)", "starts(): er ikke defineret for et punkt og et punkt; resultatet er null"),
    # calls whose arguments do not fit (FEEL-BAD-ARGUMENTS)
    ("abs(1, 2)", "abs() kan ikke kaldes med disse argumenter: 2 argument(er) angivet, forventede (n); resultatet er null"),  # noqa: E501
    ('substring(strng: "abc", start position: 2)', "substring() kan ikke kaldes med disse argumenter: ukendte eller manglende parameternavne (start position, strng); resultatet er null"),  # noqa: E501
    ("(function(a) a)(b: 1)", "function() kan ikke kaldes med disse argumenter: ukendt(e) parameternavn(e) b; resultatet er null"),  # noqa: E501
    # regular expressions (FEEL-INVALID-REGEX)
    ('matches("a", "[a")', "matches(): '[a' er ikke et brugbart regulært udtryk (en tegnklasse er ikke afsluttet med ']'); resultatet er null"),  # noqa: E501
    ('matches("a", "a**")', "matches(): 'a**' er ikke et brugbart regulært udtryk ('*' på position 3 står efter en kvantor); resultatet er null"),  # noqa: E501
    ('matches("a", "(a")', "matches(): '(a' er ikke et brugbart regulært udtryk (gruppen, der begynder på position 1, er ikke afsluttet med ')'); resultatet er null"),  # noqa: E501
    ('replace("abc", "x*", "-")', "replace(): 'x*' er ikke et brugbart regulært udtryk (mønsteret passer på den tomme tekst); resultatet er null"),  # noqa: E501
    ('replace("abc", "b", "$")', "replace(): ugyldig erstatningstekst '$': '$' skal efterfølges af et gruppenummer; resultatet er null"),  # noqa: E501
    # values of the wrong type where FEEL gives null
    ('1 + "a"', "'+' kan ikke anvendes på number og string; resultatet er null"),
    ('-"a"', "'-' kan ikke anvendes på ingenting og string; resultatet er null"),
    ("{a: 1}.b", "konteksten har ingen post eller egenskab 'b'; resultatet er null"),
    ('[1]["x"]', "filteret forventer sand eller falsk, men fik string; det behandles som null"),
]

#: further warnings, one for (nearly) every reason in the catalogue: Danish without English
MORE = [
    "odd(1.5)", "decimal(1, 10000000000000000000000000000000000)", "decimal(1, 7000)",
    "string length(1)", 'get value(1, "a")', 'day of year("x")', "date(1)",
    "date(1000000000, 1, 1)",
    "date and time(1)", 'date and time(date("2020-01-01"), 1)', "time(1)", "time(1, 2, 60)",
    'time(1, 2, 3, duration("PT15H"))', "duration(1)", 'number("1", "x")',
    'number("1", null, ";")', 'number("1", ".", ".")', "log(0)", 'substring("abc", 1, -1)',
    'split("abc", "x*")', 'replace("abc", "b", "\\\\x")', 'string join(["a", 1])',
    "min([{a: 1}])", "all([1])", "sublist([1, 2], 1, -1)", "sort([1, 2], 1)",
    "sort([1, 2], function(a, b) 1)", "(function(a) a)(1, 2)", 'before(1, "a")',
    'matches("a", "\\\\p{Xx}")', 'matches("a", "a", "z")', 'matches("a", "(?=a)")',
    'matches("a", "a{x")', 'matches("a", "a\\\\")', 'matches("a", "\\\\2")',
    'matches("a", "\\\\q")', 'matches("a", "\\\\p")', 'matches("a", "\\\\p{IsNoSuchBlock}")',
    'matches("a", "[a-[b]c]")', 'matches("a", "[a[]")', 'matches("a", "[z-a]")',
    'matches("a", "[]")', 'matches("a", "a)")', 'matches("a", "*a")', 'matches("a", "a{3,2}")',
    'matches("a", "(a\\\\1)")', 'matches("a", "a{99999999999}")', 'matches("a", "(a\\n")',
    'matches("a", "\\\\w{1000}")', 'matches("aaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+\\\\1$")',
]


def _texts(expression: str, lang: str) -> list[str]:
    return [w.text(lang) for w in evaluate(expression).warnings]


@pytest.mark.parametrize(("expression", "danish"), CASES)
def test_the_warning_in_danish(expression: str, danish: str) -> None:
    assert _texts(expression, "da") == [danish]
    assert not [word for word in ENGLISH if word in danish.lower()], danish


@pytest.mark.parametrize("expression", MORE)
def test_no_english_inside_a_danish_warning(expression: str) -> None:
    danish, english = _texts(expression, "da"), _texts(expression, "en")
    assert danish and len(danish) == len(english), expression
    for da, en in zip(danish, english, strict=True):
        assert da != en
        assert not [word for word in ENGLISH if word in da.lower()], da


def test_the_json_of_a_warning_is_in_the_chosen_language() -> None:
    [w] = evaluate('abs("a")').warnings
    da, en = warning_json(w, "da"), warning_json(w, "en")
    assert da["values"]["reason"] == "n skal være af typen number, ikke string"
    assert en["values"]["reason"] == "n must be a number, not string"
    assert da["message"] == "abs(): n skal være af typen number, ikke string; resultatet er null"


def test_a_warning_in_an_archived_trace_is_danish_in_a_danish_report(tmp_path: Path) -> None:
    cut = {"id": "cut", "label": {"da": "Udsnit", "en": "Cut"}, "requires": {"inputs": ["x"]},
           "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                         "expression": 'substring("abc", x)', "type": "string"}]}
    pack = load_pack(write_pack(tmp_path / "pack", [cut]))
    result = pack.evaluate({"x": Decimal(5)}, as_of=dt.date(2024, 1, 1))
    trace = json.loads(dumps(result.to_json()), parse_float=Decimal)
    [record] = [d for d in trace["decisions"] if d["id"] == "cut"]
    assert record["warnings"][0]["values"]["reason"]["key"] == "feel.reason.position-outside"
    danish = ("substring(): start position 5 ligger uden for 1..3 (eller -3..-1); "
              "resultatet er null")
    assert build(trace, "da").questions[0].warnings == [danish]
    assert build(trace, "en").questions[0].warnings == [
        "substring(): start position 5 is outside 1..3 (or -3..-1); the result is null"]
    assert danish in render(trace, "md", "da")


# --------------------------------------------------------------------------- the catalogue

def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _ours(key: str) -> bool:
    return key.startswith(("feel.reason.", "feel.word."))


def _keys_used() -> dict[str, list[set[str]]]:
    """Every feel.reason.*/feel.word.* key FEEL's code writes, with the names of the values
    each call passes with it ([] where the code builds them elsewhere, as for a table)."""
    used: dict[str, list[set[str]]] = {}
    for path in sorted(FEEL.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and _ours(node.value):
                used.setdefault(node.value, [])
            if isinstance(node, ast.Call):
                for key, names in _passed(node):
                    used.setdefault(key, []).append(names)
    return used


def _passed(call: ast.Call) -> list[tuple[str, set[str]]]:
    """(key, value names) of ``invalid(fn, key, **values)``, ``_RegexError(key,
    **values)`` and ``Msg(key, {...})`` written with a literal key."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    at = {"invalid": 1, "_RegexError": 0, "Msg": 0}.get(name)
    if at is None or len(call.args) <= at:
        return []
    key = call.args[at]
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and _ours(key.value)):
        return []
    if name == "Msg":
        values = call.args[1] if len(call.args) > 1 else None
        if values is not None and not isinstance(values, ast.Dict):
            return []
        names = {k.value for k in values.keys if isinstance(k, ast.Constant)} if values else set()
        return [(key.value, {str(n) for n in names})]
    return [(key.value, {k.arg for k in call.keywords if k.arg})]


USED = _keys_used()


def test_the_scan_finds_the_reasons() -> None:
    assert len(USED) > 60
    assert USED["feel.reason.not-a-number"] == [{"param", "type"}]


@pytest.mark.parametrize("key", sorted(USED))
def test_every_reason_is_in_the_catalogue_in_both_languages(key: str) -> None:
    texts: dict[str, Any] = CATALOGUE.get(key, {})
    assert set(texts) == {"da", "en"}, key
    assert texts["da"].strip() and texts["en"].strip() and texts["da"] != texts["en"]
    assert _fields(texts["da"]) == _fields(texts["en"]), key
    for names in USED[key]:
        assert names == _fields(texts["en"]), f"{key}: the code passes {names}"


def test_every_reason_in_the_catalogue_is_used() -> None:
    ours = {key for key in CATALOGUE if _ours(key)}
    assert ours - set(USED) == set()
