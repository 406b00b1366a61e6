"""One file of a pack with the positions of its values and keys, so that every problem
found in its data is reported at file:line:col. A YAML file is read here; a DMN model's
documents come with their positions from ``regel.dmn.reader``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from regel.base.errors import Diagnostic, Span
from regel.source.files import YAML_FILE, read_text
from regel.source.yamltree import load_yaml_with_marks, scalar_position, text_digest

__all__ = ["PackFile", "YamlPath", "TextMark", "diagnostic"]

#: Where a value sits in a file's data: the keys and list indexes leading to it.
YamlPath = tuple[Any, ...]


class TextMark(Protocol):
    """Where a value was written in a file that is not YAML (a DMN model's XML), and how
    to find a character inside it: the reader's marks have these."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...

    def position(self, text_lines: list[str], offset: int) -> tuple[int, int]: ...


#: A YAML value's span, or the mark of a value read from another kind of file.
Mark = Span | TextMark


def diagnostic(key: str, at: Span | str | None, **values: Any) -> Diagnostic:
    """A diagnostic of the catalogue entry ``key``: a code ("PACK-LAYOUT"), or a code and
    the variant of its message ("SCHEMA/not-a-date")."""
    code, _, variant = key.partition("/")
    return Diagnostic.of(code, at=at, key=key if variant else None, **values)


class PackFile:
    """A file's data with the marks of its values (``marks``) and of its keys
    (``key_marks``), each by path; ``shown`` is the file name diagnostics give."""

    def __init__(self, path: Path, shown: str, lines: list[str], data: Any,
                 marks: dict[Any, Any], key_marks: dict[Any, Any],
                 made_of: bytes | None = None) -> None:
        self.path = path
        self.shown = shown
        self.lines = lines
        self.data = data
        self.marks = marks
        self.key_marks = key_marks
        #: the digest of the YAML text ``data`` was read from (None: not read from one)
        self.made_of = made_of

    @classmethod
    def read(cls, path: Path, shown: str) -> PackFile:
        """A YAML file read with its positions; ``RegelError`` (a ``YamlError``, or
        FILE-NOT-FOUND / FILE-UNREADABLE) if it cannot be."""
        text = read_text(path, what=YAML_FILE)
        data, marks, key_marks = load_yaml_with_marks(text, shown)
        return cls(path, shown, text.splitlines(), data, marks, key_marks, text_digest(text))

    def mark(self, path: YamlPath, at_key: bool = False) -> Mark | None:
        """The mark of the value (or the key, ``at_key``) at ``path``, else of the nearest
        value around it."""
        table = self.key_marks if at_key else self.marks
        while True:
            m = table.get(path)
            if m is not None or not path:
                return m
            path = path[:-1]
            table = self.marks

    def location(self, path: YamlPath, at_key: bool = False) -> Span:
        """Where the value (or the key, ``at_key``) at ``path`` starts: file, line and
        column."""
        m = self.mark(path, at_key)
        return Span.point(self.shown, m.line, m.column) if m else Span.point(self.shown)

    def position(self, path: YamlPath, offset: int) -> tuple[int, int]:
        """(line, column) of character ``offset`` inside the value at ``path``; (0, 0)
        when the value has no mark."""
        m = self.mark(path)
        if m is None:
            return 0, 0
        if isinstance(m, Span):
            return scalar_position(m, self.lines, offset)
        return m.position(self.lines, offset)

    def problem(self, key: str, path: YamlPath = (), *, at_key: bool = False,
                line: int | None = None, column: int | None = None,
                **values: Any) -> Diagnostic:
        """A diagnostic of the catalogue entry ``key`` (see ``diagnostic``) at the value (or
        the key, ``at_key``) at ``path``, or at ``line``/``column``."""
        loc = self.location(path, at_key)
        return diagnostic(key, Span.point(self.shown, line or loc.line, column or loc.column),
                       **values)
