"""What a pack's load keeps for its next load (``regel.base.kept``, issue 16): its YAML files
read with their positions (and its FEEL parses: tests/feel/test_kept_parses.py). A file read
from what was kept must be what reading it gives (its values, and the position of every value
and key), for every YAML file of the bundled and example packs; found only with the same
text, file name and limits; each load gets objects of its own; a large text, a file that
does not read and a pack too large for the cache are not kept; a damaged file changes
nothing but the time. A pack loaded again reads nothing anew and is the same pack."""

from __future__ import annotations

import dataclasses
import glob
import pickle
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base import kept as kept_module
from regel.base.errors import RegelError
from regel.base.kept import KEPT_CACHE, kept
from regel.feel import api, larkparse
from regel.feel.parser import parse_expression
from regel.source import yamltree
from regel.source.yamltree import load_yaml_with_marks

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(glob.glob(str(ROOT / "rules/*/*.yaml")) + glob.glob(str(ROOT / "rules/*/*/*.yaml"))
               + glob.glob(str(ROOT / "examples/packs/*/*.yaml"))
               + glob.glob(str(ROOT / "examples/packs/*/*/*.yaml")))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """A cache of this test's own, and the files YAML is asked to read."""
    monkeypatch.setenv("REGEL_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[str] = []
    parse = yamltree._parse

    def counted(cls: Any, text: str, source: str, errors: bool = False) -> Any:
        calls.append(source)
        return parse(cls, text, source, errors)
    monkeypatch.setattr(yamltree, "_parse", counted)
    return calls


def _full(read: Any) -> str:
    """What a file read gives, every value (with its type), mark and key mark in full
    (a span's every field: == and pickling would not show two swapped)."""
    data, marks, key_marks = read
    return repr((data, [(k, dataclasses.astuple(m)) for k, m in marks.items()],
                 [(k, dataclasses.astuple(m)) for k, m in key_marks.items()]))


def _read(name: str) -> str:
    """A file read as the load reads it."""
    return _full(load_yaml_with_marks(Path(name).read_text(encoding="utf-8"), name))


def _files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob(f"{KEPT_CACHE}*"))


def test_a_kept_file_is_the_file_read(reads: list[str], tmp_path: Path) -> None:
    assert len(FILES) > 40
    fresh = [_read(name) for name in FILES]
    with kept("pack A"):
        assert [_read(name) for name in FILES] == fresh
    assert len(_files(tmp_path)) == 1
    reads.clear()
    with kept("pack A"):
        assert [_read(name) for name in FILES] == fresh
    assert reads == []


def test_each_load_gets_values_of_its_own(reads: list[str]) -> None:
    text = "a: [1, 2]\nb: {c: x}\n"
    with kept("pack A"):
        load_yaml_with_marks(text, "f.yaml")
    for _ in range(2):
        with kept("pack A"):
            data, marks, _ = load_yaml_with_marks(text, "f.yaml")
            assert data == {"a": [1, 2], "b": {"c": "x"}}
            data["a"].append(3)
            data["b"]["c"] = "changed"
            marks.clear()
    assert len(reads) == 1


@pytest.mark.parametrize("change", ["text", "name", "limit"])
def test_a_file_is_found_only_as_it_was_read(reads: list[str], monkeypatch: pytest.MonkeyPatch,
                                             change: str) -> None:
    text, name = "a: 1\n", "f.yaml"
    with kept("pack A"):
        load_yaml_with_marks(text, name)
    if change == "text":
        text = "a: 2\n"
    elif change == "name":
        name = "g.yaml"
    else:
        monkeypatch.setattr(yamltree, "MAX_VALUES", 1)
    reads.clear()
    with kept("pack A"):
        if change == "limit":
            with pytest.raises(RegelError):
                load_yaml_with_marks(text, name)
        else:
            data, marks, _ = load_yaml_with_marks(text, name)
            assert data == {"a": 1 if change == "name" else 2}
            assert all(m.file == name for m in marks.values())
    assert reads == [name]


def test_what_is_not_kept(reads: list[str], monkeypatch: pytest.MonkeyPatch,
                          tmp_path: Path) -> None:
    """A text longer than KEPT_CHARS is read each time, and its pack keeps nothing (its
    FEEL neither); a file that does not read is read each time; a pack whose values pass
    MAX_BYTES writes nothing."""
    long = "a: " + "x" * (yamltree.KEPT_CHARS + 1) + "\n"
    for _ in range(2):
        with kept("pack A"):
            load_yaml_with_marks("a: 1\n", "short.yaml")
            load_yaml_with_marks(long, "long.yaml")
            parse_expression("short + 1", ["short"])
    assert reads.count("long.yaml") == 2 and reads.count("short.yaml") == 2
    assert _files(tmp_path) == []
    for _ in range(2):
        with kept("pack C"), pytest.raises(RegelError):
            load_yaml_with_marks("a: [1\n", "bad.yaml")
    assert reads.count("bad.yaml") >= 2 and _files(tmp_path) == []
    monkeypatch.setattr(kept_module, "MAX_BYTES", 50)
    with kept("pack B"):
        load_yaml_with_marks("a: " + "y" * 100 + "\n", "big.yaml")
    assert _files(tmp_path) == []


@pytest.mark.parametrize("damage", [b"", b"junk", pickle.dumps([1]), pickle.dumps({1: 2}),
                                    "right keys, wrong values"])
def test_a_damaged_file_is_passed_over(reads: list[str], tmp_path: Path,
                                       damage: Any) -> None:
    text = "a: [1, {b: 2}]\n"
    with kept("pack A"):
        fresh = _full(load_yaml_with_marks(text, "f.yaml"))
    (file,) = _files(tmp_path)
    if isinstance(damage, str):   # each kept value unpickles, to what the reader refuses
        keys = pickle.loads(file.read_bytes())
        damage = pickle.dumps({k: pickle.dumps(("x",) * i) for i, k in enumerate(keys)})
    file.write_bytes(damage)
    reads.clear()
    with kept("pack A"):
        assert _full(load_yaml_with_marks(text, "f.yaml")) == fresh
    assert reads == ["f.yaml"]


def test_a_pack_loaded_again_reads_nothing_anew(reads: list[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``regel eval`` starts: a new process has none of the in-process caches (cleared
    here); the second load reads no YAML and parses no FEEL, and is the same pack."""
    parsed: list[str] = []
    lark = larkparse.parsed
    monkeypatch.setattr(larkparse, "parsed", lambda text, *a: parsed.append(text) or lark(
        text, *a))

    def load() -> Any:
        api._compile_expression.cache_clear()
        api._compile_unary_tests.cache_clear()
        return load_pack(ROOT / "rules" / "sikkerhedsstillelse")
    first = load()
    assert len(reads) > 20 and len(parsed) > 50
    reads.clear()
    parsed.clear()
    again = load()
    assert reads == [] and parsed == []
    assert again.fingerprint == first.fingerprint
    assert repr(again.decisions) == repr(first.decisions)
    assert repr(again.inputs) == repr(first.inputs)
    assert [t.name for t in again.tests] == [t.name for t in first.tests]


def test_the_packs_used_last_are_kept_for(reads: list[str], monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    """Packs in passing folders do not fill the cache: past MAX_FILES packs, the files of
    the packs used longest ago go; a pack read again counts as used."""
    import os

    monkeypatch.setattr(kept_module, "MAX_FILES", 3)
    clock = [1_000_000.0]

    def load(n: int) -> None:
        before = set(_files(tmp_path))
        with kept(f"pack {n}"):
            load_yaml_with_marks(f"a: {n}\n", "f.yaml")
        for file in _files(tmp_path):   # whatever this load wrote or read: used now
            if file not in before or os.stat(file).st_mtime > clock[0]:
                clock[0] += 10
                os.utime(file, (clock[0], clock[0]))
    for n in range(5):
        load(n)
    assert len(_files(tmp_path)) == 3      # packs 2, 3 and 4
    reads.clear()
    load(2)                                # found (and so used)
    assert reads == []
    load(5)                                # the one used longest ago, pack 3, goes
    assert len(_files(tmp_path)) == 3
    for n, found in ((2, True), (4, True), (5, True), (3, False)):
        reads.clear()
        with kept(f"pack {n}"):
            load_yaml_with_marks(f"a: {n}\n", "f.yaml")
        assert (reads == []) is found, n


def test_a_pack_whose_parses_are_kept_loads_without_lark(tmp_path: Path) -> None:
    """As `regel eval` starts (a fresh process): the second load of a pack reads its FEEL
    from the cache, and Lark is not even imported (regel.feel.larkparse is imported only
    when a text must be parsed)."""
    import os
    import subprocess
    import sys

    code = ("import sys, regel; regel.load_pack('sikkerhedsstillelse', tests=False); "
            "print('lark' in sys.modules, 'regel.feel.larkparse' in sys.modules)")
    env = dict(os.environ, REGEL_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split() for _ in range(2)]
    assert runs == [["True", "True"], ["False", "False"]]
