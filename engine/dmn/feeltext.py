"""FEEL text of a rule pack rewritten as standard FEEL, for DMN tools, and the FEEL names
the export gives a pack's elements.

A pack in the regel dialect reads ``2024-07-01`` as a date and lets a table's cells name
an allowed value bare (``employed`` for ``"employed"``). A DMN tool reads the first as a
subtraction and the second as an unknown name, so the export writes ``date("2024-07-01")``
and ``"employed"``. The export names each element by its label (``feel_name``, the rule is
in docs/dmn.md), so every reference to a pack id is renamed, by the expression's spans;
the import renames them back (``rename_feel``). Everything else is kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from regel.feel import ast as feel_ast
from regel.feel.parser import BASE_NAMES, parse_expression, parse_unary_tests
from regel.feel.registry import BUILTINS

__all__ = ["standard_feel", "feel_string", "feel_name", "readable_name", "rename_feel",
           "references", "Unreadable", "RESERVED"]

#: FEEL's keywords: no name is one, and no name starts with one (DMN 1.3, 10.3.1.2)
KEYWORDS = frozenset({
    "if", "then", "else", "for", "in", "return", "some", "every", "satisfies", "and", "or",
    "between", "instance", "of", "not", "null", "true", "false", "function"})
#: names an element may not take: keywords, built-in functions, FEEL's own type names
RESERVED = KEYWORDS | frozenset(BUILTINS) | BASE_NAMES
#: DMN's additional name symbols a pack's names may hold too: not ' (regel's lexer has no
#: token for it) and not . (a pack's names may not hold it: it reads as a path)
_SYMBOLS = frozenset("-/+*")
_APOSTROPHES = frozenset("'\u2019")
#: DMN 1.3's NameStartChar ranges, without '?' (regel reads it as the input value)
_START_RANGES = ((0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF),
                 (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF),
                 (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF))
_WORD = re.compile(r"[^\W\d]\w*")


class Unreadable(Exception):  # noqa: N818 - a signal to the writer, never shown to a user
    """A text where the renamed names no longer read as the same references; ``names``
    are the pack ids renamed in it."""

    def __init__(self, names: set[str]) -> None:
        super().__init__(sorted(names))
        self.names = names


def feel_string(value: str) -> str:
    """``value`` as a FEEL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _start(c: str) -> bool:
    """A character DMN and regel's lexer both allow at the start of a name."""
    code = ord(c)
    dmn = c == "_" or "a" <= c.lower() <= "z" and c.isascii() or any(
        lo <= code <= hi for lo, hi in _START_RANGES)
    return dmn and re.match(r"[^\W\d]", c) is not None


def _part(c: str) -> bool:
    """A character DMN and regel's lexer both allow inside a name."""
    return _start(c) or "0" <= c <= "9"


def feel_name(label: str) -> str | None:
    """``label`` as a DMN 1.3 FEEL name, or None when nothing of it is left.

    Letters, digits and ``_`` are kept; ``- / + *`` right after one of them too (not at
    the end); an apostrophe is left out; a character with a plain form (``²`` -> ``2``) is
    written plain; anything else (brackets, commas, colons, full stops, dashes) parts
    words, and runs of spaces become one. A name cannot start with a digit: such a name
    gets ``_`` before it.
    """
    out: list[str] = []
    for c in unicodedata.normalize("NFC", label):
        if c in _APOSTROPHES:
            continue
        if _part(c) or (c in _SYMBOLS and out and _part(out[-1])):
            out.append(c)
            continue
        plain = unicodedata.normalize("NFKC", c)
        out.extend(plain if plain != c and all(_part(x) for x in plain) else " ")
    name = " ".join("".join(out).split()).rstrip(" -/+*")
    if not name:
        return None
    return name if _start(name[0]) else "_" + name


def _reads_back(name: str) -> bool:
    """Whether regel's parser reads ``name``, with it in scope, as that one name."""
    first = _WORD.match(name)
    if first is None or first.group(0) in KEYWORDS:
        return False
    try:
        tree = parse_expression(name, {name}, iso_dates=False)
    except Exception:  # noqa: BLE001 - any failure means: not a usable name
        return False
    return isinstance(tree, feel_ast.Name) and tree.name == name


def readable_name(label: str, taken: set[str] | frozenset[str]) -> str | None:
    """The element name of an element labelled ``label``: ``feel_name``, with `` 2``,
    `` 3``... after it when another element has it or FEEL reserves it; None when the label
    gives no name regel reads back as one name (then the element keeps its id)."""
    name = feel_name(label)
    if name is None or not _reads_back(name):
        return None
    k, out = 1, name
    while out in taken or out in RESERVED:
        k += 1
        out = f"{name} {k}"
    return out if _reads_back(out) else None


def references(tree: feel_ast.Node, known: set[str]) -> list[tuple[str, feel_ast.Name, bool]]:
    """(name, node, in a filter) for every name of ``known`` that ``tree`` reads from
    outside, in source order. Unlike ``free_names`` it looks inside filter conditions
    (where ``item`` is bound): a known name there is taken to be the element."""
    out: list[tuple[str, feel_ast.Name, bool]] = []
    _refs(tree, frozenset(), known, False, out)
    out.sort(key=lambda r: r[1].span.start_pos if r[1].span is not None else 0)
    return out


def _refs(node: feel_ast.Node | None, bound: frozenset[str], known: set[str], filtered: bool,
          out: list[tuple[str, feel_ast.Name, bool]]) -> None:
    if node is None:
        return
    if isinstance(node, feel_ast.Name):
        if node.name in known and node.name not in bound:
            out.append((node.name, node, filtered))
        return
    if isinstance(node, (feel_ast.For, feel_ast.Quantified)):
        inner = bound
        for it in node.iterations:
            _refs(it.domain, inner, known, filtered, out)
            _refs(it.end, inner, known, filtered, out)
            inner = inner | {it.name}
        if isinstance(node, feel_ast.For):
            _refs(node.body, inner | {"partial"}, known, filtered, out)
        else:
            _refs(node.condition, inner, known, filtered, out)
    elif isinstance(node, feel_ast.FunctionDef):
        _refs(node.body, bound | set(node.params), known, filtered, out)
    elif isinstance(node, feel_ast.ContextLit):
        inner = bound
        for key, value in node.entries:
            _refs(value, inner, known, filtered, out)
            inner = inner | {key}
    elif isinstance(node, feel_ast.Path):
        _refs(node.base, bound, known, filtered, out)   # the key is an entry's name
    elif isinstance(node, feel_ast.Filter):
        _refs(node.base, bound, known, filtered, out)
        _refs(node.condition, bound | {"item"}, known, True, out)
    else:
        for child in feel_ast.children(node):
            _refs(child, bound, known, filtered, out)


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def standard_feel(text: str, names: Iterable[str], *, tests: bool = False,
                  constants: dict[str, str] | None = None, iso_dates: bool = True,
                  rename: dict[str, str] | None = None) -> str:
    """``text`` (an expression, or unary tests when ``tests``) as standard FEEL.

    ``names`` are the names in scope; ``constants`` the allowed values a cell may name
    bare (name -> text); ``rename`` the element names the export gives them (pack id ->
    name). With ``iso_dates=False`` the text is standard FEEL already and only bare
    constants and renamed names are rewritten. Raises ``Unreadable`` when a renamed text
    would not read back as the same references."""
    names, constants, rename = set(names), constants or {}, rename or {}
    parse = parse_unary_tests if tests else parse_expression
    tree = parse(text, names | set(constants), iso_dates=iso_dates)
    edits: list[tuple[int, int, str]] = []
    if iso_dates:
        for node in feel_ast.walk(tree):
            if isinstance(node, feel_ast.Temporal) and node.span is not None and \
                    not text[node.span.start_pos:node.span.end_pos].startswith("@"):
                edits.append((node.span.start_pos, node.span.end_pos,
                              f'date("{node.value.isoformat()}")'))
    expected: list[str] = []
    for name, node, filtered in references(tree, names | set(constants)):
        span = node.span
        if name in names and name not in BUILTINS:
            expected.append(rename.get(name, name))
            if rename.get(name, name) != name:
                edits.append((span.start_pos, span.end_pos, rename[name]))
        elif name in constants and not filtered and name not in BUILTINS:
            edits.append((span.start_pos, span.end_pos, feel_string(constants[name])))
    out = _edit(text, edits)
    renamed = {n for n in names if rename.get(n, n) != n}
    if renamed & {n for n, _, _ in references(tree, renamed)}:
        scope = {rename.get(n, n) for n in names}
        try:
            again = parse(out, scope, iso_dates=False)
        except Exception:  # noqa: BLE001 - a name that breaks the text: the writer retries
            raise Unreadable(renamed) from None
        if [n for n, _, _ in references(again, scope) if n not in BUILTINS] != expected:
            raise Unreadable(renamed)
    return out


def rename_feel(text: str, scope: set[str], rename: dict[str, str], *, tests: bool = False
                ) -> tuple[str, list[tuple[int, int, int]]]:
    """Standard FEEL ``text`` with the names of ``rename`` renamed (the import of regel's
    own export: element names back to pack ids), and each edit as (start in the new text,
    its length there, its length in the old). Raises what the parser raises."""
    parse = parse_unary_tests if tests else parse_expression
    tree = parse(text, scope | set(rename), iso_dates=False)
    edits = [(node.span.start_pos, node.span.end_pos, rename[name])
             for name, node, _ in references(tree, set(rename))
             if name not in BUILTINS and node.span is not None]
    shifts: list[tuple[int, int, int]] = []
    moved = 0
    for start, end, new in sorted(edits):
        shifts.append((start + moved, len(new), end - start))
        moved += len(new) - (end - start)
    return _edit(text, edits), shifts
