"""The DMN TCK's regular expression cases (compliance level 3: 0067 split, 1109 replace,
1111 matches), each expression evaluated with regel's FEEL and compared with the TCK's
expected value by the TCK's rules.

A backslash that starts no FEEL escape is itself a character of a FEEL string (DMN 1.5
grammar rule 35), so ``"\\d"`` and ``"hello\\ sworld"`` reach matches(), replace() and
split() as the TCK means them; each case is run as written and with each such backslash
doubled (``"\\\\d"``), which must give the same value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from regel.feel import evaluate
from regel.tools.tck_cases import compare, read_test_file

LEVEL3 = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck" / "compliance-level-3"
FOLDERS = ["0067-feel-split-function", "1109-feel-replace-function",
           "1111-feel-matches-function"]

#: result node -> why it fails (none now: \p{IsBasicLatin} is a Unicode block since issue 15)
KNOWN_FAILURES: dict[str, str] = {}


def _strict(text: str) -> str:
    """The FEEL text with each backslash inside a string that starts no FEEL escape
    doubled (``"\\d"`` -> ``"\\\\d"``)."""
    out, inside, i = [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            inside = not inside
        elif inside and ch == "\\":
            if text[i + 1] in "\"'\\nrtuU":
                out.append(text[i:i + 2])
                i += 2
                continue
            out.append("\\")
        out.append(ch)
        i += 1
    return "".join(out)


def _expressions(folder: Path) -> dict[str, str]:
    """Each decision's name -> its literal expression."""
    root = ET.parse(next(folder.glob("*.dmn"))).getroot()
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    return {d.get("name", ""): d.findtext(f"{ns}literalExpression/{ns}text", "")
            for d in root.iter(f"{ns}decision")}


def _cases() -> list[Any]:
    cases = []
    for name in FOLDERS:
        folder = LEVEL3 / name
        if not folder.is_dir():
            return [pytest.param("", None, id="the DMN TCK is missing")]
        texts = _expressions(folder)
        for test_file in sorted(folder.glob("*-test-*.xml")):
            for case in read_test_file(test_file).cases:
                for node in case.results:
                    marks = ([pytest.mark.xfail(reason=KNOWN_FAILURES[node.name], strict=True)]
                             if node.name in KNOWN_FAILURES else [])
                    cases.append(pytest.param(texts[node.name], node.expected,
                                              id=f"{name[:4]}-{node.name}", marks=marks))
    return cases


@pytest.mark.parametrize(("expression", "expected"), _cases())
def test_tck_regex_case(expression: str, expected: Any) -> None:
    assert LEVEL3.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL3}"
    for text in (expression, _strict(expression)):
        result = evaluate(text)
        assert compare(expected, result.value), (text, result.value, result.warning_codes)


def test_the_cases_are_all_there() -> None:
    assert len(_cases()) == 77


@pytest.mark.parametrize(("text", "strict"), [
    ('split("John Doe", "\\s")', 'split("John Doe", "\\\\s")'),
    ('matches("a\\nb", "a\\\\b")', 'matches("a\\nb", "a\\\\b")'),
    ('matches("x", "\\u0078")', 'matches("x", "\\u0078")'),
])
def test_strict_doubles_only_backslashes_that_start_no_feel_escape(text: str,
                                                                   strict: str) -> None:
    assert _strict(text) == strict
