"""Issue 19: what the fuzz suite found, kept as examples. Each was a traceback from user
input; each must now be an engine error with a catalogue message and a place.

- A DMN file whose XML declaration names an encoding Python has no codec for (``nope``,
  ``rot13``) or one expat cannot take from Python (UTF-32, Shift_JIS): LookupError or
  ValueError from inside expat.
- A rule pack with a date, time or date and time written unquoted where a text belongs
  (a rule's source, an output's name, a note, the pack's version): the schema check saw the
  date's ISO text and let it through, and loading or exporting then failed on a date.
- A case file with a key that is not a text (``null:``, ``1:``, ``true:``): TypeError in
  the "did you mean" of the unknown field.
- A fact given to ``Pack.evaluate`` as a Python int of more than 4,300 digits: its message
  could not be rendered (Python turns no such int into text).
- Half of a surrogate pair written as an escape, in a YAML text (``"\\ud83d"``) or a FEEL
  string: the text could be neither printed (``regel feel``) nor written as UTF-8
  (``regel explain -o``). A whole pair is one character (the DMN TCK's emoji tests).
- A FEEL index of thousands of digits (``[1][10 ** 5000]``): its warning could not be put
  into words, nor written as JSON (``regel feel --format json``).
- A case file whose ``as_of`` is a date and time (``2024-03-20 10:00:00``): evaluation
  compared it with the versions' dates (TypeError).
- A YAML tag PyYAML cannot apply to its text (``!!timestamp nope``, ``!!bool maybe``):
  AttributeError or KeyError from inside PyYAML.
- A pack test whose ``expect`` (or ``matched``) names a decision by a YAML value
  (``false: []``): TypeError in the "did you mean" of the unknown decision (the packs
  family's long run, 100,000 inputs). So was ``pack.evaluate(..., decisions=[False])``.
- A range nested hundreds deep (``[[[1..2]..2]..2]``...) parsed, and ``regel feel`` could
  not print it (RecursionError): brackets may now be nested 100 deep.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import regel
from regel.base.errors import CaseError, FeelSyntaxError, PackError, RegelError
from regel.cli import main
from regel.feel import evaluate
from regel.feel.parser import MAX_BRACKET_DEPTH
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml, load_yaml_file
from tests.fuzz.strategies import EXAMPLE

ENCODINGS = ["nope", "rot13", "UTF-32", "shift_jis", "x" * 80]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_dmn_file_in_an_encoding_regel_cannot_read(tmp_path: Path, encoding: str) -> None:
    model = tmp_path / "m.dmn"
    model.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n'
                      '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" '
                      'id="d" name="d" namespace="x"/>\n'.encode())
    with pytest.raises(PackError) as caught:
        regel.load_dmn(model)
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.line, problem.column) == ("DMN-XML", 1, 31)
    shown = encoding[:60]
    assert problem.text("en") == (
        "the file is not well-formed XML: the XML declaration names the encoding "
        f"'{shown}', which regel cannot read; save the file as UTF-8")
    assert problem.text("da") == (
        "filen er ikke velformet XML: XML-erklæringen angiver tegnkodningen "
        f"'{shown}', som regel ikke kan læse; gem filen som UTF-8")


DATES_FOR_TEXT = [
    # (file, text in the example pack, replacement, line, what it is, its text in quotes)
    ("decisions/borrower_category.yaml", 'source: [{ref: gebyrloven, at: "§ 2"}]',
     "source: 2024-01-01", 11, "a date", "2024-01-01"),
    ("decisions/borrower_category.yaml", 'source: [{ref: gebyrloven, at: "§ 2"}]',
     "source: [{ref: gebyrloven, at: 2024-01-01}]", 11, "a date", "2024-01-01"),
    ("decisions/borrower_category.yaml", "        - name: category",
     "        - name: 2024-01-01T10:00:00", 22, "a date and time", "2024-01-01T10:00:00"),
    ("decisions/borrower_category.yaml", "label: {da: Kategori, en: Category}",
     "label: {da: 2024-01-01, en: Category}", 23, "a date", "2024-01-01"),
    ("pack.yaml", "version: 1.0.0", "version: 2024-01-01", 7, "a date", "2024-01-01"),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "what", "quoted"), DATES_FOR_TEXT)
def test_a_date_where_a_text_belongs_is_refused(tmp_path: Path, file: str, old: str, new: str,
                                                line: int, what: str, quoted: str) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    path = pack / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        regel.load_pack(pack)
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.line) == ("SCHEMA", line)
    assert problem.text("en") == (f"this should be a text, not {what}; write it in quotes: "
                                  f'"{quoted}"')


@pytest.mark.parametrize(("key", "shown"), [("null", "null"), ("1", "1"), ("true", "true"),
                                            ("[1, 2]", None)])
def test_a_case_file_with_a_key_that_is_no_text(tmp_path: Path, key: str,
                                                shown: str | None) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(f"facts: {{borrower_age: 40}}\n{key}: 2024-03-20\n", encoding="utf-8")
    with pytest.raises(regel.RegelError) as caught:
        Case.from_data(load_yaml_file(case), str(case))
    if shown is None:                       # a list cannot be a key: the YAML reader says so
        assert caught.value.code == "YAML-BAD-KEY"
        return
    assert caught.value.code == "CASE-FORMAT"
    assert caught.value.first.text("en") == f"unknown field '{shown}' in the case file"


@pytest.mark.parametrize(("fact", "code"), [("borrower_age", "CASE-NOT-ALLOWED"),
                                            ("item_type", "CASE-TYPE"),
                                            ("student_card", "CASE-TYPE")])
@pytest.mark.parametrize("power", [5000, -4400])      # -4400: minus 10 ** 4400
def test_a_fact_of_thousands_of_digits(fact: str, code: str, power: int) -> None:
    pack = regel.load_pack(EXAMPLE, tests=False)
    value = 10 ** abs(power) * (1 if power > 0 else -1)
    with pytest.raises(CaseError) as caught:
        pack.evaluate({fact: value})
    (problem,) = [d for d in caught.value.diagnostics if d.field == fact]
    assert problem.code == code
    shown = f"{'-' if power < 0 else ''}1.00000E+{abs(power)}"
    assert f"the number {shown}" in problem.text("en")
    assert f"tallet {shown}" in problem.text("da")


@pytest.mark.parametrize(("text", "length"), [(r'"\uD83D\uDE00"', 1),
                                              (r'"\ud83d\udc0e\uD83D\uDE00"', 2),
                                              (r'"a\U01F600b"', 3), (r'"\\ud800"', 6)])
def test_a_surrogate_pair_written_as_two_escapes_is_one_character(text: str,
                                                                  length: int) -> None:
    assert evaluate(f"string length({text})").value == length


@pytest.mark.parametrize(("text", "escape"), [(r'"\ud800"', r"\ud800"),
                                              (r'"x\uDE00\uD83D"', r"\uDE00"),
                                              (r'"\uD83D\u0041"', r"\uD83D")])
def test_half_a_surrogate_pair_in_feel_is_a_syntax_error(text: str, escape: str) -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        evaluate(text)
    assert caught.value.first.text("en") == (f"'{escape}' is half of a surrogate pair without "
                                             "its other half, which is no character")


@pytest.mark.parametrize(("text", "line", "column"), [('" \ud800 x"', 1, 3),
                                                        ('"a" +\n "\udc80"', 2, 3)])
def test_half_a_surrogate_pair_as_a_character_of_the_text_is_located(text: str, line: int,
                                                                      column: int) -> None:
    """From Python a FEEL text can hold the character itself (the long fuzz run)."""
    with pytest.raises(FeelSyntaxError) as caught:
        evaluate(text)
    first = caught.value.first
    assert (first.line, first.column) == (line, column)
    assert "half of a surrogate pair" in first.text("en")


@pytest.mark.parametrize(("text", "value"), [(r'a: "\ud83d\ude00"', {"a": "\U0001f600"}),
                                             (r'a: "\udc80"', None), (r'"\ud83d": 1', None)])
def test_half_a_surrogate_pair_in_yaml_is_a_syntax_error(text: str, value: object) -> None:
    if value is not None:
        assert load_yaml(text) == value
        return
    with pytest.raises(RegelError) as caught:
        load_yaml(text, "f.yaml")
    assert caught.value.code == "YAML-SYNTAX"
    assert "half of a surrogate pair" in caught.value.first.text("en")


def test_a_case_file_with_half_a_surrogate_pair_gives_an_error_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text('id: "\\udc80"\nfacts: {borrower_age: 40}\n', encoding="utf-8")
    assert main(["explain", str(EXAMPLE), "--case", str(case), "--format", "md",
                 "-o", str(tmp_path / "out.md")]) == 1
    assert "half of a surrogate pair" in capsys.readouterr().err
    assert not (tmp_path / "out.md").exists()


def _ranges(depth: int) -> str:
    return "[" * depth + "1" + "..2]" * depth


@pytest.mark.parametrize("text", [_ranges(MAX_BRACKET_DEPTH),
                                  "(" * MAX_BRACKET_DEPTH + "1" + ")" * MAX_BRACKET_DEPTH])
def test_brackets_nested_to_the_limit_are_evaluated_and_printed(
        text: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", text]) == 0
    assert capsys.readouterr().out.strip() in (text, "1")


@pytest.mark.parametrize(("text", "column"), [
    (_ranges(MAX_BRACKET_DEPTH + 1), MAX_BRACKET_DEPTH + 1), (_ranges(450), 101),
    ("{a: " * 101 + "1" + "}" * 101, 4 * 100 + 1), ("[" * 3000 + "]" * 3000, 101)])
def test_brackets_nested_past_the_limit_are_a_syntax_error(text: str, column: int) -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        evaluate(text)
    assert (caught.value.line, caught.value.column) == (1, column)
    assert caught.value.first.text("en") == \
        f"the brackets are nested more than {MAX_BRACKET_DEPTH} deep"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_feel_index_of_thousands_of_digits(fmt: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feel", "[1][10 ** 5000]", "--format", fmt]) == 0
    printed = capsys.readouterr()
    assert "index 1.00000E+5000 is outside a list of 1 items" in printed.out + printed.err


@pytest.mark.parametrize("as_of", ["2024-03-20 10:00:00", "2024-03-20T10:00:00Z"])
def test_a_case_file_as_of_a_date_and_time(tmp_path: Path, as_of: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(f"as_of: {as_of}\nfacts: {{borrower_age: 40}}\n", encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        Case.from_data(load_yaml_file(case), str(case))
    assert caught.value.first.text("en") == "as_of must be a date such as 2024-07-01"


@pytest.mark.parametrize(("text", "tag"), [("!!timestamp nope", "!!timestamp"),
                                           ("!!timestamp 99999999", "!!timestamp"),
                                           ("!!bool maybe", "!!bool")])
def test_a_yaml_tag_that_does_not_fit_its_text(text: str, tag: str) -> None:
    with pytest.raises(RegelError) as caught:
        load_yaml(f"a: {text}", "f.yaml")
    value = text.split(" ", 1)[1]
    assert (caught.value.code, caught.value.line, caught.value.column) == \
        ("YAML-BAD-VALUE", 1, 4)
    assert caught.value.first.text("en") == f"'{value}' cannot be read as {tag}"


@pytest.mark.parametrize(("key", "shown"), [("false", "false"), ("null", "null"),
                                            ("true", "true")])
@pytest.mark.parametrize("field", ["expect", "matched"])
def test_a_pack_test_naming_a_decision_by_a_value(tmp_path: Path, key: str, shown: str,
                                                  field: str) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE, pack)
    path = pack / "tests" / "borrowers_and_loans.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    expect: {borrower_category: child}\n    matched: {borrower_category: [K1]}"
    assert old in text
    new = old.replace(f"{field}: {{", f"{field}: {{{key}: [], ", 1)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        regel.load_pack(pack)
    (problem,) = caught.value.diagnostics
    line = 1 + text[:text.index(old)].count("\n") + (field == "matched")
    assert (problem.code, problem.line, problem.column) == ("SCHEMA", line, len(field) + 8)
    assert problem.text("en") == (f"'{shown}' cannot be the name of a decision in a test: "
                                  f"YAML reads it as the value {shown}, not as a name; write "
                                  "the decision's name")


@pytest.mark.parametrize("name", [False, None, 3, ("a",)])
def test_asking_the_api_for_a_decision_by_a_value(name: object) -> None:
    pack = regel.load_pack(EXAMPLE, tests=False)
    with pytest.raises(regel.EvaluationError) as caught:
        pack.evaluate({}, decisions=[name])  # type: ignore[list-item]
    assert caught.value.code == "UNKNOWN-DECISION"
    assert caught.value.first.text("en") == f"the pack has no decision '{name}'"
