"""Issue 19: values are read as written. A case file or pack read by YAML 1.2's core
schema: ``replacement_price: 0450`` is refused where it is written (YAML 1.1 tools read the
octal 296, YAML 1.2 reads 450: the same file would mean two amounts), and ``7:30`` is the
text '7:30' (not YAML 1.1's base-60 number 450), which a number or time fact refuses by its
type, naming the fact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from regel.cli import main
from tests.packbuilder import write_pack

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "examples" / "packs" / "library-fees"
CASE = LIBRARY / "cases" / "child-damaged-book.yaml"


def _errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict[str, object]]:
    assert main([*argv, "--format", "json"]) == 1
    errors: list[dict[str, object]] = json.loads(capsys.readouterr().out)["errors"]
    return errors


def _where(error: dict[str, object]) -> tuple[object, ...]:
    return (error["code"], Path(str(error["file"])).name, error["line"], error["column"],
            error["field"])


def test_a_leading_zero_amount_in_a_case_file_is_refused_where_it_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    text = CASE.read_text(encoding="utf-8")
    assert "  replacement_price: 250\n" in text
    case.write_text(text.replace("  replacement_price: 250\n", "  replacement_price: 0450\n"),
                    encoding="utf-8")
    line = text[:text.index("replacement_price")].count("\n") + 1
    errors = _errors(capsys, ["eval", str(LIBRARY), "--case", str(case)])
    assert [_where(e) for e in errors] == [
        ("YAML-AMBIGUOUS-NUMBER", "case.yaml", line, 22, None)]
    assert "450" in str(errors[0]["message"]) and "296" in str(errors[0]["message"])


def test_a_leading_zero_in_a_pack_test_is_found_by_regel_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "library-fees"
    shutil.copytree(LIBRARY, pack)
    tests = pack / "tests" / "fees.yaml"
    text = tests.read_text(encoding="utf-8")
    start = text.index("replacement_price: ") + len("replacement_price: ")
    end = start + next(i for i, c in enumerate(text[start:]) if not c.isdigit())
    tests.write_text(text[:start] + "0" + text[start:end] + text[end:], encoding="utf-8")
    assert main(["check", str(pack)]) == 1
    out = capsys.readouterr().out
    line = text[:start].count("\n") + 1
    column = start - text.rindex("\n", 0, start)
    assert f"{tests.name}:{line}:{column}: YAML-AMBIGUOUS-NUMBER" in out


TIMES = {"start": {"type": "time", "label": {"da": "Start", "en": "Start"}},
         "hours": {"type": "number", "label": {"da": "Timer", "en": "Hours"}},
         "note": {"type": "string", "label": {"da": "Note", "en": "Note"}}}


@pytest.mark.parametrize(("fact", "words"), [
    ("start", "Start '7:30' is not a valid time"),
    ("hours", "Hours must be a number, not the text '7:30'"),
])
def test_base_60_is_a_text_that_a_time_or_number_fact_refuses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fact: str, words: str) -> None:
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": list(TIMES)},
         "versions": [{"valid_from": "2000-01-01", "source": "§ 1",
                       "expression": "[start, hours, note]"}]}
    pack = write_pack(tmp_path / "pack", [d], TIMES)
    good = {"start": '"07:30:00"', "hours": "7.5", "note": "7:30"}
    facts = "".join(f"  {k}: {'7:30' if k == fact else v}\n" for k, v in good.items())
    case = tmp_path / "case.yaml"
    case.write_text(f"as_of: 2024-01-01\nfacts:\n{facts}", encoding="utf-8")
    errors = _errors(capsys, ["eval", str(pack), "--case", str(case)])
    assert [(e["code"], e["field"]) for e in errors] == [("CASE-TYPE", fact)]
    assert errors[0]["message"] == words


def test_the_text_7_30_is_a_good_text_fact(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["note"]},
         "versions": [{"valid_from": "2000-01-01", "source": "§ 1", "expression": "note"}]}
    pack = write_pack(tmp_path / "pack", [d], {"note": TIMES["note"]})
    case = tmp_path / "case.yaml"
    case.write_text("as_of: 2024-01-01\nfacts:\n  note: 7:30\n", encoding="utf-8")
    assert main(["eval", str(pack), "--case", str(case), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["outputs"] == {"d": "7:30"}
