"""Issue 19's tables, one test per row about readers, files, batch, replay and YAML: the input
goes to ``regel`` in a process of its own with 256 MB of memory and 5 s of processor time
(tests/hostile/probe.py), and the answer is a located engine error (or the right value),
never a traceback; a batch gives N lines out for N lines in, in order.

The rows about FEEL evaluation (``for`` loops, doubled strings, regular expressions) run here
under the same bounds too; tests/feel/test_budget.py and tests/feel/test_regex_linear.py test
the budget and the regexes in detail. A row already covered by a test elsewhere is named in
ELSEWHERE, which a test below keeps honest.

Expected places are found in the input by plain text search, not by the code under test.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.probe import Probe, Prober

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "examples" / "packs" / "library-fees"
CASE = LIBRARY / "cases" / "late-interlibrary-loan.yaml"
TCK = ROOT.parent / "shared" / "dmn-tck" / "compliance-level-2" / "0009-invocation-arithmetic"
GOOD = '{"id": "g", "permit_basis": "ss9_1_1"}'
BATCH = ["batch", "sikkerhedsstillelse", "--workers", "1", "--decision", "satsregulering",
         "--as-of", "2024-01-01", "--lang", "en"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="probes fork (POSIX)")


@pytest.fixture(scope="module")
def prober() -> Iterator[Prober]:
    p = Prober()
    yield p
    p.close()


def _bounded(probe: Probe) -> Probe:
    assert probe.within_bounds(), probe
    assert "Traceback" not in probe.err, probe.err
    return probe


def _errors(probe: Probe) -> list[tuple[str, str, int | None, int | None]]:
    """The problems of ``--format json``: (code, file, line, column)."""
    _bounded(probe)
    assert probe.code == 1, probe
    return [(e["code"], e["file"], e["line"], e["column"]) for e in probe.json()["errors"]]


def _at(text: str, needle: str) -> tuple[int, int]:
    """Line and column (from 1) of the first ``needle`` in ``text``."""
    pos = text.index(needle)
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def _pack(tmp_path: Path) -> Path:
    """A copy of the example pack in ``tmp_path/pack``."""
    return Path(shutil.copytree(LIBRARY, tmp_path / "pack"))


def _results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- data lost

def _lines_out(prober: Prober, tmp_path: Path, name: str, data: bytes) -> list[dict[str, Any]]:
    (tmp_path / name).write_bytes(data)
    probe = _bounded(prober.run([*BATCH, "--cases", name, "-o", "out.jsonl"], tmp_path))
    assert probe.code == 1, probe          # at least one case of each row fails
    return _results(tmp_path / "out.jsonl")


@pytest.mark.parametrize(("name", "data", "lines", "bad"), [
    # a lone surrogate in one JSONL line
    ("s.jsonl", (GOOD + '\n{"id": "a\\udc80", "permit_basis": "ss9_1_1"}\n' + GOOD + "\n").encode(),
     [1, 2, 3], {2}),
    # a Latin-1 cell in a CSV file
    ("l.csv", b"id,permit_basis\nA,ss9_1_1\nS\xf8ren,ss9_1_1\nB,ss9_1_1\n", [2, 3, 4], {3}),
    # an unclosed quote: 10 rows in, 10 out
    ("q.csv", b"id,permit_basis\n" + b"".join(
        (b'B,"oops\n' if c == "B" else f"{c},ss9_1_1\n".encode()) for c in "ABCDEFGHIJ"),
     list(range(2, 12)), {3}),
    # whitespace-only lines in JSONL
    ("w.jsonl", f"{GOOD}\n \n\t\n{GOOD}\n\r\n{GOOD}\n".encode(), [1, 2, 3, 4, 5, 6], {2, 3, 5}),
], ids=["lone-surrogate", "latin1-csv", "unclosed-quote", "whitespace-lines"])
def test_batch_gives_every_line_its_record(prober: Prober, tmp_path: Path, name: str,
                                           data: bytes, lines: list[int], bad: set[int]) -> None:
    records = _lines_out(prober, tmp_path, name, data)
    assert [r["line"] for r in records] == lines
    assert {r["line"] for r in records if not r["ok"]} == bad
    assert all(r["error"]["code"] == "CASE-FORMAT" for r in records if not r["ok"])


def test_a_yaml_1_1_number_in_a_case_is_located_not_read_as_octal(prober: Prober,
                                                                  tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8").replace("  unpaid_debt: 0", "  unpaid_debt: 0450")
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    probe = prober.run(["eval", LIBRARY, "--case", "case.yaml", "--format", "json"], tmp_path)
    line, column = _at(text, "0450")
    assert _errors(probe) == [("YAML-AMBIGUOUS-NUMBER", "case.yaml", line, column)]


def test_base_60_in_a_case_is_a_text_not_450(prober: Prober, tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8").replace("borrower_age: 40", "borrower_age: 7:30")
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    probe = _bounded(prober.run(["eval", LIBRARY, "--case", "case.yaml", "--format", "json"],
                                tmp_path))
    [error] = probe.json()["errors"]
    assert (error["code"], error["field"]) == ("CASE-TYPE", "borrower_age")
    assert "'7:30'" in error["message"]


def test_numbers_keep_34_digits_in_json(prober: Prober, tmp_path: Path) -> None:
    probe = _bounded(prober.run(["feel", "[1 / 3, 10 ** 29]", "--format", "json"], tmp_path))
    assert probe.code == 0
    value = json.loads(probe.out, parse_float=Decimal)["value"]
    assert value == [Decimal("0." + "3" * 34), 10 ** 29]


@pytest.mark.parametrize("number", ["Infinity", "NaN"])
def test_a_number_feel_cannot_hold_from_the_python_api_is_refused(prober: Prober,
                                                                  tmp_path: Path,
                                                                  number: str) -> None:
    code = (f"import decimal, regel\n"
            f"pack = regel.load_pack({str(LIBRARY)!r})\n"
            f"try:\n"
            f"    pack.evaluate({{'borrower_age': decimal.Decimal({number!r})}})\n"
            f"except regel.RegelError as err:\n"
            f"    print(err.code, err.first.field)\n")
    probe = _bounded(prober.python(code, tmp_path))
    assert probe.out.split() == ["CASE-TYPE", "borrower_age"]


@pytest.fixture(scope="module")
def trace_text() -> str:
    """A true trace of the example case, as an archive keeps it."""
    import regel
    from regel.feel.jsonio import dumps
    from regel.run.evaluate import Case
    from regel.source.yamltree import load_yaml_file

    pack = regel.load_pack(LIBRARY)
    case = Case.from_data(load_yaml_file(CASE), str(CASE))
    return dumps(pack.evaluate(case).to_json())


def _without_decisions(text: str) -> str:
    data = json.loads(text)
    data["decisions"] = []
    return json.dumps(data, indent=2)


def _outputs_twice(text: str) -> str:
    return text.replace('"outputs": {', '"outputs": {"late_fee": 0},\n  "outputs": {', 1)


def _as_of_changed(text: str) -> str:
    return text.replace('"as_of": "2024-03-21"', '"as_of": "2024-03-22"', 1)


@pytest.mark.parametrize(("tamper", "code", "needle"), [
    (_without_decisions, "TRACE-INCONSISTENT", '"decisions": []'),
    (_outputs_twice, "TRACE-DUPLICATE-KEY", '"outputs": {\n'),     # the second "outputs"
    (_as_of_changed, "TRACE-INCONSISTENT", '"as_of": "2024-03-22"'),
], ids=["no-decisions", "outputs-twice", "as-of-changed"])
def test_a_tampered_trace_does_not_hold(prober: Prober, tmp_path: Path, trace_text: str,
                                        tamper: Any, code: str, needle: str) -> None:
    assert '"outputs": {' in trace_text and '"as_of": "2024-03-21"' in trace_text
    text = tamper(trace_text)
    (tmp_path / "trace.json").write_text(text, encoding="utf-8")
    (tmp_path / "true.json").write_text(trace_text, encoding="utf-8")
    good = _bounded(prober.run(["replay", "true.json", "--pack", LIBRARY], tmp_path))
    assert good.code == 0, good
    probe = prober.run(["replay", "trace.json", "--pack", LIBRARY, "--format", "json"],
                       tmp_path)
    assert _errors(probe) == [(code, "trace.json", _at(text, needle)[0], 3)]


# --------------------------------------------------------------------------- time and memory

BOMB = "".join([
    "a: &a [x, x, x, x, x, x, x, x, x]\n",
    *(f"{n}: &{n} [" + ", ".join([f"*{b}"] * 9) + "]\n"
      for b, n in zip("abcdefg", "bcdefgh", strict=True)),
])


@pytest.mark.parametrize("name", ["pack.yaml", "decisions/services.yaml", "tests/fees.yaml"])
def test_an_alias_bomb_in_a_pack_a_decision_or_a_test(prober: Prober, tmp_path: Path,
                                                      name: str) -> None:
    pack = _pack(tmp_path)
    text = (pack / name).read_text(encoding="utf-8")
    text += "notes:\n" + "".join("  " + line for line in BOMB.splitlines(True))
    (pack / name).write_text(text, encoding="utf-8")
    [(code, file, line, _)] = _errors(prober.run(["check", "pack", "--format", "json"],
                                                 tmp_path))
    assert (code, file) == ("YAML-LIMIT", f"pack/{name}")
    assert line is not None and line > _at(text, "notes:")[0]


def test_dmn_entities_are_refused_at_the_declaration(prober: Prober, tmp_path: Path) -> None:
    text = ('<?xml version="1.0"?>\n<!DOCTYPE definitions [\n<!ENTITY a "aaaaaaaaaa">\n'
            + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n'
                      for p, n in zip("abcdefgh", "bcdefghi", strict=True))
            + ']>\n<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/">&i;'
            + "</definitions>\n")
    (tmp_path / "model.dmn").write_text(text, encoding="utf-8")
    [(code, file, line, _)] = _errors(prober.run(["check", "model.dmn", "--format", "json"],
                                                 tmp_path))
    assert (code, file, line) == ("DMN-XML", "model.dmn", _at(text, "<!ENTITY")[0])


def _dmn_text(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="m" '
            'name="Big" namespace="https://example.org/big">\n'
            '  <inputData id="income" name="Income">\n'
            '    <variable name="Income" typeRef="number"/>\n  </inputData>\n'
            '  <decision id="d" name="Tax">\n    <variable name="Tax" typeRef="number"/>\n'
            '    <informationRequirement><requiredInput href="#income"/>'
            '</informationRequirement>\n'
            f'    <literalExpression>\n      <text>{body}</text>\n    </literalExpression>\n'
            '  </decision>\n</definitions>\n')


@pytest.mark.parametrize(("body", "lines"), [
    ("Income + " * (5 * 1024 * 1024 // 9) + "+ 1", 1),          # 5 MB on one line
    ("Income +\n" * (7 * 1024 * 1024 // 9) + "1", 7 * 1024 * 1024 // 9 + 1),   # 7 MB of lines
], ids=["5MB-one-line", "7MB-of-lines"])
def test_a_huge_dmn_text_is_refused_before_it_is_parsed(prober: Prober, tmp_path: Path,
                                                        body: str, lines: int) -> None:
    text = _dmn_text(body)
    (tmp_path / "model.dmn").write_text(text, encoding="utf-8")
    probe = prober.run(["check", "model.dmn", "--format", "json"], tmp_path)
    line, column = _at(text, "Income +")   # the text starts at its first character
    assert _errors(probe) == [("FEEL-SYNTAX", "model.dmn", line, column)]
    [error] = probe.json()["errors"]
    assert error["message"].startswith(f"the expression is too long: {len(body)} characters")
    assert len(error["message"]) < 500                   # the text is quoted shortened
    assert len(probe.out) < 2000
    assert body.count("\n") + 1 == lines


def test_a_dmn_file_beyond_the_size_limit(prober: Prober, tmp_path: Path) -> None:
    (tmp_path / "model.dmn").write_text(_dmn_text("Income +\n" * (10 * 1024 * 1024 // 9)),
                                        encoding="utf-8")
    [(code, file, line, _)] = _errors(prober.run(["check", "model.dmn", "--format", "json"],
                                                 tmp_path))
    assert (code, file, line) == ("FILE-UNREADABLE", "model.dmn", None)


@pytest.mark.parametrize("where", ["decisions/services.yaml", "pack.yaml"])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_rule_file_that_is_no_regular_file(prober: Prober, tmp_path: Path, where: str,
                                             kind: str) -> None:
    pack = _pack(tmp_path)
    (pack / where).unlink()
    if kind == "fifo":
        os.mkfifo(pack / where)
    else:
        (pack / where).symlink_to("/dev/zero")
    errors = _errors(prober.run(["check", "pack", "--format", "json"], tmp_path))
    assert ("FILE-UNREADABLE", f"pack/{where}", None, None) in errors


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_trace_that_is_no_regular_file(prober: Prober, tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(tmp_path / "trace.json")
    else:
        (tmp_path / "trace.json").symlink_to("/dev/zero")
    assert _errors(prober.run(["replay", "trace.json", "--format", "json"], tmp_path)) == [
        ("FILE-UNREADABLE", "trace.json", None, None)]


def _inputs_pack(root: Path, count: int) -> str:
    """A pack whose pack.yaml declares ``count`` facts; returns the pack.yaml text."""
    (root / "decisions").mkdir(parents=True)
    text = ('id: big\ntitle: {da: Stor, en: Big}\nversion: "1"\njurisdiction: test\ninputs:\n'
            + "".join(f"  i{n:06d}: {{type: number, label: {{da: i{n}, en: i{n}}}}}\n"
                      for n in range(count)))
    (root / "pack.yaml").write_text(text, encoding="utf-8")
    (root / "decisions" / "d.yaml").write_text(
        "id: d\nlabel: {da: d, en: d}\nrequires: {inputs: [i000000]}\nversions:\n"
        "  - valid_from: 2000-01-01\n    source: Testloven\n    expression: i000000 + 1\n",
        encoding="utf-8")
    return text


def test_a_pack_with_100000_inputs(prober: Prober, tmp_path: Path) -> None:
    text = _inputs_pack(tmp_path / "pack", 100_000)
    # 15 values before the facts: the document's mapping; id, big; title, its mapping, da,
    # Stor, en, Big; version, 1; jurisdiction, test; inputs, its mapping. Each fact is 10:
    # its key, a mapping, type, number, label, a mapping, da, iN, en, iN. The 100,001st value
    # is value 99,986 of the facts: the 6th of fact 9,998, the mapping of its label.
    line = text.count("\n", 0, text.index("  i009998:")) + 1
    column = len("  i009998: {type: number, label: ") + 1
    assert _errors(prober.run(["check", "pack", "--format", "json"], tmp_path)) == [
        ("YAML-LIMIT", "pack/pack.yaml", line, column)]


def test_a_pack_with_many_inputs_below_the_limit_loads(prober: Prober, tmp_path: Path) -> None:
    _inputs_pack(tmp_path / "pack", 2_000)
    probe = _bounded(prober.run(["check", "pack", "--format", "json", "--no-analysis"],
                                tmp_path))
    assert probe.code == 0, probe.out[-500:]
    assert probe.json()["decisions"] == 1


def test_batch_reads_a_pipe_with_a_line_longer_than_memory(prober: Prober,
                                                           tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "cases.jsonl")
    size = 200 * 1024 * 1024             # more than the probe may hold beside regel

    def feed() -> None:
        with open(tmp_path / "cases.jsonl", "wb") as pipe:
            pipe.write(GOOD.encode() + b"\n")
            chunk = b"x" * (1 << 20)
            for _ in range(size >> 20):
                pipe.write(chunk)
            pipe.write(b"\n" + GOOD.encode() + b"\n")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    probe = _bounded(prober.run([*BATCH, "--cases", "cases.jsonl", "-o", "out.jsonl"],
                                tmp_path))
    writer.join(5)
    records = _results(tmp_path / "out.jsonl")
    assert [(r["line"], r["ok"]) for r in records] == [(1, True), (2, False), (3, True)]
    assert records[1]["error"]["code"] == "CASE-FORMAT"
    assert f"the line is {size} bytes long" in records[1]["error"]["message"]
    assert probe.code == 1


# --------------------------------------------------------------------------- tracebacks

def test_nul_bytes_in_yaml(prober: Prober, tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    text = (pack / "decisions" / "services.yaml").read_text(encoding="utf-8")
    text = text.replace("label:", "lab\0el:", 1)
    (pack / "decisions" / "services.yaml").write_text(text, encoding="utf-8")
    line, column = _at(text, "\0")
    assert _errors(prober.run(["check", "pack", "--format", "json"], tmp_path)) == [
        ("YAML-SYNTAX", "pack/decisions/services.yaml", line, column)]


@pytest.mark.parametrize(("name", "text", "code"), [
    ("decisions/services.yaml", "x: " + "[" * 3000 + "]" * 3000 + "\n", "YAML-SYNTAX"),
    ("model.dmn", '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/">'
     + "<extensionElements>" * 3000 + "</extensionElements>" * 3000 + "</definitions>",
     "DMN-XML"),
    ("model.dmn", '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/">'
     '<itemDefinition name="t">' + "".join(f'<itemComponent name="c{i}">' for i in range(2000))
     + "</itemComponent>" * 2000 + "</itemDefinition></definitions>", "DMN-XML"),
], ids=["yaml-3000-deep", "dmn-3000-deep", "dmn-2000-item-components"])
def test_deep_nesting(prober: Prober, tmp_path: Path, name: str, text: str, code: str) -> None:
    if name.endswith(".yaml"):
        target = _pack(tmp_path) / name
        argv = ["check", "pack", "--format", "json"]
    else:
        target = tmp_path / name
        argv = ["check", name, "--format", "json"]
    target.write_text(text, encoding="utf-8")
    [(found, file, line, column)] = _errors(prober.run(argv, tmp_path))
    assert (found, line) == (code, 1)
    assert file.endswith(name) and column is not None and column > 200


@pytest.mark.parametrize("key", ["null", "true"])
def test_a_key_of_inputs_that_yaml_reads_as_no_text(prober: Prober, tmp_path: Path,
                                                    key: str) -> None:
    pack = _pack(tmp_path)
    text = (pack / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace("inputs:\n", f"inputs:\n  {key}:\n    type: number\n"
                        f"    label: {{da: x, en: x}}\n", 1)
    (pack / "pack.yaml").write_text(text, encoding="utf-8")
    line, column = _at(text, f"  {key}:")
    assert _errors(prober.run(["check", "pack", "--format", "json"], tmp_path)) == [
        ("SCHEMA", "pack/pack.yaml", line, column + 2)]


def test_a_symlink_loop_in_decisions(prober: Prober, tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    (pack / "decisions" / "loop.yaml").symlink_to("loop.yaml")
    assert _errors(prober.run(["check", "pack", "--format", "json"], tmp_path)) == [
        ("FILE-UNREADABLE", "pack/decisions/loop.yaml", None, None)]


@pytest.mark.parametrize(("as_of", "code"), [("2024-13-45", "YAML-BAD-VALUE"),
                                              ('"2024-02-30"', "SCHEMA"),
                                              ("tomorrow", "SCHEMA")])
def test_a_test_case_file_with_a_bad_as_of(prober: Prober, tmp_path: Path, as_of: str,
                                           code: str) -> None:
    pack = _pack(tmp_path)
    case = CASE.read_text(encoding="utf-8").replace("as_of: 2024-03-21", f"as_of: {as_of}")
    (pack / "cases" / "bad.yaml").write_text(case, encoding="utf-8")
    (pack / "tests" / "uses_case.yaml").write_text(
        "tests:\n  - name: from a file\n    case: ../cases/bad.yaml\n"
        "    expect: {late_fee: 0}\n", encoding="utf-8")
    line, column = _at(case, as_of)
    assert _errors(prober.run(["check", "pack", "--format", "json"], tmp_path)) == [
        (code, "pack/cases/bad.yaml", line, column)]


def test_a_trace_number_past_any_decimal(prober: Prober, tmp_path: Path,
                                         trace_text: str) -> None:
    text = trace_text.replace('"borrower_age": 40', '"borrower_age": 1e999999999', 1)
    assert text != trace_text
    (tmp_path / "trace.json").write_text(text, encoding="utf-8")
    probe = _bounded(prober.run(["replay", "trace.json", "--pack", LIBRARY, "--format", "json"],
                                tmp_path))
    assert probe.code == 1
    report = json.loads(probe.out, parse_float=Decimal)
    [difference] = report["differences"]
    assert report["ok"] is False
    assert (difference["kind"], difference["fact"], difference["now"]) == \
        ("case", "borrower_age", "CASE-TYPE")
    assert "1E+999999999" in difference["message"]


# ---- writing: a folder that is not there, a full disk (a file size limit: the system says
# "File too large" where a full disk says "No space left on device"; the same code runs)

def _verbs(out: Path, model: Path) -> dict[str, list[Any]]:
    return {"schema": ["schema", LIBRARY, "-o", out / "schema.json"],
            "explain": ["explain", LIBRARY, "--case", CASE, "--format", "md",
                        "-o", out / "report.md"],
            "export": ["export", LIBRARY, "-o", out / "model.dmn"],
            "import": ["import", model, "-o", out / "pack"],
            "tck": ["tck", TCK, "--csv", out / "results.csv"]}


def _unwritable(probe: Probe, verb: str) -> str:
    """The message of the one FILE-UNWRITABLE the verb reports (schema has no --format)."""
    _bounded(probe)
    assert probe.code == 1, probe
    if verb == "schema":
        assert "FILE-UNWRITABLE: " in probe.err and probe.err.count("error:") == 1, probe
        return probe.err
    [error] = probe.json()["errors"]
    assert error["code"] == "FILE-UNWRITABLE", error
    return str(error["message"])


@pytest.fixture
def model(tmp_path: Path) -> Path:
    from regel.cli import main
    assert main(["export", str(LIBRARY), "-o", str(tmp_path / "model.dmn")]) == 0
    return tmp_path / "model.dmn"


VERBS = ["schema", "explain", "export", "import", "tck"]


def _argv(verb: str, out: Path, model: Path) -> list[Any]:
    if verb == "tck" and not TCK.exists():
        pytest.skip("the DMN TCK is not beside the worktree")
    return _verbs(out, model)[verb] + ([] if verb == "schema" else ["--format", "json"])


@pytest.mark.parametrize("verb", VERBS)
def test_writing_to_a_missing_folder(prober: Prober, tmp_path: Path, model: Path,
                                     verb: str) -> None:
    argv = _argv(verb, tmp_path / "missing" / "deeper", model)
    if verb == "import":        # import makes the folders above its pack; a file is in the way
        (tmp_path / "missing").write_text("a file", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    _unwritable(prober.run(argv, tmp_path), verb)
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize(("verb", "size"), [(v, 200) for v in VERBS] + [("import", 3000)],
                         ids=[*VERBS, "import-after-some-files"])
def test_a_full_disk_leaves_nothing_half_written(prober: Prober, tmp_path: Path, model: Path,
                                                 verb: str, size: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("there before\n", encoding="utf-8")
    argv = _argv(verb, out, model)
    message = _unwritable(prober.run(argv, tmp_path, file_size=size), verb)
    assert "(File too large)" in message
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_import_force_on_a_full_disk_keeps_the_old_pack(prober: Prober, tmp_path: Path,
                                                       model: Path) -> None:
    from regel.cli import main
    assert main(["import", str(model), "-o", str(tmp_path / "pack")]) == 0
    (tmp_path / "pack" / "mine.txt").write_text("a note of mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in sorted((tmp_path / "pack").rglob("*"))
              if p.is_file()}
    probe = prober.run(["import", model, "-o", "pack", "--force", "--format", "json"],
                       tmp_path, file_size=3000)
    assert "(File too large)" in _unwritable(probe, "import")
    after = {p: p.read_bytes() for p in sorted((tmp_path / "pack").rglob("*")) if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.dmn", "pack"]
    probe = _bounded(prober.run(["import", model, "-o", "pack", "--force"], tmp_path))
    assert probe.code == 0 and not (tmp_path / "pack" / "mine.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.dmn", "pack"]


# --------------------------------------------------------------------------- covered elsewhere

#: rows of the issue's tables tested elsewhere: the row, and the tests (file::name) doing it
ELSEWHERE = {
    "kill -9 of regel batch: no OUT.part, no worker left":
        ["tests/batch/test_batch_loses_nothing.py::test_a_killed_run_leaves_no_file_and_no_worker",
         "tests/batch/test_batch_loses_nothing.py::"
         "test_without_the_parent_death_signal_a_watchdog_ends_the_worker"],
    "a table of 8,000 rules (the index; loading it costs 3.5 s of parsing FEEL)":
        ["tests/engine/test_table_index.py::test_an_index_of_8000_rules_is_built_in_linear_time"],
    "numbers of 29+ digits: batch rows came back as INTERNAL-ERROR, replay saw a change":
        ["tests/engine/test_exact_numbers.py::test_regel_batch_keeps_34_digits",
         "tests/engine/test_exact_numbers.py::"
         "test_batch_rows_beyond_feel_are_case_errors_not_internal_errors",
         "tests/engine/test_exact_numbers.py::"
         "test_replay_of_an_unchanged_pack_with_a_long_fact_is_identical"],
}


@pytest.mark.parametrize("row", ELSEWHERE, ids=list(range(len(ELSEWHERE))))
def test_rows_tested_elsewhere_are_tested_there(row: str) -> None:
    for test in ELSEWHERE[row]:
        file, _, name = test.partition("::")
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in names, test


# --------------------------------------------------------------------------- FEEL evaluation

DOUBLE_TEXT = ('{d: function(f, s, n) if n = 0 then s else f(f, s + s, n - 1), '
               'r: d(d, "ab", 40)}.r')
DOUBLE_LIST = ("{d: function(f, l, n) if n = 0 then count(l) else "
               "f(f, concatenate(l, l), n - 1), r: d(d, [1, 2], 40)}.r")
HOSTILE = "a" * 35 + "!"


@pytest.mark.parametrize(("expression", "expected"), [
    ("count(for i in 1..100000 return i)", Decimal(100000)),        # 13 s before
    ("count(for i in 1..100000, j in 1..100000 return 1)", "LIMIT-STEPS"),   # hung
    (DOUBLE_TEXT, "LIMIT-CHARS"),                                  # MemoryError after 7-50 s
    (DOUBLE_LIST, "LIMIT-ITEMS"),
    (f'matches("{HOSTILE}", "(a+)+$")', False),                    # hung
    (f'replace("{HOSTILE}", "(a+)+$", "x")', HOSTILE),
    (f'count(split("{HOSTILE}", "(a+)+$"))', Decimal(1)),
])
def test_feel_evaluation_is_bounded(prober: Prober, tmp_path: Path, expression: str,
                                    expected: Any) -> None:
    probe = _bounded(prober.run(["feel", expression, "--format", "json"], tmp_path))
    if isinstance(expected, str) and expected.startswith("LIMIT-"):
        assert probe.code == 1, probe
        error = probe.json()["errors"][0]
        assert (error["code"], error["line"]) == (expected, 1)
        assert expression[:60] in error["message"]
    else:
        assert probe.code == 0, probe
        assert json.loads(probe.out, parse_float=Decimal, parse_int=Decimal)["value"] == \
            expected


def _regex_pack(root: Path) -> None:
    """The example pack with one more decision: a hostile regex on the borrower's name."""
    shutil.copytree(LIBRARY, root)
    (root / "decisions" / "suspicious_name.yaml").write_text(
        "id: suspicious_name\nlabel: {da: Mistænkeligt navn, en: Suspicious name}\n"
        "requires: {inputs: [borrower_name]}\nversions:\n"
        "  - valid_from: 2000-01-01\n    source: Testloven\n    type: boolean\n"
        "    expression: 'matches(borrower_name, \"(a+)+$\") or "
        f"matches(\"{HOSTILE}\", \"(a+)+$\")'\n", encoding="utf-8")
    pack = root / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + "  borrower_name:\n    type: string\n"
                    "    label: {da: Navn, en: Name}\n", encoding="utf-8")


def test_a_hostile_regex_in_a_pack_checks_and_runs_in_batch(prober: Prober,
                                                            tmp_path: Path) -> None:
    """`regel check` folded the constant call at load and hung; `regel batch` hung on one
    36-character case."""
    _regex_pack(tmp_path / "pack")
    checked = _bounded(prober.run(["check", "pack", "--format", "json", "--no-analysis"],
                                  tmp_path))
    assert checked.json()["decisions"] >= 1, checked.out[-500:]
    (tmp_path / "cases.jsonl").write_text(json.dumps({"id": "x", "borrower_name": HOSTILE})
                                          + "\n", encoding="utf-8")
    ran = _bounded(prober.run(["batch", "pack", "--cases", "cases.jsonl", "-o", "out.jsonl",
                               "--decision", "suspicious_name", "--workers", "1",
                               "--as-of", "2024-01-01"], tmp_path))
    assert ran.code == 0, ran
    assert [r["outputs"] for r in _results(tmp_path / "out.jsonl")] == [
        {"suspicious_name": False}]

