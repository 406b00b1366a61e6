"""regel.analysis.tables: each finding on small tables with known answers, checked by evaluating
the pack on the witnesses; and the bundled packs."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.analysis.tables import Finding, analyse
from regel.base.errors import Diagnostic
from regel.model import Pack
from tests.packbuilder import write_pack

ROOT = Path(__file__).resolve().parents[2]
AS_OF = _dt.date(2024, 1, 1)





def inp(type_: str, **kw: Any) -> dict[str, Any]:
    return {"type": type_, "label": {"da": "x", "en": "x"}, **kw}


NUM = {"x": inp("number")}


def make(tmp_path: Path, rules: list[dict[str, Any]], hit_policy: str = "UNIQUE",
         inputs: dict[str, Any] | None = None, outputs: list[dict[str, Any]] | None = None,
         columns: list[str] | None = None) -> Pack:
    inputs = inputs or NUM
    columns = columns or list(inputs)
    d = {"id": "d", "label": {"da": "d", "en": "d"}, "requires": {"inputs": columns},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "table": {"hit_policy": hit_policy,
                                 "inputs": [{"expression": c} for c in columns],
                                 "outputs": outputs or [{"name": "out"}],
                                 "rules": rules}}]}
    return load_pack(write_pack(tmp_path / "pack", [d], inputs))


def rule(rid: str, when: Any, then: Any = '"a"') -> dict[str, Any]:
    return {"id": rid, "when": when, "then": then}


def codes(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def matched(pack: Pack, facts: dict[str, Any]) -> set[str]:
    """The rules of decision 'd' whose every cell accepts ``facts`` (each cell is run by the
    engine's own compiled test; evaluating a UNIQUE table with two hits would only raise)."""
    table = pack.decisions["d"].versions[0].logic
    out = set()
    for r in table.rules:
        if all(t.matches(facts[c.id]).value for t, c in zip(r.tests, table.inputs, strict=True)):
            out.add(r.id)
    return out


# --------------------------------------------------------------------------- overlaps

def test_overlap_with_witness_matching_both_rules(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["[0..10]"]), rule("R2", ["[5..20)"]),
                           rule("R3", ["> 30"])])
    found = codes(analyse(pack), "OVERLAP")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and f.rules == ["R1", "R2"] and f.decision == "d"
    assert f.line > 0 and f.file.endswith("d.yaml")
    assert matched(pack, f.witness) == {"R1", "R2"}
    with pytest.raises(Exception, match="R1.*R2|R2.*R1"):
        pack.evaluate(f.witness, as_of=AS_OF)


def test_overlap_groups_are_maximal_and_reported_once(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "y": inp("number")}
    pack = make(tmp_path, [rule("R1", ["< 10", "-"]), rule("R2", ["< 5", "< 0"]),
                           rule("R3", ["< 3", "-"]), rule("R4", [">= 10", "-"])],
                inputs=inputs)
    found = codes(analyse(pack), "OVERLAP")
    groups = sorted(tuple(f.rules) for f in found)
    # R1+R2+R3 share x < 3, y < 0; R1+R3 (y >= 0) is a subset and not reported
    assert groups == [("R1", "R2", "R3")]
    assert matched(pack, found[0].witness) == {"R1", "R2", "R3"}


def test_any_same_outputs_no_finding(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 10"], '"a"'), rule("R2", ["> 5"], '"a"')],
                hit_policy="ANY")
    assert codes(analyse(pack), "OVERLAP") == []


def test_any_different_outputs_finding(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 10"], '"a"'), rule("R2", ["> 5"], '"b"')],
                hit_policy="ANY")
    found = codes(analyse(pack), "OVERLAP")
    assert [f.rules for f in found] == [["R1", "R2"]]
    assert matched(pack, found[0].witness) == {"R1", "R2"}


def test_first_table_overlaps_are_not_reported(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 10"]), rule("R2", ["-"], '"b"')], hit_policy="FIRST")
    assert codes(analyse(pack), "OVERLAP") == []


# --------------------------------------------------------------------------- interval ends

def test_open_and_closed_ends_meet_exactly(tmp_path: Path) -> None:
    fs = analyse(make(tmp_path, [rule("R1", ["< 10"]), rule("R2", [">= 10"], '"b"')]))
    assert codes(fs, "OVERLAP") == [] and codes(fs, "GAP") == []


def test_closed_ends_overlap_at_the_point(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["<= 10"]), rule("R2", [">= 10"], '"b"')])
    fs = analyse(pack)
    assert codes(fs, "GAP") == []
    [f] = codes(fs, "OVERLAP")
    assert f.witness == {"x": 10}
    assert matched(pack, f.witness) == {"R1", "R2"}


def test_open_ends_leave_a_gap_at_the_point(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 10"]), rule("R2", ["> 10"], '"b"')])
    fs = analyse(pack)
    assert codes(fs, "OVERLAP") == []
    [g] = codes(fs, "GAP")
    assert g.severity == "warning" and g.witness == {"x": 10}
    assert matched(pack, g.witness) == set()
    assert pack.evaluate(g.witness, as_of=AS_OF).values["d"] is None


def test_gap_between_ranges_and_unbounded_ends(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["[0..10)"]), rule("R2", ["[20..30]"], '"b"')])
    gaps = codes(analyse(pack), "GAP")
    assert len(gaps) == 3      # below 0, [10..20), above 30
    for g in gaps:
        assert matched(pack, g.witness) == set()
    assert sorted(g.witness["x"] for g in gaps) == [-1, 10, 31]


# --------------------------------------------------------------------------- gaps

def test_gap_in_second_column_with_witness(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "kind": inp("string", allowed_values=["a", "b", "c"])}
    pack = make(tmp_path, [rule("R1", ["< 0", "-"]), rule("R2", [">= 0", "a, b"], '"b"')],
                inputs=inputs)
    [g] = codes(analyse(pack), "GAP")
    assert g.witness == {"x": 0, "kind": "c"}
    assert matched(pack, g.witness) == set()
    assert pack.evaluate(g.witness, as_of=AS_OF).values["d"] is None


def test_enumeration_values_not_covered(tmp_path: Path) -> None:
    inputs = {"kind": inp("string", allowed_values=["low", "mid", "high"])}
    pack = make(tmp_path, [rule("R1", ["low"]), rule("R2", ['"high"'], '"b"')], inputs=inputs)
    [g] = codes(analyse(pack), "GAP")
    assert g.witness == {"kind": "mid"}
    assert matched(pack, g.witness) == set()


def test_negated_enumeration_is_analysed(tmp_path: Path) -> None:
    inputs = {"kind": inp("string", allowed_values=["low", "mid", "high"])}
    pack = make(tmp_path, [rule("R1", ["low"]), rule("R2", ["not(low)"], '"b"')],
                inputs=inputs)
    fs = analyse(pack)
    assert codes(fs, "GAP") == [] and codes(fs, "OVERLAP") == []
    assert codes(fs, "ANALYSIS-SKIPPED") == []


def test_booleans(tmp_path: Path) -> None:
    inputs = {"flag": inp("boolean"), "x": inp("number")}
    pack = make(tmp_path, [rule("R1", [True, "-"]), rule("R2", ["false", "< 5"], '"b"'),
                           rule("R3", [False, ">= 5"], '"c"')], inputs=inputs)
    fs = analyse(pack)
    assert codes(fs, "GAP") == [] and codes(fs, "OVERLAP") == []
    pack2 = make(tmp_path / "2", [rule("R1", [True, "-"]), rule("R2", [False, "< 5"], '"b"')],
                 inputs=inputs)
    [g] = codes(analyse(pack2), "GAP")
    assert g.witness == {"flag": False, "x": 5}
    assert matched(pack2, g.witness) == set()


def test_dates(tmp_path: Path) -> None:
    inputs = {"day": inp("date")}
    pack = make(tmp_path, [rule("R1", ["< 2020-01-01"]),
                           rule("R2", ["[2020-01-01..2021-01-01]"], '"b"'),
                           rule("R3", ["> 2021-01-01"], '"c"')], inputs=inputs)
    fs = analyse(pack)
    assert codes(fs, "GAP") == [] and codes(fs, "OVERLAP") == []

    pack2 = make(tmp_path / "2", [rule("R1", ["<= 2020-01-01"]),
                                  rule("R2", ["[2020-01-01..2021-01-01)"], '"b"'),
                                  rule("R3", [">= 2021-01-03"], '"c"')], inputs=inputs)
    fs = analyse(pack2)
    [o] = codes(fs, "OVERLAP")
    assert o.witness == {"day": "2020-01-01"}
    assert matched(pack2, {"day": _dt.date(2020, 1, 1)}) == {"R1", "R2"}
    [g] = codes(fs, "GAP")
    # 2021-01-01 (excluded) and 2021-01-02 (between) are uncovered: one region of the sweep
    assert g.witness["day"] in ("2021-01-01", "2021-01-02")
    assert matched(pack2, {"day": _dt.date.fromisoformat(g.witness["day"])}) == set()
    assert pack2.evaluate(g.witness, as_of=AS_OF).values["d"] is None


def test_consecutive_days_leave_no_gap(tmp_path: Path) -> None:
    inputs = {"day": inp("date")}
    pack = make(tmp_path, [rule("R1", ["<= 2020-01-01"]), rule("R2", [">= 2020-01-02"], '"b"')],
                inputs=inputs)
    assert codes(analyse(pack), "GAP") == []


def test_collect_is_exempt_from_gaps(tmp_path: Path) -> None:
    for policy in ("COLLECT", "COLLECT SUM", "RULE ORDER"):
        pack = make(tmp_path / policy.replace(" ", "_"), [rule("R1", ["< 0"], "1")],
                    hit_policy=policy, outputs=[{"name": "out", "type": "number"}])
        assert codes(analyse(pack), "GAP") == []


def test_defaults_exempt_from_gaps(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 0"])],
                outputs=[{"name": "out", "default": "z"}])
    assert codes(analyse(pack), "GAP") == []


# --------------------------------------------------------------------------- masked, subsumed

def test_masked_in_first(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 10"]), rule("R2", ["[0..30]"], '"b"'),
                           rule("R3", ["[2..20]"], '"c"'), rule("R4", ["-"], '"d"')],
                hit_policy="FIRST")
    masked = codes(analyse(pack), "MASKED")
    assert [f.rules for f in masked] == [["R3"]]
    assert masked[0].severity == "warning"


def test_catch_all_in_first_is_not_masked_when_it_decides(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["< 10"]), rule("R2", ["-"], '"b"')], hit_policy="FIRST")
    assert codes(analyse(pack), "MASKED") == []


def test_masked_in_priority(tmp_path: Path) -> None:
    out = [{"name": "out", "type": "string", "allowed_values": ["high", "low"]}]
    pack = make(tmp_path, [rule("R1", ["[0..5]"], "low"), rule("R2", ["-"], "high")],
                hit_policy="PRIORITY", outputs=out)
    assert [f.rules for f in codes(analyse(pack), "MASKED")] == [["R1"]]


def test_subsumed(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["[0..5]"]), rule("R2", ["< 10"]),
                           rule("R3", [">= 10"], '"b"')], hit_policy="ANY")
    fs = analyse(pack)
    [s] = codes(fs, "SUBSUMED")
    assert s.severity == "info" and s.rules == ["R1", "R2"]
    assert codes(fs, "OVERLAP") == []     # same outputs under ANY


# --------------------------------------------------------------------------- the rest

def test_unused_input_and_dash_column(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "y": inp("number"), "spare": inp("string")}
    pack = make(tmp_path, [rule("R1", ["< 0", "-"]), rule("R2", [">= 0", "-"], '"b"')],
                inputs=inputs, columns=["x", "y"])
    unused = codes(analyse(pack), "UNUSED-INPUT")
    assert len(unused) == 2
    assert all(f.severity == "warning" for f in unused)
    assert any("'spare'" in f.message and f.file.endswith("pack.yaml") for f in unused)
    assert any("'y'" in f.message and f.decision == "d" for f in unused)


def test_skipped_cells_reported_once_and_never_cover(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "y": inp("number")}
    pack = make(tmp_path, [rule("R1", ["< y", "-"]), rule("R2", ["? > 3", "-"], '"b"'),
                           rule("R3", ["< 0", "-"], '"c"')], inputs=inputs)
    fs = analyse(pack)
    [s] = codes(fs, "ANALYSIS-SKIPPED")
    assert s.severity == "info" and s.rules == ["R1", "R2"]
    [g] = codes(fs, "GAP")                # R1 and R2 do not count as covering x >= 0
    assert g.witness["x"] == 0
    assert codes(fs, "OVERLAP") == []


def test_type_comparison_with_bare_allowed_value(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "kind": inp("string", allowed_values=["low", "high"])}
    pack = make(tmp_path, [rule("R1", ["< low", "-"]), rule("R2", ["-", "high"], '"b"')],
                inputs=inputs)
    [t] = codes(analyse(pack), "TYPE-COMPARISON")
    assert t.severity == "error" and t.rules == ["R1"] and "'low'" in t.message


def test_finding_json_and_diagnostic(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["<= 10"]), rule("R2", [">= 10"], '"b"')])
    [f] = codes(analyse(pack), "OVERLAP")
    j = f.to_json()
    assert j["code"] == "OVERLAP" and j["rules"] == ["R1", "R2"] and j["witness"] == {"x": 10}
    import json
    json.dumps(j)
    d = f.to_diagnostic()
    assert isinstance(d, Diagnostic) and d.severity == "error" and d.line == f.line


# --------------------------------------------------------------------------- bundled packs

@pytest.mark.parametrize("name", ["sikkerhedsstillelse", "familiesammenfoering"])
def test_bundled_packs_have_no_errors(name: str) -> None:
    findings = analyse(load_pack(ROOT / "rules" / name))
    assert [f for f in findings if f.severity == "error"] == []
    warnings = {(f.code, f.message) for f in findings if f.severity == "warning"}
    # sikkerhedsstillelse's substitution_type is read by security_defects since 1.1 (it says
    # whether the security facts describe a new security), so it has no warning either
    assert warnings == set()


def test_null_in_a_cell_is_outside_the_domain(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ["null, <= 0"]), rule("R2", ["> 0"], '"b"')])
    fs = analyse(pack)
    assert codes(fs, "ANALYSIS-SKIPPED") == []
    assert codes(fs, "GAP") == [] and codes(fs, "OVERLAP") == []


# --------------------------------------------------------------------------- durations

DAYS = {"x": inp("days and time duration")}
MONTHS = {"x": inp("years and months duration")}


def test_durations_meet_exactly(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ['< duration("P30D")']),
                           rule("R2", ['>= duration("P30D")'])], inputs=DAYS)
    assert analyse(pack) == []


def test_duration_open_ends_leave_the_point(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ['< duration("P30D")']),
                           rule("R2", ['> duration("P30D")'])], inputs=DAYS)
    (gap,) = codes(analyse(pack), "GAP")
    assert gap.witness == {"x": "P30D"}


def test_duration_overlap_and_gap_below(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ['[duration("P10D")..duration("P40D")]']),
                           rule("R2", ['>= duration("P30D")'])], inputs=DAYS)
    findings = analyse(pack)
    (overlap,) = codes(findings, "OVERLAP")
    assert overlap.rules == ["R1", "R2"] and overlap.witness is not None
    days = int(overlap.witness["x"][1:-1])
    assert 30 <= days <= 40
    (gap,) = codes(findings, "GAP")
    assert gap.witness is not None and int(gap.witness["x"][1:-1]) < 10


def test_consecutive_months_leave_no_gap(tmp_path: Path) -> None:
    pack = make(tmp_path, [rule("R1", ['<= duration("P1Y")']),
                           rule("R2", ['>= duration("P1Y1M")'])], inputs=MONTHS)
    assert codes(analyse(pack), "GAP") == []


def test_gap_beside_skipped_rules_names_them(tmp_path: Path) -> None:
    inputs = {"x": inp("number"), "y": inp("number")}
    pack = make(tmp_path, [rule("R1", ["< 0", "-"]), rule("R2", ["> y", "-"], '"b"')],
                inputs=inputs)
    gaps = codes(analyse(pack), "GAP")
    assert gaps and all("unless skipped rule R2 covers it" in g.message for g in gaps)


def test_gap_message_writes_the_witness_as_feel(tmp_path: Path) -> None:
    """The witness in the message is written as a cell would be: "text", false, dates."""
    inputs = {"kind": inp("string", allowed_values=["a", "b"]), "flag": inp("boolean"),
              "day": inp("date")}
    pack = make(tmp_path, [rule("R1", ["a", "-", "-"]), rule("R2", ["b", "true", "-"], '"b"')],
                inputs=inputs)
    [g] = codes(analyse(pack), "GAP")
    assert g.witness["kind"] == "b" and g.witness["flag"] is False
    assert 'kind = "b", flag = false' in g.message
