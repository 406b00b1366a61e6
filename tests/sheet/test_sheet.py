"""``regel sheet`` (issue 20): a pack as a workbook and back. The bundled packs and the
example pack come back with the same fingerprint; an edited cell comes back as that edit;
bad cells in three sheets are all reported, each with its workbook!sheet!cell; a workbook
written by LibreOffice reads as well."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regel.base.errors import PackError
from regel.load import load_pack
from regel.source.yamltree import load_yaml_file
from regel.tools.sheet import export_workbook
from regel.tools.sheet_import import import_workbook

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[2]
PACKS = [ROOT / "rules" / "sikkerhedsstillelse", ROOT / "rules" / "familiesammenfoering",
         ROOT / "examples" / "packs" / "library-fees"]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("books")
    return {p.name: export_workbook(p, out / f"{p.name}.xlsx") for p in PACKS}


def _cell(ws, row_name: str, column_id: str, rule: str | None = None):
    """The cell of a version sheet in the row named ``row_name`` in column A (or of rule
    ``rule``), in the column whose id is ``column_id``."""
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    col = next(c for c in range(2, ws.max_column + 1)
               if ws.cell(row=rows["id"], column=c).value == column_id)
    return ws.cell(row=rows[rule or row_name], column=col)


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_round_trip_keeps_the_fingerprint(pack: Path, books: dict[str, Path],
                                          tmp_path: Path) -> None:
    import_workbook(books[pack.name], tmp_path / "pack")
    assert load_pack(tmp_path / "pack").fingerprint == load_pack(pack).fingerprint
    # the tests and the other files come back too
    assert len(load_pack(tmp_path / "pack").tests) == len(load_pack(pack).tests)
    assert (tmp_path / "pack" / "README.md").read_text("utf-8") == (
        pack / "README.md").read_text("utf-8")


def test_a_version_sheet_is_the_table_as_legal_staff_know_it(books: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(books["sikkerhedsstillelse"])
    ws = book["validity_regime"]
    top = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 8)}
    assert top["hit policy"] == "UNIQUE" and top["valid from"] == "2002-01-01"
    assert _cell(ws, "label (da)", "applied").value == "Ansøgning indgivet"
    assert _cell(ws, "", "posted", rule="R2011").value == "[2011-01-01..2012-07-01)"
    assert _cell(ws, "", "regime", rule="R2011").value == "R2011"
    header = [c.value for c in ws[_cell(ws, "column", "posted").row]]
    source_col = header.index("source") + 1
    assert ws.cell(row=_cell(ws, "", "posted", rule="R2006").row, column=source_col).value \
        == "bek-934-2006 § 6\nus-nyhedsbrev-2014-12 gruppe 1"
    regime = _cell(ws, "", "regime", rule="R2011")
    drops = [dv for dv in ws.data_validations.dataValidation if regime.coordinate in dv.sqref]
    assert drops and drops[0].formula1 == '"R2006,R2011,R2012,R2018"'
    facts = [c.value for c in next(book["facts"].iter_cols(min_col=1, max_col=1))]
    assert "application_date" in facts


def test_an_edited_cell_comes_back_as_that_edit(books: dict[str, Path], tmp_path: Path) -> None:
    book = openpyxl.load_workbook(books["sikkerhedsstillelse"])
    _cell(book["validity_regime"], "", "posted", rule="R2011").value = \
        "[2011-01-01..2012-08-01)"
    book.save(tmp_path / "edited.xlsx")
    import_workbook(tmp_path / "edited.xlsx", tmp_path / "pack")
    before = load_yaml_file(PACKS[0] / "decisions" / "validity_regime.yaml")
    after = load_yaml_file(tmp_path / "pack" / "decisions" / "validity_regime.yaml")
    rules = before["versions"][0]["table"]["rules"]
    assert rules[1]["id"] == "R2011"
    rules[1]["when"]["posted"] = "[2011-01-01..2012-08-01)"
    assert after == before     # that edit and nothing else
    assert load_pack(tmp_path / "pack").fingerprint != load_pack(PACKS[0]).fingerprint


def test_bad_cells_in_three_sheets_are_all_reported_at_their_cells(
        books: dict[str, Path], tmp_path: Path) -> None:
    book = openpyxl.load_workbook(books["sikkerhedsstillelse"])
    feel = _cell(book["validity_regime"], "", "applied", rule="R2011")
    feel.value = "<= date(2017-11-15"                       # a missing )
    facts = book["facts"]
    type_col = [c.value for c in facts[1]].index("type") + 1
    fact_type = facts.cell(row=2, column=type_col)
    fact_type.value = "nummer"                              # not a type
    tests = book["tests"]
    facts_col = [c.value for c in tests[1]].index("facts") + 1
    test_facts = tests.cell(row=3, column=facts_col)
    test_facts.value = "{application_date: 2020-01-01"      # a YAML mapping not closed
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(PackError) as caught:
        import_workbook(tmp_path / "bad.xlsx", tmp_path / "pack")
    where = {(str(d.span.file) if d.span else "", d.code) for d in caught.value.diagnostics}
    assert (f"bad.xlsx!validity_regime!{feel.coordinate}", "FEEL-SYNTAX") in where
    assert (f"bad.xlsx!facts!{fact_type.coordinate}", "SCHEMA") in where
    assert (f"bad.xlsx!tests!{test_facts.coordinate}", "SHEET-YAML") in where
    assert not (tmp_path / "pack").exists()                  # nothing written
    text = str(caught.value)
    assert f"bad.xlsx!validity_regime!{feel.coordinate}: FEEL-SYNTAX" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_workbook_written_by_libreoffice(books: dict[str, Path], tmp_path: Path) -> None:
    for name in ("library-fees", "sikkerhedsstillelse"):
        src = tmp_path / "in" / f"{name}.xlsx"
        src.parent.mkdir(exist_ok=True)
        shutil.copy(books[name], src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"),
                        str(src)], check=True, capture_output=True, timeout=300)
        written = tmp_path / "lo" / f"{name}.xlsx"
        assert written.read_bytes() != books[name].read_bytes()
        import_workbook(written, tmp_path / name)
        pack = next(p for p in PACKS if p.name == name)
        assert load_pack(tmp_path / name).fingerprint == load_pack(pack).fingerprint


def test_without_openpyxl_a_clear_error(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['openpyxl'] = None\n"
            "from regel.cli import main\n"
            f"sys.exit(main(['sheet', 'export', 'examples/packs/library-fees', '-o', "
            f"{str(tmp_path / 'x.xlsx')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "SHEET-NO-OPENPYXL" in done.stderr and "pip install 'regel[sheet]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_help_examples_run(tmp_path: Path) -> None:
    """The examples of ``regel sheet --help``, in order, from a copy of the repository's
    example pack."""
    from regel.cli.sheet import HELP
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    lines = HELP.split("Examples:\n", 1)[1].strip().splitlines()
    assert len(lines) == 3
    for line in lines:
        args = line.split()
        assert args[0] == "regel"
        done = subprocess.run([sys.executable, "-m", "regel", *args[1:]], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
