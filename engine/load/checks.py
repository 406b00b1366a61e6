"""The checks a JSON Schema cannot make, each a small generator of diagnostics: what a
decision requires and the decision graph, versions, names in expressions, duplicate ids,
hit policies against outputs, and literals against their column's type and allowed values.
Nothing is evaluated; each check reads the file's data or the model built so far."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from regel.base.errors import Diagnostic
from regel.base.messages import Msg
from regel.base.slips import danish_date, is_money, thousands_slip
from regel.base.words import did_you_mean
from regel.dmn.vendors import vendor_function
from regel.feel import ast as feel_ast
from regel.feel.analysis import free_names
from regel.feel.registry import BUILTINS
from regel.feel.values import to_feel_literal
from regel.feel.values import type_name as feel_type
from regel.load.packfile import PackFile, YamlPath
from regel.load.values import as_date
from regel.model import Decision, InputData, OutputClause

__all__ = [
    "Problems", "requirements", "cycles", "dependency_order", "function_requires",
    "versions", "names", "ambiguous_names", "duplicate_columns", "duplicate_outputs",
    "duplicate_rules", "allowed_values_fit", "output_default", "hit_policy_outputs",
    "input_literals", "output_literal", "thousands", "cell_thousands", "fact_slips",
    "expect_slips",
]

Problems = Iterator[Diagnostic]


# --------------------------------------------------------------------------- the graph

def requirements(raw: Mapping[str, PackFile], inputs: Mapping[str, InputData],
                 broken: set[str], broken_inputs: set[str], only: str | None = None
                 ) -> Problems:
    """Each required input and decision exists (or was reported broken already), and each
    optional input is among those required; of the decision ``only``, or of every one."""
    for did, f in raw.items():
        if only is not None and did != only:
            continue
        req = f.data.get("requires") or {}
        for i, iid in enumerate(req.get("inputs") or []):
            if iid not in inputs and iid not in broken_inputs:
                yield f.problem("UNKNOWN-INPUT", ("requires", "inputs", i), decision=did,
                                input=iid, hint=did_you_mean(iid, inputs))
        for i, dep in enumerate(req.get("decisions") or []):
            if dep not in raw and dep not in broken:
                yield f.problem("UNKNOWN-DECISION/required", ("requires", "decisions", i),
                                decision=did, required=dep, hint=did_you_mean(dep, raw))
        for i, oid in enumerate(f.data.get("optional") or []):
            if oid not in (req.get("inputs") or []):
                yield f.problem("UNKNOWN-INPUT/optional", ("optional", i), input=oid)


def cycles(raw: Mapping[str, PackFile]) -> Problems:
    """No decisions require each other in a circle (each circle reported once)."""
    yield from _walk(raw)[1]


def dependency_order(raw: Mapping[str, PackFile]) -> list[str]:
    """The decisions in dependency order: each after the decisions it requires."""
    return _walk(raw)[0]


def _required_decisions(f: PackFile) -> list[str]:
    return list((f.data.get("requires") or {}).get("decisions") or [])


def _walk(raw: Mapping[str, PackFile]) -> tuple[list[str], list[Diagnostic]]:
    """Depth-first through ``requires: decisions``: the order and the circles met."""
    walk = _Walk(raw)
    for did in sorted(raw):
        walk.visit(did, [])
    return walk.order, walk.found


class _Walk:
    """The state of ``_walk``. (A nested function that calls itself would be a reference
    cycle holding every file, values and marks, until the collector ran; loading pauses
    it.)"""

    def __init__(self, raw: Mapping[str, PackFile]) -> None:
        self.raw = raw
        self.order: list[str] = []
        self.found: list[Diagnostic] = []
        self.state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(self, did: str, trail: list[str]) -> None:
        state, raw = self.state, self.raw
        if state.get(did) == 2:
            return
        if state.get(did) == 1:
            cycle = trail[trail.index(did):] + [did]
            f = raw[cycle[0]]
            deps = _required_decisions(f)
            self.found.append(f.problem("CYCLE", ("requires", "decisions",
                                                  deps.index(cycle[1])),
                                        cycle=" -> ".join(cycle)))
            return
        state[did] = 1
        for dep in _required_decisions(raw[did]):
            if dep in raw:
                self.visit(dep, trail + [did])
        state[did] = 2
        self.order.append(did)


def function_requires(f: PackFile, req_inputs: Sequence[str], req_decisions: Sequence[str],
                      built: Mapping[str, Decision]) -> Problems:
    """A decision with parameters (a function) requires only other functions."""
    did = f.data["id"]
    for i, name in enumerate(req_inputs):
        yield f.problem("FUNCTION-REQUIRES/input", ("requires", "inputs", i), decision=did,
                        name=name)
    for i, name in enumerate(req_decisions):
        if name in built and not built[name].is_function:
            yield f.problem("FUNCTION-REQUIRES/decision", ("requires", "decisions", i),
                            decision=did, name=name)


# --------------------------------------------------------------------------- versions

def versions(f: PackFile, did: str, raw_versions: list[dict[str, Any]]) -> Problems:
    """A decision's versions each end after they start, and follow one another without
    overlap or gap. A version that ends before it starts is reported once; its neighbours
    are not then also said to overlap it or leave a gap."""
    dated = [{**v, "valid_from": as_date(v["valid_from"]), "valid_to": as_date(v.get("valid_to"))}
             for v in raw_versions]
    indexed = sorted(enumerate(dated), key=lambda iv: iv[1]["valid_from"])
    backwards = {i for i, v in indexed
                 if v.get("valid_to") is not None and v["valid_to"] <= v["valid_from"]}
    for i, v in indexed:
        if i in backwards:
            yield f.problem("VERSION-ORDER", ("versions", i, "valid_to"), decision=did,
                            end=v["valid_to"], start=v["valid_from"])
    indexed = [(i, v) for i, v in indexed if i not in backwards]
    for (i, a), (j, c) in zip(indexed, indexed[1:], strict=False):
        yield from _next_version(f, did, (i, a), (j, c))


def _next_version(f: PackFile, did: str, first: tuple[int, dict[str, Any]],
                  then: tuple[int, dict[str, Any]]) -> Problems:
    (i, a), (j, c) = first, then
    end = a.get("valid_to")
    if end is None:
        yield f.problem("VERSION-OVERLAP/open-ended", ("versions", i, "valid_from"),
                        decision=did, start=a["valid_from"], next=c["valid_from"])
    elif end > c["valid_from"]:
        yield f.problem("VERSION-OVERLAP", ("versions", j, "valid_from"), decision=did,
                        end=end, next=c["valid_from"])
    elif end < c["valid_from"]:
        yield f.problem("VERSION-GAP", ("versions", j, "valid_from"), decision=did, end=end,
                        next=c["valid_from"])


# --------------------------------------------------------------------------- names

def names(f: PackFile, node: feel_ast.Node, scope: set[str], pack_inputs: set[str],
          decisions: set[str], path: YamlPath, where: Msg) -> Problems:
    """Every name ``node`` uses is in ``scope``: otherwise NOT-REQUIRED for an input or
    decision the decision does not require, UNKNOWN-NAME for anything else, each at the
    name's character inside the value at ``path``. ``where`` says what uses the name
    ("the expression")."""
    for name, span in free_names(node):
        if name in scope:
            continue
        line, col = f.position(path, span.start_pos)
        if name in pack_inputs:
            yield f.problem("NOT-REQUIRED/input", path, line=line, column=col, where=where,
                            name=name)
        elif name in decisions:
            yield f.problem("NOT-REQUIRED/decision", path, line=line, column=col, where=where,
                            name=name)
        elif (vendor := vendor_function(name)) is not None:   # Signavio's startsWith()
            yield f.problem("UNKNOWN-NAME/vendor" if vendor[1] else "UNKNOWN-NAME/vendor-only",
                            path, line=line, column=col, where=where, name=name,
                            vendor=vendor[0], standard=vendor[1])
        else:
            yield f.problem("UNKNOWN-NAME", path, line=line, column=col, where=where,
                            name=name, hint=did_you_mean(name, scope | set(BUILTINS)))


def ambiguous_names(f: PackFile, node: feel_ast.Node, path: YamlPath,
                    ambiguous: set[str]) -> Problems:
    """A cell does not use bare a name that is both an allowed value and an input or
    decision in scope."""
    for name, span in free_names(node):
        if name in ambiguous:
            line, col = f.position(path, span.start_pos)
            yield f.problem("AMBIGUOUS-NAME", path, line=line, column=col, name=name)


def duplicate_columns(f: PackFile, path: YamlPath, ids: Sequence[str]) -> Problems:
    """A table's input columns have different ids."""
    seen: set[str] = set()
    for i, cid in enumerate(ids):
        if cid in seen:
            yield f.problem("DUPLICATE-ID/input-column", path + ("inputs", i), name=cid)
        seen.add(cid)


def duplicate_outputs(f: PackFile, path: YamlPath, output_names: Sequence[str]) -> Problems:
    """A table's outputs have different names."""
    for i, name in enumerate(output_names):
        if name in output_names[:i]:
            yield f.problem("DUPLICATE-ID/output", path + ("outputs", i, "name"), name=name)


def duplicate_rules(f: PackFile, path: YamlPath, rule_ids: Sequence[str]) -> Problems:
    """A table's rules have different ids (a repeat names the rule last seen with it)."""
    last: dict[str, int] = {}
    for ri, rid in enumerate(rule_ids):
        if rid in last:
            yield f.problem("DUPLICATE-ID/rule", path + ("rules", ri, "id"), rule=rid,
                            number=last[rid])
        last[rid] = ri + 1


# --------------------------------------------------------------------------- values

def allowed_values_fit(f: PackFile, path: YamlPath, values: tuple[Any, ...] | None,
                       type_name: str) -> Problems:
    """A pack input's allowed values are of its type."""
    for i, v in enumerate(values or ()):
        if not _value_fits(v, type_name):
            yield f.problem("TYPE-MISMATCH/allowed-value", path + ("allowed_values", i),
                            value=to_feel_literal(v), type=type_name)


def output_default(f: PackFile, path: YamlPath, out: OutputClause, hit_policy: str) -> Problems:
    """An output's default is a list only where the table gives lists, and it (each of its
    elements) is of the output's type and among its allowed values."""
    default = out.default
    multi_hit = hit_policy in ("COLLECT", "RULE ORDER", "OUTPUT ORDER")
    if isinstance(default, list) and not multi_hit:
        yield f.problem("TYPE-MISMATCH/list-default", path + ("default",), policy=hit_policy)
    # a multi-hit table's default is a list of values: check each element
    for d_i, item in enumerate(default if isinstance(default, list) else [default]):
        dpath = path + ("default",) + ((d_i,) if isinstance(default, list) else ())
        if not out.has_default or item is None:
            continue
        if not _value_fits(item, out.type):
            yield f.problem("TYPE-MISMATCH/default", dpath, value=to_feel_literal(item),
                            type=out.type)
        elif out.allowed_values is not None and item not in out.allowed_values:
            yield f.problem("NOT-ALLOWED/default", dpath, value=to_feel_literal(item),
                            allowed=to_feel_literal(list(out.allowed_values)))


def hit_policy_outputs(f: PackFile, path: YamlPath, hit_policy: str,
                       outputs: Sequence[OutputClause], standard: bool) -> Problems:
    """An aggregation has one (numeric, for SUM) output; PRIORITY and OUTPUT ORDER rank by
    allowed values. DMN (``standard``) ranks by the outputs that list values and lets the
    others be; a pack is stricter, as an output without a ranking is there most often by
    mistake."""
    agg = hit_policy.split(" ", 1)[1] if hit_policy.startswith("COLLECT ") else None
    if agg in ("SUM", "MIN", "MAX", "COUNT") and len(outputs) > 1:
        yield f.problem("HIT-POLICY/one-output", path + ("hit_policy",), policy=hit_policy,
                        count=len(outputs))
    if agg == "SUM" and outputs and outputs[0].type not in (None, "number"):
        yield f.problem("HIT-POLICY/sum-of-numbers", path + ("hit_policy",),
                        type=outputs[0].type)
    ranked = any(o.allowed_values for o in outputs)
    if hit_policy in ("PRIORITY", "OUTPUT ORDER") and not (standard and ranked):
        listed = "outputValues" if standard else "allowed_values"
        for i, o in enumerate(outputs):
            if not o.allowed_values:
                yield f.problem("HIT-POLICY/ranking", path + ("outputs", i), policy=hit_policy,
                                listed=listed, name=o.name)


def input_literals(f: PackFile, path: YamlPath, literals: Iterable[feel_ast.Node],
                   column: str, column_type: str | None) -> Problems:
    """The literals an input cell compares with are of the column's type."""
    for lit in literals:
        if not _literal_fits(lit, column_type):
            yield f.problem("TYPE-MISMATCH/input-cell", path, name=column, type=column_type,
                            literal=_literal_words(lit))


def output_literal(f: PackFile, path: YamlPath, node: feel_ast.Node, out: OutputClause,
                   constants: Mapping[str, str]) -> Problems:
    """An output cell that is a literal (or a bare allowed value) is of the output's type
    and among its allowed values."""
    value: Any
    if isinstance(node, (feel_ast.String, feel_ast.Number, feel_ast.Boolean)):
        if not _literal_fits(node, out.type):
            yield _output_type_mismatch(f, path, node, out)
            return
        value = node.value
    elif isinstance(node, feel_ast.Name) and node.name in constants:
        value = constants[node.name]
    elif isinstance(node, feel_ast.Temporal):
        if not _literal_fits(node, out.type):
            yield _output_type_mismatch(f, path, node, out)
        return
    else:
        return
    if out.allowed_values is not None and value not in out.allowed_values:
        yield f.problem("NOT-ALLOWED/output", path, value=to_feel_literal(value), name=out.name,
                        allowed=[to_feel_literal(v) for v in out.allowed_values])
    elif out.allowed is not None and out.allowed.matches(value).value is not True:
        yield f.problem("NOT-ALLOWED/output-range", path, value=to_feel_literal(value),
                        name=out.name, allowed=out.allowed.text)


def _output_type_mismatch(f: PackFile, path: YamlPath, node: feel_ast.Node,
                          out: OutputClause) -> Diagnostic:
    return f.problem("TYPE-MISMATCH/output-cell", path, name=out.name, type=out.type,
                     literal=_literal_words(node))


_LITERAL_KINDS = {
    "number": (feel_ast.Number,),
    "string": (feel_ast.String,),
    "boolean": (feel_ast.Boolean,),
}

_TEMPORAL_KINDS = {_dt.datetime: "date and time", _dt.date: "date", _dt.time: "time"}


def _literal_fits(node: feel_ast.Node, type_name: str | None) -> bool:
    if type_name in (None, "any", "list", "context"):
        return True
    if isinstance(node, feel_ast.Temporal):
        value = node.value
        kind = _TEMPORAL_KINDS.get(type(value))
        return (kind or feel_type(value)) == type_name
    allowed = _LITERAL_KINDS.get(type_name or "")
    if allowed is None:
        return not isinstance(node, (feel_ast.Number, feel_ast.String, feel_ast.Boolean))
    return isinstance(node, allowed)


def _literal_words(node: feel_ast.Node) -> Msg | str:
    """A literal of a cell in words: 'the text "x"', 'the number 5', true, ..."""
    if isinstance(node, feel_ast.String):
        return Msg("load.literal.text", {"value": node.value})
    if isinstance(node, feel_ast.Number):
        return Msg("value.number.shown", {"value": node.value})
    if isinstance(node, feel_ast.Boolean):
        return "true" if node.value else "false"
    if isinstance(node, feel_ast.Temporal):
        return Msg("load.literal.value", {"value": node.text})
    return Msg("load.literal.any")


_VALUE_KINDS: dict[str, Any] = {
    "number": lambda v: isinstance(v, (int, Decimal)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, _dt.date) and not isinstance(v, _dt.datetime),
    "date and time": lambda v: isinstance(v, _dt.datetime),
    "list": lambda v: isinstance(v, list),
    "context": lambda v: isinstance(v, dict),
}


def _value_fits(value: Any, type_name: str | None) -> bool:
    if type_name in (None, "any"):
        return True
    check = _VALUE_KINDS.get(type_name or "")
    return True if check is None else bool(check(value))


# --------------------------------------------------------------------------- slips of the pen

def thousands(f: PackFile, path: YamlPath, value: Any, name: str,
              unit: str | None) -> Problems:
    """AMOUNT-THOUSANDS: ``value`` has exactly three decimals where an amount in kroner
    (``unit``) is written: ``105.000`` is 105 to YAML, and 105000 to its writer."""
    whole = thousands_slip(value) if is_money(unit) else None
    if whole is not None:
        yield f.problem("AMOUNT-THOUSANDS", path, value=str(value), name=name, unit=unit,
                        whole=str(whole))


def cell_thousands(f: PackFile, path: YamlPath, node: feel_ast.Node, name: str,
                   unit: str | None) -> Problems:
    """AMOUNT-THOUSANDS for an output cell that is a number literal (``105.000``,
    ``-1.250``) of an output in kroner."""
    sign = Decimal(1)
    if isinstance(node, feel_ast.Negate) and node.operand is not None:
        node, sign = node.operand, Decimal(-1)
    if isinstance(node, feel_ast.Number):
        yield from thousands(f, path, node.value.copy_sign(sign), name, unit)


def fact_slips(f: PackFile, path: YamlPath, facts: Any,
               inputs: Mapping[str, InputData]) -> Problems:
    """Slips of the pen among a case's ``facts`` (at ``path`` in ``f``): an amount in kroner
    with three decimals (also a field of a list of contexts with field units), a date
    written day first."""
    if not isinstance(facts, Mapping):
        return
    for name, value in facts.items():
        spec = inputs.get(name) if isinstance(name, str) else None
        if spec is None:
            continue
        at = path + (name,)
        if spec.type == "number":
            yield from (replace(d, field=name) for d in thousands(f, at, value, name, spec.unit))
        iso = danish_date(value) if spec.type == "date" else None
        if iso is not None:
            yield replace(f.problem("DATE-NOT-ISO", at, name=name, text=value, iso=iso),
                          field=name)
        if spec.field_units and isinstance(value, list):
            for i, item in enumerate(value):
                for key, x in (item.items() if isinstance(item, Mapping) else ()):
                    yield from thousands(f, at + (i, key), x, f"{name}.{key}",
                                         spec.field_units.get(str(key)))


def expect_slips(f: PackFile, path: YamlPath, expect: Any,
                 decisions: Mapping[str, Decision]) -> Problems:
    """AMOUNT-THOUSANDS among a YAML test's expected values (at ``path`` in ``f``): a
    result, or a field of a result, in kroner written with three decimals."""
    if not isinstance(expect, Mapping):
        return
    for did, value in expect.items():
        decision = decisions.get(did) if isinstance(did, str) else None
        if decision is None:
            continue
        if isinstance(value, Mapping):
            for key, x in value.items():
                yield from thousands(f, path + (did, key), x, f"{did}.{key}",
                                     decision.units.get(str(key)))
        else:
            yield from thousands(f, path + (did,), value, did, decision.units.get(""))
