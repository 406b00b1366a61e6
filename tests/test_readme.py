"""The README's two commands are the project's contract with a newcomer; CI runs the
second one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_install_and_test_commands() -> None:
    run, test = _readme_commands()
    assert "pip install" in run and "regel " in run
    assert "pip install" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, test = _readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines


@pytest.mark.parametrize("level", ["compliance-level-2", "compliance-level-3"])
def test_readme_shows_the_tck_pass_rate_the_command_produces(
        level: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each conformance line in the README is what `regel tck` prints today."""
    from regel.cli import main
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"`regel tck \.\./shared/dmn-tck/{level}` .*?```\n(.+?)\n```", text,
                      re.S)
    assert block, f"the README's DMN section shows the {level} pass rate in a code block"
    main(["tck", str(ROOT.parent / "shared" / "dmn-tck" / level)])
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert block.group(1) == printed
