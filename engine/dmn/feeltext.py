"""FEEL text of a rule pack rewritten as standard FEEL, for DMN tools.

A pack in the regel dialect reads ``2024-07-01`` as a date and lets a table's cells name
an allowed value bare (``employed`` for ``"employed"``). A DMN tool reads the first as a
subtraction and the second as an unknown name, so the export writes ``date("2024-07-01")``
and ``"employed"``. Everything else is kept exactly as the author wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable

from regel.feel import ast as feel_ast
from regel.feel.analysis import free_names
from regel.feel.parser import parse_expression, parse_unary_tests

__all__ = ["standard_feel", "feel_string"]


def feel_string(value: str) -> str:
    """``value`` as a FEEL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def standard_feel(text: str, names: Iterable[str], *, tests: bool = False,
                  constants: dict[str, str] | None = None, iso_dates: bool = True) -> str:
    """``text`` (an expression, or unary tests when ``tests``) as standard FEEL.

    ``names`` are the names in scope; ``constants`` the allowed values a cell may name
    bare (name -> text). With ``iso_dates=False`` the text is standard FEEL already and
    only bare constants are rewritten."""
    constants = constants or {}
    scope = set(names) | set(constants)
    parse = parse_unary_tests if tests else parse_expression
    tree = parse(text, scope, iso_dates=iso_dates)
    edits: list[tuple[int, int, str]] = []
    if iso_dates:
        for node in feel_ast.walk(tree):
            if isinstance(node, feel_ast.Temporal) and node.span is not None and \
                    not text[node.span.start_pos:node.span.end_pos].startswith("@"):
                edits.append((node.span.start_pos, node.span.end_pos,
                              f'date("{node.value.isoformat()}")'))
    for name, span in free_names(tree):
        if name in constants and name not in names:
            edits.append((span.start_pos, span.end_pos, feel_string(constants[name])))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
