"""Issue 19, the standing fuzz test of YAML rule packs: a mutant of the example pack or a
bundled pack (bytes, lines, keys, types, aliases, nesting, encodings, files) loads, or
gives a PackError whose problems are catalogue messages with a place; a pack that loads
runs its tests, is checked, evaluated and exported without any other exception."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.oracles import FAMILIES, standing
from tests.fuzz.strategies import FileSet

PACKS = FAMILIES["packs"]


@standing(10)
@given(PACKS.strategy())
def test_a_pack_mutant_loads_or_gives_a_pack_error(files: FileSet) -> None:
    outcome = PACKS.check(files)
    assert outcome.ok, f"{files.notes}\n{outcome.detail}"
