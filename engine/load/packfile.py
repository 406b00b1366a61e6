"""One file of a pack with the positions of its values and keys, so that every problem
found in its data is reported at file:line:col. A YAML file is read here; a DMN model's
documents come with their positions from ``regel.dmn.reader``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from regel.base.diagnostics import Diagnostic
from regel.model import Location
from regel.source.files import read_text
from regel.source.yamltree import Mark, load_yaml_with_marks

__all__ = ["PackFile", "YamlPath"]

#: Where a value sits in a file's data: the keys and list indexes leading to it.
YamlPath = tuple[Any, ...]


class PackFile:
    """A file's data with the marks of its values (``marks``) and of its keys
    (``key_marks``), each by path; ``shown`` is the file name diagnostics give."""

    def __init__(self, path: Path, shown: str, lines: list[str], data: Any,
                 marks: dict[Any, Any], key_marks: dict[Any, Any]) -> None:
        self.path = path
        self.shown = shown
        self.lines = lines
        self.data = data
        self.marks = marks
        self.key_marks = key_marks

    @classmethod
    def read(cls, path: Path, shown: str) -> PackFile:
        """A YAML file read with its positions; ``RegelError`` (a ``YamlError``, or
        FILE-NOT-FOUND / FILE-UNREADABLE) if it cannot be."""
        text = read_text(path, what="a YAML file")
        data, marks, key_marks = load_yaml_with_marks(text, shown)
        return cls(path, shown, text.splitlines(), data, marks, key_marks)

    def mark(self, path: YamlPath, key: bool = False) -> Mark | None:
        """The mark of the value (or key) at ``path``, else of the nearest value around it."""
        table = self.key_marks if key else self.marks
        while True:
            m = table.get(path)
            if m is not None or not path:
                return m
            path = path[:-1]
            table = self.marks

    def location(self, path: YamlPath, key: bool = False) -> Location:
        m = self.mark(path, key)
        return Location(self.shown, m.line, m.column) if m else Location(self.shown)

    def position(self, path: YamlPath, offset: int) -> tuple[int, int]:
        """(line, column) of character ``offset`` inside the value at ``path``; (0, 0)
        when the value has no mark."""
        m = self.mark(path)
        return m.position(self.lines, offset) if m else (0, 0)

    def problem(self, code: str, message: str, path: YamlPath = (), key: bool = False,
                line: int | None = None, column: int | None = None) -> Diagnostic:
        """A diagnostic at the value (or key) at ``path``, or at ``line``/``column``."""
        loc = self.location(path, key)
        return Diagnostic(code, message, self.shown, line or loc.line, column or loc.column)
