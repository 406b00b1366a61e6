"""The law behind every answer: in the bundled packs every version and every rule names its
source, and every open legal question (named by its subject, never by an internal code) is an
interpretation note that a result resting on it carries into the trace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_pack
from regel.model import DecisionTable

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = [p for p in sorted((ROOT / "rules").iterdir()) if (p / "pack.yaml").is_file()]
SIK = load_pack(ROOT / "rules" / "sikkerhedsstillelse")


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_version_and_rule_is_cited(path: Path) -> None:
    pack = load_pack(path)
    missing = []
    for d in pack.decisions.values():
        for v in d.versions:
            if not _cited(v.source):
                missing.append(f"{d.id} version from {v.valid_from}")
            if isinstance(v.logic, DecisionTable):
                missing += [f"{d.id} rule {r.id}" for r in v.logic.rules
                            if not _cited(r.source)]
    assert missing == []


def _cited(source: object) -> bool:
    """A source is a non-empty string or a non-empty list of citations."""
    return bool(source.strip()) if isinstance(source, str) else bool(source)


# Each open question of the sources, by subject, and words its interpretation note says.
OPEN_QUESTIONS = {
    "U1": "28 February", "U2": "exactly 12 months", "U3": "the year the municipality received",
    "U4": "57,000 kr.", "U5": "three-year limitation", "U6": "switch date",
    "U7": "got a 10-year security is open", "U8": "the sources do not say the reduction lapses",
    "U9": "section 9 c(1)", "U10": "act no. 821 of 9 June 2020",
    "U11": "percentages were not found published",
}


def _interpretation_texts() -> str:
    texts = []
    for d in SIK.decisions.values():
        for v in d.versions:
            if v.interpretation:
                texts.append(v.interpretation.en)
            if isinstance(v.logic, DecisionTable):
                texts += [r.interpretation.en for r in v.logic.rules if r.interpretation]
    return "\n".join(texts)


@pytest.mark.parametrize("question", sorted(OPEN_QUESTIONS))
def test_every_open_question_has_an_interpretation_note(question: str) -> None:
    assert OPEN_QUESTIONS[question] in _interpretation_texts(), question


@pytest.mark.parametrize(("question", "decision", "facts"), [
    ("U1", "validity_end_date", {"original_start_date": dt.date(2020, 2, 29),
                                 "application_date": dt.date(2019, 9, 1),
                                 "permit_basis": "ss9_1_1"}),
    ("U2", "extension_required", {"original_start_date": dt.date(2013, 1, 1),
                                  "current_expiry_date": dt.date(2018, 1, 1),
                                  "extension_application_date": dt.date(2017, 1, 1),
                                  "extension_application_type": "temporary_extension"}),
    ("U7", "validity_regime", {"original_start_date": dt.date(2018, 2, 1),
                               "application_date": dt.date(2017, 12, 1)}),
    ("U4", "amount_to_post", {"application_date": dt.date(2024, 3, 1),
                              "original_start_date": dt.date(2024, 8, 1),
                              "permit_date": dt.date(2024, 8, 1),
                              "test_a1_passed_date": dt.date(2024, 6, 1)}),
    ("U3", "reduction", {"application_date": dt.date(2019, 1, 1),
                         "original_start_date": dt.date(2019, 6, 1),
                         "current_amount": Decimal("113823.30"),
                         "reduction_request_date": dt.date(2024, 5, 1),
                         "test_a1_passed_date": dt.date(2024, 3, 1)}),
])
def test_a_result_resting_on_an_interpretation_says_so(question: str, decision: str,
                                                       facts: dict[str, object]) -> None:
    trace = SIK.evaluate(facts, decisions=[decision], as_of=dt.date(2024, 6, 1)).trace
    notes = " ".join(i["text"]["en"] for d in trace.decisions for i in d.interpretations)
    assert OPEN_QUESTIONS[question] in notes
