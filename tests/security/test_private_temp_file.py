"""Issue 19: ``regel export -o OUT`` wrote through the predictable ``OUT.part``; another user
who can write to the folder could plant a symbolic link there and have the model written
into a file of theirs choosing. Every verb that writes a file (export, import, explain -o,
schema -o) now writes a private temporary file in the output's folder, readable only by
its owner until the final rename, and removes it on every error path."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from regel.base.errors import RegelError
from regel.cli import common, main

REPO = Path(__file__).resolve().parents[2]
PACK = str(REPO / "examples" / "packs" / "library-fees")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and links")


def _verbs(out: Path) -> dict[str, list[str]]:
    return {"export": ["export", PACK, "-o", str(out)],
            "schema": ["schema", PACK, "-o", str(out)],
            "explain": ["explain", PACK, "--case",
                        str(REPO / "examples" / "packs" / "library-fees" / "cases" /
                            "late-interlibrary-loan.yaml"), "--format", "md", "-o", str(out)]}


@POSIX
@pytest.mark.parametrize("verb", ["export", "schema"])
def test_a_planted_part_link_is_not_followed(tmp_path: Path, verb: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "model.out"
    (tmp_path / "model.out.part").symlink_to(victim)
    assert main(_verbs(out)[verb]) == 0
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert out.is_file() and not out.is_symlink() and out.stat().st_size > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["model.out", "model.out.part", "victim.txt"]


@POSIX
def test_the_temporary_file_is_private_until_the_rename(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    out = tmp_path / "model.dmn"
    seen: list[tuple[str, int]] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        if Path(dst) == out:   # (regel's cache, filled meanwhile, is written the same way)
            seen.append((os.path.basename(src), stat.S_IMODE(os.stat(src).st_mode)))
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    old = os.umask(0o022)
    try:
        assert main(_verbs(out)["export"]) == 0
    finally:
        os.umask(old)
    [(name, mode)] = seen
    assert name != "model.dmn.part" and name.startswith(".model.dmn.")
    assert mode == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o644     # the usual mode under umask 022


def test_write_file_gives_the_usual_permissions_under_another_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        common.write_file(tmp_path / "a.txt", b"x")
    finally:
        os.umask(old)
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o600
    assert (tmp_path / "a.txt").read_bytes() == b"x"


@pytest.mark.parametrize("verb", ["export", "schema", "explain"])
@pytest.mark.parametrize("failing", ["write", "replace"])
def test_nothing_is_left_behind_when_writing_fails(tmp_path: Path, verb: str, failing: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.out"
    out.write_text("the old report\n", encoding="utf-8")

    def broken(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "replace":
        monkeypatch.setattr(os, "replace", broken)
    else:
        monkeypatch.setattr(common, "_write_all", broken)
    code = main(_verbs(out)[verb])
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]
    assert out.read_text(encoding="utf-8") == "the old report\n"


def test_an_interrupted_write_leaves_nothing_behind(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(common, "_write_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        common.write_file(tmp_path / "a.txt", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(RegelError) as info:
        common.write_file(tmp_path / "missing" / "a.txt", b"x")
    assert (info.value.code, info.value.first.key) == ("FILE-UNWRITABLE",
                                                       "FILE-UNWRITABLE/file")
    assert info.value.first.file == str(tmp_path / "missing" / "a.txt")
