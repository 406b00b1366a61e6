"""Issue 20, the editing loop without traps (part 2): one error gives one message, witnesses
paste into a test, `regel test` shows what matters, and a gap is an error in a decision
that must always answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from regel.base.errors import PackError
from regel.load.build import load_pack

ROOT = Path(__file__).resolve().parents[2]
SIKKERHED = ROOT / "rules" / "sikkerhedsstillelse"


def _copy(tmp_path: Path, pack: Path = SIKKERHED) -> Path:
    folder = tmp_path / pack.name
    shutil.copytree(pack, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- 1. one error

CELL = 'posted: "[2011-01-01..2012-07-01)"'


@pytest.mark.parametrize(("cell", "broken"), [
    (CELL, 'posted: "[2011-01-01..2012-07-01"'),          # a missing ')'
    (CELL, 'posted: "[2011-01-01..2012-07-01)))"'),       # one too many
    ("then: R2011", 'then: "R2011 +"'),                  # an output cell
    ("expression: application_date", "expression: application_date)"),   # a column
])
def test_a_syntax_error_in_a_decision_is_the_only_error(tmp_path: Path, cell: str,
                                                        broken: str) -> None:
    pack = _copy(tmp_path)
    _edit(pack / "decisions" / "validity_regime.yaml", cell, broken)
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    found = [(d.code, Path(d.span.file).name if d.span else None)
             for d in caught.value.diagnostics]
    assert found == [("FEEL-SYNTAX", "validity_regime.yaml")]


def test_a_real_unknown_name_below_a_broken_decision_is_still_reported(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    _edit(pack / "decisions" / "validity_regime.yaml", CELL, 'posted: "[2011-01-01..2012-07-01"')
    _edit(pack / "decisions" / "validity_years.yaml", "when: [R2011, ", "when: [R2O11, ")
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    found = [(d.code, Path(d.span.file).name if d.span else None, d.values.get("name"))
             for d in caught.value.diagnostics]
    assert found == [("FEEL-SYNTAX", "validity_regime.yaml", None),
                     ("UNKNOWN-NAME", "validity_years.yaml", "R2O11")]
