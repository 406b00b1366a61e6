"""Data that passed its JSON Schema is remembered by its digest in regel's cache (issue 16),
so that an unchanged file is not checked again. That must never let a problem through: data
that differs in any way (even only in the kind of a value: 1 or "1", a date or its text) is
checked, and every invalid pack gives the same problems, at the same places, whether the
files beside the wrong one were remembered or not."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel.load.locate import rules_dir
from regel.load.schema import PASSED_CACHE, schema_problems
from regel.source.yamltree import load_yaml

ROOT = Path(__file__).resolve().parents[2]
PACK = rules_dir() / "sikkerhedsstillelse" / "pack.yaml"


def pack_data() -> dict[str, Any]:
    data = load_yaml(PACK.read_text(encoding="utf-8"), str(PACK))
    assert isinstance(data, dict)
    return data


def problems(data: Any, kind: str = "pack") -> list[tuple[str, Any, bool]]:
    return [(p.message.key, p.at, p.at_key) for p in schema_problems(data, kind)]


#: A change to the bundled pack.yaml that breaks its schema, each close to the valid data
#: in a way a careless digest would miss: the kind of a value, where a value sits.
BROKEN: list[tuple[str, Any, tuple[str, ...]]] = [
    ("a number for a text", lambda d: d.update(version=1), ("version",)),
    ("a Decimal for a text", lambda d: d.update(version=Decimal("1.0")), ("version",)),
    ("a boolean for a text", lambda d: d.update(jurisdiction=True), ("jurisdiction",)),
    ("a date for a text", lambda d: d.update(source=dt.date(2024, 1, 1)), ("source",)),
    ("a list for a text", lambda d: d.update(version=["1.0.0"]), ("version",)),
    ("nothing for a text", lambda d: d.update(version=None), ("version",)),
    ("an empty text", lambda d: d.update(version=""), ("version",)),
    ("an unknown field", lambda d: d.update(versoin="1"), ()),
    ("a missing field", lambda d: d.pop("jurisdiction"), ()),
    ("a value not allowed", lambda d: d.update(date_policy="clamp "), ("date_policy",)),
]


@pytest.mark.parametrize("why, change, at", BROKEN, ids=[b[0] for b in BROKEN])
def test_remembered_data_lets_no_change_through(why: str, change: Any, at: tuple[str, ...],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGEL_CACHE_DIR", str(tmp_path))
    assert problems(pack_data()) == []            # passed: remembered
    assert problems(pack_data()) == []            # and passes again
    data = pack_data()
    change(data)
    found = problems(data)
    assert found, why
    assert found == problems(data)                # the same the second time: never remembered
    assert any(p[1][: len(at)] == at for p in found)


def test_the_kind_of_check_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Data that passed as one kind of file is checked as another."""
    monkeypatch.setenv("REGEL_CACHE_DIR", str(tmp_path))
    assert problems(pack_data(), "pack") == []
    assert problems(pack_data(), "decision") != []


def test_passed_data_is_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGEL_CACHE_DIR", str(tmp_path))
    data = pack_data()
    data["version"] = "9.9.9-stored"   # data no other test checks
    assert problems(data) == []
    lines = (tmp_path / PASSED_CACHE).read_text().split()
    assert lines and all(len(line) == 64 for line in lines)
    data["version"] = 999
    assert problems(data) != []
    assert (tmp_path / PASSED_CACHE).read_text().split() == lines   # a failure is not stored


#: Loads the bundled pack and says whether jsonschema was needed, and loads each invalid pack
#: of tests/loader/invalid/ twice, printing every problem in full each time.
SCRIPT = r'''
import sys
from pathlib import Path
import regel
from regel.base.errors import RegelError

pack = regel.load_pack("sikkerhedsstillelse")
print("bundled", pack.fingerprint, "jsonschema" in sys.modules)
for n in (1, 2):
    for folder in sorted(Path("tests/loader/invalid").iterdir()):
        if not (folder / "pack.yaml").is_file():
            continue
        try:
            regel.load_pack(folder)
            print(n, folder.name, "loads")
        except RegelError as err:
            print(n, folder.name, [repr(d) for d in err.diagnostics])
'''


def run_script(cache: Path | str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=dict(os.environ, REGEL_CACHE_DIR=str(cache)))
    return done.stdout.splitlines()


def test_invalid_packs_report_the_same_with_the_cache(tmp_path: Path) -> None:
    """Every invalid pack, loaded with nothing remembered, then with its valid files
    remembered (and in a fresh process, from the cache file), gives the same problems at
    the same places; the unchanged bundled pack is not checked again (jsonschema is not
    even imported)."""
    first, second = run_script(tmp_path / "cache"), run_script(tmp_path / "cache")
    assert first[0].endswith("True") and second[0].endswith("False")
    assert first[0].split()[1] == second[0].split()[1]    # the same pack
    cold = [line[2:] for line in first[1:] if line.startswith("1 ")]
    assert len(cold) > 50
    for rows in (first, second):
        for n in ("1 ", "2 "):
            assert [line[2:] for line in rows[1:] if line.startswith(n)] == cold
    assert run_script("")[1:] == first[1:]                  # and with no cache at all


#: Edits of the bundled pack.yaml's text that break its schema: a check remembered by the
#: text read (PackFile.made_of) must see each, however small.
TEXT_EDITS: list[tuple[str, str, str]] = [
    ("a number for a text", "version: 1.1.0", "version: 1"),
    ("a quoted date for a text", "jurisdiction: DK", "jurisdiction: 2024-01-01"),
    ("a boolean for a text", "jurisdiction: DK", "jurisdiction: true"),
    ("an unknown field", "jurisdiction: DK", "jurisdiction: DK\nversoin: x"),
    ("a missing field", "jurisdiction: DK\n", ""),
]


@pytest.mark.parametrize("why, old, new", TEXT_EDITS, ids=[e[0] for e in TEXT_EDITS])
def test_a_check_remembered_by_the_text_read_sees_every_edit(
        why: str, old: str, new: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from regel.load.packfile import PackFile

    monkeypatch.setenv("REGEL_CACHE_DIR", str(tmp_path))
    good = PackFile.read(PACK, "pack.yaml")
    assert good.made_of is not None
    assert schema_problems(good.data, "pack", good.made_of) == []     # passed: remembered
    assert schema_problems(good.data, "pack", good.made_of) == []
    text = PACK.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "pack.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    bad = PackFile.read(broken, "pack.yaml")
    assert bad.made_of != good.made_of
    found = schema_problems(bad.data, "pack", bad.made_of)
    assert found, why
    assert found == schema_problems(bad.data, "pack", bad.made_of)   # never remembered
    # the same text read again stands for the same data: a digest of what was read
    assert PackFile.read(broken, "pack.yaml").made_of == bad.made_of
