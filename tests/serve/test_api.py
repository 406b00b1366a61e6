"""Issue 21: the decision service's HTTP JSON API (``regel serve``, regel.serve.app), served
by uvicorn on a free loopback port: every endpoint, every error status in the CLI's one JSON
error shape, the limits on body size and evaluation time, a reload under traffic, SIGHUP,
and the message when the extra is missing."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from regel import Limits, load_pack  # noqa: E402
from regel.base.errors import RegelError  # noqa: E402
from regel.cli import main  # noqa: E402
from regel.feel.jsonio import dumps  # noqa: E402
from regel.serve.app import FINGERPRINT_HEADER, create_app  # noqa: E402
from regel.source.yamltree import load_yaml_file  # noqa: E402
from regel.tools.caseschema import case_schema  # noqa: E402
from regel.tools.errorshape import error_json  # noqa: E402
from tests.packbuilder import write_pack  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SIK = "sikkerhedsstillelse"
CASE_FILE = ROOT / "examples" / "cases" / "04-forlaengelse-2014-reglen-2015.yaml"
#: the keys of every problem of the one JSON error shape (as `regel eval --format json`)
PROBLEM_KEYS = list(error_json(RegelError.of("FILE-NOT-FOUND", at="x"))["errors"][0])


def _work(expression: str) -> dict[str, Any]:
    return {"id": "work", "label": {"da": "Arbejde", "en": "Work"},
            "requires": {"inputs": ["x"], "decisions": []},
            "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                          "expression": expression}]}


#: about 1000 * x steps: x=10 is quick, x=5000 runs for seconds (then LIMIT-STEPS)
SLOW = "sum(for i in 1..x return count(for j in 1..1000 return j))"


def slow_pack(root: Path, title: str = "Langsom") -> Path:
    return write_pack(root, [_work(SLOW)], id="slow", limits={"steps": 3_000_000},
                      title={"da": title, "en": title})


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` on uvicorn in a thread, on a free loopback port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def case_body() -> dict[str, Any]:
    return dict(load_yaml_file(str(CASE_FILE)))


def as_json(case: dict[str, Any]) -> str:
    return dumps(case, indent=None)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return {"sik": load_pack(SIK),
            "slow": load_pack(slow_pack(tmp_path_factory.mktemp("p") / "slow"))}


@pytest.fixture(scope="module")
def url(packs: dict[str, Any]) -> Iterator[str]:
    app = create_app([packs["sik"], packs["slow"]], max_body=100_000,
                     limits=Limits(steps=200_000))
    with serving(app) as base:
        yield base


def assert_error(r: Any, status: int, code: str) -> list[dict[str, Any]]:
    assert r.status_code == status, r.text
    data = r.json()
    assert data["ok"] is False and data["errors"], data
    for problem in data["errors"]:
        assert list(problem) == PROBLEM_KEYS
    assert code in [p["code"] for p in data["errors"]], data
    return list(data["errors"])


# --------------------------------------------------------------------------- endpoints

def test_health_and_packs(url: str, packs: dict[str, Any]) -> None:
    health = httpx.get(f"{url}/health").json()
    assert health["ok"] is True
    assert health["packs"] == {p.id: p.fingerprint for p in packs.values()}
    listed = httpx.get(f"{url}/packs").json()["packs"]
    assert [p["id"] for p in listed] == [SIK, "slow"]
    assert listed[0]["fingerprint"] == packs["sik"].fingerprint
    assert listed[0]["decisions"] == list(packs["sik"].decisions)


def test_one_pack_names_decisions_facts_labels_versions(url: str,
                                                        packs: dict[str, Any]) -> None:
    pack = packs["sik"]
    r = httpx.get(f"{url}/packs/{SIK}")
    assert r.status_code == 200 and r.headers[FINGERPRINT_HEADER] == pack.fingerprint
    data = r.json()
    assert data["version"] == pack.version and data["fingerprint"] == pack.fingerprint
    assert [d["id"] for d in data["decisions"]] == list(pack.decisions)
    first = next(iter(pack.decisions.values()))
    assert data["decisions"][0]["versions"][0]["valid_from"] == \
        first.versions[0].valid_from.isoformat()
    facts = {f["id"]: f for f in data["facts"]}
    for fid, spec in pack.inputs.items():
        if not spec.implicit:
            assert facts[fid]["label"] == {"da": spec.label.da, "en": spec.label.en}


def test_evaluate_gives_the_values_of_the_python_api(url: str, packs: dict[str, Any]) -> None:
    pack, case = packs["sik"], case_body()
    r = httpx.post(f"{url}/packs/{SIK}/evaluate", content=as_json(case))
    assert r.status_code == 200, r.text
    assert r.headers[FINGERPRINT_HEADER] == pack.fingerprint
    data = json.loads(r.text, parse_float=Decimal)
    asked = pack.evaluate(case["facts"], case.get("decisions"), _day(case["as_of"]),
                          trace=False)
    expected = json.loads(dumps(asked.values), parse_float=Decimal)
    assert data["values"] == expected
    assert data["fingerprint"] == pack.fingerprint and data["id"] == case["id"]
    assert "trace" not in data


def _day(text: Any) -> Any:
    import datetime as dt
    return text if isinstance(text, dt.date) else dt.date.fromisoformat(str(text))


def test_evaluate_with_the_trace_and_asked_decisions(url: str, packs: dict[str, Any]) -> None:
    case = {**case_body(), "decisions": ["validity_regime"]}
    r = httpx.post(f"{url}/packs/{SIK}/evaluate?trace=true", content=as_json(case))
    data = r.json()
    assert list(data["values"]) == ["validity_regime"]
    assert data["trace"]["pack"]["fingerprint"] == packs["sik"].fingerprint


@pytest.mark.parametrize(("fmt", "lang", "kind", "words"), [
    ("html", "da", "text/html", ["<html", "Forklaring"]),
    ("html", "en", "text/html", ["<html", "Explanation"]),
    ("md", "da", "text/markdown", ["# Forklaring"]),
    ("json", "en", "application/json", ['"decisions"']),
])
def test_explain_in_each_format_and_language(url: str, fmt: str, lang: str, kind: str,
                                             words: list[str]) -> None:
    r = httpx.post(f"{url}/packs/{SIK}/explain?format={fmt}&lang={lang}",
                   content=as_json(case_body()))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(kind)
    assert FINGERPRINT_HEADER in r.headers
    for word in words:
        assert word in r.text


def test_explain_as_pdf(url: str) -> None:
    pytest.importorskip("weasyprint")
    r = httpx.post(f"{url}/packs/{SIK}/explain?format=pdf", content=as_json(case_body()),
                   timeout=60)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == "application/pdf" and r.content[:5] == b"%PDF-"


def test_batch_streams_one_result_line_per_case_as_regel_batch(url: str,
                                                               packs: dict[str, Any]) -> None:
    good = as_json(case_body())
    body = "\n".join([good, "", '{"facts": {"x": 1}}', "not json", good]) + "\n"
    r = httpx.post(f"{url}/packs/{SIK}/batch", content=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line, parse_float=Decimal) for line in r.text.splitlines()]
    assert [(x["line"], x["ok"]) for x in lines] == [(1, True), (3, False), (4, False),
                                                     (5, True)]
    assert lines[1]["error"]["code"] == "CASE-UNKNOWN-FACT"
    assert lines[2]["error"]["code"] == "CASE-FORMAT"
    pack = packs["sik"]
    results = list(pack.evaluate_many([good]))
    assert lines[0]["outputs"] == json.loads(dumps(results[0].values), parse_float=Decimal)


def test_openapi_describes_each_pack_by_its_case_schema(url: str, packs: dict[str, Any]) -> None:
    doc = httpx.get(f"{url}/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    for pack in packs.values():
        schema = {k: v for k, v in case_schema(pack).items() if k != "$schema"}
        assert doc["components"]["schemas"][f"{pack.id}.case"] == schema
        post = doc["paths"][f"/packs/{pack.id}/evaluate"]["post"]
        ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{pack.id}.case"
        assert set(post["responses"]) >= {"200", "400", "404", "413", "422", "504"}


# --------------------------------------------------------------------------- errors

@pytest.mark.parametrize(("method", "path", "body", "status", "code"), [
    ("POST", f"/packs/{SIK}/evaluate", '{"facts": ', 400, "CASE-FORMAT"),
    ("POST", f"/packs/{SIK}/evaluate", '[1, 2]', 400, "CASE-FORMAT"),
    ("POST", f"/packs/{SIK}/evaluate", '{"facts": {"x": 1}}', 400, "CASE-UNKNOWN-FACT"),
    ("POST", f"/packs/{SIK}/evaluate", b'{"facts": {"\xff": 1}}', 400, "SERVE-BODY-ENCODING"),
    ("POST", f"/packs/{SIK}/explain?format=docx", "{}", 400, "SERVE-PARAMETER"),
    ("POST", f"/packs/{SIK}/explain?lang=de", "{}", 400, "SERVE-PARAMETER"),
    ("POST", f"/packs/{SIK}/evaluate?trace=maybe", "{}", 400, "SERVE-PARAMETER"),
    ("POST", "/packs/nope/evaluate", "{}", 404, "SERVE-UNKNOWN-PACK"),
    ("GET", "/packs/nope", None, 404, "SERVE-UNKNOWN-PACK"),
    ("POST", "/packs/slow/evaluate", '{"facts": {"x": 1}, "decisions": ["wrok"]}', 404,
     "UNKNOWN-DECISION"),
    ("GET", "/nowhere", None, 404, "SERVE-NOT-FOUND"),
    ("POST", "/admin/reload", None, 404, "SERVE-RELOAD-OFF"),
    ("DELETE", "/health", None, 405, "SERVE-METHOD"),
    ("POST", "/packs/slow/evaluate", '{"facts": {"x": 5000}}', 422, "LIMIT-STEPS"),
])
def test_each_error_status_in_the_one_error_shape(url: str, method: str, path: str,
                                                  body: Any, status: int, code: str) -> None:
    r = httpx.request(method, f"{url}{path}", content=body)
    assert_error(r, status, code)


def test_errors_speak_the_asked_language(url: str) -> None:
    r = httpx.post(f"{url}/packs/{SIK}/evaluate?lang=da", content='{"facts": {"x": 1}}')
    assert "regelsættet har ingen oplysning" in assert_error(r, 400, "CASE-UNKNOWN-FACT")[0][
        "message"]
    r = httpx.post(f"{url}/packs/{SIK}/evaluate", content='{"facts": {"x": 1}}')
    assert "regelsættet" in assert_error(r, 400, "CASE-UNKNOWN-FACT")[0]["message"]  # its da
    r = httpx.post(f"{url}/packs/{SIK}/evaluate?lang=en", content='{"facts": {"x": 1}}')
    assert "the pack has no fact" in assert_error(r, 400, "CASE-UNKNOWN-FACT")[0]["message"]
    r = httpx.get(f"{url}/packs/sikkerhedsstilelse")
    assert "sikkerhedsstillelse" in assert_error(r, 404, "SERVE-UNKNOWN-PACK")[0]["message"]


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_limit_is_413(url: str, chunked: bool) -> None:
    big = b'{"facts": {"x": "' + b"a" * 200_000 + b'"}}'
    content: Any = iter([big[:50_000], big[50_000:]]) if chunked else big
    r = httpx.post(f"{url}/packs/{SIK}/evaluate", content=content)
    assert "100000" in assert_error(r, 413, "SERVE-BODY-TOO-LARGE")[0]["message"]
    assert httpx.get(f"{url}/health").status_code == 200


def test_an_evaluation_over_the_time_bound_is_504_and_the_service_goes_on(
        packs: dict[str, Any]) -> None:
    app = create_app([packs["slow"]], timeout=0.3, workers=2)
    with serving(app) as base:
        started = time.monotonic()
        r = httpx.post(f"{base}/packs/slow/evaluate", content='{"facts": {"x": 5000}}')
        took = time.monotonic() - started
        assert "0.3" in assert_error(r, 504, "SERVE-TIMEOUT")[0]["message"]
        assert took < 3, took
        assert r.headers[FINGERPRINT_HEADER] == packs["slow"].fingerprint
        quick = httpx.post(f"{base}/packs/slow/evaluate", content='{"facts": {"x": 10}}')
        assert quick.status_code == 200 and quick.json()["values"] == {"work": 10000}
        assert time.monotonic() - started < 3


# --------------------------------------------------------------------------- reload

def test_a_reload_under_traffic_fails_no_request(tmp_path: Path) -> None:
    folder = slow_pack(tmp_path / "slow", title="Før")
    app = create_app([folder], reload_endpoint=True)
    with serving(app) as base:
        old = httpx.get(f"{base}/health").json()["packs"]["slow"]
        answers: list[tuple[int, str | None, str | None]] = []
        stop = threading.Event()

        def client() -> None:
            with httpx.Client() as c:
                while not stop.is_set():
                    r = c.post(f"{base}/packs/slow/evaluate", content='{"facts": {"x": 3}}')
                    answers.append((r.status_code, r.headers.get(FINGERPRINT_HEADER),
                                    r.json().get("fingerprint")))
        clients = [threading.Thread(target=client) for _ in range(4)]
        for t in clients:
            t.start()
        time.sleep(0.3)
        slow_pack(tmp_path / "slow", title="Efter")
        reloaded = httpx.post(f"{base}/admin/reload")
        assert reloaded.status_code == 200, reloaded.text
        new = reloaded.json()["packs"]["slow"]
        time.sleep(0.3)
        stop.set()
        for t in clients:
            t.join(10)
    assert new != old
    assert answers and all(status == 200 for status, _, _ in answers)
    assert all(header == body for _, header, body in answers)
    seen = [header for _, header, _ in answers]
    assert set(seen) == {old, new}
    assert seen.index(new) > seen.index(old) and old not in seen[seen.index(new) + 8:]


def test_a_reload_that_fails_keeps_the_old_packs(tmp_path: Path) -> None:
    folder = slow_pack(tmp_path / "slow")
    app = create_app([folder], reload_endpoint=True)
    with serving(app) as base:
        old = httpx.get(f"{base}/health").json()["packs"]
        (folder / "pack.yaml").write_text("id: [", encoding="utf-8")
        r = httpx.post(f"{base}/admin/reload")
        assert r.status_code == 422 and r.json()["ok"] is False
        assert httpx.get(f"{base}/health").json()["packs"] == old
        ok = httpx.post(f"{base}/packs/slow/evaluate", content='{"facts": {"x": 1}}')
        assert ok.status_code == 200


# --------------------------------------------------------------------------- the verb

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_health(base: str, proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        with contextlib.suppress(httpx.HTTPError):
            return dict(httpx.get(f"{base}/health").json())
        time.sleep(0.1)
    raise AssertionError("regel serve did not answer")


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
def test_regel_serve_reloads_on_sighup(tmp_path: Path) -> None:
    folder = slow_pack(tmp_path / "slow", title="Før")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "regel", "serve", str(folder), "--port",
                             str(port), "--timeout", "5"], stderr=subprocess.PIPE)
    try:
        old = _wait_health(base, proc)["packs"]["slow"]
        slow_pack(folder, title="Efter")
        os.kill(proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/health").json()["packs"]["slow"] == old:
            assert time.monotonic() < deadline, "SIGHUP did not reload"
            time.sleep(0.05)
        r = httpx.post(f"{base}/packs/slow/evaluate", content='{"facts": {"x": 2}}')
        assert r.status_code == 200 and r.headers[FINGERPRINT_HEADER] != old
    finally:
        proc.terminate()
        proc.wait(10)


def test_regel_serve_check_loads_and_stops(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", SIK, "--check", "--port", "9999", "--lang", "da"]) == 0
    err = capsys.readouterr().err
    assert "http://127.0.0.1:9999/" in err and SIK in err


def test_a_missing_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", SIK, "--check"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'regel[serve]'" in err and "Traceback" not in err


def test_a_pack_that_does_not_load_is_an_error_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = slow_pack(tmp_path / "slow")
    shutil.rmtree(folder / "decisions")
    (folder / "pack.yaml").write_text("id: [", encoding="utf-8")
    assert main(["serve", str(folder), "--check"]) == 1
    assert "Traceback" not in capsys.readouterr().err
