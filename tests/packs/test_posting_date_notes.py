"""sikkerhedsstillelse 1.1: a result carries an interpretation note only where its value rests
on an open question. The amount to post at the permit rests on the unknown commencement of
act no. 821 of 9 June 2020 only for permits from 9 June 2020 to 31 December 2023; an end date
counted from a given start date rests on nothing open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regel import load_pack

SIK = load_pack(Path(__file__).resolve().parents[2] / "rules" / "sikkerhedsstillelse")


def _notes(facts: dict[str, object], decision: str, as_of: dt.date) -> str:
    trace = SIK.evaluate(facts, decisions=[decision], as_of=as_of).trace
    return " ".join(i["text"]["en"] for d in trace.decisions if d.id == decision
                    for i in d.interpretations)


@pytest.mark.parametrize(("permit", "noted"), [
    (dt.date(2020, 6, 8), False), (dt.date(2020, 6, 9), True),
    (dt.date(2023, 12, 31), True), (dt.date(2024, 1, 1), False)])
def test_the_act_of_2020_note_only_in_its_window(permit: dt.date, noted: bool) -> None:
    facts = {"application_date": dt.date(2019, 8, 1), "original_start_date": permit,
             "permit_date": permit, "test_a1_passed_date": dt.date(2019, 12, 2)}
    assert ("act no. 821 of 9 June 2020" in _notes(facts, "amount_to_post", permit)) is noted


def test_an_end_date_from_a_given_start_carries_no_note() -> None:
    facts = {"security_posted_date": dt.date(2010, 12, 20),
             "original_start_date": dt.date(2011, 1, 5),
             "application_date": dt.date(2010, 8, 16), "permit_basis": "ss9_1_1"}
    assert _notes(facts, "validity_end_date", dt.date(2011, 1, 5)) == ""
