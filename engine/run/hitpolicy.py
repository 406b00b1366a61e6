"""Hit policies: how a decision table's matching rules become its result.

A registry keyed by the DMN name, one small function each. A function receives the
table and the matches (rule, output values) in rule order and returns a ``Hit``: the
result, the rules that decided it, and a sentence for the trace. A violated policy
(two UNIQUE hits, ANY hits that disagree) raises ``EvaluationError`` naming the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from regel.base.diagnostics import EvaluationError
from regel.feel.values import FEEL_CONTEXT, feel_compare, feel_equal, to_feel_literal
from regel.model import DecisionTable, Rule

__all__ = ["Hit", "HIT_POLICY_FUNCTIONS", "RESOLUTIONS", "resolve"]

Match = tuple[Rule, list[Any]]


#: How each resolution is said, in English and Danish (fields filled from ``Hit.values``).
RESOLUTIONS: dict[str, dict[str, str]] = {
    "default": {"en": "{policy}: no rule matched, so the default {value} applies",
                "da": "{policy}: ingen regel var opfyldt, så standardværdien {value} gælder"},
    "count-none": {"en": "COLLECT COUNT: no rule matched, so the count is 0",
                   "da": "COLLECT COUNT: ingen regel var opfyldt, så antallet er 0"},
    "none": {"en": "{policy}: no rule matched and the table has no default, so the result "
                   "is null",
             "da": "{policy}: ingen regel var opfyldt, og tabellen har ingen standardværdi, "
                   "så resultatet er null"},
    "unique": {"en": "UNIQUE: exactly one rule matched ({rules})",
               "da": "UNIQUE: præcis én regel var opfyldt ({rules})"},
    "any-one": {"en": "ANY: one rule matched ({rules})",
                "da": "ANY: én regel var opfyldt ({rules})"},
    "any-many": {"en": "ANY: {count} rules matched ({rules}) with the same output",
                 "da": "ANY: {count} regler var opfyldt ({rules}) med samme resultat"},
    "priority-one": {"en": "PRIORITY: one rule matched ({rules})",
                     "da": "PRIORITY: én regel var opfyldt ({rules})"},
    "priority-many": {"en": "PRIORITY: {count} rules matched ({rules}); {winner} gives "
                            "{value}, which comes first in the allowed values",
                      "da": "PRIORITY: {count} regler var opfyldt ({rules}); {winner} giver "
                            "{value}, som står først blandt de tilladte værdier"},
    "first-one": {"en": "FIRST: one rule matched ({rules})",
                  "da": "FIRST: én regel var opfyldt ({rules})"},
    "first-many": {"en": "FIRST: {count} rules matched ({rules}); the first in table order, "
                         "{winner}, decides",
                   "da": "FIRST: {count} regler var opfyldt ({rules}); den første i tabellen, "
                         "{winner}, afgør det"},
    "rule-order": {"en": "RULE ORDER: the outputs of {rules}, in table order",
                   "da": "RULE ORDER: resultaterne af {rules} i tabellens rækkefølge"},
    "output-order": {"en": "OUTPUT ORDER: the outputs of {rules}, in the order of the "
                           "allowed values",
                     "da": "OUTPUT ORDER: resultaterne af {rules} i de tilladte værdiers "
                           "rækkefølge"},
    "collect": {"en": "COLLECT: the outputs of {rules}",
                "da": "COLLECT: resultaterne af {rules}"},
    "sum": {"en": "COLLECT SUM: {rules} matched; their outputs add up to {value}",
            "da": "COLLECT SUM: {rules} var opfyldt; deres resultater giver tilsammen {value}"},
    "min": {"en": "{policy}: {rules} matched; the smallest output is {value} ({winner})",
            "da": "{policy}: {rules} var opfyldt; det mindste resultat er {value} ({winner})"},
    "max": {"en": "{policy}: {rules} matched; the largest output is {value} ({winner})",
            "da": "{policy}: {rules} var opfyldt; det største resultat er {value} ({winner})"},
    "count": {"en": "COLLECT COUNT: {count} rule(s) matched ({rules})",
              "da": "COLLECT COUNT: {count} regel/regler var opfyldt ({rules})"},
}


@dataclass(frozen=True, slots=True)
class Hit:
    value: Any
    decided_by: tuple[str, ...]   # rule ids whose outputs make up the result
    key: str                      # which sentence of RESOLUTIONS explains the result
    values: dict[str, str]        # the sentence's fields
    used_default: bool = False

    def resolution(self, lang: str = "en") -> str:
        return RESOLUTIONS[self.key][lang].format(**self.values)


def _compose(table: DecisionTable, outputs: list[Any]) -> Any:
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
        value = _compose(table, [o.default if o.has_default else None for o in table.outputs])
        return Hit(value, (), "default", {"policy": policy, "value": _show(value)},
                   used_default=True)
    if policy == "COLLECT COUNT":
        return Hit(Decimal(0), (), "count-none", {})
    return Hit(None, (), "none", {"policy": policy})


def _unique(table: DecisionTable, matches: list[Match]) -> Hit:
    if len(matches) > 1:
        raise EvaluationError(
            f"the UNIQUE table allows one matching rule, but {len(matches)} match: "
            f"{_ids(matches)}", code="HIT-POLICY-VIOLATED")
    rule, outs = matches[0]
    return Hit(_compose(table, outs), (rule.id,), "unique", {"rules": rule.id})


def _any(table: DecisionTable, matches: list[Match]) -> Hit:
    first_rule, first = matches[0]
    for rule, outs in matches[1:]:
        if not all(feel_equal(a, b) is True for a, b in zip(first, outs, strict=True)):
            raise EvaluationError(
                f"the ANY table allows several matching rules only when their outputs agree, "
                f"but {first_rule.id} gives {_show(_compose(table, first))} and {rule.id} "
                f"gives {_show(_compose(table, outs))}", code="HIT-POLICY-VIOLATED")
    ids = tuple(r.id for r, _ in matches)
    return Hit(_compose(table, first), ids, "any-one" if len(matches) == 1 else "any-many",
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
    return Hit(_compose(table, best), (best_rule.id,),
               "priority-one" if len(matches) == 1 else "priority-many",
               {"count": str(len(matches)), "rules": _ids(matches), "winner": best_rule.id,
                "value": _show(_compose(table, best))})


def _first(table: DecisionTable, matches: list[Match]) -> Hit:
    rule, outs = matches[0]
    return Hit(_compose(table, outs), (rule.id,),
               "first-one" if len(matches) == 1 else "first-many",
               {"count": str(len(matches)), "rules": _ids(matches), "winner": rule.id})


def _rule_order(table: DecisionTable, matches: list[Match]) -> Hit:
    return Hit([_compose(table, o) for _, o in matches], tuple(r.id for r, _ in matches),
               "rule-order", {"rules": _ids(matches)})


def _output_order(table: DecisionTable, matches: list[Match]) -> Hit:
    ordered = sorted(matches, key=lambda m: _rank(table, m[1]))
    return Hit([_compose(table, o) for _, o in ordered], tuple(r.id for r, _ in ordered),
               "output-order", {"rules": _ids(ordered)})


def _collect(table: DecisionTable, matches: list[Match]) -> Hit:
    return Hit([_compose(table, o) for _, o in matches], tuple(r.id for r, _ in matches),
               "collect", {"rules": _ids(matches)})


def _numbers(policy: str, matches: list[Match]) -> list[Any]:
    values = [o[0] for _, o in matches]
    for (rule, _), v in zip(matches, values, strict=True):
        if policy == "COLLECT SUM" and not isinstance(v, Decimal):
            raise EvaluationError(f"COLLECT SUM adds numbers, but rule {rule.id} gives "
                                  f"{_show(v)}", code="HIT-POLICY-VIOLATED")
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
                raise EvaluationError(f"{policy} compares the outputs, but {best_rule.id} gives "
                                      f"{_show(best)} and {rule.id} gives {_show(outs[0])}",
                                      code="HIT-POLICY-VIOLATED")
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
