"""Fewer lines in generated code: a temporary written on one line and read only on the next.

The generator (regel.feel.codegen) gives every value a temporary of its own (``t12``) and
then copies or tests it: ``t12 = p4 is None`` / ``if t12 is True:``, ``t9 = t12`` /
``e3 = t9``. Where such a temporary is read exactly once, on the line right after the one
that sets it and in the same block, the two lines become one: ``if p4 is None:``, ``e3 =
p4 is None``. A test is joined only when the value is known to be True or False (the
generator's ``truths``, or an ``is`` test): ``if x is True`` and ``if x`` agree only then.
Nothing else changes: the expression is evaluated at the same point, once, in the same
order. Temporaries are the generator's own names (``t`` and a number), never rule text.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["tightened"]

_TEMP = re.compile(r"\bt\d+\b")
_SET = re.compile(r"( *)(t\d+) = (.+)")
_IS_TEST = re.compile(r"[\w.]+ is (?:not )?(?:None|MISSING)")
#: how a test of a True/False temporary reads with the expression in its place
_TESTS = {"is True": "{}", "is not False": "{}", "is False": "not ({})",
          "is not True": "not ({})"}


def tightened(lines: list[str], truths: set[str]) -> list[str]:
    """``lines`` with each temporary that is set on one line and read only on the next
    (in the same block, as a copy, a return or a test of a True/False value) replaced by
    its expression."""
    reads = Counter(name for line in lines for name in _TEMP.findall(line))
    out: list[str] = []
    for line in lines:
        before = _SET.fullmatch(out[-1]) if out else None
        if before is not None and reads[before[2]] == 2 and _whole(before[3]):
            indent, temp, expr = before.groups()
            joined = _joined(line, indent, temp, expr, temp in truths or
                             _IS_TEST.fullmatch(expr) is not None)
            if joined is not None:
                out[-1] = joined
                continue
        out.append(line)
    return out


def _joined(line: str, indent: str, temp: str, expr: str, boolean: bool) -> str | None:
    """``line`` with ``expr`` in place of ``temp``, when it reads ``temp`` as a copy, a
    return or (``boolean``) a test; None otherwise."""
    if not line.startswith(indent) or line[len(indent):len(indent) + 1] == " ":
        return None     # another block
    text = line[len(indent):]
    if text == f"return {temp}":
        return f"{indent}return {expr}"
    target, eq, read = text.partition(" = ")
    if eq and read == temp and " " not in target:
        return f"{indent}{target} = {expr}"
    if boolean and text.startswith(f"if {temp} ") and text.endswith(":"):
        form = _TESTS.get(text[len(temp) + 4:-1])
        if form is not None:
            return f"{indent}if {form.format(expr)}:"
    return None


def _whole(expr: str) -> bool:
    """Whether ``expr`` is a whole expression on its line (not a block's header, its
    brackets closed)."""
    if expr.endswith((":", ",", "\\")):
        return False
    depth = 0
    quote = ""
    escaped = False
    for ch in expr:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
    return depth == 0 and not quote
