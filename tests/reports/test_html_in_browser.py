"""The HTML report in a real browser: headless Chromium (Debian's `chromium`, which
.ci/run installs) renders it, the decisive rule, its citation and the result are on the
page, and it prints to a non-empty A4 PDF of a sensible length, numbered on every page.
Every example case on paper, checked word by word: test_print.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from regel.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _run(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, timeout=120)


def test_report_renders_and_prints(chromium: str, tmp_path: Path) -> None:
    html = tmp_path / "forklaring.html"
    assert main(["explain", "sikkerhedsstillelse", "--case", str(CASE), "--format", "html",
                 "-o", str(html)]) == 0
    source = html.read_text("utf-8")
    # the sources' addresses are links to follow; nothing is loaded from the network
    assert re.search(r'<a href="https://', source)
    loads = re.findall(r'(?:src|srcset|poster|data)\s*=\s*"[^"]*|url\([^)]*\)|@import[^;]*'
                       r'|<link[^>]*>|<script[^>]*>', source)
    assert loads == [], "a standalone report loads nothing from the network"

    dom = _run(chromium, tmp_path, "--dump-dom", html.as_uri())
    page = dom.stdout.decode("utf-8")
    assert dom.returncode == 0 and "<html" in page
    # the series is the version of the law in force on the application date (1.1)
    assert "regler gældende fra 1. juli 2018 til 1. juli 2024" in page
    assert "L 231 (2017-18), § 1, nr. 1–2" in page     # and its citation, with its footnote
    assert 'href="#source-' in page and 'id="source-' in page
    assert "Sikkerheden nedsættes med 10.612,08 kr. til 70.579,92 kr. med virkning fra " \
        "8. februar 2021." in page                     # the reduction's answer

    pdf = tmp_path / "forklaring.pdf"
    printed = _run(chromium, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                   html.as_uri())
    assert printed.returncode == 0 and pdf.exists()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 2 <= pages <= 12, f"{pages} pages"
    if shutil.which("pdftotext"):                      # poppler-utils, which .ci/run installs
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        for n in range(1, pages + 1):                   # the page's own margin, not Chromium's
            assert f"Side {n} af {pages}" in text.split("\f")[n - 1]
