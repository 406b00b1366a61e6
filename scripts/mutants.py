"""Random mutants of a rule pack through ``regel check``, in this process: how many end in a
traceback (an exception that is not the engine's ``RegelError``) or a hang, and which.

Issue 19 measured 1.1 % tracebacks over 3,000 mutants of the example pack. Each mutant
copies the pack, changes one of its YAML files (a byte changed, removed or added, a line
removed, doubled or moved, the file cut short, or a piece YAML or FEEL reads in a special
way put in; ``--changes N``: up to N such changes) and runs ``regel check`` on it,
catching everything. Not a test: tests/hostile/ holds the cases it found.

    python scripts/mutants.py                      # 3,000 mutants of library-fees, seed 19
    python scripts/mutants.py --count 500 --seed 7 --show 5
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from regel.base.errors import RegelError
from regel.cli import main

ROOT = Path(__file__).resolve().parents[1]

#: pieces that YAML or FEEL read in a special way, put in at a random place
PIECES = [
    b"\x00", b"\t", b"\r", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x1b[2J",
    b'"', b"'", b":", b": ", b"- ", b"#", b"&a ", b"*a", b"*b", b"!!python/object:os.system ",
    b"!!binary ", b"!!set ", b"!!omap ", b"? ", b"|", b">", b"{", b"}", b"[", b"]", b",",
    b"null: x\n", b"true: 1\n", b"~: 2\n", b"1: x\n", b"[a]: x\n", b"0450", b"7:30", b"0x1F",
    b".inf", b".nan", b"1e999999999", b"9" * 60, b"-", b"..", b"[1..", b"<<: *a\n",
    b"not(", b"date(\"2024-02-30\")", b"@\"P1Y\"", b"\\u", b"2023-02-29", b"2024-13-01",
    b"%YAML 1.1\n---\n", b"---\n", b"...\n", b"[" * 300, b"{a: " * 300, b"- " * 300,
    b"\n  ", b"\n- ", b"\n    ", b"    ",
]


def _mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One random change of ``data`` and its name."""
    kind = rng.choice(["flip", "delete", "insert", "piece", "piece", "line-delete",
                       "line-double", "line-move", "truncate"])
    lines = data.splitlines(keepends=True)
    at = rng.randrange(len(data) + 1)
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:], f"flip@{at}"
    if kind == "delete":
        n = rng.randint(1, 8)
        return data[:at] + data[at + n:], f"delete{n}@{at}"
    if kind == "insert":
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        return data[:at] + raw + data[at:], f"insert{raw!r}@{at}"
    if kind == "piece":
        piece = rng.choice(PIECES)
        return data[:at] + piece + data[at:], f"piece{piece[:20]!r}@{at}"
    if kind.startswith("line") and lines:
        i = rng.randrange(len(lines))
        if kind == "line-delete":
            return b"".join(lines[:i] + lines[i + 1:]), f"line-delete {i + 1}"
        if kind == "line-double":
            return b"".join(lines[:i + 1] + lines[i:]), f"line-double {i + 1}"
        j = rng.randrange(len(lines))
        moved = lines[:i] + lines[i + 1:]
        moved.insert(j, lines[i])
        return b"".join(moved), f"line-move {i + 1}->{j + 1}"
    return data[:at], f"truncate@{at}"


class _Hang(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _Hang


def _check(folder: Path, seconds: int) -> tuple[str, str]:
    """('ok' | 'error' | 'traceback' | 'hang', what) of ``regel check folder``."""
    out, err = io.StringIO(), io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(folder), "--lang", "en"])
        return ("ok" if code == 0 else "error"), ""
    except _Hang:
        return "hang", ""
    except RegelError as exc:       # not reached: main reports these
        return "error", exc.code
    except BaseException as exc:    # noqa: BLE001 - what the script counts
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
        return "traceback", f"{type(exc).__name__} ({where})|{str(exc).splitlines()[0][:100]}"
    finally:
        signal.alarm(0)


def run(pack: Path, count: int, seed: int, seconds: int, show: int,
        changes: int = 1) -> int:
    rng = random.Random(seed)
    files = sorted(p.relative_to(pack) for p in pack.rglob("*.yaml"))
    outcomes: collections.Counter[str] = collections.Counter()
    found: dict[str, list[str]] = collections.defaultdict(list)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="regel-mutants-") as tmp:
        for n in range(count):
            folder = Path(tmp) / f"m{n}"
            shutil.copytree(pack, folder)
            target = rng.choice(files)
            data, hows = (folder / target).read_bytes(), []
            for _ in range(rng.randint(1, changes)):
                data, how = _mutate(data, rng)
                hows.append(how)
            (folder / target).write_bytes(data)
            how = ", ".join(hows)
            outcome, what = _check(folder, seconds)
            outcomes[outcome] += 1
            if outcome in ("traceback", "hang"):
                kind, _, message = (what or outcome).partition("|")
                found[kind].append(f"mutant {n}: {target} {how}: {message}")
            shutil.rmtree(folder)
    took = time.monotonic() - start
    bad = outcomes["traceback"] + outcomes["hang"]
    print(f"{count} mutants of {pack.name} (seed {seed}) in {took:.0f} s: "
          f"{outcomes['ok']} ok, {outcomes['error']} engine errors, "
          f"{outcomes['traceback']} tracebacks, {outcomes['hang']} hangs "
          f"({100 * bad / count:.2f} % not an engine error)")
    for what, where in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(where):4d}  {what}")
        for line in where[:show]:
            print(f"          {line}")
    return 1 if bad else 0


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pack", type=Path, default=ROOT / "examples" / "packs" / "library-fees")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--seconds", type=int, default=10, help="a hang after this long")
    parser.add_argument("--show", type=int, default=3, help="mutants shown per finding")
    parser.add_argument("--changes", type=int, default=1,
                        help="at most this many changes in one file per mutant (default 1)")
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    return run(args.pack, args.count, args.seed, args.seconds, args.show, args.changes)


if __name__ == "__main__":
    raise SystemExit(_main())
