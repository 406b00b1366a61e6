"""Run DMN TCK test folders against regel and report as the TCK does.

A TCK folder holds test folders, each with a model (``*.dmn``) and test case files
(``*-test-*.xml``) that name the model. Every test case is evaluated; its result nodes are
compared with ``regel.tools.tck_cases.compare``, the TCK's own rules. A decision whose
evaluation fails (a UNIQUE table with two matching rules, say) is null, as DMN says; the
failure is kept as the result's message.

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

from regel.base.errors import CaseError, Diagnostic, EvaluationError, PackError, RegelError
from regel.base.messages import Msg
from regel.load import load_dmn
from regel.run.evaluate import evaluate
from regel.tools.tck_cases import TckCase, compare, read_test_file

__all__ = ["NodeOutcome", "CaseOutcome", "find_test_files", "run_tck", "csv_text", "write_csv",
           "summary"]


@dataclass
class NodeOutcome:
    name: str
    expected: Any
    actual: Any
    passed: bool
    error: Msg | None = None    # why the evaluation of the node failed


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


def run_tck(root: str | Path, progress: Callable[[int, int], None] | None = None
            ) -> Iterator[CaseOutcome]:
    """Run every test case under ``root``; yield one outcome per test case."""
    root = Path(root)
    files = find_test_files(root)
    models: dict[Path, Any] = {}
    for n, path in enumerate(files, 1):
        folder = _folder_name(root, path)
        try:
            tck = read_test_file(path)
        except RegelError as err:
            yield CaseOutcome(folder, path.stem, "-", "ERROR", [said(err.first)])
            continue
        model_path = path.parent / (tck.model_name or "")
        if not tck.model_name or not model_path.is_file():
            candidates = sorted(path.parent.glob("*.dmn"))
            model_path = candidates[0] if len(candidates) == 1 else model_path
        if model_path not in models:
            try:
                models[model_path] = load_dmn(model_path)
            except PackError as err:
                models[model_path] = err
        model = models[model_path]
        for case in tck.cases:
            if isinstance(model, PackError):
                yield CaseOutcome(folder, path.stem, case.id, "ERROR", [Msg(
                    "tck.model-not-loading", {"problem": said(model.first, placed=True)})])
            else:
                yield run_case(model, case, folder, path.stem)
        if progress is not None:
            progress(n, len(files))


def run_case(pack: Any, case: TckCase, folder: str = "", test_file: str = "") -> CaseOutcome:
    """Evaluate one TCK test case on a loaded pack."""
    out = CaseOutcome(folder, test_file, case.id, "SUCCESS")
    unknown = [n for n in case.inputs if n not in pack.inputs]
    if unknown:
        out.result = "ERROR"
        out.problems = [Msg("tck.no-such-input", {"names": ", ".join(map(repr, unknown))})]
        return out
    if case.type != "decision" or case.invocable_name:
        out.result = "ERROR"
        out.problems = [Msg("tck.unsupported-type", {"type": case.type})]
        return out
    for node in case.results:
        if node.name not in pack.decisions and node.name not in pack.broken:
            out.nodes.append(NodeOutcome(node.name, node.expected, None, False,
                                         Msg("tck.no-such-decision", {"name": node.name})))
            continue
        error = None
        try:
            result = evaluate(pack, case.inputs, decisions=[node.name], trace=False)
            actual = result.values[node.name]
            warned = [w for w in result.warnings if w.decision == node.name
                      and w.diagnostic.code == "DECISION-FAILED"]
            if actual is None and warned:
                error = Msg("tck.problem", {"code": warned[0].diagnostic.code,
                                            "text": said(warned[0].diagnostic)})
        except CaseError as err:
            out.result = "ERROR"
            out.problems = [Msg("tck.fact-problem", {"fact": d.field or "", "problem": said(d)})
                            for d in err.diagnostics]
            return out
        except EvaluationError as err:   # DMN: an error is null
            actual, error = None, Msg("tck.problem", {"code": err.code,
                                                      "text": said(err.first)})
        passed = compare(node.expected, actual) and not (node.error_result and error is None)
        out.nodes.append(NodeOutcome(node.name, node.expected, actual, passed, error))
    failed = [n for n in out.nodes if not n.passed]
    if failed:
        out.result = "FAILURE"
        out.problems = [_failure(n) for n in failed]
    return out


def _failure(node: NodeOutcome) -> Msg:
    """'name: expected X, got Y' (with the error the evaluation gave, if any)."""
    from regel.feel.values import to_feel_literal  # lazy: only for a failed node
    values: dict[str, Any] = {"name": node.name, "expected": to_feel_literal(node.expected),
                              "actual": to_feel_literal(node.actual)}
    if node.error is None:
        return Msg("tck.expected-got", values)
    return Msg("tck.expected-got-error", {**values, "error": node.error})


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
