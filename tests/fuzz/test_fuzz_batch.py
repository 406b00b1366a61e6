"""Issue 19, the standing fuzz test of batch lines: a JSONL or CSV file of good and bad
records (bytes that are not UTF-8, broken quotes, blank lines, JSON that is no case) gives
one result record per line (JSONL) or row (CSV), in order, each ok or with a code; only a
bad CSV header stops the run, with an engine error."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.oracles import FAMILIES, standing
from tests.fuzz.strategies import FileSet

BATCH = FAMILIES["batch"]


@standing(40)
@given(BATCH.strategy())
def test_a_file_of_cases_gives_one_record_per_line(files: FileSet) -> None:
    outcome = BATCH.check(files)
    assert outcome.ok, f"{files.files[0][1][:300]!r}\n{outcome.detail}"
