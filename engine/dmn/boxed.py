"""DMN's boxed expressions as the FEEL text they mean: a context as ``{a: .., b: ..}``, a
relation as a list of contexts, a function definition as ``function(..) ..``, a
conditional as ``if .. then .. else ..`` and so on. Each ``<text>`` is a piece of the
whole with its own mark, so that a FEEL error still points into the ``<text>`` it is
in. A decision table inside another boxed expression cannot be said in FEEL text: it
becomes a table of the version, called as a function of the names in scope there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from regel.base.messages import Msg
from regel.dmn.feeltext import KEYWORDS, feel_string
from regel.source.xmltree import XmlMark, XmlNode

__all__ = ["BOXED_TAGS", "Pieces", "Translation", "context_key", "table_name", "translated"]

#: The boxed expressions this module translates (a decision table only inside another).
BOXED_TAGS = frozenset({"literalExpression", "context", "relation", "list", "functionDefinition",
                        "invocation", "conditional", "filter", "for", "some", "every"})

#: A name a context key or parameter may be written as, without quotes.
_NAME = re.compile(r"[^\W\d][\w'?]*( [\w'?]+)*")


def table_name(n: int) -> str:
    """The name of the ``n``-th table inside a decision's boxed expression."""
    return f"regel_table_{n}"


@dataclass
class Pieces:
    """FEEL text being put together, with where each ``<text>`` in it came from."""

    parts: list[str] = field(default_factory=list)
    size: int = 0
    pieces: list[tuple[int, int, XmlMark]] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def piece(self, text: str, mark: XmlMark) -> None:
        self.pieces.append((self.size, self.size + len(text), mark))
        self.add(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Translation:
    """What the reader gives the translation (its reporting and reading of texts), and
    the tables found inside: name -> (parameters, the <decisionTable>, its type node)."""

    dmn_children: Callable[[XmlNode], list[XmlNode]]
    literal_text: Callable[[XmlNode], str | None]
    text_mark: Callable[[XmlNode], XmlMark]
    unsupported: Callable[[XmlNode, Msg | None], None]
    error: Callable[..., None]
    tables: dict[str, tuple[tuple[str, ...], XmlNode, XmlNode | None]] = \
        field(default_factory=dict)

    def translate(self, node: XmlNode, out: Pieces, names: tuple[str, ...] = (),
                  top: bool = True) -> bool:
        """Write the FEEL of ``node`` to ``out`` (``names``: the local names in scope);
        False when it cannot be read (the problem is reported)."""
        if node.tag == "literalExpression":
            return self.literal(node, out, top)
        method = getattr(self, "t_" + node.tag, None) if node.tag in BOXED_TAGS or \
            node.tag == "decisionTable" else None
        if method is None:
            self.unsupported(node, None)
            return False
        ok: bool = method(node, out, names)
        return ok

    def literal(self, node: XmlNode, out: Pieces, top: bool) -> bool:
        text = self.literal_text(node)
        if text is None:
            return False
        if top:
            out.piece(text, self.text_mark(node))
            return True
        out.add("(")
        out.piece(text, self.text_mark(node))
        out.add("\n)" if "//" in text else ")")
        return True

    def inner(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        """The one boxed expression inside ``node`` (a context entry, a binding, the
        parts of a conditional or an iterator); ``null`` when there is none."""
        exprs = [c for c in self.dmn_children(node)
                 if c.tag not in ("variable", "parameter", "description", "extensionElements")]
        if not exprs:
            out.add("null")
            return True
        for extra in exprs[1:]:
            self.unsupported(extra, Msg("dmn.what.second-logic"))
            return False
        return self.translate(exprs[0], out, names, top=False)

    def part(self, node: XmlNode, tag: str, out: Pieces, names: tuple[str, ...]) -> bool:
        """The ``<tag>`` part of a conditional or an iterator (DMN-NO-LOGIC without it)."""
        child = node.child(tag)
        if child is None:
            self.error("DMN-NO-LOGIC", node, "DMN-NO-LOGIC/part", tag=node.tag, part=tag)
            return False
        return self.inner(child, out, names)

    def woven(self, node: XmlNode, out: Pieces,
              steps: list[str | tuple[str, tuple[str, ...]]]) -> bool:
        """FEEL text and parts of ``node`` in turn: a text is written as it is, a
        ``(tag, names)`` is the ``<tag>`` part translated with those names in scope."""
        for step in steps:
            if isinstance(step, str):
                out.add(step)
            elif not self.part(node, step[0], out, step[1]):
                return False
        return True

    # ---- the boxed expressions
    def t_context(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        entries = node.all("contextEntry")
        keys = [_entry_name(e) for e in entries]
        result = keys[-1] is None if keys else False
        for e, key in zip(entries[:-1], keys[:-1], strict=True):
            if key is None:
                self.error("DMN-CONTEXT-ENTRY", e)
                return False
        final = _free_key([k for k in keys if k is not None]) if result else ""
        out.add("{")
        scope = names
        for i, (e, key) in enumerate(zip(entries, keys, strict=True)):
            out.add((", " if i else "") + context_key(key if key is not None else final) + ": ")
            if not self.inner(e, out, scope):
                return False
            scope = (*scope, key or final)
        out.add("}")
        if result:
            out.add("." + final)
        return True

    def t_relation(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        columns = [c.attrib.get("name", "") for c in node.all("column")]
        out.add("[")
        for r, row in enumerate(node.all("row")):
            cells = [c for c in self.dmn_children(row)
                     if c.tag not in ("description", "extensionElements")]
            if len(cells) != len(columns):
                self.error("DMN-RELATION-ROW", row, row=r + 1, count=len(cells),
                           columns=len(columns))
                return False
            out.add((", " if r else "") + "{")
            for i, (column, cell) in enumerate(zip(columns, cells, strict=True)):
                out.add((", " if i else "") + feel_string(column) + ": ")
                if not self.translate(cell, out, names, top=False):
                    return False
            out.add("}")
        out.add("]")
        return True

    def t_list(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        items = [c for c in self.dmn_children(node)
                 if c.tag not in ("description", "extensionElements")]
        out.add("[")
        for i, item in enumerate(items):
            out.add(", " if i else "")
            if not self.translate(item, out, names, top=False):
                return False
        out.add("]")
        return True

    def t_functionDefinition(self, node: XmlNode, out: Pieces,  # noqa: N802 - DMN's tag
                             names: tuple[str, ...]) -> bool:
        params = tuple(p.attrib.get("name", "") for p in node.all("formalParameter"))
        kind = node.attrib.get("kind", "FEEL")
        if kind not in ("FEEL", "Java", "PMML"):
            self.unsupported(node, Msg("dmn.what.function-kind", {"kind": kind}))
            return False
        external = kind != "FEEL"    # Java runs regel's java.lang stand-in; PMML is an
        out.add("(function(" + ", ".join(params) + ") ")   # error when it is called
        if external:
            out.add(f"external {{{kind.lower()}: ")
        body = [c for c in self.dmn_children(node) if c.tag not in (
            "formalParameter", "description", "extensionElements")]
        if len(body) != 1:
            self.error("DMN-NO-LOGIC", node, "DMN-NO-LOGIC/function")
            return False
        if not self.translate(body[0], out, (*names, *params), top=False):
            return False
        out.add("})" if external else ")")
        return True

    def t_invocation(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        callee = self.dmn_children(node)
        if not callee or callee[0].tag != "literalExpression":
            self.unsupported(node, Msg("dmn.what.invocation-callee"))
            return False
        if not self.literal(callee[0], out, top=True):
            return False
        out.add("(")
        for i, b in enumerate(node.all("binding")):
            param = b.child("parameter")
            pname = param.attrib.get("name", "") if param is not None else ""
            out.add((", " if i else "") + f"{pname}: ")
            if not self.inner(b, out, names):
                return False
        out.add(")")
        return True

    # DMN 1.5's boxed conditional, filter and iterators are strict where FEEL's are not:
    # a condition that is neither boolean nor null makes the whole null (not false).
    def t_conditional(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        return self.woven(node, out, [
            "(function(regel_if) if regel_if = null or regel_if instance of boolean "
            "then (if regel_if then ", ("then", names), " else ", ("else", names),
            ") else null)(", ("if", names), ")"])

    def t_filter(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        match = ("match", (*names, "item", "regel_in"))
        return self.woven(node, out, [
            "(function(regel_in) if count(regel_in[not(", match, " = null or ", match,
            " instance of boolean)]) = 0 then regel_in[", match, "] else null)(",
            ("in", names), ")"])

    def iterator(self, node: XmlNode, out: Pieces, names: tuple[str, ...], last: str
                 ) -> bool:
        """``for``, and the ``for`` inside ``some`` and ``every``."""
        var = node.attrib.get("iteratorVariable", "")
        if not _NAME.fullmatch(var) or var.split(" ")[0] in KEYWORDS:
            self.error("DMN-ITERATOR-VARIABLE", node, tag=node.tag, name=var)
            return False
        return self.woven(node, out, [f"(for {var} in ", ("in", names), " return ",
                                      (last, (*names, var)), ")"])

    def t_for(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        return self.iterator(node, out, names, "return")

    def quantified(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        out.add("(function(regel_s) if count(regel_s[not(item = null or item instance of "
                f"boolean)]) = 0 then ({node.tag} regel_v in regel_s satisfies regel_v) "
                "else null)(")
        if not self.iterator(node, out, names, "satisfies"):
            return False
        out.add(")")
        return True

    def t_some(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        return self.quantified(node, out, names)

    def t_every(self, node: XmlNode, out: Pieces, names: tuple[str, ...]) -> bool:
        return self.quantified(node, out, names)

    def t_decisionTable(self, node: XmlNode, out: Pieces,  # noqa: N802 - DMN's tag
                        names: tuple[str, ...]) -> bool:
        """A table inside a boxed expression: a call of the version's table of that name
        with the local names in scope (its inputs and outputs may use them)."""
        name = table_name(len(self.tables) + 1)
        params = tuple(dict.fromkeys(names))
        self.tables[name] = (params, node, None)
        out.add(f"{name}({', '.join(params)})")
        return True


def _entry_name(entry: XmlNode) -> str | None:
    """The name of a context entry (its variable), None for the final result entry."""
    var = entry.child("variable")
    if var is None:
        return None
    return var.attrib.get("name", "")


def context_key(name: str) -> str:
    """A context key as FEEL writes it: a name that reads as one, else a string."""
    if _NAME.fullmatch(name) and name.split(" ")[0] not in KEYWORDS:
        return name
    return feel_string(name)


def _free_key(taken: list[str]) -> str:
    """A key for a context's final result that none of its entries has."""
    key = "result"
    while key in taken:
        key += "_"
    return key


def translated(t: Translation, node: XmlNode, names: tuple[str, ...] = ()
               ) -> tuple[str, list[Any]] | None:
    """The FEEL text of ``node`` and its pieces, or None (reported); ``names``: the
    parameters of the function it is the body of."""
    out = Pieces()
    if not t.translate(node, out, names):
        return None
    return out.text, out.pieces
