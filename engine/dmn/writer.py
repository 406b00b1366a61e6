"""Write a loaded pack as a DMN 1.5 or 1.3 model that DMN tools open and run, with what DMN
has no place for kept in regel's extension data, and a requirement diagram laid out by
regel.dmn.layout. How a pack maps to DMN: docs/dmn.md.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from regel.base.errors import Diagnostic, PackError
from regel.base.version import __version__
from regel.dmn.feeltext import Unreadable, readable_name, standard_feel
from regel.dmn.layout import layout
from regel.dmn.reader import IMPORT_VALID_FROM, REGEL_NAMESPACE
from regel.feel.analysis import free_names
from regel.feel.jsonio import dumps
from regel.feel.registry import BUILTINS
from regel.feel.values import to_feel_literal
from regel.model import (
    Decision,
    DecisionTable,
    InputData,
    LiteralExpression,
    Pack,
    Source,
    Text,
    Version,
    cited_json,
    cited_text,
    default_column_id,
    text_json,
)

__all__ = ["write_dmn", "dmn_names", "DMN15", "VERSIONS"]

DMN15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"
_DMNDI = "https://www.omg.org/spec/DMN/20230324/DMNDI/"
_DC = "http://www.omg.org/spec/DMN/20180521/DC/"
_DI = "http://www.omg.org/spec/DMN/20180521/DI/"

#: pack types -> DMN 1.5 FEEL type names
_TYPES = {"number": "number", "string": "string", "boolean": "boolean", "date": "date",
          "time": "time", "date and time": "date and time",
          "days and time duration": "days and time duration",
          "years and months duration": "years and months duration",
          "any": "Any", "context": "context", "list": "Any"}

_COLLECT = {"COLLECT SUM": "SUM", "COLLECT MIN": "MIN", "COLLECT MAX": "MAX",
            "COLLECT COUNT": "COUNT"}



def _q(tag: str, ns: str = DMN15) -> str:
    return f"{{{ns}}}{tag}"


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, {}, [], "")}


def _cited_meta(source: Any) -> Any:
    """A ``source`` field as the pack writes it: the text, or its citations without the
    parts they leave out."""
    cited = cited_json(source)
    return [_clean(c) for c in cited] if isinstance(cited, list) else cited


class _Writer:
    def __init__(self, pack: Pack, version: str = "1.5",
                 pinned: frozenset[str] = frozenset()) -> None:
        self.pack = pack
        self.version = version
        self.lang = pack.default_language
        self.iso = pack.feel_dialect != "dmn"
        self.ids: set[str] = set()
        self.sources: dict[str, str] = {}        # citation -> knowledgeSource id
        #: the pack's registry: source id -> its knowledgeSource's id
        self.registry: dict[str, str] = {}
        self.shapes: dict[str, tuple[str, str, str]] = {}  # id -> (kind, name, label)
        self.edges: list[tuple[str, str, str, str]] = []  # (from, to, requirement id, kind)
        self.element_ids: dict[str, str] = {}    # name of input/decision -> element id
        self.functions: set[str] = set()          # decisions written as knowledge models
        self.local: frozenset[str] = frozenset()  # the parameters of the decision written
        # A decision whose version is picked by the evaluation date reads it from an input,
        # so that a DMN tool can evaluate a case as of another day than today
        self.as_of: str | None = None
        if any(len(d.versions) > 1 and d.version_by is None and not d.parameters
               for d in pack.decisions.values()):
            self.as_of = "as_of"
            while self.as_of in pack.inputs or self.as_of in pack.decisions:
                self.as_of += "_"
        self.parts = {d.id: self.part_keys(d) for d in pack.decisions.values()}
        #: pack id (version part, as-of input) -> its DMN name, the label as a FEEL name
        self.names = self.element_names(pinned)

    def part_keys(self, d: Decision) -> list[str]:
        """The keys of the elements of a decision's versions, when it has several."""
        if len(d.versions) == 1:
            return []
        taken = set(self.pack.decisions) | set(self.pack.inputs)
        out = []
        for k in range(1, len(d.versions) + 1):
            key = f"{d.id}__v{k}"
            while key in taken:
                key += "_"
            out.append(key)
        return out

    def element_names(self, pinned: frozenset[str]) -> dict[str, str]:
        """Each element's DMN name: its label in the pack's language as a FEEL name
        (regel.dmn.feeltext.readable_name; the rule is in docs/dmn.md), else its id.
        ``pinned`` keep their ids (their names made some FEEL text ambiguous)."""
        pack, en = self.pack, self.lang != "da"
        labels: list[tuple[str, str]] = [
            (i.id, self.label(i.label, i.id)) for i in pack.inputs.values()]
        if self.as_of is not None:
            labels.append((self.as_of, "As-of date" if en else "Opgørelsesdato"))
        for d in pack.decisions.values():
            label = self.label(d.label, d.id)
            labels.append((d.id, label))
            for key, v in zip(self.parts[d.id], d.versions, strict=False):
                labels.append((key, f"{label} {'from' if en else 'fra'} {v.valid_from}" + (
                    f" {'to' if en else 'til'} {v.valid_to}" if v.valid_to else "")))
        keys = {k for k, _ in labels} | {p for d in pack.decisions.values()
                                         for p in d.parameters}
        names: dict[str, str] = {}
        for key, label in labels:
            name = None if key in pinned or key in BUILTINS else readable_name(
                label, (keys - {key}) | set(names.values()))
            names[key] = name or key
        return names

    def new_id(self, hint: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_.-]+", "_", hint).strip("_.-") or "x"
        if not re.match(r"[A-Za-z_]", base):
            base = "_" + base
        out, n = base, 1
        while out in self.ids:
            n += 1
            out = f"{base}_{n}"
        self.ids.add(out)
        return out

    def text_meta(self, t: Text | None, shown: str) -> dict[str, str] | None:
        """Both languages of a text, unless the DMN element already says it all."""
        if t is None or t.da == t.en == shown:
            return None
        return t.to_json()

    def label(self, t: Text | None, fallback: str) -> str:
        return t.get(self.lang) if t is not None else fallback

    def feel(self, text: str, names: set[str], tests: bool = False,
             constants: dict[str, str] | None = None) -> str:
        """``text`` as standard FEEL, with the elements' DMN names (``names``: the pack
        ids in scope)."""
        rename = self.names if not self.local else {
            k: v for k, v in self.names.items() if k not in self.local}
        return standard_feel(text, names, tests=tests, constants=constants,
                             iso_dates=self.iso, rename=rename)

    # ---- the model
    def build(self) -> ET.Element:
        pack = self.pack
        root = ET.Element(_q("definitions"), {
            "id": self.new_id(f"definitions_{pack.id}"), "name": pack.title.get(self.lang),
            "namespace": f"https://regel.dev/packs/{pack.id}", "exporter": "regel",
            "exporterVersion": __version__})
        if pack.description is not None:
            ET.SubElement(root, _q("description")).text = pack.description.get(self.lang)
        self.meta(root, _clean({
            "id": pack.id, "title": pack.title.to_json(), "version": pack.version,
            "jurisdiction": pack.jurisdiction, "source": _cited_meta(pack.source),
            "description": text_json(pack.description), "date_policy": pack.date_policy,
            "default_language": pack.default_language,
            "as_of_input": self.names[self.as_of] if self.as_of is not None else None,
            "failed_decisions": pack.failed_decisions,
            "inputs": {self.names[i.id]: self.input_meta(i) for i in pack.inputs.values()}}))
        items: list[ET.Element] = []
        drg: list[ET.Element] = []
        knowledge = [self.registry_source(s) for s in pack.sources.values()]
        for spec in pack.inputs.values():
            drg.append(self.input_data(spec, items))
        if self.as_of is not None:
            drg.append(self.as_of_input())
        for d in pack.decisions.values():
            drg.extend(self.decision(d))
        knowledge += [self.knowledge_source(text, kid) for text, kid in self.sources.items()]
        root.extend(items)
        root.extend(drg)
        root.extend(knowledge)
        root.append(self.diagram())
        return root

    def meta(self, parent: ET.Element, data: dict[str, Any]) -> None:
        """regel's own data in ``extensionElements`` (must come right after description)."""
        if not data:
            return
        ext = ET.SubElement(parent, _q("extensionElements"))
        ET.SubElement(ext, _q("meta", REGEL_NAMESPACE)).text = dumps(data, indent=None)

    def input_meta(self, i: InputData) -> dict[str, Any]:
        return _clean({
            "pack_id": i.id,     # the DMN name is the label; the import gives the id back
            "label": self.text_meta(i.label, self.label(i.label, i.id)),
            "description": self.text_meta(i.description, self.label(i.description, "")),
            "unit": i.unit, "values": {k: v.to_json() for k, v in i.value_labels.items()},
            "fields": {k: v.to_json() for k, v in i.field_labels.items()},
            "units": dict(i.field_units),
            # DMN 1.3 has no typeConstraint: a range beside a value list travels here
            "allowed": i.allowed.text if i.allowed is not None and
            i.allowed_values is not None and self.version == "1.3" else None})

    def input_data(self, spec: InputData, items: list[ET.Element]) -> ET.Element:
        eid = self.new_id(f"input_{spec.id}")
        self.element_ids[spec.id] = eid
        label, name = self.label(spec.label, spec.id), self.names[spec.id]
        self.shapes[eid] = ("input", name, label)
        node = ET.Element(_q("inputData"), {"id": eid, "name": name, "label": label})
        if spec.description is not None:
            ET.SubElement(node, _q("description")).text = spec.description.get(self.lang)
        type_ref = _TYPES.get(spec.type, "Any")
        if spec.type == "list" or spec.allowed_values is not None or spec.allowed is not None:
            type_ref = f"t_{spec.id}".replace(" ", "_")
            items.append(self.item_definition(type_ref, spec))
        ET.SubElement(node, _q("variable"), {"id": self.new_id(f"{eid}_variable"),
                                             "name": name, "typeRef": type_ref})
        return node

    def as_of_input(self) -> ET.Element:
        assert self.as_of is not None
        eid = self.new_id("input_as_of")
        self.element_ids[self.as_of] = eid
        da = "Opgørelsesdato" if self.lang == "da" else "As-of date"
        name = self.names[self.as_of]
        self.shapes[eid] = ("input", name, da)
        node = ET.Element(_q("inputData"), {"id": eid, "name": name, "label": da})
        ET.SubElement(node, _q("description")).text = (
            "Den dag, sagen opgøres pr.: den vælger de versioner af reglerne, der gælder. "
            "Tom: i dag." if self.lang == "da" else
            "The day the case is judged at: it picks the versions of the rules in force. "
            "Empty: today.")
        ET.SubElement(node, _q("variable"), {"id": self.new_id(f"{eid}_variable"),
                                             "name": name, "typeRef": "date"})
        return node

    def item_definition(self, name: str, spec: InputData) -> ET.Element:
        item = ET.Element(_q("itemDefinition"), {"id": self.new_id(name), "name": name})
        base = spec.items if spec.type == "list" else spec.type
        if spec.type == "list":
            item.set("isCollection", "true")
        ET.SubElement(item, _q("typeRef")).text = _TYPES.get(base or "any", "Any")
        if spec.allowed_values is not None:
            ET.SubElement(ET.SubElement(item, _q("allowedValues")), _q("text")).text = \
                ", ".join(to_feel_literal(v) for v in spec.allowed_values)
        if spec.allowed is not None and not (spec.allowed_values is not None and
                                             self.version == "1.3"):
            tag = "typeConstraint" if spec.allowed_values is not None else "allowedValues"
            ET.SubElement(ET.SubElement(item, _q(tag)), _q("text")).text = \
                self.feel(spec.allowed.text, set(), tests=True)
        return item

    def knowledge_source(self, citation: str, kid: str) -> ET.Element:
        return ET.Element(_q("knowledgeSource"), {"id": kid, "name": citation})

    def registry_source(self, source: Source) -> ET.Element:
        """A source of the pack's registry: named by its title in the pack's language, at
        its address (``locationURI``); the rest in regel's extension data, for import."""
        kid = self.registry[source.id] = self.new_id(f"source_{source.id}")
        name = source.title.get(self.lang)
        node = ET.Element(_q("knowledgeSource"), {"id": kid, "name": name})
        if source.url:
            node.set("locationURI", source.url)
        self.meta(node, _clean({
            "pack_id": source.id, "title": source.title.to_json(),
            "short": text_json(source.short), "issuer": source.issuer,
            "number": source.number, "date": source.date.isoformat() if source.date else None,
            "language": source.language}))
        self.shapes[kid] = ("source", name, name)
        return node

    def authorities(self, v: Version) -> list[str]:
        """The knowledge sources a version rests on: those its own citations cite (of the
        registry; its rules' citations are in their annotations), or its source text (not
        the one regel's import wrote)."""
        if isinstance(v.source, str):
            return [] if v.source.startswith("DMN model ") else [self.cite(v.source)]
        cited = [c.ref for c in v.source]
        return list(dict.fromkeys(self.registry[ref] for ref in cited if ref in self.registry))

    def cite(self, citation: str) -> str:
        if citation not in self.sources:
            self.sources[citation] = self.new_id("source_" + citation[:40])
        return self.sources[citation]

    # ---- decisions
    def decision(self, d: Decision) -> list[ET.Element]:
        self.local = frozenset(d.parameters)     # names the export does not rename
        meta = _clean({
            "pack_id": d.id,
            "label": self.text_meta(d.label, self.label(d.label, d.id)),
            "question": self.text_meta(d.question, self.label(d.question, "")),
            "unit": d.units.get(""), "units": {k: v for k, v in d.units.items() if k},
            "fields": {k: v.to_json() for k, v in d.field_labels.items()},
            "values": {k: v.to_json() for k, v in d.value_labels.items()},
            # standard FEEL, as the re-imported pack reads it (feel_dialect: dmn)
            "version_by": self.feel(d.version_by.text, set(d.inputs) | set(d.decisions)
                                    | set(d.parameters)) if d.version_by is not None else None,
            "version_by_label": text_json(d.version_by_label),
            "reads_outputs": {n: self.names.get(r.decision, r.decision)
                              for n, r in d.output_reads.items()}})
        # also when empty: DMN's default is all
        meta["optional"] = [self.names[i] for i in sorted(d.optional)]
        if d.parameters:
            self.functions.add(d.id)
        if len(d.versions) == 1:
            meta["version"] = self.version_meta(d.versions[0])
            return [self.element(d, d.id, d.versions[0], meta)]
        out: list[ET.Element] = []
        parts = self.parts[d.id]
        for name, v in zip(parts, d.versions, strict=True):
            if d.parameters:
                self.functions.add(name)
            out.append(self.element(d, name, v, {"version": self.version_meta(v)}, part=True))
        meta["version_decisions"] = [self.names[p] for p in parts]
        meta["requires"] = {"inputs": [self.names[i] for i in d.inputs],
                            "decisions": [self.names[x] for x in d.decisions]}
        out.append(self.element(d, d.id, None, meta, parts=parts))
        return out

    def version_meta(self, v: Version) -> dict[str, Any]:
        return _clean({"valid_from": v.valid_from.isoformat(),
                       "valid_to": v.valid_to.isoformat() if v.valid_to else None,
                       "source": _cited_meta(v.source),
                       "interpretation": text_json(v.interpretation),
                       "note": text_json(v.note)})

    def require(self, node: ET.Element, tag: str, ref: str, target: str) -> None:
        """A requirement of ``node`` on the element ``target`` (and its diagram edge)."""
        req = ET.SubElement(node, _q(tag), {"id": self.new_id(f"{node.get('id')}_requires")})
        ET.SubElement(req, _q(ref), {"href": f"#{target}"})
        self.edges.append((target, node.get("id") or "", req.get("id") or "",
                           tag.removesuffix("Requirement")))

    def requirements(self, node: ET.Element, inputs: list[str], decisions: list[str]) -> None:
        """Information requirements on decisions and inputs, then knowledge requirements
        on functions (business knowledge models), in the order DMN15.xsd has them."""
        for dep in decisions:
            if dep not in self.functions:
                self.require(node, "informationRequirement", "requiredDecision",
                             self.element_ids[dep])
        for iid in inputs:
            self.require(node, "informationRequirement", "requiredInput", self.element_ids[iid])
        for dep in decisions:
            if dep in self.functions:
                self.require(node, "knowledgeRequirement", "requiredKnowledge",
                             self.element_ids[dep])

    def element(self, d: Decision, name: str, v: Version | None, meta: dict[str, Any],
                part: bool = False, parts: list[str] | None = None) -> ET.Element:
        """A decision, or a business knowledge model when ``d`` has parameters: the logic
        of version ``v``, or (``parts``) the picker between the versions' elements."""
        function = bool(d.parameters)
        eid = self.new_id(("bkm_" if function else "decision_") + name)
        self.element_ids[name] = eid
        label = self.label(d.label, d.id) + (f" ({v.period()})" if part and v else "")
        self.shapes[eid] = ("bkm" if function else "decision", self.names[name], label)
        node = ET.Element(_q("businessKnowledgeModel" if function else "decision"),
                          {"id": eid, "name": self.names[name], "label": label})
        ET.SubElement(node, _q("description")).text = \
            self.description(v) if v is not None else self.picker_description(d, parts or [])
        self.meta(node, meta)
        if d.question is not None and not part and not function:
            ET.SubElement(node, _q("question")).text = d.question.get(self.lang)
        variable = {"id": self.new_id(f"{eid}_variable"), "name": self.names[name]}
        logic = v.logic if v is not None else None
        if v is not None and v.tables:   # read from a table inside a DMN boxed expression
            raise PackError([Diagnostic.of("EXPORT-INNER-TABLE", at=v.location or d.id,
                                           decision=d.id)])
        if function:
            pass   # a function's value has a function type; its body's type is below
        elif isinstance(logic, LiteralExpression) and logic.type:
            variable["typeRef"] = _TYPES.get(logic.type, "Any")
        elif isinstance(logic, DecisionTable) and len(logic.outputs) == 1 and \
                logic.outputs[0].type and logic.hit_policy not in (
                    "COLLECT", "RULE ORDER", "OUTPUT ORDER"):
            variable["typeRef"] = _TYPES.get(logic.outputs[0].type, "Any")
        ET.SubElement(node, _q("variable"), variable)
        names = set(d.inputs) | set(d.decisions) | set(d.parameters)
        if logic is None:
            body = self.picker(d, eid, names, parts or [])
            used = self.version_by_names(d)
            inputs = [i for i in d.inputs if i in used]
            if d.version_by is None and not function and self.as_of is not None:
                inputs.append(self.as_of)
            decisions = (parts or []) + [x for x in d.decisions if x in used]
        else:
            body = self.logic(logic, eid, names, name)
            inputs, decisions = list(d.inputs), list(d.decisions)
        if function:
            encapsulated = ET.SubElement(node, _q("encapsulatedLogic"),
                                         {"id": self.new_id(f"{eid}_function")})
            for param in d.parameters:
                ET.SubElement(encapsulated, _q("formalParameter"),
                              {"id": self.new_id(f"{eid}_{param}"), "name": param})
            encapsulated.append(body)
        self.requirements(node, inputs, decisions)
        for kid in self.authorities(v) if v is not None else []:
            self.require(node, "authorityRequirement", "requiredAuthority", kid)
        if not function:
            node.append(body)
        return node

    def logic(self, logic: DecisionTable | LiteralExpression, eid: str, names: set[str],
              name: str) -> ET.Element:
        if isinstance(logic, LiteralExpression):
            expr = ET.Element(_q("literalExpression"), {"id": self.new_id(f"{eid}_expression")})
            if logic.type:
                expr.set("typeRef", _TYPES.get(logic.type, "Any"))
            ET.SubElement(expr, _q("text")).text = self.feel(logic.text, names)
            return expr
        return self.table(logic, eid, names, name)

    def description(self, v: Version) -> str:
        period = f"valid from {v.valid_from.isoformat()}" + (
            f" to {v.valid_to.isoformat()} (not included)" if v.valid_to else "")
        lines = [f"Source: {cited_text(v.source, self.pack.sources, self.lang)}"]
        if v.valid_from != IMPORT_VALID_FROM or v.valid_to is not None:
            lines.append(f"Version {period}.")
        if v.interpretation is not None:
            lines.append(f"Interpretation: {v.interpretation.get(self.lang)}")
        if v.note is not None:
            lines.append(v.note.get(self.lang))
        return "\n".join(lines)

    def picker_description(self, d: Decision, parts: list[str]) -> str:
        return ("Picks the version in force on "
                + (f"the date {d.version_by.text}" if d.version_by is not None
                   else "the as-of date (today() when it is not given)") + ": "
                + "; ".join(f"{self.names[p]} {v.period()}"
                            for p, v in zip(parts, d.versions, strict=True)))

    def picker(self, d: Decision, eid: str, names: set[str], parts: list[str]) -> ET.Element:
        """The literal expression that picks the version in force on the version date (and
        for a function, calls it with the function's own arguments)."""
        day_name, value_name = "day", "version"
        shown = {self.names.get(n, n) for n in names} | {self.names[p] for p in parts}
        while day_name in shown or value_name in shown:
            day_name, value_name = day_name + "_", value_name + "_"
        if d.version_by is not None:
            day = self.feel(d.version_by.text, names)
        elif d.parameters or self.as_of is None:
            day = "today()"
        else:
            as_of = self.names[self.as_of]
            day = f"if {as_of} = null then today() else {as_of}"
        call = f"({', '.join(d.parameters)})" if d.parameters else ""
        branches = []
        for part, v in zip(parts, d.versions, strict=True):
            cond = f'{day_name} >= date("{v.valid_from.isoformat()}")'
            if v.valid_to is not None:
                cond += f' and {day_name} < date("{v.valid_to.isoformat()}")'
            branches.append(f"if {cond} then {self.names[part]}{call}")
        expr = ET.Element(_q("literalExpression"), {"id": self.new_id(f"{eid}_pick")})
        ET.SubElement(expr, _q("text")).text = (
            f"{{{day_name}: {day}, {value_name}: {' else '.join(branches)} else null}}"
            f".{value_name}")
        return expr

    def version_by_names(self, d: Decision) -> set[str]:
        if d.version_by is None:
            return set()
        return {n for n, _ in free_names(d.version_by.ast)}

    def table(self, t: DecisionTable, eid: str, names: set[str], name: str) -> ET.Element:
        attrs = {"id": self.new_id(f"{eid}_table"), "outputLabel": self.names[name]}
        if t.hit_policy in _COLLECT:
            attrs.update(hitPolicy="COLLECT", aggregation=_COLLECT[t.hit_policy])
        else:
            attrs["hitPolicy"] = t.hit_policy
        table = ET.Element(_q("decisionTable"), attrs)
        inputs_meta = [_clean({"id": c.id if c.id != default_column_id(c.text, i) else None,
                               "label": self.text_meta(c.label, c.label.get(self.lang)
                                                       if c.label else "")})
                       for i, c in enumerate(t.inputs)]
        outputs_meta = [_clean({"label": self.text_meta(o.label, o.label.get(self.lang)
                                                        if o.label else ""), "unit": o.unit})
                        for o in t.outputs]
        self.meta(table, _clean({"inputs": inputs_meta if any(inputs_meta) else None,
                                 "outputs": outputs_meta if any(outputs_meta) else None}))
        self.table_columns(table, t, eid, names)
        annotations = [a for a in ("source", "note", "interpretation")
                       if any(getattr(r, a) is not None for r in t.rules)]
        for a in annotations:
            ET.SubElement(table, _q("annotation"), {"name": a})
        for r in t.rules:
            rule = ET.SubElement(table, _q("rule"), {"id": self.new_id(f"{eid}_{r.id}"),
                                                     "label": r.id})
            rule_meta = _clean({
                "source": _cited_meta(r.source) if isinstance(r.source, tuple) else None,
                "note": self.text_meta(r.note, self.label(r.note, "")),
                "interpretation": self.text_meta(r.interpretation,
                                                 self.label(r.interpretation, ""))})
            if rule_meta:
                self.meta(rule, rule_meta)
            for test in r.tests:
                entry = ET.SubElement(rule, _q("inputEntry"), {"id": self.new_id(f"{eid}_ie")})
                ET.SubElement(entry, _q("text")).text = self.feel(
                    test.text, names, tests=True, constants=t.constants)
            for expr in r.outputs:
                entry = ET.SubElement(rule, _q("outputEntry"),
                                      {"id": self.new_id(f"{eid}_oe")})
                ET.SubElement(entry, _q("text")).text = self.feel(
                    expr.text, names, constants=t.constants)
            for a in annotations:
                value = getattr(r, a)
                entry = ET.SubElement(rule, _q("annotationEntry"))
                ET.SubElement(entry, _q("text")).text = (
                    value.get(self.lang) if isinstance(value, Text) else
                    cited_text(value, self.pack.sources, self.lang))
        return table

    def table_columns(self, table: ET.Element, t: DecisionTable, eid: str,
                      names: set[str]) -> None:
        """The <input> and <output> clauses of a table."""
        for c in t.inputs:
            clause = ET.SubElement(table, _q("input"), {"id": self.new_id(f"{eid}_in")})
            if c.label is not None:
                clause.set("label", c.label.get(self.lang))
            ie = ET.SubElement(clause, _q("inputExpression"),
                               {"id": self.new_id(f"{eid}_in_expr")})
            if c.type:
                ie.set("typeRef", _TYPES.get(c.type, "Any"))
            ET.SubElement(ie, _q("text")).text = self.feel(c.text, names)
            if c.allowed_values:
                values = ET.SubElement(clause, _q("inputValues"))
                ET.SubElement(values, _q("text")).text = \
                    ", ".join(to_feel_literal(v) for v in c.allowed_values)
        for o in t.outputs:
            # a one-output table gives the value itself whatever the output's name; the
            # name is kept so that it comes back on import
            out = ET.SubElement(table, _q("output"), {"id": self.new_id(f"{eid}_out"),
                                                      "name": o.name})
            if o.label is not None:
                out.set("label", o.label.get(self.lang))
            if o.type:
                out.set("typeRef", _TYPES.get(o.type, "Any"))
            if o.allowed_values:
                values = ET.SubElement(out, _q("outputValues"))
                ET.SubElement(values, _q("text")).text = \
                    ", ".join(to_feel_literal(v) for v in o.allowed_values)
            if o.has_default:
                default = ET.SubElement(out, _q("defaultOutputEntry"))
                ET.SubElement(default, _q("text")).text = to_feel_literal(o.default)

    # ---- diagram
    def diagram(self) -> ET.Element:
        """One shape per element and one edge per requirement, laid out in layers by
        dependency (regel.dmn.layout); each shape's DMNLabel holds the element's label."""
        kinds = {e: kind for e, (kind, _, _) in self.shapes.items()}
        names = {e: name for e, (_, name, _) in self.shapes.items()}
        labels = {e: label for e, (_, _, label) in self.shapes.items()}
        for citation, kid in self.sources.items():
            kinds[kid], names[kid], labels[kid] = "source", citation, citation
        # shapes sized for the names, as DMN editors show them (dmn-js shows nothing else)
        drawn = layout(kinds, self.edges, names)
        dmndi = ET.Element(_q("DMNDI", _DMNDI))
        diagram = ET.SubElement(dmndi, _q("DMNDiagram", _DMNDI),
                                {"id": self.new_id("diagram"), "name": self.pack.title.get(
                                    self.lang)})
        for e, (x, y, w, h) in drawn.boxes.items():
            shape = ET.SubElement(diagram, _q("DMNShape", _DMNDI),
                                  {"id": self.new_id(f"shape_{e}"), "dmnElementRef": e})
            ET.SubElement(shape, _q("Bounds", _DC), {"x": str(x), "y": str(y),
                                                     "width": str(w), "height": str(h)})
            label = ET.SubElement(shape, _q("DMNLabel", _DMNDI))
            ET.SubElement(label, _q("Text", _DMNDI)).text = labels[e]
        for _, _, req, _ in self.edges:
            edge = ET.SubElement(diagram, _q("DMNEdge", _DMNDI), {
                "id": self.new_id(f"edge_{req}"), "dmnElementRef": req})
            for x, y in drawn.waypoints[req]:
                ET.SubElement(edge, _q("waypoint", _DI), {"x": str(x), "y": str(y)})
        return dmndi


#: the versions regel writes: model and diagram namespaces (DC and DI are shared)
VERSIONS = {
    "1.5": (DMN15, _DMNDI),
    "1.3": ("https://www.omg.org/spec/DMN/20191111/MODEL/",
            "https://www.omg.org/spec/DMN/20191111/DMNDI/"),
}


def _built(pack: Pack, version: str) -> tuple[ET.Element, _Writer]:
    """The model, and the writer that wrote it (its ``names``)."""
    pinned: frozenset[str] = frozenset()
    while True:     # a name that makes some text ambiguous keeps its id, and we start again
        writer = _Writer(pack, version, pinned)
        try:
            return writer.build(), writer
        except Unreadable as clash:
            if clash.names <= pinned:
                raise
            pinned |= clash.names


def dmn_names(pack: Pack) -> dict[str, str]:
    """The name the export gives each input and decision (pack id -> DMN name): its label
    in the pack's language as a FEEL name (docs/dmn.md, "Writing DMN")."""
    names = _built(pack, "1.5")[1].names
    return {k: names[k] for k in (*pack.inputs, *pack.decisions)}


def write_dmn(pack: Pack, version: str = "1.5") -> bytes:
    """The pack as a DMN XML document (UTF-8): DMN 1.5, or 1.3, the only version Camunda
    Modeler and dmn-js open (``regel export`` writes 1.3 unless told otherwise)."""
    model_ns, dmndi_ns = VERSIONS[version]
    ET.register_namespace("", model_ns)
    ET.register_namespace("regel", REGEL_NAMESPACE)
    ET.register_namespace("dmndi", dmndi_ns)
    ET.register_namespace("dc", _DC)
    ET.register_namespace("di", _DI)
    root = _built(pack, version)[0]
    if version != "1.5":    # the same elements, in the older version's namespaces
        for node in root.iter():
            node.tag = node.tag.replace(f"{{{DMN15}}}", f"{{{model_ns}}}").replace(
                f"{{{_DMNDI}}}", f"{{{dmndi_ns}}}")
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
