"""The pytest plugin (regel.tools.pytest_plugin): one item per YAML test, failures shown with
expected and actual values and the explanation, a broken pack as one failing item."""

from __future__ import annotations

from typing import Any

import pytest

from tests.testing.testing_helpers import write_pack

# -p no:regel: should the installed package also register the plugin (entry point 'regel'),
# the module must not be registered twice
PLUGIN = ("-p", "regel.tools.pytest_plugin", "-p", "no:regel", "-p", "no:cacheprovider")


def case(name: str, x: Any, grade: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, "as_of": "2024-01-01", "facts": {"x": x},
            "expect": {"grade": grade}, **kw}


def test_collects_one_item_per_yaml_test(pytester: pytest.Pytester) -> None:
    write_pack(pytester.path / "mypack", [case("small is low", 5, "low"),
                                          case("big is high", 25, "high")])
    result = pytester.runpytest(*PLUGIN, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["mypack/tests/basic.yaml::small is low",
                                 "mypack/tests/basic.yaml::big is high", "*2 tests collected*"])


def test_passes_and_fails_with_expected_and_actual(pytester: pytest.Pytester) -> None:
    write_pack(pytester.path / "mypack", [case("small is low", 5, "low"),
                                          case("small is mid", 5, "mid"),
                                          case("big matches LOW", 25, "high",
                                               matched={"grade": ["LOW"]})])
    result = pytester.runpytest(*PLUGIN, "--regel-lang", "en")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*FAILED*basic.yaml:*: small is mid",
        '*grade: expected "mid", got "low"',
        '*(untraced) grade: expected "mid", got "low"',
        "*Explanation of the decision*",
        "*grade: expected rule LOW to match; matched: HIGH",
    ])


def test_engine_error_fails_the_item(pytester: pytest.Pytester) -> None:
    write_pack(pytester.path / "mypack", [case("a text for a number", "ten", "low")])
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*evaluation failed*CASE-TYPE*"])


def test_a_broken_pack_is_one_failing_item(pytester: pytest.Pytester) -> None:
    root = write_pack(pytester.path / "mypack", [case("small is low", 5, "low")])
    (root / "tests" / "more.yaml").write_text(
        "tests:\n  - {name: other, facts: {x: 1}, expect: {grade: low}}\n", encoding="utf-8")
    (root / "decisions" / "grade.yaml").write_text(
        (root / "decisions" / "grade.yaml").read_text(encoding="utf-8")
        .replace("hit_policy: UNIQUE", "hit_policy: UNIQE"), encoding="utf-8")
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*does not load*", "*grade.yaml:*"])


def test_files_outside_a_pack_are_not_collected(pytester: pytest.Pytester) -> None:
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "data.yaml").write_text("a: 1\n", encoding="utf-8")
    result = pytester.runpytest(*PLUGIN)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_the_projects_own_run_collects_every_pack_test() -> None:
    """`python -m pytest` in this repository collects each YAML test of the bundled and
    example packs once (the plugin via conftest.py and the entry point, testpaths in
    pyproject.toml)."""
    import subprocess
    import sys
    from pathlib import Path

    from regel import load_pack
    root = Path(__file__).resolve().parents[2]
    expected = sum(len(load_pack(root / p).tests) for p in
                   ("rules/sikkerhedsstillelse", "rules/familiesammenfoering",
                    "examples/packs/library-fees"))
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                          "-p", "no:cacheprovider", "rules", "examples/packs"],
                         cwd=root, capture_output=True, text=True, check=False).stdout
    items = [line for line in out.splitlines() if ".yaml::" in line]
    assert len(items) == expected, out[-2000:]
