"""Reading YAML the way people write it, safely.

- Only plain data (PyYAML's safe loader): no tags that build Python objects.
- A key written twice in one mapping is an error (PyYAML would silently keep the last).
- Plain scalars follow YAML 1.2's core schema (no octal 0450, no base-60 7:30, no yes/no
  booleans); a leading zero YAML 1.1 reads otherwise is refused. Numbers with a fraction
  become ``Decimal`` from their exact text, never ``float``; .inf and .nan are refused.
- Every error names the file, line and column, and where each value and key was written
  is kept as a ``Span`` (``load_yaml_with_marks``); ``scalar_position`` finds a character
  inside a scalar, for an error inside a FEEL text.
- An ordinary file is built straight from the parser's events (``_from_events``); one with
  anchors, aliases, merge keys, tags on lists or mappings, or a problem, from its composed
  nodes (``_from_nodes``), which give the same values and marks and every error message.
"""

from __future__ import annotations

import hashlib
import re
import sys
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from regel.base import kept
from regel.base.errors import Diagnostic, RegelError, Span
from regel.source.files import YAML_FILE, read_text

__all__ = ["YamlError", "SafeDumper", "load_yaml", "load_yaml_file", "load_yaml_with_marks",
           "Marks", "scalar_position", "text_digest", "MAX_DEPTH", "MAX_ALIAS_NODES",
           "MAX_VALUES"]

#: Limits (docs/pack-format.md, "Limits"), far above any real rule file: how deep lists and
#: mappings may be nested, and how many values aliases (``*name``) may add in all, each use
#: of an anchor counting every value under it. A few hundred bytes of aliases to aliases
#: could otherwise stand for millions of values.
MAX_DEPTH = 200
MAX_ALIAS_NODES = 100_000
#: The most values (texts, numbers, lists, mappings, keys included) one file may write: some
#: 10,000 facts in a pack.yaml or 10,000 rules in a table, and thirty times the largest
#: bundled file. Each value costs a few kilobytes once loaded and checked; a pack.yaml with
#: 100,000 facts took half a minute and a gigabyte (issue 19).
MAX_VALUES = 100_000


class YamlError(RegelError, ValueError):
    code = "YAML"


def _span(mark: Any, file: str) -> Span:
    """The character PyYAML's ``mark`` points at, in ``file`` (the file alone without one)."""
    if mark is None:
        return Span.point(file)
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2,
                mark.index, mark.index + 1, file)


class _Resolved:
    """The tag of each plain scalar text, found once: a rule table repeats the same cell
    texts thousands of times, and YAML's resolver tries a regular expression or more on
    each (the tags of a safe loader depend on the text alone)."""

    known: dict[tuple[str, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or len(value) > 64:
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        key = (value, implicit)
        tag = self.known.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[misc]
            if len(self.known) < 50_000:
                self.known[key] = tag
        return tag


class _PyLoader(_Resolved, yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads fractions as Decimal. Pure Python:
    its error messages are the ones our hints and the error catalogue know. It refuses
    nesting deeper than MAX_DEPTH while it composes (before Python's own recursion limit)."""

    source = "<yaml>"
    depth = 0
    known: dict[tuple[str, Any], str] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                raise _too_deep(self.peek_event().start_mark, self.source)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _too_deep(mark: Any, source: str) -> YamlError:
    return YamlError.of("YAML-SYNTAX", key="YAML-SYNTAX/too-deep", at=_span(mark, source))


# libyaml's C parser when PyYAML has it (several times faster; same nodes and marks). A file
# it rejects is parsed again by _PyLoader, so the error message is always the same.
_Loader: Any = type("_Loader", (_Resolved, getattr(yaml, "CSafeLoader", yaml.SafeLoader)),
                    {"source": "<yaml>", "known": {}})


#: FEEL's numbers (decimal128) are below 1E+6145 in size: at most this many digits before
#: the point. A number past it could only become an infinity, which FEEL does not have.
_MAX_DIGITS = 6145


def _decimal(loader: Any, node: yaml.ScalarNode) -> Decimal:
    """A float as the exact Decimal of its text; YAML-BAD-NUMBER for .inf, .nan (FEEL has
    neither) and a number too large for FEEL."""
    text = str(loader.construct_scalar(node))
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise YamlError.of("YAML-BAD-NUMBER", at=_span(node.start_mark, loader.source),
                           number=text)
    if value and value.adjusted() >= _MAX_DIGITS:
        raise _too_large(loader, node, text)
    return value


def _too_large(loader: Any, node: yaml.Node, text: str) -> YamlError:
    return YamlError.of("YAML-BAD-NUMBER", key="YAML-BAD-NUMBER/too-large",
                        at=_span(node.start_mark, loader.source), number=text)


_LEADING_ZERO = re.compile(r"([-+]?)0+([0-9]+)")


def _integer(loader: Any, node: yaml.ScalarNode) -> int | Decimal:
    """An integer by YAML 1.2's core schema: decimal (a leading zero allowed), ``0o17``
    octal or ``0x1F`` hexadecimal. A leading zero that YAML 1.1 tools read otherwise
    (``0450`` as octal 296, ``0489`` as a text) is YAML-AMBIGUOUS-NUMBER: the same file
    must not mean two amounts. Past Python's limit on the digits of an int read from text
    (4,300), the exact Decimal."""
    text = str(loader.construct_scalar(node))
    if text[:2] in ("0o", "0x"):
        return int(text[2:], 8 if text[1] == "o" else 16)
    digits = text.lstrip("+-")
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise _too_large(loader, node, text)
    zero = _LEADING_ZERO.fullmatch(text)
    if zero is not None:
        _same_in_yaml_1_1(loader, node, text, zero)
    return int(text) if len(digits) <= 4300 else Decimal(text)


def _same_in_yaml_1_1(loader: Any, node: yaml.Node, text: str, zero: re.Match[str]) -> None:
    """YAML-AMBIGUOUS-NUMBER unless YAML 1.1 reads ``text`` (an integer with a leading
    zero) as the same number as YAML 1.2 does: ``07`` is 7 in both, ``010`` is 10 or 8."""
    sign, rest = zero.groups()
    value = Decimal(sign + rest)
    if all(c in "01234567" for c in text.lstrip("+-")):
        old = Decimal(int(text, 8))
        if old == value:
            return
        key, values = "YAML-AMBIGUOUS-NUMBER/octal", {"old": str(old)}
    else:
        key, values = "YAML-AMBIGUOUS-NUMBER/text", {}
    raise YamlError.of("YAML-AMBIGUOUS-NUMBER", key=key, at=_span(node.start_mark, loader.source),
                       number=text, value=str(value), **values)


# Plain scalars are read by YAML 1.2's core schema, not by YAML 1.1's rules that PyYAML
# follows: only true/false are booleans (YAML 1.1 also reads yes, no, on and off, so
# `allowed_values: [yes, no]` became [true, false]); 7:30 (base 60 in YAML 1.1), 1_000 and
# 0b101 are texts; 0o17 is octal. Dates stay dates (regel reads them on purpose), and
# `<<` merges mappings as before.
_CORE = (
    ("tag:yaml.org,2002:null", ["~", "n", "N", ""], r"~|null|Null|NULL|"),
    ("tag:yaml.org,2002:bool", list("tTfF"), r"true|True|TRUE|false|False|FALSE"),
    ("tag:yaml.org,2002:int", list("-+0123456789"), r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    ("tag:yaml.org,2002:float", list("-+.0123456789"),
     r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
)
_KEPT = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge")


def _core_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    out: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, firsts, pattern in _CORE:
        for first in firsts:
            out.setdefault(first, []).append((tag, re.compile(f"^(?:{pattern})$")))
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        for tag, regexp in resolvers:
            if tag in _KEPT:
                out.setdefault(first, []).append((tag, regexp))
    return out


_cls: Any
for _cls in (_PyLoader, _Loader):
    _cls.add_constructor("tag:yaml.org,2002:float", _decimal)
    _cls.add_constructor("tag:yaml.org,2002:int", _integer)
    _cls.yaml_implicit_resolvers = _core_resolvers()

_STR = "tag:yaml.org,2002:str"


class SafeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing what ``load_yaml`` reads back the same: a text that
    YAML 1.2's core schema would read as something else (``-.5``, ``1e3``, ``0450``) is
    quoted, and so is one that YAML 1.1 tools would (``yes``, ``7:30``, ``0489``), so that
    every reader of the file sees a text."""

    yaml_implicit_resolvers = _core_resolvers()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        tag = super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode and implicit[0] and tag == _STR:
            resolvers = yaml.SafeDumper.yaml_implicit_resolvers.get(value[:1], [])
            return next((old for old, regexp in resolvers if regexp.match(value)), tag)
        return tag


#: A scalar's style shows in the character it starts with (after any anchor ``&a`` or tag
#: ``!!str``): a quote, or the indicator of a block scalar (``|`` literal, ``>`` folded);
#: any other character starts a plain scalar.
_QUOTES = ("'", '"')
_BLOCKS = ("|", ">")
_PROPERTY = re.compile(r"(?:[&!]\S*\s+)*")


def scalar_position(start: Span, text_lines: list[str], offset: int) -> tuple[int, int]:
    """(line, column) in the file of character ``offset`` of the value of the scalar
    written at ``start`` (its span from ``load_yaml_with_marks``), in the file's lines.

    Block scalars (``|``, ``>``) start on the next line and lose their indentation;
    quoted scalars start after the quote; folded and multi-line scalars join lines with
    one character (a newline or a space), so each source line holds ``len(line) + 1``
    characters of the value."""
    first_line = text_lines[start.line - 1] if 0 < start.line <= len(text_lines) else ""
    properties = _PROPERTY.match(first_line, start.column - 1)
    column = properties.end() + 1 if properties else start.column
    style = first_line[column - 1:column]
    if style in _BLOCKS:
        segments = _block_segments(start, text_lines)
        if not segments:
            return start.line, start.column
    else:
        start_col = column + (1 if style in _QUOTES else 0)
        segments = [(start.line - 1, start_col - 1, first_line[start_col - 1:])]
        segments += _indented_segments(text_lines, start.line)
    consumed = 0
    for n, indent, content in segments:
        if offset <= consumed + len(content):
            return n + 1, indent + 1 + (offset - consumed)
        consumed += len(content) + 1
    n, indent, _ = segments[0]
    return n + 1, indent + 1


def _block_segments(start: Span, text_lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, indent, content) of each line of a block scalar, from its first line
    that is not blank; its indentation is that of that line."""
    first = next((n for n in range(start.line, len(text_lines)) if text_lines[n].strip()),
                 None)
    if first is None:
        return []
    indent = len(text_lines[first]) - len(text_lines[first].lstrip())
    return [(n, indent, text_lines[n][indent:]) for n in range(first, len(text_lines))]


def _indented_segments(text_lines: list[str], first: int) -> list[tuple[int, int, str]]:
    """(line index, indent, content) of each line from ``first`` on, without its indent."""
    segments = []
    for n in range(first, len(text_lines)):
        line = text_lines[n]
        indent = len(line) - len(line.lstrip())
        segments.append((n, indent, line[indent:]))
    return segments


Path_ = tuple[Any, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _node_span(node: yaml.Node, file: str) -> Span:
    """Where ``node`` was written in ``file``: from its first character to just past its
    last."""
    return _between(node.start_mark, node.end_mark, file)


def _between(start: Any, end: Any, file: str) -> Span:
    """The text from PyYAML's mark ``start`` to just before ``end``, in ``file``."""
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1,
                start.index, end.index, file)


class Marks(dict):  # type: ignore[type-arg]
    """The Span of each value (or key) by path, as ``load_yaml_with_marks`` gives them.
    Read straight from the parser's events, a span is kept as PyYAML's marks give it (a
    tuple: line, column, end line and end column from 0, start and end offsets) and made
    a Span when it is read: a large table's file has a mark for every cell, and a pack's
    load reads few of them. So that no path is made for a mark never read, the events
    keep the marks of a list's items and of a mapping's entries with the list or mapping
    (``later``: by its path, a list of the items' marks or a dict of the entries' by key):
    a path is looked up there when it is read, and every one is made when they are all
    read (iterated, counted, compared, pickled)."""

    #: (an instance's own; this one, empty, only for one unpickled as a plain dict's kin)
    later: dict[Path_, Any] = {}

    def __init__(self, file: str = "") -> None:
        super().__init__()
        self.file = file
        self.later = {}

    def __getitem__(self, path: Path_) -> Span:
        found = self.get(path, _NO_MARK)
        if found is _NO_MARK:
            raise KeyError(path)
        return found  # type: ignore[no-any-return]

    def get(self, path: Path_, default: Any = None) -> Any:  # type: ignore[override]
        found = dict.get(self, path, _NO_MARK)
        if found is _NO_MARK:
            found = self._kept_with_container(path) if self.later else _NO_MARK
            if found is _NO_MARK:
                return default
        return found if found.__class__ is not tuple else self._made(path, found)

    def _kept_with_container(self, path: Any) -> Any:
        if path.__class__ is not tuple or not path:
            return _NO_MARK
        inner = self.later.get(path[:-1])
        last = path[-1]
        if inner is None:
            return _NO_MARK
        if inner.__class__ is list:   # (a list's index: True is 1 here too, as in a key)
            return inner[last] if isinstance(last, int) and 0 <= last < len(inner) \
                else _NO_MARK
        try:
            return inner.get(last, _NO_MARK)
        except TypeError:     # (no mapping's key: it cannot be hashed)
            return _NO_MARK

    def _every(self) -> None:
        """Every mark kept with its list or mapping made an entry of its own."""
        later, self.later = self.later, {}
        for path, inner in later.items():
            for key, span in enumerate(inner) if inner.__class__ is list else inner.items():
                dict.setdefault(self, path + (key,), span)

    def __iter__(self) -> Any:
        self._every()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._every()
        return dict.__len__(self)

    def __contains__(self, path: object) -> bool:
        return self.get(path, _NO_MARK) is not _NO_MARK  # type: ignore[arg-type]

    def keys(self) -> Any:  # type: ignore[override]
        self._every()
        return dict.keys(self)

    def items(self) -> Any:  # type: ignore[override]
        return [(path, self[path]) for path in self]

    def values(self) -> Any:  # type: ignore[override]
        return [self[path] for path in self]

    def copy(self) -> Marks:  # type: ignore[override]
        return _marks_of(self.file, self.items())

    def __eq__(self, other: object) -> bool:   # (as the spans, made or not)
        if isinstance(other, Marks):
            other = dict(other.items())
        return dict(self.items()) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Any:
        return (_marks_of, (self.file, self.items()))

    def _made(self, path: Path_, raw: tuple[int, ...]) -> Span:
        span = Span(raw[0] + 1, raw[1] + 1, raw[2] + 1, raw[3] + 1, raw[4], raw[5], self.file)
        dict.__setitem__(self, path, span)
        return span


def _marks_of(file: str, items: list[tuple[Path_, Span]]) -> Marks:
    """Marks with these entries (how a pickled Marks is read back)."""
    made = Marks(file)
    made.update(items)
    return made


#: a mark not found
_NO_MARK: Any = object()


def _build(loader: Any, node: yaml.Node, path: Path_, marks: dict[Path_, Span],
           keys: dict[Path_, Span], depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise _too_deep(node.start_mark, loader.source)
    marks[path] = _node_span(node, loader.source)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise YamlError.of("YAML-SYNTAX", key="YAML-SYNTAX/tag",
                           at=_span(node.start_mark, loader.source), tag=node.tag)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node)
            try:
                hash(key)
            except TypeError:
                raise YamlError.of("YAML-BAD-KEY",
                                   at=_span(key_node.start_mark, loader.source)) from None
            if key in out:
                raise YamlError.of("YAML-DUPLICATE-KEY",
                                   at=_span(key_node.start_mark, loader.source), name=key)
            keys[path + (key,)] = _node_span(key_node, loader.source)
            out[key] = _build(loader, value_node, path + (key,), marks, keys, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), marks, keys, depth + 1)
                for i, item in enumerate(node.value)]
    return _construct(loader, node)


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The value of a scalar (or of a key); YAML-BAD-VALUE for one that cannot be."""
    try:
        value = loader.construct_object(node, deep=True)
        return _characters(value, loader, node) if isinstance(value, str) else value
    except YamlError:
        raise
    except ValueError as exc:  # e.g. the unquoted date 2023-02-29
        raise YamlError.of("YAML-BAD-VALUE", at=_span(node.start_mark, loader.source),
                           value=node.value, reason=str(exc)) from None
    except (AttributeError, KeyError, TypeError):  # a tag PyYAML cannot apply to the text,
        # such as !!timestamp nope or !!bool maybe (issue 19: they were tracebacks)
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise YamlError.of("YAML-BAD-VALUE", key="YAML-BAD-VALUE/tag",
                           at=_span(node.start_mark, loader.source), value=node.value,
                           tag=tag) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _characters(text: str, loader: Any, node: yaml.Node) -> str:
    """A text whose escapes name surrogates (only escapes can: the file is UTF-8): a pair
    written as two escapes (``"\\ud83d\\ude00"``, as JSON writes an emoji) is one
    character; half of a pair alone is no character, and could be neither printed nor
    written as UTF-8 (issue 19): YAML-SYNTAX/surrogate. (libyaml refuses every surrogate
    escape; the pure-Python reader, which reads the file again, took them.)"""
    if _SURROGATE.search(text) is None:
        return text
    out, i = [], 0
    while i < len(text):
        code = ord(text[i])
        low = ord(text[i + 1]) if i + 1 < len(text) else 0
        if 0xD800 <= code <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
            i += 2
            continue
        if 0xD800 <= code <= 0xDFFF:
            raise YamlError.of("YAML-SYNTAX", key="YAML-SYNTAX/surrogate",
                               at=_span(node.start_mark, loader.source),
                               escape=f"\\u{code:04x}")
        out.append(text[i])
        i += 1
    return "".join(out)


def _count_aliases(node: yaml.Node, source: str) -> None:
    """YAML-LIMIT/aliases when aliases add more than MAX_ALIAS_NODES values (each use of an
    anchor counting every value under it), at the anchored value that is used once too
    often; YAML-SYNTAX/too-deep for an anchor used inside itself. Linear in the nodes
    written: each node's expanded size is counted once."""
    _AliasCount(source).size(node)


class _AliasCount:
    """The state of ``_count_aliases``. (A nested function calling itself would be a
    reference cycle, freed only by the collector, which loading pauses.)"""

    def __init__(self, source: str) -> None:
        self.source = source
        self.sizes: dict[int, int] = {}
        self.added = 0

    def size(self, n: yaml.Node) -> int:
        known = self.sizes.get(id(n))
        if known is not None:
            if known < 0:   # an anchor used inside itself
                raise _too_deep(n.start_mark, self.source)
            self.added += known
            if self.added > MAX_ALIAS_NODES:
                raise YamlError.of("YAML-LIMIT", key="YAML-LIMIT/aliases",
                                   at=_span(n.start_mark, self.source), limit=MAX_ALIAS_NODES)
            return known
        self.sizes[id(n)] = -1
        total = 1
        if isinstance(n, yaml.SequenceNode):
            total += sum(self.size(item) for item in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(self.size(k) + self.size(v) for k, v in n.value)
        self.sizes[id(n)] = total
        return total


def load_yaml_with_marks(text: str, source: str = "<yaml>"
                         ) -> tuple[Any, dict[Path_, Span], dict[Path_, Span]]:
    """Parse YAML keeping where each value (and each mapping key) was written.

    Returns ``(data, marks, key_marks)``: ``marks[path]`` is the Span (in ``source``) of
    the value at ``path`` (a tuple of keys and list indexes), ``key_marks[path]`` that of
    its key."""
    if kept.active() and len(text) > KEPT_CHARS:
        kept.give_up()    # a pack this large: read (and parsed) anew each time
    if not kept.active():
        return _read(text, source)
    key = ("yaml", _code_digest(), source, MAX_DEPTH, MAX_ALIAS_NODES, MAX_VALUES,
           hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    # a pack's load (regel.load.build): its next load reads this back
    return kept.found_or_made(  # type: ignore[no-any-return]
        key, lambda: _read(text, source), lambda read: isinstance(read, tuple) and len(read) == 3)


def text_digest(text: str) -> bytes:
    """What the value load_yaml_with_marks gives for ``text`` is made of (its marks aside,
    which name the file): the text, this module's code, PyYAML's and the limits."""
    made_of = hashlib.sha256(f"{_code_digest()}|{MAX_DEPTH}|{MAX_ALIAS_NODES}|"
                             f"{MAX_VALUES}|".encode())
    made_of.update(text.encode("utf-8", "surrogatepass"))
    return made_of.digest()


def _read(text: str, source: str) -> tuple[Any, dict[Path_, Span], dict[Path_, Span]]:
    """The file's value and marks (see load_yaml_with_marks)."""
    try:
        return _parse(_Loader, text, source)
    except (yaml.YAMLError, RecursionError):
        pass  # parse again in pure Python for its (known, hinted) error message
    return _parse(_PyLoader, text, source, errors=True)


#: The longest YAML text a pack's load keeps read for its next load (``regel.base.kept``):
#: a longer one (a table of thousands of rules) is read anew each time
KEPT_CHARS = 256 * 1024


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What a YAML file kept read for a pack's next load is made from besides its text:
    this module's code, PyYAML's version and whether it has libyaml."""
    return kept.code_digest((__name__,), yaml.__version__.encode(),
                            str(yaml.__with_libyaml__).encode())


def _parse(cls: type, text: str, source: str, errors: bool = False
           ) -> tuple[Any, dict[Path_, Span], dict[Path_, Span]]:
    loader = _reader(cls, text, source)
    try:
        if not errors:
            built = _from_events(loader, source)
            if built is not None:
                return built
            loader.dispose()
            loader = _reader(cls, text, source)
            _check_events(cls, text, source)
        return _from_nodes(loader, source)
    except YamlError:
        raise
    except yaml.YAMLError:
        if not errors:
            raise
        return _report(sys.exc_info()[1], source)
    finally:
        loader.dispose()


def _reader(cls: type, text: str, source: str) -> Any:
    """A loader of ``cls`` reading ``text``, its errors placed in ``source``."""
    try:
        loader = cls(text)
    except yaml.reader.ReaderError as exc:   # a character YAML does not allow, such as NUL
        raise _bad_character(exc, text, source) from None
    loader.source = source
    return loader


def _from_nodes(loader: Any, source: str
                ) -> tuple[Any, dict[Path_, Span], dict[Path_, Span]]:
    """The file's value and marks built from its composed nodes: every file YAML allows
    (``_from_events`` reads most of them faster)."""
    node = loader.get_single_node()
    marks: dict[Path_, Span] = Marks(source)
    keys: dict[Path_, Span] = Marks(source)
    if node is None:
        return None, marks, keys
    _count_aliases(node, source)
    return _build(loader, node, (), marks, keys), marks, keys


_MERGE = "tag:yaml.org,2002:merge"
_UNTAGGED = (None, "!")
#: an open mapping's key not read yet; a scalar the node path must read
_NO_KEY, _HAND_OVER = object(), object()


class _Open:
    """A list or mapping being read: its value, path and start, and a mapping's key
    waiting for its value."""

    __slots__ = ("value", "path", "start", "key", "marks", "keys")

    def __init__(self, value: Any, path: Path_, start: Any) -> None:
        self.value, self.path, self.start = value, path, start
        self.key: Any = _NO_KEY
        #: the marks of its items (a list) or of its entries' values and keys (dicts)
        self.marks: Any = [] if value.__class__ is list else {}
        self.keys: dict[Any, Any] | None = None if value.__class__ is list else {}


def _from_events(loader: Any, source: str
                 ) -> tuple[Any, dict[Path_, Span], dict[Path_, Span]] | None:
    """The file's value and marks read straight from the parser's events, in one pass that
    also keeps the limits (as ``_check_events`` does): the same result as composing the
    nodes and building from them (``_build``), without the nodes, in about half the time.
    None for a file that needs the nodes (an anchor, an alias, a merge key ``<<``, a tag on
    a list or mapping, a list or mapping as a key, a scalar whose value cannot be made, a
    text with surrogate escapes, more than one document), which is then read that way."""
    marks = Marks(source)   # (a span as a tuple of PyYAML's marks)
    keys = Marks(source)
    stack: list[_Open] = []
    result: list[Any] = []
    count = depth = 0
    scalar, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    closing = _CLOSE_EVENTS
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind in closing:
            depth -= 1
            done = stack.pop()
            start, end = done.start, event.end_mark
            span = (start.line, start.column, end.line, end.column, start.index, end.index)
            if done.marks:    # (its items' and entries' marks: Marks.later)
                marks.later[done.path] = done.marks
            if done.keys:
                keys.later[done.path] = done.keys
            if not _place(done.value, span, stack, result, marks):
                return None
            continue
        if kind is not scalar and kind is not seq_start and kind is not map_start:
            if kind is yaml.AliasEvent or (kind is yaml.DocumentStartEvent and result):
                return None
            continue
        count += 1
        _within_limits(event, count, depth, source)
        if event.anchor is not None:
            return None
        if kind is scalar:
            value = _event_scalar(loader, event)
            if value is _HAND_OVER:
                return None
            start, end = event.start_mark, event.end_mark
            span = (start.line, start.column, end.line, end.column, start.index, end.index)
            if not _place(value, span, stack, result, marks):
                return None
            continue
        depth += 1
        opened = _opened(event, stack)
        if opened is None:
            return None
        stack.append(opened)
    return (result[0] if result else None), marks, keys


def _opened(event: Any, stack: list[_Open]) -> _Open | None:
    """The list or mapping the start ``event`` opens, inside the innermost open one; None
    when it has a tag or is a key (the node path reports or reads it)."""
    if event.tag not in _UNTAGGED:
        return None
    path: Path_ = ()
    if stack:
        top = stack[-1]
        if type(top.value) is list:
            path = top.path + (len(top.value),)
        elif top.key is _NO_KEY:
            return None     # a list or mapping as a key
        else:
            path = top.path + (top.key,)
    return _Open([] if type(event) is yaml.SequenceStartEvent else {}, path, event.start_mark)


def _event_scalar(loader: Any, event: Any) -> Any:
    """The value of a scalar event, as ``_construct`` makes it from its node;
    ``_HAND_OVER`` for one that needs the node path (a merge key, a text with surrogate
    escapes, a value that cannot be)."""
    tag = event.tag
    if tag in _UNTAGGED:
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        text = event.value
        return text if text.isascii() or _SURROGATE.search(text) is None else _HAND_OVER
    if tag == _MERGE:
        return _HAND_OVER
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return _construct(loader, node)
    except YamlError:
        return _HAND_OVER


def _place(value: Any, span: Any, stack: list[_Open], result: list[Any],
           marks: dict[Path_, Any]) -> bool:
    """Put a finished value where it belongs, with its mark: the next item of the open
    list, a key of the open mapping or that key's value, or the document. False for a
    key that the node path must report (one that cannot be a key, or is written twice)."""
    if not stack:
        marks[()] = span
        result.append(value)
        return True
    top = stack[-1]
    container = top.value
    if type(container) is list:
        top.marks.append(span)
        container.append(value)
        return True
    key = top.key
    if key is _NO_KEY:
        try:
            if value in container:
                return False
        except TypeError:
            return False
        top.keys[value] = span   # type: ignore[index]
        top.key = value
        return True
    top.marks[key] = span
    container[key] = value
    top.key = _NO_KEY
    return True


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                 yaml.AliasEvent)
_OPEN_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_events(cls: type, text: str, source: str) -> None:
    """The limits, found in the parser's events before any value is built (the events cost
    a tenth of building the values, and stop at a limit): YAML-LIMIT/values at the value
    that is one more than MAX_VALUES, YAML-SYNTAX/too-deep at the first value nested deeper
    than MAX_DEPTH (so that nothing deep is ever built by recursion). A syntax error stops
    the check: the parse that follows reports it."""
    counter = cls(text)
    try:
        count = depth = 0
        while counter.check_event():
            event = counter.get_event()
            if isinstance(event, _CLOSE_EVENTS):
                depth -= 1
            elif isinstance(event, _VALUE_EVENTS):
                count += 1
                _within_limits(event, count, depth, source)
                depth += isinstance(event, _OPEN_EVENTS)
    except yaml.YAMLError:
        return
    finally:
        counter.dispose()


def _within_limits(event: Any, count: int, depth: int, source: str) -> None:
    """YAML-SYNTAX/too-deep for a value nested ``depth`` deep past MAX_DEPTH, YAML-LIMIT/
    values for the value that is the ``count``-th past MAX_VALUES, at ``event``."""
    if depth > MAX_DEPTH:
        raise _too_deep(event.start_mark, source)
    if count > MAX_VALUES:
        raise YamlError.of("YAML-LIMIT", key="YAML-LIMIT/values",
                           at=_span(event.start_mark, source), limit=MAX_VALUES)


def _bad_character(exc: Any, text: str, source: str) -> YamlError:
    """YAML-SYNTAX/character at the character PyYAML's reader refused (its position)."""
    at = min(max(int(getattr(exc, "position", 0) or 0), 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    span = Span(line, column, line, column + 1, at, at + 1, source)
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return YamlError.of("YAML-SYNTAX", key="YAML-SYNTAX/character", at=span,
                        character=f"U+{code:04X}")


def _report(exc: Any, source: str) -> Any:
    try:
        raise exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context
        raise YamlError(_syntax(problem, _span(mark, source))) from None
    except yaml.YAMLError as exc:
        raise YamlError(_syntax(str(exc), Span.point(source))) from None


#: PyYAML's wording for a colon where no value may be
_MAPPING_VALUES = "mapping values are not allowed here"


def _syntax(problem: str | None, span: Span) -> Diagnostic:
    """YAML-SYNTAX for PyYAML's ``problem``: in our words where we know it, with the usual
    cause added where we can tell it, else PyYAML's own wording."""
    def syntax(key: str, **values: Any) -> Diagnostic:
        return Diagnostic.of("YAML-SYNTAX", at=span, key=key, **values)

    if not problem:
        return syntax("YAML-SYNTAX/invalid")
    if "'\\t'" in problem or "\t" in problem:
        return syntax("YAML-SYNTAX/tab")
    if problem == _MAPPING_VALUES:
        return syntax("YAML-SYNTAX/mapping-values")
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        return syntax("YAML-SYNTAX/brackets", problem=problem)
    return syntax("YAML-SYNTAX/parser", problem=problem)


def load_yaml(text: str, source: str = "<yaml>") -> Any:
    """Parse YAML text (JSON is YAML too) into plain data, or raise ``YamlError``."""
    return load_yaml_with_marks(text, source)[0]


def load_yaml_file(path: str | Path) -> Any:
    """``load_yaml`` of a file; ``YamlError`` also for a file that cannot be read."""
    text = read_text(path, what=YAML_FILE, error=YamlError)
    return load_yaml(text, str(Path(path)))
