"""Issue 20, trap 2: the pack you edit is the pack you run. A bare pack name resolves to
./rules/NAME (or --packs DIR / $REGEL_PACKS) before the installed copy; every verb says on
stderr which copy it used; messages of the installed copy show the name the user gave."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import regel.cli.common
import regel.load.locate
from regel.base.words import show_folders_as
from regel.cli import main

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "rules" / "sikkerhedsstillelse"
NAME = "sikkerhedsstillelse"
EDITED = "Beløbsrække REDIGERET"


@pytest.fixture(autouse=True)
def _forget_shown_folders() -> object:
    yield None
    show_folders_as({})


def _edited_copy(folder: Path) -> Path:
    """A copy of the bundled pack in ``folder/NAME`` whose amount_series label is edited and
    whose first release test expects the wrong answer."""
    copy = folder / NAME
    shutil.copytree(BUNDLED, copy)
    series = copy / "decisions" / "amount_series.yaml"
    series.write_text(series.read_text(encoding="utf-8").replace(
        "label: {da: Beløbsrække,", f"label: {{da: {EDITED},", 1), encoding="utf-8")
    release = copy / "tests" / "release.yaml"
    release.write_text(release.read_text(encoding="utf-8").replace(
        "      release_grounds: []\n", "      release_grounds: [deceased]\n", 1),
        encoding="utf-8")
    return copy


@pytest.mark.parametrize("where", ["rules", "--packs", "REGEL_PACKS"])
def test_show_runs_the_copy_in_the_working_folder(
        where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REGEL_PACKS", raising=False)
    folder = "rules" if where == "rules" else "mine"
    _edited_copy(tmp_path / folder)
    argv = ["show", NAME, "amount_series"]
    if where == "--packs":
        argv += ["--packs", "mine"]
    if where == "REGEL_PACKS":
        monkeypatch.setenv("REGEL_PACKS", "mine")
    assert main(argv) == 0
    out = capsys.readouterr()
    assert EDITED in out.out
    assert out.err.splitlines() == [f"regelsæt: {folder}/{NAME}"]


def test_test_runs_the_edited_tests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REGEL_PACKS", raising=False)
    _edited_copy(tmp_path / "rules")
    assert main(["test", NAME, "-k", "no ground - no release"]) == 1
    assert f"regelsæt: rules/{NAME}" in capsys.readouterr().err


def test_check_says_which_copy_and_diff_resolves_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REGEL_PACKS", raising=False)
    _edited_copy(tmp_path / "rules")
    assert main(["check", NAME, "--no-analysis", "--lang", "en"]) == 0
    assert capsys.readouterr().err.splitlines() == [f"pack: rules/{NAME}"]
    assert main(["diff", NAME, str(BUNDLED), "--lang", "en"]) == 0   # only texts differ
    out = capsys.readouterr()
    assert out.err.splitlines() == [f"pack: rules/{NAME}"]
    assert out.out.startswith(f"regel diff rules/{NAME} → ")


def test_without_a_local_copy_the_installed_one_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REGEL_PACKS", raising=False)
    assert main(["show", NAME, "amount_series", "--lang", "en"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"pack: {NAME} (the installed copy in ")


def test_messages_of_the_installed_copy_show_the_name_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An installed pack with an error: the message names NAME/decisions/..., not the
    folder it is installed in (site-packages)."""
    installed = _edited_copy(tmp_path / "site-packages" / "regel" / "rules")
    series = installed / "decisions" / "amount_series.yaml"
    series.write_text(series.read_text(encoding="utf-8").replace(
        "hit_policy: UNIQUE", "hit_policy: UNIQUE_X", 1), encoding="utf-8")
    monkeypatch.setattr(regel.load.locate, "bundled_packs", lambda: {NAME: installed})
    monkeypatch.setattr(regel.cli.common, "bundled_packs", lambda: {NAME: installed})
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("REGEL_PACKS", raising=False)
    assert main(["check", NAME, "--lang", "en"]) == 1
    out = capsys.readouterr()
    assert f"{NAME}/decisions/amount_series.yaml" in out.out + out.err
    assert "site-packages" not in out.out
