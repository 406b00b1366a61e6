"""failed_decisions: a decision that cannot be decided stops the evaluation (packs), or is
null with a warning while the decisions that use it go on (DMN, and packs that ask)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from regel import load_dmn, load_pack
from regel.base.errors import EvaluationError
from tests.packbuilder import write_pack

AS_OF = dt.date(2024, 1, 1)
# 'band' has two UNIQUE rules that both match n = 5; 'label' reads band and goes on
BAND = {"id": "band", "label": {"da": "Gruppe", "en": "Band"}, "requires": {"inputs": ["x"]},
        "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                      "table": {"hit_policy": "UNIQUE", "inputs": [{"expression": "x"}],
                                "outputs": [{"name": "band", "type": "string"}],
                                "rules": [{"id": "R1", "when": ["<= 5"], "then": '"low"'},
                                          {"id": "R2", "when": [">= 5"], "then": '"high"'}]}}]}
LABEL = {"id": "label", "label": {"da": "Tekst", "en": "Text"},
         "requires": {"decisions": ["band"]},
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                       "expression": 'if band = null then "unknown" else band',
                       "type": "string"}]}


def _pack(tmp_path: Path, **fields: Any) -> Any:
    return load_pack(write_pack(tmp_path / "pack", [BAND, LABEL], **fields))


def test_a_pack_stops_at_a_decision_that_fails(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    assert pack.failed_decisions == "stop"
    with pytest.raises(EvaluationError) as err:
        pack.evaluate({"x": D(5)}, as_of=AS_OF)
    assert (err.value.code, err.value.source) == ("HIT-POLICY-VIOLATED", "band")


def test_failed_decisions_null_goes_on_with_a_warning(tmp_path: Path) -> None:
    pack = _pack(tmp_path, failed_decisions="null")
    result = pack.evaluate({"x": D(5)}, as_of=AS_OF)
    assert result.values == {"band": None, "label": "unknown"}
    [w] = result.warnings
    assert (w.code, w.decision) == ("DECISION-FAILED", "band")
    assert w.message.startswith("HIT-POLICY-VIOLATED: ") and w.message.endswith(
        "; as in DMN, the result is null")
    assert w.text("da").endswith("som i DMN er resultatet null")
    assert [x.code for x in result.trace.decision("band").warnings] == ["DECISION-FAILED"]
    # a case without the conflict is untouched
    assert pack.evaluate({"x": D(1)}, as_of=AS_OF).values == {"band": "low", "label": "low"}


def test_dmn_models_fail_to_null_and_exported_packs_keep_stopping(tmp_path: Path) -> None:
    from regel.dmn.writer import write_dmn
    model = tmp_path / "m.dmn"
    model.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" id="m" '
        'namespace="https://example.org/m">\n'
        '  <inputData id="i" name="x"><variable name="x" typeRef="number"/></inputData>\n'
        '  <decision id="d" name="band">\n'
        '    <informationRequirement><requiredInput href="#i"/></informationRequirement>\n'
        '    <decisionTable hitPolicy="UNIQUE">\n'
        '      <input><inputExpression typeRef="number"><text>x</text></inputExpression>'
        '</input>\n'
        '      <output typeRef="string"/>\n'
        '      <rule><inputEntry><text>&lt;= 5</text></inputEntry>'
        '<outputEntry><text>"low"</text></outputEntry></rule>\n'
        '      <rule><inputEntry><text>&gt;= 5</text></inputEntry>'
        '<outputEntry><text>"high"</text></outputEntry></rule>\n'
        '    </decisionTable>\n'
        '  </decision>\n'
        '</definitions>\n', encoding="utf-8")
    dmn = load_dmn(model)
    assert dmn.failed_decisions == "null"
    assert dmn.evaluate({"x": D(5)}, as_of=AS_OF, trace=False).values == {"band": None}
    exported = tmp_path / "pack.dmn"
    exported.write_bytes(write_dmn(_pack(tmp_path)))
    again = load_dmn(exported)
    assert (again.feel_dialect, again.failed_decisions) == ("dmn", "stop")
    with pytest.raises(EvaluationError):
        again.evaluate({"x": D(5)}, as_of=AS_OF)
