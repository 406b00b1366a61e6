"""A DMN model loads decision by decision: a problem found in one decision (an element
regel does not support, a syntax error, a name it does not know) makes that decision,
and every decision that needs it, fail alone when evaluated; the rest of the model runs.

``Owners`` keeps each problem with the decision or input it was found in; ``settle``
turns them into ``model.BrokenDecision``s, or raises ``PackError`` for a strict load
(``regel check``, ``regel import``, every YAML pack) or for a problem of the model as a
whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from regel.base.errors import Diagnostic, PackError
from regel.load.packfile import PackFile
from regel.model import BrokenDecision, InputData, Text

__all__ = ["Owners", "settle", "stand_in"]


@dataclass
class Owners:
    """The problems found so far, by the decision (or input) they belong to."""

    decisions: dict[str, list[Diagnostic]] = field(default_factory=dict)
    inputs: dict[str, list[Diagnostic]] = field(default_factory=dict)
    #: problems the DMN reader found (they are not in the builder's list)
    read: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def of(cls, decisions: Mapping[str, list[Diagnostic]],
           inputs: Mapping[str, list[Diagnostic]], read: list[Diagnostic]) -> Owners:
        return cls({k: list(v) for k, v in decisions.items()},
                   {k: list(v) for k, v in inputs.items()}, list(read))

    @contextmanager
    def owning(self, found: list[Diagnostic], name: object, inputs: bool = False
               ) -> Iterator[None]:
        """The problems added to ``found`` inside the block belong to ``name``."""
        start = len(found)
        yield
        if len(found) > start and isinstance(name, str):
            sink = self.inputs if inputs else self.decisions
            sink.setdefault(name, []).extend(found[start:])

    def owned(self) -> set[int]:
        return {id(d) for ds in (*self.decisions.values(), *self.inputs.values()) for d in ds}


def stand_in(name: str) -> InputData:
    """An input regel could not read: cases may still give it (a DMN test case gives every
    input), and the decisions that need it are broken."""
    return InputData(name, "any", Text(name, name))


def settle(found: list[Diagnostic], owners: Owners, raw: Mapping[str, PackFile],
           order: list[str], strict: bool) -> dict[str, BrokenDecision]:
    """The broken decisions, by name; ``PackError`` when the load is strict and anything
    was found, or when a problem belongs to no decision or input."""
    everything = owners.read + found
    if not everything:
        return {}
    owned = owners.owned()
    if strict or any(id(d) not in owned for d in found):
        raise PackError(everything)
    broken = {name: BrokenDecision(name, ds[0], tuple(ds))
              for name, ds in owners.decisions.items() if ds}
    for did in order:
        if did in broken:
            continue
        req = raw[did].data.get("requires") or {}
        need = next((x for x in req.get("decisions") or [] if x in broken), None)
        if need is not None:
            broken[did] = BrokenDecision(did, broken[need].problem, needs=need)
            continue
        need = next((x for x in req.get("inputs") or [] if owners.inputs.get(x)), None)
        if need is not None:
            broken[did] = BrokenDecision(did, owners.inputs[need][0], needs=need)
    return broken
