"""Machine instructions per case of the bundled pack's main decisions, hand-written and
through the engine, counted by valgrind's callgrind (so the machine's load does not move
them, as it moves a time by a fifth within an hour).

For each row it runs this script in a child process under
``valgrind --tool=callgrind``, once evaluating no case and once evaluating the cases
``--rounds`` times (after the same warm-up: every case evaluated once, so that generated
code is made), and divides the difference by the number of evaluations: what one case
costs, without the start-up, the pack's loading and the warm-up. The rows are those of
``pack_main.py``: (a) the hand-written functions, (b) ``pack.evaluate(trace=False)``,
(c) ``pack.evaluate(trace=True)``; it prints each count and b/a and c/b. An instruction
count is not a time (a cache miss or a mispredicted branch costs many): it tells whether
a change to generated code did less work, exactly, where a timed run cannot.

    python benchmarks/pack_instructions.py [--cases 1000] [--rounds 2] [--json]

It needs valgrind (``apt install valgrind``); without it, it says so and stops.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = {"a": "hand-written Python", "b": "pack.evaluate(trace=False)",
        "c": "pack.evaluate(trace=True)"}


def child(row: str, cases: int, rounds: int) -> None:
    """The evaluations one count measures (run under callgrind by ``count``)."""
    sys.path.insert(0, str(HERE))
    import pack_main as pm  # the cases and the hand-written rules

    import regel

    pack = regel.load_pack(pm.PACK)
    jobs = [(c, pm.as_of(c)) for c in pm.make_cases(cases)]
    traced = row == "c"
    for c, day in jobs:         # the warm-up: generated code made for every case's way
        pack.evaluate(c, decisions=pm.DECISIONS, as_of=day, trace=traced)
        pack.evaluate(c, decisions=pm.DECISIONS, as_of=day, trace=traced)
    for _ in range(rounds):
        for c, day in jobs:
            if row == "a":
                pm.hand(c)
            else:
                pack.evaluate(c, decisions=pm.DECISIONS, as_of=day, trace=traced)


def count(row: str, cases: int, rounds: int) -> int:
    """The instructions callgrind counts for the child evaluating ``rounds`` rounds."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         str(Path(__file__).resolve()), "--child", row, "--cases", str(cases),
         "--rounds", str(rounds)], capture_output=True, text=True, check=False)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"pack_instructions: valgrind failed for row {row}:\n"
                         f"{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("--child", choices=list(ROWS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cases, args.rounds)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("pack_instructions: valgrind is not installed "
                         "(apt install valgrind); nothing counted")
    per_case = {}
    for row in ROWS:
        work = count(row, args.cases, args.rounds) - count(row, args.cases, 0)
        per_case[row] = round(work / (args.cases * args.rounds))
    if args.json:
        print(json.dumps(per_case))
        return
    print(f"instructions per case ({args.cases} cases x {args.rounds} rounds, callgrind)")
    for row, what in ROWS.items():
        print(f"({row}) {what:32s} {per_case[row]:>9,}")
    print(f"engine/hand-written: {per_case['b'] / per_case['a']:.2f}x; "
          f"traced/untraced: {per_case['c'] / per_case['b']:.2f}x")


if __name__ == "__main__":
    main()
