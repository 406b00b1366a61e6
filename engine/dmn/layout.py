"""The layout of a decision requirements diagram (DRD): where each shape goes and how each
requirement is drawn, so that the whole graph reads when fitted to one screen.

Layers by dependency, bottom up as DMN draws them: input data in the bottom layer, the
decisions nothing requires (the answers) in the top one, any other decision or knowledge
model one layer above the highest thing it requires: every information and knowledge
requirement points upwards. A knowledge source that one decision cites sits right of it
(several in one or two columns centred on it); one that several decisions cite sits above the
highest of them, in the emptiest layer up to the top one. A graph of more than eight layers
draws them closer together. Layers are ordered to cross few requirements (barycentre
sweeps); a layer too wide for the screen wraps into rows set off like bricks, each row in
the same left-to-right order. The row width is the one that gives the largest zoom when the
diagram is fitted to a 16:9 screen. Pure geometry: no XML, no regel model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Layout", "layout", "SIZES", "SCREEN"]

#: the smallest shape (width, height) of each kind of element; a longer text makes the
#: shape taller (and a knowledge source wider), as 12 px Arial needs it
SIZES = {"decision": (180, 80), "bkm": (180, 64), "input": (180, 56), "source": (200, 64)}
_CHAR_W, _LINE_H, _PAD = 6.6, 15, 26
#: the screen the diagram is fitted to, as a DMN editor shows it
SCREEN = (1600, 900)
_MARGIN, _GAP_X, _GAP_ROW, _GAP_LAYER, _GAP_SOURCE = 20, 32, 28, 80, 16
_SWEEPS = 6

Box = tuple[int, int, int, int]      # x, y, width, height
Point = tuple[int, int]


@dataclass
class Layout:
    """Shapes (element id -> box), edges (edge id -> waypoints) and each element's layer."""
    boxes: dict[str, Box] = field(default_factory=dict)
    waypoints: dict[str, list[Point]] = field(default_factory=dict)
    layers: dict[str, int] = field(default_factory=dict)

    def size(self) -> tuple[int, int]:
        """Width and height of the drawing, margins included."""
        return (max((x + w for x, _, w, _ in self.boxes.values()), default=0) + _MARGIN,
                max((y + h for _, y, _, h in self.boxes.values()), default=0) + _MARGIN)

    def fit_zoom(self) -> float:
        """The zoom at which the whole drawing fits the screen (at most 1)."""
        w, h = self.size()
        return min(1.0, SCREEN[0] / w, SCREEN[1] / h)


@dataclass
class _Graph:
    kinds: dict[str, str]                           # element id -> kind, in drawing order
    edges: list[tuple[str, str, str, str]]          # (from, to, edge id, kind)
    texts: dict[str, str]                           # element id -> the text it shows
    below: dict[str, list[str]] = field(default_factory=dict)   # what each one requires
    above: dict[str, list[str]] = field(default_factory=dict)   # what requires it
    host: dict[str, str] = field(default_factory=dict)          # knowledge source -> decision
    beside: dict[str, list[str]] = field(default_factory=dict)  # decision -> its sources
    #: a knowledge source that several decisions cite -> those decisions (it sits above)
    serves: dict[str, list[str]] = field(default_factory=dict)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # cell_size, once

    def __post_init__(self) -> None:
        cites: dict[str, list[str]] = {}        # knowledge source -> decisions it serves
        for a, b, _, kind in self.edges:
            if kind == "authority":
                if self.kinds.get(a) == "source":
                    cites.setdefault(a, []).append(b)
            elif a != b:
                self.below.setdefault(b, []).append(a)
                self.above.setdefault(a, []).append(b)
        for source, decisions in cites.items():
            if len(set(decisions)) == 1:           # the authority for one decision: beside it
                self.host[source] = decisions[0]
                self.beside.setdefault(decisions[0], []).append(source)
            else:                                   # for several: a layer above them
                self.serves[source] = list(dict.fromkeys(decisions))
                for d in self.serves[source]:
                    self.above.setdefault(d, []).append(source)

    def size(self, eid: str) -> tuple[int, int]:
        """The shape's size: the smallest of its kind, taller for a longer text."""
        kind = self.kinds[eid]
        w, h = SIZES[kind]
        n = len(self.texts.get(eid, ""))
        if kind == "source" and n > 60:   # a long title: wider, so fewer lines
            w += 40 if n <= 120 else 140
        lines = math.ceil(n * _CHAR_W * 1.15 / (w - 12)) if n else 0
        return w, max(h, lines * _LINE_H + _PAD)

    def cell_size(self, eid: str) -> tuple[int, int]:
        """A shape and the knowledge sources beside it."""
        if eid not in self.cells:
            w, h = self.size(eid)
            for column in self.source_columns(eid):   # right of the shape, column by column
                w += _GAP_SOURCE + max(self.size(s)[0] for s in column)
                h = max(h, sum(self.size(s)[1] for s in column)
                        + _GAP_SOURCE * (len(column) - 1))
            self.cells[eid] = (w, h)
        return self.cells[eid]

    def source_columns(self, eid: str) -> list[list[str]]:
        """The knowledge sources beside a shape: one column, two when more than two."""
        sources = self.beside.get(eid, [])
        if len(sources) <= 2:
            return [sources] if sources else []
        half = (len(sources) + 1) // 2
        return [sources[:half], sources[half:]]


def layout(kinds: dict[str, str], edges: list[tuple[str, str, str, str]],
           texts: dict[str, str] | None = None) -> Layout:
    """Place the elements (id -> "input", "decision", "bkm" or "source", in drawing order)
    and draw the requirements ((from id, to id, edge id, "information", "knowledge" or
    "authority")) between them. ``texts``: what each shape shows (its size follows)."""
    graph = _Graph(kinds, edges, texts or {})
    level = _levels(graph)
    layers: list[list[str]] = [[] for _ in range(max(level.values(), default=0) + 1)]
    for eid in kinds:
        if eid not in graph.host:
            layers[level[eid]].append(eid)
    _order(graph, layers)
    best: Layout | None = None
    for width in _widths(graph, layers):
        candidate = _place(graph, layers, width)
        if best is None or candidate.fit_zoom() > best.fit_zoom() + 1e-9:
            best = candidate
    out = best or Layout()
    out.layers = {e: level[graph.host.get(e, e)] for e in kinds}
    _draw_edges(graph, out)
    return out


def _levels(graph: _Graph) -> dict[str, int]:
    """Input data 0; any other element one above the highest it requires (at least 1),
    except that the top layer holds every decision nothing requires."""
    level: dict[str, int] = {}

    def visit(eid: str, path: frozenset[str]) -> int:
        if eid not in level:
            if graph.kinds[eid] == "input":
                level[eid] = 0
            else:
                under = [visit(x, path | {eid}) for x in graph.below.get(eid, [])
                         if x not in path and x in graph.kinds]
                level[eid] = max([1, *(u + 1 for u in under)])
        return level[eid]

    for eid in graph.kinds:
        visit(graph.host.get(eid, eid), frozenset())
    top = max((v for e, v in level.items() if e not in graph.serves), default=0)
    for eid, kind in graph.kinds.items():     # what nothing requires: the pack's answers
        if kind in ("decision", "bkm") and not [x for x in graph.above.get(eid, [])
                                               if x not in graph.serves]:
            level[eid] = top
    for source, host in graph.host.items():
        level[source] = level[host]
    crowd: dict[int, int] = {}                # shapes per layer, to fill the sparse ones
    for eid, v in level.items():
        if eid not in graph.serves:
            crowd[v] = crowd.get(v, 0) + 1
    for source, decisions in graph.serves.items():   # above them, in the emptiest layer
        low = min(top, 1 + max(level[d] for d in decisions if d in level))
        level[source] = min(range(low, top + 1), key=lambda v: (crowd.get(v, 0), v))
        crowd[level[source]] = crowd.get(level[source], 0) + 1
    return level


def _order(graph: _Graph, layers: list[list[str]]) -> None:
    """Barycentre sweeps: each layer sorted by the mean place of what it is linked to in
    the layers already sorted (up, then down, a few times); ties keep the order."""
    place: dict[str, float] = {}

    def number(layer: list[str]) -> None:
        for i, eid in enumerate(layer):
            place[eid] = (i + 0.5) / len(layer)

    for layer in layers:
        number(layer)
    for sweep in range(_SWEEPS):
        upward = sweep % 2 == 0
        for layer in (layers[1:] if upward else layers[-2::-1]):
            links = graph.below if upward else graph.above

            def key(eid: str, links: dict[str, list[str]] = links) -> float:
                linked = graph.serves.get(eid) or links.get(eid, [])
                near = [place[x] for x in linked if x in place]
                return sum(near) / len(near) if near else place[eid]

            layer.sort(key=key)
            number(layer)


def _widths(graph: _Graph, layers: list[list[str]]) -> list[int]:
    """The widths worth trying for the widest row: from the widest layer in one row down to
    the widest cell, in small steps (each a few per cent narrower than the one before)."""
    high = max((_width(graph, la, _offsets(graph, la, 1)) for la in layers), default=0)
    low = max((graph.cell_size(e)[0] for la in layers for e in la), default=0)
    if high <= low:
        return [high]
    steps = 48
    out = {round(high * (low / high) ** (k / steps)) for k in range(steps + 1)}
    for layer in layers:          # and the exact widths of each small layer in 1, 2, ... rows
        for rows in range(1, len(layer) + 1 if len(layer) <= 32 else 1):
            out.add(_width(graph, layer, _offsets(graph, layer, rows)))
    return sorted(out, reverse=True)


def _offsets(graph: _Graph, layer: list[str], rows: int) -> list[int]:
    """Where each cell of a layer starts, from the layer's left, in ``rows`` rows: cell j
    in row j % rows, right of the one before it in its row and of the one before it in
    the layer, so that the rows read in the layer's order and are set off like bricks."""
    xs: list[int] = []
    for j in range(len(layer)):
        x = 0
        if j >= 1:
            x = xs[j - 1] + (graph.cell_size(layer[j - 1])[0] + _GAP_X) // rows
        if j >= rows:
            x = max(x, xs[j - rows] + graph.cell_size(layer[j - rows])[0] + _GAP_X)
        xs.append(x)
    return xs


def _width(graph: _Graph, layer: list[str], xs: list[int]) -> int:
    return max((x + graph.cell_size(e)[0] for x, e in zip(xs, layer, strict=True)),
               default=0)


def _place(graph: _Graph, layers: list[list[str]], width: int) -> Layout:
    """Boxes for the layers, bottom layer lowest, no layer wider than ``width`` (unless
    one cell is), each layer centred."""
    out = Layout()
    placed: list[tuple[list[str], int, list[int]]] = []
    for layer in layers:
        # n rows of bricks are about 1/n of one row wide: start near the rows needed
        rows = max(1, min(len(layer), _width(graph, layer, _offsets(graph, layer, 1))
                          // max(width, 1) - 1))
        xs = _offsets(graph, layer, rows)
        while rows < len(layer) and _width(graph, layer, xs) > width:
            rows += 1
            xs = _offsets(graph, layer, rows)
        placed.append((layer, rows, xs))
    widest = max((_width(graph, la, xs) for la, _, xs in placed), default=0)
    # a deep graph keeps its layers closer, so that it still reads fitted to a screen
    gap = _GAP_LAYER if len(layers) <= 8 else _GAP_LAYER * 2 // 5
    y = _MARGIN
    for layer, rows, xs in reversed(placed):
        if not layer:
            continue
        heights = [max(graph.cell_size(e)[1] for e in layer[r::rows]) for r in range(rows)]
        tops = [y + sum(heights[:r]) + r * _GAP_ROW for r in range(rows)]
        left = _MARGIN + (widest - _width(graph, layer, xs)) // 2
        for j, eid in enumerate(layer):
            _put_cell(graph, out, eid, left + xs[j], tops[j % rows], heights[j % rows])
        y = tops[-1] + heights[-1] + gap
    return out


def _put_cell(graph: _Graph, out: Layout, eid: str, x: int, top: int, row_h: int) -> None:
    w, h = graph.size(eid)
    out.boxes[eid] = (x, top + (row_h - h) // 2, w, h)
    x += w
    for column in graph.source_columns(eid):   # each column centred on the shape
        sizes = [(s, *graph.size(s)) for s in column]
        tall = sum(sh for _, _, sh in sizes) + _GAP_SOURCE * (len(sizes) - 1)
        y = top + (row_h - tall) // 2
        for s, sw, sh in sizes:
            out.boxes[s] = (x + _GAP_SOURCE, y, sw, sh)
            y += sh + _GAP_SOURCE
        x += _GAP_SOURCE + max(sw for _, sw, _ in sizes)


def _draw_edges(graph: _Graph, out: Layout) -> None:
    """Requirements from the side of what is required that faces what requires it (the
    top, for a requirement between layers), their ends spread along each side in the
    order of the other ends."""
    ends: dict[tuple[str, str], list[tuple[float, str]]] = {}   # (element, side) -> edges
    for a, b, eid, _ in graph.edges:
        if a in out.boxes and b in out.boxes:
            side_a, side_b = _sides(out.boxes[a], out.boxes[b])
            ends.setdefault((a, side_a), []).append((_along(out.boxes[b], side_a), eid))
            ends.setdefault((b, side_b), []).append((_along(out.boxes[a], side_b), eid))
    points: dict[str, list[Point]] = {}
    for (element, side), linked in ends.items():
        x, y, w, h = out.boxes[element]
        linked.sort()
        for i, (_, eid) in enumerate(linked):
            k, n = i + 1, len(linked) + 1
            points.setdefault(eid, []).append({
                "top": (x + w * k // n, y), "bottom": (x + w * k // n, y + h),
                "left": (x, y + h * k // n), "right": (x + w, y + h * k // n)}[side])
    for a, _, eid, _ in graph.edges:
        if len(points.get(eid, [])) == 2:
            first, second = points[eid]
            # the end at the required element first
            out.waypoints[eid] = [first, second] if _inside(first, out.boxes[a]) \
                else [second, first]


def _sides(a: Box, b: Box) -> tuple[str, str]:
    """The sides of ``a`` and ``b`` that face each other."""
    if b[1] + b[3] <= a[1]:
        return "top", "bottom"
    if a[1] + a[3] <= b[1]:
        return "bottom", "top"
    return ("right", "left") if b[0] >= a[0] else ("left", "right")


def _along(box: Box, side: str) -> float:
    """Where ``box`` lies along a side: its centre's x for top and bottom, y otherwise."""
    x, y, w, h = box
    return x + w / 2 if side in ("top", "bottom") else y + h / 2


def _inside(p: Point, box: Box) -> bool:
    x, y, w, h = box
    return x <= p[0] <= x + w and y <= p[1] <= y + h
