"""The DMN reader, XML reading and FEEL errors speak Danish: a broken model, bad FEEL and
bad XML are told in the words written for them (tests/test_messages.py checks that every key
is in the catalogue).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_dmn
from regel.base.errors import FeelEvaluationError, FeelSyntaxError, PackError
from regel.feel import compile_expression, compile_unary_tests, from_python
from regel.source.xmltree import XmlSyntaxError, parse_xml

ENGINE = Path(__file__).resolve().parents[1] / "engine"
INVALID = Path(__file__).resolve().parent / "dmn" / "invalid"
def test_no_reader_or_feel_sentence_is_untranslated() -> None:
    """The codes the DMN reader gives come from the catalogue, not as finished English."""
    for case in sorted(INVALID.glob("*.dmn")):
        with pytest.raises(PackError) as caught:
            load_dmn(case, strict=True)
        for d in caught.value.diagnostics:
            if d.code.startswith("DMN-"):
                assert d.text("da") != d.text("en"), case.name


# --------------------------------------------------------------------------- in Danish

def test_a_broken_model_in_danish() -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(INVALID / "unknown-reference.dmn", strict=True)
    (d,) = caught.value.diagnostics
    assert d.text("da") == "henvisningen '#agee' peger ikke på noget element i denne model"
    assert d.text("en") == "the reference '#agee' names no element of this model"
    assert d.render("da").endswith(
        ":9:7: DMN-UNKNOWN-REFERENCE: henvisningen '#agee' peger ikke på noget element i "
        "denne model")


def test_an_unsupported_element_in_danish() -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(INVALID / "unsupported-expression-language.dmn", strict=True)
    (d,) = caught.value.diagnostics
    assert d.text("da") == ("DMN-elementet <literalExpression> (et udtryk skrevet i sproget "
                            "'https://www.python.org/') understøttes ikke af regel")


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


def test_a_broken_decision_fails_alone_in_danish() -> None:
    """Loaded decision by decision, the unsupported element breaks its decision; asking
    for it gives null and a Danish warning with the problem and its place."""
    pack = load_dmn(INVALID / "unsupported-expression-language.dmn")
    (name,) = pack.broken
    result = pack.evaluate({}, decisions=[name], trace=False)
    assert result.values == {name: None}
    (warning,) = result.warnings
    text = warning.diagnostic.text("da")
    assert text.startswith(f"DECISION-BROKEN: afgørelsen '{name}' kan ikke beregnes: "
                           "DMN-elementet <literalExpression> (et udtryk skrevet i sproget "
                           "'https://www.python.org/') understøttes ikke af regel (")
    assert "unsupported-expression-language.dmn:" in text and text.endswith("; som i DMN er "
                                                                       "resultatet null")
