"""Read a DMN 1.1–1.5 model into the documents of a rule pack, each value remembering where
in the XML it was written; the loader then checks them exactly as it checks YAML.
How DMN's elements map to a pack: docs/dmn.md.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from regel.base import errors
from regel.base.errors import PackError, RegelError, Span
from regel.base.messages import LANGUAGES, Msg, render
from regel.base.words import shown_path
from regel.dmn.boxed import BOXED_TAGS, Translation, context_key, translated
from regel.dmn.feeltext import rename_feel
from regel.dmn.variables import process_style, settle
from regel.dmn.vendors import signavio_multi_instance
from regel.feel import ast as feel_ast
from regel.feel import compile_expression
from regel.feel.analysis import free_names
from regel.feel.jsonio import exact_number
from regel.feel.parser import parse_unary_tests
from regel.feel.types import ANY, BUILTIN_TYPES, FeelType, context_of, function_of, list_of
from regel.source.files import read_bytes
from regel.source.xmltree import XmlMark, XmlNode, XmlSyntaxError, parse_xml

__all__ = ["DMN_NAMESPACES", "REGEL_NAMESPACE", "Document", "DmnDocuments", "read_dmn",
           "feel_type"]

#: The model namespace of each DMN version this reader accepts.
DMN_NAMESPACES = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
}
#: The namespace of regel's own extension elements (texts and versions of exported packs).
REGEL_NAMESPACE = "https://regel.dev/dmn/extension/1"

#: The day an imported decision's single version starts: DMN models have no validity.
IMPORT_VALID_FROM = _dt.date(1900, 1, 1)

_FEEL_LANGUAGES = {"", "feel", "https://www.omg.org/spec/DMN/20230324/FEEL/",
                   "https://www.omg.org/spec/DMN/20211108/FEEL/",
                   "https://www.omg.org/spec/DMN/20191111/FEEL/",
                   "http://www.omg.org/spec/DMN/20180521/FEEL/",
                   "http://www.omg.org/spec/FEEL/20140401"}

#: DMN type names (FEEL names and the XML Schema names DMN 1.1 used) -> pack types.
_BUILTIN_TYPES = {
    "number": "number", "decimal": "number", "integer": "number", "double": "number",
    "string": "string", "boolean": "boolean", "date": "date", "time": "time",
    "date and time": "date and time", "datetime": "date and time",
    "days and time duration": "days and time duration", "daytimeduration": "days and time duration",
    "duration": "days and time duration",
    "years and months duration": "years and months duration",
    "yearmonthduration": "years and months duration",
    "any": "any", "context": "context", "list": "list",
}

#: Elements that describe or draw a model but do not change what it decides.
_DOCUMENTARY = {"description", "extensionElements", "DMNDI", "textAnnotation", "association",
                "group", "elementCollection", "performanceIndicator", "organizationUnit",
                "knowledgeSource", "question", "allowedAnswers", "authorityRequirement",
                "supportedObjective", "impactedPerformanceIndicator", "decisionMaker",
                "decisionOwner", "usingProcess", "usingTask", "variable",
                "informationRequirement", "knowledgeRequirement"}

#: What each unsupported boxed expression is, for the error message (catalogue keys).
_BOXED = {"context": "dmn.what.boxed-context", "relation": "dmn.what.boxed-relation",
          "list": "dmn.what.boxed-list",
          "functionDefinition": "dmn.what.boxed-functionDefinition",
          "conditional": "dmn.what.boxed-conditional", "for": "dmn.what.boxed-for",
          "every": "dmn.what.boxed-every", "some": "dmn.what.boxed-some",
          "filter": "dmn.what.boxed-filter", "iterator": "dmn.what.boxed-iterator"}


@dataclass
class Document:
    """The data of one pack file, with the position of each value: path -> mark. ``types``
    holds the FEEL types DMN declares, which a pack's data cannot say: in a decision,
    ``("result",)`` (the types its result conforms to, in turn) and ``("parameters", i)``;
    in the pack, ``("inputs", name)``."""

    data: dict[str, Any]
    marks: dict[tuple[Any, ...], XmlMark] = field(default_factory=dict)
    key_marks: dict[tuple[Any, ...], XmlMark] = field(default_factory=dict)
    types: dict[tuple[Any, ...], Any] = field(default_factory=dict)


@dataclass
class DmnDocuments:
    """What was read. A decision (or input) with a problem the reader found is left out of
    ``decisions`` (``pack``) and its problems are kept in ``broken`` (``broken_inputs``), by
    name: the loader builds the rest of the model, and that decision fails alone."""

    path: Path
    shown: str
    lines: list[str]
    version: str
    pack: Document
    decisions: list[Document]
    broken: dict[str, list[errors.Diagnostic]] = field(default_factory=dict)
    broken_inputs: dict[str, list[errors.Diagnostic]] = field(default_factory=dict)
    #: what the model does that DMN allows but means nothing more (a requirement listed
    #: twice): it loads, and ``regel check`` shows these
    warnings: list[errors.Diagnostic] = field(default_factory=list)
    #: the model's item definitions as FEEL types, by name (``instance of`` names them)
    types: dict[str, FeelType] = field(default_factory=dict)
    #: an imported model's input by its pack id -> its namespace and its name there
    input_origins: dict[str, tuple[str, str]] = field(default_factory=dict)

    def problems(self) -> list[errors.Diagnostic]:
        """Every problem the reader found, inputs first, in the order of the file."""
        found = [d for ds in (*self.broken_inputs.values(), *self.broken.values())
                 for d in ds]
        return sorted(found, key=lambda d: (d.line or 0, d.column or 0))


def _local_type(type_ref: str) -> str:
    """``feel:number`` / ``xsd:string`` (DMN 1.1 QNames) -> ``number`` / ``string``."""
    return type_ref.split(":", 1)[1] if re.match(r"^(feel|xsd|FEEL|dmn)\:", type_ref) \
        else type_ref


def feel_type(type_ref: str | None) -> str | None:
    """The pack type of a built-in DMN type name, or None when it is not one."""
    if type_ref is None:
        return None
    return _BUILTIN_TYPES.get(_local_type(type_ref).strip().lower())


@dataclass
class _Type:
    type: str
    allowed_values: list[Any] | None = None
    allowed: str | None = None
    items: str | None = None
    fields: tuple[str, ...] = ()                 # component names of a structure
    feel: FeelType | None = None                 # the type values are conformed to


class _Reader:
    def __init__(self, path: Path, shown: str, root: XmlNode) -> None:
        self.path = path
        self.shown = shown
        self.root = root
        self.ns = root.namespace
        self.diagnostics: list[errors.Diagnostic] = []
        self.item_definitions: dict[str, XmlNode] = {}
        self.by_id: dict[str, XmlNode] = {}
        self.sources: dict[str, str] = {}          # knowledge source id -> citation
        #: the sources regel exported from a pack's registry, as pack data, by their id
        #: there; and each one's knowledge source id -> that id
        self.registry: dict[str, dict[str, Any]] = {}
        self.registry_ids: dict[str, str] = {}
        self.meta: dict[str, Any] = {}              # regel extension of <definitions>
        self.broken: dict[str, list[errors.Diagnostic]] = {}          # by decision name
        self.broken_inputs: dict[str, list[errors.Diagnostic]] = {}   # by input name
        self.warnings: list[errors.Diagnostic] = []
        self.service_inputs: set[str] = set()     # the input decisions of services
        self.imports: dict[str, str] = {}          # namespace -> the import's name
        self.imported_inputs: dict[str, Any] = {}  # inputs of imported models, by pack id
        #: an imported input's pack id -> the namespace and name it has in its own model
        self.input_origins: dict[str, tuple[str, str]] = {}
        self.chain: tuple[Path, ...] = (path.resolve(),)   # this model, those importing it

    # ---- reporting
    def error(self, code: str, at: XmlNode | XmlMark, key: str | None = None,
              **values: Any) -> None:
        """Report ``code`` (message ``key``, default the code) at an element or text."""
        self.diagnostics.append(errors.Diagnostic.of(
            code, at=at.span.in_file(self.shown), key=key, **values))

    def warn(self, code: str, at: XmlNode, key: str | None = None, **values: Any) -> None:
        """A warning at an element: the model still loads (``DmnDocuments.warnings``)."""
        self.warnings.append(errors.Diagnostic.of(
            code, at=at.span.in_file(self.shown), key=key, severity="warning", **values))

    def unsupported(self, node: XmlNode, what: Msg | None = None) -> None:
        """An element regel cannot read; ``what`` says what it is (default: by its tag)."""
        if what is None and node.tag in _BOXED:
            what = Msg(_BOXED[node.tag])
        if what is None:
            self.error("DMN-UNSUPPORTED", node, "DMN-UNSUPPORTED/element", tag=node.tag)
        else:
            self.error("DMN-UNSUPPORTED", node, "DMN-UNSUPPORTED/element-what", tag=node.tag,
                       what=what)

    def vendor_decision(self, node: XmlNode) -> bool:
        """A decision a vendor's extension makes something DMN has no words for (Signavio's
        multi-instance decision) is reported at that extension; whether it is one."""
        multi = signavio_multi_instance(node)
        if multi is not None:
            self.error("DMN-UNSUPPORTED", multi, "DMN-UNSUPPORTED/vendor", tag=multi.tag,
                       what=Msg("dmn.what.signavio-multi-instance"), vendor="Signavio")
        return multi is not None

    def owned(self, start: int, sink: dict[str, list[errors.Diagnostic]], name: str) -> bool:
        """Move the problems reported since ``start`` to ``sink[name]``: they belong to that
        decision or input alone. Whether there were any."""
        found = self.diagnostics[start:]
        if found:
            del self.diagnostics[start:]
            sink.setdefault(name, []).extend(found)
        return bool(found)

    # ---- helpers
    def is_dmn(self, node: XmlNode) -> bool:
        return node.namespace == self.ns

    def dmn_children(self, node: XmlNode) -> list[XmlNode]:
        return [c for c in node.children if self.is_dmn(c)]

    def regel_meta(self, node: XmlNode) -> dict[str, Any]:
        ext = node.child("extensionElements")
        if ext is None:
            return {}
        for c in ext.children:
            if c.namespace == REGEL_NAMESPACE and c.tag == "meta":
                try:
                    data = json.loads(c.text, parse_float=exact_number)
                except ValueError as exc:   # BeyondDecimal says it in the user's language
                    self.error("DMN-EXTENSION", c, reason=getattr(exc, "said", str(exc)))
                    return {}
                return data if isinstance(data, dict) else {}
        return {}

    def merge(self, read: dict[str, Any], meta: dict[str, Any], keys: tuple[str, ...]
              ) -> None:
        """regel's extension data over what was read from DMN, except where the model was
        edited in a DMN tool since: a text whose DMN form (in the pack's language) no
        longer matches the extension's is taken from DMN, in both languages."""
        lang = self.meta.get("default_language") or "en"
        for key, value in meta.items():
            if key in keys and isinstance(value, dict) and isinstance(read.get(key), dict) \
                    and read[key].get(lang) != value.get(lang):
                continue       # edited in a DMN tool: the edit wins
            read[key] = value

    def type_ref(self, node: XmlNode) -> str | None:
        """``typeRef`` as an attribute (DMN 1.2+) or a child element (1.1, item defs)."""
        if "typeRef" in node.attrib:
            return node.attrib["typeRef"]
        text = node.child_text("typeRef")
        return text or None

    def resolve_type(self, type_ref: str | None, at: XmlNode) -> _Type | None:
        """The pack type a typeRef names, with the FEEL type values are conformed to; None
        (reported) when it names no type regel can read."""
        typ = self.pack_type(type_ref, at)
        if typ is None or type_ref is None:
            return typ
        return replace(typ, feel=self.feel_of(type_ref))

    def pack_type(self, type_ref: str | None, at: XmlNode, seen: frozenset[str] = frozenset()
                  ) -> _Type | None:
        if type_ref is None:
            return None
        builtin = feel_type(type_ref)
        if builtin is not None:
            return _Type(builtin)
        name = _local_type(type_ref)
        item = self.item_definitions.get(name)
        if item is None and ":" in name:
            # a DMN 1.1 QName with another prefix: the model's own (tns:tLoan) or FEEL's
            name = name.rsplit(":", 1)[1]
            if feel_type(name) is not None:
                return _Type(feel_type(name))  # type: ignore[arg-type]
            item = self.item_definitions.get(name)
        if item is not None and name in seen:
            self.error("DMN-UNKNOWN-TYPE", at, "DMN-UNKNOWN-TYPE/circular", type=type_ref)
            return None
        if item is None:
            self.error("DMN-UNKNOWN-TYPE", at, type=type_ref)
            return None
        return self.item_type(item, seen | {name})

    def item_type(self, item: XmlNode, seen: frozenset[str] = frozenset()) -> _Type | None:
        if item.child("functionItem") is not None:
            return _Type("any")       # a function: its FEEL type is read by feel_of
        base: _Type | None
        if item.all("itemComponent"):
            base = _Type("context", fields=tuple(c.attrib.get("name", "")
                                                 for c in item.all("itemComponent")))
        else:
            inner = self.type_ref(item)
            base = self.pack_type(inner, item.child("typeRef") or item, seen) if inner \
                else _Type("any")
            if base is None:
                return None
        # allowedValues and (DMN 1.5) typeConstraint both restrict the values; a list of
        # texts or numbers becomes allowed_values, other unary tests the 'allowed' test
        values, allowed = base.allowed_values, base.allowed
        for tag in ("allowedValues", "typeConstraint"):
            constraint = item.child(tag)
            text = constraint.child_text("text") if constraint is not None else None
            if constraint is None or not text:
                continue
            listed = self.literal_list(text)
            if listed is not None and base.type in ("string", "number"):
                values = listed
            elif allowed is None:
                allowed = text
            else:
                self.unsupported(constraint, Msg("dmn.what.second-constraint"))
                return None
        if item.attrib.get("isCollection") == "true":
            # the constraints are the items': a table's outputs use them (see table())
            return _Type("list", values, allowed,
                         items=base.type if base.type not in ("list",) else None)
        return _Type(base.type, values, allowed, base.items, base.fields)

    def feel_of(self, type_ref: str | None, seen: frozenset[str] = frozenset()) -> FeelType:
        """The FEEL type a typeRef names: a built-in type or an item definition (by name).
        Any for a name that names none (reported where the typeRef is read) and for a type
        defined by itself."""
        if not type_ref:
            return ANY
        builtin = feel_type(type_ref)
        name = _local_type(type_ref)
        if builtin is None and name not in self.item_definitions and ":" in name:
            name = name.rsplit(":", 1)[1]      # a DMN 1.1 QName: tns:tLoan
            builtin = feel_type(name)
        if builtin is not None:
            # DMN 1.1's xsd:duration is either kind of duration
            return ANY if name.strip().lower() == "duration" else \
                BUILTIN_TYPES.get(builtin, ANY)
        item = self.item_definitions.get(name)
        if item is None or name in seen:
            return ANY
        return self.definition_feel(item, seen | {name}).named(name)

    def definition_feel(self, item: XmlNode, seen: frozenset[str]) -> FeelType:
        """An itemDefinition (or an itemComponent of one) as a FEEL type."""
        function = item.child("functionItem")
        base: FeelType
        if function is not None:
            base = function_of([self.feel_of(self.type_ref(p), seen)
                                for p in function.all("parameters")],
                               self.feel_of(function.attrib.get("outputTypeRef"), seen))
        elif item.all("itemComponent"):
            base = context_of((c.attrib.get("name", ""), self.definition_feel(c, seen))
                              for c in item.all("itemComponent"))
        else:
            base = self.feel_of(self.type_ref(item), seen)
        return list_of(base) if item.attrib.get("isCollection") == "true" else base

    def literal_list(self, text: str) -> list[Any] | None:
        """``"a", "b", 3`` as [a, b, 3]; None when the tests are not all plain literals."""
        try:
            tests = parse_unary_tests(text, ())
        except Exception:  # noqa: BLE001 - a bad list is reported where it is compiled
            return None
        if tests.any or tests.negated:
            return None
        out: list[Any] = []
        for t in tests.tests:
            node = t.value if isinstance(t, feel_ast.UnaryComparison) and t.op == "=" else t
            if isinstance(node, (feel_ast.String, feel_ast.Number)):
                out.append(node.value)
            else:
                return None
        return out

    def constant(self, text: str, at: XmlNode) -> Any:
        """The value of a constant FEEL expression (a default output entry); None for null."""
        try:
            compiled = compile_expression(text, set())
            names = free_names(compiled.ast)
            if not names:
                return compiled.evaluate({}).value
            problem = Msg("dmn.default.uses-name", {"name": names[0][0]})
        except RegelError as err:
            problem = Msg(err.first.key or err.first.code, err.first.values)
        self.error("DMN-DEFAULT", at, entry=text, problem=problem)
        return None

    def href(self, node: XmlNode) -> XmlNode | None:
        ref = node.attrib.get("href", "")
        own = self.root.attrib.get("namespace")
        if own and ref.startswith(own + "#"):   # this model's own namespace, written out
            ref = ref[len(own):]
        space = ref.partition("#")[0]
        if space in self.imports:   # an element of an imported model: read through its name
            return XmlNode(self.ns, "import", {"name": self.imports[space]}, node.span)
        if not ref.startswith("#"):
            self.error("DMN-UNSUPPORTED", node, "DMN-UNSUPPORTED/reference", ref=ref)
            return None
        target = self.by_id.get(ref[1:])
        if target is None:
            self.error("DMN-UNKNOWN-REFERENCE", node, ref=ref)
        return target

    # ---- the model
    def read(self) -> tuple[Document, list[Document]]:
        defs = self.root
        for node in defs.iter():
            if "id" in node.attrib and self.is_dmn(node):
                self.by_id.setdefault(node.attrib["id"], node)
        self.meta = self.regel_meta(defs)
        self.foreign_versions(defs)
        inputs: list[XmlNode] = []
        decisions: list[XmlNode] = []
        bkms: list[XmlNode] = []
        services: list[XmlNode] = []
        imports: list[XmlNode] = []
        for node in defs.children:
            if not self.is_dmn(node):
                continue  # DMNDI and vendor extensions draw the model; they decide nothing
            if node.tag == "itemDefinition":
                self.item_definitions[node.attrib.get("name", "")] = node
            elif node.tag == "inputData":
                inputs.append(node)
            elif node.tag == "decision":
                decisions.append(node)
            elif node.tag == "businessKnowledgeModel":
                bkms.append(node)
            elif node.tag == "knowledgeSource":
                self.knowledge_source(node)
            elif node.tag == "decisionService":
                services.append(node)
            elif node.tag == "import":
                imports.append(node)
            elif node.tag not in _DOCUMENTARY:
                self.unsupported(node)

        self.service_inputs = {self.by_id[r.attrib.get("href", "")[1:]].attrib.get("name", "")
                               for n in services for r in n.all("inputDecision")
                               if r.attrib.get("href", "")[1:] in self.by_id}
        docs = []
        for node in imports:   # a problem of an import breaks what needs it, not the rest
            start = len(self.diagnostics)
            found = self.imported(node)
            if not self.owned(start, self.broken, node.attrib.get("name", "")):
                docs += found
        pack = self.pack_document(defs, inputs)
        pack.data["inputs"].update(self.imported_inputs)
        for node in bkms + decisions + services:
            start = len(self.diagnostics)
            doc = None if self.vendor_decision(node) else self.service_document(node) \
                if node.tag == "decisionService" else self.decision_document(node)
            if not self.owned(start, self.broken, node.attrib.get("name", "")) and doc:
                docs.append(doc)
        return pack, _fold_versions(docs)

    def import_file(self, node: XmlNode, namespace: str) -> Path | None:
        """The model an <import> names: its locationURI beside this file, else the model
        of that namespace in this file's folder."""
        where = node.attrib.get("locationURI")
        if where and "/" not in where.replace("\\", "/") and (self.path.parent / where).is_file():
            return self.path.parent / where
        for candidate in sorted(self.path.parent.glob("*.dmn")):
            if candidate.resolve() == self.path.resolve():
                continue
            try:
                head = read_bytes(candidate, what="a DMN file")[:4096].decode(
                    "utf-8", errors="replace")
            except RegelError:
                continue
            if f'namespace="{namespace}"' in head.split("<definitions", 1)[-1].split(">", 1)[0]:
                return candidate
        return None

    def imported(self, node: XmlNode) -> list[Document]:
        """The decisions of a DMN model this one imports, each named ``<import>_<name>``,
        and a decision named as the import whose value is a context of them (so that
        ``myimport.Say Hello`` reads as in DMN); its inputs go to ``imported_inputs``."""
        name, space = node.attrib.get("name", ""), node.attrib.get("namespace", "")
        self.imports[space] = name    # what refers into it needs it, also when it is broken
        path = self.import_file(node, space)
        if path is None:
            self.error("DMN-IMPORT", node, "DMN-IMPORT/not-found", name=name, namespace=space)
            return []
        if path.resolve() in self.chain:    # a model that imports itself, through others
            self.error("DMN-IMPORT", node, "DMN-IMPORT/cycle", name=name, file=path.name)
            return []
        try:
            root = parse_xml(read_bytes(path, what="a DMN file"))
        except RegelError as err:
            self.error("DMN-IMPORT", node, name=name, file=_place(path, err.first),
                       problem=Msg(err.first.key or err.first.code, err.first.values))
            return []
        sub = _Reader(path, shown_path(str(path)), root)
        sub.chain = (*self.chain, path.resolve())
        pack, docs = sub.read()
        problems = sub.diagnostics + [d for ds in (*sub.broken.values(),
                                                   *sub.broken_inputs.values()) for d in ds]
        if problems:
            self.error("DMN-IMPORT", node, name=name, file=_place(path, problems[0]),
                       problem=Msg(problems[0].key or problems[0].code, problems[0].values))
            return []
        for key, item in sub.item_definitions.items():
            self.item_definitions[f"{name}.{key}"] = item
        inputs = pack.data.get("inputs") or {}
        rename = {n: f"{name}_{n}" for n in (*inputs, *(d.data["id"] for d in docs))}
        scope = set(rename) | {f for spec in inputs.values() for f in spec.get("fields", {})} \
            | {f for d in docs for f in d.data.get("fields") or {}}   # modelA.Greet the Person
        for doc in docs:
            _rename_decision(doc, rename, scope)
        self.imported_inputs.update({rename[n]: spec for n, spec in inputs.items()})
        self.input_origins.update({rename[n]: sub.input_origins.get(n, (space, n))
                                   for n in inputs})
        entries = ", ".join(f"{context_key(n)}: {new}" for n, new in rename.items())
        joined = Document({"id": name, "label": _text(name), "versions": [{
            "valid_from": IMPORT_VALID_FROM, "source": f"DMN model {path.name}",
            "expression": "{" + entries + "}"}], "requires": {
            "inputs": [rename[n] for n in inputs], "decisions": [
                d.data["id"] for d in docs]}, "optional": [rename[n] for n in inputs],
            "fields": {n: _text(n) for n in rename}},
            {(): node.mark, ("id",): node.mark})
        return [*docs, joined]

    def foreign_versions(self, node: XmlNode) -> None:
        """An element of another DMN version's namespace inside this model is an error:
        it would otherwise be passed over as if it were a vendor extension."""
        for child in node.children:
            if child.namespace in DMN_NAMESPACES and child.namespace != self.ns:
                self.error("DMN-NAMESPACE", child, "DMN-NAMESPACE/mixed", tag=child.tag,
                           version=DMN_NAMESPACES[child.namespace],
                           model=DMN_NAMESPACES[self.ns])
            else:
                self.foreign_versions(child)

    def pack_document(self, defs: XmlNode, inputs: list[XmlNode]) -> Document:
        name = defs.attrib.get("name") or self.path.stem
        doc = Document({}, {(): defs.mark})
        data: dict[str, Any] = {
            "id": _slug(name), "title": {"da": name, "en": name}, "version": "1.0.0",
            "jurisdiction": "unspecified", "source": f"DMN model {self.path.name}",
            "feel_dialect": "dmn", "inputs": {}}
        data.update({k: v for k, v in self.meta.items() if k not in ("inputs", "as_of_input")})
        if self.registry:
            data["sources"] = dict(self.registry)
        for node in inputs:
            var = node.child("variable")
            iname = node.attrib.get("name") or (var.attrib.get("name") if var else "") or ""
            if iname == self.meta.get("as_of_input"):
                continue   # regel's as-of date, given to DMN tools; regel has its own
            start = len(self.diagnostics)
            spec = self.input_spec(node, var, iname, doc)
            if not self.owned(start, self.broken_inputs, iname) and spec is not None:
                data["inputs"][iname] = spec
        doc.data = data
        return doc

    def input_spec(self, node: XmlNode, var: XmlNode | None, iname: str, doc: Document
                   ) -> dict[str, Any] | None:
        """One <inputData> as a pack input; None when regel cannot read its type."""
        path = ("inputs", iname)
        doc.marks[path] = doc.key_marks[path] = node.mark
        typ = self.resolve_type(self.type_ref(var) if var is not None else None,
                                var or node) or _Type("any")
        spec: dict[str, Any] = {"type": typ.type,
                                "label": _text(node.attrib.get("label") or iname)}
        if typ.feel is not None:
            doc.types[path] = typ.feel
        desc = node.child_text("description")
        if desc:
            spec["description"] = _text(desc)
        if typ.allowed_values is not None:
            spec["allowed_values"] = typ.allowed_values
        if typ.allowed is not None:
            spec["allowed"] = typ.allowed
        if typ.items is not None:
            spec["items"] = typ.items
        if typ.fields:   # reports name the fields; FEEL paths may use names with spaces
            spec["fields"] = {f: _text(f) for f in typ.fields}
        self.merge(spec, (self.meta.get("inputs") or {}).get(iname, {}), ("label",))
        return spec

    def requirements(self, node: XmlNode, doc: Document) -> tuple[list[str], list[str]]:
        """The inputs and decisions (and business knowledge models) ``node`` requires. One
        listed twice is read once, with a warning: editors write that, and it means no more
        than once."""
        req_inputs: list[str] = []
        req_decisions: list[str] = []
        for tag in ("informationRequirement", "knowledgeRequirement"):
            for r in node.all(tag):
                for ref in r.children:
                    if ref.tag not in ("requiredInput", "requiredDecision", "requiredKnowledge"):
                        continue  # a description or extension of the requirement
                    target = self.href(ref)
                    if target is None:
                        continue
                    name = target.attrib.get("name", "")
                    if target.tag == "import":    # the context of an imported model
                        if name not in req_decisions:
                            req_decisions.append(name)
                            doc.marks[("requires", "decisions", len(req_decisions) - 1)] = \
                                ref.mark
                        continue
                    if name in (req_inputs if ref.tag == "requiredInput" else req_decisions):
                        self.warn("DMN-DUPLICATE-REQUIREMENT", ref, tag=ref.tag, name=name,
                                  decision=node.attrib.get("name", ""))
                        continue
                    if ref.tag == "requiredInput":
                        req_inputs.append(name)
                        doc.marks[("requires", "inputs", len(req_inputs) - 1)] = ref.mark
                    else:
                        req_decisions.append(name)
                        doc.marks[("requires", "decisions", len(req_decisions) - 1)] = ref.mark
        return req_inputs, req_decisions

    def knowledge_source(self, node: XmlNode) -> None:
        """A knowledge source: a citation by its name and address; one regel exported
        from a pack's registry (its extension data names it) also goes back into the
        registry, with its name and address as a DMN tool may have edited them."""
        kid, name = node.attrib.get("id", ""), node.attrib.get("name", "")
        url = node.attrib.get("locationURI")
        self.sources[kid] = name + (f" ({url})" if url else "")
        meta = self.regel_meta(node)
        sid = meta.get("pack_id")
        if not isinstance(sid, str):
            return
        entry: dict[str, Any] = {k: meta[k] for k in ("title", "short", "issuer", "number", "date",
                                      "language") if k in meta}
        title, lang = meta.get("title"), self.meta.get("default_language") or "en"
        if not (isinstance(title, dict) and title.get(lang) == name):
            entry["title"] = _text(name)    # renamed in a DMN tool: the new name wins
        if url:
            entry["url"] = url
        self.registry[sid] = entry
        self.registry_ids[kid] = sid

    def authority_refs(self, node: XmlNode) -> set[str]:
        """The registry ids of the knowledge sources ``node`` requires."""
        refs = set()
        for r in node.all("authorityRequirement"):
            for ref in r.children:
                target = self.href(ref) if ref.tag == "requiredAuthority" else None
                if target is not None and target.attrib.get("id", "") in self.registry_ids:
                    refs.add(self.registry_ids[target.attrib.get("id", "")])
        return refs

    def source(self, node: XmlNode) -> str:
        cited = []
        for r in node.all("authorityRequirement"):
            for ref in r.children:
                if ref.tag != "requiredAuthority":
                    continue   # an authority on a decision or input documents, it decides not
                target = self.href(ref)
                if target is not None and target.tag == "knowledgeSource":
                    cited.append(self.sources[target.attrib.get("id", "")])
        if cited:
            return "; ".join(cited)
        return f"DMN model {self.path.name}, {node.tag} '{node.attrib.get('name', '')}'"

    def decision_document(self, node: XmlNode) -> Document | None:
        """A decision, or a business knowledge model (a decision with parameters)."""
        name = node.attrib.get("name", "")
        bkm = node.tag == "businessKnowledgeModel"
        doc = Document({}, {(): node.mark, ("id",): node.mark})
        doc.key_marks[("id",)] = node.mark
        req_inputs, req_decisions = self.requirements(node, doc)
        var = node.child("variable")
        typ = self.resolve_type(self.type_ref(var), var) if var is not None and \
            self.type_ref(var) and not bkm else None
        version: dict[str, Any] = {"valid_from": IMPORT_VALID_FROM, "source": self.source(node)}
        vpath = ("versions", 0)
        doc.marks[vpath] = node.mark
        params: list[str] = []
        if bkm:
            logic = self.encapsulated_logic(node, name, doc)
            if logic is None:
                return None
            params = [p.attrib.get("name", "") for p in
                      node.child("encapsulatedLogic").all("formalParameter")]  # type: ignore[union-attr]
            if logic[0].attrib.get("typeRef"):
                typ = self.resolve_type(logic[0].attrib["typeRef"], logic[0])
            self.parameter_types(node, doc)
        else:
            logic = [c for c in self.dmn_children(node) if c.tag not in _DOCUMENTARY]
            if not logic and name in self.service_inputs:
                # a service's caller gives its value; evaluated alone it is null
                self.warn("DMN-NO-LOGIC", node, "DMN-NO-LOGIC/service-input", name=name)
                logic = [XmlNode(node.namespace, "literalExpression", {}, node.span)]
            if not logic:
                self.error("DMN-NO-LOGIC", node, "DMN-NO-LOGIC/decision", name=name)
                return None
            for extra in logic[1:]:
                self.unsupported(extra, Msg("dmn.what.second-logic"))
        self.unchecked: list[str] = []
        if typ is not None and (typ.allowed or (typ.allowed_values is not None and
                                                logic[0].tag != "decisionTable")):
            self.unchecked.append(f"{name}: {typ.allowed or typ.allowed_values}")
        if not self.logic(logic[0], version, doc, vpath, typ, name, tuple(params)):
            return None
        self.result_types(logic[0], typ, doc, bkm)
        if self.unchecked:   # said in every explanation (as an interpretation), not dropped
            shown = {"constraints": "; ".join(dict.fromkeys(self.unchecked))}
            version["interpretation"] = {lang: render("dmn.unchecked-constraint", lang, shown)
                                         for lang in LANGUAGES}
        data: dict[str, Any] = {"id": name, "label": _text(node.attrib.get("label") or name)}
        if bkm:
            data["parameters"] = params
        data["requires"] = {"inputs": req_inputs, "decisions": req_decisions}
        if req_inputs:
            data["optional"] = list(req_inputs)
        data["versions"] = [version]
        question = node.child_text("question")
        if question:
            data["question"] = _text(question)
        self.decision_meta(node, data, version)
        doc.data = data
        return doc

    def parameter_types(self, bkm: XmlNode, doc: Document) -> None:
        """The declared types of a business knowledge model's parameters (its arguments
        are conformed to them)."""
        logic = bkm.child("encapsulatedLogic")
        for i, p in enumerate(logic.all("formalParameter") if logic is not None else []):
            ref = self.type_ref(p)
            if ref and self.resolve_type(ref, p) is not None:
                doc.types[("parameters", i)] = self.feel_of(ref)

    def result_types(self, logic: XmlNode, typ: _Type | None, doc: Document, bkm: bool
                     ) -> None:
        """The types a decision's result is conformed to, in turn: its expression's own
        typeRef (a literal expression's or an invocation's), then its variable's."""
        types = []
        ref = logic.attrib.get("typeRef")
        if not bkm and ref and logic.tag in ("literalExpression", "invocation") and \
                self.resolve_type(ref, logic) is not None:
            types.append(self.feel_of(ref))
        if logic.tag == "decisionTable" and logic.attrib.get("aggregation"):
            # COLLECT with an aggregation: a count is a number whatever the outputs are,
            # and editors (regel's export too) declare the outputs' type
            typ = None
        if typ is not None and typ.feel is not None:
            # a table that collects its rules' outputs into a list, declared with the type
            # of one output (as editors write it): the list of that type
            collects = logic.tag == "decisionTable" and not logic.attrib.get("aggregation") \
                and logic.attrib.get("hitPolicy") in ("COLLECT", "RULE ORDER", "OUTPUT ORDER")
            types.append(list_of(typ.feel) if collects and not typ.feel.is_list
                         and typ.feel.kind != "Any" else typ.feel)
        if types:
            doc.types[("result",)] = tuple(types)

    def service_document(self, node: XmlNode) -> Document | None:
        """A decision service: a function of its input data, then its input decisions
        (as the DMN TCK calls them), that evaluates its output decisions (and those they
        need) with those values."""
        name = node.attrib.get("name", "")
        doc = Document({}, {(): node.mark, ("id",): node.mark})
        doc.key_marks[("id",)] = node.mark
        parts: dict[str, list[str]] = {}
        for tag, key in (("outputDecision", "outputs"), ("encapsulatedDecision", "encapsulated"),
                         ("inputDecision", "input_decisions"), ("inputData", "input_data")):
            parts[key] = []
            for ref in node.all(tag):
                target = self.href(ref)
                if target is not None:
                    parts[key].append(target.attrib.get("name", ""))
        if not node.all("outputDecision"):
            self.error("DMN-NO-LOGIC", node, "DMN-NO-LOGIC/service", name=name)
            return None
        version = {"valid_from": IMPORT_VALID_FROM, "source": self.source(node),
                   "expression": "null"}
        doc.marks[("versions", 0)] = node.mark
        service: dict[str, Any] = dict(parts)
        typ = self.service_type(node.child("variable"))
        if typ is not None:
            service["type"] = typ
        doc.data = {"id": name, "label": _text(node.attrib.get("label") or name),
                    "parameters": parts["input_data"] + parts["input_decisions"],
                    "service": service, "requires": {"inputs": [], "decisions": []},
                    "versions": [version]}
        return doc

    def service_type(self, var: XmlNode | None) -> str | None:
        """The built-in type of what a decision service gives: its variable's type, or
        the output type of the function type it names."""
        ref = self.type_ref(var) if var is not None else None
        item = self.item_definitions.get(_local_type(ref)) if ref else None
        function = item.child("functionItem") if item is not None else None
        if function is not None:
            ref = function.attrib.get("outputTypeRef")
        return feel_type(ref)

    def decision_meta(self, node: XmlNode, data: dict[str, Any], version: dict[str, Any]
                      ) -> None:
        """regel's extension data of a decision over what was read from DMN."""
        meta = self.regel_meta(node)
        self.merge(data, {k: v for k, v in meta.items() if k not in ("version", "versions")},
                   ("label", "question"))
        if isinstance(meta.get("version"), dict):
            read_source = version["source"]
            version.update(meta["version"])
            if not read_source.startswith("DMN model ") and read_source != version["source"] \
                    and not self.still_cited(node, version["source"]):
                version["source"] = read_source   # the knowledge source was edited in DMN
            version["valid_from"] = _date(version["valid_from"])
            if version.get("valid_to"):
                version["valid_to"] = _date(version["valid_to"])

    def still_cited(self, node: XmlNode, source: Any) -> bool:
        """Whether the citations regel's extension data gives a version are of sources the
        decision still requires (not edited away in a DMN tool)."""
        if not isinstance(source, list):
            return False
        refs = {c.get("ref") for c in source if isinstance(c, dict)}
        return refs <= self.authority_refs(node)

    def encapsulated_logic(self, node: XmlNode, name: str, doc: Document
                           ) -> list[XmlNode] | None:
        """The body of a business knowledge model's function, checked."""
        logic = node.child("encapsulatedLogic")
        body = [c for c in self.dmn_children(logic) if c.tag not in (
            "formalParameter", "description", "extensionElements")] if logic else []
        if logic is None or len(body) != 1:
            self.error("DMN-NO-LOGIC", node, "DMN-NO-LOGIC/bkm", name=name)
            return None
        if logic.attrib.get("kind", "FEEL") != "FEEL":
            self.unsupported(logic, Msg("dmn.what.function-kind", {"kind": logic.attrib["kind"]}))
            return None
        for i, p in enumerate(logic.all("formalParameter")):
            doc.marks[("parameters", i)] = p.mark
        return body

    # ---- decision logic
    def logic(self, node: XmlNode, version: dict[str, Any], doc: Document,
              vpath: tuple[Any, ...], typ: _Type | None, name: str,
              params: tuple[str, ...] = ()) -> bool:
        if node.tag == "literalExpression":
            text = self.literal_text(node)
            if text is None:
                return False
            version["expression"] = text
            doc.marks[vpath + ("expression",)] = _text_mark(node)
            if typ is not None and typ.type not in ("context",):
                version["type"] = typ.type
            return True
        if node.tag == "invocation" and self.literal_bindings(node):
            call = self.invocation_text(node)
            if call is None:
                return False
            version["expression"], doc.marks[vpath + ("expression",)] = call
            return True
        if node.tag == "decisionTable":
            table = self.table(node, doc, vpath + ("table",), typ, name)
            if table is None:
                return False
            version["table"] = table
            return True
        if node.tag in BOXED_TAGS:
            return self.boxed(node, version, doc, vpath, typ, params)
        self.unsupported(node)
        return False

    def literal_bindings(self, node: XmlNode) -> bool:
        """Whether every binding of an invocation is a literal expression (or empty)."""
        return all(all(c.tag == "literalExpression" for c in self.dmn_children(b)
                       if c.tag != "parameter") for b in node.all("binding"))

    def boxed(self, node: XmlNode, version: dict[str, Any], doc: Document,
              vpath: tuple[Any, ...], typ: _Type | None, params: tuple[str, ...] = ()
              ) -> bool:
        """A boxed expression as the FEEL it means (``regel.dmn.boxed``), each table
        inside it a table of the version."""
        t = Translation(self.dmn_children, self.literal_text, _text_mark,
                        self.unsupported, self.error)
        done = translated(t, node, params)
        if done is None:
            return False
        version["expression"] = done[0]
        doc.marks[vpath + ("expression",)] = _PiecesMark(node.span, pieces=tuple(done[1]))
        if typ is not None and typ.type not in ("context",):
            version["type"] = typ.type
        tables: dict[str, Any] = {}
        for tname, (params, tnode, _) in t.tables.items():
            tpath = vpath + ("tables", tname)
            doc.marks[tpath] = tnode.mark
            table = self.table(tnode, doc, tpath + ("table",), None, tname)
            if table is None:
                return False
            tables[tname] = {"parameters": list(params), "table": table}
        if tables:
            version["tables"] = tables
        return True

    def literal_text(self, node: XmlNode) -> str | None:
        lang = node.attrib.get("expressionLanguage", "")
        if lang.lower() not in {x.lower() for x in _FEEL_LANGUAGES}:
            self.unsupported(node, Msg("dmn.what.language", {"language": lang}))
            return None
        if node.child("importedValues") is not None:
            self.unsupported(node.child("importedValues"),  # type: ignore[arg-type]
                             Msg("dmn.what.imported-values"))
            return None
        return node.child_text("text") or "null"

    def invocation_text(self, node: XmlNode) -> tuple[str, _PiecesMark] | None:
        """The FEEL call an invocation stands for, and a mark that places a position in
        the call in the ``<text>`` of the function name or argument it falls in."""
        callee = self.dmn_children(node)
        if not callee or callee[0].tag != "literalExpression":
            self.unsupported(node, Msg("dmn.what.invocation-callee"))
            return None
        function = self.literal_text(callee[0])
        if function is None:
            return None
        text = f"{function}("
        pieces = [(0, len(function), _text_mark(callee[0]))]
        for i, b in enumerate(node.all("binding")):
            param = b.child("parameter")
            pname = param.attrib.get("name", "") if param is not None else ""
            exprs = [c for c in self.dmn_children(b) if c.tag != "parameter"]
            if exprs and exprs[0].tag != "literalExpression":
                self.unsupported(exprs[0])
                return None
            value = self.literal_text(exprs[0]) if exprs else "null"
            if value is None:
                return None
            text += (", " if i else "") + f"{pname}: "
            if exprs:
                pieces.append((len(text), len(text) + len(value), _text_mark(exprs[0])))
            text += value
        return f"{text})", _PiecesMark(node.span, pieces=tuple(pieces))

    def table(self, node: XmlNode, doc: Document, path: tuple[Any, ...], typ: _Type | None,
              name: str) -> dict[str, Any] | None:
        policy = node.attrib.get("hitPolicy", "UNIQUE")
        if node.attrib.get("aggregation"):
            policy += " " + node.attrib["aggregation"]
        doc.marks[path] = doc.marks[path + ("hit_policy",)] = node.mark
        inputs: list[dict[str, Any]] = []
        outputs: list[dict[str, Any]] = []
        rules: list[dict[str, Any]] = []
        annotations: list[str] = []
        texts: list[str] = []
        for child in self.dmn_children(node):
            if child.tag == "input":
                spec = self.input_column(child, doc, path + ("inputs", len(inputs)), texts)
                if spec is None:
                    return None
                inputs.append(spec)
            elif child.tag == "output":
                oname = child.attrib.get("name") or (
                    name if not outputs else f"output_{len(outputs) + 1}")
                spec = self.output_column(child, doc, path + ("outputs", len(outputs)), typ,
                                          oname)
                if spec is None:
                    return None
                outputs.append(spec)
            elif child.tag == "annotation":
                annotations.append(child.attrib.get("name", ""))
            elif child.tag == "rule":
                rules.append(self.rule(child, doc, path + ("rules", len(rules)), annotations))
            elif child.tag not in ("description", "extensionElements"):
                self.unsupported(child)
        # with several outputs and a context type, the outputs are the components; their
        # own typeRefs were used in output_column
        meta = self.regel_meta(node)
        for spec, extra in zip(outputs, meta.get("outputs") or [], strict=False):
            spec.update(extra)
        for spec, extra in zip(inputs, meta.get("inputs") or [], strict=False):
            spec.update(extra)
        return {"hit_policy": policy, "inputs": inputs, "outputs": outputs, "rules": rules}

    def input_column(self, child: XmlNode, doc: Document, path: tuple[Any, ...],
                     texts: list[str]) -> dict[str, Any] | None:
        """One <input> of a table (``texts``: the expressions of the inputs before it)."""
        i = path[-1]
        ie = child.child("inputExpression")
        text = (ie.child_text("text") if ie is not None else None) or ""
        spec: dict[str, Any] = {"expression": text}
        doc.marks[path] = child.mark
        doc.marks[path + ("expression",)] = _text_mark(ie or child)
        if text in texts or not text:
            spec["id"] = f"input_{i + 1}"
        texts.append(text)
        if child.attrib.get("label"):
            spec["label"] = _text(child.attrib["label"])
        ctype = self.resolve_type(self.type_ref(ie), ie) if ie is not None and \
            self.type_ref(ie) else None
        if ctype is not None:
            spec["type"] = ctype.type
        values = child.child("inputValues")
        if values is not None and values.child_text("text"):
            self.column_values(values, spec, doc, path)
        return spec

    def column_values(self, values: XmlNode, spec: dict[str, Any], doc: Document,
                      path: tuple[Any, ...]) -> None:
        """<inputValues> or <outputValues>: a list of texts or numbers becomes the column's
        ``allowed_values``; other unary tests (``[18..120]``, ``>= 0``, as Trisotech and
        Signavio write them) its ``allowed`` tests, which the loader compiles."""
        text = values.child_text("text") or ""
        listed = self.literal_list(text)
        if listed is not None:
            spec["allowed_values"] = listed
        else:
            spec["allowed"] = text
            doc.marks[path + ("allowed",)] = _text_mark(values)

    def output_column(self, child: XmlNode, doc: Document, path: tuple[Any, ...],
                      typ: _Type | None, oname: str) -> dict[str, Any] | None:
        """One <output> of a table of a decision of type ``typ``."""
        spec: dict[str, Any] = {"name": oname}
        doc.marks[path] = doc.marks[path + ("name",)] = child.mark
        if child.attrib.get("label"):
            spec["label"] = _text(child.attrib["label"])
        otype_ref = self.type_ref(child)
        if otype_ref is None and typ is not None and typ.type != "context":
            otype: _Type | None = typ
        else:
            otype = self.resolve_type(otype_ref, child) if otype_ref else None
        if otype is not None and otype.type == "list":
            # a table that gives a list (COLLECT, RULE ORDER, OUTPUT ORDER): each
            # rule's output is one item
            otype = _Type(otype.items or "any", otype.allowed_values, otype.allowed)
        if otype is not None and otype.allowed and otype is not typ:
            self.unchecked.append(f"{oname}: {otype.allowed}")
        if otype is not None:
            spec["type"] = otype.type
        values = child.child("outputValues")
        if values is not None and values.child_text("text"):
            self.column_values(values, spec, doc, path)
        elif otype is not None and otype.allowed_values:
            spec["allowed_values"] = otype.allowed_values
        default = child.child("defaultOutputEntry")
        if default is not None and default.child_text("text"):
            value = self.constant(default.child_text("text") or "", default)
            if value is not None:  # a null default is no default
                spec["default"] = value
                doc.marks[path + ("default",)] = default.mark
        return spec

    def rule(self, node: XmlNode, doc: Document, path: tuple[Any, ...],
             annotations: list[str]) -> dict[str, Any]:
        index = path[-1] + 1
        rid = node.attrib.get("label") or f"R{index}"
        doc.marks[path] = doc.marks[path + ("id",)] = node.mark
        when: list[str] = []
        then: list[str] = []
        for tag, cells, key in (("inputEntry", when, "when"), ("outputEntry", then, "then")):
            for i, entry in enumerate(node.all(tag)):
                text = entry.child_text("text") or ("-" if tag == "inputEntry" else "null")
                cells.append(text)
                doc.marks[path + (key, i)] = _text_mark(entry)
            doc.marks[path + (key,)] = node.mark
        rule: dict[str, Any] = {"id": rid, "when": when, "then": then}
        notes: list[str] = []
        for i, entry in enumerate(node.all("annotationEntry")):
            text = entry.child_text("text") or ""
            if not text:
                continue
            column = annotations[i] if i < len(annotations) else ""
            if column.lower() in ("source", "kilde"):
                rule["source"] = text
            elif column.lower() == "interpretation":
                rule["interpretation"] = _text(text)
            elif column.lower() == "note":
                notes.append(text)
            else:
                notes.append(f"{column}: {text}" if column else text)
        desc = node.child_text("description")
        if desc:
            notes.append(desc)
        if notes:
            rule["note"] = _text("\n".join(notes))
        self.merge(rule, self.regel_meta(node), ("note", "interpretation"))
        return rule


@dataclass(frozen=True, slots=True)
class _PiecesMark(XmlMark):
    """The mark of a FEEL text regel put together from pieces written in several places
    (a BKM's body after ``function(a, b) ``, an invocation's function and arguments). A
    position inside a piece (start, end, mark) is found in that piece's own text; any
    other position is the element's own line and column."""

    pieces: tuple[tuple[int, int, XmlMark], ...] = ()

    def position(self, text_lines: list[str], offset: int) -> tuple[int, int]:
        for start, end, mark in self.pieces:
            if start <= offset <= end:
                return mark.position(text_lines, offset - start)
        return self.line, self.column


def _place(path: Path, problem: errors.Diagnostic) -> str:
    """``file:line:column`` of a problem in an imported model (the file alone when the
    problem has no line)."""
    line = problem.span.line if problem.span is not None else None
    if not line:
        return path.name
    return f"{path.name}:{line}:{problem.span.column}"  # type: ignore[union-attr]


def _fold_versions(docs: list[Document]) -> list[Document]:
    """Put the versions of a decision exported by regel back together.

    regel exports a decision with several versions as one DMN decision per version (named
    ``<id>__vN``) and a selecting decision; the selecting decision's extension names the
    version decisions. Here the versions become one decision again."""
    by_id = {d.data.get("id"): d for d in docs}
    consumed: set[str] = set()
    for d in docs:
        parts = d.data.pop("version_decisions", None)
        if not parts:
            continue
        versions = []
        for part_id in parts:
            part = by_id.get(part_id)
            if part is None:
                continue
            consumed.add(part_id)
            versions.append(part.data["versions"][0])
            offset = len(versions) - 1
            for path, mark in part.marks.items():
                if path[:2] == ("versions", 0):
                    d.marks[("versions", offset) + path[2:]] = mark
        d.data["versions"] = versions
        req = d.data.get("requires") or {}
        req["decisions"] = [x for x in req.get("decisions", []) if x not in parts]
    return [d for d in docs if d.data.get("id") not in consumed]


@dataclass(frozen=True, slots=True)
class _RenamedMark(XmlMark):
    """The mark of a FEEL text whose element names were renamed back to pack ids after it
    was read (``_back_to_pack_ids``): a position in the renamed text is found at the same
    place in the text as written. ``shifts``: (start, length) of each new name in the
    renamed text and the length of the name it replaced."""

    base: XmlMark | None = None
    shifts: tuple[tuple[int, int, int], ...] = ()

    def position(self, text_lines: list[str], offset: int) -> tuple[int, int]:
        base = self.base or XmlMark(self.span)
        moved = 0          # how much longer the text as written is, before ``offset``
        for start, new, old in self.shifts:
            if offset < start:
                break
            if offset < start + new:     # inside a renamed name: where that name starts
                return base.position(text_lines, start + moved)
            moved += old - new
        return base.position(text_lines, offset + moved)


def _feel_paths(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], bool]]:
    """Where a decision document holds FEEL text: (path, whether it is unary tests)."""
    out: list[tuple[tuple[Any, ...], bool]] = [(("version_by",), False)]
    for i, version in enumerate(data.get("versions") or []):
        if not isinstance(version, dict):
            continue
        out.append((("versions", i, "expression"), False))
        table = version.get("table")
        if not isinstance(table, dict):
            continue
        base = ("versions", i, "table")
        out += [(base + ("inputs", j, "expression"), False)
                for j in range(len(table.get("inputs") or []))]
        for k, rule in enumerate(table.get("rules") or []):
            out += [(base + ("rules", k, "when", j), True) for j in range(len(rule["when"]))]
            out += [(base + ("rules", k, "then", j), False) for j in range(len(rule["then"]))]
    return out


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _id_map(claims: list[tuple[str, Any]]) -> dict[str, str]:
    """DMN name -> pack id, from what regel's extension data says of each element. An id
    two elements claim, or that an element keeping its name has, is not given."""
    wanted = {n: p for n, p in claims if isinstance(p, str) and p and p != n}
    while True:
        staying = {n for n, _ in claims} - set(wanted)
        given = list(wanted.values())
        bad = {n for n, p in wanted.items() if p in staying or given.count(p) > 1}
        if not bad:
            return wanted
        for n in bad:
            del wanted[n]


def _back_to_pack_ids(pack: Document, decisions: list[Document]) -> None:
    """regel's export names each element by its label (docs/dmn.md) and keeps the pack id
    in its extension data (``pack_id``): give each element its id back, renaming the FEEL
    that refers to it by the expressions' spans. A model without regel's extension data
    keeps its names as ids."""
    inputs: dict[str, Any] = pack.data.get("inputs") or {}
    claims = [(n, spec.pop("pack_id", None)) for n, spec in inputs.items()
              if isinstance(spec, dict)]
    claims += [(doc.data.get("id", ""), doc.data.pop("pack_id", None)) for doc in decisions]
    rename = _id_map(claims)
    if not rename:
        return
    pack.data["inputs"] = {rename.get(n, n): spec for n, spec in inputs.items()}
    for marks in (pack.marks, pack.key_marks, pack.types):
        for path in [p for p in marks if len(p) > 1 and p[0] == "inputs" and p[1] in rename]:
            marks[("inputs", rename[path[1]]) + path[2:]] = marks.pop(path)
    scope = {n for n, _ in claims}
    for spec in inputs.values():
        scope.update((spec.get("fields") or {}) if isinstance(spec, dict) else ())
    for doc in decisions:
        scope.update(doc.data.get("fields") or {})
        scope.update(doc.data.get("parameters") or [])
    for doc in decisions:
        _rename_decision(doc, rename, scope)


def _rename_decision(doc: Document, rename: dict[str, str], scope: set[str]) -> None:
    """A decision's id, requirements and FEEL texts with element names made pack ids (its
    own parameters are not renamed)."""
    data = doc.data
    data["id"] = rename.get(data.get("id", ""), data.get("id"))
    requires = data.get("requires") or {}
    for key in ("inputs", "decisions"):
        requires[key] = [rename.get(x, x) for x in requires.get(key) or []]
    if isinstance(data.get("optional"), list):
        data["optional"] = [rename.get(x, x) for x in data["optional"]]
    if isinstance(data.get("reads_outputs"), dict):
        data["reads_outputs"] = {k: rename.get(v, v) for k, v in data["reads_outputs"].items()}
    params = set(data.get("parameters") or [])
    local = {k: v for k, v in rename.items() if k not in params}
    for path, tests in _feel_paths(data):
        holder = _at(data, path)
        text = holder.get(path[-1]) if isinstance(holder, dict) else \
            holder[path[-1]] if isinstance(holder, list) else None
        if not isinstance(text, str):
            continue
        try:
            new, shifts = rename_feel(text, scope, local, tests=tests)
        except Exception:  # noqa: BLE001 - the loader reports the text as it was written
            continue
        if new == text:
            continue
        holder[path[-1]] = new
        mark = doc.marks.get(path)
        if isinstance(mark, XmlMark):
            doc.marks[path] = _RenamedMark(mark.span, base=mark, shifts=tuple(shifts))


def _text_mark(node: XmlNode) -> XmlMark:
    text = node.child("text")
    if text is not None and text.text_span is not None:
        return XmlMark(text.text_span)
    return (text or node).mark


def _text(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    return {"da": str(value), "en": str(value)}


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")
    return slug if slug and slug[0].isalnum() else f"dmn-{slug or 'model'}"


def _date(value: Any) -> Any:
    return _dt.date.fromisoformat(value) if isinstance(value, str) else value


#: What to do about the XML errors people make most when they write FEEL in a <text>
#: (expat's words -> catalogue key of the hint).
_XML_HINTS = {
    "not well-formed (invalid token)": "dmn.xml-hint.invalid-token",
    "undefined entity": "dmn.xml-hint.undefined-entity",
}


def _not_xml(err: XmlSyntaxError, shown: str) -> errors.Diagnostic:
    """DMN-XML: the file is not well-formed XML, with a hint for the usual mistakes."""
    hint = _XML_HINTS.get(err.expat)
    return errors.Diagnostic.of(
        "DMN-XML", at=err.first.span.in_file(shown) if err.first.span else shown,
        reason=err.first.values["reason"], hint=Msg(hint) if hint else "")


def _not_dmn(root: XmlNode, shown: str) -> errors.Diagnostic:
    """DMN-NAMESPACE: the root element is not DMN's <definitions>."""
    at = root.span.in_file(shown)
    if root.namespace:
        return errors.Diagnostic.of("DMN-NAMESPACE", at=at, key="DMN-NAMESPACE/root",
                                    tag=root.tag, namespace=root.namespace)
    return errors.Diagnostic.of("DMN-NAMESPACE", at=at, key="DMN-NAMESPACE/no-namespace",
                                tag=root.tag)


def read_dmn(path: str | Path) -> DmnDocuments:
    """Read a DMN file into pack documents. A problem inside one decision or input leaves
    it out (``DmnDocuments.broken``); a file that is not a DMN model, or a problem of the
    model as a whole, raises PackError listing every problem found."""
    path = Path(path)
    shown = shown_path(str(path))
    try:
        data = read_bytes(path, what="a DMN file")
    except RegelError as err:
        raise PackError([replace(d, span=Span.point(shown)) for d in err.diagnostics]) from None
    try:
        root = parse_xml(data)
    except XmlSyntaxError as err:
        raise PackError([_not_xml(err, shown)]) from None
    if root.tag != "definitions" or root.namespace not in DMN_NAMESPACES:
        raise PackError([_not_dmn(root, shown)])
    reader = _Reader(path, shown, root)
    pack, decisions = reader.read()
    _back_to_pack_ids(pack, decisions)
    lines = data.decode("utf-8", errors="replace").splitlines()
    if process_style(root):   # Camunda's way: docs/dmn.md, "Process variables"
        settle(root, pack, decisions, lines)
    docs = DmnDocuments(path, shown, lines, DMN_NAMESPACES[root.namespace], pack, decisions,
                        reader.broken, reader.broken_inputs, reader.warnings,
                        {name: reader.feel_of(name) for name in reader.item_definitions},
                        dict(reader.input_origins))
    if reader.diagnostics:
        raise PackError(reader.diagnostics + docs.problems())
    return docs
