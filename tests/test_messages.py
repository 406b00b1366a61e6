"""The message catalogue (regel.base.messages): every key has a Danish and an English text
with the same fields and no empty text; and every code or key that a converted stage raises,
warns with or renders is a key of the catalogue.

The codes are found statically: the string literals a stage's code passes as a code or key
(``Diagnostic.of("CODE", ...)``, ``EvaluationError.of(..., key="CODE/variant")``,
``FeelNull("FEEL-…")``, ``render("report.title", lang)``, ``Msg("run.a.number")``, ...). A
stage joins ``STAGES`` once its messages are in the catalogue.
"""

from __future__ import annotations

import ast
import importlib
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from regel.base.errors import RegelError
from regel.base.messages import CATALOGUE, LANGUAGES

ENGINE = Path(__file__).resolve().parents[1] / "engine"

#: the stages (folders of engine/) whose messages are in the catalogue, and single files of
#: stages not yet converted as a whole
STAGES = ["feel", "run", "report", "tools/replay.py", "tools/testing.py"]

#: TRANSITION: files of those stages that still raise errors with a finished English
#: sentence (FEEL's syntax and evaluation errors); a file leaves this set when it converts
UNTRANSLATED_FILES: set[str] = set()

#: a diagnostic code, perhaps with its variant: FEEL-DAY-CLAMPED, CASE-FORMAT/no-facts
_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?:/[a-z0-9-]+)?")
#: the first parts of the catalogue's dotted keys (report.title: report)
_DOTTED = {key.split(".")[0] for key in CATALOGUE if "." in key}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- the catalogue

@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = CATALOGUE[key]
    assert set(texts) == set(LANGUAGES), key
    assert all(text.strip() for text in texts.values()), f"{key} has an empty text"
    assert _fields(texts["da"]) == _fields(texts["en"]), key


# --------------------------------------------------------------------------- the scan

@dataclass(frozen=True)
class Use:
    """A code or key in the source: ``prefix`` when only its start is known (an f-string)."""

    key: str
    file: str
    line: int
    prefix: bool = False

    def known(self) -> bool:
        if self.prefix:
            return any(k.startswith(self.key) for k in CATALOGUE)
        return self.key in CATALOGUE


def _files(stage: str) -> list[Path]:
    """The Python files of ``stage``: a folder of engine/, or one file in it."""
    if stage.endswith(".py"):
        return [ENGINE / stage]
    return sorted((ENGINE / stage).rglob("*.py"))


def _module(path: Path) -> str:
    """The module name of a file of engine/ (regel.tools.replay)."""
    parts = path.relative_to(ENGINE).with_suffix("").parts
    return ".".join(("regel", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def _error_names() -> set[str]:
    """The names of the RegelError classes (those of the scanned stages imported first)."""
    for stage in STAGES:
        for path in _files(stage):
            importlib.import_module(_module(path))
    names, todo = set(), [RegelError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dotted(text: str) -> bool:
    """A key such as report.title (its first part is one the catalogue has)."""
    return (bool(re.fullmatch(r"[a-z]+\.[\w.<>=!-]+", text)) and text.split(".")[0] in _DOTTED
            and not re.search(r"\.(lark|py|json|ya?ml|dmn|csv|md|html)$", text))  # a file


def _looks_like_key(text: str) -> bool:
    return bool(_CODE.fullmatch(text)) or _dotted(text)


def _prefix(node: ast.expr | None) -> str | None:
    """The constant start of an f-string key (f"report.grid.{name}": report.grid.)."""
    if isinstance(node, ast.JoinedStr) and node.values:
        start = _literal(node.values[0])  # type: ignore[arg-type]
        if start and _dotted(start + "x"):
            return start
    return None


def _untranslated(call: ast.Call, errors: set[str]) -> bool:
    """An error raised with a finished sentence (TRANSITION), not a code and values."""
    if _callee(call) not in errors or not call.args:
        return False
    first = call.args[0]
    if isinstance(first, ast.JoinedStr):
        return True
    text = _literal(first)
    if text is not None:
        return not _looks_like_key(text)
    return isinstance(first, (ast.List, ast.ListComp)) and any(
        isinstance(n, ast.Tuple) for n in ast.walk(first))   # CaseError([(field, code, text)])


def _uses_in(call: ast.Call, file: str) -> Iterator[Use]:
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    first = call.args[0] if call.args else None
    if "key" in keywords:  # the message's key; the first argument is then only its code
        key = _literal(keywords["key"])
        if key is not None:
            yield Use(key, file, call.lineno)
        return
    text = _literal(first)
    if text is not None and _looks_like_key(text):
        yield Use(text, file, call.lineno)
        return
    start = _prefix(first)
    if start is not None:
        yield Use(start, file, call.lineno, prefix=True)


def scan(stage: str) -> tuple[list[Use], list[Use]]:
    """The codes and keys used in ``engine/<stage>`` (a folder or one file): passed to a call
    as its code or key, or a dotted key anywhere, such as ``key = "testing.should_match"``;
    and the errors it still raises with a finished sentence (as uses of the key
    'UNTRANSLATED')."""
    errors = _error_names()
    used: list[Use] = []
    untranslated: list[Use] = []
    for path in _files(stage):
        file = path.relative_to(ENGINE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), file)
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    id(node) not in parts and _dotted(node.value):
                used.append(Use(node.value, file, node.lineno))
            if not isinstance(node, ast.Call):
                continue
            if _untranslated(node, errors):
                untranslated.append(Use("UNTRANSLATED", file, node.lineno))
            else:
                used.extend(_uses_in(node, file))
    return used, untranslated


@pytest.mark.parametrize("stage", STAGES)
def test_every_code_a_stage_uses_is_in_the_catalogue(stage: str) -> None:
    used, _ = scan(stage)
    assert used, f"the scan found no codes in engine/{stage}"
    missing = [f"{u.file}:{u.line}: {u.key}" for u in used if not u.known()]
    assert not missing, "codes or keys without a message:\n" + "\n".join(missing)


@pytest.mark.parametrize("stage", STAGES)
def test_a_converted_stage_raises_no_finished_sentences(stage: str) -> None:
    _, untranslated = scan(stage)
    files = {u.file for u in untranslated}
    unexpected = [f"{u.file}:{u.line}" for u in untranslated
                  if u.file not in UNTRANSLATED_FILES]
    assert not unexpected, "errors raised with an English sentence:\n" + "\n".join(unexpected)
    done = {f for f in UNTRANSLATED_FILES if f == stage or f.startswith(f"{stage}/")} - files
    assert not done, f"converted now; remove from UNTRANSLATED_FILES: {sorted(done)}"


def test_the_scan_sees_codes_keys_and_sentences() -> None:
    source = '''
raise EvaluationError.of("HIT-POLICY-VIOLATED", key="HIT-POLICY-VIOLATED/unique")
render("report.title", lang)
Msg(f"run.a.{slug}")
FeelNull("FEEL-OVERFLOW")
raise EvaluationError("the pack has no decision", code="UNKNOWN-DECISION")
raise CaseError([(name, "CASE-TYPE", "must be a number")])
d.get("unrelated.text")
'''
    errors = _error_names()
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    uses = [u for c in calls if not _untranslated(c, errors) for u in _uses_in(c, "x.py")]
    assert [(u.key, u.prefix) for u in sorted(uses, key=lambda u: u.line)] == [
        ("HIT-POLICY-VIOLATED/unique", False), ("report.title", False), ("run.a.", True),
        ("FEEL-OVERFLOW", False)]
    assert sum(_untranslated(c, errors) for c in calls) == 2
