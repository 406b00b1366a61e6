"""The table analysis and regel diff's errors speak Danish: findings and diff errors are told
in the words written for them, and in English as before (tests/test_messages.py checks that
every key is in the catalogue).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from regel.analysis.tables import Finding, analyse
from regel.base.errors import RegelError
from regel.cli import check
from regel.tools.diff import diff_refs, resolve_pack_ref
from tests.analysis.test_table_analysis import codes, inp, make, rule

TABLE = "'d' (version [2000-01-01, …))"


def _one(findings: list[Finding], code: str) -> Finding:
    [found] = codes(findings, code)
    return found


def test_an_overlap_in_danish(tmp_path: Path) -> None:
    f = _one(analyse(make(tmp_path, [rule("R1", ["<= 10"]), rule("R2", [">= 10"], '"b"')])),
             "OVERLAP")
    assert f.diagnostic.key == "OVERLAP"
    assert f.text("da") == (f"i {TABLE} (UNIQUE) kan reglerne R1, R2 gælde for den samme sag, "
                            "f.eks. x = 10")
    assert f.text("en") == f"in {TABLE} (UNIQUE), rules R1, R2 can match the same case, e.g. x = 10"
    assert f.render("da") == f"{f.file}:{f.line}:{f.column}: OVERLAP: {f.text('da')}"
    assert f.to_json("da")["message"] == f.text("da")


def test_a_gap_beside_a_skipped_rule_in_danish(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "y": inp("number")}
    fs = analyse(make(tmp_path, [rule("R1", ["< 0", "-"]), rule("R2", ["> y", "-"], '"b"')],
                      inputs=inputs))
    assert _one(fs, "GAP").text("da") == (
        f"i {TABLE} dækker ingen regel f.eks. x = 0, y = 0: resultatet er null, medmindre en "
        "udeladt regel (R2) dækker det")
    assert _one(fs, "ANALYSIS-SKIPPED").text("da") == (
        f"i {TABLE} er regel R2 udeladt af tabelanalysen: en celle er ikke en fast test (et "
        "udtryk, en negation eller en anden oplysning), så overlap og huller, hvor de indgår, "
        "kontrolleres ikke, og de dækker intet")


def test_the_last_of_many_gaps_says_how_many_more_in_danish(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule(f"R{i}", [f"[{3 * i}..{3 * i + 1}]"]) for i in range(22)])
    last = codes(analyse(pack), "GAP")[-1]
    assert last.text("da") == (f"i {TABLE} dækker ingen regel f.eks. x = 56: resultatet er "
                               "null (yderligere 3 huller er ikke vist)")
    assert last.text("en").endswith("the result is null (3 more gaps not listed)")


def test_a_masked_priority_rule_in_danish(tmp_path: Path) -> None:
    out = [{"name": "out", "type": "string", "allowed_values": ["high", "low"]}]
    pack = make(tmp_path, [rule("R1", ["[0..5]"], "low"), rule("R2", ["-"], "high")],
                hit_policy="PRIORITY", outputs=out)
    assert _one(analyse(pack), "MASKED").text("da") == (
        f"i {TABLE} (PRIORITY) kan regel R1 aldrig blive afgørende: hver sag, den gælder for, "
        "afgøres af regler med et højere prioriteret resultat")


def test_unused_inputs_in_danish(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "y": inp("number"), "spare": inp("string")}
    pack = make(tmp_path, [rule("R1", ["< 0", "-"]), rule("R2", [">= 0", "-"], '"b"')],
                inputs=inputs, columns=["x", "y"])
    texts = sorted(f.text("da") for f in codes(analyse(pack), "UNUSED-INPUT"))
    assert texts == [
        f"i {TABLE} siger alle regler '-' i kolonnen 'y': kolonnen afgør intet",
        "oplysningen 'spare' er erklæret i pack.yaml, men ingen afgørelse bruger den"]


def test_no_finding_is_untranslated(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "kind": inp("string", allowed_values=["low", "high"])}
    fs = analyse(make(tmp_path, [rule("R1", ["< low", "-"]), rule("R2", ["-", "high"], '"b"'),
                                 rule("R3", ["-", "high"], '"b"')], inputs=inputs))
    assert {f.code for f in fs} >= {"TYPE-COMPARISON", "ANALYSIS-SKIPPED", "GAP", "SUBSUMED"}
    for f in fs:
        assert f.diagnostic.key != "UNTRANSLATED" and f.text("da") != f.text("en"), f.code


def test_check_prints_findings_in_the_verbs_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = make(tmp_path, [rule("R1", ["<= 10"]), rule("R2", [">= 10"], '"b"')])
    args = argparse.Namespace(path=str(pack.path), format="json", error_format=None,
                              strict=False, no_analysis=False, lang="da")
    assert check.run(args) == 1
    [finding] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert finding["message"].startswith(f"i {TABLE} (UNIQUE) kan reglerne R1, R2")


# --------------------------------------------------------------------------- regel diff

def test_diff_reference_errors_in_danish(tmp_path: Path) -> None:
    with pytest.raises(RegelError) as caught:
        resolve_pack_ref("@HEAD", tmp_path)
    assert caught.value.code == "DIFF-REF"
    assert caught.value.message == "'@HEAD' is neither a pack folder nor PACK@REV"
    assert caught.value.render("da") == \
        "@HEAD: DIFF-REF: '@HEAD' er hverken en mappe med et regelsæt eller PACK@REV"


def test_an_installed_pack_at_a_revision_in_danish(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import regel.load
    installed = tmp_path / "site-packages" / "regel_rules" / "sikkerhedsstillelse"
    installed.mkdir(parents=True)
    monkeypatch.setattr(regel.load, "bundled_packs", lambda: {"sikkerhedsstillelse": installed})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RegelError) as caught:
        resolve_pack_ref("sikkerhedsstillelse@HEAD~1", tmp_path / "work")
    assert caught.value.first.text("da") == (
        "'sikkerhedsstillelse' ligger ikke i et git-repository, så "
        "'sikkerhedsstillelse@HEAD~1' kan ikke læses; 'sikkerhedsstillelse' er navnet på det "
        f"installerede regelsæt i {installed}, som git ikke holder styr på: angiv i stedet "
        "regelsættets mappe i din arbejdskopi, for eksempel rules/sikkerhedsstillelse@HEAD~1")


def test_missing_cases_in_danish(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["-"])]).path
    missing = tmp_path / "no-cases"
    with pytest.raises(RegelError) as caught:
        diff_refs(str(pack), str(pack), missing)
    assert caught.value.code == "CASES-NOT-FOUND"
    assert caught.value.message == f"no case folder or file '{missing}'"
    assert caught.value.first.text("da") == \
        f"der er ingen mappe eller fil med sager, der hedder '{missing}'"
