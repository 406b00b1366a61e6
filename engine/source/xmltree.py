"""A small XML tree that remembers where each element and its text were written.

ElementTree forgets line numbers, and every problem in a DMN file must be reported as
file:line:col. This reads the file with expat (the parser ElementTree itself uses) and
keeps, for each element, the position of its start tag and of its first text, so that a
FEEL syntax error inside ``<text>`` points at the very character.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["XmlNode", "XmlMark", "XmlSyntaxError", "parse_xml"]


class XmlSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class XmlMark:
    """Where a value was written in an XML file (1-based). Has the interface of
    ``regel.source.yamltree.Mark`` that the loader uses to place FEEL errors inside a cell."""

    line: int
    column: int
    style: str | None = None

    def content(self, text_lines: list[str]) -> tuple[int, int]:
        return self.line, self.column

    def position(self, text_lines: list[str], offset: int) -> tuple[int, int]:
        """(line, column) of character ``offset`` of the text that starts here. An entity
        such as ``&lt;`` is one character of the text but several of the file."""
        line, col = self.line, self.column
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
    line: int
    column: int
    children: list[XmlNode] = field(default_factory=list)
    text: str = ""
    text_mark: XmlMark | None = None

    @property
    def mark(self) -> XmlMark:
        return XmlMark(self.line, self.column)

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


def parse_xml(data: bytes) -> XmlNode:
    """Parse ``data``; raise XmlSyntaxError with the position expat reports."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[XmlNode] = []
    root: list[XmlNode] = []

    def split(name: str) -> tuple[str, str]:
        ns, _, local = name.rpartition(" ")
        return ns, local

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, local = split(name)
        attrib = {}
        for key, value in attrs.items():
            a_ns, a_local = split(key)
            attrib[f"{{{a_ns}}}{a_local}" if a_ns else a_local] = value
        node = XmlNode(ns, local, attrib, parser.CurrentLineNumber,
                       parser.CurrentColumnNumber + 1)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        node = stack[-1]
        if node.text_mark is None and data.strip():
            # expat reports the position of this piece of text; skip leading blanks
            line, col = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
            lead = data[:len(data) - len(data.lstrip())]
            for ch in lead:
                line, col = (line + 1, 1) if ch == "\n" else (line, col + 1)
            node.text_mark = XmlMark(line, col)
            node.text = node.text + data.lstrip() if not node.text.strip() else node.text + data
            return
        node.text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.buffer_text = False
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as err:
        raise XmlSyntaxError(xml.parsers.expat.ErrorString(err.code), err.lineno,
                             err.offset + 1) from None
    for node in root[0].iter():
        node.text = node.text.strip()
    return root[0]
