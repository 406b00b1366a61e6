"""``regel serve``: the decision service, an HTTP JSON API over packs loaded once
(``regel.serve``), on uvicorn. Needs the optional part ``regel[serve]``."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any

from regel.base.errors import RegelError
from regel.cli.common import EXIT_OK, add_lang, add_verb, choose_packs, say

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Serve packs as an HTTP JSON API for case systems: each pack is loaded once, and
  POST /packs/PACK/evaluate   a case (as `regel schema PACK` describes it) -> the values
                              (?trace=true: and the trace)
  POST /packs/PACK/explain    a case -> the report (?format=html|md|json|pdf&lang=da|en)
  POST /packs/PACK/batch      case records, one JSON line each -> result lines (streamed)
  GET  /packs, /packs/PACK    the packs: decisions, facts with labels, versions, fingerprint
  GET  /health, /openapi.json the service is up; its OpenAPI 3.1 description
Errors are the one JSON error shape of `--format json` with an HTTP status: 400 a bad case,
404 an unknown pack or decision, 413 a request over --max-body, 422 a case the rules reject,
504 an evaluation over --timeout. Every answer names the fingerprint of the pack that gave
it (header Regel-Pack-Fingerprint). The signal SIGHUP (and POST /admin/reload, with
--reload-endpoint) loads the packs again and swaps them in at once; requests under way
finish on the old ones. Listens on 127.0.0.1 unless --host says otherwise. Needs the
optional part: pip install 'regel[serve]'. docs/serve.md tells more.

Examples:
  regel serve sikkerhedsstillelse --check          load the packs, say what would be served
  regel serve sikkerhedsstillelse familiesammenfoering --check --port 8080
"""


def _seconds(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of seconds")
    return value


def _bytes(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of bytes")
    return int(text)


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "serve", "serve packs as an HTTP JSON API (regel[serve])", HELP,
                 run)
    p.add_argument("packs_served", nargs="+", metavar="PACK",
                   help="pack folders, bundled packs' names or DMN models (.dmn)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on "
                   "(default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    p.add_argument("--max-body", type=_bytes, default=1_048_576, metavar="BYTES",
                   help="the largest request body (default 1048576, 1 MiB); larger: 413")
    p.add_argument("--timeout", type=_seconds, default=Decimal(10), metavar="SECONDS",
                   help="the longest one request's evaluation may take (default 10); "
                        "longer: 504")
    p.add_argument("--reload-endpoint", action="store_true",
                   help="accept POST /admin/reload (off by default; SIGHUP always reloads)")
    p.add_argument("--check", action="store_true",
                   help="load the packs, print what would be served, and stop")
    p.add_argument("--packs", metavar="DIR", default=None,
                   help="look a pack given by its bare name up as DIR/NAME first "
                        "(default: $REGEL_PACKS, else ./rules), then among the bundled packs")
    add_lang(p, pack_arg=None)


def _refs(args: argparse.Namespace) -> list[str]:
    """Each pack argument, a bare name looked up as ``regel eval`` does (``choose_packs``)."""
    refs = []
    for ref in args.packs_served:
        one = argparse.Namespace(pack=ref, packs=args.packs, pack_args=("pack",),
                                 lang=args.lang)
        choose_packs(one)
        refs.append(one.pack)
    return refs


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn  # lazy: the service is an optional extra, regel[serve]

        from regel.serve.app import create_app  # lazy: needs starlette, as above
        from regel.serve.state import ServeState  # lazy: as above
    except ImportError:
        raise RegelError.of("SERVE-NO-STARLETTE") from None
    lang = args.lang or "en"
    state = ServeState(_refs(args))
    for pack in state.packs.values():
        say("serve.pack", lang, True, pack=pack.id, version=pack.version,
            fingerprint=pack.fingerprint[:12])
    say("serve.listening", lang, True, url=f"http://{args.host}:{args.port}/")
    if args.check:
        return EXIT_OK
    app = create_app(state, sighup=True, max_body=args.max_body,
                     timeout=float(args.timeout), reload_endpoint=args.reload_endpoint)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
