"""Run DMN TCK test folders against regel and report as the TCK does.

A TCK folder holds test folders, each with a model (``*.dmn``) and test case files
(``*-test-*.xml``) that name the model. Every test case is one outcome: each result node's
decision is evaluated alone with the case's inputs and judged as the TCK's runners judge
it (``run_case``; values by ``regel.tools.tck_cases.compare``). An ``errorResult`` node
passes when the value is null or the evaluation raised. tests/conformance/harness.py
counts the same independently, through the public API only.

``write_csv`` writes the TCK's ``tck_results.csv``: one quoted line per test case with the
test folder, the test file's name, the case id, SUCCESS / FAILURE / ERROR and a message
(in English, as the TCK's files are; ``CaseOutcome.text(lang)`` gives it in Danish too).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regel.base.errors import CaseError, Diagnostic, PackError, RegelError
from regel.base.messages import Msg
from regel.load import load_dmn
from regel.run.evaluate import evaluate, evaluate_service
from regel.tools.tck_cases import (
    ExactTemporal,
    TckCase,
    TckFile,
    TckResultNode,
    compare,
    read_test_file,
)

__all__ = ["NodeOutcome", "CaseOutcome", "find_test_files", "model_path", "load_model",
           "case_outcome", "run_tck", "run_case", "csv_text", "write_csv", "summary"]


@dataclass
class NodeOutcome:
    name: str
    expected: Any
    actual: Any
    passed: bool
    error: Msg | None = None    # why the evaluation of the node failed
    error_result: bool = False  # the node expected an error (or null)
    crashed: bool = False       # regel failed with an exception of its own (a bug)
    why: Msg | None = None      # why the decision is null (it failed), for the message


@dataclass
class CaseOutcome:
    folder: str                 # the test folder, as the TCK names it
    test_file: str              # the test file's name without .xml
    case_id: str
    result: str                 # SUCCESS, FAILURE or ERROR
    problems: list[Msg] = field(default_factory=list)   # what went wrong, not yet in words
    nodes: list[NodeOutcome] = field(default_factory=list)

    def text(self, lang: str = "en") -> str:
        """What went wrong, in Danish or English ('' for a success)."""
        return "; ".join(m.render(lang) for m in self.problems)

    @property
    def message(self) -> str:
        """What went wrong, in English (the TCK's CSV file)."""
        return self.text("en")


def said(d: Diagnostic, placed: bool = False) -> Msg:
    """A diagnostic as a message value, ``placed`` with its file, line and code."""
    text = Msg(d.key or d.code, d.values)
    if not placed:
        return text
    where = d.location()
    return Msg("tck.problem.at" if where else "tck.problem",
               {"where": where, "code": d.code, "text": text})


def find_test_files(root: Path) -> list[Path]:
    """Every TCK test case file under ``root`` (or ``root`` itself), in name order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.xml")
                  if p.is_file() and "-test-" in p.name and list(p.parent.glob("*.dmn")))


def _folder_name(root: Path, test_file: Path) -> str:
    """The test folder relative to the TCK root: ``compliance-level-2/0001-...``. When
    ``root`` is itself a level folder, its name is kept, as the published results do."""
    base = root if root.is_dir() else root.parent
    folder = test_file.parent
    try:
        rel = folder.relative_to(base)
    except ValueError:
        return folder.name
    if folder == base or not any(base.glob("*/*.dmn")):
        return rel.as_posix() if str(rel) != "." else base.name
    return f"{base.name}/{rel.as_posix()}" if base.name.startswith("compliance-level") \
        else rel.as_posix()


def model_path(tck: TckFile, test_file: Path) -> Path:
    """The model a test file names, else the only model beside it."""
    path = test_file.parent / (tck.model_name or "")
    if not tck.model_name or not path.is_file():
        candidates = sorted(test_file.parent.glob("*.dmn"))
        path = candidates[0] if len(candidates) == 1 else path
    return path


def load_model(path: Path, models: dict[Path, Any]) -> Any:
    """The pack of the model at ``path``, or the PackError it raised; each model is loaded
    once per ``models`` (a cache the caller keeps)."""
    if path not in models:
        try:
            models[path] = load_dmn(path)
        except PackError as err:
            models[path] = err
    return models[path]


def case_outcome(model: Any, case: TckCase, folder: str, test_file: str) -> CaseOutcome:
    """One test case on a model from ``load_model``: an ERROR if the model did not load."""
    if isinstance(model, PackError):
        return CaseOutcome(folder, test_file, case.id, "ERROR", [Msg(
            "tck.model-not-loading", {"problem": said(model.first, placed=True)})])
    return run_case(model, case, folder, test_file)


def run_tck(root: str | Path, progress: Callable[[int, int], None] | None = None
            ) -> Iterator[CaseOutcome]:
    """Run every test case under ``root``; yield one outcome per test case (one per file
    only for a file that is no test case file at all: not XML, say)."""
    root = Path(root)
    files = find_test_files(root)
    models: dict[Path, Any] = {}
    for n, path in enumerate(files, 1):
        folder = _folder_name(root, path)
        try:
            tck = read_test_file(path, each_case=True)
        except RegelError as err:
            yield CaseOutcome(folder, path.stem, "-", "ERROR", [said(err.first)])
            continue
        model = load_model(model_path(tck, path), models)
        for case in tck.cases:
            yield case_outcome(model, case, folder, path.stem)
        if progress is not None:
            progress(n, len(files))


def run_case(pack: Any, case: TckCase, folder: str = "", test_file: str = "") -> CaseOutcome:
    """Evaluate one TCK test case on a loaded pack, as the TCK's runners do: each result
    node's decision alone, with the case's inputs. A node passes when it expects an error
    (``errorResult``) and the value is null or the evaluation raised, or when it expects
    a value, nothing was raised, and the value matches. A case regel cannot run (a value
    it cannot read or hold, a decision service) never passes."""
    out = CaseOutcome(folder, test_file, case.id, "SUCCESS")
    beyond = [name for name, value in case.inputs.items() if _holds_exact(value)]
    if case.problem is not None or beyond:
        out.result = "ERROR"
        out.problems = [case.problem] if case.problem is not None else [
            Msg("tck.input-beyond", {"name": repr(name), "value": str(case.inputs[name])})
            for name in beyond]
        return out
    if case.type == "decisionService" and case.invocable_name:
        out.nodes = [_run_service_node(pack, case, node) for node in case.results]
    elif case.type != "decision":
        out.result = "FAILURE"
        out.problems = [Msg("tck.unsupported-type/invoking" if case.invocable_name
                            else "tck.unsupported-type",
                            {"type": case.type, "name": case.invocable_name or ""})]
        return out
    else:
        out.nodes = [_run_node(pack, case, node) for node in case.results]
    failed = [n for n in out.nodes if not n.passed]
    if failed:
        out.result = "ERROR" if any(n.crashed for n in failed) else "FAILURE"
        out.problems = [_failure(n) for n in failed]
    return out


def _holds_exact(value: Any) -> bool:
    """Whether a value read from a test file holds a temporal regel cannot hold."""
    if isinstance(value, ExactTemporal):
        return True
    if isinstance(value, list):
        return any(_holds_exact(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_exact(v) for v in value.values())
    return False


def _run_node(pack: Any, case: TckCase, node: TckResultNode,
              run: Callable[[], Any] | None = None) -> NodeOutcome:
    """Evaluate the node's decision (alone, or by ``run``) and judge the value by the
    TCK's rules."""
    error: Msg | None = None
    actual: Any = None
    why: Msg | None = None
    try:
        result = run() if run is not None else evaluate(pack, facts_of(pack, case),
                                                        decisions=[node.name], trace=False)
        actual = result.values.get(node.name)
        why = _why_null(result, node.name) if actual is None else None
    except CaseError as err:   # an input the model does not take: an error of the node
        error = Msg("tck.problem", {"code": err.code, "text": [
            Msg("tck.fact-problem", {"fact": d.field or "", "problem": said(d)})
            for d in err.diagnostics]})
    except RegelError as err:  # EvaluationError (stop mode, UNKNOWN-DECISION), LimitError
        error = Msg("tck.problem", {"code": err.code, "text": said(err.first)})
    except Exception as exc:  # a fault of regel's own: the case is an error, never a pass
        return NodeOutcome(node.name, node.expected, None, False, Msg(
            "tck.crash", {"type": type(exc).__name__, "text": str(exc)}), crashed=True)
    if node.error_result:
        passed = actual is None or error is not None
    else:
        passed = error is None and compare(node.expected, actual)
    return NodeOutcome(node.name, node.expected, actual, passed, error,
                       error_result=node.error_result, why=why)


def facts_of(pack: Any, case: TckCase) -> dict[str, Any]:
    """The case's inputs as the pack's facts: an input given with the namespace of a model
    the pack imports is each input of the pack that came from it (a model imported along
    two paths gives two), else the input of that name."""
    facts: dict[str, Any] = {}
    for name, value in case.inputs.items():
        origin = (case.namespaces.get(name), name)
        ids = [iid for iid, data in pack.inputs.items() if data.origin == origin]
        facts.update(dict.fromkeys(ids or [name], value))
    return facts


def _run_service_node(pack: Any, case: TckCase, node: TckResultNode) -> NodeOutcome:
    """A result node of a test case of type decisionService: the output decision of that
    name, from invoking the service (``case.invocable_name``) with the case's inputs."""
    return _run_node(pack, case, node, lambda: evaluate_service(
        pack, case.invocable_name or "", case.inputs))


def _why_null(result: Any, name: str) -> Msg | None:
    """Why a decision is null, when it failed (a broken decision of the model, two hits of
    a UNIQUE table): said in a failure's message, never counted as an error (DMN: it is
    null)."""
    for w in result.warnings:
        if w.decision == name and w.diagnostic.code == "DECISION-FAILED":
            return Msg("tck.problem", {"code": w.diagnostic.code, "text": said(w.diagnostic)})
    return None


def _failure(node: NodeOutcome) -> Msg:
    """'name: expected X, got Y' (with the error the evaluation gave, if any)."""
    from regel.feel.values import to_feel_literal  # lazy: only for a failed node
    if node.crashed and node.error is not None:
        return Msg("tck.in-node", {"name": node.name, "problem": node.error})
    values: dict[str, Any] = {"name": node.name, "actual": to_feel_literal(node.actual),
                              "expected": Msg("tck.an-error") if node.error_result
                              else to_feel_literal(node.expected)}
    error = node.error or node.why
    if error is None:
        return Msg("tck.expected-got", values)
    return Msg("tck.expected-got-error", {**values, "error": error})


def csv_text(outcomes: list[CaseOutcome]) -> str:
    """``tck_results.csv`` in the published vendors' format: one quoted row per test case."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for o in outcomes:
        writer.writerow([o.folder, o.test_file, o.case_id, o.result, o.message])
    return out.getvalue()


def write_csv(outcomes: list[CaseOutcome], path: str | Path) -> None:
    Path(path).write_text(csv_text(outcomes), encoding="utf-8", newline="")


def summary(outcomes: list[CaseOutcome]) -> dict[str, int]:
    counts = {"cases": len(outcomes), "SUCCESS": 0, "FAILURE": 0, "ERROR": 0,
              "models": len({o.folder for o in outcomes}),
              "result_nodes": sum(len(o.nodes) for o in outcomes)}
    for o in outcomes:
        counts[o.result] = counts.get(o.result, 0) + 1
    return counts
