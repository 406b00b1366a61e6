"""Every verb speaks Danish or English, never a mix: ``--lang da|en`` on every verb, by
default the pack's language (English without a pack), with the words written for it in the
message catalogue; and every message key the command line and the tools it runs use is in
the catalogue in both languages.

Each verb runs once on a success and once on a failure, in Danish and in English: the Danish
output holds the Danish sentence written below and not the English one of the same message,
and the other way round. (Sentences that other stages give, such as a case's problems or a
replay's differences, are theirs; where a verb's only own words on a failure are the label
of the error line, the label is what is checked.)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from regel.cli import main
from regel.feel.jsonio import dumps
from regel.source.yamltree import load_yaml_file
from tests import packbuilder

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "engine"
LIBRARY = ROOT / "examples" / "packs" / "library-fees"          # default_language: en
CASE = LIBRARY / "cases" / "child-damaged-book.yaml"
LATE_CASE = LIBRARY / "cases" / "late-interlibrary-loan.yaml"       # no replacement_price
SIK_CASE = ROOT / "examples" / "cases" / "04-forlaengelse-2014-reglen-2015.yaml"
BROKEN = ROOT / "tests" / "loader" / "invalid" / "cycle"
TCK = ROOT.parent / "shared" / "dmn-tck" / "compliance-level-2"
TCK_CASE = TCK / "0001-input-data-string"


# --------------------------------------------------------------------------- running

def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    """The exit code and everything the verb printed (stdout, then stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out + err


def _jsonl(tmp: Path) -> Path:
    """One library-fees case that evaluates, as a JSONL caseload."""
    path = tmp / "cases.jsonl"
    path.write_text(dumps(load_yaml_file(CASE), indent=None) + "\n", encoding="utf-8")
    return path


def _empty_csv(tmp: Path) -> Path:
    path = tmp / "cases.csv"
    path.write_text("", encoding="utf-8")
    return path


def _trace(tmp: Path, pack: Path | str = LIBRARY, case: Path = CASE) -> Path:
    """A trace of ``case`` on ``pack``, as ``regel explain --format json`` archives it."""
    path = tmp / "trace.json"
    assert main(["explain", str(pack), "--case", str(case), "--format", "json",
                 "-o", str(path)]) == 0
    return path


def _model(tmp: Path) -> Path:
    path = tmp / "fees.dmn"
    assert main(["export", str(LIBRARY), "-o", str(path), "--format", "json"]) == 0
    return path


def _full_folder(tmp: Path) -> Path:
    folder = tmp / "taken"
    folder.mkdir()
    (folder / "x.txt").write_text("x", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Said:
    """A verb's arguments (given a temporary folder), and what it says in each language."""

    verb: str
    args: Callable[[Path], list[str | Path]]
    da: str
    en: str
    code: int = 0

    @property
    def id(self) -> str:
        return f"{self.verb}-{'ok' if self.code == 0 else 'fails'}"


SAID = [
    Said("eval", lambda t: [LIBRARY, "--case", LATE_CASE],
         "bemærk: valgfrie oplysninger ikke angivet: replacement_price",
         "note: optional facts not given: replacement_price"),
    Said("eval", lambda t: [BROKEN, "--case", CASE], "fejl: ", "error: ", 1),
    Said("explain", lambda t: [LIBRARY, "--case", CASE, "--decision", "late_fee"],
         "Forklaring af afgørelse", "Explanation of the decision"),
    Said("explain", lambda t: [LIBRARY, "--case", CASE, "-o", t / "no" / "x.html"],
         "FILE-UNWRITABLE: filen kan ikke skrives (filen eller mappen findes ikke)",
         "FILE-UNWRITABLE: cannot write the file (No such file or directory)", 1),
    Said("replay", lambda t: [_trace(t), "--pack", LIBRARY], "Genkørsel: identisk",
         "Replay: identical"),
    Said("replay", lambda t: [_trace(t), "--pack", BROKEN], "fejl: ", "error: ", 1),
    Said("show", lambda t: [LIBRARY, "daily_fee"], "(daily_fee) — fra 2020-01-01 til 2024-01-01",
         "(daily_fee) — from 2020-01-01 to 2024-01-01"),
    Said("show", lambda t: [LIBRARY, "daily_fe"],
         "regelsættet har ingen afgørelse 'daily_fe' (mente du 'daily_fee'?); det har: ",
         "the pack has no decision 'daily_fe' (did you mean 'daily_fee'?); it has: ", 1),
    Said("check", lambda t: [LIBRARY],
         "15 afgørelser, 52 regler, 30 tests; ingen fund; fingeraftryk ",
         "15 decisions, 52 rules, 30 tests; no findings; fingerprint "),
    Said("check", lambda t: [BROKEN], "CYCLE (fejl): ", "CYCLE (error): ", 1),
    Said("test", lambda t: [LIBRARY], "regeldækning: 50 af 52 regler",
         "rule coverage: 50 of 52 rules"),
    Said("test", lambda t: [LIBRARY, "--min-coverage", "100"],
         "regeldækningen 96,2 % er under minimum 100 %",
         "rule coverage 96.2% is below the minimum 100%", 1),
    Said("test", lambda t: [LIBRARY, "-k", "zzz"], "intet testnavn indeholder 'zzz'",
         "no test name contains 'zzz'", 1),
    Said("diff", lambda t: [LIBRARY, LIBRARY],
         "ingen forskelle\n\nalle 30 tests og sager giver de samme udfald\n\n0 regler ændret, "
         "0 områder med forskellige resultater, 0 testudfald ændret",
         "no differences\n\nall 30 tests and cases give the same outcomes\n\n0 rules changed, "
         "0 regions with different outputs, 0 test outcomes changed"),
    Said("diff", lambda t: [LIBRARY, LIBRARY, "--cases", t / "nowhere"],
         "der er ingen mappe eller fil med sager", "no case folder or file", 1),
    Said("batch", lambda t: [LIBRARY, "--cases", _jsonl(t), "-o", t / "out.jsonl"],
         "1 sager: 1 ok, 0 fejlede (", "1 cases: 1 ok, 0 failed ("),
    Said("batch", lambda t: [LIBRARY, "--cases", _empty_csv(t), "-o", t / "out.jsonl"],
         "CSV-filen er tom; dens første række skal navngive kolonnerne",
         "the CSV file is empty; its first row must name the columns", 1),
    Said("schema", lambda t: [LIBRARY], '"description": "Sagens id."',
         '"description": "The case\'s id."'),
    Said("schema", lambda t: [LIBRARY, "-o", t / "no" / "x.json"],
         "filen kan ikke skrives", "cannot write the file", 1),
    Said("feel", lambda t: ['date("2020-02-29") + duration("P1Y")'],
         "advarsel: FEEL-DAY-CLAMPED i linje 1, kolonne 1: ",
         "warning: FEEL-DAY-CLAMPED at line 1, column 1: "),
    Said("feel", lambda t: ["x", "--context", "[1, 2]"],
         'konteksten skal være en samling af navne med værdier, fx {"age": 30}',
         'the context must be a mapping of names to values, such as {"age": 30}', 1),
    Said("import", lambda t: [_model(t), "-o", t / "pack"],
         "oplysninger, 15 afgørelser (15 filer) fra ",
         "inputs, 15 decisions (15 files) from "),
    Said("import", lambda t: [_model(t), "-o", _full_folder(t)],
         "findes allerede og er ikke tom; vælg en anden mappe, eller tilføj --force",
         "exists and is not empty; choose another folder or add --force", 1),
    Said("export", lambda t: [LIBRARY, "-o", t / "fees.dmn"],
         "DMN 1.3, 9 oplysninger, 15 afgørelser (16 versioner), ",
         "DMN 1.3, 9 inputs, 15 decisions (16 versions), "),
    Said("export", lambda t: [LIBRARY, "-o", t / "no" / "fees.dmn"],
         "filen kan ikke skrives (filen eller mappen findes ikke)",
         "cannot write the file (No such file or directory)", 1),
    Said("tck", lambda t: [TCK_CASE], "1 af 1 testcases bestået (100,0 %); 1 modeller",
         "1 of 1 test cases passed (100.0 %); 1 models"),
    Said("tck", lambda t: [t / "nowhere"], "TCK-NOT-FOUND: mappen eller filen findes ikke: ",
         "TCK-NOT-FOUND: no such folder or file: ", 1),
]


@pytest.mark.parametrize("said", SAID, ids=[s.id for s in SAID])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_verb_speaks_the_language_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              said: Said, lang: str) -> None:
    code, text = run(capsys, said.verb, *said.args(tmp_path), "--lang", lang)
    assert code == said.code, text
    wanted, other = (said.da, said.en) if lang == "da" else (said.en, said.da)
    assert wanted in text
    assert other not in text


def test_every_verb_takes_lang() -> None:
    import argparse

    from regel.cli import build_parser
    verbs = next(a for a in build_parser()._actions
                 if isinstance(a, argparse._SubParsersAction)).choices
    assert len(verbs) == 15
    for name, sub in verbs.items():
        lang = next(a for a in sub._actions if a.dest == "lang")
        assert tuple(lang.choices or ()) == ("da", "en") and lang.default is None, name


# --------------------------------------------------------------------------- in more depth

def test_a_danish_error_line_has_no_english_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, "feel", "[1 5]", "--lang", "da")
    assert code == 1
    assert text.startswith("fejl: FEEL-SYNTAX i linje 1, kolonne 4: ")
    assert "error" not in text and "at line" not in text


def test_json_errors_speak_the_language_with_english_keys(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, "show", LIBRARY, "daily_fe", "--format", "json", "--lang", "da")
    assert code == 1
    (error,) = json.loads(text)["errors"]
    assert error["code"] == "UNKNOWN-DECISION"
    assert error["message"].startswith("regelsættet har ingen afgørelse 'daily_fe' (mente du")


def test_a_batch_record_tells_a_bad_cell_in_danish(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "c.csv"
    cases.write_text("id,borrower_age\nn1,ten\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    code, _ = run(capsys, "batch", LIBRARY, "--cases", cases, "-o", out, "--lang", "da",
                  "--workers", "1")
    assert code == 1
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["error"]["code"] == "CASE-TYPE"
    assert record["error"]["message"] == "Lånerens alder skal være et tal, ikke teksten 'ten'"


def test_a_changed_rule_is_told_in_danish(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The whole text of `regel diff` in Danish, by default for a Danish pack."""
    tests = [{"name": "older", "as_of": "2024-01-01", "facts": {"x": 30},
              "expect": {"risk": "low"}}]
    for name, then in (("old", '"low"'), ("new", '"medium"')):
        rules = [{"id": "R1", "when": ["< 25"], "then": '"high"'},
                 {"id": "R2", "when": [">= 25"], "then": then}]
        packbuilder.write_pack(tmp_path / name, [packbuilder.table_decision("risk", rules)],
                               tests=tests, default_language="da")
    code, text = run(capsys, "diff", tmp_path / "old", tmp_path / "new")
    assert code == 1
    for line in ("afgørelse risk", "  version fra 2000-01-01 [2000-01-01, …): ændret",
                 "    regel R2: ændret (", "  resultaterne er forskellige i 1 område:",
                 "    [2000-01-01, …) hvor x >= 25", "      eksempel x: 25",
                 "      regler, der gjaldt: de samme 1 i begge",
                 '      resultat: "low" → "medium"',
                 "ændrede udfald (1 af 1 kørte tests og sager):",
                 "1 regel ændret, 1 område med forskellige resultater, 1 testudfald ændret"):
        assert line in text
    for words in ("\ndecision ", "version from", ": changed", "outputs differ", "witness",
                  "rules matched", "output:", "rule changed"):
        assert words not in text
    code, text = run(capsys, "diff", tmp_path / "old", tmp_path / "new", "--lang", "en")
    assert "1 rule changed, 1 region with different outputs, 1 test outcome changed" in text


def test_a_wrong_tck_expectation_is_told_in_danish(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "compliance-level-2" / "0004-simpletable-U"
    shutil.copytree(TCK / "0004-simpletable-U", folder)
    test = folder / "0004-simpletable-U-test-01.xml"
    test.write_text(test.read_text(encoding="utf-8").replace(">Approved<", ">Approved!<", 1),
                    encoding="utf-8")
    csv = tmp_path / "results.csv"
    code, text = run(capsys, "tck", tmp_path / "compliance-level-2", "--lang", "da",
                     "--csv", csv)
    assert code == 1
    assert 'FORKERT: compliance-level-2/0004-simpletable-U 0004-simpletable-U-test-01 001: ' \
           'Approval Status: forventede "Approved!", fik "Approved"' in text
    assert "; 1 forkerte, 0 fejl; resultaterne står i " in text
    # the CSV file is the TCK's, in English whatever the language of the terminal
    assert 'Approval Status: expected ""Approved!"", got ""Approved""' in csv.read_text(
        encoding="utf-8")


def test_the_closing_line_of_regel_test_is_the_same_in_both_languages(
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = {lang: run(capsys, "test", LIBRARY, "--lang", lang)[1].rstrip().splitlines()[-1]
             for lang in ("da", "en")}
    assert lines["da"] == lines["en"] == "30 passed, 0 failed"


# --------------------------------------------------------------------------- defaults

#: verbs run without --lang: (arguments, Danish words that must be there, English ones that
#: must not) for the Danish pack sikkerhedsstillelse
DANISH_DEFAULT: list[tuple[Callable[[Path], list[str | Path]], str, str]] = [
    (lambda t: ["eval", "sikkerhedsstillelse", "--case", SIK_CASE],
     "bemærk: valgfrie oplysninger ikke angivet", "note: optional facts"),
    (lambda t: ["explain", "sikkerhedsstillelse", "--case", SIK_CASE, "-o", t / "no" / "x"],
     "filen kan ikke skrives", "cannot write"),
    (lambda t: ["replay", _trace(t, "sikkerhedsstillelse", SIK_CASE)], "Genkørsel: identisk",
     "Replay:"),
    (lambda t: ["show", "sikkerhedsstillelse", "nope"], "regelsættet har ingen afgørelse",
     "the pack has no"),
    (lambda t: ["check", "sikkerhedsstillelse"], " afgørelser, ", " decisions, "),
    (lambda t: ["test", "sikkerhedsstillelse", "-k", "zzz"], "intet testnavn indeholder",
     "no test name"),
    (lambda t: ["diff", "sikkerhedsstillelse", "sikkerhedsstillelse"], "ingen forskelle",
     "no differences"),
    (lambda t: ["batch", "sikkerhedsstillelse", "--cases", _empty_csv(t), "-o", t / "o.jsonl"],
     "CSV-filen er tom", "the CSV file is empty"),
    (lambda t: ["schema", "sikkerhedsstillelse"], "Sagens id.", "The case's id."),
    (lambda t: ["export", "sikkerhedsstillelse", "-o", t / "s.dmn"], "skrev ", "wrote "),
]


@pytest.mark.parametrize(("args", "da", "en"), DANISH_DEFAULT,
                         ids=[f"{i}" for i in range(len(DANISH_DEFAULT))])
def test_a_danish_pack_speaks_danish_by_default(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        args: Callable[[Path], list[str | Path]], da: str, en: str) -> None:
    _, text = run(capsys, *args(tmp_path))
    assert da in text and en not in text


@pytest.mark.parametrize("said", [s for s in SAID if s.verb not in ("feel", "tck", "import")],
                         ids=[s.id for s in SAID if s.verb not in ("feel", "tck", "import")])
def test_an_english_pack_speaks_english_by_default(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], said: Said) -> None:
    assert yaml.safe_load((LIBRARY / "pack.yaml").read_text(encoding="utf-8")).get(
        "default_language", "en") == "en"
    code, text = run(capsys, said.verb, *said.args(tmp_path))
    assert code == said.code
    assert said.en in text and said.da not in text


@pytest.mark.parametrize("said", [s for s in SAID if s.verb in ("feel", "tck")],
                         ids=[s.id for s in SAID if s.verb in ("feel", "tck")])
def test_a_verb_without_a_pack_speaks_english(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], said: Said) -> None:
    _, text = run(capsys, said.verb, *said.args(tmp_path))
    assert said.en in text and said.da not in text


def _broken_danish_pack(tmp: Path) -> Path:
    """A pack that does not load (a cycle), whose pack.yaml says it speaks Danish."""
    folder = tmp / "broken"
    shutil.copytree(BROKEN, folder)
    pack_yaml = folder / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text(encoding="utf-8") + "default_language: da\n",
                         encoding="utf-8")
    return folder


@pytest.mark.parametrize("verb", ["eval", "check", "test", "export", "schema", "show"])
def test_a_pack_that_does_not_load_speaks_its_pack_yaml_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: str) -> None:
    pack = _broken_danish_pack(tmp_path)
    args: dict[str, list[str | Path]] = {
        "eval": [pack, "--case", CASE], "check": [pack], "test": [pack],
        "export": [pack, "-o", tmp_path / "x.dmn"], "schema": [pack], "show": [pack, "x"]}
    code, text = run(capsys, verb, *args[verb])
    assert code == 1
    assert "fejl" in text and "error" not in text


def test_replay_speaks_the_language_the_trace_records(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trace = _trace(tmp_path, "sikkerhedsstillelse", SIK_CASE)
    capsys.readouterr()   # explain's own line: which copy of the pack it used
    data = json.loads(trace.read_text(encoding="utf-8"))
    assert data["pack"]["default_language"] == "da"
    data["pack"]["id"] = "no-such-pack"
    trace.write_text(json.dumps(data), encoding="utf-8")
    code, text = run(capsys, "replay", trace)
    assert code == 1 and text.startswith("fejl: ")
