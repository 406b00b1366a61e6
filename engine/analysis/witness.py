"""A gap's or an overlap's witness as a YAML test case, ready to paste into ``tests/*.yaml``:
the pack's fact names (a column that reads a fact gives that fact), the version's first
day as the as-of date, and the decision expected (null, to be replaced by the answer the
law gives). A column that is computed, or that reads another decision, cannot be a fact:
the case says so in a comment, with the value the rules need there.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regel.base.errors import RegelError
from regel.base.messages import Msg, render
from regel.feel.analysis import free_names
from regel.feel.api import CompiledExpression
from regel.feel.jsonio import dumps, plain
from regel.feel.values import feel_equal
from regel.model import DecisionTable, Pack

__all__ = ["WitnessCase", "witness_case"]

# a key YAML reads as itself, without quotes
_BARE_KEY = re.compile(r"^[^\W\d][\w]*( [\w]+)*$")


@dataclass(frozen=True, slots=True)
class WitnessCase:
    """A test case of a witness: ``facts`` by fact id, and the ``computed`` columns
    (column id, its expression, the value it must have) that no fact gives directly."""

    name: Msg
    decision: str
    as_of: _dt.date
    facts: dict[str, Any]
    computed: list[tuple[str, str, Any]] = field(default_factory=list)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {"name": render(self.name.key, lang, self.name.values),
                "as_of": self.as_of.isoformat(),
                "facts": {k: _data(v) for k, v in self.facts.items()},
                "computed": [{"column": c, "expression": e, "value": _data(v)}
                             for c, e, v in self.computed],
                "expect": {self.decision: None}}

    def yaml(self, lang: str = "en") -> str:
        """The case as an item of a YAML test file's ``tests:`` list."""
        out = [f"- name: {dumps(render(self.name.key, lang, self.name.values))}",
               f"  as_of: {self.as_of.isoformat()}"]
        if self.facts:
            out.append("  facts:")
            out += [f"    {_key(k)}: {_scalar(v)}" for k, v in self.facts.items()]
        else:
            out.append("  facts: {}")
        for column, expression, value in self.computed:
            out.append("  # " + render("analysis.case.computed", lang, {
                "column": column, "value": _scalar(value), "expression": expression}))
        out.append("  expect:")
        out.append(f"    {_key(self.decision)}: null   # "
                   + render("analysis.case.expect", lang))
        return "\n".join(out)


def witness_case(pack: Pack, decision: str, valid_from: _dt.date, table: DecisionTable,
                 witness: dict[str, Any], name: Msg) -> WitnessCase:
    """The test case of ``witness`` (input column id -> value) in ``table``, a version of
    ``decision`` that starts on ``valid_from``."""
    facts: dict[str, Any] = {}
    computed: list[tuple[str, str, Any]] = []
    for clause in table.inputs:
        if clause.id not in witness:
            continue
        value = witness[clause.id]
        if clause.text in pack.inputs:
            facts[clause.text] = value
        else:
            computed.append((clause.id, clause.text, value))
    still = []
    for column, clause in ((c, next(x for x in table.inputs if x.id == c[0]))
                           for c in computed):
        given = _facts_giving(pack, clause.expression, column[2], facts)
        if given is None:
            still.append(column)
        else:
            facts.update(given)
    return WitnessCase(name, decision, valid_from, facts, still)


def _facts_giving(pack: Pack, expression: CompiledExpression, value: Any,
                  facts: dict[str, Any]) -> dict[str, Any] | None:
    """Facts that make a computed column ``value``, when giving each fact it reads (and no
    other fact of the case sets) that same value does (``if a != null then a else b``);
    else None."""
    names = [n for n, _ in free_names(expression.ast) if n in pack.inputs]
    guess = {n: value for n in dict.fromkeys(names) if n not in facts}
    if not guess:
        return None
    try:
        got = expression.evaluate({**facts, **guess}).value
    except (RegelError, ArithmeticError, TypeError, ValueError):
        return None
    return guess if feel_equal(got, value) is True else None


def _data(value: Any) -> Any:
    """A value as JSON-ready data; whole numbers as int, which even the standard ``json``
    module writes."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return plain(value)


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else dumps(name)


def _scalar(value: Any) -> str:
    """A value as YAML reads it back: dates bare (YAML dates), numbers, booleans, null;
    text and anything else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (Decimal, int)):
        return dumps(value)
    data = plain(value)
    return dumps(data if isinstance(data, str) else dumps(data))
