"""The examples of `regel tck --help` run as written (from the repository's root, where
../shared/dmn-tck is the TCK), each ending in the summary line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from regel.cli import main
from regel.cli.tck import HELP

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [shlex.split(line.strip()) for line in HELP.split("Examples:\n")[1].split("\n\n")[0]
            .splitlines()]
SUMMARY = re.compile(r"\d+ of \d+ test cases passed \(\d+\.\d %\); \d+ models, \d+ result "
                     r"nodes; \d+ failed, \d+ errors")


def test_there_are_examples_of_both_levels() -> None:
    folders = [words[2] for words in EXAMPLES]
    assert all(words[:2] == ["regel", "tck"] for words in EXAMPLES)
    assert any("compliance-level-2" in f for f in folders)
    assert any("compliance-level-3" in f for f in folders)


@pytest.mark.parametrize("words", EXAMPLES, ids=[" ".join(w[2:]) for w in EXAMPLES])
def test_the_example_runs(words: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    args = [str(tmp_path / w) if w.endswith(".csv") else w for w in words[1:]]
    code = main(args)
    out = capsys.readouterr().out
    assert code in (0, 1)
    if "--format" in args:
        assert '"summary"' in out
    else:
        assert SUMMARY.fullmatch(out.splitlines()[-1].split("; results in")[0])
    if "--csv" in args:
        assert (tmp_path / "tck_results.csv").stat().st_size > 0
