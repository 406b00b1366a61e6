"""Safe YAML: duplicate keys rejected with their position, exact decimals, plain data only,
and plain scalars read by YAML 1.2's core schema (issue 19): no octal 0450, no base-60 7:30,
no yes/no booleans; a number YAML 1.1 tools read differently is refused where it is."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import pytest
import yaml

from regel.base.errors import RegelError
from regel.source import yamltree
from regel.source.yamltree import SafeDumper, YamlError, load_yaml


@pytest.fixture(params=["libyaml", "python"], autouse=True)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test with libyaml's parser (when PyYAML has it) and with the pure Python one
    (which reads a file libyaml rejects): both must read the same values."""
    if request.param == "python":
        monkeypatch.setattr(yamltree, "_Loader", yamltree._PyLoader)


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 0.1", {"a": Decimal("0.1")}),
    ("a: 68293.98", {"a": Decimal("68293.98")}),
    ("a: 2024-07-01", {"a": datetime.date(2024, 7, 1)}),
    ("a: [1, 2.50]", {"a": [1, Decimal("2.50")]}),
    ('{"a": {"b": 1.25}}', {"a": {"b": Decimal("1.25")}}),
    ("beløb: 57000", {"beløb": 57000}),
])
def test_values(text: str, expected: object) -> None:
    assert load_yaml(text) == expected


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("a: 1\nb: 2\na: 3\n", "YAML-DUPLICATE-KEY", 3, 1),
    ("x:\n  y: 1\n  y: 2\n", "YAML-DUPLICATE-KEY", 3, 3),
    ("a: .inf\n", "YAML-BAD-NUMBER", 1, 4),
    ("a: [1, 2\n", "YAML-SYNTAX", 2, 1),
    ("a: !!python/object:os.system {}\n", "YAML-SYNTAX", 1, 4),
    ("? [1, 2]\n: x\n", "YAML-BAD-KEY", 1, 3),
    ("2023-02-29: x\n", "YAML-BAD-VALUE", 1, 1),
    ("a:\n  !!int abc: 1\n", "YAML-BAD-VALUE", 2, 3),
])
def test_errors_have_code_and_position(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(YamlError) as exc:
        load_yaml(text, "case.yaml")
    err = exc.value
    assert isinstance(err, RegelError)
    assert (err.code, err.line, err.column) == (code, line, column)
    assert str(err).startswith(f"case.yaml:{line}:{column}: {code}: ")


# --------------------------------------------------------------------------- YAML 1.2 core

@pytest.mark.parametrize(("text", "expected"), [
    # integers: decimal, 0o octal, 0x hexadecimal
    ("450", 450), ("-12", -12), ("+12", 12), ("0", 0), ("0o17", 15), ("0x1F", 31),
    ("0xff", 255),
    # a leading zero that YAML 1.1 reads as the same number is the number
    ("07", 7), ("-07", -7), ("00", 0), ("000", 0),
    # floats, as exact Decimals
    ("1.5", Decimal("1.5")), (".5", Decimal("0.5")), ("5.", Decimal("5")),
    ("-.5e+2", Decimal("-50")), ("1e3", Decimal("1000")), ("1.5E-3", Decimal("0.0015")),
    ("0450.5", Decimal("450.5")),
    # texts in YAML 1.2 that YAML 1.1 reads as numbers: base 60, underscores, 0b
    ("7:30", "7:30"), ("190:20:30", "190:20:30"), ("1:30.5", "1:30.5"), ("1_000", "1_000"),
    ("1_000.5", "1_000.5"), ("0b101", "0b101"), ("+0x1F", "+0x1F"), ("0o8", "0o8"),
    # booleans: true and false in three spellings, nothing else
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False),
    ("FALSE", False), ("tRUE", "tRUE"), ("yes", "yes"), ("No", "No"), ("on", "on"),
    ("OFF", "OFF"), ("y", "y"), ("n", "n"),
    # null
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None), ("nULL", "nULL"),
    # YAML 1.1's value key '=' is a text
    ("=", "="),
    # dates stay dates (regel reads them on purpose)
    ("2024-07-01", datetime.date(2024, 7, 1)),
    # quoted, everything is a text
    ('"0450"', "0450"), ("'7:30'", "7:30"), ('"true"', "true"), ("'.inf'", ".inf"),
])
def test_plain_scalars_by_the_core_schema(text: str, expected: object) -> None:
    value = load_yaml(f"a: {text}\n")["a"]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(("text", "column", "words"), [
    ("a: 0450\n", 4, "'0450' starts with a zero: YAML 1.2 reads it as 450, but older YAML "
                     "tools read it as the octal number 296"),
    ("a: -010\n", 4, "reads it as -10, but older YAML tools read it as the octal number -8"),
    ("a: [1, 0489]\n", 8, "reads it as the number 489, but older YAML tools as the text "
                          "'0489'"),
    ("a: 08\n", 4, "as the number 8, but older YAML tools as the text '08'"),
    ("0450: x\n", 1, "as 450, but"),
])
def test_a_leading_zero_that_yaml_1_1_reads_otherwise_is_refused(text: str, column: int,
                                                                 words: str) -> None:
    with pytest.raises(YamlError) as exc:
        load_yaml(text, "case.yaml")
    err = exc.value
    assert (err.code, err.line, err.column) == ("YAML-AMBIGUOUS-NUMBER", 1, column)
    assert words in err.message
    assert "quotes" in err.message


@pytest.mark.parametrize("text", [".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1e6145",
                                  "-2.5E+9999", "1" * 6146])
def test_numbers_feel_cannot_hold_are_refused(text: str) -> None:
    with pytest.raises(YamlError) as exc:
        load_yaml(f"x:\n  - {text}\n", "case.yaml")
    assert (exc.value.code, exc.value.line, exc.value.column) == ("YAML-BAD-NUMBER", 2, 5)


def test_the_largest_number_feel_holds_is_read() -> None:
    assert load_yaml("a: 9.99E+6144\nb: " + "9" * 6145 + "\n") == \
        {"a": Decimal("9.99E+6144"), "b": Decimal("9" * 6145)}


def test_messages_in_danish() -> None:
    with pytest.raises(YamlError) as exc:
        load_yaml("a: 0450\n")
    assert exc.value.first.text("da").startswith(
        "'0450' begynder med et nul: YAML 1.2 læser det som 450, men ældre YAML-værktøjer "
        "læser det som oktaltallet 296")


#: texts that YAML 1.2 (the first ones) or YAML 1.1 (the others) read as something else
LOOK_ALIKES = ["-.872", "1e3", "0450", "0o17", ".5", "", "null", "true", "yes", "No", "on",
               "7:30", "0489", "1_000", "0b101", "=", "2024-07-01"]


def test_the_dumper_quotes_every_look_alike_text() -> None:
    data = {"texts": LOOK_ALIKES, "numbers": [450, -7], "flag": True,
            "plain": "unemployed"}
    text = yaml.dump(data, Dumper=SafeDumper, default_flow_style=True)
    assert load_yaml(text) == data
    assert yaml.safe_load(text)["texts"] == LOOK_ALIKES       # YAML 1.1 reads texts too
    assert "unemployed" in text and "'unemployed'" not in text


# --------------------------------------------------------------------------- limits (issue 19)

def _alias_bomb() -> str:
    """About 270 bytes that stand for 9**8 (43 million) values: each level lists the one
    before nine times."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for before, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("text", "key", "line", "column"), [
    (_alias_bomb(), "YAML-LIMIT/aliases", 0, 0),
    ("a: &a [1, *a]\n", "YAML-SYNTAX/too-deep", 1, 4),
    ("a: " + "[" * 3000 + "]" * 3000 + "\n", "YAML-SYNTAX/too-deep", 1, 4 + yamltree.MAX_DEPTH),
    ("- " * 3000 + "x\n", "YAML-SYNTAX/too-deep", 1, 1 + 2 * (yamltree.MAX_DEPTH + 1)),
    ("a: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "YAML-SYNTAX/too-deep", 0, 0),
    ("a: b\x00c\n", "YAML-SYNTAX/character", 1, 5),
    ("a: 1\nb: \x07\n", "YAML-SYNTAX/character", 2, 4),
])
def test_what_a_reader_refuses_is_a_located_error_fast(text: str, key: str, line: int,
                                                      column: int) -> None:
    start = time.monotonic()
    with pytest.raises(YamlError) as exc:
        load_yaml(text, "case.yaml")
    assert time.monotonic() - start < 5
    d = exc.value.diagnostics[0]
    assert (d.key or d.code) == key
    assert d.file == "case.yaml" and d.line >= 1
    if line:
        assert (d.line, d.column) == (line, column)


def test_aliases_within_the_limit_are_read() -> None:
    text = "base: &b {x: 1, y: [1, 2]}\nother: *b\nmerged: {<<: *b, z: 3}\n"
    assert load_yaml(text) == {"base": {"x": 1, "y": [1, 2]}, "other": {"x": 1, "y": [1, 2]},
                               "merged": {"x": 1, "y": [1, 2], "z": 3}}


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = yamltree.MAX_DEPTH
    assert load_yaml("[" * depth + "]" * depth) is not None
