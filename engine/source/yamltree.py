"""Reading YAML the way people write it, safely.

- Only plain data (PyYAML's safe loader): no tags that build Python objects.
- A key written twice in one mapping is an error (PyYAML would silently keep the last).
- Numbers with a fraction become ``Decimal`` from their exact text, never ``float``.
- Every error names the file, line and column.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from regel.base.errors import RegelError, Span
from regel.source.files import read_text

__all__ = ["YamlError", "Mark", "load_yaml", "load_yaml_file", "load_yaml_with_marks"]


class YamlError(RegelError, ValueError):
    code = "YAML"


def _span(mark: Any) -> Span | None:
    if mark is None:
        return None
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2,
                mark.index, mark.index + 1)


class _PyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads fractions as Decimal. Pure Python:
    its error messages are the ones our hints and the error catalogue know."""

    source = "<yaml>"


# libyaml's C parser when PyYAML has it (several times faster; same nodes and marks). A file
# it rejects is parsed again by _PyLoader, so the error message is always the same.
_Loader: Any = type("_Loader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),),
                    {"source": "<yaml>"})


def _decimal(loader: Any, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise YamlError(f"'{text}' is not a finite number", code="YAML-BAD-NUMBER",
                        source=loader.source, span=_span(node.start_mark))
    return value


# YAML 1.2 booleans: only true/false. PyYAML follows YAML 1.1, where yes, no, on and off
# are booleans too, so `allowed_values: [yes, no]` would silently become [true, false].
_BOOL = "tag:yaml.org,2002:bool"
_cls: Any
for _cls in (_PyLoader, _Loader):
    _cls.add_constructor("tag:yaml.org,2002:float", _decimal)
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for _first in "tTfF":
        _cls.yaml_implicit_resolvers.setdefault(_first, []).insert(
            0, (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a YAML value was written: 1-based line and column of its first character,
    and its scalar style (None plain, "'" or '"' quoted, "|" or ">" block)."""

    line: int
    column: int
    style: str | None = None

    def content(self, text_lines: list[str]) -> tuple[int, int]:
        """(line, column) of the scalar's first content character."""
        return self.position(text_lines, 0)

    def position(self, text_lines: list[str], offset: int) -> tuple[int, int]:
        """(line, column) in the file of character ``offset`` of the scalar's value.

        Block scalars (``|``, ``>``) start on the next line and lose their indentation;
        folded and multi-line scalars join lines with one character (a newline or a
        space), so each source line holds ``len(line) + 1`` characters of the value."""
        if self.style in ("|", ">"):
            first = next((n for n in range(self.line, len(text_lines))
                          if text_lines[n].strip()), None)
            if first is None:
                return self.line, self.column
            indent = len(text_lines[first]) - len(text_lines[first].lstrip())
            segments = [(n, indent, text_lines[n][indent:])
                        for n in range(first, len(text_lines))]
        else:
            start_col = self.column + (1 if self.style in ("'", '"') else 0)
            first_line = text_lines[self.line - 1] if self.line - 1 < len(text_lines) else ""
            segments = [(self.line - 1, start_col - 1, first_line[start_col - 1:])]
            for n in range(self.line, len(text_lines)):
                line = text_lines[n]
                indent = len(line) - len(line.lstrip())
                segments.append((n, indent, line[indent:]))
        consumed = 0
        for n, indent, content in segments:
            if offset <= consumed + len(content):
                return n + 1, indent + 1 + (offset - consumed)
            consumed += len(content) + 1
        n, indent, _ = segments[0]
        return n + 1, indent + 1


Path_ = tuple[Any, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _node_mark(node: yaml.Node) -> Mark:
    style = getattr(node, "style", None)
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1, style or None)


def _build(loader: Any, node: yaml.Node, path: Path_, marks: dict[Path_, Mark],
           keys: dict[Path_, Mark], depth: int = 0) -> Any:
    if depth > 200:
        raise YamlError("the YAML is nested too deeply", code="YAML-SYNTAX",
                        source=loader.source, span=_span(node.start_mark))
    marks[path] = _node_mark(node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise YamlError(f"the tag '{node.tag}' is not allowed: rule files hold plain data only",
                        code="YAML-SYNTAX", source=loader.source, span=_span(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlError("a key must be a plain value, not a list or a mapping",
                                code="YAML-BAD-KEY", source=loader.source,
                                span=_span(key_node.start_mark)) from None
            if key in out:
                raise YamlError(f"the key '{key}' is written twice in the same mapping",
                                code="YAML-DUPLICATE-KEY", source=loader.source,
                                span=_span(key_node.start_mark))
            keys[path + (key,)] = _node_mark(key_node)
            out[key] = _build(loader, value_node, path + (key,), marks, keys, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), marks, keys, depth + 1)
                for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except YamlError:
        raise
    except ValueError as exc:  # e.g. the unquoted date 2023-02-29
        raise YamlError(f"'{node.value}' cannot be read: {exc}", code="YAML-BAD-VALUE",
                        source=loader.source, span=_span(node.start_mark)) from None


def load_yaml_with_marks(text: str, source: str = "<yaml>"
                         ) -> tuple[Any, dict[Path_, Mark], dict[Path_, Mark]]:
    """Parse YAML keeping where each value (and each mapping key) was written.

    Returns ``(data, marks, key_marks)``: ``marks[path]`` is the Mark of the value at
    ``path`` (a tuple of keys and list indexes), ``key_marks[path]`` that of its key."""
    try:
        return _parse(_Loader, text, source)
    except yaml.YAMLError:
        pass  # parse again in pure Python for its (known, hinted) error message
    return _parse(_PyLoader, text, source, errors=True)


def _parse(cls: type, text: str, source: str, errors: bool = False
           ) -> tuple[Any, dict[Path_, Mark], dict[Path_, Mark]]:
    loader = cls(text)
    loader.source = source
    try:
        node = loader.get_single_node()
        marks: dict[Path_, Mark] = {}
        keys: dict[Path_, Mark] = {}
        if node is None:
            return None, marks, keys
        return _build(loader, node, (), marks, keys), marks, keys
    except YamlError:
        raise
    except yaml.YAMLError:
        if not errors:
            raise
        return _report(sys.exc_info()[1], source)
    finally:
        loader.dispose()


def _report(exc: Any, source: str) -> Any:
    try:
        raise exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "the text is not valid YAML"
        raise YamlError(_plain_problem(problem), code="YAML-SYNTAX", source=source,
                        span=_span(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), code="YAML-SYNTAX", source=source) from None


def _plain_problem(problem: str) -> str:
    """PyYAML's wording, with the usual cause added where we can tell it."""
    if "'\\t'" in problem or "\t" in problem:
        return "a tab character cannot indent YAML; indent with spaces"
    if problem.startswith("mapping values are not allowed here"):
        return (problem + " (a text that contains ': ' must be in quotes, and a nested "
                "mapping must be indented under its key)")
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        return problem + " (check that every bracket is closed and items are separated by " \
                         "commas; inside [ ] or { }, put a text that contains ?, :, comma or " \
                         "brackets in quotes)"
    return problem


def load_yaml(text: str, source: str = "<yaml>") -> Any:
    """Parse YAML text (JSON is YAML too) into plain data, or raise ``YamlError``."""
    return load_yaml_with_marks(text, source)[0]


def load_yaml_file(path: str | Path) -> Any:
    """``load_yaml`` of a file; ``YamlError`` also for a file that cannot be read."""
    text = read_text(path, what="a YAML file", error=YamlError)
    return load_yaml(text, str(Path(path)))
