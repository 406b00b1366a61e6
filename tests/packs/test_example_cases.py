"""examples/cases/: realistic cases for the bundled pack, each runnable with `regel explain`,
each naming the questions it is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main
from engine.evaluate import Case
from engine.yamlio import load_yaml_file

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))


def test_there_are_at_least_eight_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_explains(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = Case.from_data(load_yaml_file(path), str(path))
    assert case.decisions, "a case names its questions (decisions:)"
    assert main(["explain", "sikkerhedsstillelse", "--case", str(path), "--lang", "da"]) == 0
    out = capsys.readouterr().out
    for did in case.decisions:
        assert f"({did})" in out
    assert "hjemmel:" in out


def test_case_file_decisions_are_checked(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("facts: {}\ndecisions: reduction\n", encoding="utf-8")
    assert main(["eval", "sikkerhedsstillelse", "--case", str(bad)]) == 1
    assert "CASE-FORMAT" in capsys.readouterr().err
