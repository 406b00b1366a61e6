"""How the table analysis (regel.analysis.tables) scales with the number of rules.

Generates UNIQUE tables of 100, 500 and 1,500 rules over 5 inputs (a number with ranges, a
date with ranges, an enumeration, a boolean and another number), mostly a partition of the
input space, with a few planted overlaps and gaps; prints the analysis time per size, the
growth factor, and the findings. Target: the 1,500-rule table in under 10 s.

    python benchmarks/analysis_scale.py [SIZES...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regel import load_pack  # noqa: E402
from regel.analysis.tables import analyse  # noqa: E402

INPUTS = {
    "amount": {"type": "number", "label": {"da": "Beløb", "en": "Amount"}},
    "day": {"type": "date", "label": {"da": "Dato", "en": "Date"}},
    "kind": {"type": "string", "label": {"da": "Art", "en": "Kind"},
             "allowed_values": ["x", "y", "z"]},
    "flag": {"type": "boolean", "label": {"da": "Flag", "en": "Flag"}},
    "count": {"type": "number", "label": {"da": "Antal", "en": "Count"}},
}


def rules(size: int) -> list[dict[str, Any]]:
    """Groups of 8 rules over one amount range [10g..10g+10): every (flag, kind, day)
    combination once. Planted: an amount range widened into the next group (overlap) every
    10 groups, a missing rule (gap) every 15 groups, a bounded count every 5 groups (gaps
    below and above it). Disjoint rules on negative amounts fill up to ``size``."""
    out: list[dict[str, Any]] = []
    groups = (size - 2) // 8
    for g in range(groups):
        for j in range(8):
            if g % 15 == 7 and j == 7:
                continue                                   # planted gap
            hi = 10 * g + (15 if g % 10 == 9 and j == 0 else 10)   # planted overlap
            out.append({
                "id": f"G{g}-{j}",
                "when": [f"[{10 * g}..{hi})",
                         "< 2020-01-01" if j & 4 else ">= 2020-01-01",
                         "x, y" if j & 2 else "z",
                         bool(j & 1),
                         "[0..1000]" if g % 5 == 2 else "-"],
                "then": f'"r{g % 7}"'})
    out.append({"id": "HIGH", "when": [f">= {10 * groups}", "-", "-", "-", "-"],
                "then": '"high"'})
    pads = max(0, size - len(out) - 1)                     # fill up with disjoint rules
    for k in range(pads):
        out.append({"id": f"P{k}", "when": [f"[{-k - 1}..{-k})", "-", "-", "-", "-"],
                    "then": '"pad"'})
    out.append({"id": "LOW", "when": [f"< {-pads}", "-", "-", "-", "-"], "then": '"low"'})
    return out


def build(root: Path, size: int) -> Path:
    (root / "decisions").mkdir(parents=True)
    pack = {"id": "bench", "title": {"da": "Bench", "en": "Bench"}, "version": "1",
            "jurisdiction": "test", "inputs": INPUTS}
    (root / "pack.yaml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    decision = {
        "id": "big", "label": {"da": "Stor", "en": "Big"},
        "requires": {"inputs": list(INPUTS)},
        "versions": [{"valid_from": "2000-01-01", "source": "Benchmark § 1", "table": {
            "hit_policy": "UNIQUE", "inputs": [{"expression": i} for i in INPUTS],
            "outputs": [{"name": "out"}], "rules": rules(size)}}]}
    (root / "decisions" / "big.yaml").write_text(yaml.safe_dump(decision, sort_keys=False),
                                                 encoding="utf-8")
    return root


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 500, 1500]
    results: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            pack = load_pack(build(Path(tmp) / f"p{size}", size))
            start = time.perf_counter()
            findings = analyse(pack)
            elapsed = time.perf_counter() - start
            results.append((size, elapsed))
            count = Counter(f.code for f in findings)
            print(f"{size:>6} rules: {elapsed:7.3f} s   findings: "
                  + ", ".join(f"{c} {n}" for c, n in sorted(count.items())))
    for (s0, t0), (s1, t1) in zip(results, results[1:], strict=False):
        print(f"{s0} -> {s1} rules (x{s1 / s0:.1f}): time x{t1 / max(t0, 1e-9):.1f}")
    largest = results[-1]
    ok = largest[1] < 10.0
    print(f"{largest[0]} rules in {largest[1]:.2f} s: {'OK' if ok else 'TOO SLOW'} (target < 10 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
