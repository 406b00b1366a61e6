"""The trace: versions and the date that chose them, inputs and their origin, every rule
with the cell that excluded it and the value it saw, the resolution, citations,
interpretation notes, warnings; its JSON export; the pack fingerprint."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import EvaluationError
from regel.feel.jsonio import dumps
from tests.packbuilder import table_decision, write_pack
from tests.schemacheck import trace_errors

INPUTS = {
    "age": {"type": "number", "label": {"da": "Alder", "en": "Age"}},
    "status": {"type": "string", "label": {"da": "Status", "en": "Status"},
               "allowed_values": ["single", "married"]},
    "start": {"type": "date", "label": {"da": "Start", "en": "Start"}},
}

RISK = table_decision(
    "risk",
    [{"id": "YOUNG", "when": ["< 25", "single"], "then": "high", "source": "§ 3, stk. 1"},
     {"id": "MARRIED", "when": ["-", "married"], "then": "low", "source": "§ 3, stk. 2",
      "interpretation": {"da": "Samlevende sidestilles", "en": "Cohabitants count as married"}},
     {"id": "OTHER", "when": [">= 25", "single"], "then": "medium"}],
    inputs=[{"expression": "age"}, {"expression": "status"}],
    outputs=[{"name": "risk", "allowed_values": ["high", "medium", "low"]}],
    requires={"inputs": ["age", "status"]})
RISK["versions"][0]["interpretation"] = {"da": "Versionens note", "en": "The version's note"}

END = {"id": "end", "label": {"da": "Slut", "en": "End"}, "requires": {"inputs": ["start"]},
       "versions": [{"valid_from": "2000-01-01", "source": "§ 4",
                     "expression": 'start + duration("P1Y")'}]}


@pytest.fixture
def pack(make_pack: Any) -> Any:
    return make_pack([RISK, END], INPUTS)


def test_rules_show_the_failing_cell_and_the_value_it_saw(pack: Any) -> None:
    d = pack.evaluate({"age": 22, "status": "married", "start": dt.date(2023, 1, 1)},
                      as_of=dt.date(2024, 1, 1)).trace.decision("risk")
    by_id = {r.id: r for r in d.rules}
    assert by_id["MARRIED"].matched
    assert (by_id["YOUNG"].matched, by_id["YOUNG"].failed_input, by_id["YOUNG"].failed_cell,
            by_id["YOUNG"].saw) == (False, "status", "single", "married")
    assert (by_id["OTHER"].failed_input, by_id["OTHER"].failed_cell,
            by_id["OTHER"].saw) == ("age", ">= 25", Decimal(22))
    assert d.output == "low" and d.matched == ["MARRIED"] and d.decided_by == ["MARRIED"]
    assert d.citations == ["Testloven § 1", "§ 3, stk. 2"]
    texts = [i["text"]["en"] for i in d.interpretations]
    assert texts == ["The version's note", "Cohabitants count as married"]
    assert d.resolution.en == "UNIQUE: exactly one rule matched (MARRIED)"
    assert d.resolution.da == "UNIQUE: præcis én regel var opfyldt (MARRIED)"
    assert d.selected_by is None and d.selected_date == dt.date(2024, 1, 1)


def test_interpretation_of_a_rule_that_did_not_decide_is_not_claimed(pack: Any) -> None:
    d = pack.evaluate({"age": 30, "status": "single", "start": dt.date(2023, 1, 1)}
                      ).trace.decision("risk")
    assert [i["from"] for i in d.interpretations] == ["version"]


def test_traced_and_untraced_give_the_same_values(pack: Any) -> None:
    for facts in ({"age": 22, "status": "single", "start": dt.date(2020, 2, 29)},
                  {"age": 40, "status": "married", "start": dt.date(2021, 3, 1)}):
        traced = pack.evaluate(facts, as_of=dt.date(2024, 1, 1))
        plain = pack.evaluate(facts, as_of=dt.date(2024, 1, 1), trace=False)
        assert traced.values == plain.values
        assert [w.code for w in traced.warnings] == [w.code for w in plain.warnings]
        assert plain.trace is None


def test_json_export_matches_its_schema(pack: Any) -> None:
    result = pack.evaluate({"age": 22, "status": "single", "start": dt.date(2020, 2, 29)},
                           as_of=dt.date(2024, 1, 1))
    data = json.loads(dumps(result.to_json()))
    assert trace_errors(data) == []
    assert data["format"] == "regel-trace" and data["format_version"] == 4
    assert data["pack"]["fingerprint"] == pack.fingerprint and data["as_of"] == "2024-01-01"
    assert data["outputs"] == {"risk": "high", "end": "2021-02-28"}
    assert data["warnings"][0]["code"] == "FEEL-DAY-CLAMPED"
    assert data["warnings"][0]["decision"] == "end"


@pytest.mark.parametrize(("policy", "outcome"), [
    (None, "warning"), ("clamp", "interpretation"), ("forbid", "error"),
])
def test_date_policy(make_pack: Any, policy: str | None, outcome: str) -> None:
    fields = {"date_policy": policy} if policy else {}
    pack = make_pack([END], INPUTS, **fields)
    facts = {"start": dt.date(2020, 2, 29)}
    if outcome == "error":
        with pytest.raises(EvaluationError) as exc:
            pack.evaluate(facts)
        assert exc.value.code == "DATE-POLICY"
        return
    d = pack.evaluate(facts).trace.decision("end")
    assert d.output == dt.date(2021, 2, 28)
    assert [w.code for w in d.warnings] == ["FEEL-DAY-CLAMPED"]
    assert bool(d.interpretations) == (outcome == "interpretation")


def test_fingerprint_ignores_formatting_and_order_but_not_content(tmp_path: Path) -> None:
    a = load_pack(write_pack(tmp_path / "a", [RISK, END], INPUTS))
    # same content: other key order, other file names, comments, quoting and number forms
    b_root = write_pack(tmp_path / "b", [], INPUTS)
    import yaml
    for d, name in ((END, "zz-end.yaml"), (RISK, "aa.yaml")):
        text = "# a comment\n" + yaml.safe_dump(d, allow_unicode=True, sort_keys=True,
                                                default_style=None)
        (b_root / "decisions" / name).write_text(text, encoding="utf-8")
    b = load_pack(b_root)
    assert a.fingerprint == b.fingerprint
    changed = json.loads(json.dumps(RISK))
    changed["versions"][0]["table"]["rules"][0]["when"][0] = "< 26"
    c = load_pack(write_pack(tmp_path / "c", [changed, END], INPUTS))
    assert c.fingerprint != a.fingerprint
    assert len(a.fingerprint) == 64


def test_the_traces_of_one_question_share_a_read_only_pack_info() -> None:
    """What a trace shows of the pack and its facts is made once per question and facts
    given, and shared: no caller may change it for the others (a copy may be changed)."""
    import copy

    pack = load_pack("sikkerhedsstillelse")
    case = {"application_date": dt.date(2019, 3, 1), "original_start_date": dt.date(2019, 6, 1),
            "permit_date": dt.date(2019, 5, 1)}
    asked = ["validity_regime", "amount_to_post"]
    traces = [pack.evaluate(case, asked, as_of=dt.date(2024, 8, 1)).trace for _ in range(3)]
    assert traces[1].pack_info is traces[2].pack_info   # (asked before: the kept one)
    info = traces[2].pack_info
    assert info["facts"] and info["sources"] and info == traces[0].pack_info
    for change in (lambda: info.update(x=1), lambda: info["facts"].pop(next(iter(info["facts"]))),
                   lambda: info.__setitem__("title", "x"), lambda: info.clear()):
        with pytest.raises(TypeError, match="shared"):
            change()
    mine = copy.deepcopy(info)
    mine["title"] = "mine"
    assert type(mine) is dict and info["title"] != "mine"


@pytest.mark.parametrize(("a", "b", "equal"), [
    (("f", ("x",)), ("f", ("x",)), True),          # another invoke: still equal
    (("f", ("x",)), ("g", ("x",)), False),
    (("f", ("x",)), ("f", ("x", "y")), False),
    (("f", ()), ("f", ()), True),
])
def test_a_feel_function_equals_another_by_name_and_parameters(
        a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]], equal: bool) -> None:
    from regel.feel.values import FeelFunction

    fa = FeelFunction(*a, lambda args, named: 1)
    fb = FeelFunction(*b, lambda args, named: 2)
    assert (fa == fb) is equal
    if equal:    # (equal values hash alike: a set or a memo key finds one by the other)
        assert hash(fa) == hash(fb) and len({fa, fb}) == 1
    assert fa != a and str(fa).startswith("function")
