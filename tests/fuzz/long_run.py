"""The long fuzz run of issue 19 (slow: not part of the test suite, which collects only
``test_*.py``): at least 100,000 inputs per family, drawn by hypothesis from the strategies
the standing tests use, each judged by its family's oracle (``oracles.py``).

    python -m tests.fuzz.long_run                          # 100,000 per family, 5 families
    python -m tests.fuzz.long_run --count 2000 --families feel,batch --jobs 2
    python -m tests.fuzz.long_run --replay DIR             # one saved input again

The inputs are judged in worker processes (``--jobs``, default: every core), each with a
memory cap (``--memory``, MB of address space) and a time bound per input (``--timeout``,
seconds; a worker stuck past three bounds is killed and its input counts as a hang). A
worker runs one chunk of ``--chunk`` inputs from its own seed and ends, so that no state
builds up. Every finding is saved with its input under ``--out`` for ``--replay``.

Exit status 1 when any input gave an uncaught exception, a hang, memory exhaustion or a
wrong answer, except the known issues being fixed elsewhere (``oracles.known_issue``),
which are listed apart (``--strict`` counts them too).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: how many inputs of one signature a worker saves
SAVED_PER_SIGNATURE = 3


# ----------------------------------------------------------------------------- the worker

def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@dataclass
class _Tally:
    family: str
    seed: int
    inputs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    findings: list[dict[str, Any]] = field(default_factory=list)
    saved: Counter[str] = field(default_factory=Counter)
    harness: str | None = None
    parent: int = field(default_factory=os.getppid)


def _visit(family: Any, tally: _Tally, workdir: Path, value: Any) -> None:
    from tests.fuzz.oracles import known_issue  # lazy: the parent does not import regel

    if os.getppid() != tally.parent:        # the run was stopped: stop with it
        os._exit(3)

    try:
        (workdir / "current.pickle").write_bytes(pickle.dumps(value))
    except (pickle.PicklingError, TypeError, MemoryError, RecursionError):
        pass
    outcome = family.check(value)
    tally.inputs += 1
    tally.kinds[outcome.kind] += 1
    if outcome.kind == "error":
        tally.codes[outcome.code] += 1
    if outcome.ok:
        if tally.inputs % 100 == 0:
            (workdir / "progress").write_text(str(tally.inputs))
        return
    signature, known = outcome.signature, known_issue(outcome)
    saved = None
    if tally.saved[signature] < SAVED_PER_SIGNATURE:
        tally.saved[signature] += 1
        folder = workdir.parent.parent / "findings" / family.name / \
            f"{outcome.kind}-{tally.seed}-{tally.inputs}"
        try:
            family.save(value, folder)
            (folder / "outcome.txt").write_text(f"{signature}\nknown: {known}\n\n"
                                                f"{outcome.detail}\n", encoding="utf-8")
            (folder / "family.txt").write_text(family.name + "\n", encoding="utf-8")
            saved = str(folder)
        except (OSError, pickle.PicklingError, TypeError, MemoryError, RecursionError):
            saved = None
    tally.findings.append({"signature": signature, "kind": outcome.kind, "code": outcome.code,
                           "known": known, "saved": saved,
                           "detail": outcome.detail[-2000:]})


def _worker(args: argparse.Namespace) -> int:
    from hypothesis import HealthCheck, Phase, given, seed, settings  # lazy: worker only

    from tests.fuzz import oracles

    oracles.LIMIT_SECONDS = args.timeout
    family = oracles.FAMILIES[args.worker]
    workdir = Path(args.workdir)
    tally = _Tally(family.name, args.seed)
    _limit_memory(args.memory)
    started = time.process_time()

    @seed(args.seed)
    @settings(max_examples=args.count, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(family.strategy())
    def run(value: Any) -> None:
        _visit(family, tally, workdir, value)

    try:
        run()
    except BaseException as exc:  # the harness itself (generation out of memory, say)
        tally.harness = f"{type(exc).__name__}: {str(exc)[:500]}"
    result = {"family": tally.family, "seed": tally.seed, "inputs": tally.inputs,
              "kinds": dict(tally.kinds), "codes": dict(tally.codes),
              "findings": tally.findings, "harness": tally.harness,
              "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              "cpu": time.process_time() - started}
    (workdir / "result.json").write_text(json.dumps(result), encoding="utf-8")
    return 0


# ----------------------------------------------------------------------------- the parent

FAMILY_NAMES = ["feel", "packs", "dmn", "cases", "batch"]


@dataclass
class _Family:
    name: str
    target: int
    inputs: int = 0
    planned: int = 0          # inputs the running workers were asked for
    kinds: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    findings: list[dict[str, Any]] = field(default_factory=list)
    harness: list[str] = field(default_factory=list)
    peak_kb: int = 0
    cpu: float = 0.0
    chunks: int = 0
    stopped: bool = False

    @property
    def wanted(self) -> int:
        return 0 if self.stopped else self.target - self.inputs - self.planned


@dataclass
class _Job:
    family: _Family
    seed: int
    count: int
    workdir: Path
    process: subprocess.Popen[bytes]
    started: float


def _seed(base: int, family: str, chunk: int) -> int:
    return (base * 1_000_003 + FAMILY_NAMES.index(family) * 100_003 + chunk) % 2**32


def _start(fam: _Family, args: argparse.Namespace, out: Path) -> _Job:
    count = min(args.chunk, fam.wanted)
    seed = _seed(args.seed, fam.name, fam.chunks)
    fam.chunks += 1
    fam.planned += count
    workdir = out / "runs" / f"{fam.name}-{seed}"
    workdir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "tests.fuzz.long_run", "--worker", fam.name,
               "--seed", str(seed), "--count", str(count), "--workdir", str(workdir),
               "--memory", str(args.memory), "--timeout", str(args.timeout)]
    with open(workdir / "stderr.txt", "wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    return _Job(fam, seed, count, workdir, process, time.monotonic())


def _progress(job: _Job) -> int:
    try:
        return int((job.workdir / "progress").read_text())
    except (OSError, ValueError):
        return 0


def _stale(job: _Job, limit: float) -> bool:
    """Whether the worker has been on one input for longer than ``limit`` seconds."""
    marks = [job.workdir / "current.pickle", job.workdir / "progress"]
    times = [p.stat().st_mtime for p in marks if p.exists()]
    if not times:
        return time.monotonic() - job.started > limit + 60     # still starting
    return time.time() - max(times) > limit


def _dead(job: _Job, kind: str, out: Path) -> dict[str, Any]:
    """A worker that died or was killed: its current input is the finding."""
    folder = out / "findings" / job.family.name / f"{kind}-{job.seed}-killed"
    current = job.workdir / "current.pickle"
    saved = None
    if current.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "input.pickle").write_bytes(current.read_bytes())
        (folder / "family.txt").write_text(job.family.name + "\n", encoding="utf-8")
        saved = str(folder)
    stderr = (job.workdir / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    return {"signature": f"{kind} worker killed or died (exit {job.process.returncode})",
            "kind": kind, "code": f"exit {job.process.returncode}", "known": None,
            "saved": saved, "detail": stderr[-2000:]}


def _finish(job: _Job, out: Path, killed: bool) -> None:
    fam = job.family
    fam.planned -= job.count
    result_file = job.workdir / "result.json"
    if killed or not result_file.exists():
        kind = "hang" if killed else "crash"
        fam.inputs += _progress(job) + 1
        fam.kinds[kind] += 1
        fam.findings.append(_dead(job, kind, out))
        return
    result = json.loads(result_file.read_text(encoding="utf-8"))
    fam.inputs += result["inputs"]
    fam.kinds.update(result["kinds"])
    fam.codes.update(result["codes"])
    fam.findings.extend(result["findings"])
    if result["harness"]:
        fam.harness.append(result["harness"])
    fam.peak_kb = max(fam.peak_kb, result["peak_kb"])
    fam.cpu += result["cpu"]
    if result["inputs"] == 0:
        fam.stopped = True          # the strategy cannot even start: say so, do not loop


def _schedule(families: list[_Family], args: argparse.Namespace, out: Path) -> float:
    """Run every family's chunks, ``args.jobs`` workers at a time, families taking turns;
    print a progress line now and then. Returns the seconds it took."""
    started = last = time.monotonic()
    running: list[_Job] = []
    turn = 0
    hard_limit = 3 * args.timeout + 10
    while True:
        while len(running) < args.jobs:
            waiting = [f for f in families if f.wanted > 0]
            if not waiting:
                break
            running.append(_start(waiting[turn % len(waiting)], args, out))
            turn += 1
        if not running:
            return time.monotonic() - started
        time.sleep(0.2)
        for job in list(running):
            if job.process.poll() is not None:
                running.remove(job)
                _finish(job, out, killed=False)
            elif _stale(job, hard_limit):
                job.process.kill()
                job.process.wait()
                running.remove(job)
                _finish(job, out, killed=True)
        if time.monotonic() - last > args.every:
            last = time.monotonic()
            _print_progress(families, running, last - started)


def _print_progress(families: list[_Family], running: list[_Job], seconds: float) -> None:
    parts = []
    for fam in families:
        done = fam.inputs + sum(_progress(j) for j in running if j.family is fam)
        bad = sum(1 for f in fam.findings if f["known"] is None)
        parts.append(f"{fam.name} {done:,}/{fam.target:,} ({bad} findings)")
    print(f"[{seconds:7.0f} s] " + "  ".join(parts), flush=True)


# ----------------------------------------------------------------------------- the summary

_FAILING = ("crash", "wrong", "hang", "memory")


def _summary(fam: _Family, strict: bool) -> tuple[list[str], int]:
    """The family's summary lines, and how many findings fail the run."""
    errors = sum(fam.codes.values())
    lines = [f"{fam.name}: {fam.inputs:,} inputs: {fam.kinds['value']:,} values, "
             f"{errors:,} engine errors; uncaught exceptions "
             f"{fam.kinds['crash'] + fam.kinds['wrong']}, hangs {fam.kinds['hang']}, "
             f"out of memory {fam.kinds['memory']}; peak memory {fam.peak_kb / 1024:.0f} MB; "
             f"worker CPU {fam.cpu:,.0f} s"]
    top = ", ".join(f"{code} {n:,}" for code, n in fam.codes.most_common(12))
    more = len(fam.codes) - 12
    lines.append(f"  engine errors by code: {top}" + (f" and {more} more codes" if more > 0
                                                        else ""))
    by_signature: dict[str, list[dict[str, Any]]] = {}
    for f in fam.findings:
        by_signature.setdefault(f["signature"], []).append(f)
    failing = 0
    for signature, found in sorted(by_signature.items(), key=lambda kv: -len(kv[1])):
        known = found[0]["known"]
        if known is None or strict:
            failing += len(found)
        saved = next((f["saved"] for f in found if f["saved"]), None)
        label = f"KNOWN ({known})" if known else "FINDING"
        lines.append(f"  {label} x{len(found)}: {signature}")
        if saved:
            lines.append(f"    saved: {saved}")
    for problem in fam.harness:
        lines.append(f"  (harness: {problem})")
    return lines, failing


def _parent(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.families.split(",") if n.strip()]
    unknown = [n for n in names if n not in FAMILY_NAMES]
    if unknown:
        print(f"unknown families: {', '.join(unknown)}; known: {', '.join(FAMILY_NAMES)}")
        return 2
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="regel-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    families = [_Family(n, args.count) for n in names]
    print(f"fuzzing {', '.join(names)}: {args.count:,} inputs each, {args.jobs} workers, "
          f"{args.memory} MB, {args.timeout:g} s per input; findings in {out}", flush=True)
    seconds = _schedule(families, args, out)
    failing = 0
    report = []
    for fam in families:
        lines, bad = _summary(fam, args.strict)
        failing += bad
        report += lines
    report.append(f"{sum(f.inputs for f in families):,} inputs in {seconds:,.0f} s; "
                  f"{failing} findings that fail the run")
    print("\n".join(report), flush=True)
    (out / "summary.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    return 1 if failing else 0


def _replay(folder: Path) -> int:
    from tests.fuzz.oracles import FAMILIES, known_issue  # lazy: replay only

    family = FAMILIES[(folder / "family.txt").read_text(encoding="utf-8").strip()]
    outcome = family.check(family.load(folder))
    print(f"{family.name}: {outcome.kind} {outcome.code} (known: {known_issue(outcome)})")
    if outcome.detail:
        print(outcome.detail)
    return 0 if outcome.ok else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz.long_run",
                                description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=100_000, help="inputs per family")
    p.add_argument("--families", default=",".join(FAMILY_NAMES))
    p.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--chunk", type=int, default=1000, help="inputs per worker process")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--memory", type=int, default=256, help="MB of address space per worker")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds per input")
    p.add_argument("--out", help="where findings go (default: a new temporary folder)")
    p.add_argument("--every", type=float, default=30.0, help="seconds between progress lines")
    p.add_argument("--strict", action="store_true", help="known issues fail the run too")
    p.add_argument("--replay", metavar="DIR", help="judge one saved input again")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return _worker(args)
    if args.replay:
        return _replay(Path(args.replay))
    return _parent(args)


if __name__ == "__main__":
    sys.exit(main())
