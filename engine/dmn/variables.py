"""Models written for a process engine (Camunda): names no element of the model declares.

Camunda evaluates a decision with the variables of its process: an input expression
``season`` reads the process variable ``season`` whatever ``<inputData>`` the model draws,
and a decision reads a required decision's result under its table's output names. In
such a model (``process_style``), ``settle`` makes each one-word name a decision reads
that the model does not define an implicit input of the pack, read from the case, and
each output name of a required decision a ``reads_outputs`` entry of the decision that
reads it. The rule and why: docs/dmn.md, "Process variables".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from regel.base.errors import RegelError, Span
from regel.feel import ast as feel_ast
from regel.feel.analysis import free_names
from regel.feel.parser import parse_expression, parse_unary_tests
from regel.source.xmltree import XmlMark, XmlNode

__all__ = ["process_style", "settle", "near"]

#: Camunda's namespaces (Camunda 7's extension attributes, Camunda 8's modeler) begin so.
CAMUNDA = "http://camunda.org/schema/"

#: The elements whose names a model defines (what an expression may read by name).
_NAMED = ("inputData", "decision", "businessKnowledgeModel", "decisionService", "import")


#: The keys a decision document begins with (as `regel import` writes it).
_FIRST = ("id", "label", "parameters", "requires", "optional", "reads_outputs")


def process_style(root: XmlNode) -> bool:
    """Whether the model reads its variables from a process: it has no ``<inputData>``
    at all, or it was written for Camunda (Camunda Modeler's ``exporter``, a Camunda
    namespace as the model's own or on any attribute), where input data only documents."""
    if not any(c.tag == "inputData" and c.namespace == root.namespace
               for c in root.children):
        return True
    if "camunda" in root.attrib.get("exporter", "").lower() or \
            root.attrib.get("namespace", "").startswith(CAMUNDA):
        return True
    return any(key.startswith("{" + CAMUNDA) for node in root.iter() for key in node.attrib)


def near(name: str, other: str) -> bool:
    """Whether ``name`` is ``other`` but for case, or (both of four letters or more) one
    letter added, left out, changed or two neighbours swapped: a likely typo."""
    if name.lower() == other.lower():
        return True
    a, b = name.lower(), other.lower()
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])


@dataclass(frozen=True, slots=True)
class _Model:
    """What the model defines, read from its XML."""

    defined: set[str]                   # inputs, decisions, knowledge models, services
    outputs: dict[str, list[str]]       # decision -> the names of its table's outputs
    #: names a variable's name must not be near: all but input data, which in a model
    #: made for Camunda only documents (its "Season" beside the variable ``season``)
    typo_targets: set[str]

    @classmethod
    def of(cls, root: XmlNode) -> _Model:
        defined: set[str] = set()
        targets: set[str] = set()
        outputs: dict[str, list[str]] = {}
        for node in root.children:
            if node.namespace != root.namespace or node.tag not in _NAMED:
                continue
            name = node.attrib.get("name", "")
            defined.add(name)
            if node.tag != "inputData":
                targets.add(name)
            table = node.child("decisionTable") if node.tag == "decision" else None
            if table is not None:
                outputs[name] = [o.attrib["name"] for o in table.all("output")
                                 if o.attrib.get("name")]
                targets.update(outputs[name])
        return cls(defined, outputs, targets)

    @staticmethod
    def cell_inputs(root: XmlNode) -> set[str]:
        """The names Camunda gives an input entry's input value (``cellInput``, or the
        column's ``camunda:inputVariable``): no case fact, and unsupported."""
        return {"cellInput"} | {v for node in root.iter() for k, v in node.attrib.items()
                                if k.startswith("{" + CAMUNDA) and k.endswith("}inputVariable")}

    def typo_of(self, name: str) -> bool:
        """Whether ``name`` is, or is near, a decision, knowledge model or output name
        (an output of a decision not required is no variable either)."""
        return any(near(name, k) for k in self.typo_targets)


def _texts(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """Every FEEL text of a decision: (path in the document, text, whether unary tests)."""
    for vi, v in enumerate(data.get("versions") or []):
        vpath = ("versions", vi)
        if isinstance(v.get("expression"), str):
            yield vpath + ("expression",), v["expression"], False
        table = v.get("table") or {}
        for i, col in enumerate(table.get("inputs") or []):
            yield vpath + ("table", "inputs", i, "expression"), col.get("expression", ""), False
        for ri, rule in enumerate(table.get("rules") or []):
            for key in ("when", "then"):
                for ci, cell in enumerate(rule.get(key) or []):
                    yield vpath + ("table", "rules", ri, key, ci), str(cell), key == "when"


def _table_values(data: dict[str, Any]) -> set[str]:
    """The texts a decision's tables allow (a cell may write one bare)."""
    out: set[str] = set()
    for v in data.get("versions") or []:
        table = v.get("table") or {}
        for col in (*(table.get("inputs") or []), *(table.get("outputs") or [])):
            out.update(x for x in col.get("allowed_values") or () if isinstance(x, str))
    return out


def _free(text: str, unary: bool, names: set[str]) -> list[tuple[str, Span]]:
    """The names ``text`` reads from outside, but for functions it calls; none when it
    does not parse (the loader reports that where it is written)."""
    try:
        tree: feel_ast.Node = (parse_unary_tests if unary else parse_expression)(text, names)
    except RegelError:
        return []
    # a function regel lacks (``is(a, b)``) is no variable a case could give
    called = {n.callee.name for n in feel_ast.walk(tree)
              if isinstance(n, feel_ast.Call) and isinstance(n.callee, feel_ast.Name)}
    return [(name, span) for name, span in free_names(tree) if name not in called]


def settle(root: XmlNode, pack: Any, decisions: list[Any], lines: list[str]) -> None:
    """Give the decisions (``Document``s) of a process-style model their implicit inputs
    and output names read (``reads_outputs``), and the pack document those inputs, each
    marked where it is first used."""
    model = _Model.of(root)
    cell_inputs = _Model.cell_inputs(root)
    first: dict[str, tuple[int, int]] = {}
    for doc in decisions:
        data = doc.data
        if data.get("parameters") is not None:
            continue   # a knowledge model reads its parameters only
        required = [d for d in (data.get("requires") or {}).get("decisions") or []]
        by_output = {o: d for d in reversed(required) for o in model.outputs.get(d, [])}
        known = model.defined | _table_values(data) | {"?"}
        names = model.defined | set(by_output)
        reads: dict[str, str] = {}
        implicit: dict[str, tuple[int, int]] = {}
        for path, text, unary in _texts(data):
            for name, span in _free(text, unary, names):
                if name in known or name in reads or name in implicit or (
                        unary and name in cell_inputs):
                    continue
                if name in by_output:
                    reads[name] = by_output[name]
                elif " " not in name and not model.typo_of(name):
                    mark = doc.marks.get(path)
                    implicit[name] = mark.position(lines, span.start_pos) if mark else (0, 0)
        if reads:
            data["reads_outputs"] = reads
        _require(doc, implicit)
        for key in [k for k in data if k not in _FIRST]:   # what it reads, then the rest
            data[key] = data.pop(key)
        for name, at in implicit.items():
            first[name] = min(first.get(name, at), at)
    _declare(pack, first)


def _require(doc: Any, implicit: dict[str, tuple[int, int]]) -> None:
    """The decision requires its implicit inputs (optional: a missing one is null)."""
    if not implicit:
        return
    req = doc.data.setdefault("requires", {})
    inputs = req.setdefault("inputs", [])
    optional = doc.data.setdefault("optional", [])
    for name, (line, col) in implicit.items():
        doc.marks[("requires", "inputs", len(inputs))] = XmlMark(Span.point(None, line, col))
        inputs.append(name)
        optional.append(name)


def _declare(pack: Any, first: dict[str, tuple[int, int]]) -> None:
    """The implicit inputs in the pack document, in the order they are first used."""
    for name, (line, col) in sorted(first.items(), key=lambda x: (x[1], x[0])):
        mark = XmlMark(Span.point(None, line, col))
        pack.marks[("inputs", name)] = pack.key_marks[("inputs", name)] = mark
        pack.data["inputs"][name] = {"type": "any", "label": {"da": name, "en": name},
                                     "implicit": True}
