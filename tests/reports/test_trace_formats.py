"""A report is built from the trace's JSON alone: warnings and resolutions are messages
(code or key, and values) put into words in the report's language; a trace of format 1,
which held finished sentences, gives the same report."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.feel.jsonio import dumps
from regel.report import build, render
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file
from tests.schemacheck import trace_errors
from tests.traceformat1 import as_format_1

ROOT = Path(__file__).resolve().parents[2]
PACK = load_pack(ROOT / "rules" / "sikkerhedsstillelse")
CASES = sorted((Path(__file__).parent / "cases").glob("s003-*.yaml"))
#: 29 February plus whole years: the pack's date policy clamps the day (a FEEL warning and
#: an interpretation note of the date policy)
LEAP = {"original_start_date": dt.date(2020, 2, 29), "application_date": dt.date(2019, 9, 1),
        "permit_basis": "ss9_1_1"}


def _archived(case: Case | dict[str, Any], **kw: Any) -> dict[str, Any]:
    result = PACK.evaluate(case, **kw)
    return json.loads(dumps(result.to_json()), parse_float=Decimal)


def _leap() -> dict[str, Any]:
    return _archived(LEAP, decisions=["validity_end_date"], as_of=dt.date(2024, 6, 1))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_trace_of_format_1_gives_the_same_report(fmt: str, lang: str) -> None:
    for trace in [_leap()] + [_archived(Case.from_data(load_yaml_file(p), str(p)))
                              for p in CASES]:
        assert render(as_format_1(trace), fmt, lang) == render(trace, fmt, lang)


def test_the_date_policy_and_the_warning_in_both_languages() -> None:
    trace = _leap()
    assert trace_errors(json.loads(dumps(trace))) == []
    [d] = [d for d in trace["decisions"] if d["id"] == "validity_end_date"]
    assert [w["code"] for w in d["warnings"]] == ["FEEL-DAY-CLAMPED"]
    assert [n["text"]["key"] for n in d["interpretations"] if n["from"] == "date_policy"] == \
        ["run.date-policy-accepted"]
    da = build(trace, "da").questions[0]
    en = build(trace, "en").questions[0]
    assert any("pakkens datopolitik accepterer dette" in n for n in da.interpretations)
    assert any("the pack's date policy accepts this" in n for n in en.interpretations)
    assert da.warnings == ["2020-02-29 + P10Y rammer en dag, der ikke findes; FEEL bruger "
                           "månedens sidste dag: 2030-02-28"]
    assert en.warnings == ["2020-02-29 + P10Y lands on a day that does not exist; FEEL uses "
                           "the last day of the month: 2030-02-28"]


def test_a_warning_is_put_into_words_from_its_code_and_values() -> None:
    trace = _leap()
    [d] = [d for d in trace["decisions"] if d["id"] == "validity_end_date"]
    d["warnings"][0]["message"] = "(recorded words)"   # the report does not use them
    assert "(recorded words)" not in render(trace, "md", "en")
    unknown = copy.deepcopy(trace)    # a message this regel no longer has: recorded words
    [w] = [dd for dd in unknown["decisions"] if dd["id"] == "validity_end_date"][0]["warnings"]
    w["code"] = "GONE-WARNING"
    assert "(recorded words)" in render(unknown, "md", "en")


def test_how_a_table_decided_is_said_in_plain_words_without_the_hit_policy() -> None:
    """The report says how a table's result came about from the hit policy and the rules
    that matched, in the report's language, never with the hit policy's name, and whatever
    words the trace recorded."""
    trace = _leap()
    for d in trace["decisions"]:
        if d["resolution"] and d["resolution"]["key"] == "run.resolution.unique":
            d["resolution"]["en"] = d["resolution"]["da"] = "(recorded words)"
            for lang, words in (("da", "Én regel passede på sagen."),
                                ("en", "One rule fits the case.")):
                doc = build(trace, lang)
                section = next(s for s in doc.supporting + doc.questions if s.id == d["id"])
                assert section.how == words
                assert "UNIQUE" not in render(trace, "md", lang)
            return
    pytest.fail("no UNIQUE table in the trace")
