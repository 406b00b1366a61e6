"""Issue 19, the standing fuzz test of DMN XML: a mutant of a TCK or project model (or a
model generated from scratch) loads, or gives a PackError with catalogue messages; a model
that loads is run, checked, evaluated and exported without any other exception."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.oracles import FAMILIES, standing
from tests.fuzz.strategies import FileSet

DMN = FAMILIES["dmn"]


@standing(40)
@given(DMN.strategy())
def test_a_dmn_mutant_loads_or_gives_a_pack_error(files: FileSet) -> None:
    outcome = DMN.check(files)
    assert outcome.ok, f"{files.notes}\n{outcome.detail}"
