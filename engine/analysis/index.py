"""An index of a decision table's rules by input column, so that evaluation does not test
every cell of every rule: per column, a bitset of rules for each elementary region
(``regel.analysis.regions``). docs/analysis.md says when a value is not looked up."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from regel.analysis.regions import INDEXABLE, Column, NotConstant, cell_intervals
from regel.base.collector import while_paused
from regel.feel import ast

__all__ = ["ColumnIndex", "build_index"]


@dataclass(slots=True)
class ColumnIndex:
    column: int                 # the input clause's position
    type: type                  # the exact type every constant has
    points: list[Any]           # sorted distinct endpoints
    regions: list[int]          # per region of regions.Column(type, points): rule bitset

    def lookup(self, value: Any) -> int | None:
        """The rules whose cell in this column accepts ``value``; None: not indexable."""
        if type(value) is not self.type:
            return None
        # region 2i + 1 is the point i, region 2i the open stretch below it (inline: the
        # evaluator's hot path)
        i = bisect_left(self.points, value)
        if i < len(self.points) and self.points[i] == value:
            return self.regions[2 * i + 1]
        return self.regions[2 * i]


def _column(column: int, cells: list[ast.UnaryTests], constants: dict[str, str]
            ) -> ColumnIndex | None:
    try:
        per_rule = [cell_intervals(c, constants) for c in cells]
    except NotConstant:
        return None
    values = {v for ivs in per_rule if ivs for lo, _, hi, _ in ivs for v in (lo, hi)
              if v is not None}
    types = {type(v) for v in values}
    if len(types) != 1 or next(iter(types)) not in INDEXABLE:
        return None  # nothing to index on, or constants of mixed kinds
    kind = next(iter(types))
    points = sorted(values)
    return ColumnIndex(column, kind, points, Column(kind, points).rule_bits(per_rule))


@while_paused
def build_index(cells_by_rule: list[list[ast.UnaryTests]], constants: dict[str, str],
                columns: int, min_rules: int = 8) -> list[ColumnIndex] | None:
    """Indexes for every column of a table that tests anything, or None when a column
    cannot be indexed (or the table is small enough that a scan is as cheap). With every
    testing column indexed, the rules that match are exactly the AND of the lookups."""
    if len(cells_by_rule) < min_rules:
        return None
    out = []
    for c in range(columns):
        cells = [rule[c] for rule in cells_by_rule]
        if all(cell.any for cell in cells):
            continue  # a column of '-' only excludes nothing
        idx = _column(c, cells, constants)
        if idx is None:
            return None
        out.append(idx)
    return out
