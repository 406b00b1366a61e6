"""Running hostile input in a process of its own, under issue 19's bounds: 256 MB of memory
(RLIMIT_AS), 5 s of processor time (RLIMIT_CPU) and a wall-clock deadline for a process that
blocks (a pipe without a writer uses no processor time).

Starting ``python -m regel`` costs some 0.3 s a probe; instead one server process per test
worker imports regel once and forks a fresh child for each probe, which sets the limits on
itself (as ``preexec_fn`` would) and runs the command line's ``main`` as ``python -m regel``
does, its output through pipes into files. Run as a script, this file is that server: one
JSON request per line on stdin, one JSON reply per line on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEMORY = 256 * 1024 * 1024
CPU_SECONDS = 5
#: a process still running after this long (blocked, not computing) is a hang
WALL_SECONDS = 30


@dataclass
class Probe:
    """What one probe did: its exit code (-N: ended by signal N), its output, the processor
    and wall-clock seconds it took, and whether it had to be stopped at the deadline."""

    code: int
    out: str
    err: str
    cpu: float
    wall: float
    hung: bool

    def within_bounds(self) -> bool:
        return not self.hung and self.code >= 0 and self.cpu < CPU_SECONDS

    def json(self) -> Any:
        return json.loads(self.out)


class Prober:
    """The client: ``run(argv, cwd)`` is ``python -m regel *argv`` in ``cwd``, bounded;
    ``python(code, cwd)`` runs Python code under the same bounds."""

    def __init__(self) -> None:
        # One malloc arena: each thread of the server (the output drains) would otherwise
        # reserve an arena of 64 MB of address space, which every child inherits and which
        # counts against its 256 MB (probes then failed with MemoryError, by chance).
        env = {**os.environ, "MALLOC_ARENA_MAX": "1"}
        self.server = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, bufsize=1, env=env)
        self.count = 0

    def _ask(self, request: dict[str, Any], cwd: Path) -> Probe:
        assert self.server.stdin is not None and self.server.stdout is not None
        self.count += 1
        out, err = cwd / f".probe{self.count}.out", cwd / f".probe{self.count}.err"
        request.update(cwd=str(cwd), stdout=str(out), stderr=str(err))
        self.server.stdin.write(json.dumps(request) + "\n")
        reply = json.loads(self.server.stdout.readline())
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in (out, err)]
        out.unlink()
        err.unlink()
        return Probe(reply["code"], texts[0], texts[1], reply["cpu"], reply["wall"],
                     reply["hung"])

    def run(self, argv: list[str], cwd: Path, *, file_size: int | None = None) -> Probe:
        return self._ask({"argv": [str(a) for a in argv], "file_size": file_size}, cwd)

    def python(self, code: str, cwd: Path) -> Probe:
        return self._ask({"python": code}, cwd)

    def close(self) -> None:
        if self.server.stdin is not None:
            self.server.stdin.close()
        self.server.wait(10)


# --------------------------------------------------------------------------- the server

def _child(request: dict[str, Any]) -> None:
    """In the forked child: limits, output to the files, then the probe; never returns."""
    import resource
    import traceback

    code = 70
    try:
        os.chdir(request["cwd"])
        for fd, pipe in ((1, request["out_pipe"]), (2, request["err_pipe"])):
            os.dup2(pipe, fd)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        if request.get("file_size") is not None:
            size = int(request["file_size"])
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        if "python" in request:
            exec(compile(request["python"], "<probe>", "exec"), {"__name__": "__probe__"})
            code = 0
        else:
            from regel.cli import main
            code = main(request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:           # the traceback a user would see
        traceback.print_exc()
        code = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _drain(fd: int, name: str) -> None:
    """Copy what the child writes to the pipe ``fd`` into the file ``name`` (written by the
    server, so that the child's file size limit does not cut its own output)."""
    with open(fd, "rb") as pipe, open(name, "wb") as out:
        while chunk := pipe.read(1 << 16):
            out.write(chunk)


def _serve() -> None:
    threading.stack_size(1 << 18)   # small drain threads: their stacks stay in the children
    import regel
    from regel.cli import main  # noqa: F401  (imported once, before any fork)

    root = Path(__file__).resolve().parents[2]
    regel.load_pack(root / "examples" / "packs" / "library-fees")  # the parser's tables
    for line in sys.stdin:
        request = json.loads(line)
        start = time.monotonic()
        pipes = [os.pipe(), os.pipe()]
        request.update(out_pipe=pipes[0][1], err_pipe=pipes[1][1])
        pid = os.fork()
        if pid == 0:
            _child(request)
        readers = []
        for (read, write), name in zip(pipes, (request["stdout"], request["stderr"]),
                                       strict=True):
            os.close(write)
            readers.append(threading.Thread(target=_drain, args=(read, name)))
            readers[-1].start()
        hung = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > WALL_SECONDS:
                os.kill(pid, 9)
                hung = True
                done, status, usage = os.wait4(pid, 0)
                break
            time.sleep(0.005)
        for reader in readers:
            reader.join()
        print(json.dumps({"code": os.waitstatus_to_exitcode(status),
                          "cpu": usage.ru_utime + usage.ru_stime,
                          "wall": time.monotonic() - start, "hung": hung}), flush=True)


if __name__ == "__main__":
    _serve()
