"""``regel diff``: structure, regions with witnesses, replayed tests, PACK@REV."""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from regel import load_pack
from regel.base.errors import RegelError
from regel.cli import diff as diff_verb
from regel.tools.diff import diff_packs, format_diff
from tests import packbuilder

ROOT = Path(__file__).resolve().parents[2]
BASE_INPUTS = {"x": {"type": "number", "label": {"da": "x", "en": "x"}},
               "kind": {"type": "string", "label": {"da": "art", "en": "kind"},
                        "allowed_values": ["a", "b", "c"]}}


def write_pack(root: Path, decisions: list[dict[str, Any]],
               inputs: dict[str, Any] | None = None, tests: list[dict[str, Any]] | None = None,
               **pack_fields: Any) -> Path:
    """A pack as tests/packbuilder.py writes it, with this file's two inputs by default."""
    return packbuilder.write_pack(root, decisions, BASE_INPUTS if inputs is None else inputs,
                                  tests, **pack_fields)


def decision(rules: list[dict[str, Any]], hit_policy: str = "UNIQUE",
             versions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": "risk", "label": {"da": "risiko", "en": "risk"},
            "requires": {"inputs": ["x", "kind"]},
            "versions": versions or [
                {"valid_from": "2000-01-01", "source": "Testloven § 1",
                 "table": {"hit_policy": hit_policy,
                           "inputs": [{"expression": "x"}, {"expression": "kind"}],
                           "outputs": [{"name": "out", "type": "string", "allowed_values": [
                               "high", "medium", "low", "young", "middle", "other"]}],
                           "rules": rules}}]}


RULES = [
    {"id": "R1", "when": ["< 25", "-"], "then": "high", "source": "§ 1"},
    {"id": "R2", "when": [">= 25", "a"], "then": "low", "source": "§ 2"},
    {"id": "R3", "when": [">= 25", "b, c"], "then": "medium", "source": "§ 3"},
]
TESTS = [{"name": "young", "as_of": "2024-01-01", "facts": {"x": 25, "kind": "a"},
          "expect": {"risk": "low"}},
         {"name": "old", "as_of": "2024-01-01", "facts": {"x": 40, "kind": "b"},
          "expect": {"risk": "medium"}}]


def pair(tmp_path: Path, new_rules: list[dict[str, Any]], hit_policy: str = "UNIQUE",
         old_rules: list[dict[str, Any]] | None = None, **kw: Any) -> tuple[Any, Any]:
    old = load_pack(write_pack(tmp_path / "old", [decision(old_rules or RULES, hit_policy)],
                               tests=TESTS))
    new = load_pack(write_pack(tmp_path / "new", [decision(new_rules, hit_policy)],
                               tests=TESTS))
    return old, new


def cli(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    diff_verb.add_parser(parser.add_subparsers())
    args = parser.parse_args(["diff", *argv])
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = diff_verb.run(args)
    return code, out.getvalue()


def test_identical_packs(tmp_path: Path) -> None:
    old, new = pair(tmp_path, RULES)
    d = diff_packs(old, new)
    assert not d.decisions and not d.outcomes and not d.semantic
    text = format_diff(d)
    assert "no differences" in text
    assert text.rstrip().endswith("0 rules changed, 0 regions with different outputs, "
                                  "0 test outcomes changed")
    code, _ = cli(str(tmp_path / "old"), str(tmp_path / "new"))
    assert code == 0


def test_changed_boundary_gives_region_with_witness(tmp_path: Path) -> None:
    new_rules = copy.deepcopy(RULES)
    new_rules[0]["when"] = ["< 26", "-"]
    new_rules[1]["when"] = [">= 26", "a"]
    new_rules[2]["when"] = [">= 26", "b, c"]
    old, new = pair(tmp_path, new_rules)
    d = diff_packs(old, new)
    [dd] = d.decisions
    assert {r.id for r in dd.versions[0].rules} == {"R1", "R2", "R3"}
    r1 = next(r for r in dd.versions[0].rules if r.id == "R1")
    assert [(c.what, c.old, c.new) for c in r1.changes] == [("when.x", "< 25", "< 26")]
    assert dd.regions, format_diff(d)
    witnesses = {(r.witness["x"], r.witness.get("kind"), r.old, r.new) for r in dd.regions}
    assert (Decimal(25), "a", "low", "high") in witnesses
    assert (Decimal(25), "b", "medium", "high") in witnesses
    for r in dd.regions:
        assert r.conditions["x"] == "[25..26)"
    # the test at x = 25 now gives high
    assert [(o.case, o.old, o.new) for o in d.outcomes] == [("test: young", "low", "high")]
    text = format_diff(d)
    assert "when.x: < 25 → < 26" in text and "witness x: 25" in text
    assert "3 rules changed, 2 regions with different outputs, 1 test outcome changed" in text
    code, out = cli(str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["semantic_difference"] is True and data["summary"]["regions"] == 2


def test_added_rule(tmp_path: Path) -> None:
    old_rules = [RULES[0], RULES[1]]   # kind b/c at >= 25 gives null
    old, new = pair(tmp_path, RULES, old_rules=old_rules)
    d = diff_packs(old, new)
    [dd] = d.decisions
    assert [(r.id, r.kind) for r in dd.versions[0].rules] == [("R3", "added")]
    # kinds b and c activate the same rules in both tables: one region, witness b
    [region] = dd.regions
    assert region.conditions["kind"] == '"b", "c"'
    assert (region.witness["kind"], region.old, region.new) == ("b", None, "medium")
    assert all(r.witness["x"] >= 25 for r in dd.regions)


def test_removed_rule(tmp_path: Path) -> None:
    old, new = pair(tmp_path, [RULES[0], RULES[1]])
    d = diff_packs(old, new)
    [dd] = d.decisions
    assert [(r.id, r.kind) for r in dd.versions[0].rules] == [("R3", "removed")]
    assert {(r.old, r.new) for r in dd.regions} == {("medium", None)}
    assert [o.case for o in d.outcomes] == ["test: old"]


def test_changed_output(tmp_path: Path) -> None:
    new_rules = copy.deepcopy(RULES)
    new_rules[1]["then"] = "medium"
    old, new = pair(tmp_path, new_rules)
    d = diff_packs(old, new)
    [dd] = d.decisions
    [rd] = dd.versions[0].rules
    assert (rd.id, rd.kind, [(c.what, c.old, c.new) for c in rd.changes]) == \
        ("R2", "changed", [("then.out", "low", "medium")])
    [region] = dd.regions
    assert region.conditions == {"x": ">= 25", "kind": '"a"'}
    assert (region.old, region.new) == ("low", "medium")


def test_source_only_change_is_structure_only(tmp_path: Path) -> None:
    new_rules = copy.deepcopy(RULES)
    new_rules[0]["source"] = "§ 1, stk. 2"
    old, new = pair(tmp_path, new_rules)
    d = diff_packs(old, new)
    assert d.rules_changed == 1 and not d.regions and not d.outcomes and not d.semantic


def test_citations_of_the_registry_are_compared_and_shown_as_text(tmp_path: Path) -> None:
    """A rule's source turned from free text into a citation of the registry is a change
    of structure only, shown by the source's short name and pinpoint; a citation whose
    source was renamed in the registry is shown changed too."""
    law = {"title": "Testloven af 2000", "short": {"da": "Testloven", "en": "The Test Act"},
           "issuer": "Folketinget", "language": "da"}
    new_rules = copy.deepcopy(RULES)
    new_rules[0]["source"] = [{"ref": "testloven", "at": "§ 1"}]
    old = load_pack(write_pack(tmp_path / "old", [decision(RULES)], tests=TESTS))
    new = load_pack(write_pack(tmp_path / "new", [decision(new_rules)], tests=TESTS,
                               sources={"testloven": law}))
    d = diff_packs(old, new)
    assert d.rules_changed == 1 and not d.regions and not d.outcomes and not d.semantic
    [change] = d.decisions[0].versions[0].rules[0].changes
    assert (change.what, change.old, change.new) == ("source", "§ 1", "The Test Act, § 1")
    renamed = load_pack(write_pack(tmp_path / "renamed", [decision(new_rules)], tests=TESTS,
                                   sources={"testloven": {**law, "short": "Prøveloven"}}))
    [change] = diff_packs(new, renamed).decisions[0].versions[0].rules[0].changes
    assert (change.old, change.new) == ("The Test Act, § 1", "Prøveloven, § 1")
    assert not diff_packs(new, new).decisions


def test_reorder_in_first_table(tmp_path: Path) -> None:
    old_rules = [{"id": "A", "when": ["< 30", "-"], "then": "young"},
                 {"id": "B", "when": ["< 50", "-"], "then": "middle"},
                 {"id": "C", "when": ["-", "-"], "then": "other"}]
    new_rules = [old_rules[1], old_rules[0], old_rules[2]]
    old, new = pair(tmp_path, new_rules, "FIRST", old_rules=old_rules)
    d = diff_packs(old, new)
    [dd] = d.decisions
    vd = dd.versions[0]
    assert vd.reordered == (["A", "B", "C"], ["B", "A", "C"])
    assert [r.kind for r in vd.rules] == ["moved"]
    [region] = dd.regions
    assert region.conditions["x"] == "< 30"
    assert (region.old, region.new) == ("young", "middle")
    assert "rule order: A, B, C → B, A, C" in format_diff(d)


def test_reorder_in_unique_table_is_not_a_change(tmp_path: Path) -> None:
    old, new = pair(tmp_path, [RULES[2], RULES[0], RULES[1]])
    d = diff_packs(old, new)
    assert not d.decisions and not d.semantic


def test_version_added(tmp_path: Path) -> None:
    table = decision(RULES)["versions"][0]["table"]
    new_table = copy.deepcopy(table)
    new_table["rules"][0]["when"] = ["< 30", "-"]
    new_table["rules"][1]["when"] = [">= 30", "a"]
    new_table["rules"][2]["when"] = [">= 30", "b, c"]
    versions = [{"valid_from": "2000-01-01", "valid_to": "2025-01-01", "source": "§ 1",
                 "table": table},
                {"valid_from": "2025-01-01", "source": "§ 1 (2025)", "table": new_table}]
    old = load_pack(write_pack(tmp_path / "old", [decision(RULES)]))
    new = load_pack(write_pack(tmp_path / "new", [decision(RULES, versions=versions)]))
    d = diff_packs(old, new)
    [dd] = d.decisions
    kinds = {(v.valid_from.isoformat(), v.kind) for v in dd.versions}
    assert kinds == {("2000-01-01", "changed"), ("2025-01-01", "added")}
    changed = next(v for v in dd.versions if v.kind == "changed")
    assert [c.what for c in changed.changes] == ["period", "source"] or \
        [c.what for c in changed.changes] == ["period"]
    # from 2025 the new version answers differently for 25 <= x < 30
    assert dd.regions and all(r.period.startswith("[2025-01-01") for r in dd.regions)
    assert {r.conditions["x"] for r in dd.regions} == {"[25..30)"}
    assert "version from 2025-01-01" in format_diff(d)


def test_replay_lists_changed_test_and_case(tmp_path: Path) -> None:
    new_rules = copy.deepcopy(RULES)
    new_rules[2]["then"] = "high"
    old, new = pair(tmp_path, new_rules)
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "c1.yaml").write_text(yaml.safe_dump(
        {"id": "c1", "as_of": "2024-01-01", "facts": {"x": 60, "kind": "c"}}))
    (cases / "c2.yaml").write_text(yaml.safe_dump(
        {"id": "c2", "as_of": "2024-01-01", "facts": {"x": 10, "kind": "c"}}))
    code, text = cli(str(tmp_path / "old"), str(tmp_path / "new"), "--cases", str(cases))
    assert code == 1
    assert 'test: old: risk: "medium" → "high"' in text
    assert 'case: c1: risk: "medium" → "high"' in text
    assert "c2" not in text
    assert "2 test outcomes changed" in text


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pack_at_revision(tmp_path: Path) -> None:
    repo, pack_dir = _committed_pack(tmp_path)
    new_rules = copy.deepcopy(RULES)
    new_rules[0]["when"] = ["< 26", "-"]
    new_rules[1]["when"] = [">= 26", "a"]
    new_rules[2]["when"] = [">= 26", "b, c"]
    write_pack(pack_dir, [decision(new_rules)], tests=TESTS)
    _git(repo, "commit", "-q", "-am", "two")
    code, text = cli(f"{pack_dir}@HEAD~1", f"{pack_dir}@HEAD")
    assert code == 1
    assert "when.x: < 25 → < 26" in text
    code, text = cli(f"{pack_dir}@HEAD", str(pack_dir))
    assert code == 0 and "no differences" in text
    with pytest.raises(RegelError, match="HEAD~5"):
        cli(f"{pack_dir}@HEAD~5", str(pack_dir))
    with pytest.raises(RegelError, match="not inside a git repository"):
        cli(f"{tmp_path / 'elsewhere'}@HEAD", str(pack_dir))


def test_bundled_pack_changed_rate(tmp_path: Path) -> None:
    src = ROOT / "rules" / "sikkerhedsstillelse"
    copy_dir = tmp_path / "sikkerhedsstillelse"
    shutil.copytree(src, copy_dir)
    f = copy_dir / "decisions" / "satsregulering.yaml"
    text = f.read_text(encoding="utf-8")
    assert "then: [2024, 3.2, derived]" in text
    f.write_text(text.replace("then: [2024, 3.2, derived]", "then: [2024, 3.3, derived]"),
                 encoding="utf-8")
    d = diff_packs(load_pack(src), load_pack(copy_dir))
    dd = next(x for x in d.decisions if x.id == "satsregulering")
    [rd] = [r for v in dd.versions for r in v.rules]
    assert rd.id == "S2024" and rd.kind == "changed"
    assert [(c.what, c.old, c.new) for c in rd.changes] == [("then.percent", "3.2", "3.3")]
    assert len(dd.regions) == 1  # the table has no inputs: one region, every case
    assert d.outcomes, "indexed amounts for 2024 should change"
    assert any(o.new != o.old for o in d.outcomes)
    text = format_diff(d)
    assert "rule S2024: changed" in text
    assert "test outcome" in text.splitlines()[-1]
    assert d.semantic


def test_installed_bundled_pack_at_a_revision_says_to_name_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundled name resolves to the installed copy, which git does not track; the error
    says so and names the folder form instead."""
    import regel.load
    installed = tmp_path / "site-packages" / "regel_rules" / "sikkerhedsstillelse"
    installed.mkdir(parents=True)
    monkeypatch.setattr(regel.load, "bundled_packs",
                        lambda: {"sikkerhedsstillelse": installed})
    monkeypatch.chdir(tmp_path)
    from regel.tools.diff import resolve_pack_ref
    with pytest.raises(RegelError) as info:
        resolve_pack_ref("sikkerhedsstillelse@HEAD~1", tmp_path / "work")
    assert info.value.code == "DIFF-GIT"
    assert "rules/sikkerhedsstillelse@HEAD~1" in str(info.value)


def _committed_pack(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    pack_dir = repo / "rules" / "p"
    write_pack(pack_dir, [decision(RULES)], tests=TESTS)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    return repo, pack_dir


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("rev", [
    "--output={victim}",            # git archive would write its tar over the victim
    "--output={victim} HEAD",
    "-oHEAD",
    "HEAD --output={victim}",       # whitespace
    "HEAD\t",
    "HEAD\n--output={victim}",
    "HEAD\x1b]0;pwned\x07",         # control characters
    "HEAD\x00",
    "HEAD\x85",                     # C1
])
def test_revision_that_git_could_read_as_an_option_is_refused(tmp_path: Path, rev: str,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """Issue 19: ``regel diff 'rules/x@--output=victim.txt' rules/x`` handed the revision to
    git archive as an option, which truncated victim.txt. A revision that starts with ``-``
    or holds whitespace or control characters is refused before git runs."""
    repo, pack_dir = _committed_pack(tmp_path)
    victims = [repo / "victim.txt", tmp_path / "victim.txt"]
    for victim in victims:
        victim.write_text("precious\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    bad = rev.format(victim=victims[0])
    with pytest.raises(RegelError) as info:
        cli(f"{pack_dir}@{bad}", str(pack_dir))
    assert (info.value.code, info.value.first.key) == ("DIFF-REF", "DIFF-REF/bad-revision")
    assert info.value.first.file == f"{pack_dir}@{bad}"
    for lang in ("en", "da"):
        assert "PACK@REV" in info.value.first.text(lang)
    assert "må ikke begynde med '-'" in info.value.first.text("da")
    for victim in victims:
        assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (repo / "--output").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_revision_is_given_to_git_after_end_of_options(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever passes the check still reaches git as an operand, never as an option: the
    call carries ``--end-of-options`` before the revision."""
    import regel.tools.diff as diff_module
    _, pack_dir = _committed_pack(tmp_path)
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(argv: list[str], **kw: Any) -> Any:
        calls.append(list(argv))
        return real(argv, **kw)

    monkeypatch.setattr(diff_module.subprocess, "run", spy)
    code, _ = cli(f"{pack_dir}@HEAD", str(pack_dir))
    assert code == 0
    [archive] = [c for c in calls if "archive" in c]
    assert archive[archive.index("HEAD") - 1] == "--end-of-options"


@pytest.mark.parametrize("rev", ["HEAD", "HEAD~1", "v1.0", "origin/main", "HEAD^{tree}",
                                 "a1b2c3d", "main", "HEAD^2~3"])
def test_ordinary_revisions_pass_the_check(rev: str) -> None:
    from regel.tools.diff import check_revision
    check_revision(rev, f"rules/p@{rev}")
