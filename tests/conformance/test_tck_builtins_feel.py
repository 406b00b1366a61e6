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

#: case ids that fail today, each a date or time that Python's datetime cannot hold (a year
#: before 1 or after 9999, nanoseconds): the temporal part of issue 15. Strict: a case that
#: starts passing must leave the list.
_BEYOND_DATETIME = [
    "1115-013_d7e901ee86-feel-date-function_013_d7e901ee86",
    "1115-014_fad7e00633-feel-date-function_014_fad7e00633",
    "1115-015_1dd66594cf-feel-date-function_015_1dd66594cf",
    "1115-016_31f3fef4a0-feel-date-function_016_31f3fef4a0",
    "1115-027_987c5be372-feel-date-function_027_987c5be372",
    "1115-028_35ca79a6cd-feel-date-function_028_35ca79a6cd",
    "1115-029_88f5c7c90f-feel-date-function_029_88f5c7c90f",
    "1115-030_9184a7bfc3-feel-date-function_030_9184a7bfc3",
    "1116-020_72b421086e-feel-time-function_020_72b421086e",
    "1116-050_524d9a8146-feel-time-function_050_524d9a8146",
    "1117-010_59f5b47012-feel-date-and-time-function_010_59f5b47012",
    "1117-011_eec2d5bdcd-feel-date-and-time-function_011_eec2d5bdcd",
    "1117-012_225a105eef-feel-date-and-time-function_012_225a105eef",
    "1117-014_ded0e5fe2f-feel-date-and-time-function_014_ded0e5fe2f",
    "1117-022_b8b20f0328-feel-date-and-time-function_022_b8b20f0328",
    "1117-026_5ba081cd5f-feel-date-and-time-function_026_5ba081cd5f",
    "1117-027_ae365197dd-feel-date-and-time-function_027_ae365197dd",
    "1117-028_1c3d56275f-feel-date-and-time-function_028_1c3d56275f",
    "1117-033_2fac4d6807-feel-date-and-time-function_033_2fac4d6807",
    "1117-035_831b1ad0c5-feel-date-and-time-function_035_831b1ad0c5",
    "1117-038_1493e6d873-feel-date-and-time-function_038_1493e6d873",
    "1117-040_d9116e1daa-feel-date-and-time-function_040_d9116e1daa",
    "1117-042_0cbcc3d1dc-feel-date-and-time-function_042_0cbcc3d1dc",
    "1117-045_5d93a541eb-feel-date-and-time-function_045_5d93a541eb",
    "1117-047_60ea7838ce-feel-date-and-time-function_047_60ea7838ce",
    "1117-049_eb9cd1f777-feel-date-and-time-function_049_eb9cd1f777",
    "1117-052_911dbd0a24-feel-date-and-time-function_052_911dbd0a24",
    "1117-054_2561a406fc-feel-date-and-time-function_054_2561a406fc",
    "1121-017_86744b9a54-feel-years-and-months-duration-function_017_86744b9a54",
    "1121-018_8a9ed1d66d-feel-years-and-months-duration-function_018_8a9ed1d66d",
    "1121-019_90c2084588-feel-years-and-months-duration-function_019_90c2084588",
]
KNOWN_FAILURES = {key: "a year or a fraction of a second beyond Python's datetime"
                  for key in _BEYOND_DATETIME}


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
