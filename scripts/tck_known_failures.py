"""Write tests/conformance/level3_known_failures.csv from a run of the DMN TCK's compliance
level 3: every test case that does not pass today, with the one-line reason `regel tck`
gives. tests/conformance/test_tck_level3.py marks each of them xfail(strict=True), and
fails when the file is stale either way (a listed case passes, or a case fails unlisted).

    python scripts/tck_known_failures.py            # rewrite the file from a run
    python scripts/tck_known_failures.py --check    # exit 1 (and say what) if it is stale

The columns: folder (the test folder), test_file (without .xml), case_id, reason.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from regel.tools.tck import CaseOutcome, run_tck

ROOT = Path(__file__).resolve().parents[1]
LEVEL3 = ROOT.parent / "shared" / "dmn-tck" / "compliance-level-3"
KNOWN = ROOT / "tests" / "conformance" / "level3_known_failures.csv"
COLUMNS = ["folder", "test_file", "case_id", "reason"]
REASON_CHARS = 200


def reason(outcome: CaseOutcome, tck: Path) -> str:
    """The outcome's message on one line, without the TCK's place on this machine."""
    text = " ".join(f"{outcome.result}: {outcome.message}".split())
    text = text.replace(f"{tck}/", "")
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "…"


def known_failures(tck: Path) -> str:
    """The file's text: a header and one row per test case that does not pass."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for o in run_tck(tck):
        if o.result != "SUCCESS":
            writer.writerow([o.folder.rpartition("/")[2], o.test_file, o.case_id,
                             reason(o, tck)])
    return out.getvalue()


def _keys(text: str) -> set[tuple[str, str, str]]:
    return {(r["folder"], r["test_file"], r["case_id"])
            for r in csv.DictReader(io.StringIO(text))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tck", type=Path, default=LEVEL3, help="the level 3 folder")
    parser.add_argument("--out", type=Path, default=KNOWN, help="the file to write")
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    args = parser.parse_args(argv)
    if not args.tck.is_dir():
        print(f"no DMN TCK at {args.tck}", file=sys.stderr)
        return 2
    text = known_failures(args.tck.resolve())
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    now, before = _keys(text), _keys(old) if old else set()
    print(f"{len(now)} known failures; {len(before - now)} now pass, "
          f"{len(now - before)} newly fail")
    if args.check:
        return 0 if now == before else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
