"""The FEEL parser's tables in regel's cache (issue 16): a parser loaded from the cache
reads every text exactly as one just built does (the same tree, spans included, and the
same errors at the same places), and a cache that is absent, damaged, stale, unwritable
or turned off never changes a result. Each run is a fresh process, as ``regel`` starts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regel.feel.larkparse import PARSER_CACHE

ROOT = Path(__file__).resolve().parents[2]

#: Parses every text of the bundled and example packs (and some hard ones; with the argument
#: hard-only, those alone) as an expression and as unary tests, and prints each result in
#: full: the tree with every node's span, or the error with its code, key, values and span.
SCRIPT = r'''
import sys
from regel.base.errors import RegelError
from regel.feel.parser import parse_expression, parse_unary_tests
from tests.feel.pack_texts import full, pack_texts

HARD = ["]1..5[", "[1..5)", "(1..2]", "Applicant Age >= 24", "date of birth + duration(\"P1Y\")",
        "2011-01-01", "a-b-c", "{a: 1, \"b c\": [1, 2]}.a", "x[item > 1]", "not(1, 2)",
        "for i in 1..3 return i * 2", "some x in [1] satisfies x > 0", "if a then b else c",
        "function(a, b) a + b", "1 +", "(((", "\"open", "a b c d", "@\"2020-01-01\"",
        "- 5", "x instance of number", "[1..2] in [[1..2]]", "?", "1 between 0 and 2",
        "Student's name", "date and time(\"2020-01-01T10:00:00\")", "a.b.c", "1e400",
        "\u00e6\u00f8\u00e5 + 1", "x ** 2 ** 3", "null", "true and false or true", ""]
NAMES = {"Applicant Age", "date of birth", "Student's name", "b c"}

def texts():
    if sys.argv[1:] == ["hard-only"]:
        return sorted(HARD)
    return sorted(set(HARD) | pack_texts())

count = 0
for text in texts():
    for parse in (parse_expression, parse_unary_tests):
        for iso in (False, True):
            try:
                result = full(parse(text, NAMES, iso_dates=iso))
                count += 1
            except RegelError as err:
                result = ("error", type(err).__name__, full(err.diagnostics))
            print(repr(text), parse.__name__, iso, result)
print("parsed", count, file=sys.stderr)
'''


def parse_all(cache: str, every: bool = True) -> str:
    """The results of SCRIPT in a fresh process with regel's cache in ``cache``: of every
    text, or (``every`` False) of the hard ones alone."""
    env = dict(os.environ, REGEL_CACHE_DIR=cache)
    done = subprocess.run([sys.executable, "-c", SCRIPT, *([] if every else ["hard-only"])],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert int(done.stderr.split()[-1]) > (1000 if every else 20)   # texts that parsed
    return done.stdout


def tables(folder: Path) -> list[Path]:
    return sorted(folder.glob(PARSER_CACHE + "*"))


@pytest.fixture(scope="module")
def built() -> str:
    """The results with a parser built from the grammar (the cache turned off)."""
    return parse_all("")


@pytest.fixture(scope="module")
def built_hard() -> str:
    """The same of the hard texts alone."""
    return parse_all("", every=False)


def test_loaded_tables_parse_as_built_ones(built: str, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert parse_all(str(folder)) == built           # absent: built, then stored
    [stored] = tables(folder)
    before = stored.stat()
    assert parse_all(str(folder)) == built           # loaded from the cache
    after = stored.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), \
        "the second run loaded the tables; it did not build and store them again"


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x80\x05K\x01.", "truncated"])
def test_damaged_tables_are_built_again(built_hard: str, tmp_path: Path,
                                        damage: bytes | str) -> None:
    folder = tmp_path / "cache"
    parse_all(str(folder), every=False)
    [stored] = tables(folder)
    good = stored.read_bytes()
    damaged = good[: len(good) // 2] if damage == "truncated" else damage
    assert isinstance(damaged, bytes)
    stored.write_bytes(damaged)
    assert parse_all(str(folder), every=False) == built_hard
    # stored anew (a pickle's length varies a little from build to build: sets in it)
    assert stored.read_bytes() != damaged and len(stored.read_bytes()) > len(good) * 0.9


def test_stale_tables_are_never_read(built_hard: str, tmp_path: Path) -> None:
    """Tables of another grammar or Lark have another name: never read, and removed once
    the current ones are stored (when no other regel has written them for a day)."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    stale = folder / f"{PARSER_CACHE}{'0' * 40}.pickle"
    stale.write_bytes(b"the tables of another grammar")
    stale.chmod(0o600)
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(stale, (two_days_ago, two_days_ago))
    assert parse_all(str(folder), every=False) == built_hard
    assert not stale.exists()
    assert len(tables(folder)) == 1


def test_an_unwritable_cache_changes_nothing(built_hard: str, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file where the cache folder would be")
    assert parse_all(str(tmp_path / "file" / "cache"), every=False) == built_hard
