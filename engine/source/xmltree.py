"""A small XML tree that remembers where each element and its text were written.

ElementTree forgets line numbers, and every problem in a DMN file must be reported as
file:line:col. This reads the file with expat (the parser ElementTree itself uses) and
keeps, for each element, the span of its start tag and of its first text, so that a
FEEL syntax error inside ``<text>`` points at the very character. Text that is not
well-formed XML raises ``XmlSyntaxError`` (a RegelError, code XML-SYNTAX), and so does
XML beyond the limits: any entity declaration (``<!ENTITY``; entities that expand into
entities could stand for gigabytes) and elements nested deeper than MAX_XML_DEPTH. Text
is joined once per element, in time linear in its length.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers.expat import errors as expat_errors

from regel.base.errors import Diagnostic, RegelError, Span
from regel.base.messages import Msg

__all__ = ["XmlNode", "XmlMark", "XmlSyntaxError", "parse_xml", "text_position",
           "MAX_XML_DEPTH"]

#: How deep elements may be nested (docs/pack-format.md, "Limits"); DMN models nest a few
#: dozen deep at most.
MAX_XML_DEPTH = 200

#: expat's words for the mistakes people make when they edit XML by hand -> catalogue keys
#: (a rarer complaint is shown in expat's English words)
_REASONS = {
    expat_errors.XML_ERROR_INVALID_TOKEN: "xml.reason.invalid-token",
    expat_errors.XML_ERROR_TAG_MISMATCH: "xml.reason.tag-mismatch",
    expat_errors.XML_ERROR_UNDEFINED_ENTITY: "xml.reason.undefined-entity",
    expat_errors.XML_ERROR_UNCLOSED_TOKEN: "xml.reason.unclosed-token",
    expat_errors.XML_ERROR_NO_ELEMENTS: "xml.reason.no-elements",
    expat_errors.XML_ERROR_SYNTAX: "xml.reason.syntax",
    expat_errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "xml.reason.junk-after-root",
    expat_errors.XML_ERROR_DUPLICATE_ATTRIBUTE: "xml.reason.duplicate-attribute",
    expat_errors.XML_ERROR_UNBOUND_PREFIX: "xml.reason.unbound-prefix",
    expat_errors.XML_ERROR_BAD_CHAR_REF: "xml.reason.bad-character-reference",
    expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION: "xml.reason.unclosed-cdata",
    expat_errors.XML_ERROR_XML_DECL: "xml.reason.bad-declaration",
    expat_errors.XML_ERROR_MISPLACED_XML_PI: "xml.reason.misplaced-declaration",
    expat_errors.XML_ERROR_UNKNOWN_ENCODING: "xml.reason.unknown-encoding",
    expat_errors.XML_ERROR_INCORRECT_ENCODING: "xml.reason.incorrect-encoding",
    expat_errors.XML_ERROR_PARTIAL_CHAR: "xml.reason.partial-character",
    expat_errors.XML_ERROR_RECURSIVE_ENTITY_REF: "xml.reason.recursive-entity",
}


class XmlSyntaxError(RegelError):
    """Text that is not well-formed XML: code XML-SYNTAX at the position expat reports.
    ``expat`` is expat's own English words for the problem (a stable name for it)."""

    code = "XML-SYNTAX"

    def __init__(self, expat: str, span: Span, reason: Msg | None = None) -> None:
        super().__init__(Diagnostic.of("XML-SYNTAX", at=span, reason=reason or _reason(expat)))
        self.expat = expat


def _reason(expat: str) -> Msg | str:
    """expat's complaint in the reader's language (its own words when it is a rare one)."""
    key = _REASONS.get(expat)
    return Msg(key) if key else expat


@dataclass(frozen=True, slots=True)
class XmlMark:
    """Where a text was written in an XML file (its ``Span``), and how to find a character
    inside it (``position``): the loader's ``TextMark``, which it uses to place a FEEL error
    inside a cell. A YAML text needs no such object: its span and style tell."""

    span: Span

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def position(self, text_lines: list[str], offset: int) -> tuple[int, int]:
        """(line, column) of character ``offset`` of the text that starts here. An entity
        such as ``&lt;`` is one character of the text but several of the file."""
        return text_position(self.span, text_lines, offset)


def text_position(start: Span, text_lines: list[str], offset: int) -> tuple[int, int]:
    """(line, column) in the file of character ``offset`` of an XML text that starts at
    ``start``; an entity such as ``&lt;`` is one character of the text."""
    line, col = start.line, start.column
    remaining = offset
    while remaining > 0 and line - 1 < len(text_lines):
        raw = text_lines[line - 1]
        i = col - 1
        while remaining > 0 and i < len(raw):
            if raw[i] == "&":
                end = raw.find(";", i)
                i = end + 1 if end != -1 else i + 1
            else:
                i += 1
            remaining -= 1
        if remaining > 0:   # the newline is one character of the text
            remaining -= 1
            line, col = line + 1, 1
        else:
            col = i + 1
    return line, col


@dataclass(slots=True)
class XmlNode:
    namespace: str
    tag: str                                     # local name
    attrib: dict[str, str]                       # "name" or "{namespace}name"
    span: Span                                   # the start tag
    children: list[XmlNode] = field(default_factory=list)
    text: str = ""
    text_span: Span | None = None                # the first character of the text

    @property
    def mark(self) -> XmlMark:
        return XmlMark(self.span)

    def child(self, tag: str) -> XmlNode | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[XmlNode]:
        return [c for c in self.children if c.tag == tag]

    def iter(self) -> Iterator[XmlNode]:
        """This node and every node below it, in document order."""
        yield self
        for c in self.children:
            yield from c.iter()

    def child_text(self, tag: str) -> str | None:
        """The text of the first ``tag`` child, or None when there is none."""
        c = self.child(tag)
        return c.text if c is not None else None


def _refused(key: str, span: Span, **values: object) -> XmlSyntaxError:
    """XML-SYNTAX for XML beyond a limit: the reason is the catalogue's ``key``."""
    return XmlSyntaxError(key, span, Msg(key, values))


def parse_xml(data: bytes, file: str | None = None) -> XmlNode:
    """Parse ``data`` (the content of ``file``, whose name the spans carry); raise
    XmlSyntaxError at the position expat reports, or where a limit is passed."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[tuple[XmlNode, list[str]]] = []     # open elements, each with its text
    root: list[XmlNode] = []

    def here() -> Span:
        return Span.point(file, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def split(name: str) -> tuple[str, str]:
        ns, _, local = name.rpartition(" ")
        return ns, local

    def start(name: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_XML_DEPTH:
            raise _refused("xml.reason.too-deep", here(), limit=MAX_XML_DEPTH)
        ns, local = split(name)
        attrib = {}
        for key, value in attrs.items():
            a_ns, a_local = split(key)
            attrib[f"{{{a_ns}}}{a_local}" if a_ns else a_local] = value
        node = XmlNode(ns, local, attrib, here())
        (stack[-1][0].children if stack else root).append(node)
        stack.append((node, []))

    def end(name: str) -> None:
        node, pieces = stack.pop()
        node.text = "".join(pieces).strip()

    def chars(data: str) -> None:
        node, pieces = stack[-1]
        if node.text_span is None and data.strip():
            # expat reports the position of this piece of text; skip leading blanks
            line, col = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
            lead = data[:len(data) - len(data.lstrip())]
            for ch in lead:
                line, col = (line + 1, 1) if ch == "\n" else (line, col + 1)
            node.text_span = Span.point(file, line, col)
            pieces[:] = [data.lstrip()]
            return
        pieces.append(data)

    def entity(name: str, *_: object) -> None:
        raise _refused("xml.reason.entity-declaration", here(), name=name)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = entity
    parser.buffer_text = False
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as err:
        raise XmlSyntaxError(xml.parsers.expat.ErrorString(err.code),
                             Span.point(file, err.lineno, err.offset + 1)) from None
    except (LookupError, ValueError):   # an encoding Python lacks, or one expat cannot use
        raise _unreadable_encoding(data, file) from None
    return root[0]


#: the encoding an XML declaration names (issue 19: expat asks Python for an encoding it
#: does not know itself, and Python's answer was an exception, not an XML error)
_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)""")


def _unreadable_encoding(data: bytes, file: str | None) -> XmlSyntaxError:
    """XML-SYNTAX at the encoding the declaration names, which regel cannot read (one
    Python has no codec for, such as 'nope' or 'rot13', or a multi-byte one such as
    UTF-32, which expat cannot take from Python)."""
    found = _ENCODING.match(data[:4096])
    name = found.group(1).decode("ascii", "replace")[:60] if found else ""
    line = data.count(b"\n", 0, found.start(1)) + 1 if found else 1
    column = found.start(1) - data.rfind(b"\n", 0, found.start(1)) if found else 1
    return _refused("xml.reason.unreadable-encoding", Span.point(file, line, column),
                    encoding=name)
