"""`regel check` with the table analysis: text, JSON, --error-format, --strict, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regel.cli import main
from tests.analysis.test_table_analysis import NUM
from tests.packbuilder import write_pack


def _pack(tmp_path: Path, hit_policy: str, rules: list[dict[str, object]]) -> Path:
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["x"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": hit_policy, "inputs": [{"expression": "x"}],
                                 "outputs": [{"name": "out"}], "rules": rules}}]}
    return write_pack(tmp_path / "pack", [d], NUM)


OVERLAP = [{"id": "R1", "when": ["[0..10]"], "then": '"a"'},
           {"id": "R2", "when": ["[5..20]"], "then": '"b"'},
           {"id": "R3", "when": ["< 0"], "then": '"c"'},
           {"id": "R4", "when": ["> 20"], "then": '"c"'}]
GAP = [{"id": "R1", "when": ["< 0"], "then": '"a"'},
       {"id": "R2", "when": ["> 0"], "then": '"b"'}]


def test_overlap_is_an_error_with_rules_and_witness(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_pack(tmp_path, "UNIQUE", OVERLAP))]) == 1
    out = capsys.readouterr().out
    assert "OVERLAP (error)" in out
    assert "rules: R1, R2" in out
    # the witness is a test case with the fact x (issue 20: ready to paste)
    assert "as a test case (paste into tests/*.yaml):" in out and "\n          x: " in out
    assert out.rstrip().splitlines()[-1].startswith("FAILED: test-pack")


def test_gap_is_a_warning_and_strict_fails_on_it(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pack = str(_pack(tmp_path, "UNIQUE", GAP))
    assert main(["check", pack]) == 0
    out = capsys.readouterr().out
    assert "GAP (warning)" in out and "\n          x: 0\n" in out
    assert main(["check", pack, "--strict"]) == 1


def test_json_lists_findings_with_witness(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_pack(tmp_path, "UNIQUE", OVERLAP)), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["counts"]["error"] == 1
    (finding,) = [d for d in data["diagnostics"] if d["code"] == "OVERLAP"]
    assert finding["rules"] == ["R1", "R2"]
    assert 5 <= finding["witness"]["x"] <= 10
    assert finding["line"] > 0 and finding["file"].endswith("d.yaml")


def test_error_format_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = "::{severity} file={file},line={line},col={column}::{code} {rules}"
    assert main(["check", str(_pack(tmp_path, "UNIQUE", OVERLAP)),
                 "--error-format", template]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=") and line.endswith("::OVERLAP R1,R2")
               for line in lines)
    assert not any(line.startswith("FAILED") for line in lines)


def test_error_format_applies_to_loading_errors(capsys: pytest.CaptureFixture[str]) -> None:
    bad = Path(__file__).resolve().parents[1] / "loader" / "invalid" / "cycle"
    assert main(["check", str(bad), "--error-format", "{code}@{line}"]) == 1
    assert capsys.readouterr().out.strip() == "CYCLE@5"


def test_error_format_unknown_field_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "sikkerhedsstillelse", "--error-format", "{lnie}", "--lang", "en"]) == 2
    assert "regel check: error: --error-format: unknown field {lnie}" in capsys.readouterr().err
    # the Danish pack's language by default, as every other message of the verb
    assert main(["check", "sikkerhedsstillelse", "--error-format", "{lnie}"]) == 2
    assert "regel check: fejl: --error-format: ukendt felt {lnie}" in capsys.readouterr().err


def test_no_analysis_skips_the_table_analysis(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_pack(tmp_path, "UNIQUE", OVERLAP)), "--no-analysis"]) == 0
    assert "no findings" in capsys.readouterr().out


@pytest.mark.parametrize("pack", ["sikkerhedsstillelse", "familiesammenfoering"])
def test_bundled_packs_have_no_errors_and_their_warnings_are_explained(
        pack: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", pack, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    readme = (Path(__file__).resolve().parents[2] / "rules" / pack / "README.md").read_text(
        encoding="utf-8")
    for d in data["diagnostics"]:
        assert d["severity"] != "error"
        if d["severity"] == "warning":
            subject = d["message"].split("'")[1]
            assert f"{d['code']} `{subject}`" in readme, d


def test_annotation_field_names_info_as_notice(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An info finding (ANALYSIS-SKIPPED) becomes a GitHub 'notice', a gap a 'warning'."""
    inputs = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
              "y": {"type": "number", "label": {"da": "y", "en": "y"}}}
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": ["x", "y"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": "UNIQUE",
                                 "inputs": [{"expression": "x"}, {"expression": "y"}],
                                 "outputs": [{"name": "out"}],
                                 "rules": [{"id": "R1", "when": ["< 0", "-"], "then": '"a"'},
                                           {"id": "R2", "when": ["> y", "-"], "then": '"b"'}]}}]}
    pack = write_pack(tmp_path / "pack", [d], inputs)
    assert main(["check", str(pack), "--error-format", "{annotation}:{code}"]) == 0
    lines = set(capsys.readouterr().out.split())
    assert {"notice:ANALYSIS-SKIPPED", "warning:GAP"} <= lines
