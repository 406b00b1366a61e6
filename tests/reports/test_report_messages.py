"""Every user-facing string of the reports and of replay exists in Danish and English,
with the same fields in both. The strings live in the message catalogue; tests/test_messages.py
checks the whole catalogue the same way."""

from __future__ import annotations

import string

import pytest

from regel.base.messages import CATALOGUE

#: the catalogue's parts that reports and replay show: report sentences, the terminal grid's
#: labels (report.grid.), the hit policies' resolutions, and replay's lines
PREFIXES = {"report": "report.", "replay": "replay.", "resolutions": "run.resolution."}
CATALOGUES = {name: {k: v for k, v in CATALOGUE.items() if k.startswith(prefix)}
              for name, prefix in PREFIXES.items()}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(("catalogue", "key"),
                         [(c, k) for c, msgs in CATALOGUES.items() for k in msgs])
def test_both_languages(catalogue: str, key: str) -> None:
    texts = CATALOGUES[catalogue][key]
    assert set(texts) == {"da", "en"}
    assert texts["da"].strip() and texts["en"].strip()
    assert _fields(texts["da"]) == _fields(texts["en"])


def test_terminal_labels_have_the_same_keys_in_both_languages() -> None:
    grid = {k: v for k, v in CATALOGUE.items() if k.startswith("report.grid.")}
    assert grid
    assert all(set(texts) == {"da", "en"} for texts in grid.values())
