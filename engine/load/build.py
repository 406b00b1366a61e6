"""Rule pack folder (or DMN documents) -> ``regel.model.Pack``, with every problem
reported at once.

Stages: read each YAML file keeping positions (``packfile``); check it against its JSON
Schema (``schema``); build the model, compiling each FEEL text once, with syntax errors
located inside their cell; then check what a schema cannot (``checks``): names in
expressions, the decision graph, versions, hit policies, literal types and allowed
values. Nothing is evaluated.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from regel.analysis.index import build_index
from regel.base.collector import while_paused
from regel.base.errors import Diagnostic, FeelSyntaxError, PackError, RegelError, Span
from regel.base.kept import kept
from regel.base.messages import Msg
from regel.base.words import did_you_mean
from regel.feel import (
    CompiledExpression,
    CompiledUnaryTests,
    Limits,
    compile_expression,
    compile_unary_tests,
    from_python,
)
from regel.feel import ast as feel_ast
from regel.feel.analysis import literal_values
from regel.feel.types import FeelType, TypeTable
from regel.load import checks, sources
from regel.load.fingerprint import fingerprint
from regel.load.locate import find_pack
from regel.load.packfile import PackFile, YamlPath, diagnostic
from regel.load.partial import Owners, settle, stand_in
from regel.load.schema import schema_problems
from regel.load.values import as_date, bare_constants, cell_text, feel_values
from regel.model import (
    HIT_POLICIES,
    Decision,
    DecisionTable,
    InputClause,
    InputData,
    LiteralExpression,
    OutputClause,
    OutputRead,
    Pack,
    PackTest,
    Rule,
    Service,
    Source,
    Text,
    Version,
    default_column_id,
)

if TYPE_CHECKING:
    from regel.dmn.reader import DmnDocuments, Document

__all__ = ["load_pack", "load_dmn", "load_documents"]

#: What a column that is just a name holds: (type, allowed values), by name.
_Columns = dict[str, tuple[str | None, tuple[Any, ...] | None]]

_Compiled = TypeVar("_Compiled", CompiledExpression, CompiledUnaryTests)


# --------------------------------------------------------------------------- entry points

@while_paused
def load_pack(path_or_name: str | Path, *, tests: bool = True, strict: bool = False) -> Pack:
    """Load, check and compile a rule pack; raise ``PackError`` listing every problem.
    ``tests=False`` skips the pack's YAML tests (evaluation does not need them). A DMN
    model loads decision by decision unless ``strict`` (see ``load_dmn``); a YAML pack
    with a problem never loads.

    >>> pack = load_pack("examples/packs/library-fees")   # doctest: +SKIP
    """
    root = find_pack(path_or_name)
    if root.is_file() and root.suffix.lower() == ".dmn":
        return load_dmn(root, strict=strict)
    with kept(str(root.resolve())):   # the next load reads its YAML and FEEL from the cache
        return _load_yaml_pack(root, tests)


def _load_yaml_pack(root: Path, tests: bool) -> Pack:
    """A YAML pack's files read, checked and compiled (see load_pack)."""
    b = _Builder(root)
    pack_file = b.read(root / "pack.yaml")
    if pack_file is None:
        raise PackError(b.diagnostics)
    if not isinstance(pack_file.data, dict):
        b.error("SCHEMA/pack-not-mapping", pack_file)
        raise PackError(b.diagnostics)
    b.iso_dates = pack_file.data.get("feel_dialect") != "dmn"
    decision_files = sorted((root / "decisions").glob("*.y*ml")) if (
        root / "decisions").is_dir() else []
    if not decision_files:
        b.diagnostics.append(diagnostic("PACK-LAYOUT/no-decisions", str(root / "decisions")))
    files = [f for f in (b.read(path) for path in decision_files) if f is not None]
    registry = None
    if os.path.lexists(root / sources.SOURCES_FILE):
        registry = b.read(root / sources.SOURCES_FILE)
    return _assemble(b, root, pack_file, files, tests, registry=registry)


@while_paused
def load_dmn(path: str | Path, *, strict: bool = False) -> Pack:
    """Load a DMN 1.1–1.5 model as a pack (see ``regel.dmn``), decision by decision: a
    decision with a problem fails alone when evaluated (``Pack.broken``), as DMN tools
    run a model. ``strict=True`` (``regel check``, ``regel import``) raises ``PackError``
    listing every problem with its position in the DMN file instead."""
    from regel.dmn.reader import read_dmn  # lazy: a YAML pack loads without the DMN reader
    return load_documents(read_dmn(path), strict=strict)


@while_paused
def load_documents(docs: DmnDocuments, *, strict: bool = False) -> Pack:
    """A pack from the documents ``regel.dmn.reader.read_dmn`` read from a model."""
    b = _Builder(docs.path, iso_dates=False)
    b.types = TypeTable(docs.types) if docs.types else None
    b.declared = {str(d.data.get("id")): d.types for d in docs.decisions if d.types}
    b.declared[""] = docs.pack.types

    def file(doc: Document) -> PackFile:
        return PackFile(docs.path, docs.shown, docs.lines, doc.data, doc.marks, doc.key_marks)
    owners = Owners.of(docs.broken, docs.broken_inputs, docs.problems())
    pack = _assemble(b, docs.path, file(docs.pack), [file(d) for d in docs.decisions], False,
                     owners, strict)
    pack.warnings[:0] = docs.warnings
    for iid, origin in docs.input_origins.items():
        if iid in pack.inputs:
            pack.inputs[iid] = replace(pack.inputs[iid], origin=origin)
    return pack


# --------------------------------------------------------------------------- the builder

@dataclass(frozen=True, slots=True)
class _Scope:
    """What the expressions of one decision may use."""

    names: set[str]         # the required inputs and decisions, the parameters
    pack_inputs: set[str]   # every input of the pack, to say "not required"
    decisions: set[str]     # every decision of the pack, likewise

    def widened(self, names: Iterable[str]) -> _Scope:
        return _Scope(self.names | set(names), self.pack_inputs, self.decisions)


class _Builder:
    """The diagnostics found so far, and reading, checking and compiling with positions."""

    def __init__(self, root: Path, iso_dates: bool = True) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        #: the rule-pack dialect reads 2024-07-01 as a date; standard FEEL (DMN) does not
        self.iso_dates = iso_dates
        #: names the parser must know to read multi-word names that are not in scope
        #: themselves: fields of required inputs and decisions, parameters of functions
        self.parse_names: set[str] = set()
        #: the pack's multi-word input and decision names (set once the files are read)
        self.multi_word: set[str] = set()
        #: a DMN model's item definitions, which ``instance of`` may name
        self.types: TypeTable | None = None
        #: the FEEL types a DMN model declares (``Document.types``), by decision id; the
        #: inputs' under ""
        self.declared: dict[str, dict[tuple[Any, ...], Any]] = {}
        #: the pack's registry of sources, which citations refer to
        self.sources: dict[str, Source] = {}
        self.broken_sources: set[str] = set()   # entries with schema errors (reported)
        #: the units the decision being built declares (``units``, ``unit`` under "")
        self.units: dict[str, str] = {}
        #: every decision as written (it passed its schema), by id: what a decision that
        #: failed to build still tells those that read it (its values, its fields)
        self.written: dict[str, dict[str, Any]] = {}

    def cited(self, f: PackFile, raw: Any, path: YamlPath) -> Any:
        """A ``source`` field: its text or citations, each unknown source reported."""
        source, problems = sources.cited(f, raw, path, self.sources, self.broken_sources)
        self.add(problems)
        return source

    def declared_type(self, owner: str, *path: Any) -> Any:
        """The FEEL type DMN declares at ``path`` of decision ``owner`` ("": the pack)."""
        return self.declared.get(owner, {}).get(path)

    def add(self, problems: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(problems)

    def error(self, key: str, f: PackFile, path: YamlPath = (), *, at_key: bool = False,
              line: int | None = None, column: int | None = None, **values: Any) -> None:
        """Report the problem ``key`` (a catalogue entry) at ``path`` in ``f``."""
        self.diagnostics.append(f.problem(key, path, at_key=at_key, line=line, column=column,
                                          **values))

    def read(self, path: Path) -> PackFile | None:
        """The YAML file with its positions, or None with its problem reported."""
        shown = str(path)
        try:
            return PackFile.read(path, shown)
        except RegelError as err:   # YAML that does not parse, or a file that cannot be read
            first = err.first
            span = first.span.in_file(shown) if first.span else Span.point(shown)
            self.diagnostics.append(replace(first, span=span))
        return None

    def validate(self, f: PackFile, kind: str) -> list[YamlPath]:
        """Report every schema error of ``f``; return the paths that have errors."""
        problems = schema_problems(f.data, kind, f.made_of)
        for p in problems:
            self.error(p.message.key, f, p.at, at_key=p.at_key, **p.message.values)
        return [p.path for p in problems]

    def check_names(self, f: PackFile, node: feel_ast.Node, scope: _Scope, path: YamlPath,
                    where: Msg) -> None:
        self.add(checks.names(f, node, scope.names, scope.pack_inputs, scope.decisions,
                              path, where))

    def compile_expr(self, text: str, names: set[str], f: PackFile,
                     path: YamlPath) -> CompiledExpression | None:
        return self._compile(compile_expression, text, names, f, path)

    def compile_tests(self, text: str, names: set[str], f: PackFile,
                      path: YamlPath) -> CompiledUnaryTests | None:
        return self._compile(compile_unary_tests, text, names, f, path)

    def _compile(self, compile_: Callable[..., _Compiled], text: str, names: set[str],
                 f: PackFile, path: YamlPath) -> _Compiled | None:
        """``text`` compiled in the pack's dialect, or None with FEEL-SYNTAX reported at
        the character inside the cell."""
        try:
            return compile_(text, set(names) | self.parse_names, iso_dates=self.iso_dates,
                            types=self.types)
        except FeelSyntaxError as err:
            line, col = f.position(path, err.span.start_pos if err.span is not None else 0)
            first = err.first
            self.error("FEEL-SYNTAX/in-pack", f, path, line=line, column=col,
                       problem=Msg(first.key or first.code, first.values), text=text)
        return None


# --------------------------------------------------------------------------- the pack

def _assemble(b: _Builder, root: Path, pack_file: PackFile, decision_files: list[PackFile],
              tests: bool, owners: Owners | None = None, strict: bool = True,
              registry: PackFile | None = None) -> Pack:
    """Check and compile a pack from its files (YAML, or documents read from DMN). Each
    problem is kept with its decision or input (``owners``): unless ``strict``, those
    decisions are left out as broken, and so are the decisions that need them.
    ``registry``: the pack's sources.yaml, when it has one."""
    owners = owners or Owners()
    bad_paths = b.validate(pack_file, "pack")
    _read_registry(b, pack_file, bad_paths, registry)
    pack_source = _pack_source(b, pack_file, bad_paths)
    inputs, broken_inputs = _build_inputs(b, pack_file, bad_paths, owners)
    raw, broken = _decision_files(b, decision_files, owners)
    b.written = {did: f.data for did, f in raw.items()}
    broken |= set(owners.decisions)
    broken_inputs |= set(owners.inputs)
    for did in raw:
        with owners.owning(b.diagnostics, did):
            b.add(checks.requirements(raw, inputs, broken, broken_inputs, only=did))
    b.add(checks.cycles(raw))
    # every multi-word name of the pack parses as one name, so that one used but not
    # required is reported as NOT-REQUIRED rather than as two names in a row
    b.multi_word = {n for n in (*inputs, *raw) if " " in n}
    decisions: dict[str, Decision] = {}
    order = checks.dependency_order(raw)
    for did in order:
        with owners.owning(b.diagnostics, did):
            decision = _build_decision(b, raw[did], inputs, set(raw), decisions)
        if decision is not None:
            decisions[did] = decision
    pack_tests = _load_tests(b, root, inputs, decisions) if tests and root.is_dir() else []
    failed = settle(b.diagnostics, owners, raw, order, strict)
    for name in owners.inputs:
        inputs.setdefault(name, stand_in(name))
    pack = _pack(root, pack_file, raw, inputs,
                 {k: v for k, v in decisions.items() if k not in failed}, pack_tests,
                 [registry.data] if registry is not None else [])
    pack.broken = failed
    pack.source, pack.sources = pack_source, b.sources
    pack.warnings.extend(sources.unused(pack))
    return pack


def _read_registry(b: _Builder, pack_file: PackFile, bad_paths: list[YamlPath],
                   registry: PackFile | None) -> None:
    """The pack's sources: ``sources:`` in pack.yaml and in sources.yaml, merged."""
    files = [(pack_file, bad_paths)]
    if registry is not None:
        files.append((registry, b.validate(registry, "sources")))
    b.sources, b.broken_sources, found = sources.registry(files)
    b.add(found)


def _pack_source(b: _Builder, f: PackFile, bad_paths: list[YamlPath]) -> Any:
    """The pack's own ``source``: free text, or citations of its registry."""
    if any(p[:1] == ("source",) for p in bad_paths) or not isinstance(f.data, dict):
        return None
    return b.cited(f, f.data.get("source"), ("source",))


def _decision_files(b: _Builder, files: list[PackFile], owners: Owners
                    ) -> tuple[dict[str, PackFile], set[str]]:
    """The decision files that pass their schema, by id, and the ids of those that do not
    (they exist, but are reported already)."""
    raw: dict[str, PackFile] = {}
    broken: set[str] = set()
    for f in files:
        if not isinstance(f.data, dict):
            b.error("SCHEMA/decision-not-mapping", f)
            continue
        with owners.owning(b.diagnostics, f.data.get("id")):
            bad = b.validate(f, "decision")
        if bad:
            if isinstance(f.data.get("id"), str):
                broken.add(f.data["id"])
            continue
        did = f.data["id"]
        if did in raw:
            b.error("DUPLICATE-ID/decision", f, ("id",), id=did, file=raw[did].shown)
            continue
        raw[did] = f
    return raw, broken


def _pack(root: Path, pack_file: PackFile, raw: dict[str, PackFile],
          inputs: dict[str, InputData], decisions: dict[str, Decision],
          pack_tests: list[PackTest], registry: list[Any]) -> Pack:
    data = pack_file.data
    return Pack(
        id=data["id"], title=Text.of(data["title"]) or Text("", ""),
        version=str(data["version"]), jurisdiction=str(data["jurisdiction"]),
        inputs=inputs, decisions=decisions, path=root,
        fingerprint=fingerprint(data, [raw[d].data for d in sorted(raw)], registry),
        description=Text.of(data.get("description")),
        date_policy=data.get("date_policy"), tests=pack_tests,
        default_language=data.get("default_language") or "en",
        feel_dialect=data.get("feel_dialect") or "regel",
        failed_decisions=data.get("failed_decisions") or (
            "null" if data.get("feel_dialect") == "dmn" else "stop"),
        limits=Limits().changed(data["limits"]) if data.get("limits") else None,
    )


def _build_inputs(b: _Builder, f: PackFile, bad_paths: list[YamlPath], owners: Owners
                  ) -> tuple[dict[str, InputData], set[str]]:
    """The pack's inputs; those with schema errors (already reported) are left out and
    returned as broken, so that decisions using them do not report them again."""
    out: dict[str, InputData] = {}
    broken: set[str] = set()
    raw_inputs = f.data.get("inputs")
    if not isinstance(raw_inputs, dict):
        return out, broken
    for iid, spec in raw_inputs.items():
        path = ("inputs", iid)
        if not isinstance(iid, str):   # null:, true: (YAML reads other keys as text)
            b.error("SCHEMA/name-not-text", f, path, at_key=True,
                    value={None: "null", True: "true", False: "false"}.get(iid, str(iid)))
            continue
        if not isinstance(spec, dict) or any(p[:2] == path or p == ("inputs",)
                                             for p in bad_paths):
            broken.add(str(iid))
            continue
        with owners.owning(b.diagnostics, iid, inputs=True):
            out[iid] = _build_input(b, f, iid, spec)
    return out, broken


def _build_input(b: _Builder, f: PackFile, iid: str, spec: dict[str, Any]) -> InputData:
    path = ("inputs", iid)
    allowed = None
    if spec.get("allowed") is not None:
        allowed = b.compile_tests(cell_text(spec["allowed"]), set(), f, path + ("allowed",))
    values = feel_values(spec.get("allowed_values"))
    # a list's allowed values are its items' (DMN: an item type's constraint)
    b.add(checks.allowed_values_fit(f, path, values, spec.get("items") or "any"
                                    if spec["type"] == "list" else spec["type"]))
    return InputData(iid, spec["type"], Text.of(spec["label"]) or Text(iid, iid),
                     Text.of(spec.get("description")), allowed, values,
                     spec.get("items"), f.location(path, at_key=True), spec.get("unit"),
                     _labels(spec.get("values")), _labels(spec.get("fields")),
                     {str(k): str(u) for k, u in (spec.get("units") or {}).items()},
                     spec.get("implicit") is True, b.declared_type("", "inputs", iid))


# --------------------------------------------------------------------------- decisions

def _build_decision(b: _Builder, f: PackFile, inputs: dict[str, InputData],
                    all_decisions: set[str], built: dict[str, Decision]) -> Decision | None:
    d = f.data
    req = d.get("requires") or {}
    req_inputs = tuple(req.get("inputs") or [])
    req_decisions = tuple(req.get("decisions") or [])
    parameters = tuple(d.get("parameters") or [])
    reads = _output_reads(b, f, d.get("reads_outputs") or {}, req_decisions, built,
                          set(req_inputs) | set(req_decisions) | set(parameters))
    scope = _Scope(set(req_inputs) | set(req_decisions) | set(parameters) |
                   set(d.get("reads_outputs") or {}), set(inputs), all_decisions)
    b.parse_names = _field_names(inputs, built, req_inputs, req_decisions, b.written) | \
        b.multi_word
    if d.get("parameters") is not None:   # a function, as a DMN knowledge model is
        b.add(checks.function_requires(f, req_inputs, req_decisions, built))
    version_by = _version_by(b, f, scope)
    b.units = _declared_units(d)
    versions = [_build_version(b, f, vi, v, scope, _columns(inputs, built, b.written))
                for vi, v in enumerate(d["versions"])]
    b.add(checks.versions(f, d["id"], d["versions"]))
    if any(v is None for v in versions):
        return None
    ready = sorted((v for v in versions if v is not None), key=lambda x: x.valid_from)
    decision = Decision(d["id"], Text.of(d["label"]) or Text(d["id"], d["id"]),
                        Text.of(d.get("question")), req_inputs, req_decisions,
                        frozenset(d.get("optional") or ()), tuple(ready), version_by,
                        f.location(("id",)), _units(d, ready), _field_labels(d, ready),
                        _labels(d.get("values")), Text.of(d.get("version_by_label")),
                        parameters, reads, b.declared_type(d["id"], "result") or (),
                        _parameter_types(b, d["id"], parameters),
                        d.get("parameters") == [], service=_service(d.get("service")),
                        always_answers=d.get("always_answers") is True)
    decision.answer, problems = sources.answer(f, d.get("answer"),
                                               sources.answer_fields(d, decision))
    b.add(problems)
    return decision


def _parameter_types(b: _Builder, did: str, parameters: tuple[str, ...]
                     ) -> tuple[FeelType | None, ...]:
    """The declared type of each parameter of a DMN business knowledge model (none in a
    YAML pack)."""
    types = tuple(b.declared_type(did, "parameters", i) for i in range(len(parameters)))
    return types if any(t is not None for t in types) else ()


def _service(raw: dict[str, Any] | None) -> Service | None:
    """A DMN decision service's parts, as the reader wrote them."""
    if raw is None:
        return None
    return Service(tuple(raw["outputs"]), tuple(raw["encapsulated"]),
                   tuple(raw["input_decisions"]), tuple(raw["input_data"]), raw.get("type"))


def _output_reads(b: _Builder, f: PackFile, raw: dict[str, str], req_decisions: tuple[str, ...],
                  built: dict[str, Decision], taken: set[str]) -> dict[str, OutputRead]:
    """The decision's ``reads_outputs``: each name an output of a decision it requires
    (READS-OUTPUT otherwise). A required decision that is not built is reported already."""
    out: dict[str, OutputRead] = {}
    for name, did in raw.items():
        path = ("reads_outputs", name)
        if name in taken:
            b.error("READS-OUTPUT/taken", f, path, at_key=True, name=name)
        elif did not in req_decisions:
            b.error("READS-OUTPUT/not-required", f, path, name=name, decision=did)
        elif did in built:
            tables = [v.logic for v in built[did].versions
                      if isinstance(v.logic, DecisionTable)
                      and name in [o.name for o in v.logic.outputs]]
            if not tables:
                b.error("READS-OUTPUT/not-output", f, path, name=name, decision=did)
                continue
            t = tables[0]
            out[name] = OutputRead(did, None if len(t.outputs) == 1 else name,
                                   t.aggregation is None and t.hit_policy in (
                                       "COLLECT", "RULE ORDER", "OUTPUT ORDER"))
    return out


def _version_by(b: _Builder, f: PackFile, scope: _Scope) -> CompiledExpression | None:
    """The decision's ``version_by`` expression (the date that picks a version), if any."""
    if not f.data.get("version_by"):
        return None
    version_by = b.compile_expr(str(f.data["version_by"]), scope.names, f, ("version_by",))
    if version_by is not None:
        b.check_names(f, version_by.ast, scope, ("version_by",),
                      Msg("load.where.version-by"))
    return version_by


def _build_version(b: _Builder, f: PackFile, vi: int, v: dict[str, Any], scope: _Scope,
                   columns: _Columns) -> Version | None:
    """One version of a decision (a table or a literal expression), or None if its logic
    has problems (reported)."""
    vpath = ("versions", vi)
    logic: DecisionTable | LiteralExpression | None
    tables = _inner_tables(b, f, v.get("tables") or {}, vpath, scope, columns)
    if "table" in v:
        logic = _Table(b, f, v["table"], vpath + ("table",), scope, columns).build()
    else:
        logic = _literal_expression(b, f, v, vpath, scope.widened(v.get("tables") or {}))
    if logic is None or tables is None:
        return None
    return Version(as_date(v["valid_from"]), as_date(v.get("valid_to")),
                   b.cited(f, v["source"], vpath + ("source",)), logic,
                   Text.of(v.get("interpretation")), Text.of(v.get("note")),
                   f.location(vpath), tables)


def _inner_tables(b: _Builder, f: PackFile, raw: dict[str, Any], vpath: YamlPath,
                  scope: _Scope, columns: _Columns
                  ) -> dict[str, tuple[tuple[str, ...], DecisionTable]] | None:
    """The tables inside a DMN boxed expression (``tables``), each compiled with its
    parameters in scope; None when one of them has problems (reported)."""
    out: dict[str, tuple[tuple[str, ...], DecisionTable]] = {}
    for name, spec in raw.items():
        params = tuple(spec["parameters"])
        table = _Table(b, f, spec["table"], vpath + ("tables", name, "table"),
                       scope.widened(params), columns).build()
        if table is None:
            return None
        out[name] = (params, table)
    return out


def _literal_expression(b: _Builder, f: PackFile, v: dict[str, Any], vpath: YamlPath,
                        scope: _Scope) -> LiteralExpression | None:
    path = vpath + ("expression",)
    expr = b.compile_expr(cell_text(v["expression"]), scope.names, f, path)
    if expr is None:
        return None
    b.check_names(f, expr.ast, scope, path, Msg("load.where.expression"))
    return LiteralExpression(expr.text, expr, v.get("type"))


def _columns(inputs: dict[str, InputData], built: dict[str, Decision],
             written: dict[str, dict[str, Any]]) -> _Columns:
    """What an input column that is just a name holds: (type, allowed values), from the
    pack input or from the single output of an earlier decision. A decision that failed
    to build (its errors are reported) is read as written, so that its values do not turn
    into unknown names in the decisions that read it."""
    out: _Columns = {i.id: (i.type, i.allowed_values) for i in inputs.values()}
    for did, data in written.items():
        if did not in built:
            out[did] = _written_column(data)
    for d in built.values():
        types: set[str | None] = set()
        values: list[Any] = []
        for v in d.versions:
            if isinstance(v.logic, DecisionTable) and len(v.logic.outputs) == 1 and \
                    v.logic.aggregation is None and v.logic.hit_policy in _SINGLE:
                o = v.logic.outputs[0]
                types.add(o.type)
                values.extend(x for x in o.allowed_values or () if x not in values)
            else:
                types.add(getattr(v.logic, "type", None))
        out[d.id] = (types.pop() if len(types) == 1 else None, tuple(values) or None)
    return out


_SINGLE = ("UNIQUE", "ANY", "PRIORITY", "FIRST")


def _written_column(data: dict[str, Any]) -> tuple[str | None, tuple[Any, ...] | None]:
    """(type, allowed values) of a decision as written: its single-hit tables' single
    output."""
    types: set[str | None] = set()
    values: list[Any] = []
    for v in data.get("versions") or ():
        table = v.get("table") if isinstance(v, dict) else None
        outputs: list[Any] = (table or {}).get("outputs") or []
        if table and len(outputs) == 1 and HIT_POLICIES.get(table.get("hit_policy")) in _SINGLE:
            types.add(outputs[0].get("type"))
            values.extend(x for x in feel_values(outputs[0].get("allowed_values")) or ()
                          if x not in values)
        else:
            types.add(v.get("type") if isinstance(v, dict) else None)
    return (types.pop() if len(types) == 1 else None, tuple(values) or None)


def _field_names(inputs: dict[str, InputData], built: dict[str, Decision],
                 req_inputs: tuple[str, ...], req_decisions: tuple[str, ...],
                 written: dict[str, dict[str, Any]]) -> set[str]:
    """Names that appear after a dot or as argument names (``Applicant.Monthly Income``,
    ``pmt(Per Month: x)``): the fields of required inputs, the outputs and fields of
    required decisions, and the parameters of required functions (of a decision that
    failed to build: as written)."""
    names: set[str] = set()
    for iid in req_inputs:
        if iid in inputs:
            names.update(inputs[iid].field_labels)
    for did in req_decisions:
        d = built.get(did)
        if d is None:
            names.update(_written_fields(written.get(did) or {}))
            continue
        names.update(d.parameters)
        names.update(d.field_labels)
        for v in d.versions:
            if isinstance(v.logic, DecisionTable):
                names.update(o.name for o in v.logic.outputs)
    return {n for n in names if " " in n}


def _written_fields(data: dict[str, Any]) -> set[str]:
    """The parameters, fields and table outputs of a decision as written."""
    names = {str(p) for p in data.get("parameters") or ()}
    names.update(str(k) for k in data.get("fields") or ())
    for v in data.get("versions") or ():
        table = v.get("table") if isinstance(v, dict) else None
        names.update(str(o.get("name")) for o in (table or {}).get("outputs") or ()
                     if isinstance(o, dict))
    return names


def _labels(raw: Any) -> dict[str, Text]:
    return {str(k): Text.of(v) or Text(str(k), str(k)) for k, v in (raw or {}).items()}


def _declared_units(d: dict[str, Any]) -> dict[str, str]:
    """The units a decision file declares: ``units`` by field, ``unit`` under ""."""
    units = {str(k): str(u) for k, u in (d.get("units") or {}).items()}
    if d.get("unit"):
        units[""] = str(d["unit"])
    return units


def _field_labels(d: dict[str, Any], versions: list[Version]) -> dict[str, Text]:
    """Names of a result's fields: table output labels, then the decision's `fields`."""
    labels: dict[str, Text] = {}
    for v in versions:
        if isinstance(v.logic, DecisionTable) and len(v.logic.outputs) > 1:
            labels.update({o.name: o.label for o in v.logic.outputs if o.label})
    labels.update(_labels(d.get("fields")))
    return labels


def _units(d: dict[str, Any], versions: list[Version]) -> dict[str, str]:
    """How reports write a decision's numbers: its `unit` (key ""), its `units` by field,
    and the `unit` of table outputs (by output name, or "" for a single output)."""
    units: dict[str, str] = {}
    for v in versions:
        if isinstance(v.logic, DecisionTable):
            single = len(v.logic.outputs) == 1
            for o in v.logic.outputs:
                if o.unit:
                    units["" if single else o.name] = o.unit
    units.update({str(k): str(u) for k, u in (d.get("units") or {}).items()})
    if d.get("unit"):
        units[""] = str(d["unit"])
    return units


# --------------------------------------------------------------------------- tables

class _Table:
    """One decision table being built: its input columns, its outputs, then its rules.
    ``ok`` turns False when a part cannot be compiled (the table is then not built)."""

    def __init__(self, b: _Builder, f: PackFile, t: dict[str, Any], path: YamlPath,
                 scope: _Scope, columns: _Columns) -> None:
        self.b, self.f, self.t, self.path = b, f, t, path
        self.scope = scope
        self.columns = columns
        self.hit_policy = HIT_POLICIES[t["hit_policy"]]
        self.ok = True
        self.clauses: list[InputClause] = []
        self.outputs: list[OutputClause] = []
        #: allowed values a cell may write bare (``unemployed``), by name
        self.constants: dict[str, str] = {}
        #: allowed values that are also a name in scope: a cell must quote them
        self.ambiguous: set[str] = set()
        self.cell_scope = scope
        #: cells compiled and checked without a problem, by (kind, column, text)
        self.clean: dict[tuple[str, str, str], Any] = {}
        #: every input column's id, and its clause (None: it did not compile, reported)
        self.column_ids: list[str] = []
        self.columns_read: list[InputClause | None] = []

    def build(self) -> DecisionTable | None:
        self.read_inputs()
        self.read_outputs()
        self.settle_constants()
        standard = not self.b.iso_dates   # DMN's rules (feel_dialect: dmn) where they differ
        self.b.add(checks.hit_policy_outputs(self.f, self.path, self.hit_policy, self.outputs,
                                             standard))
        rules = self.read_rules()
        if not self.ok:
            return None
        index = build_index([[t.ast for t in r.tests] for r in rules], self.constants,
                            len(self.clauses))
        return DecisionTable(self.hit_policy, tuple(self.clauses), tuple(self.outputs),
                             tuple(rules), constants=self.constants, index=index)

    # ---- columns
    def read_inputs(self) -> None:
        specs = self.t.get("inputs") or []
        texts = [cell_text(spec["expression"]) for spec in specs]
        ids = [spec.get("id") or default_column_id(text, i)
               for i, (spec, text) in enumerate(zip(specs, texts, strict=True))]
        self.b.add(checks.duplicate_columns(self.f, self.path, ids))
        self.column_ids = ids
        for i, spec in enumerate(specs):
            clause = self.input_clause(self.path + ("inputs", i), spec, texts[i], ids[i])
            if clause is None:
                self.ok = False
            else:
                self.clauses.append(clause)
            self.columns_read.append(clause)

    def input_clause(self, ipath: YamlPath, spec: dict[str, Any], text: str,
                     cid: str) -> InputClause | None:
        expr = self.b.compile_expr(text, self.scope.names, self.f, ipath + ("expression",))
        if expr is None:
            return None
        self.b.check_names(self.f, expr.ast, self.scope, ipath + ("expression",),
                           Msg("load.where.input-expression"))
        declared_type, declared_values = self.columns.get(text, (None, None)) \
            if text in self.scope.names else (None, None)
        values = feel_values(spec.get("allowed_values")) or declared_values
        self.constants.update(bare_constants(values))
        return InputClause(cid, text, expr, Text.of(spec.get("label")),
                           spec.get("type") or declared_type, values,
                           self.allowed(spec, ipath))

    def allowed(self, spec: dict[str, Any], path: YamlPath) -> CompiledUnaryTests | None:
        """A column's ``allowed`` unary tests (DMN's input or output values as a range):
        constant tests, which use no name."""
        if spec.get("allowed") is None:
            return None
        tests = self.b.compile_tests(cell_text(spec["allowed"]), set(), self.f,
                                     path + ("allowed",))
        if tests is None:
            self.ok = False
            return None
        self.b.add(checks.names(self.f, tests.ast, set(), set(), set(), path + ("allowed",),
                                Msg("load.where.allowed")))
        return tests

    def read_outputs(self) -> None:
        specs = self.t["outputs"]
        self.b.add(checks.duplicate_outputs(self.f, self.path, [s["name"] for s in specs]))
        for i, spec in enumerate(specs):
            name = spec["name"]
            values = feel_values(spec.get("allowed_values"))
            self.constants.update(bare_constants(values))
            default = from_python(spec.get("default"), f"the default of '{name}'")
            out = OutputClause(name, Text.of(spec.get("label")), spec.get("type"), values,
                               default, "default" in spec, spec.get("unit"),
                               self.allowed(spec, self.path + ("outputs", i)))
            self.b.add(checks.output_default(self.f, self.path + ("outputs", i), out,
                                             self.hit_policy))
            self.b.add(checks.thousands(self.f, self.path + ("outputs", i, "default"),
                                        spec.get("default"), name, self.unit_of(name, out)))
            self.outputs.append(out)

    def unit_of(self, name: str, out: OutputClause) -> str | None:
        """The unit of output ``name``: its own, the decision's for that field, or the
        decision's ``unit`` for a table with one output."""
        single = len(self.t["outputs"]) == 1 and self.path[-3:-2] != ("tables",)
        return out.unit or self.b.units.get(name) or (self.b.units.get("") if single else None)

    def settle_constants(self) -> None:
        """An allowed value that is also an input or decision name is ambiguous only where
        a cell uses it bare; there it is reported, and everywhere the name keeps meaning
        the input."""
        self.ambiguous = set(self.constants) & self.scope.names
        for name in self.ambiguous:
            del self.constants[name]
        self.cell_scope = self.scope.widened(self.constants)

    # ---- rules
    def read_rules(self) -> list[Rule]:
        raw_rules = self.t.get("rules") or []
        self.b.add(checks.duplicate_rules(self.f, self.path, [str(r["id"]) for r in raw_rules]))
        rules = (self.rule(ri, r) for ri, r in enumerate(raw_rules))
        return [r for r in rules if r is not None]

    def rule(self, ri: int, r: dict[str, Any]) -> Rule | None:
        rpath = self.path + ("rules", ri)
        rid = str(r["id"])
        output_names = [o.name for o in self.outputs]
        cells = _cells(self.b, self.f, r.get("when"), rpath + ("when",), self.column_ids,
                       _INPUT_CELLS, rid)
        outs = _cells(self.b, self.f, r.get("then"), rpath + ("then",), output_names,
                      _OUTPUT_CELLS, rid)
        if cells is None or outs is None:
            self.ok = False
            return None
        tests = [t for (cell, cpath), clause in zip(cells, self.columns_read, strict=True)
                 if clause is not None and (t := self.input_cell(cell, cpath, clause))
                 is not None]
        exprs = [e for oi, (cell, cpath) in enumerate(outs)
                 if (e := self.output_cell(cell, cpath, self.outputs[oi])) is not None]
        if len(tests) != len(self.clauses) or len(exprs) != len(self.outputs):
            return None
        return Rule(rid, ri + 1, tuple(tests), tuple(exprs),
                    self.b.cited(self.f, r.get("source"), rpath + ("source",)),
                    Text.of(r.get("note")), Text.of(r.get("interpretation")),
                    self.f.location(rpath))

    def input_cell(self, cell: Any, cpath: YamlPath,
                   clause: InputClause) -> CompiledUnaryTests | None:
        text = cell_text(cell) if cell is not None else "-"
        known = self.clean.get(("in", clause.id, text))
        if known is not None:   # (see cell: before making what checking it needs)
            return known  # type: ignore[no-any-return]

        def literals(compiled: CompiledUnaryTests) -> None:
            self.b.add(checks.input_literals(self.f, cpath, literal_values(compiled.ast),
                                             clause.id, clause.type))
        return self.cell(self.b.compile_tests, text, cpath,
                         Msg("load.where.cell", {"column": clause.id}),
                         ("in", clause.id), literals)

    def output_cell(self, cell: Any, cpath: YamlPath,
                    out: OutputClause) -> CompiledExpression | None:
        text = cell_text(cell)
        known = self.clean.get(("out", out.name, text))
        if known is not None:   # (see cell: before making what checking it needs)
            return known  # type: ignore[no-any-return]

        def literal(compiled: CompiledExpression) -> None:
            self.b.add(checks.output_literal(self.f, cpath, compiled.ast, out, self.constants))
            self.b.add(checks.cell_thousands(self.f, cpath, compiled.ast, out.name,
                                             self.unit_of(out.name, out)))
        return self.cell(self.b.compile_expr, text, cpath,
                         Msg("load.where.output", {"name": out.name}), ("out", out.name),
                         literal)

    def cell(self, compile_: Callable[[str, set[str], PackFile, YamlPath], _Compiled | None],
             text: str, cpath: YamlPath, where: Msg, column: tuple[str, str],
             more: Callable[[_Compiled], None]) -> _Compiled | None:
        """A cell compiled with the table's names, its names checked and then the checks
        ``more`` of its ``column`` (kind, id); None if it does not compile (the table is
        then not built). A text that compiled and checked without a problem in the column
        is not checked again: the checks depend on the text and the column alone, and a
        20,000-rule table repeats a few hundred texts. A cell with a problem (or a
        warning) is checked every time, so each is reported where it is written. (Its
        callers look the text up in ``clean`` first, before making the checks' closure.)"""
        key = (*column, text)
        before = len(self.b.diagnostics)
        compiled = compile_(text, self.cell_scope.names, self.f, cpath)
        if compiled is None:
            self.ok = False
            return None
        self.b.check_names(self.f, compiled.ast, self.cell_scope, cpath, where)
        self.b.add(checks.ambiguous_names(self.f, compiled.ast, cpath, self.ambiguous))
        more(compiled)
        if len(self.b.diagnostics) == before:
            self.clean[key] = compiled
        return compiled


@dataclass(frozen=True, slots=True)
class _CellKind:
    """The messages for a rule's input cells or its output cells that do not fit the
    table's columns; a missing input cell is "-", a missing output cell (``missing``) is
    reported."""

    count: str      # a list of cells of the wrong length
    single: str     # one cell for several columns
    unknown: str    # a cell for a column the table does not have
    missing: str | None


_INPUT_CELLS = _CellKind("CELL-COUNT/inputs", "CELL-COUNT/one-input", "UNKNOWN-COLUMN/input",
                         None)
_OUTPUT_CELLS = _CellKind("CELL-COUNT/outputs", "CELL-COUNT/one-output",
                          "UNKNOWN-COLUMN/output", "CELL-COUNT/missing-output")


def _cells(b: _Builder, f: PackFile, raw: Any, path: YamlPath, columns: list[str],
           kind: _CellKind, rid: str) -> list[tuple[Any, YamlPath]] | None:
    """The cells of a rule's when/then in column order, each with its YAML path; None
    (with the problem reported) when they do not match the table's columns."""
    if isinstance(raw, dict):
        return _named_cells(b, f, raw, path, columns, kind, rid)
    if isinstance(raw, list):
        if len(raw) != len(columns):
            b.error(kind.count, f, path, rule=rid, count=len(raw), expected=len(columns),
                    columns=columns)
            return None
        return [(cell, path + (i,)) for i, cell in enumerate(raw)]
    if len(columns) == 1:
        return [(raw, path)]
    b.error(kind.single, f, path, rule=rid, expected=len(columns), columns=columns)
    return None


def _named_cells(b: _Builder, f: PackFile, raw: dict[Any, Any], path: YamlPath,
                 columns: list[str], kind: _CellKind, rid: str
                 ) -> list[tuple[Any, YamlPath]] | None:
    """Cells written as a mapping by column name (a missing input cell is "-")."""
    unknown = [k for k in raw if k not in columns]
    for k in unknown:
        b.error(kind.unknown, f, path + (k,), at_key=True, rule=rid, name=k,
                hint=did_you_mean(str(k), columns))
    if unknown:
        return None
    missing = [c for c in columns if c not in raw]
    if missing and kind.missing is not None:
        b.error(kind.missing, f, path, rule=rid, name=missing[0])
        return None
    return [(raw.get(c, "-"), path + (c,)) for c in columns]


# --------------------------------------------------------------------------- tests

def _load_tests(b: _Builder, root: Path, inputs: dict[str, InputData],
                decisions: dict[str, Decision]) -> list[PackTest]:
    """The pack's YAML tests (``tests/*.yaml``), each test's facts read from its case
    file where it names one; slips of the pen in facts and expected values reported."""
    out: list[PackTest] = []
    folder = root / "tests"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.y*ml")):
        f = b.read(path)
        if f is None or b.validate(f, "test"):
            continue
        for i, t in enumerate(f.data.get("tests") or []):
            test = _pack_test(b, f, i, t, inputs)
            b.add(checks.expect_slips(f, ("tests", i, "expect"), t.get("expect"), decisions))
            if test is not None:
                out.append(test)
    return out


def _beside(path: Path, name: str) -> Path:
    """The file ``name`` relative to the folder of ``path``, resolved where it can be (a
    symbolic link that loops is left as written: reading it reports the loop)."""
    try:
        return (path.parent / name).resolve()
    except (OSError, RuntimeError):
        return path.parent / name


def _pack_test(b: _Builder, f: PackFile, i: int, t: dict[str, Any],
               inputs: dict[str, InputData]) -> PackTest | None:
    named = [(key, name) for key in ("expect", "matched", "not_matched")
             if isinstance(t.get(key), dict) for name in t[key] if not isinstance(name, str)]
    for key, name in named:   # `false: []`: YAML reads the key as a value, not a name
        b.error("SCHEMA/decision-name-not-text", f, ("tests", i, key, name), at_key=True,
                value={None: "null", True: "true", False: "false"}.get(name, str(name)))
    if named:
        return None
    facts = t.get("facts") or {}
    as_of = t.get("as_of")
    b.add(checks.fact_slips(f, ("tests", i, "facts"), facts, inputs))
    if t.get("case"):
        case_file = b.read(_beside(f.path, str(t["case"])))
        if case_file is None or b.validate(case_file, "case"):
            return None
        facts = (case_file.data or {}).get("facts", {})
        b.add(checks.fact_slips(case_file, ("facts",), facts, inputs))
        as_of = t.get("as_of") or (case_file.data or {}).get("as_of")
    return PackTest(str(t["name"]), facts, as_date(as_of), t.get("expect") or {},
                    t.get("matched") or {}, t.get("not_matched") or {},
                    f.location(("tests", i)))
