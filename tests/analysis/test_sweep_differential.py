"""The sweeps of regel.analysis (issue 16, "Speed") must find exactly what the old search
found: on small random tables (1-30 rules over 1-3 columns of numbers, dates, enumerations,
booleans and texts, every hit policy), ``analyse`` and the slow reference kept in
tests/analysis/slow (the analysis as it was before) give the same findings in the same
order: code, severity, message, place, rules and witness."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from regel import load_pack
from regel.analysis import tables as sweeps
from regel.analysis.tables import Finding, analyse
from tests.analysis.slow.tables import Finding as SlowFinding
from tests.analysis.slow.tables import analyse as slow_analyse
from tests.packbuilder import write_pack

_LABEL = {"da": "x", "en": "x"}
# per kind of column: the pack input and the cells a rule draws from
COLUMNS: dict[str, tuple[dict[str, Any], list[Any]]] = {
    "num": ({"type": "number", "label": _LABEL},
            ["-", "-", "< 0", "<= 0", "> 10", ">= 10", "[0..10)", "[0..10]", "(0..10]",
             "(5..20)", "5", "10", "-3", "[1..3], 7", "< 5, > 8", "[-1..1]", "> 3",
             "? > 2"]),
    "date": ({"type": "date", "label": _LABEL},
             ["-", "-", "< 2020-01-01", ">= 2020-01-01", "[2019-12-31..2020-01-02]",
              "(2020-01-01..2020-01-02)", "2020-01-01", '>= date("2021-06-01")',
              "<= 2020-01-02", "[2020-01-02..2021-06-01)"]),
    "enum": ({"type": "string", "label": _LABEL, "allowed_values": ["a", "b", "c"]},
             ["-", "-", "a", '"b"', "a, c", "not(a)", "not(b, c)", "c"]),
    "flag": ({"type": "boolean", "label": _LABEL}, ["-", "-", True, False, "true"]),
    "text": ({"type": "string", "label": _LABEL},
             ["-", '"m"', '< "m"', '>= "m"', '["b".."k"]', '"a", "z"']),
}
POLICIES = ["UNIQUE", "ANY", "FIRST", "PRIORITY", "COLLECT", "RULE ORDER"]
OUTPUTS = ['"high"', '"low"', '"mid"']


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], str, list[dict[str, Any]], bool]:
    """Column kinds, a hit policy, rules, and whether the output has a default."""
    kinds = draw(st.lists(st.sampled_from(sorted(COLUMNS)), min_size=1, max_size=3))
    policy = draw(st.sampled_from(POLICIES))
    n = draw(st.integers(min_value=1, max_value=30))
    rules = []
    for i in range(n):
        cells = [draw(st.sampled_from(COLUMNS[k][1])) for k in kinds]
        rules.append({"id": f"R{i + 1}", "when": cells, "then": draw(st.sampled_from(OUTPUTS))})
    return kinds, policy, rules, draw(st.integers(0, 9)) == 0


def _pack(root: Path, kinds: list[str], policy: str, rules: list[dict[str, Any]],
          default: bool) -> Any:
    names = [f"{k}{i}" for i, k in enumerate(kinds)]
    output: dict[str, Any] = {"name": "out", "type": "string",
                              "allowed_values": ["high", "mid", "low"]}
    if default:
        output["default"] = "low"
    decision = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": names},
                "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                              "table": {"hit_policy": policy,
                                        "inputs": [{"expression": n} for n in names],
                                        "outputs": [output], "rules": rules}}]}
    inputs = {n: COLUMNS[k][0] for n, k in zip(names, kinds, strict=True)}
    return load_pack(write_pack(root, [decision], inputs))


def _seen(findings: list[Finding] | list[SlowFinding]) -> list[tuple[Any, ...]]:
    return [(f.code, f.severity, f.text("en"), f.text("da"), f.file, f.line, f.column,
             f.decision, f.rules, f.witness) for f in findings]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
# a rule between two consecutive days matches nothing: the old search called it masked when
# the rules ranked above it meet it in the column before that one
@example((["date", "date", "date"], "PRIORITY",
          [{"id": "R1", "when": ["-", "(2020-01-01..2020-01-02)", "-"], "then": '"low"'},
           {"id": "R2", "when": ["-", "-", "-"], "then": '"low"'},
           {"id": "R7", "when": ["-", "< 2020-01-01", "-"], "then": '"high"'}], True))
# a rule whose date range lies between two days accepts no input: the search for overlaps
# passes over it, and it is still covered by a rule that accepts everything
@example((["date", "date", "date"], "UNIQUE",
          [{"id": "R1", "when": ["-", "-", "-"], "then": '"high"'},
           {"id": "R2", "when": ["-", "-", "(2020-01-01..2020-01-02)"], "then": '"high"'}],
          True))
def test_the_sweeps_find_what_the_old_search_found(
        table: tuple[list[str], str, list[dict[str, Any]], bool]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = _pack(Path(tmp) / "pack", *table)
        expected = _seen(slow_analyse(pack))
        assert _seen(analyse(pack)) == expected
        # the stretches of a set of rules come from the column's runs or from a sweep of
        # the rules' own ends, whichever is shorter: each way alone finds the same
        for runs_per_rule in (-10**9, 10**9):
            with mock.patch.object(sweeps, "_RUNS_PER_RULE", runs_per_rule):
                assert _seen(analyse(pack)) == expected
        # a rule is compared with the few others that share its outputs, or, in a large
        # group of them, with those that share a group of overlapping rules with it (where
        # the table's overlaps are found), or those the columns' bitsets leave: each way
        # alone finds the same
        with mock.patch.object(sweeps, "_FEW_SAME", -1):
            assert _seen(analyse(pack)) == expected
            with mock.patch.object(sweeps, "_FEW_SHARING", 1):
                assert _seen(analyse(pack)) == expected


def test_the_generator_reaches_every_finding() -> None:
    """The random tables can show every code the sweeps produce: a fixed sample of them
    does (so the differential test above is not comparing empty lists)."""
    found: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for k, (kinds, policy, rules) in enumerate([
                (["num"], "UNIQUE", [["< 5"], ["> 3"], ["[10..20]"]]),
                (["num", "enum"], "FIRST", [["-", "a"], ["< 0", "a"], [">= 0", "b"]]),
                (["date", "flag"], "ANY", [["< 2020-01-01", True], ["-", True]]),
                (["text"], "UNIQUE", [['"m"'], ["? > 2"]])]):
            pack = _pack(Path(tmp) / str(k), kinds, policy,
                         [{"id": f"R{i}", "when": w, "then": '"low"' if i else '"high"'}
                          for i, w in enumerate(rules)], False)
            fs = analyse(pack)
            assert _seen(fs) == _seen(slow_analyse(pack))
            found |= {f.code for f in fs}
    assert {"OVERLAP", "GAP", "MASKED", "SUBSUMED", "ANALYSIS-SKIPPED"} <= found


def _stretches_by_hand(prep: Any, ci: int, active: int, base: int,
                       spans: list[tuple[int, int]], full: bool) -> list[tuple[int, int, int]]:
    """Region by region: the active rules whose cells in column ``ci`` hold it (bits from
    ``base``), neighbouring regions with the same rules joined."""
    rules = [base + i for i in range(active.bit_length()) if active >> i & 1]
    out: list[tuple[int, int, int]] = []
    for a, b in spans:
        for r in range(a, b + 1):
            bits = sum(1 << (j - base) for j in rules
                       if any(lo <= r <= hi for lo, hi in prep.boxes[j][ci]))
            if out and out[-1][2] == bits and out[-1][1] + 1 == r:
                out[-1] = (out[-1][0], r, bits)
            else:
                out.append((r, r, bits))
    return out if full else [seg for seg in out if seg[2]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data())
def test_segments_are_the_active_rules_stretches_region_by_region(
        table: tuple[list[str], str, list[dict[str, Any]], bool], data: st.DataObject) -> None:
    """The search's inner step (``_Runs.segments``), read off the column's runs or swept
    from the rules' own ends, on spans that start and end anywhere (inside a run too),
    for any set of active rules counted from any base."""
    with tempfile.TemporaryDirectory() as tmp:
        pack = _pack(Path(tmp) / "pack", *table)
    prep = sweeps._prepare(pack.decisions["d"].versions[0].logic, pack)
    if not prep.rules:
        return
    runs = sweeps._Runs(prep)
    n = len(prep.rules)
    for ci, col in enumerate(prep.columns):
        base = data.draw(st.integers(0, n - 1))
        active = data.draw(st.integers(0, (1 << (n - base)) - 1))
        cuts = sorted(data.draw(st.sets(st.integers(0, col.size - 1),
                                        min_size=min(2, col.size), max_size=8)))
        spans = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 3)] \
            or [(cuts[0], cuts[0])]   # apart from one another
        for runs_per_rule in (-10**9, 10**9):
            with mock.patch.object(sweeps, "_RUNS_PER_RULE", runs_per_rule):
                for full in (True, False):
                    assert runs.segments(ci, active, base, spans, full) == \
                        _stretches_by_hand(prep, ci, active, base, spans, full)


def test_the_analysis_leaves_no_garbage_for_the_cyclic_collector() -> None:
    """A finished analysis is freed as soon as it is done with: nothing it made is caught
    in a reference cycle (on a 20,000-rule table, one such cycle kept some 240,000 lists
    and tuples alive until the collector came by, 7 % of `regel check`)."""
    rules = [{"id": f"R{i}", "when": [f"[{i}..{i + 2}]", "-"], "then": '"high"'}
             for i in range(40)]
    with tempfile.TemporaryDirectory() as tmp:
        pack = _pack(Path(tmp), ["num", "flag"], "UNIQUE", rules, False)
        gc.collect()
        gc.disable()
        try:
            findings = analyse(pack)
            del findings
            left = gc.collect()
        finally:
            gc.enable()
    assert left == 0
