"""Load on the decision service: ``POST /packs/sikkerhedsstillelse/evaluate`` over loopback.

``regel serve`` runs in its own process on a free loopback port; one client process sends a
fixed number of requests (``--requests``) with 1, 8 and 64 concurrent clients (asyncio,
httpx, one keep-alive connection per client), each an example case. It prints, per level,
requests/s and the p50 and p99 latency, and the number of failed requests (anything but
200 with the pack's fingerprint), which must be 0. For scale it first times the same case
through the Python API (``Pack.evaluate``, untraced) in this process: the service's
requests/s against that rate is the cost of HTTP, JSON and the worker thread.

    python benchmarks/serve_load.py [--requests 2000] [--levels 1,8,64] [--json]

Needs the extra regel[serve] and httpx. Client and server share the machine's cores, so
the figures are what one machine gives, client included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from regel import load_pack
from regel.feel.jsonio import dumps
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file

ROOT = Path(__file__).resolve().parents[1]
PACK = "sikkerhedsstillelse"
CASE = ROOT / "examples" / "cases" / "04-forlaengelse-2014-reglen-2015.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "regel", "serve", PACK, "--port",
                             str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health")
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("regel serve did not start")


async def _level(url: str, body: str, fingerprint: str, clients: int,
                 requests: int) -> dict[str, Any]:
    latencies: list[float] = []
    failed = 0
    left = iter(range(requests))

    async def client() -> None:
        nonlocal failed
        async with httpx.AsyncClient(timeout=60) as c:
            for _ in left:
                start = time.perf_counter()
                r = await c.post(url, content=body)
                latencies.append(time.perf_counter() - start)
                if r.status_code != 200 or r.headers.get("regel-pack-fingerprint") != \
                        fingerprint:
                    failed += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {"clients": clients, "requests": len(latencies), "failed": failed,
            "rps": len(latencies) / wall, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000}


def _direct_rate(pack: Any, case: Case, seconds: float = 2.0) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        pack.evaluate(case.facts, case.decisions, case.as_of, trace=False)
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--levels", default="1,8,64")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = load_yaml_file(str(CASE))
    case = Case.from_data(data, str(CASE))
    pack = load_pack(PACK)
    direct = _direct_rate(pack, case)
    port = _free_port()
    proc = _start(port)
    try:
        url = f"http://127.0.0.1:{port}/packs/{PACK}/evaluate"
        body = dumps(data, indent=None)
        asyncio.run(_level(url, body, pack.fingerprint, 4, 200))      # warm up
        rows = [asyncio.run(_level(url, body, pack.fingerprint, int(n), args.requests))
                for n in args.levels.split(",")]
    finally:
        proc.terminate()
        proc.wait(10)
    if args.json:
        print(json.dumps({"direct_rps": direct, "levels": rows}, indent=2))
    else:
        print(f"Pack.evaluate in process (untraced): {direct:,.0f} evaluations/s")
        print(f"{'clients':>8} {'requests':>9} {'failed':>7} {'req/s':>8} {'p50 ms':>8} "
              f"{'p99 ms':>8} {'of direct':>9}")
        for r in rows:
            print(f"{r['clients']:>8} {r['requests']:>9} {r['failed']:>7} {r['rps']:>8.0f} "
                  f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['rps'] / direct:>9.2f}")
    if any(r["failed"] for r in rows):
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
