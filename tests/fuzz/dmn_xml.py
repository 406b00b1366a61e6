"""Hostile DMN XML for the fuzz suite (issue 19): mutants of DMN models (attributes, texts and
element names changed, entity bombs and external entities, other encodings) and models
generated from scratch with random decisions, tables and FEEL.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

from tests.fuzz.feel_text import small_feel, unary_text
from tests.fuzz.mutations import mutate_bytes, mutate_lines, reencode

__all__ = ["mutate_xml", "generated_dmn", "DMN_NAMESPACES"]

DMN_NAMESPACES = [
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd", "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "https://www.omg.org/spec/DMN/20191111/MODEL/", "https://www.omg.org/spec/DMN/20211108/MODEL/",
    "https://www.omg.org/spec/DMN/20230324/MODEL/", "http://example.org/not-dmn", "",
]
TAGS = [
    "definitions", "decision", "inputData", "businessKnowledgeModel", "decisionService",
    "knowledgeSource", "itemDefinition", "itemComponent", "typeRef", "allowedValues", "text",
    "variable", "informationRequirement", "requiredInput", "requiredDecision",
    "knowledgeRequirement", "requiredKnowledge", "literalExpression", "decisionTable", "input",
    "inputExpression", "inputValues", "output", "outputValues", "defaultOutputEntry", "rule",
    "inputEntry", "outputEntry", "annotationEntry", "context", "contextEntry", "invocation",
    "binding", "parameter", "functionDefinition", "formalParameter", "encapsulatedLogic",
    "list", "relation", "column", "row", "conditional", "if", "then", "else", "for", "in",
    "return", "some", "every", "filter", "match", "extensionElements", "outputDecision",
    "encapsulatedDecision", "inputDecision",
]
ATTR_VALUES = [
    "", " ", "#", "#nope", "#_1", "x", "number", "string", "boolean", "date", "Any", "tNope",
    "feel:number", "nope:number", "list<number>", "UNIQUE", "FIRST", "PRIORITY", "ANY",
    "COLLECT", "RULE ORDER", "OUTPUT ORDER", "nope", "SUM", "COUNT", "MIN", "MAX", "true",
    "false", "1", "-1", "99999999999999999999", "FEEL", "http://www.omg.org/spec/FEEL/20140401",
    "javascript", "\u00e6\u00f8\u00e5", "a b", "a\tb", "&amp;", "&lt;x&gt;", "&#0;", "&#xD800;",
    "&nope;", "\U0001f600", "x" * 5000,
]
_ENTITIES = [
    b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
    b'<!DOCTYPE d SYSTEM "http://127.0.0.1:9/dtd">',
    b'<!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE d [<!ELEMENT d ANY><!ATTLIST decision name CDATA "defaulted">]>',
    b"<?xml-stylesheet href='x.xsl'?>", b"<!-- a comment -->", b"\xef\xbb\xbf",
]
_ATTRIBUTE = re.compile(rb'(\s[\w:.-]+)="([^"]*)"')
_TEXT = re.compile(rb">([^<]+)<")
_TAG = re.compile(rb"</?(?:[\w.-]+:)?([\w.-]+)")


def _attr(value: str) -> bytes:
    return quoteattr(value).encode("utf-8", "surrogatepass")


@st.composite
def _mutate_attribute(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(_ATTRIBUTE.finditer(data))
    if not found:
        return data
    m = found[draw(st.integers(0, len(found) - 1))]
    kind = draw(st.sampled_from(["value", "value", "raw", "delete", "twice"]))
    if kind == "delete":
        return data[:m.start()] + data[m.end():]
    if kind == "twice":
        return data[:m.end()] + m.group(0) + data[m.end():]
    value = draw(st.one_of(st.sampled_from(ATTR_VALUES), st.text(max_size=12)))
    new = (b'="' + value.encode("utf-8", "surrogatepass") + b'"') if kind == "raw" \
        else b"=" + _attr(value)
    return data[:m.start()] + m.group(1) + new + data[m.end():]


@st.composite
def _mutate_text(draw: st.DrawFn, data: bytes) -> bytes:
    found = [m for m in _TEXT.finditer(data) if m.group(1).strip()]
    if not found:
        return data
    m = found[draw(st.integers(0, len(found) - 1))]
    text = draw(st.one_of(small_feel, unary_text(), st.text(max_size=12)))
    raw = draw(st.booleans())
    body = text if raw else escape(text)
    return data[:m.start(1)] + body.encode("utf-8", "surrogatepass") + data[m.end(1):]


@st.composite
def _rename_tag(draw: st.DrawFn, data: bytes) -> bytes:
    """Every element of one kind renamed to another kind (the XML stays well formed)."""
    names = sorted({m.group(1) for m in _TAG.finditer(data)})
    if not names:
        return data
    old = draw(st.sampled_from(names))
    new = draw(st.sampled_from(TAGS)).encode()
    return re.sub(rb"(</?(?:[\w.-]+:)?)" + re.escape(old) + rb"(?=[\s/>])",
                  lambda m: m.group(1) + new, data)


@st.composite
def _special(draw: st.DrawFn, data: bytes) -> bytes:
    """An entity bomb, an external entity, nesting, or an encoding that is not the bytes'."""
    kind = draw(st.sampled_from(["doctype", "use-entity", "deep", "encoding", "standalone"]))
    head_end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    head, body = data[:head_end], data[head_end:]
    if kind == "doctype":
        return head + draw(st.sampled_from(_ENTITIES)) + body
    if kind == "use-entity":
        found = [m for m in _TEXT.finditer(data) if m.group(1).strip()]
        entity = draw(st.sampled_from([b"&d;", b"&x;", b"&nope;", b"&#0;", b"&#x110000;"]))
        if not found:
            return head + _ENTITIES[0] + body + entity
        m = found[draw(st.integers(0, len(found) - 1))]
        return head + draw(st.sampled_from(_ENTITIES[:3])) + body[:m.start(1) - head_end] + \
            entity + body[m.end(1) - head_end:]
    if kind == "deep":
        n = draw(st.integers(10, 5000))
        tag = draw(st.sampled_from([b"context", b"x", b"list", b"extensionElements"]))
        close = data.rfind(b"</")
        close = close if close >= 0 else len(data)
        return data[:close] + (b"<" + tag + b">") * n + (b"</" + tag + b">") * n + data[close:]
    if kind == "encoding":
        label = draw(st.sampled_from([b"UTF-16", b"ISO-8859-1", b"nope", b"UTF-32", b"ascii"]))
        return b'<?xml version="1.0" encoding="' + label + b'"?>' + body
    return b'<?xml version="1.1" standalone="no"?>' + body


@st.composite
def mutate_xml(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` (XML) after one to three mutations."""
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from([_mutate_attribute, _mutate_attribute, _mutate_text,
                                   _mutate_text, _rename_tag, _special, mutate_lines,
                                   mutate_bytes, reencode]))
        data = draw(op(data))
    return data


# ----------------------------------------------------------------------------- generated

_ids = st.sampled_from(["d1", "d2", "d3", "i1", "i2", "b1", "", "d1 ", "1x", "\u00e6"])
_names = st.sampled_from(["D1", "D2", "D3", "In 1", "In 2", "B1", "a", "", "x y", "D1",
                          "date", "for", "?", "\u00e6\u00f8\u00e5"])
_typeRefs = st.sampled_from(["", "number", "string", "boolean", "date", "date and time",
                             "time", "days and time duration", "Any", "tNope", "feel:number",
                             "list<number>"])
_hit = st.sampled_from(["UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER",
                        "OUTPUT ORDER", "nope"])


@st.composite
def _table(draw: st.DrawFn) -> str:
    inputs = draw(st.lists(st.tuples(small_feel, _typeRefs), max_size=3))
    outputs = draw(st.lists(st.tuples(_names, _typeRefs), min_size=0, max_size=2))
    rules = []
    for _ in range(draw(st.integers(0, 4))):
        cells = [draw(unary_text()) for _ in inputs] + \
            [draw(small_feel) for _ in range(draw(st.integers(0, 3)))]
        kinds = ["inputEntry"] * len(inputs) + ["outputEntry"] * (len(cells) - len(inputs))
        rules.append("<rule>" + "".join(
            f"<{k}><text>{escape(c)}</text></{k}>" for k, c in zip(kinds, cells, strict=True))
            + "</rule>")
    aggregation = draw(st.sampled_from(["", ' aggregation="SUM"', ' aggregation="COUNT"',
                                        ' aggregation="NOPE"']))
    return (f'<decisionTable hitPolicy="{draw(_hit)}"{aggregation}>' + "".join(
        f'<input><inputExpression typeRef="{t}"><text>{escape(e)}</text></inputExpression>'
        "</input>" for e, t in inputs) + "".join(
        f'<output name={quoteattr(n)} typeRef="{t}"/>' for n, t in outputs)
        + "".join(rules) + "</decisionTable>")


@st.composite
def _logic(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["literal", "literal", "table", "context", "none", "list"]))
    if kind == "literal":
        return f"<literalExpression><text>{escape(draw(small_feel))}</text></literalExpression>"
    if kind == "table":
        return draw(_table())
    if kind == "context":
        entries = draw(st.lists(st.tuples(_names, small_feel), max_size=3))
        return "<context>" + "".join(
            f"<contextEntry><variable name={quoteattr(n)}/><literalExpression><text>"
            f"{escape(e)}</text></literalExpression></contextEntry>" for n, e in entries) + \
            "</context>"
    if kind == "list":
        return "<list>" + "".join(
            f"<literalExpression><text>{escape(e)}</text></literalExpression>"
            for e in draw(st.lists(small_feel, max_size=3))) + "</list>"
    return ""


@st.composite
def _element(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["decision", "decision", "inputData", "bkm", "item"]))
    ident, name = draw(_ids), draw(_names)
    variable = f'<variable name={quoteattr(name)} typeRef="{draw(_typeRefs)}"/>'
    if kind == "inputData":
        return f'<inputData id="{ident}" name={quoteattr(name)}>{variable}</inputData>'
    if kind == "item":
        return (f'<itemDefinition name={quoteattr(name)} isCollection="'
                f'{draw(st.sampled_from(["false", "true", "x"]))}"><typeRef>{draw(_typeRefs)}'
                f"</typeRef><allowedValues><text>{escape(draw(unary_text()))}</text>"
                "</allowedValues></itemDefinition>")
    if kind == "bkm":
        params = "".join(f'<formalParameter name={quoteattr(p)} typeRef="{draw(_typeRefs)}"/>'
                         for p in draw(st.lists(_names, max_size=2)))
        return (f'<businessKnowledgeModel id="{ident}" name={quoteattr(name)}>{variable}'
                f"<encapsulatedLogic>{params}{draw(_logic())}</encapsulatedLogic>"
                "</businessKnowledgeModel>")
    needs = "".join(f'<informationRequirement><{r} href="#{draw(_ids)}"/>'
                    "</informationRequirement>"
                    for r in draw(st.lists(st.sampled_from(["requiredDecision", "requiredInput"]),
                                           max_size=2)))
    knows = "".join(f'<knowledgeRequirement><requiredKnowledge href="#{draw(_ids)}"/>'
                    "</knowledgeRequirement>" for _ in range(draw(st.integers(0, 1))))
    return (f'<decision id="{ident}" name={quoteattr(name)}>{variable}{needs}{knows}'
            f"{draw(_logic())}</decision>")


@st.composite
def generated_dmn(draw: st.DrawFn) -> bytes:
    """A DMN model written from scratch: random decisions, inputs, tables and FEEL."""
    namespace = draw(st.sampled_from(DMN_NAMESPACES))
    body = "".join(draw(st.lists(_element(), min_size=0, max_size=5)))
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="{namespace}" '
            'xmlns:feel="https://www.omg.org/spec/DMN/20230324/FEEL/" id="defs" name="fuzz" '
            f'namespace="http://example.org/fuzz">{body}</definitions>\n')
    return text.encode("utf-8", "surrogatepass")
