"""Issue 19, the standing fuzz test of case files: a case document for the example pack,
mutated and written as YAML, JSON or bytes, is read, evaluated and explained (Markdown,
HTML, terminal), or gives an engine error; so are its facts given to ``Pack.evaluate`` as
Python values (floats, NaN, huge ints, sets, objects)."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.oracles import FAMILIES, standing
from tests.fuzz.strategies import CaseInput

CASES = FAMILIES["cases"]


@standing(25)
@given(CASES.strategy())
def test_a_case_file_gives_an_evaluation_or_an_engine_error(case: CaseInput) -> None:
    outcome = CASES.check(case)
    assert outcome.ok, f"{case.name}: {case.data[:300]!r}\n{outcome.detail}"
