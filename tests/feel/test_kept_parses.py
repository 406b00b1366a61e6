"""Parses kept in regel's cache for a pack's next load (``regel.base.kept``, issue 16:
``regel eval`` reads the pack's FEEL from there instead of parsing it anew). A
kept parse must be exactly the parse Lark makes (every node with its span), for every text
of the bundled and example packs and some hard ones, as an expression and as unary tests,
in both date dialects; a text is found only with the multi-word names and dialect it was
parsed with; errors are never kept; a damaged, foreign or absent file, another pack's, a
block that failed and a cache turned off change nothing but the time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regel.base.errors import RegelError
from regel.base.kept import KEPT_CACHE, kept
from regel.feel import larkparse
from regel.feel.parser import parse_expression, parse_unary_tests
from regel.load import load_pack
from tests.feel.pack_texts import ROOT, full, pack_texts

HARD = ["]1..5[", "[1..5)", "Applicant Age >= 24", 'date of birth + duration("P1Y")',
        "2011-01-01", "a-b-c", '{a: 1, "b c": [1, 2]}.a', "x[item > 1]", "not(1, 2)",
        "for i in 1..3 return i * 2", "if a then b else c", "function(a, b) a + b",
        "1 +", '"open', '@"2020-01-01"', "Student's name", "1e400", "x ** 2 ** 3",
        "date and time(\"2020-01-01T10:00:00\")", "æøå + 1"]
NAMES = frozenset({"Applicant Age", "date of birth", "Student's name", "b c"})
TEXTS = sorted(set(HARD) | pack_texts())
#: enough texts for the tests that need not read them all: the hard ones and some others
SOME = HARD + TEXTS[::12]


def _result(parse: Any, text: str, names: frozenset[str], iso: bool) -> Any:
    try:
        return full(parse(text, names, iso_dates=iso))
    except RegelError as err:
        return ("error", err.code, full(err.diagnostics))


def _parse_all(texts: list[str] = SOME) -> list[Any]:
    return [_result(parse, text, NAMES, iso) for text in texts
            for parse in (parse_expression, parse_unary_tests) for iso in (False, True)]


@pytest.fixture
def lark_calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """A cache of this test's own, and the texts Lark is asked to parse."""
    monkeypatch.setenv("REGEL_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[str] = []
    parsed = larkparse.parsed

    def counted(text: str, *args: Any) -> Any:
        calls.append(text)
        return parsed(text, *args)
    monkeypatch.setattr(larkparse, "parsed", counted)
    yield calls


def _kept_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob(f"{KEPT_CACHE}*"))


def test_a_kept_parse_is_lark_s_parse(lark_calls: list[str], tmp_path: Path) -> None:
    fresh = _parse_all(TEXTS)
    assert len(lark_calls) > 500       # (the simplest cells never reach Lark)
    with kept("pack A"):
        first = _parse_all(TEXTS)
    assert first == fresh and len(_kept_files(tmp_path)) == 1
    lark_calls.clear()
    with kept("pack A"):
        again = _parse_all(TEXTS)
    assert again == fresh
    errors = sum(1 for r in fresh if r[0] == "error")
    assert 0 < len(lark_calls) <= errors   # only the texts that fail are parsed again


def test_another_pack_finds_nothing(lark_calls: list[str], tmp_path: Path) -> None:
    with kept("pack A"):
        _parse_all()
    made = len(lark_calls)
    lark_calls.clear()
    with kept("pack B"):
        found = _parse_all()
    assert len(lark_calls) >= made
    assert found == _parse_all()   # (outside a block: parsed anew)


#: the same texts with other names or in the other dialect: other parses (or an error)
VARIANTS = [("Applicant Age + 1", frozenset({"Applicant Age"}), False),
            ("Applicant Age + 1", frozenset(), False),
            ("2011-01-01", frozenset(), True), ("2011-01-01", frozenset(), False)]


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_text_is_found_only_as_it_was_parsed(lark_calls: list[str],
                                               variant: tuple[str, frozenset[str], bool]
                                               ) -> None:
    """The same text kept with the other names or dialect is not this parse."""
    with kept("pack A"):
        for other in VARIANTS:
            if other != variant:
                _result(parse_expression, *other)
    lark_calls.clear()
    with kept("pack A"):
        got = _result(parse_expression, *variant)
    assert lark_calls == [variant[0]]   # it was parsed, not found
    assert got == _result(parse_expression, *variant)
    assert len({repr(_result(parse_expression, *v)) for v in VARIANTS}) == 4


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x04K\x01.",
                                    b"\x80\x04}\x94(K\x01K\x02u."])
def test_a_damaged_file_is_passed_over(lark_calls: list[str], tmp_path: Path,
                                       damage: bytes) -> None:
    with kept("pack A"):
        fresh = _parse_all()
    (file,) = _kept_files(tmp_path)
    file.write_bytes(damage)
    with kept("pack A"):
        assert _parse_all() == fresh


def test_a_block_that_fails_keeps_nothing(lark_calls: list[str], tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError), kept("pack A"):
        parse_expression("1 + 2")
        1 / 0   # noqa: B018
    assert _kept_files(tmp_path) == []


def test_the_cache_turned_off(lark_calls: list[str], monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path) -> None:
    monkeypatch.setenv("REGEL_CACHE_DIR", "")
    with kept("pack A"):
        first = _parse_all()
    with kept("pack A"):
        assert _parse_all() == first
    assert not (tmp_path / "cache").exists()


def test_a_pack_loaded_again_reads_its_kept(lark_calls: list[str],
                                                   tmp_path: Path) -> None:
    """load_pack keeps the parses of its FEEL; the next load (a new process has none of
    the in-process caches: they are cleared here) parses none of it, and is the same
    pack."""
    from regel.feel import api

    def load() -> Any:
        api._compile_expression.cache_clear()
        api._compile_unary_tests.cache_clear()
        return load_pack(ROOT / "rules" / "sikkerhedsstillelse", tests=False)
    first = load()
    assert len(lark_calls) > 50 and len(_kept_files(tmp_path)) == 1
    lark_calls.clear()
    again = load()
    assert lark_calls == []
    assert again.fingerprint == first.fingerprint
    for did, d in first.decisions.items():
        assert repr(d) == repr(again.decisions[did])
