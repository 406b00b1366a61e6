"""The DMN error catalogue: one small invalid DMN file per error message.

Each ``tests/dmn/invalid/<case>.dmn`` is a model in which exactly one thing is wrong, and
``<case>.yaml`` beside it says what must be reported:

    why: what is wrong (for people)
    code: DMN-UNSUPPORTED
    line: 12                          # counted by hand in the .dmn file
    column: 9
    message: "the exact message"      # or a distinctive part of it, with match: contains
    match: exact                      # exact (the default) | contains

One planted problem must give exactly one diagnostic, in the case's own file: a second one
is a cascade of follow-up errors that sends the reader to the wrong place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regel import load_dmn, load_pack
from regel.base.errors import Diagnostic, PackError
from regel.source.yamltree import load_yaml

INVALID = Path(__file__).resolve().parent / "invalid"
CASES = sorted(INVALID.glob("*.dmn"))


def _expect(case: Path) -> dict[str, Any]:
    expect_file = case.with_suffix(".yaml")
    data = load_yaml(expect_file.read_text(encoding="utf-8"), expect_file.name)
    assert data.get("match", "exact") in ("exact", "contains"), "match: exact or contains"
    assert {"why", "code", "line", "column", "message"} <= set(data), \
        f"{expect_file.name} needs why, code, line, column and message"
    return data


def _seen(d: Diagnostic, case: Path, expect: dict[str, Any]) -> dict[str, Any]:
    """The diagnostic in the shape of the expectation."""
    matches = (expect["message"] in d.message if expect.get("match") == "contains"
               else d.message == expect["message"])
    in_case = Path(d.file).resolve() == case
    return {"code": d.code, "file": case.name if in_case else d.file, "line": d.line,
            "column": d.column, "message": expect["message"] if matches else d.message}


def test_every_case_has_its_expectation() -> None:
    dmn = {p.stem for p in INVALID.glob("*.dmn")}
    yaml = {p.stem for p in INVALID.glob("*.yaml")}
    assert dmn == yaml


def test_the_catalogue_is_complete() -> None:
    codes = {str(_expect(c)["code"]) for c in CASES}
    assert len(CASES) >= 30
    assert codes >= {
        "DMN-XML", "DMN-NAMESPACE", "DMN-UNSUPPORTED", "DMN-UNKNOWN-TYPE",
        "DMN-UNKNOWN-REFERENCE", "DMN-NO-LOGIC", "DMN-DEFAULT", "DMN-EXTENSION",
        "FEEL-SYNTAX", "UNKNOWN-NAME", "NOT-REQUIRED", "TYPE-MISMATCH", "HIT-POLICY",
    }


def _wanted(case: Path, expect: dict[str, Any]) -> dict[str, Any]:
    return {"code": expect["code"], "file": case.name, "line": expect["line"],
            "column": expect["column"], "message": expect["message"]}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_dmn(case: Path) -> None:
    """A strict load (``regel check``, ``regel import``) lists the problem."""
    expect = _expect(case)
    with pytest.raises(PackError) as caught:
        load_dmn(case, strict=True)
    seen = [_seen(d, case, expect) for d in caught.value.diagnostics]
    # Exactly one diagnostic, and it is the expected one (a list comparison, so that a
    # failure shows every diagnostic the reader and loader gave).
    assert seen == [_wanted(case, expect)], "\n" + str(caught.value)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_dmn_loads_decision_by_decision(case: Path) -> None:
    """A plain load gives the same problem: for a problem of the model as a whole (not
    XML, not DMN) as PackError; otherwise the decision it is in is broken, and evaluating
    that decision gives null with a warning that says the problem and where it is."""
    expect = _expect(case)
    try:
        pack = load_dmn(case)
    except PackError as err:
        assert [_seen(d, case, expect) for d in err.diagnostics] == [_wanted(case, expect)]
        assert expect["code"] in {"DMN-XML", "DMN-NAMESPACE", "DMN-EXTENSION"}, \
            "only a problem of the whole model stops it from loading"
        return
    if not pack.broken:   # a problem in an input no decision needs: the input stays
        assert all(d.inputs == () for d in pack.decisions.values())
        assert any(i.type == "any" for i in pack.inputs.values())
        return
    problems = list({id(b.problem): b.problem for b in pack.broken.values()}.values())
    assert [_seen(p, case, expect) for p in problems] == [_wanted(case, expect)]
    for b in pack.broken.values():
        result = pack.evaluate({}, decisions=[b.id], trace=False)
        assert result.values == {b.id: None}
        (warning,) = result.warnings
        where = f"{case.name}:{expect['line']}:{expect['column']}"
        assert warning.diagnostic.code == "DECISION-FAILED" and where in \
            warning.diagnostic.message, warning.diagnostic.message


def test_load_pack_reads_a_dmn_file_too() -> None:
    """``load_pack("x.dmn")`` is ``load_dmn``: the same diagnostic for the same file."""
    case = INVALID / "unknown-reference.dmn"
    with pytest.raises(PackError) as by_pack:
        load_pack(case, strict=True)
    with pytest.raises(PackError) as by_dmn:
        load_dmn(case, strict=True)
    assert by_pack.value.diagnostics == by_dmn.value.diagnostics


# --------------------------------------------------------------------------- all at once

THREE_PROBLEMS = """\
<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="m" name="Three"
             namespace="https://example.org/three">
  <inputData id="fee" name="Fee">
    <variable name="Fee" typeRef="tMoney"/>
  </inputData>
  <decision id="a" name="A">
    <variable name="A"/>
    <literalExpression expressionLanguage="javascript"><text>1</text></literalExpression>
  </decision>
  <decision id="b" name="B">
    <informationRequirement><requiredInput href="#nothing"/></informationRequirement>
    <literalExpression><text>1</text></literalExpression>
  </decision>
</definitions>
"""


def test_every_reader_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "three.dmn"
    path.write_text(THREE_PROBLEMS, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_dmn(path, strict=True)
    seen = [(d.line, d.column, d.code) for d in caught.value.diagnostics]
    assert seen == [
        (5, 5, "DMN-UNKNOWN-TYPE"),          # the <variable> naming tMoney
        (9, 5, "DMN-UNSUPPORTED"),           # the JavaScript expression
        (12, 29, "DMN-UNKNOWN-REFERENCE"),   # the <requiredInput> inside the requirement
    ], "\n" + str(caught.value)


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_dmn(tmp_path / "missing.dmn")
    assert [d.code for d in caught.value.diagnostics] == ["FILE-NOT-FOUND"]
    (tmp_path / "folder.dmn").mkdir()
    with pytest.raises(PackError) as caught:
        load_dmn(tmp_path / "folder.dmn")
    assert [(d.code, d.message) for d in caught.value.diagnostics] == [
        ("FILE-UNREADABLE", "this is a folder, not a DMN file")]
