"""`regel test`: run a pack's YAML tests, explain the failures, and measure rule coverage.

>>> run = run_tests(load_pack("examples/packs/library-fees"))      # doctest: +SKIP
>>> print(format_run(run))                                          # doctest: +SKIP

Each test evaluates its facts at its as-of date, with tracing on, for the decisions it
expects (and those it names in ``matched``/``not_matched``). Outputs are compared with FEEL
equality; ``matched`` rule ids must be among the rules that matched, ``not_matched`` ids
must not be. Coverage comes from the traces of all the tests run: for every version of
every decision table the rules that no test made match, and the decisions no test reached.
The pytest plugin (``regel.tools.pytest_plugin``) runs the same checks through ``run_test``.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from regel.base.errors import RegelError
from regel.base.messages import Msg, render
from regel.base.words import shown_path
from regel.feel import from_python
from regel.feel.jsonio import dumps
from regel.feel.values import (
    DaysTimeDuration,
    YearsMonthsDuration,
    feel_equal,
    to_feel_literal,
)
from regel.model import DecisionTable, Pack, PackTest, cited_text
from regel.run.evaluate import evaluate
from regel.run.trace import Trace

__all__ = ["TestResult", "TestRun", "VersionCoverage", "Coverage", "run_test", "run_tests",
           "check_untraced", "explain", "format_run"]


@dataclass(slots=True)
class TestResult:
    """The outcome of one YAML test."""

    __test__ = False  # not a pytest test class

    name: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    location: str | None = None
    #: the decisions whose check failed (their explanation is shown)
    failed_decisions: list[str] = field(default_factory=list)
    #: the traced evaluation (None when it raised)
    trace: Trace | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "location": self.location,
                "failures": list(self.failures), "failed_decisions": list(self.failed_decisions),
                "error": self.error}


@dataclass(slots=True)
class VersionCoverage:
    """The rules of one version of a decision table, and those no test made match."""

    decision: str
    period: str                 # "[2020-01-01, 2024-01-01)"
    valid_from: str
    rules: list[str]
    never_matched: list[str]
    reached: bool
    several_versions: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.decision, "valid_from": self.valid_from,
                "period": self.period, "rules": len(self.rules), "reached": self.reached,
                "never_matched": list(self.never_matched)}


@dataclass(slots=True)
class Coverage:
    tables: list[VersionCoverage]
    not_reached: list[str]      # decision ids no test evaluated

    @property
    def total_rules(self) -> int:
        return sum(len(v.rules) for v in self.tables)

    @property
    def matched_rules(self) -> int:
        return sum(len(v.rules) - len(v.never_matched) for v in self.tables)

    @property
    def percent(self) -> float:
        total = self.total_rules
        return 100.0 if total == 0 else 100.0 * self.matched_rules / total

    def to_json(self) -> dict[str, Any]:
        return {"rules": self.total_rules, "rules_matched": self.matched_rules,
                "percent": Decimal(f"{self.percent:.1f}"),
                "never_matched": [v.to_json() for v in self.tables if v.never_matched],
                "decisions_not_reached": list(self.not_reached)}


@dataclass(slots=True)
class TestRun:
    """The results of a pack's tests, in file order, and the rule coverage they give."""

    __test__ = False

    pack: Pack
    results: list[TestResult]
    coverage: Coverage

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if not r.passed)

    def to_json(self) -> dict[str, Any]:
        return {"pack": {"id": self.pack.id, "version": self.pack.version,
                         "fingerprint": self.pack.fingerprint},
                "passed": self.passed, "failed": self.failed,
                "results": [r.to_json() for r in self.results],
                "coverage": self.coverage.to_json()}


# --------------------------------------------------------------------------- running

def _literal(value: Any) -> str:
    try:
        return to_feel_literal(value)
    except Exception:  # a value FEEL cannot write: show Python's form
        return repr(value)


def _asked(test: PackTest) -> list[str]:
    asked = list(test.expect)
    for did in list(test.matched) + list(test.not_matched):
        if did not in asked:
            asked.append(did)
    return asked


def _error_text(exc: BaseException, lang: str) -> str:
    """An error met evaluating a test, in ``lang``: every problem with its code."""
    if isinstance(exc, RegelError):
        text = exc.render(lang)
        return text if exc.code in text else f"{exc.code}: {text}"
    return render("testing.internal_error", lang, {"type": type(exc).__name__,
                                                   "error": str(exc)})


def _compare_outputs(test: PackTest, values: dict[str, Any], prefix: str = "",
                     lang: str = "en", pack: Pack | None = None
                     ) -> tuple[list[str], list[str]]:
    """The expected outputs that differ: (failure texts, their decisions). An expected
    context names only the fields that matter: those are compared, each field that
    differs is one failure, its values written for ``lang`` with the decision's units."""
    failures: list[str] = []
    failed: list[str] = []
    for did, expected in test.expect.items():
        if did not in values:
            failures.append(prefix + render("testing.not_evaluated", lang, {
                "did": did, "want": _literal(expected)}))
            failed.append(did)
            continue
        actual = values[did]
        try:
            want = from_python(expected, Msg("testing.expected", {"did": did}))
        except RegelError as err:
            failures.append(prefix + render("testing.unreadable", lang, {
                "did": did, "error": err.first.text(lang)}))
            failed.append(did)
            continue
        decision = pack.decisions.get(did) if pack is not None else None
        units = decision.units if decision is not None else {}
        for path, w, got in _differences(want, actual):
            unit = units.get(path[-1] if path else "")
            failures.append(prefix + render("testing.differs", lang, {
                "did": ".".join((did, *path)), "want": _shown(w, lang, unit),
                "got": _shown(got, lang, unit)}))
        if _differences(want, actual):
            failed.append(did)
    return failures, failed


_ABSENT = object()   # a field the actual context does not have


def _differences(want: Any, got: Any, path: tuple[str, ...] = ()
                 ) -> list[tuple[tuple[str, ...], Any, Any]]:
    """(field path, expected, actual) where ``got`` differs from ``want``; a context
    expected is compared on its own fields only (at every depth)."""
    if isinstance(want, dict) and isinstance(got, dict) and want:
        out: list[tuple[tuple[str, ...], Any, Any]] = []
        for key, value in want.items():
            out += _differences(value, got.get(key, _ABSENT), (*path, str(key)))
        return out
    if got is _ABSENT or feel_equal(got, want) is not True:
        return [(path, want, got)]
    return []


def _shown(value: Any, lang: str, unit: str | None) -> str:
    """A value in a failure: numbers, dates and durations as a person reads them in
    ``lang`` (113.823,30 kr.), text quoted, anything else as FEEL writes it."""
    if value is _ABSENT:
        return render("testing.no_field", lang)
    if isinstance(value, (Decimal, _dt.date, DaysTimeDuration, YearsMonthsDuration)) and \
            not isinstance(value, bool):
        from regel.report.formats import format_value  # lazy: the report package; failures only
        return format_value(value, lang, unit)
    return _literal(value)


def run_test(pack: Pack, test: PackTest, lang: str = "en") -> TestResult:
    """Run one YAML test with tracing on: outputs, matched and not-matched rules; the
    failure texts are in ``lang`` (da or en)."""
    location = (str(replace(test.location, file=shown_path(test.location.file)))
                if test.location is not None else None)
    result = TestResult(test.name, True, location=location)
    try:
        evaluation = evaluate(pack, test.facts, decisions=_asked(test), as_of=test.as_of,
                              trace=True)
    except Exception as exc:  # an engine error (or bug) fails this test, not the run
        text = _error_text(exc, lang)
        result.passed, result.error = False, text
        result.failures.append(render("testing.eval_failed", lang, {"error": text}))
        return result
    result.trace = evaluation.trace
    failures, failed = _compare_outputs(test, evaluation.values, lang=lang, pack=pack)
    trace = evaluation.trace
    assert trace is not None
    for did, rule_ids in test.matched.items():
        matched = _matched(trace, did)
        missing = [r for r in rule_ids if r not in matched]
        if missing:
            key = "testing.should_match_n" if len(missing) > 1 else "testing.should_match"
            failures.append(render(key, lang, {
                "did": did, "rules": ", ".join(missing),
                "matched": ", ".join(matched) or render("tools.none", lang)}))
            failed.append(did)
    for did, rule_ids in test.not_matched.items():
        matched = _matched(trace, did)
        wrong = [r for r in rule_ids if r in matched]
        if wrong:
            key = ("testing.should_not_match_n" if len(wrong) > 1
                   else "testing.should_not_match")
            failures.append(render(key, lang, {"did": did, "rules": ", ".join(wrong)}))
            failed.append(did)
    result.failures = failures
    result.failed_decisions = list(dict.fromkeys(failed))
    result.passed = not failures
    return result


def check_untraced(pack: Pack, test: PackTest, lang: str = "en") -> list[str]:
    """The test's expected outputs checked again with tracing off (the same code path must
    give the same values); failure messages start with '(untraced) ' (in Danish '(uden
    sporing) ')."""
    untraced = render("testing.untraced", lang) + " "
    try:
        evaluation = evaluate(pack, test.facts, decisions=_asked(test), as_of=test.as_of,
                              trace=False)
    except Exception as exc:
        return [untraced + render("testing.eval_failed", lang,
                                  {"error": _error_text(exc, lang)})]
    return _compare_outputs(test, evaluation.values, untraced, lang, pack)[0]


def _matched(trace: Trace, did: str) -> list[str]:
    """The rules of ``did`` that matched (for a function: in any of its calls)."""
    try:
        d = trace.decision(did)
    except KeyError:
        return []
    return list(dict.fromkeys([*d.matched, *(r for c in d.calls for r in c.matched)]))


def _selected(pack: Pack, names: list[str] | None) -> list[PackTest]:
    if not names:
        return list(pack.tests)
    return [t for t in pack.tests if any(n in t.name for n in names)]


def run_tests(pack: Pack, names: list[str] | None = None, lang: str = "en") -> TestRun:
    """Run the pack's YAML tests (those whose name contains one of ``names``, if given);
    failure texts in ``lang``."""
    results = [run_test(pack, t, lang) for t in _selected(pack, names)]
    return TestRun(pack, results, _coverage(pack, [r.trace for r in results
                                                    if r.trace is not None]))


def _coverage(pack: Pack, traces: list[Trace]) -> Coverage:
    reached: set[str] = set()
    matched: dict[tuple[str, int], set[str]] = {}
    version_reached: set[tuple[str, int]] = set()
    for trace in traces:
        for d in trace.decisions:
            reached.add(d.id)
            for traced in (d, *d.calls):   # a function's table runs in its calls
                key = (d.id, id(traced.version))
                version_reached.add(key)
                matched.setdefault(key, set()).update(traced.matched)
    tables: list[VersionCoverage] = []
    for did, decision in pack.decisions.items():
        several = len(decision.versions) > 1
        for version in decision.versions:
            if not isinstance(version.logic, DecisionTable):
                continue
            key = (did, id(version))
            ids = [r.id for r in version.logic.rules]
            hit = matched.get(key, set())
            tables.append(VersionCoverage(did, version.period(), version.valid_from.isoformat(),
                                          ids, [r for r in ids if r not in hit],
                                          key in version_reached, several))
    not_reached = [did for did in pack.decisions if did not in reached]
    return Coverage(tables, not_reached)


# --------------------------------------------------------------------------- output

def explain(result: TestResult, lang: str = "en") -> str:
    """The explanation report (text) of a failed test's traced case, limited to the
    decisions that failed; '' when there is no trace."""
    if result.trace is None:
        return ""
    from regel.report import render as render_report  # lazy: rich, ~35 ms; failures only
    data = json.loads(dumps(result.trace.to_json()), parse_float=Decimal)
    keep = set(result.failed_decisions)
    if keep:
        data["decisions"] = [d for d in data.get("decisions", []) if d["id"] in keep]
        data["outputs"] = {k: v for k, v in (data.get("outputs") or {}).items() if k in keep}
    try:
        text = render_report(data, "text", lang)
    except Exception as exc:  # never hide the failure behind a report problem
        return render("testing.explain_failed", lang, {"type": type(exc).__name__,
                                                       "error": str(exc)})
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if lines:
        lines[0] = lines[0].strip()  # the centred title
    return "\n".join(lines)


def _where(result: TestResult) -> str:
    return f"{result.location}: " if result.location else ""


def format_failure(result: TestResult, lang: str = "en", explanation: bool = True,
                   pack: Pack | None = None) -> str:
    """A failed test: its name, its failures and (with ``explanation``) the explanation of
    the decisions that failed; without it, given the ``pack``, one line per failed
    decision: the rules that matched and their sources."""
    out = [render("testing.failed", lang, {"where": _where(result), "name": result.name})]
    out += [f"  {f}" for f in result.failures]
    if not explanation and pack is not None:
        out += [f"  {line}" for line in _matched_lines(result, pack, lang)]
    if explanation:
        text = explain(result, lang)
        if text:
            out.append("")
            out += [f"    {line}" if line else "" for line in text.splitlines()]
            out.append("")
    return "\n".join(out)


def _matched_lines(result: TestResult, pack: Pack, lang: str) -> list[str]:
    """Per failed decision of ``result``: the rules of its table that matched, each with
    its source, else the version's (the short explanation; ``regel test -v`` shows the
    report)."""
    if result.trace is None:
        return []
    out = []
    for did in result.failed_decisions:
        try:
            traced = result.trace.decision(did)
        except KeyError:
            continue
        logic = traced.version.logic
        if not isinstance(logic, DecisionTable):
            continue
        rules = {r.id: r for r in logic.rules}
        shown = [f"{rid} ({text})" if (text := cited_text(
            rules[rid].source or traced.version.source, pack.sources, lang)) else rid
            for rid in _matched(result.trace, did) if rid in rules]
        out.append(render("testing.matched_rules", lang, {
            "did": did, "rules": "; ".join(shown) or render("tools.none", lang)}))
    return out


def format_coverage(coverage: Coverage, lang: str = "en") -> list[str]:
    """The rule coverage: one line, then the rules never matched and decisions not reached."""
    percent = f"{coverage.percent:.1f}"
    out = [render("testing.coverage", lang, {
        "n": coverage.matched_rules, "total": coverage.total_rules,
        "pct": percent.replace(".", ",") if lang == "da" else percent})]
    for v in coverage.tables:
        if not v.never_matched:
            continue
        name = f"{v.decision} {v.period}" if v.several_versions else v.decision
        if not v.reached:
            name += render("testing.not_reached_version", lang)
        out.append("  " + render("testing.never_matched", lang, {
            "name": name, "rules": ", ".join(v.never_matched)}))
    if coverage.not_reached:
        out.append("  " + render("testing.not_reached", lang,
                                 {"ids": ", ".join(coverage.not_reached)}))
    return out


def format_run(run: TestRun, lang: str = "en", verbose: bool = False) -> str:
    """The run as text: the failures (each with the rules that matched in the failed
    decisions; ``verbose``: with the explanation report, and the passing tests), the
    coverage, and last the line 'N passed, M failed'."""
    out: list[str] = []
    for r in run.results:
        if r.passed:
            if verbose:
                out.append(render("testing.ok", lang, {"where": _where(r), "name": r.name}))
        else:
            out.append(format_failure(r, lang, verbose, run.pack))
    if out:
        if run.failed and not verbose:
            out.append(render("testing.verbose_hint", lang))
        out.append("")
    out += format_coverage(run.coverage, lang)
    out.append("")
    out.append(render("testing.summary", lang, {"passed": run.passed, "failed": run.failed}))
    return "\n".join(out)
