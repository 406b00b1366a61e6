"""The message catalogue (regel.base.messages), for the whole engine at once: every key has a
Danish and an English text with the same fields and no empty text; every code or key the
engine raises, warns with or renders is in the catalogue; and no error is raised with a
finished sentence instead of a code and values.

The uses are found statically in engine/ (``tests/catalogue_scan.py``): the codes and keys
passed to ``Diagnostic``, ``...Error.of``, ``Msg``, ``FeelNull`` and the stages' reporting
helpers, and every string literal that is a code or starts like a catalogue key.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from regel.base.messages import CATALOGUE, LANGUAGES
from tests.catalogue_scan import Key, check_in_catalogue, scan

ENGINE = Path(__file__).resolve().parents[1] / "engine"
SOURCES = sorted(p for p in ENGINE.rglob("*.py") if "messages" not in p.parts)

#: a diagnostic code, perhaps with its variant: FEEL-DAY-CLAMPED, CASE-FORMAT/no-facts
CODE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?:/[a-z0-9-]+)?")
#: the first parts of the catalogue's dotted keys (report.title: report)
PREFIXES = sorted({key.split(".")[0] for key in CATALOGUE if "." in key and key[0].islower()})
DOTTED = re.compile(rf"^(?:{'|'.join(PREFIXES)})\.[a-z0-9-]+(?:\.[a-z0-9<>=!_-]+)*$")
#: string literals that look like keys but are not messages
NOT_KEYS = {"feel.lark"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = CATALOGUE[key]
    assert set(texts) == set(LANGUAGES), key
    assert all(text.strip() for text in texts.values()), f"{key} has an empty text"
    assert _fields(texts["da"]) == _fields(texts["en"]), key


USED = [(w, k) for w, k in scan(SOURCES, DOTTED) if k not in NOT_KEYS]


@pytest.mark.parametrize(("where", "key"), USED,
                         ids=[f"{w}:{getattr(k, 'pattern', k)}" for w, k in USED])
def test_every_key_the_engine_uses_is_in_the_catalogue(where: str, key: Key) -> None:
    if isinstance(key, str) and key not in CATALOGUE:
        # a code whose key is chosen where it is raised (key=variant): its family exists
        assert _covered(key), f"{where}: {key} is not in the catalogue"
        return
    check_in_catalogue(where, key)


def _literals() -> list[tuple[str, str]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    node.value not in NOT_KEYS and \
                    (CODE.fullmatch(node.value) or DOTTED.match(node.value)):
                found.append((f"{path.relative_to(ENGINE)}:{node.lineno}", node.value))
    return found


def _covered(text: str) -> bool:
    """A key, or a code or key family whose members are keys (CASE-TYPE: CASE-TYPE/…;
    diff.rules-changed: diff.rules-changed.one, …)."""
    return text in CATALOGUE or any(k.startswith((f"{text}/", f"{text}.")) for k in CATALOGUE)


def test_every_code_written_in_the_engine_has_a_message() -> None:
    """Wider than the call scan: any literal that is a code or starts like a key (in a
    comparison, a table, a default) names a message that exists."""
    missing = [f"{where}: {text}" for where, text in _literals() if not _covered(text)]
    assert not missing, "codes or keys without a message:\n" + "\n".join(missing)


def test_the_scans_see_the_engines_messages() -> None:
    keys = {k for _, k in USED if isinstance(k, str)} | {text for _, text in _literals()}
    assert {"FEEL-SYNTAX/missing-dotdot", "DMN-UNKNOWN-REFERENCE", "HIT-POLICY-VIOLATED/unique",
            "report.title", "cli.check.summary", "UNKNOWN-DECISION/required", "OVERLAP",
            "TRACE-VERSION/newer", "FILE-NOT-FOUND", "USAGE/as-of"} <= keys
    assert len(_literals()) > 300


def test_the_scan_refuses_a_finished_sentence(tmp_path: Path) -> None:
    """An error raised with an English sentence instead of a code fails the scan."""
    source = tmp_path / "bad.py"
    source.write_text('raise EvaluationError("the pack has no decision", code="X-Y")\n')
    with pytest.raises(AssertionError, match="English sentence"):
        scan([source], DOTTED)
