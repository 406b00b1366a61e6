"""The FEEL of the TCK's boxed-context cases, evaluated as FEEL text (issue 15).

Folders 0074 (range properties), 0076 (external Java functions), 1130 (the range
functions) and 1146 (context put) hold their FEEL in boxed contexts, which the DMN reader
builds in another part of issue 15. Here each such decision (a ``<context>`` of literal
expressions, needing no input or other decision) is written as one FEEL context literal,
``{a: <text>, b: <text>}``, or ``{a: .., the_result: <text>}.the_result`` when an entry has
no name, and evaluated with regel's FEEL; the value is compared with the test file's
expected value by the TCK's rules (``regel.tools.tck_cases.compare``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from regel.feel import evaluate
from regel.tools.tck_cases import compare, read_test_file

LEVEL3 = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck" / "compliance-level-3"
FOLDERS = ["0074-feel-properties", "0076-feel-external-java", "1130-feel-interval",
           "1146-feel-context-put-function"]


def _feel_of(decision: ET.Element, ns: str) -> str | None:
    """The decision's boxed context as FEEL text, or None if it is not one of literals."""
    ctx = decision.find(f"{ns}context")
    if ctx is None or decision.find(f"{ns}informationRequirement") is not None:
        return None
    parts: list[str] = []
    result = None
    for entry in ctx.findall(f"{ns}contextEntry"):
        var = entry.find(f"{ns}variable")
        text = entry.findtext(f"{ns}literalExpression/{ns}text")
        if text is None:
            return None
        if var is None:
            result = text
        else:
            parts.append(f'"{var.get("name")}": {text}')
    if result is not None:
        return "{" + ", ".join([*parts, f"the_result: {result}"]) + "}.the_result"
    return "{" + ", ".join(parts) + "}"


def _cases() -> list[Any]:
    if not LEVEL3.is_dir():
        return [pytest.param("", None, id="the DMN TCK is missing")]
    cases = []
    for name in FOLDERS:
        folder = LEVEL3 / name
        root = ET.parse(next(folder.glob("*.dmn"))).getroot()
        ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        texts = {d.get("name"): _feel_of(d, ns) for d in root.iter(f"{ns}decision")}
        for test_file in sorted(folder.glob("*-test-*.xml")):
            for case in read_test_file(test_file).cases:
                for node in case.results:
                    text = texts.get(node.name)
                    if text is not None and not case.inputs:
                        expected = None if node.error_result else node.expected
                        cases.append(pytest.param(text, expected,
                                                  id=f"{name[:4]}-{case.id}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_boxed_context_as_feel(text: str, expected: Any) -> None:
    assert LEVEL3.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL3}"
    result = evaluate(text)
    assert compare(expected, result.value), (text, result.value, result.warning_codes)


def test_the_cases_are_there() -> None:
    assert len(CASES) >= 40, len(CASES)
