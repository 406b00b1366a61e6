"""examples/cases/: realistic cases for the bundled pack, each runnable with `regel explain`,
each naming the questions it is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from regel import load_pack
from regel.cli import main
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
PACK = load_pack(ROOT / "rules" / "sikkerhedsstillelse")


def test_there_are_at_least_eight_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_explains(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = Case.from_data(load_yaml_file(path), str(path))
    assert case.decisions, "a case names its questions (decisions:)"
    assert main(["explain", "sikkerhedsstillelse", "--case", str(path), "--format", "md"]) == 0
    out = capsys.readouterr().out
    for did in case.decisions:  # each question is answered, in Danish (the pack's language)
        question = PACK.decisions[did].question
        assert question is not None and f"### {question.da}" in out
    assert "**Hjemmel:**" in out and "**Resultat:**" in out


def test_case_file_decisions_are_checked(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("facts: {}\ndecisions: reduction\n", encoding="utf-8")
    assert main(["eval", "sikkerhedsstillelse", "--case", str(bad)]) == 1
    assert "CASE-FORMAT" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["sikkerhedsstillelse", "familiesammenfoering"])
def test_the_committed_case_schema_is_current(name: str) -> None:
    """schemas/NAME.case.schema.json is what `regel schema NAME` generates now; after
    changing a pack's facts, regenerate it (see the pack README)."""
    import json

    from regel.tools.caseschema import case_schema
    committed = json.loads((ROOT / "schemas" / f"{name}.case.schema.json")
                           .read_text(encoding="utf-8"))
    assert committed == case_schema(load_pack(ROOT / "rules" / name))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_matches_the_pack_case_schema(path: Path) -> None:
    import json

    from jsonschema import Draft202012Validator, FormatChecker

    from regel.load.schema import jsonable
    schema = json.loads((ROOT / "schemas" / "sikkerhedsstillelse.case.schema.json")
                        .read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema, format_checker=FormatChecker())
              .iter_errors(jsonable(load_yaml_file(path)))]
    assert errors == []


def test_the_case_schema_catches_a_misspelt_fact() -> None:
    import json

    from jsonschema import Draft202012Validator
    schema = json.loads((ROOT / "schemas" / "sikkerhedsstillelse.case.schema.json")
                        .read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(
        {"facts": {"permit_basis": "ss9_1_2", "aplication_date": "2024-01-01"}}))
    assert len(errors) == 2


FS_CASES = sorted((ROOT / "examples" / "cases" / "familiesammenfoering").glob("*.yaml"))
FS_PACK = load_pack(ROOT / "rules" / "familiesammenfoering")


def test_the_second_pack_has_three_cases() -> None:
    assert len(FS_CASES) >= 3


@pytest.mark.parametrize("path", FS_CASES, ids=[p.stem for p in FS_CASES])
def test_familiesammenfoering_case_explains(path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    case = Case.from_data(load_yaml_file(path), str(path))
    assert main(["explain", "familiesammenfoering", "--case", str(path), "--format", "md"]) == 0
    out = capsys.readouterr().out
    for did in case.decisions or []:
        question = FS_PACK.decisions[did].question
        assert question is not None and f"### {question.da}" in out
