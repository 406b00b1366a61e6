"""Every result node of the DMN TCK (levels 2 and 3), asked traced four times: from the
third time on, a question asked before runs its decisions written out in one generated
function (regel.run.compiled.compile_traced_question); what the fourth gives must be
what the general way (``regel.run.evaluate.evaluate``) gives for the same call: the
value, the warnings and the whole trace (every rule's why-not), or the same error. The
models are the TCK's own: functions, contexts, decision services' decisions, tables of
every hit policy, decisions that fail (DMN: null, with a warning), so the written
function meets every way a decision can go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from regel.base.errors import PackError, RegelError
from regel.run.evaluate import evaluate, traced_evaluation
from regel.tools.tck import facts_of, find_test_files, load_model, model_path
from regel.tools.tck_cases import read_test_file

TCK = Path(__file__).resolve().parents[2].parent / "shared" / "dmn-tck"
AS_OF = dt.date(2024, 5, 1)


def _outcome(call: Any) -> Any:
    try:
        ev = call()
    except RegelError as err:
        return ("error", err.code, str(err))
    trace = ev.trace.to_json(why_not="all") if ev.trace is not None else None
    return (repr(ev.values), [w.to_json() for w in ev.warnings], repr(trace))


def _short(pack: Any, facts: dict[str, Any], asked: list[str]) -> Any:
    """Pack.evaluate's traced way: the short one where it answers."""
    return lambda: traced_evaluation(pack, dict(facts), asked, AS_OF) or evaluate(
        pack, dict(facts), decisions=asked, as_of=AS_OF, trace=True)


def _general(pack: Any, facts: dict[str, Any], asked: list[str]) -> Any:
    return lambda: evaluate(pack, dict(facts), decisions=asked, as_of=AS_OF, trace=True)


@pytest.mark.parametrize("level", ["compliance-level-2", "compliance-level-3"])
def test_a_traced_question_asked_again_answers_as_the_general_way(level: str) -> None:
    root = TCK / level
    assert root.is_dir(), f"the DMN TCK must be beside the repository at {root}"
    models: dict[Path, Any] = {}
    nodes = written = 0
    for path in find_test_files(root):
        tck = read_test_file(path, each_case=True)
        pack = load_model(model_path(tck, path), models)
        if isinstance(pack, PackError):
            continue    # (a model regel cannot load: tests/conformance says which)
        for case in tck.cases:
            if case.invocable_name:
                continue    # a decision service's cases go through evaluate_service
            facts = facts_of(pack, case)
            for node in case.results:
                asked = [node.name]
                for _ in range(3):
                    _outcome(_short(pack, facts, asked))
                got = _outcome(_short(pack, facts, asked))
                want = _outcome(_general(pack, facts, asked))
                assert got == want, (path.name, case.id, node.name)
                nodes += 1
                plan = pack.compiled.get(("plan", *asked))
                written += bool(plan and plan[2] and plan[2][0] is not None)
    # nearly every node's question is written out (a model with a decision regel
    # could not build is not), so the comparison above is of the written function
    assert nodes > 100 and written > 0.9 * nodes, (nodes, written)
