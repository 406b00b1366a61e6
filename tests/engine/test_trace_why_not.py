"""A trace's JSON does not grow with the rules that did not match (issue 16): every rule
that matched is listed, the why-not of the first ``WHY_NOT_LIMIT`` rules that did not match
per table, and the count of the others; ``why_not="all"`` (``regel explain --why-not all``)
lists every rule as the eager recording did. The expected rows are derived from how the
table below is made, not from the engine's output."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.cli import main
from regel.feel.jsonio import dumps
from regel.model import Pack
from regel.report import render as render_report
from regel.run.trace import WHY_NOT_LIMIT, DecisionTrace, why_not_limit
from regel.tools.replay import replay
from tests.packbuilder import table_decision, write_pack
from tests.schemacheck import trace_errors

RULES = 2000
AMOUNT = 1000          # rules 1..1000 accept it in their first column
KIND = "a"             # the odd rules accept it in their second column
AS_OF = dt.date(2024, 1, 1)
INPUTS = {"amount": {"type": "number", "label": {"da": "Beløb", "en": "Amount"}},
          "kind": {"type": "string", "label": {"da": "Art", "en": "Kind"}}}


def _kind(i: int) -> str:
    return '"a"' if i % 2 else '"b"'


def _table_rules() -> list[dict[str, Any]]:
    """Rule i (1..2000): amount >= i and kind "a" (odd i) or "b" (even i)."""
    return [{"id": f"R{i}", "when": [f">= {i}", _kind(i)], "then": i,
             "source": f"§ {i}"} for i in range(1, RULES + 1)]


def _expected(i: int) -> dict[str, Any]:
    """Rule i's row as the eager recording wrote it, from how the table is made: with
    amount 1000 and kind "a", rules above 1000 fail in their first column (amount), the
    even rules up to 1000 in their second (kind), the odd rules up to 1000 match."""
    row: dict[str, Any] = {"id": f"R{i}", "source": f"§ {i}", "note": None,
                           "interpretation": None}
    if i > AMOUNT:
        return row | {"matched": False, "failed_input": "amount", "failed_cell": f">= {i}",
                      "saw": AMOUNT, "cells": None}
    if i % 2 == 0:
        return row | {"matched": False, "failed_input": "kind", "failed_cell": _kind(i),
                      "saw": KIND, "cells": None}
    return row | {"matched": True, "failed_input": None, "failed_cell": None, "saw": None,
                  "cells": [f">= {i}", _kind(i)]}


def _matches(i: int) -> bool:
    return i <= AMOUNT and i % 2 == 1


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    decision = table_decision(
        "fee", _table_rules(), "FIRST",
        inputs=[{"expression": "amount"}, {"expression": "kind"}],
        outputs=[{"name": "fee", "type": "number"}], requires={"inputs": list(INPUTS)})
    root = write_pack(tmp_path_factory.mktemp("why-not") / "pack", [decision], INPUTS)
    indexed = load_pack(root)
    assert indexed.decisions["fee"].versions[0].logic.index is not None
    scanned = copy.deepcopy(indexed)
    scanned.decisions["fee"].versions[0].logic.index = None
    return {"indexed": indexed, "scanned": scanned, "root": root}  # type: ignore[dict-item]


def _trace_json(pack: Pack, **kw: Any) -> dict[str, Any]:
    result = pack.evaluate({"amount": Decimal(AMOUNT), "kind": KIND}, as_of=AS_OF)
    assert result.values["fee"] == Decimal(1)
    data: dict[str, Any] = json.loads(dumps(result.trace.to_json(**kw)))
    assert trace_errors(data) == []
    return data


@pytest.mark.parametrize("path", ["indexed", "scanned"])
def test_the_json_lists_every_match_and_the_first_rules_that_did_not(
        packs: dict[str, Pack], path: str) -> None:
    fee = _trace_json(packs[path])["decisions"][0]
    missed = [i for i in range(1, RULES + 1) if not _matches(i)]
    shown = sorted([i for i in range(1, RULES + 1) if _matches(i)] + missed[:WHY_NOT_LIMIT])
    assert fee["rules"] == [_expected(i) for i in shown]
    assert fee["why_not"] == {"limit": WHY_NOT_LIMIT, "listed": WHY_NOT_LIMIT,
                              "not_listed": len(missed) - WHY_NOT_LIMIT}
    assert len(missed) - WHY_NOT_LIMIT == 1480   # 1000 above the amount, 500 even below
    assert fee["matched"] == [f"R{i}" for i in range(1, AMOUNT + 1, 2)]
    assert fee["decided_by"] == ["R1"] and fee["citations"] == ["Testloven § 1", "§ 1"]


@pytest.mark.parametrize("path", ["indexed", "scanned"])
@pytest.mark.parametrize("why_not", ["all", None])
def test_all_lists_every_rule_as_the_eager_recording_did(
        packs: dict[str, Pack], path: str, why_not: Any) -> None:
    fee = _trace_json(packs[path], why_not=why_not)["decisions"][0]
    assert fee["rules"] == [_expected(i) for i in range(1, RULES + 1)]
    assert fee["why_not"] == {"limit": None, "listed": 1500, "not_listed": 0}


@pytest.mark.parametrize(("why_not", "listed"), [(0, 0), (1, 1), (1500, 1500), (9999, 1500)])
def test_a_chosen_number_of_rules(packs: dict[str, Pack], why_not: int, listed: int) -> None:
    for path in ("indexed", "scanned"):
        fee = _trace_json(packs[path], why_not=why_not)["decisions"][0]
        assert fee["why_not"] == {"limit": why_not, "listed": listed,
                                  "not_listed": 1500 - listed}
        assert sum(not r["matched"] for r in fee["rules"]) == listed
        assert sum(r["matched"] for r in fee["rules"]) == 500


def test_the_python_api_still_gives_every_rule(packs: dict[str, Pack]) -> None:
    for path in ("indexed", "scanned"):
        fee = packs[path].evaluate({"amount": Decimal(AMOUNT), "kind": KIND},
                                   as_of=AS_OF).trace.decision("fee")
        assert [(r.id, r.matched, r.failed_input, r.failed_cell) for r in fee.rules] == \
            [(e["id"], e["matched"], e["failed_input"], e["failed_cell"])
             for e in (_expected(i) for i in range(1, RULES + 1))]
        assert fee.missed_count() == 1500


@pytest.mark.parametrize("path", ["indexed", "scanned"])
def test_only_the_rules_asked_for_are_explained(packs: dict[str, Pack], path: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The cost of the JSON follows the limit, not the table: a why-not is built only for
    the rules listed."""
    built: list[str] = []
    why_not = DecisionTrace._why_not

    def counting(self: DecisionTrace, rule: Any, col: int) -> Any:
        built.append(rule.id)
        return why_not(self, rule, col)

    monkeypatch.setattr(DecisionTrace, "_why_not", counting)
    _trace_json(packs[path])
    assert built == [f"R{i}" for i in range(2, 2 * WHY_NOT_LIMIT + 1, 2)]


@pytest.mark.parametrize("wrong", [-1, True, "some", 2.5, "20"])
def test_a_wrong_why_not_is_refused(packs: dict[str, Pack], wrong: Any) -> None:
    result = packs["indexed"].evaluate({"amount": Decimal(AMOUNT), "kind": KIND}, as_of=AS_OF)
    with pytest.raises(ValueError, match="why_not"):
        result.trace.to_json(why_not=wrong)
    with pytest.raises(ValueError, match="why_not"):
        why_not_limit(wrong)


def test_an_expression_lists_no_rules(make_pack: Any) -> None:
    pack = make_pack([{"id": "double", "label": {"da": "d", "en": "d"},
                       "requires": {"inputs": ["x"]},
                       "versions": [{"valid_from": "2000-01-01", "source": "§ 1",
                                     "expression": "x * 2"}]}])
    data = json.loads(dumps(pack.evaluate({"x": 2}).trace.to_json()))
    assert trace_errors(data) == []
    assert data["decisions"][0]["rules"] == []
    assert data["decisions"][0]["why_not"] == {"limit": WHY_NOT_LIMIT, "listed": 0,
                                               "not_listed": 0}


def _explain(packs: dict[str, Pack], tmp_path: Path, capsys: pytest.CaptureFixture[str],
             *options: str) -> str:
    case = tmp_path / "case.yaml"
    case.write_text(f"facts: {{amount: {AMOUNT}, kind: {KIND}}}\nas_of: 2024-01-01\n",
                    encoding="utf-8")
    assert main(["explain", str(packs["root"]), "--case", str(case), *options]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(("options", "listed"), [
    ((), WHY_NOT_LIMIT), (("--why-not", "all"), 1500), (("--why-not", "3"), 3),
    (("--why-not", "0"), 0)])
def test_regel_explain_why_not(packs: dict[str, Pack], tmp_path: Path,
                               capsys: pytest.CaptureFixture[str], options: tuple[str, ...],
                               listed: int) -> None:
    data = json.loads(_explain(packs, tmp_path, capsys, "--format", "json", *options))
    assert trace_errors(data) == []
    fee = data["decisions"][0]
    assert (fee["why_not"]["listed"], fee["why_not"]["not_listed"]) == (listed, 1500 - listed)
    assert sum(not r["matched"] for r in fee["rules"]) == listed


@pytest.mark.parametrize("wrong", ["-1", "x", "all,3", ""])
def test_regel_explain_refuses_a_wrong_why_not(packs: dict[str, Pack], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                wrong: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        _explain(packs, tmp_path, capsys, "--why-not", wrong)
    assert exit_.value.code == 2
    assert "--why-not" in capsys.readouterr().err


@pytest.mark.parametrize(("lang", "summary", "note"), [
    ("en", "1500 rules did not apply",
     "1480 of these rules are not shown here; the authority can have them all listed "
     "(see the appendix for the authority)."),
    ("da", "1500 regler fandt ikke anvendelse",
     "1480 af disse regler er ikke vist her; myndigheden kan få dem alle med "
     "(se bilaget til myndigheden)."),
])
def test_the_report_counts_the_rules_the_trace_left_out(
        packs: dict[str, Pack], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        lang: str, summary: str, note: str) -> None:
    rule = "rule {}" if lang == "en" else "regel {}"
    for fmt, cell in (("md", "| " + rule + " |"),
                      ("html", '<td><span class="small">' + rule + "</span></td>")):
        page = _explain(packs, tmp_path, capsys, "--format", fmt, "--lang", lang)
        assert summary in page and note in page
        # the 20th rule that did not apply is listed, the 21st is not
        assert cell.format("R40") in page and cell.format("R42") not in page
    everything = _explain(packs, tmp_path, capsys, "--format", "md", "--lang", lang,
                          "--why-not", "all")
    assert summary in everything and note not in everything
    assert f"| {rule.format('R42')} |" in everything
    assert f"| {rule.format('R2000')} |" in everything


def _as_format_2(trace: dict[str, Any]) -> dict[str, Any]:
    """``trace`` (format 3, every rule asked for) as format 2 wrote it: every rule listed,
    no why_not."""
    old = copy.deepcopy(trace)
    old["format_version"] = 2
    for d in old["decisions"]:
        assert d.pop("why_not")["not_listed"] == 0
    return old


def test_a_trace_of_format_2_still_replays_and_reports(packs: dict[str, Pack]) -> None:
    result = packs["indexed"].evaluate({"amount": Decimal(AMOUNT), "kind": KIND}, as_of=AS_OF)
    old = _as_format_2(json.loads(dumps(result.trace.to_json(why_not="all")),
                                  parse_float=Decimal))
    report = replay(old, packs["indexed"])
    assert report.ok and report.differences == []
    page = render_report(old, "md", "en")
    assert "1500 rules did not apply" in page and "not shown here" not in page
    assert "Every rule that did not apply" not in page     # nothing for the authority to ask
    assert "| rule R2 |" in page and "| rule R2000 |" in page


def test_a_report_of_a_trace_that_lists_no_rule_that_did_not_apply(
        packs: dict[str, Pack], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("md", "html", "text"):
        page = _explain(packs, tmp_path, capsys, "--format", fmt, "--lang", "en",
                        "--why-not", "0")
        words = " ".join(page.split())
        assert "1500 of these rules are not shown here" in words
        assert "Every rule that did not apply" in words      # the appendix says how
        assert "R2 " not in page and "R2<" not in page and "R2|" not in page


def test_a_dated_record_copies_every_field_but_the_date() -> None:
    """DecisionTrace.dated copies field by hand (it is on a traced evaluation's path): a
    field added to the record and forgotten there fails here. Every field gets its own
    object, so a copy of the wrong one shows."""
    import dataclasses

    record = DecisionTrace(object(), object(), "by", dt.date(2020, 1, 1))
    names = [f.name for f in dataclasses.fields(DecisionTrace)]
    for name in names:
        setattr(record, name, object())
    day = dt.date(2024, 5, 6)
    copied = record.dated(day)
    assert copied.selected_date == day
    for name in names:
        if name != "selected_date":
            assert getattr(copied, name) is getattr(record, name), name


def test_a_new_record_has_lists_of_its_own() -> None:
    """Each record gets fresh lists (a record's warnings or calls are its own)."""
    import dataclasses

    one = DecisionTrace(object(), object(), None, AS_OF)
    two = DecisionTrace(object(), object(), None, AS_OF)
    for f in dataclasses.fields(DecisionTrace):
        value = getattr(one, f.name)
        if f.default_factory is list:   # type: ignore[comparison-overlap]
            assert value == [] and value is not getattr(two, f.name), f.name
        elif f.name not in ("decision", "version", "selected_by", "selected_date"):
            assert value == f.default, f.name
