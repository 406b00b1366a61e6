"""`regel feel` gives each DMN TCK built-in case's result (issue 15).

Every decision of the TCK's built-in function folders (compliance level 3, folders named
for a function, such as 1145-feel-context-function or 0002-string-functions) that is a
FEEL literal expression needing no input and no other decision is run through the
``regel feel --format json`` command, and its value is compared with the test file's
expected value: numbers within 10^-8 as the TCK's runners compare them, every other value
as the command writes it (``regel.feel.jsonio.plain``: dates and durations as their FEEL
text, ranges and contexts as objects). A case whose expected result is an error passes
when the command gives null or fails with an error.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from regel.cli import main
from regel.feel.jsonio import plain
from regel.tools.tck_cases import ExactTemporal, read_test_file

LEVEL3 = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck" / "compliance-level-3"
#: the folders of built-in functions: named for a function (not user-defined functions or
#: the invocation of functions in general)
BUILTIN_FOLDER = re.compile(r"^\d{4}-(?!user-defined)(?!feel-function-invocation).*functions?$")
TOLERANCE = Decimal("0.00000001")

#: case id -> why it fails today; strict, so a case that starts passing must leave the list.
#: Empty since the temporal values beyond Python's datetime landed (issue 15).
KNOWN_FAILURES: dict[str, str] = {}


def _decisions(model: Path) -> dict[str, str]:
    """Each decision that is a literal expression with no requirement -> its FEEL text."""
    root = ET.parse(model).getroot()
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    out = {}
    for d in root.iter(f"{ns}decision"):
        if d.find(f"{ns}informationRequirement") is not None or \
                d.find(f"{ns}knowledgeRequirement") is not None:
            continue
        text = d.find(f"{ns}literalExpression/{ns}text")
        if text is not None and text.text:
            out[d.get("name", "")] = text.text
    return out


def _cases() -> list[Any]:
    if not LEVEL3.is_dir():
        return [pytest.param("", "", None, False, id="the DMN TCK is missing")]
    cases = []
    for folder in sorted(p for p in LEVEL3.iterdir() if BUILTIN_FOLDER.match(p.name)):
        texts = _decisions(next(folder.glob("*.dmn")))
        for test_file in sorted(folder.glob("*-test-*.xml")):
            for case in read_test_file(test_file, each_case=True).cases:
                if case.inputs or case.problem is not None:
                    continue
                for node in case.results:
                    if node.name not in texts:
                        continue
                    key = f"{folder.name[:4]}-{case.id}-{node.name}"
                    marks = ([pytest.mark.xfail(reason=KNOWN_FAILURES[key], strict=True)]
                             if key in KNOWN_FAILURES else [])
                    cases.append(pytest.param(folder.name, texts[node.name], node.expected,
                                              node.error_result, id=key, marks=marks))
    return cases


def _agree(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Decimal) and isinstance(actual, Decimal):
        return abs(expected - actual) < TOLERANCE
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            _agree(e, a) for e, a in zip(expected, actual, strict=True))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            _agree(v, actual[k]) for k, v in expected.items())
    return type(expected) is type(actual) and expected == actual


def _expected_plain(value: Any) -> Any:
    if isinstance(value, ExactTemporal):
        return value.text
    if isinstance(value, list):
        return [_expected_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _expected_plain(v) for k, v in value.items()}
    return plain(value)


CASES = _cases()


@pytest.mark.parametrize(("folder", "text", "expected", "error"), CASES)
def test_regel_feel_gives_the_tck_result(capsys: pytest.CaptureFixture[str], folder: str,
                                         text: str, expected: Any, error: bool) -> None:
    assert LEVEL3.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL3}"
    code = main(["feel", "--format", "json", text])
    out = capsys.readouterr().out
    if code != 0:
        assert error, f"{text!r} failed: {out}"
        return
    value = json.loads(out, parse_float=Decimal, parse_int=Decimal)["value"]
    if error:
        assert value is None, f"{text!r} gave {value!r}, expected an error or null"
        return
    assert _agree(_expected_plain(expected), value), (text, value, expected)


def test_the_cases_are_there() -> None:
    folders = {c.values[0] for c in CASES}
    assert len(folders) >= 50 and len(CASES) >= 1000, (len(folders), len(CASES))
