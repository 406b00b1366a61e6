"""Start-up: ``regel eval`` on one case, against starting Python and importing the engine.

Each command runs in a fresh process (subprocess), ``--runs`` times, the commands taking
turns; the median wall time and CPU time of each counts:

    (a) ``python -c pass``: the interpreter alone, the floor;
    (b) ``python -c "import regel"``: the package and its imports (Lark, PyYAML, ...);
    (b2) ``python -c "import regel; regel.load_pack('sikkerhedsstillelse')"``: the
        import and the loading and checking of the bundled pack;
    (c) ``python -m regel eval sikkerhedsstillelse --case examples/cases/01-...yaml``:
        the whole command: import, load and check the bundled pack, evaluate the case's
        decisions, print the results;
    (c0) the same with regel's cache turned off (``REGEL_CACHE_DIR=``): the parser's tables
        built and every file checked against its schema, as at the very first start;
    (d) the ``regel`` console script installed next to this Python, if there is one (the
        same command as (c) through the entry point; a pyenv shim on PATH would add its own
        start-up, so the script beside ``sys.executable`` is used).

regel's cache is a fresh folder for the benchmark, filled by a first run of each command
that is not counted. It prints the medians and the ratios of (c) to (a), (b), (b2) and (c0).
With ``--importtime`` it also runs (c) once under ``python -X importtime`` and lists the
slowest imports.

    python benchmarks/startup.py [--runs 7] [--case FILE] [--json] [--importtime]
                                 [--no-bytecode]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no CPU times of children, wall time only
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
CASE = "examples/cases/01-ny-ansoegning-2024-proever-bestaaet.yaml"
PACK = "sikkerhedsstillelse"


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time of one run; stops the benchmark if the command fails. The CPU
    time hardly changes when other processes share the cores; the wall time does."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or (cmd[-1] != "pass" and "import" not in cmd[-1]
                                and not done.stdout):
        raise SystemExit(f"startup: {' '.join(cmd)} failed (exit {done.returncode}):\n"
                         f"{done.stderr.decode(errors='replace')}")
    return elapsed, _children_cpu() - cpu


def import_times(cmd: list[str], env: dict[str, str], top: int = 15
                 ) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the slowest imports of ``cmd``: the ``top``
    slowest with what they import, then the ``top`` slowest by their own time."""
    done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = (part.strip() for part in line[12:].split("|"))
        rows.append((int(cumulative), int(own), name))
    by_own = sorted(rows, key=lambda row: row[1], reverse=True)[:top]
    return sorted(rows, reverse=True)[:top] + by_own


def environment(cache: str, no_bytecode: bool) -> tuple[dict[str, str], str]:
    """The children's environment and a note on it: regel's cache in ``cache`` (a fresh
    folder, filled by the first run), and compiled bytecode as an installed package has it
    (pip compiles it at install), kept outside the source tree, unless ``no_bytecode``."""
    env = dict(os.environ, REGEL_CACHE_DIR=cache)
    if no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env, "bytecode: none (every module compiled from source at each start)"
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        env.setdefault("PYTHONPYCACHEPREFIX", str(Path(cache).parent / "pycache"))
        return env, (f"bytecode: PYTHONDONTWRITEBYTECODE is set here; the runs keep "
                     f"bytecode in {env['PYTHONPYCACHEPREFIX']} instead (--no-bytecode: "
                     f"without)")
    return env, "bytecode: as Python keeps it (__pycache__)"


def commands_of(case: str) -> dict[str, tuple[str, list[str], dict[str, str]]]:
    """The commands by key: (label, argv, environment changed for that command)."""
    py = sys.executable
    shown = Path(case).name
    commands = {
        "pass": ("python -c pass", [py, "-c", "pass"], {}),
        "import": ('python -c "import regel"', [py, "-c", "import regel"], {}),
        "load": (f'python -c "import regel; regel.load_pack({PACK!r})"',
                 [py, "-c", f"import regel; regel.load_pack({PACK!r})"], {}),
        "eval": (f"python -m regel eval {PACK} --case {shown}",
                 [py, "-m", "regel", "eval", PACK, "--case", case], {}),
        "nocache": (f"REGEL_CACHE_DIR= python -m regel eval {PACK} --case {shown}",
                    [py, "-m", "regel", "eval", PACK, "--case", case],
                    {"REGEL_CACHE_DIR": ""}),
    }
    script = Path(py).parent / ("regel.exe" if os.name == "nt" else "regel")
    if script.is_file():
        commands["script"] = (f"regel eval {PACK} --case {shown}",
                              [str(script), "eval", PACK, "--case", case], {})
    return commands


def measure(commands: dict[str, tuple[str, list[str], dict[str, str]]],
            env: dict[str, str], runs: int) -> dict[str, tuple[list[float], list[float]]]:
    """(wall times, CPU times) of each command, the commands taking turns, after one run
    each that warms the file cache, the bytecode and regel's cache."""
    envs = {k: {**env, **extra} for k, (_, _, extra) in commands.items()}
    for key, (_, cmd, _) in commands.items():
        run(cmd, envs[key])
    times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in commands}
    for _ in range(runs):
        for key, (_, cmd, _) in commands.items():
            wall, cpu = run(cmd, envs[key])
            times[key][0].append(wall)
            times[key][1].append(cpu)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs of each command; the "
                        "median counts (default 7)")
    parser.add_argument("--case", default=CASE, help=f"the case file (default {CASE})")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--importtime", action="store_true",
                        help="also list the slowest imports of the eval command")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="start without compiled bytecode (PYTHONDONTWRITEBYTECODE=1)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    commands = commands_of(args.case)
    with tempfile.TemporaryDirectory(prefix="regel-startup-") as scratch:
        env, note = environment(str(Path(scratch) / "cache"), args.no_bytecode)
        times = measure(commands, env, args.runs)
        slow = import_times(commands["eval"][1], env) if args.importtime else []
    median = {k: statistics.median(wall) for k, (wall, _) in times.items()}
    cpu = {k: statistics.median(cpu) for k, (_, cpu) in times.items()}
    ratios = {"eval_over_python": median["eval"] / median["pass"],
              "eval_over_import_engine": median["eval"] / median["import"],
              "eval_over_import_and_load": median["eval"] / median["load"],
              "eval_over_eval_without_cache": median["eval"] / median["nocache"]}
    if args.json:
        print(json.dumps({
            "runs": args.runs, "case": args.case, "note": note,
            "median_ms": {commands[k][0]: round(v * 1000, 1) for k, v in median.items()},
            "median_cpu_ms": {commands[k][0]: round(v * 1000, 1) for k, v in cpu.items()},
            **{k: round(v, 2) for k, v in ratios.items()},
            "slowest_imports": [{"module": n, "cumulative_ms": round(c / 1000, 1),
                                 "self_ms": round(s / 1000, 1)}
                                for c, s, n in slow[:len(slow) // 2]],
            "slowest_imports_by_own_time": [
                {"module": n, "cumulative_ms": round(c / 1000, 1), "self_ms": round(s / 1000, 1)}
                for c, s, n in slow[len(slow) // 2:]],
        }, indent=2))
        return 0
    show(commands, times, median, cpu, note, args.runs)
    print(f"regel eval / python -c pass: {ratios['eval_over_python']:.1f}x; "
          f"regel eval / import regel: {ratios['eval_over_import_engine']:.1f}x; "
          f"regel eval / import + load_pack: {ratios['eval_over_import_and_load']:.2f}x; "
          f"regel eval / the same without cache: "
          f"{ratios['eval_over_eval_without_cache']:.2f}x; "
          f"import regel / python -c pass: {median['import'] / median['pass']:.1f}x")
    half = len(slow) // 2
    for title, rows in (("with what they import", slow[:half]), ("by their own time",
                                                                 slow[half:])):
        if rows:
            print(f"slowest imports of the eval command, {title} (python -X importtime, "
                  "one run):")
            print(f"  {'cumulative':>10} {'self':>8}  module")
            for cumulative, own, name in rows:
                print(f"  {cumulative / 1000:8.1f}ms {own / 1000:6.1f}ms  {name}")
    return 0


def show(commands: dict[str, tuple[str, list[str], dict[str, str]]],
         times: dict[str, tuple[list[float], list[float]]], median: dict[str, float],
         cpu: dict[str, float], note: str, runs: int) -> None:
    print(f"start-up, fresh process each run, median of {runs}: wall time, and CPU time "
          "(user + system), which others sharing the cores change less")
    print(f"  {note}")
    width = max(len(label) for label, _, _ in commands.values())
    for key, (label, _, _) in commands.items():
        wall = times[key][0]
        spread = f"{min(wall) * 1000:.0f}-{max(wall) * 1000:.0f}"
        print(f"  {label:{width}} {median[key] * 1000:6.0f} ms  (range {spread} ms)  "
              f"CPU {cpu[key] * 1000:4.0f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
