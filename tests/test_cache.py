"""regel's per-user cache (``regel.base.cache``, issue 16): where it is, and that it only
ever saves time: absent, unwritable, turned off, damaged or not the user's own, it is
passed over; what is written is whole or not there at all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regel.base import cache

POSIX = pytest.mark.skipif(os.name == "nt", reason="file owners and modes are POSIX")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "not" / "made" / "yet"
    monkeypatch.setenv(cache.ENV, str(where))
    return where


@pytest.mark.parametrize("env, expected", [
    ({cache.ENV: "/x/cache"}, Path("/x/cache")),
    ({cache.ENV: ""}, None),
    ({cache.ENV: "  "}, None),
    ({"XDG_CACHE_HOME": "/x/xdg"}, Path("/x/xdg/regel")),
    ({"XDG_CACHE_HOME": "relative/xdg", "HOME": "/x/home"}, Path("/x/home/.cache/regel")),
    ({"HOME": "/x/home"}, Path("/x/home/.cache/regel")),
    ({cache.ENV: "/x/cache", "XDG_CACHE_HOME": "/x/xdg"}, Path("/x/cache")),
])
@POSIX
def test_where_the_cache_is(env: dict[str, str], expected: Path | None,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (cache.ENV, "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache.directory() == expected


def test_written_then_read(folder: Path) -> None:
    assert cache.read("thing") is None            # absent: nothing, no error
    assert cache.write("thing", b"\x00data\xff")  # the folder is made
    assert cache.read("thing") == b"\x00data\xff"
    assert sorted(p.name for p in folder.iterdir()) == ["thing"]   # no temporary left


@POSIX
def test_the_folder_is_the_users_alone(folder: Path) -> None:
    cache.write("thing", b"x")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "thing").stat().st_mode & 0o077 == 0


def test_a_new_version_replaces_the_old(folder: Path) -> None:
    """An older version is removed once stale: not one another regel beside this one
    (another worktree, another virtual environment) wrote within the day."""
    cache.write("tables-old", b"old")
    cache.write("tables-recent", b"in use")
    cache.write("other", b"kept")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(folder / "tables-old", (two_days_ago, two_days_ago))
    os.utime(folder / "other", (two_days_ago, two_days_ago))
    assert cache.write("tables-new", b"new", replaces="tables-")
    assert sorted(p.name for p in folder.iterdir()) == ["other", "tables-new", "tables-recent"]


def test_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV, "")
    monkeypatch.chdir(tmp_path)
    assert not cache.write("thing", b"x")
    assert not cache.append_line("lines", "x")
    assert cache.read("thing") is None
    assert list(tmp_path.iterdir()) == []


def test_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be made (its parent is a file; root may write anywhere
    else) is no error: nothing is stored."""
    (tmp_path / "file").write_text("a file, not a folder")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "file" / "cache"))
    assert not cache.write("thing", b"x")
    assert not cache.append_line("lines", "x")
    assert cache.read("thing") is None


@POSIX
@pytest.mark.parametrize("mode", [0o622, 0o602, 0o660])
def test_a_file_others_may_write_is_not_read(folder: Path, mode: int) -> None:
    cache.write("thing", b"x")
    (folder / "thing").chmod(mode)
    assert cache.read("thing") is None


@POSIX
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="only root can give a file to another user")
def test_a_file_of_another_user_is_not_read(folder: Path) -> None:
    cache.write("thing", b"x")
    os.chown(folder / "thing", 12345, 12345)
    assert cache.read("thing") is None


def test_a_file_too_large_is_not_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write("thing", b"12345")
    monkeypatch.setattr(cache, "MAX_BYTES", 4)
    assert cache.read("thing") is None


def test_lines_are_appended(folder: Path) -> None:
    assert cache.append_line("lines", "one")
    assert cache.append_line("lines", "two")
    assert not cache.append_line("lines", "three\nfour")   # one line at a time
    assert cache.read("lines") == b"one\ntwo\n"


def test_lines_past_the_limit_start_over(folder: Path) -> None:
    for word in ("one", "two", "three"):
        cache.append_line("lines", word, limit=7)   # "one\ntwo\n" is 8 bytes: past it
    assert cache.read("lines") == b"three\n"


def test_a_failed_write_leaves_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half-way (disk full) leaves neither a half file nor a temporary."""
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")
    cache.write("thing", b"old")
    monkeypatch.setattr(os, "replace", full)
    assert not cache.write("thing", b"new")
    assert sorted(p.name for p in folder.iterdir()) == ["thing"]
    assert cache.read("thing") == b"old"


def test_no_module_reads_the_cache_at_import(tmp_path: Path) -> None:
    """Importing regel (and its command line) makes no cache: only parsing and loading
    use it."""
    where = tmp_path / "cache"
    code = "import regel, regel.cli"
    subprocess.run([sys.executable, "-c", code], env=dict(os.environ, REGEL_CACHE_DIR=str(where)),
                   check=True)
    assert not where.exists()
