"""The error catalogue: one small invalid rule pack per error message.

Each folder in ``tests/loader/invalid/`` is a complete pack in which exactly one thing is
wrong, and ``expect.yaml`` in the folder says what must be reported:

    why: what is wrong (for people)
    code: SCHEMA
    file: decisions/x.yaml            # relative to the case folder
    line: 12                          # optional (left out for whole-file problems)
    column: 9                         # optional
    message: "the exact message"      # or a distinctive part of it, with match: contains
    match: exact                      # exact | contains

A warning that does not stop the pack (``kind: warning``: the pack loads, and
``Pack.warnings``, which ``regel check`` shows, holds exactly this one) is checked the
same way. A problem in the case facts or one found while evaluating is described with
``kind: case`` (a ``CaseError``: also ``field``) or ``kind: evaluation`` (an
``EvaluationError``: also ``source``, what the error names) or ``kind: limit`` (a
``LimitError``: the evaluation budget ran out), and ``facts`` and ``as_of``.

One planted problem must give exactly one diagnostic: a second one is a cascade of
follow-up errors that sends the reader to the wrong place.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.base.errors import CaseError, Diagnostic, EvaluationError, LimitError, PackError
from regel.source.yamltree import load_yaml

INVALID = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if (p / "expect.yaml").is_file())


def _expect(folder: Path) -> dict[str, Any]:
    data = load_yaml((folder / "expect.yaml").read_text(encoding="utf-8"), "expect.yaml")
    assert data.get("match", "exact") in ("exact", "contains"), "match: exact or contains"
    return data


def _message_matches(actual: str, expect: dict[str, Any]) -> bool:
    if expect.get("match", "exact") == "contains":
        return str(expect["message"]) in actual
    return actual == expect["message"]


def _seen(d: Diagnostic, folder: Path, expect: dict[str, Any]) -> dict[str, Any]:
    """The diagnostic in the shape of expect.yaml (only the fields it names)."""
    out: dict[str, Any] = {"code": d.code, "file": Path(os.path.relpath(d.file, folder)).as_posix()}
    if "line" in expect:
        out["line"] = d.line
    if "column" in expect:
        out["column"] = d.column
    out["message"] = expect["message"] if _message_matches(d.message, expect) else d.message
    return out


def _wanted(expect: dict[str, Any]) -> dict[str, Any]:
    return {k: expect[k] for k in ("code", "file", "line", "column", "message") if k in expect}


def test_the_catalogue_is_complete() -> None:
    codes = {str(_expect(c)["code"]) for c in CASES}
    assert len(CASES) >= 26
    assert codes >= {
        "YAML-SYNTAX", "YAML-DUPLICATE-KEY", "YAML-BAD-NUMBER", "YAML-BAD-KEY", "SCHEMA",
        "FEEL-SYNTAX", "UNKNOWN-NAME", "NOT-REQUIRED", "UNKNOWN-INPUT", "UNKNOWN-DECISION",
        "DUPLICATE-ID", "CELL-COUNT", "UNKNOWN-COLUMN", "TYPE-MISMATCH", "NOT-ALLOWED",
        "HIT-POLICY", "VERSION-OVERLAP", "VERSION-GAP", "VERSION-ORDER", "CYCLE",
        "AMBIGUOUS-NAME", "PACK-LAYOUT", "CASE-MISSING-FACT", "CASE-UNKNOWN-FACT",
        "YAML-AMBIGUOUS-NUMBER",
        "CASE-TYPE", "CASE-NOT-ALLOWED", "HIT-POLICY-VIOLATED", "VERSION-NONE",
        "SOURCE-UNKNOWN", "SOURCE-UNUSED", "ANSWER-PLACEHOLDER",
    }


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_invalid_pack(folder: Path) -> None:
    expect = _expect(folder)
    kind = expect.get("kind", "load")
    if kind == "load":
        with pytest.raises(PackError) as caught:
            load_pack(folder)
        seen = [_seen(d, folder, expect) for d in caught.value.diagnostics]
        # Exactly one diagnostic, and it is the expected one (a list comparison, so that a
        # failure shows every diagnostic the loader gave).
        assert seen == [_wanted(expect)], "\n" + str(caught.value)
        return
    if kind == "warning":
        warnings = load_pack(folder).warnings
        assert [w.severity for w in warnings] == ["warning"]
        assert [_seen(w, folder, expect) for w in warnings] == [_wanted(expect)]
        return

    pack = load_pack(folder)
    as_of = expect.get("as_of")
    assert isinstance(as_of, _dt.date), "give as_of: YYYY-MM-DD, so the case never depends on today"
    if kind == "case":
        with pytest.raises(CaseError) as case_error:
            pack.evaluate(expect["facts"], decisions=expect.get("decisions"), as_of=as_of)
        problems = [(f, c, expect["message"] if _message_matches(m, expect) else m)
                    for f, c, m in case_error.value.problems]
        assert problems == [(expect["field"], expect["code"], expect["message"])]
    elif kind == "evaluation":
        with pytest.raises(EvaluationError) as eval_error:
            pack.evaluate(expect["facts"], decisions=expect.get("decisions"), as_of=as_of)
        err = eval_error.value
        message = expect["message"] if _message_matches(err.message, expect) else err.message
        # source: what the error names, shown before the message ("risk_category: ...")
        assert (err.code, err.source, message) == (expect["code"], expect.get("source"),
                                                  expect["message"])
    elif kind == "limit":
        with pytest.raises(LimitError) as limit_error:
            pack.evaluate(expect["facts"], decisions=expect.get("decisions"), as_of=as_of)
        err = limit_error.value
        message = expect["message"] if _message_matches(err.message, expect) else err.message
        assert (err.code, message) == (expect["code"], expect["message"])
    else:
        pytest.fail(f"unknown kind {kind!r} in expect.yaml")


# --------------------------------------------------------------------------- all at once

PACK = """\
id: three-problems
title: {da: Tre fejl, en: Three problems}
version: 1.0.0
jurisdiction: example
inputs:
  applicant_age:
    type: number
    label: {da: Alder, en: Age}
"""

RISK = """\
id: risk_category
label: {da: Risikokategori, en: Risk category}
requires:
  inputs: [applicant_age]
versions:
  - valid_from: 2020-01-01
    source: "§ 4"
    table:
      hit_policy: UNIQUE
      inputs:
        - expression: applicant_age
          type: number
      outputs:
        - name: category
          type: string
          allowed_values: [high, low]
      rules:
        - {id: R1, when: ["< 25"], then: high}
        - {id: R2, when: ["[25 120]"], then: low}
        - {id: R3, when: ['"old"'], then: low}
"""

ADULT = """\
id: adult
label: {da: Myndig, en: Adult}
requires:
  inputs: [applicant_age]
versions:
  - valid_from: 2020-01-01
    source: "§ 2"
    comment: "18 is the age of majority"
    expression: "applicant_age >= 18"
"""


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "decisions" / "risk_category.yaml").write_text(RISK, encoding="utf-8")
    (tmp_path / "decisions" / "adult.yaml").write_text(ADULT, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path)
    seen = [(Path(d.file).name, d.line, d.code) for d in caught.value.diagnostics]
    assert seen == [
        ("adult.yaml", 8, "SCHEMA"),                 # the unknown field 'comment'
        ("risk_category.yaml", 19, "FEEL-SYNTAX"),   # [25 120] lacks '..'
        ("risk_category.yaml", 20, "TYPE-MISMATCH"),  # a number column compared with a text
    ], "\n" + str(caught.value)
