"""regel.batch.partition (issue 21): a caseload on a local Dask cluster (dask.bag, the
processes scheduler, 2 workers) gives exactly the lines `regel batch` writes for the same
JSONL, line for line, bad lines included; the pack is loaded once per process."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from batch_helpers import LIBRARY

import regel.batch
from regel.base.errors import EvaluationError, PackError
from regel.batch import partition
from regel.cli import main
from regel.feel.jsonio import dumps

db = pytest.importorskip("dask.bag")
import dask  # noqa: E402  (after the skip: the dask extra may be missing)

REF = str(LIBRARY)
ITEMS = ["book", "film", "board game", "interlibrary loan"]

#: lines that are no case, each a different way: (the line's bytes, the code regel batch gives)
BAD_LINES: list[tuple[bytes, str]] = [
    (b"", "CASE-FORMAT"),                                       # a blank line
    (b"   \t", "CASE-FORMAT"),                                  # only spaces and a tab
    (b"not json", "CASE-FORMAT"),
    (b"[1, 2]", "CASE-FORMAT"),                                 # a list, not an object
    (b"42", "CASE-FORMAT"),
    (b'{"id": "nan", "borrower_age": NaN}', "CASE-FORMAT"),
    (b'{"id": "twice", "borrower_age": 1, "borrower_age": 2}', "CASE-FORMAT"),
    (b'{"id": "half-pair", "item_type": "\\udc80"}', "CASE-FORMAT"),
    (b'{"id": "S\xf8ren", "borrower_age": 30}', "CASE-FORMAT"),  # Latin-1, not UTF-8
    (b'{"id": "age-text", "borrower_age": "ten"}', "CASE-TYPE"),
    (b'{"id": "bad-date", "loan_date": "2024-02-30"}', "CASE-TYPE"),
]


def _case(rng: random.Random, n: int) -> dict[str, object]:
    """A valid library case, facts drawn at random; some without as_of, some with an
    exact fraction as the price."""
    loan = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(400))
    due = loan + dt.timedelta(days=rng.choice([14, 28]))
    back = due + dt.timedelta(days=rng.randrange(-10, 60))
    case: dict[str, object] = {
        "id": f"gen-{n:04d}", "borrower_age": rng.randrange(0, 95),
        "student_card": rng.random() < 0.3, "item_type": rng.choice(ITEMS),
        "loan_date": loan.isoformat(), "due_date": due.isoformat(),
        "return_date": back.isoformat(), "damaged": rng.random() < 0.2,
        "unpaid_debt": Decimal(rng.randrange(0, 40000)) / 100}
    if rng.random() < 0.7:
        case["replacement_price"] = Decimal(rng.randrange(0, 100000)) / 100
    if rng.random() < 0.9:
        case["as_of"] = (back + dt.timedelta(days=rng.randrange(0, 30))).isoformat()
    return case


def _caseload(count: int = 300, seed: int = 21) -> bytes:
    """A JSONL caseload of ``count`` lines: mostly generated cases, every 13th line one of
    BAD_LINES, a case object, a byte order mark and a CRLF line end among them."""
    rng = random.Random(seed)
    lines: list[bytes] = []
    for n in range(count):
        if n % 13 == 5:
            lines.append(BAD_LINES[(n // 13) % len(BAD_LINES)][0])
        elif n % 29 == 0:
            case = _case(rng, n)
            record = {"id": case.pop("id"), "as_of": case.pop("as_of", "2024-05-01"),
                      "decisions": ["amount_due"], "facts": case}
            lines.append(dumps(record, indent=None).encode())
        else:
            lines.append(dumps(_case(rng, n), indent=None).encode())
    lines[7] = b"\xef\xbb\xbf" + lines[7]
    lines[8] += b"\r"
    return b"".join(line + b"\n" for line in lines)


def _file_lines(data: bytes) -> list[bytes]:
    """The lines of a file as regel batch reads them (on \\n only, the line end kept)."""
    return io.BytesIO(data).readlines()


def _regel_batch(cases: Path, out: Path, *options: str) -> list[str]:
    code = main(["batch", REF, "--cases", str(cases), "-o", str(out), "--workers", "1",
                 *options])
    assert code == 1                            # some lines are bad
    return out.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The generated caseload's file and regel batch's result lines for it."""
    folder = tmp_path_factory.mktemp("dask")
    cases = folder / "caseload.jsonl"
    cases.write_bytes(_caseload())
    return cases, _regel_batch(cases, folder / "batch.jsonl")


def test_the_caseload_has_good_and_bad_lines(caseload: tuple[Path, list[str]]) -> None:
    import json
    cases, expected = caseload
    results = [json.loads(line) for line in expected]
    assert len(results) == 300 == len(_file_lines(cases.read_bytes()))
    bad = [r for r in results if not r["ok"]]
    assert {r["error"]["code"] for r in bad} >= {"CASE-FORMAT", "CASE-TYPE"}
    assert len(bad) >= 23 and len(results) - len(bad) >= 250


def test_a_dask_bag_on_processes_gives_regel_batchs_lines(
        caseload: tuple[Path, list[str]]) -> None:
    cases, expected = caseload
    numbered = list(enumerate(_file_lines(cases.read_bytes()), start=1))
    bag = db.from_sequence(numbered, npartitions=6).map_partitions(partial(partition, REF))
    got = bag.compute(scheduler="processes", num_workers=2)
    assert len(got) == len(expected)
    for number, (mine, theirs) in enumerate(zip(got, expected, strict=True), start=1):
        assert mine == theirs, f"line {number}"


def test_read_text_and_to_textfiles_one_file_a_partition(
        caseload: tuple[Path, list[str]], tmp_path: Path) -> None:
    """The README's way: files of cases in, files of results out, each file a partition
    numbered from its first line; non-UTF-8 bytes pass through 'surrogateescape'."""
    cases, _ = caseload
    lines = _file_lines(cases.read_bytes())
    parts = [lines[:90], lines[90:200], lines[200:]]
    for n, part in enumerate(parts):
        (tmp_path / f"cases-{n}.jsonl").write_bytes(b"".join(part))
    with dask.config.set(scheduler="processes", num_workers=2):
        db.read_text(str(tmp_path / "cases-*.jsonl"), errors="surrogateescape") \
            .map_partitions(partial(partition, REF)) \
            .to_textfiles(str(tmp_path / "results-*.jsonl"))
    for n in range(len(parts)):
        expected = _regel_batch(tmp_path / f"cases-{n}.jsonl", tmp_path / f"batch-{n}.jsonl")
        got = (tmp_path / f"results-{n}.jsonl").read_text(encoding="utf-8").splitlines()
        assert got == expected, f"file {n}"


def test_the_options_are_those_of_regel_batch(caseload: tuple[Path, list[str]],
                                              tmp_path: Path) -> None:
    cases, _ = caseload
    expected = _regel_batch(cases, tmp_path / "batch.jsonl", "--as-of", "2024-07-01",
                            "--decision", "amount_due", "--lang", "en", "--trace")
    numbered = list(enumerate(_file_lines(cases.read_bytes()), start=1))
    run = partial(partition, REF, as_of=dt.date(2024, 7, 1), decisions=["amount_due"],
                  lang="en", trace=True)
    got = db.from_sequence(numbered, npartitions=3).map_partitions(run) \
        .compute(scheduler="processes", num_workers=2)
    assert got == expected
    assert '"trace"' in got[0] and any("is not valid JSON" in line for line in got)


@pytest.mark.parametrize(("lines", "start", "numbers"), [
    (["{}", "{}", "{}"], 1, [1, 2, 3]),
    (["{}", "{}"], 41, [41, 42]),
    ([(10, "{}"), "{}", (3, b"{}")], 1, [10, 11, 3]),
])
def test_lines_are_numbered_from_start_or_by_their_pairs(
        lines: list[object], start: int, numbers: list[int]) -> None:
    import json
    got = [json.loads(r)["line"] for r in partition(REF, lines, start=start)]
    assert got == numbers


def test_the_pack_is_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []
    real = regel.batch.load_pack

    def counting(ref: str) -> regel.batch.Pack:
        loaded.append(ref)
        return real(ref)
    monkeypatch.setattr(regel.batch, "load_pack", counting)
    monkeypatch.setattr(regel.batch, "_PACKS", {})
    for _ in range(3):
        assert len(list(partition(REF, ["{}", "x"]))) == 2
    assert loaded == [REF]


@pytest.mark.parametrize(("ref", "lang", "words"), [
    ("sikkerhedsstillelse", None, "ikke gyldig JSON"),     # default_language: da
    ("sikkerhedsstillelse", "en", "is not valid JSON"),
    (REF, None, "is not valid JSON"),                      # no default_language: English
    (REF, "da", "ikke gyldig JSON"),
])
def test_the_error_lines_are_in_the_packs_language_unless_asked(
        ref: str, lang: str | None, words: str) -> None:
    line, = partition(ref, ["x"], lang=lang)
    assert words in line


def test_a_partitions_results_are_lazy_and_pickle_as_a_list() -> None:
    """Lazy for Spark and in a process; Dask's processes scheduler pickles a partition's
    result to send it back, and then gets the lines not yet taken, as a list."""
    import pickle
    results = partition(REF, ["{}", "x", "{}"])
    first = next(results)
    rest = pickle.loads(pickle.dumps(results))
    assert isinstance(rest, list) and len(rest) == 2
    assert [json_line(first)["line"], *(json_line(r)["line"] for r in rest)] == [1, 2, 3]


def json_line(text: str) -> dict[str, object]:
    import json
    return dict(json.loads(text))


def test_an_unknown_decision_or_a_bad_pack_raises(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError) as err:
        partition(REF, ["{}"], decisions=["no_such_decision"])
    assert err.value.code == "UNKNOWN-DECISION"
    (tmp_path / "pack.yaml").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(PackError):
        partition(tmp_path, ["{}"])
