"""Start-up: ``regel eval`` on one case, against starting Python and importing the engine.

Each command runs in a fresh process (subprocess), ``--runs`` times, the commands taking
turns; the median wall time of each counts:

    (a) ``python -c pass``: the interpreter alone, the floor;
    (b) ``python -c "import regel"``: the package and its imports (Lark, PyYAML,
        jsonschema, rich, ...);
    (b2) ``python -c "import regel; regel.load_pack('sikkerhedsstillelse')"``: the
        import and the loading and checking of the bundled pack;
    (c) ``python -m regel eval sikkerhedsstillelse --case examples/cases/01-...yaml``:
        the whole command: import, load and check the bundled pack, evaluate the case's
        decisions, print the results;
    (d) the ``regel`` console script installed next to this Python, if there is one (the
        same command as (c) through the entry point; a pyenv shim on PATH would add its own
        start-up, so the script beside ``sys.executable`` is used).

It prints the medians and the ratios (c)/(a), (c)/(b) and (c)/(b2). With ``--importtime`` it also
runs (c) once under ``python -X importtime`` and lists the slowest imports.

    python benchmarks/startup.py [--runs 7] [--case FILE] [--json] [--importtime]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = "examples/cases/01-ny-ansoegning-2024-proever-bestaaet.yaml"
PACK = "sikkerhedsstillelse"


def run(cmd: list[str]) -> float:
    """Wall time of one run; stops the benchmark if the command fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or (cmd[-1] != "pass" and "import" not in cmd[-1]
                                and not done.stdout):
        raise SystemExit(f"startup: {' '.join(cmd)} failed (exit {done.returncode}):\n"
                         f"{done.stderr.decode(errors='replace')}")
    return elapsed


def import_times(cmd: list[str], top: int = 15) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the slowest imports of ``cmd``."""
    done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = (part.strip() for part in line[12:].split("|"))
        rows.append((int(cumulative), int(own), name))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs of each command; the "
                        "median counts (default 7)")
    parser.add_argument("--case", default=CASE, help=f"the case file (default {CASE})")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--importtime", action="store_true",
                        help="also list the slowest imports of the eval command")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    py = sys.executable
    commands = {
        "pass": ("python -c pass", [py, "-c", "pass"]),
        "import": ('python -c "import regel"', [py, "-c", "import regel"]),
        "load": (f'python -c "import regel; regel.load_pack({PACK!r})"',
                 [py, "-c", f"import regel; regel.load_pack({PACK!r})"]),
        "eval": (f"python -m regel eval {PACK} --case {Path(args.case).name}",
                 [py, "-m", "regel", "eval", PACK, "--case", args.case]),
    }
    script = Path(py).parent / ("regel.exe" if os.name == "nt" else "regel")
    if script.is_file():
        commands["script"] = (f"regel eval {PACK} --case {Path(args.case).name}",
                              [str(script), "eval", PACK, "--case", args.case])

    for _, cmd in commands.values():  # warm the file cache and the .pyc files once
        run(cmd)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for key, (_, cmd) in commands.items():
            times[key].append(run(cmd))
    median = {k: statistics.median(v) for k, v in times.items()}
    ratio_pass = median["eval"] / median["pass"]
    ratio_import = median["eval"] / median["import"]
    ratio_load = median["eval"] / median["load"]
    slow = import_times(commands["eval"][1]) if args.importtime else []

    if args.json:
        print(json.dumps({
            "runs": args.runs, "case": args.case,
            "median_ms": {commands[k][0]: round(v * 1000, 1) for k, v in median.items()},
            "eval_over_python": round(ratio_pass, 2),
            "eval_over_import_engine": round(ratio_import, 2),
            "eval_over_import_and_load": round(ratio_load, 2),
            "slowest_imports": [{"module": n, "cumulative_ms": round(c / 1000, 1),
                                 "self_ms": round(s / 1000, 1)} for c, s, n in slow],
        }, indent=2))
        return 0

    print(f"start-up, fresh process each run, median of {args.runs} (wall time)")
    width = max(len(label) for label, _ in commands.values())
    for key, (label, _) in commands.items():
        spread = f"{min(times[key]) * 1000:.0f}-{max(times[key]) * 1000:.0f}"
        print(f"  {label:{width}} {median[key] * 1000:6.0f} ms  (range {spread} ms)")
    print(f"regel eval / python -c pass: {ratio_pass:.1f}x; "
          f"regel eval / import regel: {ratio_import:.1f}x; "
          f"regel eval / import + load_pack: {ratio_load:.2f}x; "
          f"import regel / python -c pass: {median['import'] / median['pass']:.1f}x")
    if slow:
        print("slowest imports of the eval command (python -X importtime, one run):")
        print(f"  {'cumulative':>10} {'self':>8}  module")
        for cumulative, own, name in slow:
            print(f"  {cumulative / 1000:8.1f}ms {own / 1000:6.1f}ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
