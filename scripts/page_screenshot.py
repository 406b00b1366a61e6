"""Screenshot of the caseworker's page (docs/page-example.png): starts the page on a free
loopback port, posts example case 03 as the form would, and has headless Chromium
screenshot the report that comes back. Usage: python scripts/page_screenshot.py [OUT.png]"""

from __future__ import annotations

import datetime as _dt
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import uvicorn
from starlette.applications import Starlette

import regel
from regel.serve.page import routes
from regel.source.yamltree import load_yaml_file

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"


class _State:
    def __init__(self) -> None:
        pack = regel.load_pack("sikkerhedsstillelse", tests=False)
        self.packs = {pack.id: pack}


def _form() -> list[tuple[str, str]]:
    data = load_yaml_file(CASE)
    pairs = [("decision", "reduction"), ("as_of", data["as_of"].isoformat())]
    for name, value in data["facts"].items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append((name, v.isoformat() if isinstance(v, _dt.date) else str(v)))
    return pairs


def main(out: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("chromium is not installed")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=routes(_State())),
                                           log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with urlopen(f"{base}/ui/sikkerhedsstillelse?decision=reduction",
                 urlencode(_form()).encode()) as answer:
        report = answer.read()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_bytes(report)
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
                        "--window-size=1000,1400", f"--screenshot={out.resolve()}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    server.should_exit = True
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "page-example.png")
