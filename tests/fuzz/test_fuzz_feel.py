"""Issue 19, the standing fuzz test of FEEL: any text, as an expression and as the unary
tests of a cell, gives a value (a FEEL value) or a located engine error within the time
bound. The long run (``python -m tests.fuzz.long_run``) draws 100,000 of them."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.oracles import FAMILIES, standing

FEEL = FAMILIES["feel"]


@standing(150)
@given(FEEL.strategy())
def test_feel_text_gives_a_value_or_an_engine_error(text: str) -> None:
    outcome = FEEL.check(text)
    assert outcome.ok, outcome.detail
