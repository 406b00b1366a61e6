"""Long user text in messages (issue 19): a 5 MB DMN ``<text>`` took 4.7 s in the FEEL
parser and its FEEL-SYNTAX message quoted all 5 MB. A FEEL text over MAX_FEEL_CHARS is
refused before it is parsed; a problem's message quotes at most SHOWN_CHARS characters of
any text (its start and its end around '…') and SHOWN_ITEMS items of any list; the excerpt
under an error shows a window of a long line around the column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from regel import load_pack
from regel.base.errors import Diagnostic, FeelSyntaxError, PackError, RegelError, Span
from regel.base.messages import SHOWN_CHARS, SHOWN_ITEMS, render, shortened
from regel.feel.parser import MAX_FEEL_CHARS, parse_expression, parse_unary_tests
from tests.packbuilder import write_pack


def test_a_short_text_is_kept_and_a_long_one_keeps_its_start_and_end() -> None:
    assert shortened("x" * SHOWN_CHARS) == "x" * SHOWN_CHARS
    text = "start " + "m" * 1000 + " end"
    short = shortened(text)
    assert len(short) == SHOWN_CHARS and short.count("…") == 1
    assert short.startswith("start m") and short.endswith("m end")


@pytest.mark.parametrize("parse", [parse_expression, parse_unary_tests])
def test_a_feel_text_over_the_limit_is_refused_before_it_is_parsed(parse: object) -> None:
    text = "1 + " * (MAX_FEEL_CHARS // 4) + "1"
    start = time.monotonic()
    with pytest.raises(FeelSyntaxError) as caught:
        parse(text)  # type: ignore[operator]
    assert time.monotonic() - start < 0.5
    d = caught.value.first
    assert (d.code, d.key) == ("FEEL-SYNTAX", "FEEL-SYNTAX/too-long")
    assert (d.line, d.column) == (1, 1)
    assert d.text("en") == (f"the expression is too long: {len(text)} characters, and at most "
                            f"{MAX_FEEL_CHARS} are read")
    assert d.text("da") == (f"udtrykket er for langt: {len(text)} tegn, og der læses højst "
                            f"{MAX_FEEL_CHARS}")


def test_a_feel_text_at_the_limit_is_parsed() -> None:
    text = '"' + "a" * (MAX_FEEL_CHARS - 2) + '"'
    assert parse_expression(text).value == "a" * (MAX_FEEL_CHARS - 2)  # type: ignore[attr-defined]


def test_a_long_feel_text_in_a_pack_is_quoted_shortened(tmp_path: Path) -> None:
    long_text = "x + " * 1_000 + "+ 1"           # 4,003 characters: parsed, then refused
    write_pack(tmp_path, [{"id": "d", "label": {"da": "d", "en": "d"},
                           "requires": {"inputs": ["x"]},
                           "versions": [{"valid_from": "2000-01-01", "source": "Testloven",
                                         "expression": long_text}]}])
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    [d] = caught.value.diagnostics
    assert d.code == "FEEL-SYNTAX"
    message = d.text("en")
    assert len(message) < 2 * SHOWN_CHARS + 100, message
    assert "(in 'x + x + " in message and "…" in message and message.endswith("+ + 1')")


def test_a_long_list_in_a_message_ends_in_how_many_more() -> None:
    names = [f"name{i}" for i in range(SHOWN_ITEMS + 5)]
    d = Diagnostic.of("UNKNOWN-DECISION", key="UNKNOWN-DECISION/show", name="x", hint="",
                      decisions=names)
    assert d.text("en").endswith(", name39, and 5 more")
    assert d.text("da").endswith(", name39, og 5 flere")
    assert "name40" not in d.text("en")


def test_only_problems_are_shortened_not_other_sentences() -> None:
    text = "t" * (3 * SHOWN_CHARS)
    assert text in render("FILE-UNREADABLE/os", "en", {"reason": text})
    assert text not in Diagnostic.of("FILE-UNREADABLE", key="FILE-UNREADABLE/os",
                                     reason=text).text("en")


@pytest.mark.parametrize(("column", "left", "right"), [(3, False, True), (5000, True, True),
                                                        (14_999, True, False)])
def test_the_excerpt_shows_a_window_of_a_long_line(column: int, left: bool,
                                                   right: bool) -> None:
    line = "".join(chr(ord("a") + i % 26) for i in range(15_000))
    err = RegelError.of("FEEL-SYNTAX", key="FEEL-SYNTAX/empty",
                        at=Span(1, column, 1, column + 2), text=line + "\nmore")
    shown, caret = err.excerpt().split("\n")
    assert shown.startswith("…") == left and shown.endswith("…") == right
    assert len(shown) <= SHOWN_CHARS + 2
    at = caret.index("^")
    assert caret[at:] == "^^"
    assert shown[at:at + 2] == line[column - 1:column + 1]     # the caret under the column
