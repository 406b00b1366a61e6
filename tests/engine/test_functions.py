"""Decisions with parameters: functions other decisions call (DMN business knowledge
models), in a YAML pack, and their way through DMN export and import.

The pack: `fee for(kind, days)` is a table until 2024 (book: 2 per day, none for 0 days;
film: 5 per day) and `days * 3` from 2024; `total` = fee for("book", x) + fee for(kind:
"film", days: 1). Expected values are worked out by hand in each case."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
import xmlschema

from regel import load_dmn, load_pack
from regel.dmn.writer import dmn_names, write_dmn
from regel.model import Pack
from tests.packbuilder import write_pack

TCK = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck"

FEE = {"id": "fee for", "label": {"da": "Gebyr for", "en": "Fee for"},
       "parameters": ["kind", "days"],
       "versions": [
           {"valid_from": "2000-01-01", "valid_to": "2024-01-01", "source": "Gebyrloven § 1",
            "table": {"hit_policy": "UNIQUE",
                      "inputs": [{"expression": "kind"}, {"expression": "days"}],
                      "outputs": [{"name": "fee", "type": "number"}],
                      "rules": [{"id": "R1", "when": ['"book"', "> 0"], "then": "days * 2"},
                                {"id": "R2", "when": ['"book"', "<= 0"], "then": "0"},
                                {"id": "R3", "when": ['"film"', "-"], "then": "days * 5"}]}},
           {"valid_from": "2024-01-01", "source": "Gebyrloven § 2 (2024)",
            "expression": "days * 3", "type": "number"}]}
TOTAL = {"id": "total", "label": {"da": "I alt", "en": "Total"},
         "requires": {"inputs": ["x"], "decisions": ["fee for"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Gebyrloven § 3",
                       "expression": 'fee for("book", x) + fee for(kind: "film", days: 1)',
                       "type": "number"}]}


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return load_pack(write_pack(tmp_path / "pack", [FEE, TOTAL]))


CASES = [
    # (x, as of, total)
    (D(4), dt.date(2020, 1, 1), D(13)),    # 4*2 + 1*5
    (D(0), dt.date(2020, 1, 1), D(5)),     # R2: 0 + 5
    (D(4), dt.date(2023, 12, 31), D(13)),
    (D(4), dt.date(2024, 1, 1), D(15)),    # 4*3 + 1*3
]


@pytest.mark.parametrize(("x", "as_of", "expected"), CASES)
def test_a_function_decision_is_called_with_its_version_of_the_day(
        pack: Pack, x: D, as_of: dt.date, expected: D) -> None:
    assert pack.evaluate({"x": x}, as_of=as_of, trace=False).values["total"] == expected


def test_a_function_is_not_an_answer_by_itself(pack: Pack) -> None:
    result = pack.evaluate({"x": D(1)}, as_of=dt.date(2020, 1, 1))
    assert list(result.values) == ["total"]
    forced = pack.evaluate({"x": D(1)}, decisions=["fee for"], as_of=dt.date(2020, 1, 1))
    assert str(forced.values["fee for"]) == "function fee for(kind, days)"
    [record] = [d for d in forced.trace.to_json()["decisions"] if d["id"] == "fee for"]
    assert record["resolution"]["en"] == ("the decision is a function of (kind, days) that "
                                          "other decisions call")


def test_wrong_arguments_give_null_with_a_warning(tmp_path: Path) -> None:
    bad = dict(TOTAL, versions=[dict(TOTAL["versions"][0], expression='fee for("book")',
                                     type="number")])
    pack = load_pack(write_pack(tmp_path / "pack", [FEE, bad]))
    result = pack.evaluate({"x": D(1)}, as_of=dt.date(2020, 1, 1))
    assert result.values["total"] is None
    assert [w.code for w in result.warnings] == ["FEEL-BAD-ARGUMENTS"]
    assert "1 argument(s) given, expected 2" in result.warnings[0].message


def test_functions_export_as_business_knowledge_models(pack: Pack, tmp_path: Path) -> None:
    text = write_dmn(pack).decode()
    out = tmp_path / "fees.dmn"
    out.write_text(text, encoding="utf-8")
    assert list(xmlschema.XMLSchema(str(TCK / "DMN15.xsd")).iter_errors(str(out))) == []
    # one knowledge model per version, and one that picks the version and calls it; each
    # is named by the function's label (and the version's period)
    names = re.findall(r'<businessKnowledgeModel id="[^"]+" name="([^"]+)"', text)
    assert names == ["Fee for from 2000-01-01 to 2024-01-01", "Fee for from 2024-01-01",
                     "Fee for"]
    assert "Fee for from 2000-01-01 to 2024-01-01(kind, days)" in text
    assert "<formalParameter" in text
    assert '<requiredKnowledge href="#bkm_fee_for"' in text

    again = load_dmn(out)
    assert again.decisions["fee for"].parameters == ("kind", "days")
    assert [v.valid_from for v in again.decisions["fee for"].versions] == \
        [dt.date(2000, 1, 1), dt.date(2024, 1, 1)]
    plain = tmp_path / "plain.dmn"
    plain.write_text(re.sub(r"<extensionElements>.*?</extensionElements>", "", text,
                            flags=re.S), encoding="utf-8")
    without_extensions = load_dmn(plain)     # knows the elements by their names
    names = dmn_names(pack)
    for x, as_of, expected in CASES:
        assert again.evaluate({"x": x}, decisions=["total"], as_of=as_of,
                              trace=False).values["total"] == expected
        assert without_extensions.evaluate(
            {names["x"]: x}, decisions=[names["total"]], as_of=as_of,
            trace=False).values[names["total"]] == expected


def test_calls_are_traced_for_tests_and_coverage(tmp_path: Path) -> None:
    """Each call is traced as a decision of its own inside the function's record, so that
    `matched:` in a YAML test and rule coverage see the rules a call matched."""
    from regel.tools.testing import run_tests
    tests = [{"name": "a book for 4 days and a film for a day, in 2020",
              "as_of": "2020-01-01", "facts": {"x": 4}, "expect": {"total": 13},
              "matched": {"fee for": ["R1", "R3"]}, "not_matched": {"fee for": ["R2"]}}]
    pack = load_pack(write_pack(tmp_path / "pack", [FEE, TOTAL], tests=tests))
    trace = pack.evaluate({"x": D(4)}, as_of=dt.date(2020, 1, 1)).trace
    calls = trace.decision("fee for").calls
    assert [(c.matched, c.output) for c in calls] == [(["R1"], D(8)), (["R3"], D(5))]
    assert [(i.name, i.value, i.origin) for i in calls[0].inputs] == [
        ("kind", "book", "argument"), ("days", D(4), "argument")]
    [record] = [d for d in trace.to_json()["decisions"] if d["id"] == "fee for"]
    assert [c["matched"] for c in record["calls"]] == [["R1"], ["R3"]]
    run = run_tests(pack)
    assert [r.passed for r in run.results] == [True]
    [table] = [t for t in run.coverage.tables if t.decision == "fee for"]
    assert (table.reached, table.never_matched) == (True, ["R2"])


def test_a_trace_with_calls_matches_the_trace_schema(pack: Pack) -> None:
    import json

    from regel.feel.jsonio import dumps
    from tests.schemacheck import trace_errors
    result = pack.evaluate({"x": D(4)}, decisions=["total", "fee for"],
                           as_of=dt.date(2020, 1, 1))
    data = json.loads(dumps(result.to_json()))
    assert trace_errors(data) == []
    [record] = [d for d in data["decisions"] if d["id"] == "fee for"]
    assert len(record["calls"]) == 2


def test_the_report_explains_each_call_with_its_deciding_rule(pack: Pack) -> None:
    from regel.feel.jsonio import plain
    from regel.report import render
    trace = pack.evaluate({"x": D(4)}, as_of=dt.date(2020, 1, 1)).trace
    text = render(plain(trace.to_json()), "md", "en")
    assert "### Fee for, call 1: kind = book, days = 4" in text
    assert "### Fee for, call 2: kind = film, days = 1" in text
    call_1 = text.split("### Fee for, call 1")[1].split("###")[0]
    assert "The rule that applied (rule R1):" in call_1 and "kind = book (argument)" in call_1
    da = render(plain(trace.to_json()), "md", "da")
    assert "### Gebyr for, kald 2: kind = film, days = 1" in da
