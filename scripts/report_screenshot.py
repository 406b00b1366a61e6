"""Write docs/report-example.png: page 1 of the Danish report of example case 03, as a
caseworker prints it. The report is rendered as HTML by `regel explain`, printed to A4 by
headless Chromium (as tests/reports/test_print.py does), and page 1 is drawn at 80 dpi by
poppler's pdftoppm. Needs `chromium` and `pdftoppm` (poppler-utils) on the PATH.

    python scripts/report_screenshot.py            # rewrite docs/report-example.png
    python scripts/report_screenshot.py -o X.png   # write it elsewhere
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from regel.cli import main

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"
PNG = ROOT / "docs" / "report-example.png"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DPI = 80


def screenshot(out: Path) -> None:
    """Page 1 of case 03's Danish report, printed by Chromium, as the PNG ``out``."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("pdftoppm") is None:
        sys.exit("needs chromium and pdftoppm (Debian: apt-get install chromium poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        html, pdf = Path(tmp) / "forklaring.html", Path(tmp) / "forklaring.pdf"
        if main(["explain", "sikkerhedsstillelse", "--case", str(CASE), "--format", "html",
                 "--lang", "da", "-o", str(html)]) != 0:
            sys.exit("regel explain failed")
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                        f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
                       check=True, capture_output=True, timeout=120)
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stem.with_suffix(".png"), out)


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=PNG, help="the PNG to write")
    args = parser.parse_args(argv)
    screenshot(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
