"""Issue 20, trap 3: help that runs. Every example command in ``regel --help`` and in each
verb's ``--help`` runs as printed from the repository root and succeeds; an example whose
comment says ``-> VALUE`` prints VALUE. The examples of one help text run in order, in one
working folder (a later example may read what an earlier one wrote), which holds the
repository's examples/ and rules/ (linked) and ../shared beside it, as the checkout has."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from regel.cli import VERBS, main

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
#: the help texts: the command's own, then each verb's
HELPS = ["regel"] + [v.__name__.rsplit(".", 1)[-1].replace("dmn_import", "import")
                     for v in VERBS]
#: a line of a help text that is an example: indented, starting with the command
_EXAMPLE = re.compile(r"^\s{2,}(regel\s.*)$")
#: verbs whose exit code 1 is a finding, not a failure (regel diff: outputs differ)
FINDING_EXIT_1 = {"diff"}


def help_text(verb: str, capsys: pytest.CaptureFixture[str]) -> str:
    argv = ["--help"] if verb == "regel" else [verb, "--help"]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    return capsys.readouterr().out


def examples(text: str) -> list[tuple[str, str]]:
    """Each example command line (continued lines joined) with its comment, if any: what
    follows two or more spaces after the command."""
    out: list[tuple[str, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _EXAMPLE.match(lines[i])
        i += 1
        if m is None:
            continue
        line = m.group(1).rstrip()
        while line.endswith("\\") and i < len(lines):
            line = line[:-1].rstrip() + " " + lines[i].strip()
            i += 1
        command, *comment = re.split(r"\s{2,}", line, maxsplit=1)
        out.append((command.strip(), "".join(comment).strip()))
    return out


def test_the_example_reader() -> None:
    text = ("Examples:\n  regel feel '0.1 + 0.2'      -> 0.3 (exact)\n"
            "  regel check rules/x \\\n      --strict\nregel is not indented\n")
    assert examples(text) == [("regel feel '0.1 + 0.2'", "-> 0.3 (exact)"),
                              ("regel check rules/x --strict", "")]


def _workdir(tmp: Path) -> Path:
    work = tmp / "repo"
    work.mkdir()
    for name in ("examples", "rules"):
        (work / name).symlink_to(ROOT / name)
    if SHARED.is_dir():
        (tmp / "shared").symlink_to(SHARED)
    return work


@pytest.mark.parametrize("verb", HELPS)
def test_every_example_of_the_help_runs(verb: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    found = examples(help_text(verb, capsys))
    assert found, f"regel {verb} --help has no example"
    work = _workdir(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "REGEL_PACKS"}
    for command, comment in found:
        if "../shared/" in command and not SHARED.is_dir():
            continue
        argv = shlex.split(command)
        done = subprocess.run([sys.executable, "-m", "regel", *argv[1:]], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600, check=False)
        ok = done.returncode == 0 or (done.returncode == 1 and argv[1] in FINDING_EXIT_1
                                      and "error" not in done.stderr + done.stdout[:20])
        assert ok, f"{command}\nexit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr}"
        if comment.startswith("->"):
            expected = comment[2:].split(" (")[0].strip()
            assert done.stdout.strip() == expected, command
