"""regel.tools.replay: an archived trace replayed on the same rules gives the same answer, and on
changed rules names every difference."""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regel
from regel.base.messages import CATALOGUE
from regel.cli import main
from regel.cli.replay import run
from regel.feel.jsonio import dumps, plain
from regel.model import Pack
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file
from regel.tools.replay import (
    KINDS,
    ReplayError,
    load_trace,
    read_trace,
    render_report,
    replay,
    replay_facts,
)
from tests.traceformat1 import as_format_1

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
PACK_DIR = ROOT / "rules" / "sikkerhedsstillelse"
LIBRARY = ROOT / "examples" / "packs" / "library-fees"

#: the case whose amount is indexed to 2024 (it uses the 2024 satsregulering)
CASE_2024 = ROOT / "examples" / "cases" / "01-ny-ansoegning-2024-proever-bestaaet.yaml"
#: the case with aid payments: dicts whose dates are strings in the trace
CASE_AID = ROOT / "examples" / "cases" / "06-inddrivelse-hjaelp-efter-tre-love.yaml"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return regel.load_pack("sikkerhedsstillelse")


def case_of(path: Path) -> Case:
    return Case.from_data(load_yaml_file(path), str(path))


def archived(pack: Pack, path: Path) -> dict[str, Any]:
    """The case's trace as an archive holds it: JSON text, read back exactly."""
    text = dumps(pack.evaluate(case_of(path)).to_json())
    return json.loads(text, parse_float=Decimal)


def edited_pack(tmp_path: Path, file: str, old: str, new: str) -> Pack:
    """A copy of the bundled pack with one plain text replace in one file."""
    folder = tmp_path / "sikkerhedsstillelse"
    shutil.copytree(PACK_DIR, folder)
    target = folder / file
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the text to edit is not (once) in {file}: {old}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return regel.load_pack(folder)


def kinds(report: Any) -> list[str]:
    return [d.kind for d in report.differences]


# --------------------------------------------------------------------------- same rules

def test_there_are_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_example_case_replays_identically(pack: Pack, path: Path) -> None:
    trace = archived(pack, path)
    report = replay(trace)  # the bundled pack named in the trace
    assert report.differences == []
    assert report.ok
    assert report.decisions == len(trace["decisions"])
    assert report.asked == list(trace["outputs"])
    listing = render_report(report)
    assert listing.startswith(f"Replay: identical (fingerprint {pack.fingerprint[:12]}…, "
                              f"{len(trace['decisions'])} decisions)")
    assert render_report(report, "da").startswith("Genkørsel: identisk")


@pytest.mark.parametrize("path", sorted((LIBRARY / "cases").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_a_pack_given_as_a_folder_replays_identically(path: Path) -> None:
    lib = regel.load_pack(LIBRARY)
    trace = load_trace(dumps(lib.evaluate(case_of(path)).to_json()))
    report = replay(trace, lib)
    assert report.ok and report.differences == []


def test_the_trace_regel_explain_prints_replays(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "sikkerhedsstillelse", "--case", str(CASE_AID),
                 "--format", "json"]) == 0
    path = tmp_path / "trace.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    report = replay(read_trace(path))
    assert report.ok, render_report(report)


def test_dates_inside_list_facts_are_dates_again(pack: Pack) -> None:
    """Without the conversion the aid case silently gives another answer: the dates of
    aid_payments are strings in the trace, and the rules would compare text with dates."""
    trace = archived(pack, CASE_AID)
    facts = replay_facts(pack, trace["inputs"])
    payment = facts["aid_payments"][0]
    assert isinstance(payment["paid_on"], dt.date)
    assert isinstance(payment["law"], str)
    assert isinstance(facts["permit_date"], str)   # declared date: the case check converts it
    naive = pack.evaluate(trace["inputs"], list(trace["outputs"]),
                          dt.date.fromisoformat(trace["as_of"]))
    assert plain(naive.values) != trace["outputs"]
    assert replay(trace).ok


def test_only_exact_valid_iso_dates_are_converted(pack: Pack) -> None:
    facts = replay_facts(pack, {
        "aid_payments": [{"paid_on": "2023-02-29", "claimed_on": "2020-01-01T10:00:00",
                          "law": "2020-1-1", "amount": 1.5, "nested": ["2020-03-01"]}],
        "reductions_granted": ["2020-01-01"],          # list of strings: left alone
        "original_municipality": "2020-01-01",          # declared string: left alone
    })
    p = facts["aid_payments"][0]
    assert p["paid_on"] == "2023-02-29"                 # not a real date
    assert p["claimed_on"] == "2020-01-01T10:00:00"
    assert p["law"] == "2020-1-1"
    assert p["amount"] == Decimal("1.5")                # a float read without parse_float
    assert p["nested"] == [dt.date(2020, 3, 1)]
    assert facts["reductions_granted"] == ["2020-01-01"]
    assert facts["original_municipality"] == "2020-01-01"


def test_numbers_are_compared_as_decimals(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    did = "amount_to_post"
    value = trace["outputs"][did]
    assert isinstance(value, Decimal)
    trace["outputs"][did] = Decimal(str(value) + "000")    # 79676.31 written 79676.31000
    assert replay(trace).ok
    floats = json.loads(dumps(trace))                       # read without parse_float
    assert replay(floats).ok


def test_true_is_not_one(pack: Pack) -> None:
    path = ROOT / "examples" / "cases" / "08-flytning-tre-kommuner-og-frigivelse.yaml"
    trace = archived(pack, path)
    did, value = next((k, v) for k, v in trace["outputs"].items() if isinstance(v, bool))
    trace["outputs"][did] = int(value)
    with pytest.raises(ReplayError, match="TRACE-INCONSISTENT"):   # the record says true
        replay(trace)
    next(d for d in trace["decisions"] if d["id"] == did)["output"] = int(value)
    report = replay(trace)
    assert not report.ok and kinds(report) == ["output"]


def test_unknown_keys_are_ignored(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    trace["fact_labels"] = {"permit_date": {"da": "x", "en": "x"}}
    trace["pack"]["title"] = "something new"
    for d in trace["decisions"]:
        d["columns"] = [{"id": "a", "value": 1}]
        d["version"]["label"] = "new"
    assert replay(trace).ok


# --------------------------------------------------------------------------- changed rules

def test_a_changed_percentage_names_fingerprint_and_outputs(pack: Pack,
                                                            tmp_path: Path) -> None:
    trace = archived(pack, CASE_2024)
    edited = edited_pack(tmp_path, "decisions/satsregulering.yaml",
                         "then: [2024, 3.2, derived]", "then: [2024, 3.3, derived]")
    report = replay(trace, edited)
    assert not report.ok
    assert "fingerprint" in kinds(report) and "output" in kinds(report)
    assert "version" not in kinds(report)
    # the guarantee of case 01 is for the amount due at 3.2 %; at 3.3 % the amount due is
    # higher, so security_defects now decides by its rule for an amount below the amount due
    # (and only it is decided by other rules)
    assert {d.decision for d in report.differences if d.kind == "decided_by"} == \
        {"security_defects"}
    fp = next(d for d in report.differences if d.kind == "fingerprint")
    assert (fp.recorded, fp.now) == (pack.fingerprint, edited.fingerprint)

    now = edited.evaluate(case_of(CASE_2024)).values
    assert now["security_defects"] == ["amount_below_due"] and now["security_valid"] is False
    listing = render_report(report)
    outputs = [d for d in report.differences if d.kind == "output"]
    assert listing.startswith(f"Replay: {len(report.differences)} differences")
    assert f"recorded {pack.fingerprint[:12]}…, now {edited.fingerprint[:12]}…" in listing
    post = next(d for d in outputs if d.decision == "amount_to_post")
    assert post.recorded == trace["outputs"]["amount_to_post"] != post.now
    assert f"output of amount_to_post: recorded {post.recorded}, now " \
           f"{now['amount_to_post']}" in listing
    # a structured output lists the parts that changed, each with both values
    indexed = next(d for d in outputs if d.decision == "indexed_amounts")
    base_then = trace["outputs"]["indexed_amounts"]["base"]
    assert f"base: recorded {base_then}, now {now['indexed_amounts']['base']}" in listing
    da = render_report(report, "da")
    assert "Genkørsel:" in da and "resultat af amount_to_post: registreret" in da
    assert indexed.to_json()["kind"] == "output"


def test_a_changed_output_cell_in_amount_series(pack: Pack, tmp_path: Path) -> None:
    path = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"
    trace = archived(pack, path)
    edited = edited_pack(tmp_path, "decisions/amount_series.yaml",
                         "base_amount: 100000, base_year: 2018, a1_step: 20000",
                         "base_amount: 100000, base_year: 2018, a1_step: 25000")
    report = replay(trace, edited)
    assert not report.ok
    changed = [d for d in report.differences if d.kind == "output"]
    assert changed, render_report(report)
    listing = render_report(report)
    for d in changed:
        assert f"output of {d.decision}" in listing


def test_a_moved_version_boundary_in_the_pack(pack: Pack, tmp_path: Path) -> None:
    trace = archived(pack, CASE_2024)
    edited = edited_pack(tmp_path, "decisions/level_year.yaml",
                         "  - valid_from: 2002-01-01\n", "  - valid_from: 2001-01-01\n")
    report = replay(trace, edited)
    assert not report.ok
    assert sorted(kinds(report)) == ["fingerprint", "version"]
    v = next(d for d in report.differences if d.kind == "version")
    assert v.decision == "level_year"
    assert v.recorded == {"valid_from": "2002-01-01", "valid_to": None}
    assert v.now == {"valid_from": "2001-01-01", "valid_to": None}
    assert "version of level_year: recorded [2002-01-01, …), now [2001-01-01, …)" \
        in render_report(report)


def test_a_moved_version_boundary_in_the_trace(pack: Pack) -> None:
    path = ROOT / "examples" / "cases" / "04-forlaengelse-2014-reglen-2015.yaml"
    trace = archived(pack, path)
    terms = next(d for d in trace["decisions"] if d["id"] == "extension_terms")
    old_to = terms["version"]["valid_to"]
    terms["version"]["valid_to"] = "2019-01-01"
    report = replay(trace)
    assert kinds(report) == ["version"] and not report.ok
    assert report.differences[0].now["valid_to"] == old_to
    assert report.differences[0].to_json()["decision"] == "extension_terms"


def test_other_deciding_rules(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    d = next(d for d in trace["decisions"] if d["decided_by"])
    real = list(d["decided_by"])
    d["decided_by"] = ["R-OLD"]
    report = replay(trace)
    assert kinds(report) == ["decided_by"]
    diff = report.differences[0]
    assert (diff.decision, diff.recorded, diff.now) == (d["id"], ["R-OLD"], real)
    assert f"rules that decided {d['id']}: recorded R-OLD, now {', '.join(real)}" \
        in render_report(report)


def test_a_decision_the_pack_no_longer_has(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    trace["outputs"]["old_decision"] = 5
    trace["decisions"].append({"id": "old_decision", "version": {"valid_from": "2002-01-01",
                                                                  "valid_to": None},
                               "selected_by": {"expression": None, "date": trace["as_of"]},
                               "decided_by": [], "output": 5})
    report = replay(trace)
    assert not report.ok
    assert kinds(report) == ["missing_decision"]
    assert report.differences[0].decision == "old_decision"
    assert "old_decision" in render_report(report)


def test_another_engine_version_is_only_a_note(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    trace["engine_version"] = "0.0.1"
    report = replay(trace)
    assert report.ok
    assert kinds(report) == ["engine_version"]
    listing = render_report(report)
    assert listing.startswith("Replay: identical")
    assert f"note: engine version: recorded 0.0.1, now {regel.__version__}" in listing


CASE_03 = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"


def stricter_pack(tmp_path: Path) -> Pack:
    """A copy of the bundled pack that allows an original_amount only from 1,000,000."""
    folder = tmp_path / "sikkerhedsstillelse"
    shutil.copytree(PACK_DIR, folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    new = re.sub(r'(original_amount:\n(?:    .*\n)*?    allowed: )">= 0"', r'\1">= 1000000"',
                 text, count=1)
    assert new != text
    (folder / "pack.yaml").write_text(new, encoding="utf-8")
    return regel.load_pack(folder)


def test_facts_the_pack_no_longer_accepts_are_a_case_difference(pack: Pack,
                                                                tmp_path: Path) -> None:
    trace = archived(pack, CASE_03)
    report = replay(trace, stricter_pack(tmp_path))
    assert not report.ok
    case = next(d for d in report.differences if d.kind == "case")
    assert case.fact == "original_amount" and case.now == "CASE-NOT-ALLOWED"
    assert case.recorded == trace["inputs"]["original_amount"]
    assert "no longer accepts the case: original_amount" in render_report(report)


def test_facts_the_pack_no_longer_accepts_are_named_in_danish(pack: Pack,
                                                              tmp_path: Path) -> None:
    trace = archived(pack, CASE_03)
    report = replay(trace, stricter_pack(tmp_path))
    [case] = [d for d in report.differences if d.kind == "case"]
    assert case.problem is not None and case.problem.code == "CASE-NOT-ALLOWED"
    said = ("original_amount: Oprindeligt stillet beløb (kr.) er tallet 102000, som ligger "
            "uden for det, regelsættet tillader: >= 1000000")
    assert "  - regelsættet accepterer ikke længere sagen: " + said \
        in render_report(report, "da").splitlines()
    assert case.to_json("da")["message"] == said
    assert case.message == ("original_amount: Amount originally posted (DKK) is the number "
                            "102000, which is outside what the pack allows: >= 1000000")


def test_an_unknown_fact_is_a_case_difference(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    trace["inputs"]["shoe_size"] = 42
    report = replay(trace)
    assert kinds(report) == ["case"]
    assert report.differences[0].now == "CASE-UNKNOWN-FACT"


def test_a_pack_that_fails_on_the_case_is_a_case_difference(pack: Pack,
                                                           tmp_path: Path) -> None:
    trace = archived(pack, CASE_2024)   # as of 2024-06-03; level_year from 2030 below
    edited = edited_pack(tmp_path, "decisions/level_year.yaml",
                         "  - valid_from: 2002-01-01\n", "  - valid_from: 2030-01-01\n")
    report = replay(trace, edited)
    assert not report.ok
    assert kinds(report) == ["case", "fingerprint"]
    assert "VERSION-NONE" in report.differences[0].message


def test_kinds_and_messages_are_complete() -> None:
    for kind in KINDS:
        assert f"replay.{kind}" in CATALOGUE
    for key, texts in CATALOGUE.items():
        if key.startswith("replay."):
            assert set(texts) == {"da", "en"} and all(texts.values())


def test_report_to_json(pack: Pack, tmp_path: Path) -> None:
    trace = archived(pack, CASE_2024)
    edited = edited_pack(tmp_path, "decisions/satsregulering.yaml",
                         "then: [2024, 3.2, derived]", "then: [2024, 3.3, derived]")
    data = json.loads(dumps(replay(trace, edited).to_json()), parse_float=Decimal)
    assert data["ok"] is False
    assert data["pack"]["fingerprint"] == {"recorded": pack.fingerprint,
                                           "now": edited.fingerprint}
    assert data["case_id"] == trace["case_id"] and data["as_of"] == trace["as_of"]
    for d in data["differences"]:
        assert set(d) >= {"kind", "decision", "recorded", "now", "message"}
        assert d["kind"] in KINDS and d["message"]


# --------------------------------------------------------------------------- the verb

def _args(trace: Path, pack: str | None = None, fmt: str = "text",
          lang: str = "en") -> argparse.Namespace:
    return argparse.Namespace(trace=str(trace), pack=pack, format=fmt, lang=lang)


def test_run(pack: Pack, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "trace.json"
    path.write_text(dumps(pack.evaluate(case_of(CASE_2024)).to_json()), encoding="utf-8")
    assert run(_args(path)) == 0
    assert capsys.readouterr().out.startswith("Replay: identical")
    assert run(_args(path, fmt="json")) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert run(_args(path, pack="sikkerhedsstillelse", lang="da")) == 0
    assert capsys.readouterr().out.startswith("Genkørsel: identisk")

    edited_pack(tmp_path, "decisions/satsregulering.yaml",
                "then: [2024, 3.2, derived]", "then: [2024, 3.3, derived]")
    assert run(_args(path, pack=str(tmp_path / "sikkerhedsstillelse"))) == 1
    out = capsys.readouterr().out
    assert "fingerprint: recorded" in out and "output of amount_to_post" in out
    assert run(_args(path, pack=str(tmp_path / "sikkerhedsstillelse"), fmt="json")) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


# --------------------------------------------------------------------------- bad input

def _plain(err: ReplayError) -> None:
    assert isinstance(err, regel.RegelError)
    assert err.message and "Traceback" not in err.message and "\n" not in err.message


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "trace.json"
    path.write_text("regel explain output, not JSON\n", encoding="utf-8")
    with pytest.raises(ReplayError) as info:
        read_trace(path)
    assert info.value.code == "TRACE-NOT-JSON" and "not JSON" in info.value.message
    assert info.value.source == str(path)
    _plain(info.value)
    with pytest.raises(regel.RegelError):
        run(_args(path))


@pytest.mark.parametrize("text", ['{"facts": {"x": 1}}', "[1, 2]", '"regel-trace"',
                                  '{"format": "regel-case"}'])
def test_json_that_is_not_a_trace(text: str) -> None:
    with pytest.raises(ReplayError) as info:
        load_trace(text)
    assert info.value.code == "TRACE-NOT-TRACE"
    assert "not a regel trace" in info.value.message
    _plain(info.value)


def test_a_trace_from_a_newer_format(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    trace["format_version"] = 99
    with pytest.raises(ReplayError) as info:
        replay(trace)
    assert info.value.code == "TRACE-VERSION" and "newer regel" in info.value.message
    _plain(info.value)


@pytest.mark.parametrize("field,value", [("as_of", "1 July 2024"), ("outputs", {}),
                                         ("inputs", [1]), ("decisions", None)])
def test_a_trace_with_a_broken_field(pack: Pack, field: str, value: Any) -> None:
    trace = archived(pack, CASE_2024)
    trace[field] = value
    with pytest.raises(ReplayError) as info:
        replay(trace)
    assert info.value.code == "TRACE-FORMAT"
    _plain(info.value)


def test_an_unknown_pack(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    trace["pack"]["id"] = "sikkerhedsstilelse"
    with pytest.raises(ReplayError) as info:
        replay(trace)
    err = info.value
    assert err.code == "PACK-NOT-FOUND"
    assert "'sikkerhedsstilelse'" in err.message and "did you mean 'sikkerhedsstillelse'" \
        in err.message
    _plain(err)


def test_a_pack_that_is_only_a_folder_must_be_given() -> None:
    lib = regel.load_pack(LIBRARY)
    case = case_of(next((LIBRARY / "cases").glob("*.yaml")))
    trace = load_trace(dumps(lib.evaluate(case).to_json()))
    with pytest.raises(ReplayError, match="not bundled"):
        replay(trace)


def test_another_pack_than_the_traces(pack: Pack) -> None:
    trace = archived(pack, CASE_2024)
    with pytest.raises(ReplayError) as info:
        replay(trace, regel.load_pack(LIBRARY))
    assert info.value.code == "PACK-MISMATCH"


def test_a_missing_trace_file(tmp_path: Path) -> None:
    with pytest.raises(ReplayError) as info:
        read_trace(tmp_path / "nope.json")
    assert info.value.code == "FILE-NOT-FOUND"


def test_replay_does_not_change_the_trace(pack: Pack) -> None:
    trace = archived(pack, CASE_AID)
    before = copy.deepcopy(trace)
    replay(trace)
    assert trace == before


# --------------------------------------------------------------------------- format 1

@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_trace_of_format_1_replays_identically(pack: Pack, path: Path) -> None:
    trace = as_format_1(archived(pack, path))   # warnings and resolutions as sentences
    assert trace["format_version"] == 1
    report = replay(trace)
    assert report.ok and report.differences == []
