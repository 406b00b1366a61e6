"""Every user-facing string of the reports and of replay exists in Danish and English,
with the same fields in both."""

from __future__ import annotations

import string

import pytest

from regel.report.grid import LABELS
from regel.report.messages import MESSAGES as REPORT
from regel.run.hitpolicy import RESOLUTIONS
from regel.tools.replay import MESSAGES as REPLAY

CATALOGUES = {"report": REPORT, "replay": REPLAY, "resolutions": RESOLUTIONS}


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
    assert set(LABELS["da"]) == set(LABELS["en"])
