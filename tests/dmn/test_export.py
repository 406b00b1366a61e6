"""`regel export`: packs as DMN 1.5 and 1.3, valid against the official schemas, and round
trips.

- Every bundled pack and every TCK level-2 model, exported, validates against
  ``../shared/dmn-tck/DMN15.xsd`` (with xmlschema, the standard validator).
- Round trips: a TCK model imported, exported and imported again passes the TCK's own
  test cases; a pack exported and imported again passes its own YAML tests (values and
  matched rules) and keeps its texts, versions and citations.
- Without regel's extension data (as another DMN tool sees the file) the exported model
  still gives the same values on every YAML test: the versions are picked by standard
  FEEL, dates and bare allowed values are written as standard FEEL, and each input and
  decision is known by its label made a FEEL name (``feel_name``, docs/dmn.md).
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema  # the test extra: the standard XML Schema validator

from regel import PackError, load_dmn, load_pack
from regel.cli import main
from regel.dmn.feeltext import standard_feel
from regel.dmn.writer import DMN15, dmn_names, write_dmn
from regel.model import DecisionTable, Pack, PackTest, Text, cited_text
from regel.tools.tck import run_case
from regel.tools.tck_cases import read_test_file
from regel.tools.testing import run_test, run_tests

REPO = Path(__file__).resolve().parents[2]
TCK = REPO.parent / "shared" / "dmn-tck"
LEVEL2 = TCK / "compliance-level-2"
PACKS = ["sikkerhedsstillelse", "familiesammenfoering",
         str(REPO / "examples" / "packs" / "library-fees")]
NS = {"d": DMN15}


@pytest.fixture(scope="module")
def dmn15_schema():  # type: ignore[no-untyped-def]
    return xmlschema.XMLSchema(str(TCK / "DMN15.xsd"))


def _tck_models() -> list[Path]:
    return sorted(LEVEL2.glob("*/*.dmn"))


def _export(pack: Pack, tmp_path: Path, name: str, version: str = "1.5") -> Path:
    out = tmp_path / name
    out.write_bytes(write_dmn(pack, version))
    return out


VERSIONS = ["1.3", "1.5"]     # regel export's default (what dmn-js opens), and the latest


# --------------------------------------------------------------------------- FEEL text

FEEL = [
    # (text, is unary tests, names, constants, expected standard FEEL)
    ("[2012-05-15..2018-07-01)", True, set(), {},
     '[date("2012-05-15")..date("2018-07-01"))'),
    ("< 2011-01-01", True, set(), {}, '< date("2011-01-01")'),
    ('>= @"2011-01-01"', True, set(), {}, '>= @"2011-01-01"'),
    ("posted + duration(\"P2Y\") > 2020-02-29", False, {"posted"}, {},
     'posted + duration("P2Y") > date("2020-02-29")'),
    ("employed, self_employed", True, set(), {"employed": "employed",
                                             "self_employed": "self_employed"},
     '"employed", "self_employed"'),
    ("not(R2006)", True, set(), {"R2006": "R2006"}, 'not("R2006")'),
    # a name in scope is the input, not the allowed value of the same name
    ("status", False, {"status"}, {"status": "status"}, "status"),
    ("Applicant Age >= 18", False, {"Applicant Age"}, {}, "Applicant Age >= 18"),
    ('"a \\"quoted\\" text"', False, set(), {}, '"a \\"quoted\\" text"'),
    ("x", True, set(), {"x": 'say "hi"'}, '"say \\"hi\\""'),
]


@pytest.mark.parametrize(("text", "tests", "names", "constants", "expected"), FEEL)
def test_standard_feel(text: str, tests: bool, names: set[str], constants: dict[str, str],
                       expected: str) -> None:
    assert standard_feel(text, names, tests=tests, constants=constants) == expected


def test_standard_feel_leaves_standard_text_alone() -> None:
    # in standard FEEL 2012-05-15 is arithmetic, and stays so
    assert standard_feel("2012-05-15", set(), iso_dates=False) == "2012-05-15"


# --------------------------------------------------------------------------- schema

@pytest.mark.parametrize("name", PACKS, ids=lambda p: Path(p).name)
def test_exported_pack_validates_against_dmn15_xsd(name: str, tmp_path: Path,
                                                   dmn15_schema) -> None:  # type: ignore[no-untyped-def]
    out = _export(load_pack(name, tests=False), tmp_path, "pack.dmn")
    errors = [str(e)[:400] for e in dmn15_schema.iter_errors(str(out))]
    assert errors == []


def test_exported_tck_models_validate_against_dmn15_xsd(tmp_path: Path,
                                                        dmn15_schema) -> None:  # type: ignore[no-untyped-def]
    models = _tck_models()
    assert len(models) == 28
    for model in models:
        out = _export(load_dmn(model), tmp_path, model.name)
        errors = [str(e)[:400] for e in dmn15_schema.iter_errors(str(out))]
        assert errors == [], model.name


def test_the_schema_check_can_fail(tmp_path: Path, dmn15_schema) -> None:  # type: ignore[no-untyped-def]
    """A table without outputs breaks DMN15.xsd (output is required): the validator sees it."""
    text = write_dmn(load_pack(PACKS[2], tests=False)).decode()
    broken = re.sub(r"<output [^>]*/>|<output .*?</output>", "", text, count=1, flags=re.S)
    out = tmp_path / "broken.dmn"
    out.write_text(broken, encoding="utf-8")
    assert not dmn15_schema.is_valid(str(out))


# --------------------------------------------------------------------------- content

def test_citations_are_knowledge_sources_and_annotations(tmp_path: Path) -> None:
    pack = load_pack("sikkerhedsstillelse", tests=False)
    root = ET.fromstring(write_dmn(pack))
    sources = {k.get("name") for k in root.findall("d:knowledgeSource", NS)}
    # every source of the registry is a knowledge source named by its Danish title
    assert {s.title.da for s in pack.sources.values()} <= sources
    # every decision (or each of its versions) has an authority requirement
    cited = {e.get("id") for e in [*root.findall("d:decision", NS),
                                   *root.findall("d:businessKnowledgeModel", NS)]
             if e.find("d:authorityRequirement", NS) is not None}
    for d in pack.decisions.values():
        kind = "bkm" if d.is_function else "decision"   # a function is a knowledge model
        ids = [f"{kind}_{d.id}"] if len(d.versions) == 1 else \
            [f"{kind}_{d.id}__v{k}" for k in range(1, len(d.versions) + 1)]
        assert set(ids) <= cited, d.id
    # each rule's citations are in the table's 'source' annotation column, in rule order
    table = next(e for e in root.findall("d:decision", NS) if e.get("name") ==
                 "Regelsæt for gyldighed").find("d:decisionTable", NS)
    assert [a.get("name") for a in table.findall("d:annotation", NS)][0] == "source"
    logic = pack.decisions["validity_regime"].versions[0].logic
    assert isinstance(logic, DecisionTable)
    written = [r.find("d:annotationEntry/d:text", NS).text for r in table.findall("d:rule", NS)]
    assert written == [cited_text(r.source, pack.sources, "da") for r in logic.rules]
    assert all(written) and not any(ref in " ".join(written) for ref in pack.sources)
    assert [r.get("label") for r in table.findall("d:rule", NS)] == [r.id for r in logic.rules]


def test_hit_policies_and_aggregations_are_dmn_attributes() -> None:
    pack = load_pack(PACKS[2], tests=False)
    root = ET.fromstring(write_dmn(pack))
    names = dmn_names(pack)
    written = {}
    for e in root.findall("d:decision", NS):
        t = e.find("d:decisionTable", NS)
        if t is not None:
            written[e.get("name")] = (t.get("hitPolicy"), t.get("aggregation"))
    for d in pack.decisions.values():
        if len(d.versions) != 1 or not isinstance(d.versions[0].logic, DecisionTable):
            continue
        policy = d.versions[0].logic.hit_policy
        expected = ("COLLECT", policy.split()[1]) if policy.startswith("COLLECT ") \
            else (policy, None)
        assert written[names[d.id]] == expected, d.id


def test_a_versioned_decision_picks_its_version_in_standard_feel() -> None:
    pack = load_pack("sikkerhedsstillelse", tests=False)
    d = pack.decisions["extension_terms"]
    assert len(d.versions) == 4
    root = ET.fromstring(write_dmn(pack))
    by_name = {e.get("name"): e for e in root.findall("d:decision", NS)}
    label = "Vilkår for forlængelse eller ny sikkerhed"     # the decision's Danish label
    picker = by_name[label]
    text = picker.find("d:literalExpression/d:text", NS).text
    # each version's element: the label with its period, in the pack's language
    parts = [f"{label} fra 2011-01-01 til 2015-01-01", f"{label} fra 2015-01-01 til 2018-03-01",
             f"{label} fra 2018-03-01 til 2018-07-01", f"{label} fra 2018-07-01"]
    for part, v in zip(parts, d.versions, strict=True):
        assert part in by_name
        assert f'day >= date("{v.valid_from.isoformat()}")' in text
        assert f"then {part} else" in text
    required = {r.get("href")[1:] for r in picker.findall(
        "d:informationRequirement/d:requiredDecision", NS)}
    assert {by_name[p].get("id") for p in parts} <= required


# --------------------------------------------------------------------------- round trips

def test_tck_models_round_trip(tmp_path: Path) -> None:
    """Imported, exported, imported again: every TCK level-2 test case still passes."""
    cases = 0
    for model in _tck_models():
        again = load_dmn(_export(load_dmn(model), tmp_path, model.name))
        for test_file in sorted(model.parent.glob("*-test-*.xml")):
            for case in read_test_file(test_file).cases:
                outcome = run_case(again, case)
                assert outcome.result == "SUCCESS", (model.name, case.id, outcome.message)
                cases += 1
    assert cases == 116


@pytest.mark.parametrize("name", PACKS, ids=lambda p: Path(p).name)
def test_pack_round_trip_passes_its_yaml_tests(name: str, tmp_path: Path) -> None:
    original = load_pack(name)
    assert original.tests
    again = load_dmn(_export(original, tmp_path, "pack.dmn"))
    again.tests = original.tests
    run = run_tests(again)
    failed = [r.test.name for r in run.results if not r.passed]
    assert failed == []
    assert len(run.results) == len(original.tests)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", PACKS, ids=lambda p: Path(p).name)
def test_pack_round_trip_keeps_texts_versions_and_citations(name: str, version: str,
                                                            tmp_path: Path) -> None:
    original = load_pack(name, tests=False)
    again = load_dmn(_export(original, tmp_path, "pack.dmn", version))
    assert (again.id, again.title, again.version, again.jurisdiction, again.source,
            again.description, again.date_policy, again.default_language) == (
        original.id, original.title, original.version, original.jurisdiction,
        original.source, original.description, original.date_policy,
        original.default_language)
    assert list(again.inputs) == list(original.inputs)
    for iid, a in original.inputs.items():
        b = again.inputs[iid]
        assert (b.type, b.label, b.description, b.allowed_values, b.items, b.unit,
                b.value_labels, b.field_labels) == (
            a.type, a.label, a.description, a.allowed_values, a.items, a.unit,
            a.value_labels, a.field_labels), iid
        assert (b.allowed is None) == (a.allowed is None), iid
    assert list(again.decisions) == list(original.decisions)
    for did, a in original.decisions.items():
        b = again.decisions[did]
        assert (b.label, b.question, set(b.inputs), set(b.decisions), b.optional, b.units,
                b.field_labels, b.value_labels) == (
            a.label, a.question, set(a.inputs), set(a.decisions), a.optional, a.units,
            a.field_labels, a.value_labels), did
        assert [(v.valid_from, v.valid_to, v.source, v.interpretation, v.note)
                for v in b.versions] == [(v.valid_from, v.valid_to, v.source,
                                          v.interpretation, v.note) for v in a.versions], did
        for va, vb in zip(a.versions, b.versions, strict=True):
            if isinstance(va.logic, DecisionTable):
                assert isinstance(vb.logic, DecisionTable)
                ta, tb = va.logic, vb.logic
                assert tb.hit_policy == ta.hit_policy
                assert [(c.id, c.label, c.type, c.allowed_values) for c in tb.inputs] == \
                    [(c.id, c.label, c.type, c.allowed_values) for c in ta.inputs]
                assert [(o.name, o.label, o.type, o.allowed_values, o.default, o.unit)
                        for o in tb.outputs] == [(o.name, o.label, o.type, o.allowed_values,
                                                  o.default, o.unit) for o in ta.outputs]
                assert [(r.id, r.source, r.note, r.interpretation) for r in tb.rules] == \
                    [(r.id, r.source, r.note, r.interpretation) for r in ta.rules]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", PACKS, ids=lambda p: Path(p).name)
def test_exported_model_runs_without_regel_extensions(name: str, version: str,
                                                      tmp_path: Path) -> None:
    """What another DMN tool reads: drop every extensionElements. The versions are then
    plain decisions picked by standard FEEL, every input is optional as in DMN, each input
    and decision is known by its DMN name (its label), and each YAML test's expected
    values still come out."""
    original = load_pack(name)
    text = write_dmn(original, version).decode()
    plain = re.sub(r"<extensionElements>.*?</extensionElements>", "", text, flags=re.S)
    assert "regel:meta" not in plain
    out = tmp_path / "plain.dmn"
    out.write_text(plain, encoding="utf-8")
    model = load_dmn(out)
    assert model.feel_dialect == "dmn"
    names = dmn_names(original)
    assert {names[d] for d in original.decisions} <= set(model.decisions)   # and versions
    assert set(original.inputs) & set(model.inputs) <= {
        i for i in original.inputs if names[i] == i}

    def as_named(t: PackTest) -> PackTest:
        return dataclasses.replace(
            t, facts={names.get(k, k): v for k, v in t.facts.items()},
            expect={names[k]: v for k, v in t.expect.items()}, matched={}, not_matched={})
    failed = [t.name for t in original.tests if not run_test(model, as_named(t)).passed]
    assert failed == []


def test_versions_picked_by_the_as_of_date_read_it_from_an_input(tmp_path: Path) -> None:
    """A DMN tool has no as-of date: the export gives it one, the input `as_of` named by its
    label "As-of date", which picks the version (empty: today()). regel's import drops that
    input again."""
    import datetime as dt
    from decimal import Decimal as D

    from tests.packbuilder import write_pack
    rate = {"id": "rate", "label": {"da": "Sats", "en": "Rate"}, "versions": [
        {"valid_from": "2020-01-01", "valid_to": "2024-01-01", "source": "Satsloven § 1",
         "expression": "10", "type": "number"},
        {"valid_from": "2024-01-01", "source": "Satsloven § 1 (2024)", "expression": "12",
         "type": "number"}]}
    pack = load_pack(write_pack(tmp_path / "pack", [rate], {}))
    text = write_dmn(pack).decode()
    assert '<inputData id="input_as_of" name="As-of date" label="As-of date">' in text
    plain = tmp_path / "plain.dmn"
    plain.write_text(re.sub(r"<extensionElements>.*?</extensionElements>", "", text,
                            flags=re.S), encoding="utf-8")
    tool = load_dmn(plain)           # what a DMN tool evaluates
    later = dt.date(2025, 1, 1)
    assert tool.evaluate({"As-of date": dt.date(2020, 6, 1)}, as_of=later,
                         trace=False).values["Rate"] == D(10)
    assert tool.evaluate({"As-of date": dt.date(2024, 1, 1)}, as_of=later,
                         trace=False).values["Rate"] == D(12)
    assert tool.evaluate({}, as_of=dt.date(2023, 12, 31), trace=False).values["Rate"] == D(10)
    again_path = tmp_path / "again.dmn"
    again_path.write_text(text, encoding="utf-8")
    again = load_dmn(again_path)
    assert list(again.inputs) == []
    assert [v.valid_from for v in again.decisions["rate"].versions] == \
        [dt.date(2020, 1, 1), dt.date(2024, 1, 1)]
    assert again.evaluate({}, as_of=dt.date(2023, 12, 31), trace=False).values["rate"] == D(10)


def test_edits_made_in_a_dmn_tool_win_over_regel_extension_data(tmp_path: Path) -> None:
    """A label, a rule's note and a knowledge source changed in a DMN tool after export
    come back changed; the texts nobody touched keep both languages."""
    pack = load_pack(PACKS[2], tests=False)          # library-fees, English by default
    text = write_dmn(pack).decode()
    edited = text.replace('label="Late fee"', 'label="Fee for late return"', 1)
    old_note = "Students aged 25 or more are adult borrowers."
    assert f"<text>{old_note}</text>" in edited
    edited = edited.replace(f"<text>{old_note}</text>",
                            "<text>Students of 25 and over pay as adults.</text>", 1)
    title = pack.sources["gebyrloven"].title.en       # a source of the pack's registry
    assert f'name="{title}"' in edited
    edited = edited.replace(f'name="{title}"', 'name="Library Fees Act 2025"', 1)
    out = tmp_path / "edited.dmn"
    out.write_text(edited, encoding="utf-8")
    again = load_dmn(out)
    late = again.decisions["late_fee"]
    assert (late.label.da, late.label.en) == ("Fee for late return", "Fee for late return")
    assert again.sources["gebyrloven"].title == Text("Library Fees Act 2025",
                                                     "Library Fees Act 2025")
    assert late.versions[0].source == pack.decisions["late_fee"].versions[0].source
    table = again.decisions["borrower_category"].versions[0].logic
    assert isinstance(table, DecisionTable)
    k4 = next(r for r in table.rules if r.id == "K4")
    assert k4.note is not None and k4.note.en == "Students of 25 and over pay as adults."
    # untouched: both languages from regel's extension data
    assert again.decisions["fee_waiver"].label == pack.decisions["fee_waiver"].label


def test_a_version_date_with_a_bare_date_is_exported_as_standard_feel(tmp_path: Path) -> None:
    """version_by in the regel dialect may hold a bare date; the re-imported pack reads
    standard FEEL, where that would be a subtraction."""
    import datetime as dt
    from decimal import Decimal as D

    from tests.packbuilder import write_pack
    d = {"id": "rate", "label": {"da": "Sats", "en": "Rate"},
         "requires": {"inputs": ["applied"]},
         "version_by": "if applied < 2024-01-01 then applied else 2024-01-01",
         "versions": [
             {"valid_from": "2020-01-01", "valid_to": "2024-01-01", "source": "Satsloven § 1",
              "expression": "10", "type": "number"},
             {"valid_from": "2024-01-01", "source": "Satsloven § 1 (2024)",
              "expression": "12", "type": "number"}]}
    pack = load_pack(write_pack(tmp_path / "pack", [d], {
        "applied": {"type": "date", "label": {"da": "Ansøgt", "en": "Applied"}}}))
    again = load_dmn(_export(pack, tmp_path, "rate.dmn"))
    assert again.decisions["rate"].version_by is not None
    assert 'date("2024-01-01")' in again.decisions["rate"].version_by.text
    for applied, expected in ((dt.date(2023, 5, 1), D(10)), (dt.date(2025, 5, 1), D(12))):
        assert again.evaluate({"applied": applied}, trace=False).values["rate"] == expected


@pytest.fixture(scope="module")
def dmn13_schema():  # type: ignore[no-untyped-def]
    return xmlschema.XMLSchema(str(TCK / "DMN13.xsd"))


@pytest.mark.parametrize("name", PACKS, ids=lambda p: Path(p).name)
def test_dmn13_export_validates_and_comes_back(name: str, tmp_path: Path,
                                              dmn13_schema) -> None:  # type: ignore[no-untyped-def]
    """--dmn-version 1.3 (for Camunda Modeler): valid against DMN13.xsd, read back as a
    DMN 1.3 model, and still passing the pack's YAML tests."""
    original = load_pack(name)
    out = tmp_path / "pack13.dmn"
    out.write_bytes(write_dmn(original, "1.3"))
    assert [str(e)[:400] for e in dmn13_schema.iter_errors(str(out))] == []
    assert 'xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"' in out.read_text("utf-8")
    again = load_dmn(out)
    again.tests = original.tests
    assert [r.test.name for r in run_tests(again).results if not r.passed] == []


def test_dmn13_keeps_a_range_beside_a_value_list(tmp_path: Path, dmn13_schema) -> None:  # type: ignore[no-untyped-def]
    """DMN 1.3 has no typeConstraint: the range travels in regel's extension data."""
    from tests.packbuilder import write_pack
    inputs = {"score": {"type": "number", "label": {"da": "Point", "en": "Score"},
                        "allowed_values": [1, 2, 3], "allowed": "[0..10]"}}
    d = {"id": "double", "label": {"da": "Dobbelt", "en": "Double"},
         "requires": {"inputs": ["score"]},
         "versions": [{"valid_from": "2020-01-01", "source": "Testloven § 1",
                       "expression": "score * 2", "type": "number"}]}
    pack = load_pack(write_pack(tmp_path / "pack", [d], inputs))
    out = tmp_path / "m13.dmn"
    out.write_bytes(write_dmn(pack, "1.3"))
    assert list(dmn13_schema.iter_errors(str(out))) == []
    assert "typeConstraint" not in out.read_text("utf-8")
    score = load_dmn(out).inputs["score"]
    assert score.allowed is not None and score.allowed.text == "[0..10]"
    assert score.allowed_values == (1, 2, 3)


def test_dmn13_tck_models_validate(tmp_path: Path, dmn13_schema) -> None:  # type: ignore[no-untyped-def]
    for model in _tck_models():
        out = tmp_path / model.name
        out.write_bytes(write_dmn(load_dmn(model), "1.3"))
        assert list(dmn13_schema.iter_errors(str(out))) == [], model.name


def test_regel_meta_with_a_number_beyond_any_decimal_is_located(tmp_path: Path) -> None:
    """The JSON of regel's own extension element is user input too (found by fuzzing)."""
    text = write_dmn(load_pack(REPO / "examples" / "packs" / "library-fees")).decode("utf-8")
    body = text.index("<regel:meta>") + len("<regel:meta>")
    broken = text[:body] + '{"x": 1e400223372036854775809}' + text[text.index("</", body):]
    path = tmp_path / "m.dmn"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_dmn(path)
    assert [d.code for d in caught.value.diagnostics] == ["DMN-EXTENSION"]
    assert "beyond what any decimal number can hold" in caught.value.diagnostics[0].message


def test_a_knowledge_source_named_by_text_edited_in_a_dmn_tool_wins(tmp_path: Path) -> None:
    """A version whose source is free text is exported as a knowledge source of that name;
    renamed in a DMN tool, the new name is the version's source."""
    from tests.packbuilder import write_pack
    d = {"id": "rate", "label": {"da": "Sats", "en": "Rate"}, "versions": [
        {"valid_from": "2020-01-01", "source": "Satsloven § 1", "expression": "10",
         "type": "number"}]}
    pack = load_pack(write_pack(tmp_path / "pack", [d]))
    text = write_dmn(pack).decode()
    assert 'name="Satsloven § 1"' in text
    out = tmp_path / "edited.dmn"
    out.write_text(text.replace('name="Satsloven § 1"', 'name="Satsloven 2025, § 1"', 1),
                   encoding="utf-8")
    assert load_dmn(out).decisions["rate"].versions[0].source == "Satsloven 2025, § 1"


# --------------------------------------------------------------------------- the registry

def _knowledge_sources(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text)
    return {k.get("id", ""): k for k in root.iter() if k.tag.endswith("}knowledgeSource")}


def test_the_registry_is_exported_as_knowledge_sources_with_authority() -> None:
    """Each source of the registry is a knowledgeSource named by its title in the pack's
    language, at its address; each decision that cites it requires it as an authority."""
    pack = load_pack(PACKS[2], tests=False)            # library-fees: English by default
    text = write_dmn(pack).decode()
    sources = _knowledge_sources(text)
    by_name = {k.get("name"): k for k in sources.values()}
    law = by_name["Act no. 1 of 1 January 2020 on the library's fees and loan rules "
                  "(a fictional act)"]
    assert law.get("locationURI") == "https://example.org/fiktiv/gebyrloven"
    guidance = by_name["Guidance on the library's fees and loan rules (a fictional guidance)"]
    root = ET.fromstring(text)
    decisions = {d.get("name"): d for d in root.iter() if d.tag.endswith("}decision")}
    names = dmn_names(pack)

    def authorities(did: str) -> set[str]:
        node = decisions[names[did]]
        return {r.get("href", "")[1:] for r in node.iter()
                if r.tag.endswith("}requiredAuthority")}
    # borrower_category cites the law (its version) and the guidance (its rule K1): the
    # version's citations are its authority requirements, the rule's its annotation
    assert authorities("borrower_category") == {law.get("id")}
    assert guidance.get("id") not in authorities("borrower_category")
    assert authorities("late_fee") == {law.get("id")}
    # a source text nobody registered stays a knowledge source of its own name
    assert len(sources) == len(pack.sources)


def test_the_registry_and_citations_come_back_from_dmn(tmp_path: Path) -> None:
    """Export, then import: the same registry (every field), the same citations of every
    version and rule, and the pack's own source."""
    pack = load_pack(PACKS[2], tests=False)
    out = tmp_path / "fees.dmn"
    out.write_bytes(write_dmn(pack))
    again = load_dmn(out)
    assert again.sources == pack.sources
    assert again.source == pack.source
    for did, d in pack.decisions.items():
        for v, w in zip(d.versions, again.decisions[did].versions, strict=True):
            assert w.source == v.source, did
            if isinstance(v.logic, DecisionTable):
                assert isinstance(w.logic, DecisionTable)
                assert [r.source for r in w.logic.rules] == [r.source for r in v.logic.rules]
    # and regel import writes them as a pack folder that loads the same
    folder = tmp_path / "imported"
    assert main(["import", str(out), "-o", str(folder)]) == 0
    imported = load_pack(folder, tests=False)
    assert imported.sources == pack.sources
    assert imported.decisions["daily_fee"].versions[1].source == \
        pack.decisions["daily_fee"].versions[1].source
