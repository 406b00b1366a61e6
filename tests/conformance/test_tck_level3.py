"""The DMN TCK, compliance level 3: every test case as its own test, as `regel tck` runs it.

Each of the 3,275 test cases of ``../shared/dmn-tck/compliance-level-3`` is one pytest item
(its model loaded once per session). A case that does not pass today is listed in
level3_known_failures.csv with its reason and marked ``xfail(strict=True)``: a fix that makes
it pass fails the suite until the list is regenerated, and so does a case that fails without
being listed. One command regenerates the list from a run:

    python scripts/tck_known_failures.py

The last test runs `regel tck` on the whole level and checks its count against
tests/conformance/harness.py, an independent counter that reads the TCK files itself and
uses only regel's public API: the same cases must pass.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from regel.cli import main
from regel.tools.tck import (
    CaseOutcome,
    case_outcome,
    find_test_files,
    load_model,
    model_path,
    run_tck,
)
from regel.tools.tck_cases import TckFile, read_test_file
from tests.conformance import harness

TCK = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck"
LEVEL3 = TCK / "compliance-level-3"
KNOWN = Path(__file__).with_name("level3_known_failures.csv")
REGENERATE = "python scripts/tck_known_failures.py"
TOTAL = 3275

Key = tuple[str, str, str]


def _known() -> dict[Key, str]:
    with KNOWN.open(encoding="utf-8", newline="") as f:
        return {(r["folder"], r["test_file"], r["case_id"]): r["reason"]
                for r in csv.DictReader(f)}


@cache
def _read(test_file: Path) -> TckFile | None:
    """The test file, or None if it is no test case file at all (one ERROR row)."""
    try:
        return read_test_file(test_file, each_case=True)
    except Exception:
        return None


def _keys() -> list[Key]:
    if not LEVEL3.is_dir():
        return []
    keys = []
    for path in find_test_files(LEVEL3):
        tck = _read(path)
        for case_id in ([c.id for c in tck.cases] if tck is not None else ["-"]):
            keys.append((path.parent.name, path.stem, case_id))
    return keys


def _params() -> list[Any]:
    if not LEVEL3.is_dir():
        return [pytest.param(("missing", "", ""), id="the DMN TCK is missing")]
    known = _known()
    return [pytest.param(key, id="/".join((key[0], key[2])), marks=[pytest.mark.xfail(
        strict=True, reason=f"known failure ({KNOWN.name}): {known[key]}")]
        if key in known else []) for key in _keys()]


_MODELS: dict[Path, Any] = {}


def _outcome(key: Key) -> CaseOutcome:
    folder, stem, case_id = key
    test_file = LEVEL3 / folder / f"{stem}.xml"
    tck = _read(test_file)
    if tck is None:
        return next(o for o in run_tck(test_file))
    case = next(c for c in tck.cases if c.id == case_id)
    model = load_model(model_path(tck, test_file), _MODELS)
    return case_outcome(model, case, f"compliance-level-3/{folder}", stem)


@pytest.mark.parametrize("key", _params())
def test_level3_case(key: Key) -> None:
    assert LEVEL3.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL3}"
    outcome = _outcome(key)
    if outcome.result != "SUCCESS":  # the message alone: no traceback to format (fast)
        pytest.fail(f"{outcome.result}: {outcome.message}\n(not listed in {KNOWN.name}: if "
                    f"this failure is expected, regenerate the list with `{REGENERATE}`)",
                    pytrace=False)


def test_the_known_failures_are_cases_of_level3() -> None:
    """A listed case that is no longer in the TCK (renamed, removed) makes the list stale."""
    assert LEVEL3.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL3}"
    keys = _keys()
    assert len(keys) == TOTAL
    assert len(set(keys)) == TOTAL, "each test case has its own folder, file and id"
    gone = sorted(set(_known()) - set(keys))
    assert not gone, f"{KNOWN.name} lists cases the TCK no longer has: {gone[:5]}; " \
                     f"regenerate it with `{REGENERATE}`"


def test_regel_tck_counts_as_the_independent_harness(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`regel tck` counts every test case over the real total, passes those not listed, and
    passes exactly the cases that tests/conformance/harness.py passes."""
    assert LEVEL3.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL3}"
    out = tmp_path / "tck_results.csv"
    code = main(["tck", str(LEVEL3), "--csv", str(out)])
    lines = capsys.readouterr().out.splitlines()
    passed = TOTAL - len(_known())
    assert code == (0 if passed == TOTAL else 1)
    assert lines[-1].startswith(f"{passed} of {TOTAL} test cases passed ("), lines[-1]
    told = [line for line in lines if line.startswith(("FAILURE: ", "ERROR: "))]
    assert len(told) == TOTAL - passed   # one line for each case that did not pass
    with out.open(encoding="utf-8", newline="") as f:
        runner = {(folder.rpartition("/")[2], stem, case_id): (result, message)
                  for folder, stem, case_id, result, message in csv.reader(f)}
    counted = harness.count(LEVEL3)
    assert len(runner) == len(counted) == TOTAL
    only_runner = sorted(k for k, (result, _) in runner.items() if result == "SUCCESS"
                         and not counted[k])
    only_harness = sorted(k for k, ok in counted.items() if ok and runner[k][0] != "SUCCESS")
    assert not only_runner, f"regel tck passes, the harness does not: {only_runner[:10]}"
    assert not only_harness, "the harness passes, regel tck does not: " + "; ".join(
        f"{k}: {runner[k][1]}" for k in only_harness[:10])
