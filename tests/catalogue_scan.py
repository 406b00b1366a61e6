"""The scan behind the catalogue tests: which message keys a stage's source uses, read from
its syntax tree, and the check that each is in the catalogue in English and Danish.

A key is used by: the code or ``key=`` of ``Diagnostic``/``Diagnostic.of``/``...Error.of``
and of an error raised with diagnostics; a ``Msg`` or ``FeelNull`` key; the stages' own
reporting helpers (the DMN reader's ``self.error``, the FEEL parser's ``syntax_error``, the table
analysis' ``report.add``); and a string that looks like a dotted key of the stage (tables of
keys). A key written as an f-string is a pattern its values may fill; ``a if c else b`` uses
both. An error raised with a finished English sentence (the old shape) is allowed only for
the codes a test lists as in transition.
"""

from __future__ import annotations

import ast
import builtins
import re
import string
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from regel.base.messages import CATALOGUE

__all__ = ["Key", "scan", "fields", "check_in_catalogue"]

Key = str | re.Pattern[str]


def _name(func: ast.expr) -> tuple[str, str]:
    """(receiver, name) of a called function: ``errors.Diagnostic.of`` -> (Diagnostic, of)."""
    if isinstance(func, ast.Attribute):
        value = func.value
        receiver = value.attr if isinstance(value, ast.Attribute) else \
            value.id if isinstance(value, ast.Name) else ""
        return receiver, func.attr
    return "", func.id if isinstance(func, ast.Name) else ""


def _literals(node: ast.expr | None) -> list[Key]:
    """The string a node writes (an f-string as a pattern its values may fill), both
    strings of ``a if c else b``; [] when it writes none."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(p.value) if isinstance(p, ast.Constant) else r"[\w-]+"
                 for p in node.values]
        return [re.compile("".join(parts))]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _arg(call: ast.Call, i: int) -> ast.expr | None:
    return call.args[i] if len(call.args) > i else None


#: errors whose words are not regel's: argparse's own parsing messages stay English, as
#: --help does (docs/pack-format.md, "Languages")
_NOT_REGEL = {"ArgumentTypeError"}


def _is_error_class(name: str) -> bool:
    """A regel error (Python's own errors and private helpers carry no catalogue text)."""
    return name.endswith("Error") and not name.startswith("_") and \
        not hasattr(builtins, name) and name not in _NOT_REGEL


def _keys_of_call(call: ast.Call, transition: Collection[str]) -> Iterator[Key]:
    """The catalogue keys one call uses."""
    receiver, name = _name(call.func)
    if name == "of" and receiver.endswith(("Diagnostic", "Error")):
        yield from _literals(_keyword(call, "key")) or _literals(_arg(call, 0))
    elif name == "Diagnostic" or _is_error_class(name):
        if _literals(_arg(call, 1)) or (_is_error_class(name) and _literals(_arg(call, 0))):
            # the old shape: a finished English sentence (Diagnostic(code, sentence, ...),
            # SomeError("sentence", code=...))
            code = _literals(_keyword(call, "code"))
            if not code:
                code = _literals(_arg(call, 0)) if name == "Diagnostic" else [name]
            assert code and all(c in transition for c in code), \
                f"an English sentence with the code {code}"
            return
        yield from _literals(_keyword(call, "key")) or _literals(_keyword(call, "code")) \
            or _literals(_arg(call, 0))
    elif name in ("Msg", "FeelNull", "BadValue", "_Bad", "within") or \
            (name in ("render", "say") and not receiver):   # render(key, lang), not x.render(lang)
        yield from _literals(_arg(call, 0))
    elif name == "error" and receiver == "self":      # the DMN reader: (code, at, key)
        yield from _literals(_arg(call, 2)) or _literals(_arg(call, 0))
    elif name in ("problem", "diagnostic"):           # the loader's helpers: (key, ...)
        yield from _literals(_keyword(call, "key")) or _literals(_arg(call, 0))
    elif name == "add" and receiver == "report":      # the table analysis: (code, ...)
        yield from _literals(_keyword(call, "key")) or _literals(_arg(call, 0))
    elif name == "syntax_error":                      # the FEEL parser: FEEL-SYNTAX/<variant>
        yield from (f"FEEL-SYNTAX/{v}" for v in _literals(_arg(call, 0)) if isinstance(v, str))


def _used_keys(tree: ast.AST, dotted: re.Pattern[str],
               transition: Collection[str]) -> Iterator[Key]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from _keys_of_call(node, transition)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and dotted.match(node.value):
            yield node.value                          # tables of keys (hints, words, ...)


def scan(paths: Iterable[Path], dotted: re.Pattern[str],
         transition: Collection[str] = ()) -> list[tuple[str, Key]]:
    """(file name, key) of every key the files use; ``dotted`` matches the stage's dotted
    keys, ``transition`` lists the codes still raised with an English sentence."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [(path.name, key) for key in _used_keys(tree, dotted, transition)]
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def check_in_catalogue(where: str, key: Key) -> None:
    """``key`` (or a key the pattern fits) is in the catalogue, in English and Danish with
    the same fields."""
    if isinstance(key, re.Pattern):
        assert any(key.fullmatch(k) for k in CATALOGUE), f"{where}: no key fits {key.pattern}"
        return
    assert key in CATALOGUE, f"{where}: {key} is not in the catalogue"
    texts = CATALOGUE[key]
    assert texts["en"].strip() and texts["da"].strip()
    assert fields(texts["en"]) == fields(texts["da"]), key
