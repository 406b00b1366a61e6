"""regel.source.xmltree within its limits (issue 19): entity declarations and nesting
beyond MAX_XML_DEPTH are refused where they are written, and text is joined in linear time."""

from __future__ import annotations

import time

import pytest

from regel.source.xmltree import MAX_XML_DEPTH, XmlSyntaxError, parse_xml


def _nested(depth: int) -> bytes:
    return ("<a>" * depth + "x" + "</a>" * depth).encode()


@pytest.mark.parametrize(("data", "line", "column", "reason"), [
    # a billion laughs in ten lines: refused at the first declaration, before any expansion
    (b'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n'
     + b"".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n'.encode()
                for p, n in zip("abcdefgh", "bcdefghi", strict=True))
     + b"]>\n<r>&i;</r>\n", 3, 12, "xml.reason.entity-declaration"),
    (b'<!DOCTYPE r [<!ENTITY % p "x">]><r/>', 1, 0, "xml.reason.entity-declaration"),
    (_nested(MAX_XML_DEPTH + 1), 1, 3 * MAX_XML_DEPTH + 1, "xml.reason.too-deep"),
    (_nested(3000), 1, 3 * MAX_XML_DEPTH + 1, "xml.reason.too-deep"),
])
def test_beyond_the_limits_is_a_located_error(data: bytes, line: int, column: int,
                                              reason: str) -> None:
    start = time.monotonic()
    with pytest.raises(XmlSyntaxError) as caught:
        parse_xml(data, "model.dmn")
    assert time.monotonic() - start < 5
    d = caught.value.first
    assert d.values["reason"].key == reason
    assert (d.file, d.line) == ("model.dmn", line)
    if column:
        assert d.column == column


def test_nesting_up_to_the_limit_is_read() -> None:
    node = parse_xml(_nested(MAX_XML_DEPTH))
    assert len(list(node.iter())) == MAX_XML_DEPTH
    assert list(node.iter())[-1].text == "x"


def test_ten_megabytes_of_lines_are_joined_in_linear_time() -> None:
    lines = "line of text\n" * (10 * 1024 * 1024 // 13)
    start = time.monotonic()
    node = parse_xml(f"<r>\n  <t>  {lines}</t>\n</r>".encode())
    assert time.monotonic() - start < 5
    t = node.child("t")
    assert t is not None and t.text == lines.strip()
    assert (t.text_span.line, t.text_span.column) == (2, 8) if t.text_span else False


def test_text_around_children_is_kept_as_before() -> None:
    node = parse_xml(b"<r>\n  a<b>x</b>\n  c </r>")
    assert node.text == "a\n  c"
    assert node.text_span is not None and (node.text_span.line, node.text_span.column) == (2, 3)
