"""The warning catalogue: every code has an English and a Danish template with the same
fields, and every code the engine can emit is in the catalogue."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from regel.feel.warnings import MESSAGES, FeelWarning

ENGINE = Path(__file__).resolve().parents[2] / "engine"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_with_the_same_fields(code: str) -> None:
    templates = MESSAGES[code]
    assert set(templates) == {"en", "da"}
    assert templates["en"].strip() and templates["da"].strip()
    assert templates["en"] != templates["da"]
    assert _fields(templates["en"]) == _fields(templates["da"])


def test_every_emitted_code_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        used |= set(re.findall(r'"(FEEL-[A-Z-]+)"', path.read_text(encoding="utf-8")))
    errors_only = {"FEEL-SYNTAX", "FEEL-EVALUATION", "FEEL-RECURSION", "FEEL-FLOAT-INPUT",
                   "FEEL-UNSUPPORTED-INPUT"}
    missing = used - set(MESSAGES) - errors_only
    assert not missing, f"codes without messages: {sorted(missing)}"


def test_message_fills_its_template() -> None:
    w = FeelWarning("FEEL-UNKNOWN-NAME", {"name": "alder"})
    assert w.text("en") == "the name 'alder' is not defined; its value is null"
    assert w.text("da") == "navnet 'alder' er ikke defineret; værdien er null"
