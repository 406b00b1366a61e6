"""``regel show``: a decision's table as a grid, version by version, with each rule's law."""

from __future__ import annotations

import argparse
from typing import Any

from regel.base.errors import EvaluationError, hint
from regel.cli.common import (
    EXIT_OK,
    add_format,
    add_lang,
    add_pack,
    add_verb,
    console,
    echo,
    use_language,
)
from regel.feel.jsonio import dumps
from regel.load import load_pack
from regel.model import Decision, DecisionTable, Source, cited_json

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Show a decision's table as a grid, version by version, with each rule's law.

Examples:
  regel show examples/packs/library-fees late_fee
  regel show sikkerhedsstillelse amount_series --lang en
  regel show sikkerhedsstillelse validity_years --format json
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "show", "show a decision's table, version by version", HELP, run)
    add_pack(p)
    p.add_argument("decision", metavar="DECISION", help="the decision's id")
    add_format(p)
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    pack = load_pack(args.pack)
    lang = use_language(args, pack)
    decision = pack.decisions.get(args.decision)
    if decision is None:
        raise EvaluationError.of("UNKNOWN-DECISION", key="UNKNOWN-DECISION/show",
                                 name=args.decision, hint=hint(args.decision, pack.decisions),
                                 decisions=list(pack.decisions))
    if args.format == "json":
        echo(dumps(_decision_json(decision, pack.sources)))
        return EXIT_OK
    from regel.report.grid import decision_tables  # lazy: the reports cost ~35 ms
    console(wrap=True).print(decision_tables(decision, lang, pack.sources))
    return EXIT_OK


def _decision_json(decision: Decision, sources: dict[str, Source]) -> dict[str, Any]:
    """The decision's versions as data: each table's hit policy, columns and rules, or the
    expression; a source as written (a text, or citations as JSON), and the registry's
    entries it cites (``sources``)."""
    versions = []
    for v in decision.versions:
        item: dict[str, Any] = {"valid_from": v.valid_from, "valid_to": v.valid_to,
                                "source": cited_json(v.source)}
        if isinstance(v.logic, DecisionTable):
            t = v.logic
            item["table"] = {
                "hit_policy": t.hit_policy,
                "inputs": [{"id": c.id, "expression": c.text} for c in t.inputs],
                "outputs": [{"name": o.name, "default": o.default} for o in t.outputs],
                "rules": [{"id": r.id, "when": r.cell_texts(), "then": r.output_texts(),
                           "source": cited_json(r.source)} for r in t.rules],
            }
        else:
            item["expression"] = v.logic.text
        versions.append(item)
    cited = {c["ref"] for v in versions for c in _cites(v)}
    return {"id": decision.id, "label": decision.label.to_json(), "versions": versions,
            "sources": {k: s.to_json() for k, s in sources.items() if k in cited}}


def _cites(version: dict[str, Any]) -> list[dict[str, Any]]:
    """The citations (as JSON) of a version written by ``_decision_json``, and its rules'."""
    fields = [version["source"], *(r["source"] for r in
                                   (version.get("table") or {}).get("rules", []))]
    return [c for f in fields if isinstance(f, list) for c in f]
