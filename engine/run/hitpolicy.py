"""Hit policies: how a decision table's matching rules become its result.

A registry keyed by the DMN name, one small function each. A function receives the
table and the matches (rule, output values) in rule order and returns a ``Hit``: the
result, the rules that decided it, and the message for the trace (a catalogue key
``run.resolution.*`` and its values). A violated policy (two UNIQUE hits, ANY hits that
disagree) raises ``EvaluationError`` naming the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from regel.base.errors import EvaluationError
from regel.base.messages import Msg, render
from regel.feel.budget import DEFAULT_LIMITS, budget
from regel.feel.values import FEEL_CONTEXT, feel_compare, feel_equal, to_feel_literal
from regel.model import DecisionTable, Rule

__all__ = ["Hit", "HIT_POLICY_FUNCTIONS", "resolve", "compose"]

Match = tuple[Rule, list[Any]]


class Hit:
    """What a hit policy made of a table's matches (not changed once made: a plain class,
    which costs a third of a frozen dataclass to make, on every traced table's path)."""

    __slots__ = ("value", "decided_by", "key", "values", "used_default")

    def __init__(self, value: Any, decided_by: tuple[str, ...], key: str,
                 values: dict[str, str], used_default: bool = False) -> None:
        self.value = value
        self.decided_by = decided_by      # rule ids whose outputs make up the result
        self.key = key                    # which run.resolution.* message explains it
        self.values = values              # the message's fields
        self.used_default = used_default

    @property
    def message(self) -> Msg:
        """How the result came about, as a message for the trace."""
        return Msg(f"run.resolution.{self.key}", self.values)

    def resolution(self, lang: str = "en") -> str:
        return render(self.message.key, lang, self.values)


def compose(table: DecisionTable, outputs: list[Any]) -> Any:
    """One output gives its value; several give a context by output name."""
    if len(table.outputs) == 1:
        return outputs[0]
    return {o.name: v for o, v in zip(table.outputs, outputs, strict=True)}


def _show(value: Any) -> str:
    return to_feel_literal(value)


def _ids(matches: list[Match]) -> str:
    return ", ".join(r.id for r, _ in matches)


def _no_match(table: DecisionTable, policy: str) -> Hit:
    if any(o.has_default for o in table.outputs):
        value = compose(table, [o.default if o.has_default else None for o in table.outputs])
        with budget(DEFAULT_LIMITS):    # the words for a written default cost the
            shown = _show(value)        # evaluation nothing (they are the pack's text)
        return Hit(value, (), "default", {"policy": policy, "value": shown},
                   used_default=True)
    if policy == "COLLECT COUNT":
        return Hit(Decimal(0), (), "count-none", {})
    return Hit(None, (), "none", {"policy": policy})


def _unique(table: DecisionTable, matches: list[Match]) -> Hit:
    if len(matches) > 1:
        raise EvaluationError.of("HIT-POLICY-VIOLATED", key="HIT-POLICY-VIOLATED/unique",
                                 count=len(matches), rules=_ids(matches))
    rule, outs = matches[0]
    return Hit(compose(table, outs), (rule.id,), "unique", {"rules": rule.id})


def _any(table: DecisionTable, matches: list[Match]) -> Hit:
    first_rule, first = matches[0]
    for rule, outs in matches[1:]:
        if not all(feel_equal(a, b) is True for a, b in zip(first, outs, strict=True)):
            raise EvaluationError.of(
                "HIT-POLICY-VIOLATED", key="HIT-POLICY-VIOLATED/any", first=first_rule.id,
                first_value=_show(compose(table, first)), other=rule.id,
                other_value=_show(compose(table, outs)))
    ids = tuple(r.id for r, _ in matches)
    return Hit(compose(table, first), ids, "any-one" if len(matches) == 1 else "any-many",
               {"count": str(len(matches)), "rules": _ids(matches)})


def _rank(table: DecisionTable, outs: list[Any]) -> tuple[int, ...]:
    ranks = []
    for o, v in zip(table.outputs, outs, strict=True):
        values = list(o.allowed_values or ())
        ranks.append(next((i for i, a in enumerate(values) if feel_equal(a, v) is True),
                          len(values)))
    return tuple(ranks)


def _priority(table: DecisionTable, matches: list[Match]) -> Hit:
    best_rule, best = min(matches, key=lambda m: _rank(table, m[1]))
    return Hit(compose(table, best), (best_rule.id,),
               "priority-one" if len(matches) == 1 else "priority-many",
               {"count": str(len(matches)), "rules": _ids(matches), "winner": best_rule.id,
                "value": _show(compose(table, best))})


def _first(table: DecisionTable, matches: list[Match]) -> Hit:
    rule, outs = matches[0]
    return Hit(compose(table, outs), (rule.id,),
               "first-one" if len(matches) == 1 else "first-many",
               {"count": str(len(matches)), "rules": _ids(matches), "winner": rule.id})


def _rule_order(table: DecisionTable, matches: list[Match]) -> Hit:
    return Hit([compose(table, o) for _, o in matches], tuple(r.id for r, _ in matches),
               "rule-order", {"rules": _ids(matches)})


def _output_order(table: DecisionTable, matches: list[Match]) -> Hit:
    ordered = sorted(matches, key=lambda m: _rank(table, m[1]))
    return Hit([compose(table, o) for _, o in ordered], tuple(r.id for r, _ in ordered),
               "output-order", {"rules": _ids(ordered)})


def _collect(table: DecisionTable, matches: list[Match]) -> Hit:
    return Hit([compose(table, o) for _, o in matches], tuple(r.id for r, _ in matches),
               "collect", {"rules": _ids(matches)})


def _numbers(policy: str, matches: list[Match]) -> list[Any]:
    values = [o[0] for _, o in matches]
    for (rule, _), v in zip(matches, values, strict=True):
        if policy == "COLLECT SUM" and not isinstance(v, Decimal):
            raise EvaluationError.of("HIT-POLICY-VIOLATED", key="HIT-POLICY-VIOLATED/sum",
                                     rule=rule.id, value=_show(v))
    return values


def _sum(table: DecisionTable, matches: list[Match]) -> Hit:
    values = _numbers("COLLECT SUM", matches)
    total = Decimal(0)
    for v in values:
        total = FEEL_CONTEXT.add(total, v)
    return Hit(total, tuple(r.id for r, _ in matches), "sum",
               {"rules": _ids(matches), "value": _show(total)})


def _extreme(policy: str, want: int) -> Callable[[DecisionTable, list[Match]], Hit]:
    def run(table: DecisionTable, matches: list[Match]) -> Hit:
        best_rule, best = matches[0][0], matches[0][1][0]
        for rule, outs in matches[1:]:
            c = feel_compare(outs[0], best)
            if c is None:
                raise EvaluationError.of(
                    "HIT-POLICY-VIOLATED", key="HIT-POLICY-VIOLATED/compare", policy=policy,
                    first=best_rule.id, first_value=_show(best), other=rule.id,
                    other_value=_show(outs[0]))
            if c == want:
                best_rule, best = rule, outs[0]
        return Hit(best, (best_rule.id,), "min" if want < 0 else "max",
                   {"policy": policy, "rules": _ids(matches), "value": _show(best),
                    "winner": best_rule.id})
    return run


def _count(table: DecisionTable, matches: list[Match]) -> Hit:
    return Hit(Decimal(len(matches)), tuple(r.id for r, _ in matches), "count",
               {"count": str(len(matches)), "rules": _ids(matches)})


HIT_POLICY_FUNCTIONS: dict[str, Callable[[DecisionTable, list[Match]], Hit]] = {
    "UNIQUE": _unique,
    "ANY": _any,
    "PRIORITY": _priority,
    "FIRST": _first,
    "RULE ORDER": _rule_order,
    "OUTPUT ORDER": _output_order,
    "COLLECT": _collect,
    "COLLECT SUM": _sum,
    "COLLECT MIN": _extreme("COLLECT MIN", -1),
    "COLLECT MAX": _extreme("COLLECT MAX", 1),
    "COLLECT COUNT": _count,
}


def resolve(table: DecisionTable, matches: list[Match]) -> Hit:
    """Apply the table's hit policy to its matches (in rule order)."""
    if not matches:
        return _no_match(table, table.hit_policy)
    return HIT_POLICY_FUNCTIONS[table.hit_policy](table, matches)
