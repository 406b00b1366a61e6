"""The DMN TCK, compliance level 2: every test case, as the TCK runs it.

Each of the 116 test cases of ``../shared/dmn-tck/compliance-level-2`` is one pytest item:
its model is loaded from the TCK's own .dmn file, its inputs are set, and each result
node is compared with the expected value by the TCK's rules (``regel.tools.tck_cases.compare``).
Nothing is skipped: a missing TCK is a failure, and there is no list of known failures,
because there are none (116 of 116). A failure to fix later would be listed here with its
reason, never skipped.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from regel import load_dmn
from regel.tools.tck import find_test_files, run_case, run_tck, summary, write_csv
from regel.tools.tck_cases import read_test_file

TCK = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck"
LEVEL2 = TCK / "compliance-level-2"


def _cases() -> list[tuple[Path, str]]:
    if not LEVEL2.is_dir():
        return [(LEVEL2, "missing")]
    return [(f, c.id) for f in find_test_files(LEVEL2) for c in read_test_file(f).cases]


_MODELS: dict[Path, object] = {}


@pytest.mark.parametrize(("test_file", "case_id"), _cases(),
                         ids=lambda v: v.parent.name if isinstance(v, Path) else v)
def test_level2_case(test_file: Path, case_id: str) -> None:
    assert LEVEL2.is_dir(), f"the DMN TCK must be beside the repository at {LEVEL2}"
    tck = read_test_file(test_file)
    model = test_file.parent / str(tck.model_name)
    if model not in _MODELS:
        _MODELS[model] = load_dmn(model)
    case = next(c for c in tck.cases if c.id == case_id)
    outcome = run_case(_MODELS[model], case)
    assert outcome.result == "SUCCESS", outcome.message
    assert len(outcome.nodes) == len(case.results)


def test_level2_totals_and_csv(tmp_path: Path) -> None:
    """The whole folder through the runner behind `regel tck`: 28 models, 116 cases,
    126 result nodes, all passing, and tck_results.csv in the TCK's format."""
    outcomes = list(run_tck(LEVEL2))
    counts = summary(outcomes)
    assert (counts["models"], counts["cases"], counts["result_nodes"]) == (28, 116, 126)
    assert counts["SUCCESS"] == 116
    out = tmp_path / "tck_results.csv"
    write_csv(outcomes, out)
    text = out.read_text(encoding="utf-8")
    # the published vendors' files quote every field, one line per test case
    assert text.splitlines()[0] == ('"compliance-level-2/0001-input-data-string",'
                                    '"0001-input-data-string-test-01","001","SUCCESS",""')
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) == 116 and all(len(r) == 5 for r in rows)
    assert {r[3] for r in rows} == {"SUCCESS"}


def test_a_wrong_expectation_fails(tmp_path: Path) -> None:
    """The runner can fail: the same model with an expected value changed."""
    folder = tmp_path / "compliance-level-2" / "0004-simpletable-U"
    folder.mkdir(parents=True)
    source = LEVEL2 / "0004-simpletable-U"
    (folder / "0004-simpletable-U.dmn").write_bytes((source / "0004-simpletable-U.dmn")
                                                    .read_bytes())
    test = (source / "0004-simpletable-U-test-01.xml").read_text(encoding="utf-8")
    assert ">Approved<" in test
    (folder / "0004-simpletable-U-test-01.xml").write_text(
        test.replace(">Approved<", ">Approved!<", 1), encoding="utf-8")
    outcomes = list(run_tck(tmp_path / "compliance-level-2"))
    failed = [o for o in outcomes if o.result == "FAILURE"]
    assert len(failed) == 1
    assert failed[0].folder == "compliance-level-2/0004-simpletable-U"
    assert 'expected "Approved!", got "Approved"' in failed[0].message
