"""The source registry (issue 18): sources described in pack.yaml and in sources.yaml,
merged; citations of versions, rules and the pack checked against it; answer templates
checked against the result; ``citation_text``; what the trace, the schemas and ``regel
check`` make of them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from regel import PackError, load_pack
from regel.base.citations import citation_text, cited_text
from regel.cli import main
from regel.feel.jsonio import dumps
from regel.load.locate import schema_dir
from regel.model import Citation, Text
from regel.source.yamltree import load_yaml
from tests.packbuilder import table_decision, write_pack
from tests.schemacheck import trace_errors

REPO = Path(__file__).resolve().parents[2]
FEES = REPO / "examples" / "packs" / "library-fees"

LAW = {"title": {"da": "Lov nr. 686 af 11. juni 2024 om ændring af udlændingeloven",
                 "en": "Act no. 686 of 11 June 2024 amending the Aliens Act"},
       "short": {"da": "Lov nr. 686 af 11. juni 2024", "en": "Act no. 686 of 11 June 2024"},
       "issuer": "Folketinget", "number": "lov nr. 686", "date": "2024-06-11",
       "language": "da", "url": "https://www.retsinformation.dk/eli/lta/2024/686"}
GUIDE = {"title": "Vejledning om sikkerhedsstillelse", "issuer": "Udlændingestyrelsen",
         "language": "da"}


def _decision(version_source: Any, rule_source: Any = None, **fields: Any) -> dict[str, Any]:
    d = table_decision("risk", [
        {"id": "R1", "when": ["< 18"], "then": '"high"',
         **({"source": rule_source} if rule_source is not None else {})},
        {"id": "R2", "when": [">= 18"], "then": '"low"'}],
        outputs=[{"name": "risk", "type": "string"}], **fields)
    d["versions"][0]["source"] = version_source
    return d


def _pack(tmp_path: Path, decision: dict[str, Any], pack_sources: dict[str, Any] | None = None,
          file_sources: dict[str, Any] | None = None, **fields: Any) -> Path:
    extra = {"sources": pack_sources} if pack_sources is not None else {}
    root = write_pack(tmp_path / "pack", [decision], **extra, **fields)
    if file_sources is not None:
        (root / "sources.yaml").write_text(yaml.safe_dump({"sources": file_sources},
                                                          allow_unicode=True), "utf-8")
    return root


# --------------------------------------------------------------------------- the registry

@pytest.mark.parametrize("place", ["pack.yaml", "sources.yaml"])
def test_a_source_is_read_from_either_place(tmp_path: Path, place: str) -> None:
    entries = {"lov-686-2024": LAW}
    root = _pack(tmp_path, _decision([{"ref": "lov-686-2024", "at": "§ 1, nr. 2"}]),
                 pack_sources=entries if place == "pack.yaml" else None,
                 file_sources=entries if place == "sources.yaml" else None)
    pack = load_pack(root)
    s = pack.sources["lov-686-2024"]
    assert (s.id, s.title.da, s.short, s.issuer, s.number, s.date, s.language, s.url) == (
        "lov-686-2024", LAW["title"]["da"],
        Text("Lov nr. 686 af 11. juni 2024", "Act no. 686 of 11 June 2024"), "Folketinget",
        "lov nr. 686", dt.date(2024, 6, 11), "da",
        "https://www.retsinformation.dk/eli/lta/2024/686")
    assert s.location is not None and Path(s.location.file).name == place
    assert pack.decisions["risk"].versions[0].source == (
        Citation("lov-686-2024", "§ 1, nr. 2"),)
    assert pack.warnings == []


def test_both_places_merge(tmp_path: Path) -> None:
    root = _pack(tmp_path, _decision([{"ref": "lov-686-2024"}], [{"ref": "vejl-2024",
                                                                 "at": "side 12"}]),
                 pack_sources={"vejl-2024": GUIDE}, file_sources={"lov-686-2024": LAW})
    pack = load_pack(root)
    assert sorted(pack.sources) == ["lov-686-2024", "vejl-2024"]
    # one string is the title in both languages; no short name: the title names it
    assert pack.sources["vejl-2024"].title == Text(GUIDE["title"], GUIDE["title"])
    assert pack.sources["vejl-2024"].short is None


def test_an_id_in_both_places_is_one_error_at_the_second(tmp_path: Path) -> None:
    root = _pack(tmp_path, _decision([{"ref": "lov-686-2024"}]),
                 pack_sources={"lov-686-2024": LAW}, file_sources={"lov-686-2024": GUIDE})
    with pytest.raises(PackError) as caught:
        load_pack(root)
    (problem,) = caught.value.diagnostics
    assert (problem.code, Path(problem.file).name, problem.line, problem.column) == (
        "DUPLICATE-ID", "sources.yaml", 2, 3)
    assert "pack.yaml" in problem.text("en") and "pack.yaml" in problem.text("da")


def test_a_fingerprint_covers_sources_yaml(tmp_path: Path) -> None:
    decision = _decision([{"ref": "lov-686-2024"}])
    one = load_pack(_pack(tmp_path / "a", decision, file_sources={"lov-686-2024": LAW}))
    other = dict(LAW, url="https://www.retsinformation.dk/eli/lta/2024/687")
    two = load_pack(_pack(tmp_path / "b", decision, file_sources={"lov-686-2024": other}))
    assert one.fingerprint != two.fingerprint


@pytest.mark.parametrize(("entry", "where", "message"), [
    ({**LAW, "language": "de"}, ("language",), "'de' is not allowed here"),
    ({k: v for k, v in LAW.items() if k != "issuer"}, (), "the field 'issuer' is missing"),
    ({**LAW, "url": "www.retsinformation.dk"}, ("url",), None),
    ({**LAW, "date": "11. juni 2024"}, ("date",), "is not a date"),
])
def test_a_broken_entry_is_a_schema_error_and_no_more(tmp_path: Path, entry: dict[str, Any],
                                                      where: tuple[str, ...],
                                                      message: str | None) -> None:
    """One problem in an entry is one SCHEMA error: the citations of it are not reported
    as unknown as well."""
    root = _pack(tmp_path, _decision([{"ref": "lov-686-2024"}]),
                 file_sources={"lov-686-2024": entry})
    with pytest.raises(PackError) as caught:
        load_pack(root)
    (problem,) = caught.value.diagnostics
    assert problem.code == "SCHEMA" and Path(problem.file).name == "sources.yaml"
    if message is not None:
        assert message in problem.text("en")


def test_an_id_must_be_lower_case(tmp_path: Path) -> None:
    root = _pack(tmp_path, _decision("§ 1"), file_sources={"Lov_686": LAW})
    with pytest.raises(PackError) as caught:
        load_pack(root)
    assert [d.code for d in caught.value.diagnostics] == ["SCHEMA"]


# --------------------------------------------------------------------------- citations

def test_string_sources_still_load_without_a_registry(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path, _decision("Testloven § 1", "§ 1, stk. 2"),
                           source="Testloven"))
    assert pack.sources == {} and pack.source == "Testloven"
    version = pack.decisions["risk"].versions[0]
    assert version.source == "Testloven § 1"
    assert version.logic.rules[0].source == "§ 1, stk. 2"  # type: ignore[union-attr]


def test_the_pack_source_may_cite_the_registry(tmp_path: Path) -> None:
    root = _pack(tmp_path, _decision([{"ref": "lov-686-2024"}]),
                 file_sources={"lov-686-2024": LAW, "vejl-2024": GUIDE},
                 source=[{"ref": "vejl-2024", "note": {"da": "Se afsnit 3", "en": "See 3"}}])
    pack = load_pack(root)
    assert pack.source == (Citation("vejl-2024", None, Text("Se afsnit 3", "See 3")),)
    assert pack.warnings == []   # the pack's own citation counts as a use


def test_an_unknown_id_in_the_pack_source_is_an_error(tmp_path: Path) -> None:
    root = _pack(tmp_path, _decision([{"ref": "lov-686-2024"}]),
                 file_sources={"lov-686-2024": LAW}, source=[{"ref": "lov-686"}])
    with pytest.raises(PackError) as caught:
        load_pack(root)
    (problem,) = caught.value.diagnostics
    assert (problem.code, Path(problem.file).name) == ("SOURCE-UNKNOWN", "pack.yaml")
    assert "(did you mean 'lov-686-2024'?)" in problem.text("en")


def test_check_reports_unknown_and_unused_sources_where_they_are(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown = _pack(tmp_path / "u", _decision([{"ref": "lov-686"}]),
                    file_sources={"lov-686-2024": LAW})
    assert main(["check", str(unknown), "--format", "json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["errors"]
    assert (problem["code"], Path(problem["file"]).name, problem["line"],
            problem["column"]) == ("SOURCE-UNKNOWN", "risk.yaml", 11, 10)  # "  - ref: lov-686"

    unused = _pack(tmp_path / "n", _decision([{"ref": "lov-686-2024"}]),
                   file_sources={"lov-686-2024": LAW, "vejl-2024": GUIDE})
    assert main(["check", str(unused), "--no-analysis", "--lang", "da"]) == 0
    out = capsys.readouterr().out
    assert "sources.yaml:" in out and "SOURCE-UNUSED (advarsel)" in out
    assert "kilden 'vejl-2024' er beskrevet, men intet henviser til den" in out
    assert main(["check", str(unused), "--no-analysis", "--strict"]) == 1
    capsys.readouterr()


# --------------------------------------------------------------------------- citation_text

SOURCES = {"lov-686-2024": {"title": LAW["title"], "short": LAW["short"]},
           "vejl": {"title": {"da": "Vejledning", "en": "Guidance"}, "short": None}}


@pytest.mark.parametrize(("cite", "lang", "text"), [
    ({"ref": "lov-686-2024", "at": "§ 1, nr. 2 og 5", "note": None}, "da",
     "Lov nr. 686 af 11. juni 2024, § 1, nr. 2 og 5"),
    ({"ref": "lov-686-2024", "at": "§ 1, nr. 2 og 5", "note": None}, "en",
     "Act no. 686 of 11 June 2024, § 1, nr. 2 og 5"),
    ({"ref": "lov-686-2024", "at": None, "note": {"da": "57.000 kr.", "en": "DKK 57,000"}},
     "da", "Lov nr. 686 af 11. juni 2024"),                     # the note is left out
    ({"ref": "vejl", "at": "side 12", "note": None}, "en", "Guidance, side 12"),  # no short
    ({"ref": "vejl"}, "da", "Vejledning"),
    ({"ref": "gone", "at": "§ 2"}, "da", "gone, § 2"),          # not in the registry
    ("Udlændingeloven, § 9, stk. 4", "en", "Udlændingeloven, § 9, stk. 4"),   # free prose
    (None, "da", ""),
])
def test_citation_text(cite: Any, lang: str, text: str) -> None:
    assert citation_text(cite, SOURCES, lang) == text


def test_cited_text_joins_a_list() -> None:
    assert cited_text([{"ref": "vejl", "at": "side 1"}, {"ref": "vejl", "at": "side 2"}],
                      SOURCES, "da") == "Vejledning, side 1; Vejledning, side 2"
    assert cited_text("§ 4", SOURCES, "da") == "§ 4"


# --------------------------------------------------------------------------- answers

def test_answer_templates_are_kept_as_written(tmp_path: Path) -> None:
    one = {"da": "Risikoen er {value}.", "en": "The risk is {value}."}
    pack = load_pack(_pack(tmp_path / "a", _decision("§ 1", answer=one)))
    assert pack.decisions["risk"].answer == one
    cases = {"cases": {True: {"da": "Ja", "en": "Yes"}, "false": {"da": "Nej", "en": "No"},
                       3: {"da": "Tre: {value}", "en": "Three: {value}"}},
             "otherwise": {"da": "Andet", "en": "Other"}}
    pack = load_pack(_pack(tmp_path / "b", _decision("§ 1", answer=cases)))
    assert pack.decisions["risk"].answer == {
        "field": None, "otherwise": {"da": "Andet", "en": "Other"},
        "cases": {"true": {"da": "Ja", "en": "Yes"}, "false": {"da": "Nej", "en": "No"},
                  "3": {"da": "Tre: {value}", "en": "Three: {value}"}}}


def test_answer_fields_of_a_context_result(tmp_path: Path) -> None:
    d = {"id": "result", "label": {"da": "R", "en": "R"}, "requires": {"inputs": ["x"]},
         "answer": {"field": "granted", "cases": {
             "true": {"da": "Bevilget: {amount}", "en": "Granted: {amount}"}},
             "otherwise": {"da": "Afslået", "en": "Refused"}},
         "versions": [{"valid_from": "2000-01-01", "source": "§ 1",
                       "expression": "{granted: x > 1, amount: x * 2}"}]}
    assert load_pack(write_pack(tmp_path / "ok", [d])).decisions["result"].answer is not None
    d["answer"]["cases"]["true"]["da"] = "Bevilget: {beløb}"
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path / "bad", [d]))
    (problem,) = caught.value.diagnostics
    assert problem.code == "ANSWER-PLACEHOLDER" and "'{beløb}'" in problem.text("en")
    assert "amount, granted, value" in problem.text("da")


def test_an_answer_text_needs_both_languages(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(_pack(tmp_path, _decision("§ 1", answer={"da": "Risikoen er {value}."})))
    (problem,) = caught.value.diagnostics
    assert problem.code == "SCHEMA" and "'en' is missing" in problem.text("en")


# --------------------------------------------------------------------------- the trace

def test_the_trace_carries_sources_citations_and_answers() -> None:
    pack = load_pack(FEES)
    case = load_yaml((FEES / "cases" / "child-damaged-book.yaml").read_text("utf-8"), "c")
    result = pack.evaluate(case["facts"], as_of=case["as_of"])
    data = json.loads(dumps(result.to_json()))
    assert trace_errors(data) == []
    assert data["format_version"] == 4
    assert set(data["sources"]) == {"gebyrloven", "aendringslov-2023", "vejledning-gebyrer"}
    assert data["sources"]["gebyrloven"] == {
        "title": {"da": "Lov nr. 1 af 1. januar 2020 om bibliotekets gebyrer og låneregler "
                        "(fiktiv lov)",
                  "en": "Act no. 1 of 1 January 2020 on the library's fees and loan rules "
                        "(a fictional act)"},
        "short": {"da": "Gebyrloven (fiktiv)", "en": "The Fees Act (fictional)"},
        "issuer": "Folketinget i Eksempelland (fiktivt)", "number": "lov nr. 1",
        "date": "2020-01-01", "language": "da",
        "url": "https://example.org/fiktiv/gebyrloven"}
    by_id = {d["id"]: d for d in data["decisions"]}
    category = by_id["borrower_category"]
    # the version's citation, then the deciding rule K1's two, each once
    assert category["citations"] == [
        {"ref": "gebyrloven", "at": "§ 2", "note": None},
        {"ref": "gebyrloven", "at": "§ 2, stk. 1", "note": None},
        {"ref": "vejledning-gebyrer", "at": "afsnit 2.1",
         "note": {"da": "Vejledningen bruger 18 år som grænse",
                  "en": "The guidance uses 18 as the limit"}}]
    assert category["version"]["source"] == [{"ref": "gebyrloven", "at": "§ 2", "note": None}]
    assert [citation_text(c, data["sources"], "da") for c in category["citations"]] == [
        "Gebyrloven (fiktiv), § 2", "Gebyrloven (fiktiv), § 2, stk. 1",
        "Vejledning om gebyrer (fiktiv), afsnit 2.1"]
    assert by_id["amount_due"]["answer"] == {"da": "Låneren skylder i alt {value}.",
                                             "en": "The borrower owes {value} in total."}
    assert by_id["borrowing_blocked"]["answer"]["cases"]["false"]["en"] == \
        "The borrower may go on borrowing."
    assert by_id["days_late"]["answer"] is None


def test_a_trace_without_a_registry_has_empty_sources(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path, _decision("Testloven § 1", "§ 1, stk. 2")))
    data = json.loads(dumps(pack.evaluate({"x": 3}, as_of=dt.date(2024, 1, 1)).to_json()))
    assert trace_errors(data) == []
    assert data["sources"] == {}
    assert data["decisions"][0]["citations"] == ["Testloven § 1", "§ 1, stk. 2"]


def test_traces_do_not_share_the_packs_registry() -> None:
    """The registry's JSON is made once per pack; a trace's copy may be changed freely."""
    pack = load_pack(FEES)
    case = load_yaml((FEES / "cases" / "child-damaged-book.yaml").read_text("utf-8"), "c")
    first = pack.evaluate(case["facts"], as_of=case["as_of"]).to_json()
    first["sources"]["gebyrloven"]["title"]["da"] = "changed"
    again = pack.evaluate(case["facts"], as_of=case["as_of"]).to_json()
    assert again["sources"]["gebyrloven"]["title"]["da"].startswith("Lov nr. 1")


# --------------------------------------------------------------------------- schemas

def test_the_example_registry_passes_its_schema() -> None:
    schema = json.loads((schema_dir() / "sources.schema.json").read_text("utf-8"))
    data = yaml.safe_load((FEES / "sources.yaml").read_text("utf-8"))
    data["sources"] = {k: {**v, "date": str(v["date"])} for k, v in data["sources"].items()}
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    bad = {"sources": {"x": {"title": "T", "issuer": "I", "language": "da", "extra": 1}}}
    assert [e.validator for e in Draft202012Validator(schema).iter_errors(bad)] == [
        "additionalProperties"]


# --------------------------------------------------------------------------- replay

def test_traces_of_both_formats_replay() -> None:
    """A trace of format 4 (citations, sources, answers) replays; so does the same trace as
    format 3 wrote it (every source a text, no registry, no answers)."""
    from regel.tools.replay import replay

    pack = load_pack(FEES)
    case = load_yaml((FEES / "cases" / "child-damaged-book.yaml").read_text("utf-8"), "c")
    trace = json.loads(dumps(pack.evaluate(case["facts"], as_of=case["as_of"]).to_json()))
    assert replay(trace, pack).ok
    old = json.loads(json.dumps(trace))
    old["format_version"] = 3
    del old["sources"]
    for d in old["decisions"]:
        del d["answer"]
        d["citations"] = [citation_text(c, trace["sources"], "da") for c in d["citations"]]
        d["version"]["source"] = cited_text(d["version"]["source"], trace["sources"], "da")
        for r in d["rules"]:
            r["source"] = cited_text(r["source"], trace["sources"], "da") or None
    report = replay(old, pack)
    assert report.ok and report.differences == []


def test_an_id_yaml_reads_as_a_number_is_its_text(tmp_path: Path) -> None:
    """``1:`` in sources.yaml is the id "1" (found by the fuzzer: a number among the ids
    crashed the sorting of the known ids in SOURCE-UNKNOWN's message)."""
    root = _pack(tmp_path, _decision([{"ref": "1"}]), file_sources={1: LAW, "vejl-2024": GUIDE},
                 source=[{"ref": "vejl-2024"}])
    pack = load_pack(root)
    assert sorted(pack.sources) == ["1", "vejl-2024"]
    assert pack.decisions["risk"].versions[0].source == (Citation("1", None, None),)
    bad = _pack(tmp_path / "bad", _decision([{"ref": "lov-686"}]),
                file_sources={1: LAW, "vejl-2024": GUIDE}, source=[{"ref": "vejl-2024"}])
    with pytest.raises(PackError) as caught:
        load_pack(bad)
    (problem,) = caught.value.diagnostics
    assert problem.code == "SOURCE-UNKNOWN"
    assert "(known sources: 1, vejl-2024)" in problem.text("en")
