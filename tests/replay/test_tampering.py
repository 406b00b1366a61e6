"""A trace that has been tampered with is not replayed as if it still held (issue 19): a key
given twice in a JSON object is refused where it stands (TRACE-DUPLICATE-KEY), a trace that
contradicts itself is refused with the place and both things it says (TRACE-INCONSISTENT),
and what a self-consistent forgery changes is named by the replay comparison.

Expected places are found in the JSON text by plain string search, not by the code under
test; expected sentences are written out in English and in Danish."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regel
from regel.cli import main
from regel.feel.jsonio import dumps
from regel.model import Pack
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file
from regel.tools.replay import ReplayError, check_trace, load_trace, read_trace, replay
from tests.engine.test_functions import FEE, TOTAL
from tests.packbuilder import write_pack
from tests.traceformat1 import as_format_1

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
CASE_2024 = ROOT / "examples" / "cases" / "01-ny-ansoegning-2024-proever-bestaaet.yaml"
#: extension_terms picks its version by a date of the case (version_by), not the as-of date
CASE_BY = ROOT / "examples" / "cases" / "04-forlaengelse-2014-reglen-2015.yaml"

Edit = Callable[[dict[str, Any]], object]


@pytest.fixture(scope="module")
def pack() -> Pack:
    return regel.load_pack("sikkerhedsstillelse")


def trace_of(pack: Pack, path: Path, decisions: list[str] | None = None) -> dict[str, Any]:
    """The case's trace as an archive holds it: JSON text, read back exactly."""
    case = Case.from_data(load_yaml_file(path), str(path))
    text = dumps(pack.evaluate(case, decisions).to_json())
    return json.loads(text, parse_float=Decimal)


def line_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Line and column (from 1) of the ``occurrence``-th ``needle`` in ``text``."""
    pos = -1
    for _ in range(occurrence):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def refused(text: str, source: str | None = "trace.json") -> ReplayError:
    with pytest.raises(ReplayError) as info:
        load_trace(text, source)
    assert "\n" not in info.value.message
    return info.value


def shifted(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------- the rows

def _no_decisions(text: str) -> str:
    start = text.index('"decisions": [')
    end = text.index('\n  ],\n', start) + len('\n  ]')
    return text[:start] + '"decisions": []' + text[end:]


def _outputs_twice(text: str) -> str:
    """A forged "outputs" put before the real one: a JSON reader keeps the last."""
    at = text.index('\n  "outputs": {')
    return text[:at] + '\n  "outputs": {"amount_to_post": 1},' + text[at:]


def _outputs_twice_after(text: str) -> str:
    """A forged "outputs" after the real one: a JSON reader keeps the forgery."""
    at = text.index('\n  "warnings": ')
    return text[:at] + '\n  "outputs": {"amount_to_post": 1},' + text[at:]


def _as_of_moved(days: int) -> Callable[[str], str]:
    def edit(text: str) -> str:
        as_of = json.loads(text)["as_of"]
        return text.replace(f'"as_of": "{as_of}"', f'"as_of": "{shifted(as_of, days)}"', 1)
    return edit


#: (what, edit of the trace text, code, where the error points: (needle, occurrence))
ROWS: list[tuple[str, Callable[[str], str], str, tuple[str, int]]] = [
    ('"decisions": []', _no_decisions, "TRACE-INCONSISTENT", ('"decisions"', 1)),
    ('"outputs" twice, the forgery first', _outputs_twice, "TRACE-DUPLICATE-KEY",
     ('"outputs"', 2)),
    ('"outputs" twice, the forgery last', _outputs_twice_after, "TRACE-DUPLICATE-KEY",
     ('"outputs"', 2)),
    ("as_of a day later", _as_of_moved(1), "TRACE-INCONSISTENT", ('"as_of"', 1)),
    ("as_of a day earlier", _as_of_moved(-1), "TRACE-INCONSISTENT", ('"as_of"', 1)),
    ("as_of three years later", _as_of_moved(3 * 365), "TRACE-INCONSISTENT", ('"as_of"', 1)),
]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
@pytest.mark.parametrize(("what", "edit", "code", "where"), ROWS, ids=[r[0] for r in ROWS])
def test_a_tampered_trace_is_refused_where_it_was_changed(
        pack: Pack, path: Path, what: str, edit: Callable[[str], str], code: str,
        where: tuple[str, int]) -> None:
    text = edit(dumps(trace_of(pack, path)))
    err = refused(text)
    assert err.code == code, err.message
    assert (err.line, err.column) == line_of(text, *where)
    assert err.source == "trace.json"


@pytest.mark.parametrize(("what", "edit", "code", "where"), ROWS, ids=[r[0] for r in ROWS])
def test_regel_replay_says_a_tampered_trace_does_not_hold(
        pack: Pack, tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str,
        edit: Callable[[str], str], code: str, where: tuple[str, int]) -> None:
    file = tmp_path / "trace.json"
    file.write_text(edit(dumps(trace_of(pack, CASE_2024))), encoding="utf-8")
    started = time.perf_counter()
    assert main(["replay", str(file), "--lang", "en"]) == 1
    assert time.perf_counter() - started < 5
    captured = capsys.readouterr()
    assert captured.out == ""   # no report: nothing was replayed
    line, column = line_of(file.read_text(encoding="utf-8"), *where)
    assert captured.err.startswith(f"error: {file}: {code} at line {line}, column {column}: ")
    assert main(["replay", str(file), "--format", "json"]) == 1
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert (error["code"], error["line"], error["column"]) == (code, line, column)


def test_the_rows_in_english(pack: Pack) -> None:
    text = dumps(trace_of(pack, CASE_2024))
    as_of = json.loads(text)["as_of"]
    assert refused(_no_decisions(text)).message == (
        "the trace gives an output for 'validity_regime' but records no decisions at all "
        "(decisions is empty)")
    assert refused(_outputs_twice(text)).message == (
        'the trace holds the key "outputs" twice in one object (outputs); a JSON reader '
        "silently keeps only one of them, so the trace cannot be trusted")
    assert refused(_as_of_moved(1)(text)).message == (
        f"the trace's as_of is {shifted(as_of, 1)}, but its decisions' versions were chosen "
        f"by the as-of date {as_of} (selected_by.date of 'level_year')")


def test_the_rows_in_danish(pack: Pack) -> None:
    text = dumps(trace_of(pack, CASE_2024))
    as_of = json.loads(text)["as_of"]
    line, column = line_of(_outputs_twice(text), '"outputs"', 2)
    assert refused(_outputs_twice(text)).render("da") == (
        f'trace.json:{line}:{column}: TRACE-DUPLICATE-KEY: sporet indeholder nøglen '
        '"outputs" to gange i samme objekt (outputs); et program, der læser JSON, beholder '
        "uden varsel kun den ene, så man kan ikke stole på sporet")
    assert refused(_no_decisions(text)).first.text("da") == (
        "sporet giver et resultat for 'validity_regime', men har slet ingen afgørelser "
        "registreret (decisions er tom)")
    assert refused(_as_of_moved(1)(text)).first.text("da") == (
        f"sporets as_of er {shifted(as_of, 1)}, men versionerne af afgørelserne blev valgt "
        f"ud fra opgørelsesdatoen {as_of} (selected_by.date for 'level_year')")


def test_the_api_refuses_the_same_traces_without_their_text(pack: Pack) -> None:
    trace = trace_of(pack, CASE_2024)
    for edit in (lambda t: t.__setitem__("decisions", []),
                 lambda t: t.__setitem__("as_of", shifted(t["as_of"], 1))):
        broken = copy.deepcopy(trace)
        edit(broken)
        with pytest.raises(ReplayError) as info:
            replay(broken)
        assert info.value.code == "TRACE-INCONSISTENT"
        assert info.value.first.field in ("decisions", "as_of")


def test_a_tampered_trace_file_is_refused_by_read_trace(pack: Pack, tmp_path: Path) -> None:
    file = tmp_path / "trace.json"
    file.write_text(_outputs_twice(dumps(trace_of(pack, CASE_2024))), encoding="utf-8")
    with pytest.raises(ReplayError) as info:
        read_trace(file)
    assert info.value.code == "TRACE-DUPLICATE-KEY" and info.value.source == str(file)
    assert info.value.excerpt().splitlines() == ['  "outputs": {', "  ^^^^^^^^^"]


# --------------------------------------------------------------------------- keys given twice

#: (JSON text, the key's path as the message gives it, line, column of the second key)
TWICE: list[tuple[str, str, int, int]] = [
    ('{"a": 1, "a": 2}', "a", 1, 10),
    ('{"a": 1, "a": 1}', "a", 1, 10),                       # the same value twice too
    ('{"o": {"p": {"q": 1, "q": [2]}}}', "o.p.q", 1, 22),
    ('{\n  "x": [\n    {"k": 1},\n    {"k": 1, "k": 2}\n  ]\n}', "x[2].k", 4, 14),
    ('{"format": "regel-trace", "inputs": {"a": {"b": 1}, "a": {"b": 1}}}', "inputs.a", 1, 53),
    ('{"\\u0061": 1, "a": 2}', "a", 1, 15),                 # one key, written two ways
    ('{"s": "\\"a\\": 1", "a": 1, "t": ["a", {"a": 0}], "a": 2}', "a", 1, 49),
]


@pytest.mark.parametrize(("text", "path", "line", "column"), TWICE, ids=[t[0] for t in TWICE])
def test_a_key_twice_anywhere_is_refused_where_it_stands(text: str, path: str, line: int,
                                                         column: int) -> None:
    err = refused(text)
    assert err.code == "TRACE-DUPLICATE-KEY"
    assert (err.line, err.column) == (line, column)
    assert err.first.field == path and f"twice in one object ({path})" in err.message
    assert err.first.values["name"] == path.rsplit(".", 1)[-1].split("[")[0]


@pytest.mark.parametrize("text", ['{"a": {"k": 1}, "b": {"k": 1}}', '[{"k": 1}, {"k": 2}]'])
def test_one_key_in_different_objects_is_no_duplicate(text: str) -> None:
    assert refused(text).code == "TRACE-NOT-TRACE"


@pytest.mark.parametrize("text", ['{"a": {"k": 1, "k": 2}, "b": ',
                                  '{"a": {"k": 1, "k": 2}} trailing'])
def test_a_key_twice_before_the_text_turns_bad_is_still_located(text: str) -> None:
    err = refused(text)
    assert (err.code, err.line, err.column, err.first.field) == ("TRACE-DUPLICATE-KEY", 1, 16,
                                                                  "a.k")


def test_text_that_turns_bad_before_a_key_twice_is_not_json() -> None:
    assert refused('{"a": nope, "k": 1, "k": 2}').code == "TRACE-NOT-JSON"


def test_a_key_twice_deep_in_a_real_trace(pack: Pack) -> None:
    text = dumps(trace_of(pack, CASE_2024))
    needle = '"decided_by": ['
    third = text.index(needle, text.index(needle, text.index(needle) + 1) + 1)
    changed = text[:third] + '"decided_by": [], ' + text[third:]
    err = refused(changed)
    data = json.loads(text)
    position = next(i for i, d in enumerate(data["decisions"]) if d["decided_by"] is not None
                    and i >= 2)
    assert err.first.field == f"decisions[{position + 1}].decided_by"
    assert (err.line, err.column) == line_of(changed, needle, 4)


# --------------------------------------------------------------------------- contradictions

def _record(did: str, edit: Callable[[dict[str, Any]], object]) -> Edit:
    return lambda t: edit(next(d for d in t["decisions"] if d["id"] == did))


def _drop_record(did: str) -> Edit:
    return lambda t: t.__setitem__("decisions", [d for d in t["decisions"] if d["id"] != did])


def _reader_input(t: dict[str, Any], name: str) -> dict[str, Any]:
    """The input item through which a decision read the decision ``name``."""
    return next(i for d in t["decisions"] for i in d["inputs"]
                if i["from"] == "decision" and i["name"] == name)


#: (what, edit, catalogue key, the field the error names, English message)
CONTRADICTIONS: list[tuple[str, Edit, str, str, str]] = [
    ("an asked decision without its record", _drop_record("amount_to_post"),
     "TRACE-INCONSISTENT/no-record", "outputs.amount_to_post",
     "the trace gives an output for 'amount_to_post' but has no record of that decision in "
     "decisions"),
    ("an output that is not its record's", lambda t: t["outputs"].update(amount_to_post=1),
     "TRACE-INCONSISTENT/output", "decisions[8].output",
     "the output of 'amount_to_post' is 1 in outputs, but 79676.31 in the decision's record"),
    ("a record whose output is not in outputs",
     _record("security_valid", lambda d: d.update(output=False)),
     "TRACE-INCONSISTENT/output", "decisions[13].output",
     "the output of 'security_valid' is true in outputs, but false in the decision's record"),
    ("true recorded as 1", _record("security_valid", lambda d: d.update(output=1)),
     "TRACE-INCONSISTENT/output", "decisions[13].output",
     "the output of 'security_valid' is true in outputs, but 1 in the decision's record"),
    ("a decision recorded twice",
     lambda t: t["decisions"].append(copy.deepcopy(t["decisions"][0])),
     "TRACE-INCONSISTENT/twice", "decisions[14].id",
     "the decision 'amount_series' is recorded twice in the trace (decisions number 1 and "
     "14); each decision is evaluated once"),
    ("one record chosen on another day",
     _record("level_year", lambda d: d["selected_by"].update(date="2024-06-04")),
     "TRACE-INCONSISTENT/selected-date", "decisions[2].selected_by.date",
     "the version of 'level_year' was chosen by the as-of date, but its selected_by.date is "
     "2024-06-04 while the trace's as_of is 2024-06-03"),
    ("a version that ends before its date",
     _record("level_year", lambda d: d["version"].update(valid_to="2024-06-03")),
     "TRACE-INCONSISTENT/version-date", "decisions[2].version",
     "the version of 'level_year' in the trace, [2002-01-01, 2024-06-03), is not in force "
     "on 2024-06-03, the date recorded as choosing it"),
    ("a version that begins after its date",
     _record("level_year", lambda d: d["version"].update(valid_from="2024-07-01")),
     "TRACE-INCONSISTENT/version-date", "decisions[2].version",
     "the version of 'level_year' in the trace, [2024-07-01, …), is not in force on "
     "2024-06-03, the date recorded as choosing it"),
    ("an input that is not the record it was read from",
     lambda t: _reader_input(t, "satsregulering").update(value=[]),
     "TRACE-INCONSISTENT/input", "decisions[5].inputs[1].value",
     "the decision 'index_factor' read 'satsregulering' as [], but the record of "
     "'satsregulering' gives "),
    ("an input read from a decision the trace does not record",
     _drop_record("satsregulering"),
     "TRACE-INCONSISTENT/input-unrecorded", "decisions[4].inputs[1].name",
     "the decision 'index_factor' read the decision 'satsregulering', which the trace does "
     "not record"),
    ("a record missing selected_by", _record("level_year", lambda d: d.pop("selected_by")),
     "TRACE-FORMAT/decision-no-selected-by", "decisions[2].selected_by",
     "the decision 'level_year' in the trace does not say what chose its version "
     "(selected_by)"),
]


@pytest.mark.parametrize(("what", "edit", "key", "where", "message"), CONTRADICTIONS,
                         ids=[c[0] for c in CONTRADICTIONS])
def test_a_trace_that_contradicts_itself_is_refused(pack: Pack, what: str, edit: Edit,
                                                    key: str, where: str,
                                                    message: str) -> None:
    trace = trace_of(pack, CASE_2024)
    assert trace["as_of"] == "2024-06-03"
    assert trace["outputs"]["amount_to_post"] == Decimal("79676.31")
    edit(trace)
    with pytest.raises(ReplayError) as info:
        check_trace(trace, "trace.json")
    [problem] = info.value.diagnostics
    assert (problem.key, problem.field) == (key, where)
    assert problem.text("en").startswith(message), problem.text("en")
    assert problem.text("da") != problem.text("en")
    # from the text, the error points at the last part of the field it names (at the
    # record, for a part that is missing)
    text = dumps(trace)
    err = refused(text)
    assert err.first.key == key and err.line is not None
    last = where.rsplit(".", 1)[-1].split("[")[0]
    pointed = text.splitlines()[err.line - 1][err.column - 1:]
    assert pointed.startswith("{" if "missing" in what else f'"{last}"'), pointed


def test_contradictions_in_danish(pack: Pack) -> None:
    expected = {
        "a decision recorded twice": "afgørelsen 'amount_series' er registreret to gange i "
        "sporet (afgørelse nr. 1 og 14); hver afgørelse vurderes kun én gang",
        "an output that is not its record's": "resultatet af 'amount_to_post' er 1 i outputs, "
        "men 79676.31 i registreringen af afgørelsen",
        "an asked decision without its record": "sporet giver et resultat for "
        "'amount_to_post', men afgørelsen er ikke registreret i decisions",
        "one record chosen on another day": "versionen af 'level_year' blev valgt ud fra "
        "opgørelsesdatoen, men dens selected_by.date er 2024-06-04, mens sporets as_of er "
        "2024-06-03",
        "a version that ends before its date": "versionen af 'level_year' i sporet, "
        "[2002-01-01, 2024-06-03), gælder ikke den 2024-06-03, som er registreret som den "
        "dato, der valgte den",
        "an input read from a decision the trace does not record": "afgørelsen "
        "'index_factor' læste afgørelsen 'satsregulering', som ikke er registreret i sporet",
        "a record missing selected_by": "afgørelsen 'level_year' i sporet siger ikke, hvad "
        "der afgjorde, hvilken version der blev brugt (selected_by)",
    }
    for what, edit, *_ in CONTRADICTIONS:
        if what not in expected:
            continue
        trace = trace_of(pack, CASE_2024)
        edit(trace)
        with pytest.raises(ReplayError) as info:
            check_trace(trace)
        assert info.value.first.text("da") == expected.pop(what)
    assert not expected
    trace = trace_of(pack, CASE_2024)
    _reader_input(trace, "satsregulering").update(value=[])
    with pytest.raises(ReplayError) as info:
        check_trace(trace)
    assert info.value.first.text("da").startswith(
        "afgørelsen 'index_factor' læste 'satsregulering' som [], men registreringen af "
        "'satsregulering' giver ")


def test_when_the_as_of_dates_disagree_among_themselves_the_record_is_named(
        pack: Pack) -> None:
    trace = trace_of(pack, CASE_2024)
    trace["as_of"] = "2024-06-04"
    trace["decisions"][1]["selected_by"]["date"] = "2024-06-04"   # one record agrees
    with pytest.raises(ReplayError) as info:
        check_trace(trace)
    assert info.value.first.key == "TRACE-INCONSISTENT/selected-date"
    assert info.value.first.field == "decisions[3].selected_by.date"


# --------------------------------------------------------------------------- real traces pass

@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_real_trace_agrees_with_itself_in_both_formats(pack: Pack, path: Path) -> None:
    trace = trace_of(pack, path)
    load_trace(dumps(trace))
    load_trace(dumps(as_format_1(trace)))
    asked = list(trace["outputs"])[-1:]       # one decision asked: the others only recorded
    load_trace(dumps(trace_of(pack, path, asked)))


@pytest.fixture(scope="module")
def function_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    root = tmp_path_factory.mktemp("functions")
    return {fd: regel.load_pack(write_pack(root / fd, [FEE, TOTAL], failed_decisions=fd))
            for fd in ("stop", "null")}


@pytest.mark.parametrize(("failed", "as_of"), [("stop", "2020-01-01"), ("stop", "2024-02-01"),
                                                ("null", "1999-06-01")])
def test_traces_of_function_decisions_agree_with_themselves(
        function_packs: dict[str, Pack], failed: str, as_of: str) -> None:
    """A function decision's own record holds the version of the as-of date, or the last
    one when none covers it (1999: 'fee for' begins in 2000); and in a pack whose failed
    decisions are null, 'total' (which has no version in 1999) fails before its record
    begins: its output is null with no record."""
    pack = function_packs[failed]
    evaluation = pack.evaluate({"x": Decimal(4)}, as_of=dt.date.fromisoformat(as_of))
    trace = load_trace(dumps(evaluation.to_json()))
    fee = trace["decisions"][0]
    assert fee["output"] == "function fee for(kind, days)"
    if as_of == "1999-06-01":
        assert trace["outputs"] == {"total": None} and len(trace["decisions"]) == 1
        assert fee["version"]["valid_from"] == "2024-01-01"
    for variant in (trace, as_format_1(trace)):
        report = replay(load_trace(dumps(variant)), pack)
        assert report.ok and report.differences == []


def test_a_null_output_without_its_record_may_not_hide_a_value(
        function_packs: dict[str, Pack]) -> None:
    pack = function_packs["null"]
    trace = load_trace(dumps(pack.evaluate({"x": Decimal(4)},
                                           as_of=dt.date(2020, 1, 1)).to_json()))
    trace["decisions"] = [d for d in trace["decisions"] if d["id"] != "total"]
    with pytest.raises(ReplayError, match="TRACE-INCONSISTENT"):
        check_trace(trace)
    trace["outputs"]["total"] = None     # consistent now; but the rules decide 13
    report = replay(trace, pack)
    assert sorted(d.kind for d in report.differences) == ["output", "unrecorded_decision"]


# --------------------------------------------------------------------------- forgeries that agree

def test_a_consistent_forgery_of_a_version_date_is_a_difference(pack: Pack) -> None:
    trace = trace_of(pack, CASE_BY)
    terms = next(d for d in trace["decisions"] if d["id"] == "extension_terms")
    chosen = dict(terms["selected_by"])
    assert chosen["expression"] is not None          # version_by: the case's own date
    terms["selected_by"]["date"] = "2015-01-02"       # still in force of the same version
    check_trace(trace)                                # nothing in the trace contradicts it
    report = replay(trace)
    assert [d.kind for d in report.differences] == ["selected_by"]
    diff = report.differences[0]
    assert diff.recorded == {"expression": chosen["expression"], "date": "2015-01-02"}
    assert diff.now == {"expression": chosen["expression"], "date": chosen["date"]}
    assert diff.message == (
        f"what chose the version of extension_terms: recorded 2015-01-02 (from "
        f"{chosen['expression']}), now {chosen['date']} (from {chosen['expression']})")
    assert diff.text("da") == (
        f"det, der valgte versionen af extension_terms: registreret 2015-01-02 (fra "
        f"{chosen['expression']}), nu {chosen['date']} (fra {chosen['expression']})")
    assert diff.to_json()["kind"] == "selected_by"


def _forge_output(trace: dict[str, Any], did: str, value: Any) -> None:
    """Change a decision's output everywhere the trace holds it."""
    next(d for d in trace["decisions"] if d["id"] == did)["output"] = value
    for d in trace["decisions"]:
        for item in d["inputs"]:
            if item["from"] == "decision" and item["name"] == did:
                item["value"] = value


def test_a_consistent_forgery_of_a_decision_not_asked_is_a_difference(pack: Pack) -> None:
    trace = trace_of(pack, CASE_2024, ["amount_to_post"])
    assert list(trace["outputs"]) == ["amount_to_post"]
    recorded = next(d for d in trace["decisions"] if d["id"] == "level_year")["output"]
    _forge_output(trace, "level_year", 1999)
    check_trace(trace)
    report = replay(trace)
    [diff] = report.differences
    assert (diff.kind, diff.decision, diff.recorded, diff.now) == ("output", "level_year",
                                                                   1999, recorded)
    assert f"output of level_year: recorded 1999, now {recorded}" in diff.message


def test_a_record_left_out_with_every_trace_of_it_is_a_difference(pack: Pack) -> None:
    trace = trace_of(pack, CASE_2024, ["amount_to_post"])
    trace["decisions"] = [d for d in trace["decisions"] if d["id"] != "level_year"]
    for d in trace["decisions"]:
        d["inputs"] = [i for i in d["inputs"] if i["name"] != "level_year"]
    check_trace(trace)
    report = replay(trace)
    assert not report.ok
    [diff] = report.differences
    assert (diff.kind, diff.decision) == ("unrecorded_decision", "level_year")
    assert diff.message == "decision level_year: evaluated this time, but not in the trace"
    assert diff.text("da") == "afgørelsen level_year: vurderet denne gang, men ikke i sporet"


def test_moving_every_as_of_date_together_states_another_true_trace(pack: Pack) -> None:
    """A trace whose as_of and every date the as-of date chose are moved together, within
    the same versions, agrees with itself, and the rules give the same at that date: replay
    confirms what the trace now says (a trace is not signed; docs/replay.md)."""
    trace = trace_of(pack, CASE_2024)
    later = shifted(trace["as_of"], 1)
    trace["as_of"] = later
    for d in trace["decisions"]:
        for record in [d, *(d.get("calls") or [])]:   # a function's calls chose theirs too
            if record["selected_by"]["expression"] is None:
                record["selected_by"]["date"] = later
    report = replay(trace)
    assert report.ok and report.as_of == dt.date.fromisoformat(later)


def test_a_number_beyond_any_decimal_is_not_json_not_a_traceback() -> None:
    """Decimal refuses the exponent with an ArithmeticError (found by the long fuzz run)."""
    with pytest.raises(ReplayError) as caught:
        load_trace('{"trace_format": 1, "x": 1e400223372036854775809}', "t.json")
    assert caught.value.code == "TRACE-NOT-JSON"
    assert "1e400223372036854775809 is beyond" in caught.value.message
