"""The decision service's HTTP JSON API (Starlette): evaluate, explain and batch per pack,
the packs and their details, health, the OpenAPI 3.1 document, and a reload that swaps the
packs at once. Each evaluation runs in a worker thread under the pack's budget and a time
bound; every error is the CLI's one JSON error shape with its HTTP status, and every answer
names the fingerprint of the pack that gave it (header ``Regel-Pack-Fingerprint``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import importlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from regel.api import Pack
from regel.base.errors import (
    CaseError,
    RegelError,
    hint,
)
from regel.base.messages import LANGUAGES
from regel.feel import Limits
from regel.feel.jsonio import dumps
from regel.serve.describe import openapi, pack_details, pack_summary
from regel.serve.state import PackRef, ServeState
from regel.tools.batch import case_from_record, evaluate_many
from regel.tools.errorshape import error_json

__all__ = ["ServeError", "Options", "create_app", "status_of", "FINGERPRINT_HEADER"]

FINGERPRINT_HEADER = "Regel-Pack-Fingerprint"
FORMATS = {"json": "application/json", "html": "text/html; charset=utf-8",
           "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}
JSON_TYPE = "application/json"


class ServeError(RegelError):
    """A request the service cannot answer: an unknown pack or path, a body too large, an
    evaluation that took too long, a bad parameter."""


#: HTTP status by error code (a code not listed: by the error's class, see ``status_of``)
_STATUS = {"SERVE-UNKNOWN-PACK": 404, "SERVE-NOT-FOUND": 404, "UNKNOWN-DECISION": 404,
           "SERVE-RELOAD-OFF": 404, "SERVE-METHOD": 405, "SERVE-BODY-TOO-LARGE": 413,
           "SERVE-TIMEOUT": 504, "SERVE-PARAMETER": 400, "SERVE-BODY-ENCODING": 400}


def status_of(err: RegelError) -> int:
    """400 for a bad case or request, 404 for an unknown pack, path or decision, 413 for a
    body too large, 422 for a case the rules reject (or over the evaluation budget), 504
    for an evaluation over the time bound."""
    if err.code in _STATUS:
        return _STATUS[err.code]
    if isinstance(err, CaseError):
        return 400
    return 422


@dataclass(frozen=True, slots=True)
class Options:
    """The service's limits: the largest request body in bytes, the seconds one request's
    evaluation may take, whether POST /admin/reload is on, and the evaluation budget
    (None: each pack's own ``limits:``, else the defaults)."""

    max_body: int = 1_048_576
    timeout: float = 10.0
    reload_endpoint: bool = False
    limits: Limits | None = None
    workers: int = 8


class _Service:
    """The state, the options and the worker threads of one app."""

    def __init__(self, state: ServeState, options: Options) -> None:
        self.state = state
        self.options = options
        self.pool = concurrent.futures.ThreadPoolExecutor(options.workers, "regel-eval")

    async def run(self, work: Callable[[], Any]) -> Any:
        """``work()`` in a worker thread; SERVE-TIMEOUT past the time bound. The thread
        itself cannot be stopped from outside: the evaluation budget bounds how long it
        may go on, and the request is answered at once."""
        future = asyncio.get_running_loop().run_in_executor(self.pool, work)
        try:
            return await asyncio.wait_for(future, self.options.timeout)
        except TimeoutError:
            raise ServeError.of("SERVE-TIMEOUT", seconds=Decimal(str(self.options.timeout))
                                ) from None

    async def body(self, request: Request) -> bytes:
        """The request body, SERVE-BODY-TOO-LARGE past ``max_body`` (read no further)."""
        limit = self.options.max_body
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ServeError.of("SERVE-BODY-TOO-LARGE", limit=limit)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ServeError.of("SERVE-BODY-TOO-LARGE", limit=limit)
            chunks.append(chunk)
        return b"".join(chunks)


def _json(data: Any, status: int = 200, pack: Pack | None = None) -> Response:
    headers = {FINGERPRINT_HEADER: pack.fingerprint} if pack is not None else None
    return Response(dumps(data, indent=None), status, headers, media_type=JSON_TYPE)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ServeError.of("SERVE-BODY-ENCODING") from None


def _choice(request: Request, name: str, allowed: Sequence[str], default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in allowed:
        raise ServeError.of("SERVE-PARAMETER", name=name, value=value, allowed=list(allowed))
    return value


def _pack(packs: dict[str, Pack], name: str) -> Pack:
    if name not in packs:
        raise ServeError.of("SERVE-UNKNOWN-PACK", name=name, hint=hint(name, packs))
    return packs[name]


Handler = Callable[["_Service", Request], Awaitable[Response]]


def _endpoint(service: _Service, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` with errors answered in the JSON error shape, in the request's
    ``lang`` (else the pack's language, else English), naming the pack when one answered."""
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(service, request)
        except RegelError as err:
            pack = service.state.packs.get(request.path_params.get("pack", ""))
            lang = request.query_params.get("lang", "")
            if lang not in LANGUAGES:
                lang = pack.default_language if pack is not None else "en"
            return _json(error_json(err, lang), status_of(err), pack)
    return endpoint


def _lang(request: Request, pack: Pack) -> str:
    return _choice(request, "lang", LANGUAGES, pack.default_language)


async def _evaluate(service: _Service, request: Request) -> Response:
    pack = _pack(service.state.packs, request.path_params["pack"])
    case = case_from_record(pack, _text(await service.body(request)))
    trace = _choice(request, "trace", ("true", "false"), "false") == "true"
    _lang(request, pack)
    evaluation = await service.run(lambda: pack.evaluate(
        case, case.decisions, case.as_of, trace=trace, limits=service.options.limits))
    out = {"ok": True, "pack": pack.id, "fingerprint": pack.fingerprint, "id": case.id,
           "values": evaluation.values}
    if trace:
        out["trace"] = evaluation.to_json()
    return _json(out, pack=pack)


def _report(pack: Pack, trace: dict[str, Any], fmt: str, lang: str) -> bytes:
    text = dumps(trace)
    if fmt == "json":
        return text.encode("utf-8")
    from regel.report import render  # lazy: the reports cost ~35 ms to import
    data = json.loads(text, parse_float=Decimal)
    if fmt == "pdf":
        from regel.report.pdf import html_to_pdf  # lazy: WeasyPrint is an optional extra
        return html_to_pdf(render(data, "html", lang))
    return render(data, fmt, lang).encode("utf-8")


async def _explain(service: _Service, request: Request) -> Response:
    pack = _pack(service.state.packs, request.path_params["pack"])
    case = case_from_record(pack, _text(await service.body(request)))
    fmt = _choice(request, "format", tuple(FORMATS), "html")
    lang = _lang(request, pack)

    def work() -> bytes:
        evaluation = pack.evaluate(case, case.decisions, case.as_of, trace=True,
                                   limits=service.options.limits)
        return _report(pack, evaluation.to_json(), fmt, lang)
    report = await service.run(work)
    return Response(report, 200, {FINGERPRINT_HEADER: pack.fingerprint},
                    media_type=FORMATS[fmt])


def _batch_lines(pack: Pack, text: str, limits: Limits | None, lang: str) -> Iterator[bytes]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    results = evaluate_many(pack, (line for _, line in lines), limits=limits)
    for (number, _), result in zip(lines, results, strict=True):
        yield (dumps(result.to_json(line=number, lang=lang), indent=None) + "\n").encode("utf-8")


async def _batch(service: _Service, request: Request) -> Response:
    pack = _pack(service.state.packs, request.path_params["pack"])
    text = _text(await service.body(request))
    lang = _lang(request, pack)
    lines = _batch_lines(pack, text, service.options.limits, lang)
    return StreamingResponse(lines, 200, {FINGERPRINT_HEADER: pack.fingerprint},
                             media_type="application/x-ndjson")


async def _packs(service: _Service, request: Request) -> Response:
    packs = service.state.packs
    return _json({"ok": True, "packs": [pack_summary(p) for p in packs.values()]})


async def _describe(service: _Service, request: Request) -> Response:
    pack = _pack(service.state.packs, request.path_params["pack"])
    return _json({"ok": True, **pack_details(pack)}, pack=pack)


async def _health(service: _Service, request: Request) -> Response:
    packs = service.state.packs
    return _json({"ok": True, "generation": service.state.generation,
                  "packs": {p.id: p.fingerprint for p in packs.values()}})


async def _openapi(service: _Service, request: Request) -> Response:
    return _json(openapi(service.state.packs))


async def _reload(service: _Service, request: Request) -> Response:
    if not service.options.reload_endpoint:
        raise ServeError.of("SERVE-RELOAD-OFF")
    packs = await asyncio.get_running_loop().run_in_executor(None, service.state.reload)
    return _json({"ok": True, "generation": service.state.generation,
                  "packs": {p.id: p.fingerprint for p in packs.values()}})


_ROUTES: list[tuple[str, Handler, str]] = [
    ("/health", _health, "GET"), ("/openapi.json", _openapi, "GET"),
    ("/packs", _packs, "GET"), ("/packs/{pack}", _describe, "GET"),
    ("/packs/{pack}/evaluate", _evaluate, "POST"), ("/packs/{pack}/explain", _explain, "POST"),
    ("/packs/{pack}/batch", _batch, "POST"), ("/admin/reload", _reload, "POST"),
]


def _page_routes(state: ServeState) -> list[BaseRoute]:
    """The caseworker's page at ``/``, when ``regel.serve.page`` is there."""
    try:
        page = importlib.import_module("regel.serve.page")
    except ModuleNotFoundError as exc:
        if exc.name != "regel.serve.page":
            raise
        return []
    return list(page.routes(state))


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 and 405 in the JSON error shape."""
    code = getattr(exc, "status_code", 404)
    err = (ServeError.of("SERVE-METHOD", path=request.url.path, method=request.method)
           if code == 405 else ServeError.of("SERVE-NOT-FOUND", path=request.url.path))
    return _json(error_json(err), status_of(err))


def create_app(packs: Sequence[PackRef] | ServeState, *, sighup: bool = False,
               **options: Any) -> Starlette:
    """The service answering with ``packs`` (pack folders, bundled packs' names or ``Pack``
    objects, loaded here once); ``options`` as ``Options`` (max_body, timeout,
    reload_endpoint, limits, workers). ``sighup``: reload on the signal SIGHUP (only where
    the app runs in the main thread's event loop, as under ``regel serve``)."""
    state = packs if isinstance(packs, ServeState) else ServeState(packs)
    service = _Service(state, Options(**options))
    routes: list[BaseRoute] = [Route(path, _endpoint(service, handler), methods=[method])
                               for path, handler, method in _ROUTES]
    routes += _page_routes(state)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if sighup:
            _on_sighup(service)
        try:
            yield
        finally:
            service.pool.shutdown(wait=False, cancel_futures=True)

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error})
    app.state.regel = state
    return app


def _on_sighup(service: _Service) -> None:
    import signal  # lazy: only the command line's service listens for signals
    loop = asyncio.get_running_loop()

    def reload() -> None:
        loop.run_in_executor(None, _reload_quietly, service.state)
    loop.add_signal_handler(signal.SIGHUP, reload)


def _reload_quietly(state: ServeState) -> None:
    """A reload on SIGHUP: a pack that no longer loads leaves the old packs answering."""
    with contextlib.suppress(RegelError):
        state.reload()
