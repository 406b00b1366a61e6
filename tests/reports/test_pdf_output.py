"""`regel explain --format pdf` and the print style sheet (issue 18): the PDF is an A4
report with the page number and case id on every page, in the report's language; without
WeasyPrint, or without the Pango libraries it needs, an engine error says what to install
(never a traceback); a PDF needs -o. ``print_css`` puts the case id into CSS safely."""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from regel.cli import main
from regel.report.css import css_string, print_css

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"


def _explain(*extra: str) -> int:
    return main(["explain", "sikkerhedsstillelse", "--case", str(CASE), *extra])


@pytest.mark.parametrize("lang,case,page", [
    ("da", "Sag: sik-03-nedsaettelse-a2", "Side {n} af {pages}"),
    ("en", "Case: sik-03-nedsaettelse-a2", "Page {n} of {pages}"),
])
def test_the_pdf_is_a4_with_page_numbers_and_the_case(lang: str, case: str, page: str,
                                                      tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="regel[pdf] is not installed here")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed here (CI installs poppler-utils)")
    out = tmp_path / "forklaring.pdf"
    assert _explain("--format", "pdf", "--lang", lang, "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    boxes = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True,
                           check=True).stdout.decode("utf-8")
    sizes = re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', boxes)
    assert sizes and all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1
                         for w, h in sizes), sizes                      # A4 in points
    text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8").split("\f")
    for n in range(1, len(sizes) + 1):
        assert case in text[n - 1]
        assert page.format(n=n, pages=len(sizes)) in text[n - 1]


def test_pdf_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert _explain("--format", "pdf", "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "--format pdf writes a file: add -o FILE.pdf" in err and "Traceback" not in err


def _without(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """``import weasyprint`` raises ``error``, as where it (or Pango) is not installed."""
    real = builtins.__import__
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)


@pytest.mark.parametrize("error,lang,words", [
    (ModuleNotFoundError("No module named 'weasyprint'"), "en",
     "REPORT-PDF-MISSING: PDF needs the optional part: pip install 'regel[pdf]'"),
    (ModuleNotFoundError("No module named 'weasyprint'"), "da",
     "REPORT-PDF-MISSING: PDF kræver den valgfrie del: pip install 'regel[pdf]'"),
    (OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
             "object file"), "en", "PDF needs the text libraries Pango and HarfBuzz, which "
     "could not be loaded (cannot load library 'libpango-1.0-0'"),
    (OSError("cannot load library 'libpango-1.0-0'"), "da",
     "apt-get install libpango-1.0-0 libpangoft2-1.0-0"),
])
def test_without_weasyprint_an_error_says_what_to_install(
        error: Exception, lang: str, words: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _without(monkeypatch, error)
    out = tmp_path / "forklaring.pdf"
    assert _explain("--format", "pdf", "--lang", lang, "-o", str(out)) == 1   # EXIT_ERROR
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not out.exists()


def test_the_other_formats_do_not_need_weasyprint(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    _without(monkeypatch, ModuleNotFoundError("No module named 'weasyprint'"))
    assert _explain("--format", "html", "-o", str(tmp_path / "f.html")) == 0


def test_the_help_says_how_to_get_a_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["explain", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--format pdf" in text and "-o FILE" in text and "regel[pdf]" in text


@pytest.mark.parametrize("lang,case,words", [
    ("da", "sag-1", ['"Sag: sag-1"', '"Side " counter(page) " af " counter(pages)']),
    ("en", "case 7", ['"Case: case 7"', '"Page " counter(page) " of " counter(pages)']),
])
def test_every_page_has_its_number_and_the_case(lang: str, case: str,
                                                words: list[str]) -> None:
    css = print_css(lang, case)
    assert "size: A4" in css
    for w in words:
        assert w in css
    assert "@bottom-left" not in print_css(lang, None)       # no case, no case line


@pytest.mark.parametrize("text,quoted", [
    ('a"b', '"a\\22 b"'),
    ("a\\b", '"a\\5c b"'),
    ("</style><script>", '"\\3c /style\\3e \\3c script\\3e "'),
    ("line\nbreak", '"line\\a break"'),
    ("Ærø § 9", '"Ærø § 9"'),
])
def test_a_case_id_cannot_break_out_of_the_style_sheet(text: str, quoted: str) -> None:
    assert css_string(text) == quoted
    assert "</style" not in print_css("da", text).lower()


def test_print_shows_what_the_screen_shows() -> None:
    """Nothing in the print rules hides content (the old sheet folded the rules that did
    not apply away on paper)."""
    css = print_css("da", "x")
    printed = css[css.index("@media print"):]
    assert "display: none" not in printed and "visibility: hidden" not in printed
    assert "content-visibility: visible" in printed     # even a closed <details> prints open
