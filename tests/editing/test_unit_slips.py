"""Issue 20, trap 1: no silent unit slips. An amount in kroner written with a Danish
thousands separator (``base_amount: 105.000``, which YAML reads as 105) and a date written
day first (``1.7.2024``) are errors with the meant value as a hint, at the file, line and
column where they were written: in a table's output cell, a default, a YAML test's expected
value or facts, and a case file."""

from __future__ import annotations

import datetime as _dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_pack
from regel.base.errors import CaseError, PackError
from regel.base.slips import danish_date, thousands_slip
from regel.cli import main

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "rules" / "sikkerhedsstillelse"

#: (file in the pack, text to replace, its slip, line of the slip, code, the hint's words)
EDITS = [
    ("decisions/amount_series.yaml", "{series: P2011, base_amount: 100000,",
     "{series: P2011, base_amount: 105.000,", 87, "AMOUNT-THOUSANDS",
     "did you mean 105000? (Danish thousands separator)"),
    ("tests/amounts_and_index.yaml", "{series: P2011, base_amount: 100000,",
     "{series: P2011, base_amount: 100.000,", 49, "AMOUNT-THOUSANDS",
     "did you mean 100000? (Danish thousands separator)"),
    ("tests/release.yaml", "current_amount: 102000.00,", "current_amount: 102.000,", 13,
     "AMOUNT-THOUSANDS", "did you mean 102000? (Danish thousands separator)"),
    ("tests/release.yaml", "facts: {original_start_date: 2019-01-02,",
     "facts: {original_start_date: 2.1.2019,", 13, "DATE-NOT-ISO",
     "did you mean 2019-01-02?"),
    ("tests/release.yaml", "facts: {original_start_date: 2019-01-02,",
     "facts: {original_start_date: 02-01-2019,", 13, "DATE-NOT-ISO",
     "did you mean 2019-01-02?"),
]


def _edited(tmp: Path, file: str, old: str, new: str) -> Path:
    copy = tmp / "sikkerhedsstillelse"
    shutil.copytree(BUNDLED, copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize(("file", "old", "new", "line", "code", "words"), EDITS)
def test_a_slip_in_the_pack_is_an_error_where_it_was_written(
        file: str, old: str, new: str, line: int, code: str, words: str,
        tmp_path: Path) -> None:
    copy = _edited(tmp_path, file, old, new)
    with pytest.raises(PackError) as caught:
        load_pack(copy)
    found = [(d.code, Path(d.file).relative_to(copy).as_posix(), d.line)
             for d in caught.value.diagnostics]
    assert found == [(code, file, line)]
    d = caught.value.diagnostics[0]
    assert d.column == new.index(new.split(": ")[-1].rstrip(",")) + 1 + \
        _line(copy / file, line).index(new)
    assert words in d.text("en")


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_regel_check_fails_on_the_issue_s_slip(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    file, old, new, line, _, words = EDITS[0]
    copy = _edited(tmp_path, file, old, new)
    assert main(["check", str(copy), "--lang", "en"]) == 1
    out = capsys.readouterr()
    assert f"amount_series.yaml:{line}:" in out.out + out.err
    assert words in out.out + out.err


@pytest.mark.parametrize(("fact", "written", "words"), [
    ("original_amount", "105.000", "did you mean 105000? (Danish thousands separator)"),
    ("application_date", "1.7.2024", "did you mean 2024-07-01?"),
    ("application_date", "01-07-2024", "did you mean 2024-07-01?"),
])
def test_a_slip_in_a_case_file_names_its_line_and_column(
        fact: str, written: str, words: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(f"as_of: 2024-06-03\nfacts:\n  {fact}: {written}\n", encoding="utf-8")
    assert main(["eval", str(BUNDLED), "--case", str(case), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"case.yaml:3:{len(fact) + 5}:" in err and words in err


def test_a_slip_among_the_facts_given_to_the_api() -> None:
    pack = load_pack(BUNDLED, tests=False)
    for facts, words in [({"original_amount": Decimal("105.000")}, "did you mean 105000?"),
                         ({"application_date": "1.7.2024"}, "did you mean 2024-07-01?")]:
        with pytest.raises(CaseError) as caught:
            pack.evaluate(facts, decisions=["amount_series"], as_of=_dt.date(2024, 6, 3))
        assert any(words in d.text("en") for d in caught.value.diagnostics)


@pytest.mark.parametrize(("value", "whole"), [
    (Decimal("105.000"), Decimal(105000)), (Decimal("1.250"), Decimal(1250)),
    (Decimal("-2.500"), Decimal(-2500)), (Decimal("105.00"), None), (Decimal("105"), None),
    (Decimal("105.0000"), None), (105000, None), (True, None), ("105.000", None),
])
def test_three_decimals_and_only_three(value: object, whole: Decimal | None) -> None:
    assert thousands_slip(value) == whole


@pytest.mark.parametrize(("text", "iso"), [
    ("1.7.2024", "2024-07-01"), ("01-07-2024", "2024-07-01"), ("1/7/2024", "2024-07-01"),
    ("29.2.2024", "2024-02-29"), ("29.2.2023", None), ("2024-07-01", None),
    ("1.7.24", None), ("1.7-2024", None), ("juli 2024", None),
])
def test_danish_dates(text: str, iso: str | None) -> None:
    assert danish_date(text) == iso


def test_amounts_with_ore_and_other_numbers_are_fine(tmp_path: Path) -> None:
    """102000.50 kr. (øre) and the bundled packs' own numbers load as before."""
    copy = _edited(tmp_path, "tests/release.yaml", "current_amount: 102000.00,",
                   "current_amount: 102000.50,")
    assert load_pack(copy).tests
