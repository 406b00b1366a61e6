"""The DMN reader, XML reading and FEEL errors speak through the message catalogue.

Every message key these stages use (found in their source: the codes and keys of
``Diagnostic``/``Diagnostic.of``/``...Error.of``, ``Msg`` keys, the reader's and the FEEL
parser's own reporting helpers, and the tables of catalogue keys) is in the catalogue in
English and Danish with the same fields; a broken model, bad FEEL and bad XML are told in
Danish in the words written for them.
"""

from __future__ import annotations

import ast
import builtins
import re
import string
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_dmn
from regel.base.errors import FeelEvaluationError, FeelSyntaxError, PackError
from regel.base.messages import CATALOGUE
from regel.feel import compile_expression, compile_unary_tests, from_python
from regel.source.xmltree import XmlSyntaxError, parse_xml

ENGINE = Path(__file__).resolve().parents[1] / "engine"
INVALID = Path(__file__).resolve().parent / "dmn" / "invalid"
SOURCES = sorted([*(ENGINE / "dmn").glob("*.py"), ENGINE / "source" / "xmltree.py",
                  *(ENGINE / "feel").glob("*.py")])

#: old-shape diagnostics (a finished English sentence) that another piece of work moves
#: over: read_dmn's reading of the file
TRANSITION = {"FILE-UNREADABLE"}

_DOTTED = re.compile(r"^(dmn|feel|xml)\.[a-z-]+\.[A-Za-z0-9.-]+$")


def _name(func: ast.expr) -> tuple[str, str]:
    """(receiver, name) of a called function: ``errors.Diagnostic.of`` -> (Diagnostic, of)."""
    if isinstance(func, ast.Attribute):
        value = func.value
        receiver = value.attr if isinstance(value, ast.Attribute) else \
            value.id if isinstance(value, ast.Name) else ""
        return receiver, func.attr
    return "", func.id if isinstance(func, ast.Name) else ""


def _literal(node: ast.expr | None) -> str | re.Pattern[str] | None:
    """A string literal, or an f-string as a pattern its values may fill; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(p.value) if isinstance(p, ast.Constant) else r"[\w-]+"
                 for p in node.values]
        return re.compile("".join(parts))
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _arg(call: ast.Call, i: int) -> ast.expr | None:
    return call.args[i] if len(call.args) > i else None


def _keys_of_call(call: ast.Call) -> Iterator[str | re.Pattern[str] | None]:
    """The catalogue keys one call uses (None where the key is not written there)."""
    receiver, name = _name(call.func)
    if name == "of" and receiver.endswith(("Diagnostic", "Error")):
        yield _literal(_keyword(call, "key")) or _literal(_arg(call, 0))
    elif name == "Diagnostic" or (name.endswith("Error") and not name.startswith("_")
                                  and not hasattr(builtins, name)):   # Python's own: no text
        if _literal(_arg(call, 1)) is not None:       # the old shape: (code, sentence, ...)
            code = _literal(_arg(call, 0))
            assert code in TRANSITION, f"an English sentence with the code {code}"
            return
        yield _literal(_keyword(call, "key")) or _literal(_keyword(call, "code")) \
            or _literal(_arg(call, 0))
    elif name in ("Msg", "FeelNull"):
        yield _literal(_arg(call, 0))
    elif name == "error" and receiver == "self":      # the DMN reader: (code, at, key)
        yield _literal(_arg(call, 2)) or _literal(_arg(call, 0))
    elif name == "_syntax":                           # the FEEL parser: FEEL-SYNTAX/<variant>
        variant = _literal(_arg(call, 0))
        if isinstance(variant, str):
            yield f"FEEL-SYNTAX/{variant}"


def _used_keys(tree: ast.AST) -> Iterator[str | re.Pattern[str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from (k for k in _keys_of_call(node) if k is not None)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and _DOTTED.match(node.value):
            yield node.value                          # tables of keys (hints, words, ...)


def _all_used() -> list[tuple[str, str | re.Pattern[str]]]:
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [(path.name, key) for key in _used_keys(tree)]
    return found


USED = _all_used()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_scan_finds_the_stages_keys() -> None:
    keys = {k for _, k in USED if isinstance(k, str)}
    assert {"DMN-UNKNOWN-REFERENCE", "DMN-UNSUPPORTED/element", "FEEL-SYNTAX/missing-dotdot",
            "FEEL-RECURSION", "XML-SYNTAX", "xml.reason.tag-mismatch", "feel.token.number",
            "dmn.what.boxed-context"} <= keys


@pytest.mark.parametrize("where, key", USED, ids=[f"{w}:{getattr(k, 'pattern', k)}"
                                                  for w, k in USED])
def test_every_key_is_in_the_catalogue(where: str, key: str | re.Pattern[str]) -> None:
    if isinstance(key, re.Pattern):
        assert any(key.fullmatch(k) for k in CATALOGUE), f"{where}: no key fits {key.pattern}"
        return
    assert key in CATALOGUE, f"{where}: {key} is not in the catalogue"
    texts = CATALOGUE[key]
    assert texts["en"].strip() and texts["da"].strip()
    assert _fields(texts["en"]) == _fields(texts["da"]), key


def test_no_reader_or_feel_sentence_is_untranslated() -> None:
    """The codes the DMN reader gives come from the catalogue, not as finished English."""
    for case in sorted(INVALID.glob("*.dmn")):
        with pytest.raises(PackError) as caught:
            load_dmn(case)
        for d in caught.value.diagnostics:
            if d.code.startswith("DMN-"):
                assert d.key != "UNTRANSLATED" and d.text("da") != d.text("en"), case.name


# --------------------------------------------------------------------------- in Danish

def test_a_broken_model_in_danish() -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(INVALID / "unknown-reference.dmn")
    (d,) = caught.value.diagnostics
    assert d.text("da") == "henvisningen '#agee' peger ikke på noget element i denne model"
    assert d.text("en") == "the reference '#agee' names no element of this model"
    assert d.render("da").endswith(
        ":9:7: DMN-UNKNOWN-REFERENCE: henvisningen '#agee' peger ikke på noget element i "
        "denne model")


def test_an_unsupported_element_in_danish() -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(INVALID / "unsupported-boxed-context.dmn")
    (d,) = caught.value.diagnostics
    assert d.text("da") == ("DMN-elementet <context> (en kontekst i boksform) understøttes "
                            "ikke af regel")


def test_xml_that_is_not_well_formed_in_danish() -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(INVALID / "xml-undefined-entity.dmn")
    (d,) = caught.value.diagnostics
    assert d.text("da") == ("filen er ikke velformet XML: ukendt entitet; XML kender kun "
                            "&lt; &gt; &amp; &quot; og &apos;")


def test_xml_syntax_error_is_a_regel_error_with_a_span() -> None:
    with pytest.raises(XmlSyntaxError) as caught:
        parse_xml(b"<a>\n  <b></c>\n</a>", "x.xml")
    err = caught.value
    assert err.code == "XML-SYNTAX"
    assert (err.source, err.line, err.column) == ("x.xml", 2, 8)
    assert err.message == "the file is not well-formed XML: mismatched tag"
    assert err.first.text("da") == ("filen er ikke velformet XML: sluttagget passer ikke til "
                                    "starttagget")


def test_xml_nodes_carry_spans() -> None:
    root = parse_xml(b'<a>\n  <b>\n    text</b>\n</a>', "x.xml")
    b = root.children[0]
    assert (b.span.file, b.span.line, b.span.column) == ("x.xml", 2, 3)
    assert b.text_span is not None and (b.text_span.line, b.text_span.column) == (3, 5)


def test_feel_syntax_in_danish() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        compile_unary_tests("[1 5]")
    first = caught.value.first
    assert first.key == "FEEL-SYNTAX/range-or-list"
    assert first.text("en") == ("unexpected '5': a range needs '..' between its ends, as in "
                                "[1..5]; a list needs commas, as in [1, 5]")
    assert first.text("da") == ("uventet '5': et interval skal have '..' mellem sine "
                                "endepunkter, som i [1..5]; en liste skal have kommaer, som "
                                "i [1, 5]")


def test_what_the_parser_expected_is_said_in_danish() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        compile_expression("1 +")
    en, da = caught.value.first.text("en"), caught.value.first.text("da")
    assert en.startswith("the text ends too early; expected '('") and en.endswith(
        "a date, a name, a number, a string")
    assert da.startswith("teksten slutter for tidligt; forventede '('") and da.endswith(
        "en dato, et navn, et tal, en tekst")


def test_a_float_input_in_danish() -> None:
    with pytest.raises(FeelEvaluationError) as caught:
        from_python({"amounts": [Decimal(1), 0.5]})
    err = caught.value
    assert err.code == "FEEL-FLOAT-INPUT"
    assert err.message.startswith("value.amounts[2] is a binary floating-point number (0.5)")
    assert err.first.text("da").startswith(
        "element 2 i 'amounts' i værdien er et binært kommatal (0.5)")
    with pytest.raises(FeelEvaluationError) as named:
        from_python([0.5], "Income")
    assert named.value.message.startswith("Income[1] is a binary floating-point number")
