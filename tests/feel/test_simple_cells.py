"""The simplest input cells (``-``, a number, a comparison with a number or an ISO date,
a range of two numbers, texts, numbers and names joined by commas) and expressions (one
literal or name) are parsed without Lark (regel.feel.parser._simple_cell and
_simple_expression). The AST, every node's span included, must be the one Lark's parse
gives: on generated texts of those shapes (with spaces and tabs anywhere Lark allows
them, and FEEL's keywords among the names), on every cell text of the repository's packs
and of the DMN TCK, in both dialects; and any other text is left to Lark."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regel.base.errors import FeelSyntaxError
from regel.feel import parser

ROOT = Path(__file__).resolve().parents[2]
TCK = ROOT.parent / "shared" / "dmn-tck"


def lark(text: str, iso_dates: bool) -> Any:
    return parser._parse(text, "unary_tests_start", (), iso_dates)


def same(a: Any, b: Any, path: str = "cell") -> None:
    """Equal node for node, field for field, spans included (they do not take part in
    the AST's own equality)."""
    assert type(a) is type(b), (path, a, b)
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def check(text: str, iso_dates: bool) -> bool:
    """Whether the quick parse took ``text``; when it did, it gave Lark's AST."""
    quick = parser._simple_cell(text, iso_dates)
    if quick is None:
        return False
    same(quick, lark(text, iso_dates))
    return True


space = st.sampled_from(["", " ", "  ", "\t", " \t"])
digits = st.from_regex(r"\A-?(0|[1-9][0-9]{0,6}|0[0-9]{1,3})(\.[0-9]{1,4})?\Z", fullmatch=True)
#: FEEL's keywords (some of them literals) among names of one word
words = st.one_of(st.sampled_from(sorted(parser._KEYWORDS | {"date", "x", "item", "_"})),
                  st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,8}\Z", fullmatch=True))
texts = st.from_regex(r'\A"[^"\\\n]{0,6}"\Z', fullmatch=True)
atoms = st.one_of(words, texts, digits)
dates = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1, 9999),
                  st.integers(1, 12), st.integers(1, 31))
ops = st.sampled_from(["<", "<=", ">", ">=", "=", "!="])


@st.composite
def cells(draw: st.DrawFn) -> str:
    s = [draw(space) for _ in range(6)]
    form = draw(st.sampled_from(["any", "number", "compare", "date", "range"]))
    if form == "any":
        body = "-"
    elif form == "number":
        body = draw(digits)
    elif form in ("compare", "date"):
        value = draw(dates) if form == "date" else draw(digits)
        body = f"{draw(ops)}{s[2]}{value}"
    else:
        body = (f"{draw(st.sampled_from('[('))}{s[2]}{draw(digits)}{s[3]}..{s[4]}"
                f"{draw(digits)}{s[5]}{draw(st.sampled_from('])'))}")
    return f"{s[0]}{body}{s[1]}"


@st.composite
def atom_lists(draw: st.DrawFn) -> str:
    items = draw(st.lists(atoms, min_size=1, max_size=4))
    return draw(space) + "".join(
        f"{draw(space)},{draw(space)}{item}" if i else item for i, item in enumerate(items)
    ) + draw(space)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(cells(), atom_lists()), st.booleans())
def test_generated_simple_cells_are_parsed_as_lark_parses_them(text: str, iso: bool) -> None:
    try:
        took = check(text, iso)
    except FeelSyntaxError:      # Lark refuses what the quick parse took
        raise AssertionError(f"quick parse took {text!r}, which Lark refuses") from None
    if not took:
        # only an ISO date it leaves (in plain FEEL, arithmetic; or not a real date), or
        # a keyword that is no literal
        assert "-" in text.strip().lstrip("-") or any(
            w in parser._KEYWORDS for w in text.replace(",", " ").split())


@settings(max_examples=800, deadline=None)
@given(atoms, st.booleans())
def test_generated_simple_expressions_are_parsed_as_lark_parses_them(text: str,
                                                                      iso: bool) -> None:
    quick = parser._simple_expression(text)
    try:
        found = parser._parse(text, "expression_start", (), iso)
    except FeelSyntaxError:
        assert quick is None, f"quick parse took {text!r}, which Lark refuses"
        return
    if quick is None:
        assert text in parser._KEYWORDS
    else:
        same(quick, found)


def _repository_cells() -> list[str]:
    import yaml  # lazy: only this collection reads the packs' YAML

    from regel.load.values import cell_text
    texts: set[str] = set()
    for path in [*(ROOT / "rules").rglob("*.yaml"), *(ROOT / "examples").rglob("*.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for version in (data.get("versions") or []) if isinstance(data, dict) else []:
            table = version.get("table") if isinstance(version, dict) else None
            for rule in (table or {}).get("rules") or []:
                when = rule.get("when")
                cells = when.values() if isinstance(when, dict) else (when or [])
                texts.update(cell_text(c) for c in cells if c is not None)
    return sorted(texts)


def _tck_cells() -> list[str]:
    import re  # lazy: only this collection scans the TCK

    texts: set[str] = set()
    for path in sorted(TCK.rglob("*.dmn")):
        body = path.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"<inputEntry[^>]*>\s*<text>([^<]*)</text>", body):
            texts.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">")
                      .replace("&amp;", "&").replace("&quot;", '"'))
    return sorted(texts)


REPO = _repository_cells()
TCK_CELLS = _tck_cells() if TCK.is_dir() else []


def test_the_collections_are_not_empty() -> None:
    assert len(REPO) > 50
    if TCK.is_dir():
        assert len(TCK_CELLS) > 100


@pytest.mark.parametrize("iso", [True, False], ids=["regel dialect", "plain FEEL"])
def test_every_cell_of_the_repository_and_the_tck(iso: bool) -> None:
    taken = 0
    for text in [*REPO, *TCK_CELLS]:
        try:
            taken += check(text, iso)
        except FeelSyntaxError:
            assert parser._simple_cell(text, iso) is None, text
    assert taken > 50       # the quick parse is used: it is not comparing nothing


@pytest.mark.parametrize("text", ["-5", "< -1", "x", "a, b", "[-99..-5)", "-0", "-0.50",
                                  '"a, b", c', "null", "true, false", '""'])
def test_these_texts_are_taken(text: str) -> None:
    assert check(text, True)


@pytest.mark.parametrize("text", ["[1..x]", "2024-01-01", "< 2023-02-29", "<= 5\n",
                                  "not(5)", ".5", "1e3", "[1..2[", "]1..2]", "< 5, > 8",
                                  "- 1", "<< 5", "x y", "a.b", '"a\\"b"', "in", "x, if",
                                  "\u00e6ble", "--5", "f(x)", '"\ud800"'])
def test_other_texts_are_left_to_lark(text: str) -> None:
    assert parser._simple_cell(text, True) is None


@pytest.mark.parametrize("text", ["amount", '"r0"', "-5", "12.50", "true", "false", "null",
                                  "x1_y"])
def test_these_expressions_are_taken(text: str) -> None:
    quick = parser._simple_expression(text)
    assert quick is not None
    same(quick, parser._parse(text, "expression_start", (), True))


@pytest.mark.parametrize("text", [" amount", "a b", "a, b", "in", "for", "not", "1e3", "x.y",
                                  '"a\\"', "- 5", "[1..2]", '"a\udc80"'])
def test_other_expressions_are_left_to_lark(text: str) -> None:
    assert parser._simple_expression(text) is None


def test_long_texts_are_left_to_lark() -> None:
    """Lark reads a long number (rounded to 34 digits) or refuses a text past the limit;
    the quick parse takes only short texts, so it never accepts what Lark refuses."""
    assert parser._simple_cell("1" * 101, True) is None
    assert parser._simple_cell("< " + "9" * 98, True) is not None
    with pytest.raises(FeelSyntaxError):
        parser.parse_unary_tests("1" * (parser.MAX_FEEL_CHARS + 1))


#: names in scope of several words, some sharing a word with a one-word name
SCOPE = ("Applicant Age", "age", "x y", "date of birth", "amount due", "x", "in force")


@settings(max_examples=300, deadline=None)
@given(atom_lists())
def test_names_in_scope_do_not_change_what_is_taken(text: str) -> None:
    """Lark's parse merges the words of the names in scope; a cell the quick parse takes
    (one-word names, texts, numbers) parses the same with them."""
    quick = parser._simple_cell(text, True)
    if quick is not None:
        same(quick, parser._parse(text, "unary_tests_start", SCOPE, True))
