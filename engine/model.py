"""The loaded form of a rule pack: plain data, with every FEEL text compiled once.

The loader builds these objects from YAML; the evaluator reads them; reports and
analysis walk them. DMN's words are used throughout: decision, version, decision
table, input clause, output clause, rule, hit policy.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regel.base.citations import cited_text as _cited_text
from regel.base.errors import Diagnostic, Span
from regel.feel import CompiledExpression, CompiledUnaryTests, Limits
from regel.feel.types import FeelType

__all__ = [
    "Text", "Source", "Citation", "Cited", "InputData", "InputClause", "OutputClause", "Rule",
    "DecisionTable",
    "LiteralExpression", "Version", "Decision", "OutputRead", "Service", "BrokenDecision",
    "Pack",
    "PackTest", "HIT_POLICIES",
    "text_json", "default_column_id", "cited_json", "cited_text",
]

#: Canonical hit policy names, and the DMN single-letter forms that mean the same.
HIT_POLICIES = {
    "UNIQUE": "UNIQUE", "U": "UNIQUE",
    "ANY": "ANY", "A": "ANY",
    "PRIORITY": "PRIORITY", "P": "PRIORITY",
    "FIRST": "FIRST", "F": "FIRST",
    "RULE ORDER": "RULE ORDER", "R": "RULE ORDER",
    "OUTPUT ORDER": "OUTPUT ORDER", "O": "OUTPUT ORDER",
    "COLLECT": "COLLECT", "C": "COLLECT",
    "COLLECT SUM": "COLLECT SUM", "C+": "COLLECT SUM",
    "COLLECT MIN": "COLLECT MIN", "C<": "COLLECT MIN",
    "COLLECT MAX": "COLLECT MAX", "C>": "COLLECT MAX",
    "COLLECT COUNT": "COLLECT COUNT", "C#": "COLLECT COUNT",
}


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing text in Danish and English."""

    da: str
    en: str

    def get(self, lang: str = "en") -> str:
        return self.da if lang == "da" else self.en

    @classmethod
    def of(cls, value: Any) -> Text | None:
        """From YAML: a {da, en} mapping, or one string used for both languages."""
        if value is None:
            return None
        if isinstance(value, Text):
            return value
        if isinstance(value, dict):
            da = str(value.get("da", value.get("en", "")))
            return cls(da, str(value.get("en", da)))
        return cls(str(value), str(value))

    def to_json(self) -> dict[str, str]:
        return {"da": self.da, "en": self.en}


def text_json(t: Text | None) -> dict[str, str] | None:
    """A text as JSON data, or None when there is none."""
    return t.to_json() if t is not None else None


@dataclass(frozen=True, slots=True)
class Source:
    """A source of the pack's registry (``sources.yaml`` or ``sources:`` in pack.yaml): a
    law, an order, a guideline, a ruling, named once and cited by its id."""

    id: str
    title: Text
    issuer: str
    language: str                               # the source's own language: da | en
    short: Text | None = None                   # the name used in running text
    number: str | None = None                   # "lov nr. 686"
    date: _dt.date | None = None                # issued or published
    url: str | None = None
    location: Span | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The source as a trace's ``sources`` holds it (without its id, the key)."""
        return {"title": self.title.to_json(), "short": text_json(self.short),
                "issuer": self.issuer, "number": self.number,
                "date": self.date.isoformat() if self.date else None,
                "language": self.language, "url": self.url}


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference to a registered source: its id, a pinpoint ("§ 1, stk. 2") and a note."""

    ref: str
    at: str | None = None
    note: Text | None = None
    location: Span | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "at": self.at, "note": text_json(self.note)}


#: a ``source`` field: free prose, or a list of citations of the registry
Cited = str | tuple[Citation, ...]


def cited_json(source: Cited | None) -> Any:
    """A ``source`` field as JSON: the string, or the list of citations."""
    if isinstance(source, tuple):
        return [c.to_json() for c in source]
    return source


def cited_text(source: Cited | None, sources: dict[str, Source], lang: str,
               sep: str = "; ") -> str:
    """A ``source`` field as text (``regel.base.citations.citation_text`` of each)."""
    if isinstance(source, tuple):
        registry = {c.ref: sources[c.ref].to_json() for c in source if c.ref in sources}
        return _cited_text([c.to_json() for c in source], registry, lang, sep)
    return source or ""


@dataclass(slots=True)
class InputData:
    """A case fact the pack accepts (DMN input data)."""

    id: str
    type: str
    label: Text
    description: Text | None = None
    allowed: CompiledUnaryTests | None = None
    allowed_values: tuple[Any, ...] | None = None
    items: str | None = None
    location: Span | None = None
    unit: str | None = None                     # "kr.", "%": how reports write the number
    value_labels: dict[str, Text] = field(default_factory=dict)  # coded value -> name
    field_labels: dict[str, Text] = field(default_factory=dict)  # for mapping facts
    field_units: dict[str, str] = field(default_factory=dict)
    #: not declared in the DMN model: a decision reads it by name, as Camunda reads a
    #: process variable (docs/dmn.md, "Process variables")
    implicit: bool = False
    #: the FEEL type a DMN model declares for it (an item definition); a value is
    #: conformed to it (regel.feel.types.conform). None: ``type`` says all
    feel_type: FeelType | None = None
    #: an input of a model a DMN model imports: that model's namespace and the input's name
    #: there (a DMN test case gives it so); None for the model's own inputs
    origin: tuple[str, str] | None = None


@dataclass(slots=True)
class InputClause:
    id: str
    text: str
    expression: CompiledExpression
    label: Text | None = None
    type: str | None = None
    allowed_values: tuple[Any, ...] | None = None
    #: the values the column may hold as unary tests (``[18..120]``, DMN's input values)
    allowed: CompiledUnaryTests | None = None


@dataclass(slots=True)
class OutputClause:
    name: str
    label: Text | None = None
    type: str | None = None
    allowed_values: tuple[Any, ...] | None = None
    default: Any = None
    has_default: bool = False
    unit: str | None = None
    #: the values the output may take as unary tests (``[0..100]``, DMN's output values)
    allowed: CompiledUnaryTests | None = None


@dataclass(slots=True)
class Rule:
    id: str
    index: int                                  # 1-based position in the table
    tests: tuple[CompiledUnaryTests, ...]       # one per input clause
    outputs: tuple[CompiledExpression, ...]     # one per output clause
    source: Cited | None = None
    note: Text | None = None
    interpretation: Text | None = None
    location: Span | None = None
    #: (input index, compiled test) for each cell that is not '-', in column order
    checks: tuple[tuple[int, Any], ...] = ()

    def __post_init__(self) -> None:
        self.checks = tuple((i, t.function) for i, t in enumerate(self.tests) if not t.is_any)

    def cell_texts(self) -> list[str]:
        return [t.text for t in self.tests]

    def output_texts(self) -> list[str]:
        return [o.text for o in self.outputs]


@dataclass(slots=True)
class DecisionTable:
    hit_policy: str                             # canonical name, e.g. "COLLECT SUM"
    inputs: tuple[InputClause, ...]
    outputs: tuple[OutputClause, ...]
    rules: tuple[Rule, ...]
    #: allowed values usable as bare names in this table's cells: name -> string
    constants: dict[str, str] = field(default_factory=dict)
    #: column indexes when every testing column can be indexed (regel.analysis.index)
    index: list[Any] | None = None

    @property
    def aggregation(self) -> str | None:
        return self.hit_policy.split(" ", 1)[1] if self.hit_policy.startswith(
            "COLLECT ") else None


@dataclass(slots=True)
class LiteralExpression:
    text: str
    expression: CompiledExpression
    type: str | None = None


@dataclass(slots=True)
class Version:
    valid_from: _dt.date
    valid_to: _dt.date | None
    source: Cited
    logic: DecisionTable | LiteralExpression
    interpretation: Text | None = None
    note: Text | None = None
    location: Span | None = None
    #: tables inside a DMN boxed expression, which the expression calls as functions:
    #: name -> (parameters, table)
    tables: dict[str, tuple[tuple[str, ...], DecisionTable]] = field(default_factory=dict)

    def covers(self, day: _dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def period(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"[{self.valid_from.isoformat()}, {end})"


@dataclass(slots=True)
class Decision:
    id: str
    label: Text
    question: Text | None
    inputs: tuple[str, ...]                     # required input data ids
    decisions: tuple[str, ...]                  # required decision ids
    optional: frozenset[str]
    versions: tuple[Version, ...]               # sorted by valid_from
    version_by: CompiledExpression | None = None
    location: Span | None = None
    #: units for reports: "" -> the unit of a number result; field -> unit of that field
    units: dict[str, str] = field(default_factory=dict)
    #: names for reports: of the result's fields, and of coded values in it
    field_labels: dict[str, Text] = field(default_factory=dict)
    value_labels: dict[str, Text] = field(default_factory=dict)
    version_by_label: Text | None = None
    #: a decision with parameters is a function of them (a DMN business knowledge model)
    parameters: tuple[str, ...] = ()
    #: names read as an output of a required decision, as Camunda reads them
    output_reads: dict[str, OutputRead] = field(default_factory=dict)
    #: the FEEL types a DMN model declares for the result, conformed to in turn (the
    #: expression's typeRef, then the variable's); empty in a YAML pack
    result_types: tuple[FeelType, ...] = ()
    #: the declared FEEL type of each parameter (None: undeclared), as ``parameters``
    parameter_types: tuple[FeelType | None, ...] = ()
    #: a function even without parameters (``parameters: []``; a DMN business knowledge
    #: model with no formal parameter): its value is a function called with none
    function_of_none: bool = False

    #: a DMN decision service: its value is a function that evaluates these decisions
    service: Service | None = None
    #: the sentence that answers the decision (``answer:``), as written: {da, en}, or
    #: {"field", "cases": {JSON text of a value: {da, en}}, "otherwise"}; None: none
    answer: dict[str, Any] | None = None
    #: ``always_answers: true``: null is never a legal answer, so a gap is an error
    always_answers: bool = False

    @property
    def is_function(self) -> bool:
        """Whether the decision's value is a function (a DMN business knowledge model)."""
        return bool(self.parameters) or self.function_of_none

    def version_for(self, day: _dt.date) -> Version | None:
        for v in self.versions:   # (Version.covers, in place: on a traced case's path)
            if v.valid_from <= day and (v.valid_to is None or day < v.valid_to):
                return v
        return None

    def coverage(self) -> str:
        return ", ".join(v.period() for v in self.versions)


@dataclass(frozen=True, slots=True)
class Service:
    """What a DMN decision service evaluates: its output decisions (and the decisions
    they need, but not its input decisions), with its parameters (the input decisions,
    then the input data) given by the caller."""

    outputs: tuple[str, ...]
    encapsulated: tuple[str, ...] = ()
    input_decisions: tuple[str, ...] = ()
    input_data: tuple[str, ...] = ()
    #: the built-in type of the service's value (of its one output); None: any
    type: str | None = None


@dataclass(frozen=True, slots=True)
class OutputRead:
    """A name a decision reads as an output of a decision it requires (a DMN model made
    for Camunda: docs/dmn.md, "Process variables")."""

    decision: str
    output: str | None = None    # the output of a result with several; None: the result
    #: the table collects its rules' outputs (COLLECT without an aggregation, RULE ORDER,
    #: OUTPUT ORDER): no rule matched is null, as Camunda then sets no variable
    collects: bool = False


@dataclass(frozen=True, slots=True)
class BrokenDecision:
    """A decision of a DMN model that could not be built (an element regel does not
    support, a static error, or a requirement that is itself broken). The rest of the
    model runs; evaluating this decision fails with ``problem``, located in the model."""

    id: str
    problem: Diagnostic                      # the first problem, where it is written
    problems: tuple[Diagnostic, ...] = ()    # every problem found in the decision
    needs: str | None = None                 # the broken requirement, when that is why


@dataclass(slots=True)
class PackTest:
    """One YAML test of the pack (run by the test tools)."""

    name: str
    facts: dict[str, Any]
    as_of: _dt.date | None
    expect: dict[str, Any]
    matched: dict[str, list[str]] = field(default_factory=dict)
    not_matched: dict[str, list[str]] = field(default_factory=dict)
    location: Span | None = None


@dataclass(slots=True)
class Pack:
    id: str
    title: Text
    version: str
    jurisdiction: str
    inputs: dict[str, InputData]
    decisions: dict[str, Decision]              # in dependency order (requirements first)
    path: Path
    fingerprint: str
    source: Cited | None = None
    description: Text | None = None
    date_policy: str | None = None
    tests: list[PackTest] = field(default_factory=list)
    default_language: str = "en"
    #: "regel": 2024-07-01 in a cell is a date; "dmn": standard FEEL, as DMN tools read it
    feel_dialect: str = "regel"
    #: "stop": a decision that cannot be decided stops the evaluation with an error;
    #: "null": its result is null with a warning, as in DMN
    failed_decisions: str = "stop"
    #: the pack's evaluation budget (``limits:`` in pack.yaml); None: the defaults
    limits: Limits | None = None
    #: decisions of a DMN model that could not be built, by name (a YAML pack has none:
    #: it does not load with an error)
    broken: dict[str, BrokenDecision] = field(default_factory=dict)
    #: what loading found that does not stop the pack (a DMN requirement listed twice);
    #: ``regel check`` shows them
    warnings: list[Diagnostic] = field(default_factory=list)
    #: the pack's registry of sources, by id (``sources.yaml``, ``sources:`` in pack.yaml)
    sources: dict[str, Source] = field(default_factory=dict)
    #: the decisions each question needs, in order (regel.run.evaluate keeps them)
    plans: dict[tuple[str, ...], list[str]] = field(default_factory=dict, compare=False,
                                                    repr=False)
    #: each decision's generated function (regel.run.compiled), made when first needed;
    #: None where only the reference evaluates it
    compiled: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


def default_column_id(text: str, index: int) -> str:
    """The id of an input column that names none: its expression when that is one plain
    word, else input_N (1-based)."""
    return text if re.fullmatch(r"[^\W\d]\w*", text) else f"input_{index + 1}"
