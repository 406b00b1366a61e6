"""Where YAML values were written: each value and key has a Span in its file, and
``scalar_position`` finds a character of a scalar's value in the file, whatever the
scalar's style (the loader places a FEEL error inside a cell with it)."""

from __future__ import annotations

import pytest

from regel.base.errors import Span
from regel.source.yamltree import load_yaml_with_marks, scalar_position

TEXT = """\
plain: a >= 1
single: 'b >= 2'
double: "c >= 3"
multi: first line
  second line
literal: |
  one
  two
folded: >-
    three
    four
anchored: &x 'd >= 4'
tagged: !!str e >= 5
flow: [1, 'f >= 6']
"""


@pytest.mark.parametrize(("path", "offset", "where"), [
    (("plain",), 0, (1, 8)),
    (("plain",), 2, (1, 10)),
    (("single",), 0, (2, 10)),       # after the quote
    (("double",), 5, (3, 15)),
    (("multi",), 11, (5, 3)),        # 'first line' + one joining character
    (("literal",), 0, (7, 3)),       # a block scalar starts on the next line
    (("literal",), 4, (8, 3)),
    (("folded",), 6, (11, 5)),
    (("anchored",), 0, (12, 15)),    # after the anchor and the quote
    (("tagged",), 2, (13, 17)),      # after the tag
    (("flow", 1), 2, (14, 14)),
])
def test_a_character_of_a_scalar_is_found_in_the_file(path: tuple[object, ...], offset: int,
                                                       where: tuple[int, int]) -> None:
    _, marks, _ = load_yaml_with_marks(TEXT, "f.yaml")
    assert scalar_position(marks[path], TEXT.splitlines(), offset) == where


def test_values_and_keys_have_spans_in_their_file() -> None:
    data, marks, keys = load_yaml_with_marks(TEXT, "f.yaml")
    assert data["single"] == "b >= 2"
    assert marks[("single",)] == Span(2, 9, 2, 17, 22, 30, "f.yaml")
    assert keys[("single",)].file == "f.yaml"
    assert (keys[("single",)].line, keys[("single",)].column) == (2, 1)
    assert str(marks[("flow", 1)]) == "f.yaml:14:11"
