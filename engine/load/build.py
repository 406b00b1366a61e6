"""Rule pack folder -> ``regel.model.Pack``, with every problem reported at once.

Stages: read each YAML file keeping positions (``yamlio``); check it against its JSON
Schema (``schemas/``), mapping every schema error back to file:line:col; build the
model, compiling each FEEL text once, with syntax errors located inside their cell;
then check what a schema cannot: names in expressions, the decision graph, versions,
hit policies, literal types and allowed values. Nothing is evaluated.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from regel.base.diagnostics import Diagnostic, PackError, describe, did_you_mean
from regel.base.errors import FeelSyntaxError, RegelError
from regel.feel import (
    CompiledExpression,
    CompiledUnaryTests,
    compile_expression,
    compile_unary_tests,
    from_python,
)
from regel.feel import ast as feel_ast
from regel.feel.analysis import free_names, literal_values
from regel.feel.registry import BUILTINS
from regel.model import (
    HIT_POLICIES,
    Decision,
    DecisionTable,
    InputClause,
    InputData,
    LiteralExpression,
    Location,
    OutputClause,
    Pack,
    PackTest,
    Rule,
    Text,
    Version,
    default_column_id,
)
from regel.source.yamltree import Mark, YamlError, load_yaml_with_marks

__all__ = ["load_pack", "find_pack", "schema_dir", "bundled_packs"]

TYPES = ("number", "string", "boolean", "date", "time", "date and time",
         "days and time duration", "years and months duration", "list", "context", "any")

_NAME_LIKE = re.compile(r"^[^\W\d]\w*(?:[ \-/'][^\W\d]?\w+)*$")
_KEYWORDS = frozenset({"if", "then", "else", "for", "in", "return", "some", "every",
                       "satisfies", "and", "or", "between", "instance", "of", "not", "null",
                       "true", "false", "function"})


# --------------------------------------------------------------------------- locating

def schema_dir() -> Path:
    """The JSON Schemas, installed as data inside the package (``regel.schemas``)."""
    return Path(str(files("regel.schemas")))


def _rules_dir() -> Path:
    return Path(str(files("regel.rules")))


def bundled_packs() -> dict[str, Path]:
    """Packs shipped with regel, by folder name."""
    root = _rules_dir()
    return {p.name: p for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file()}


def find_pack(path_or_name: str | Path) -> Path:
    """A pack folder from a path (folder or its pack.yaml) or a bundled pack's name."""
    p = Path(path_or_name)
    if p.is_file() and p.name == "pack.yaml":
        return p.parent
    if p.is_file() and p.suffix.lower() == ".dmn":
        return p
    if p.is_dir():
        if not (p / "pack.yaml").is_file():
            raise PackError([Diagnostic("PACK-LAYOUT", "the folder has no pack.yaml; a rule "
                                        "pack is a folder with pack.yaml and decisions/",
                                        str(p))])
        return p
    bundled = bundled_packs()
    if str(path_or_name) in bundled:
        return bundled[str(path_or_name)]
    hint = did_you_mean(str(path_or_name), bundled)
    known = ", ".join(sorted(bundled)) or "none"
    raise PackError([Diagnostic("PACK-NOT-FOUND", f"no pack folder or bundled pack named "
                                f"'{path_or_name}'{hint}; bundled packs: {known}",
                                str(path_or_name))])


# --------------------------------------------------------------------------- schemas

@lru_cache(maxsize=8)
def _validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker
    path = schema_dir() / f"{kind}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _jsonable(value: Any) -> Any:
    """YAML data as JSON Schema sees it: dates as ISO strings (numbers stay Decimal)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return value


def _schema_message(error: Any) -> tuple[str, tuple[Any, ...], bool]:
    """A plain message for a JSON Schema error, the path to point at, and whether that
    path names a key (an unknown field) rather than a value."""
    path = tuple(error.absolute_path)
    kind = error.validator
    inst = error.instance
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else "?"
        return f"the field '{name}' is missing here", path, False
    if kind == "additionalProperties" and isinstance(inst, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        pattern = error.schema.get("patternProperties")
        if pattern:
            extra = [k for k in extra if not any(re.search(p, k) for p in pattern)]
        if extra:
            key = extra[0]
            return (f"unknown field '{key}'{did_you_mean(key, allowed)}; allowed here: "
                    + ", ".join(sorted(allowed)), path + (key,), True)
    if kind == "enum":
        options = error.validator_value
        return (f"'{inst}' is not allowed here{did_you_mean(str(inst), map(str, options))}; "
                "choose one of: " + ", ".join(map(str, options)), path, False)
    if kind == "type":
        wanted = error.validator_value
        types = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])]
        names = [_TYPE_WORDS.get(w, w) for w in types]
        message = f"this should be {' or '.join(names)}, not {describe(inst)}"
        if "string" in types and isinstance(inst, (int, Decimal, bool)):
            message += f"; write it in quotes: \"{_cell_text(inst)}\""
        return message, path, False
    if kind == "format" and error.validator_value == "date":
        return f"'{inst}' is not a date; write dates as YYYY-MM-DD, e.g. 2024-07-01", path, False
    if kind == "pattern" and " " in error.validator_value:
        return (f"'{inst}' is not a name: start with a letter or '_', then letters, digits "
                "and '_', with single spaces between words", path, False)
    if kind == "pattern":
        return (f"'{inst}' does not have the required form (lower-case letters, digits and "
                "'_'" + (", '-'" if "-" in error.validator_value else "") + ")", path, False)
    if kind == "minItems":
        return f"this list needs at least {error.validator_value} item(s)", path, False
    if kind == "minLength":
        return "this text must not be empty", path, False
    if kind in ("oneOf", "anyOf"):
        if isinstance(inst, dict) and {"table", "expression"} & set(inst) or \
                "valid_from" in (inst if isinstance(inst, dict) else {}):
            if "table" in inst and "expression" in inst:
                return "a version has either a 'table' or an 'expression', not both", path, False
            if "table" not in inst and "expression" not in inst:
                return "a version needs a 'table' or an 'expression'", path, False
        if error.context:
            from jsonschema.exceptions import best_match
            # explain by the alternative meant for this kind of value (a mapping's
            # problem, not "should be a list")
            fitting = [e for e in error.context if e.validator != "type" and
                       _branch_accepts(error.validator_value, e.relative_schema_path, inst)]
            return _schema_message(best_match(fitting or error.context))
    if kind == "not":
        return "this combination of fields is not allowed here", path, False
    return error.message, path, False


_JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def _branch_accepts(branches: Any, schema_path: Any, value: Any) -> bool:
    """Whether the anyOf/oneOf branch an error came from is declared for ``value``'s kind."""
    try:
        branch = branches[list(schema_path)[0]]
    except (IndexError, KeyError, TypeError):
        return False
    kind = branch.get("type") if isinstance(branch, dict) else None
    py = _JSON_TYPES.get(kind) if isinstance(kind, str) else None
    return py is not None and isinstance(value, py)


def _misspelt(error: Any, errors: list[Any]) -> bool:
    """A 'required' error whose field is present under a misspelt name, which the
    unknown-field error beside it already reports with "did you mean"."""
    if error.validator != "required" or not isinstance(error.instance, dict):
        return False
    missing = re.findall(r"'([^']+)' is a required property", error.message)
    allowed = set(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    return bool(missing) and any(did_you_mean(str(k), missing) for k in extra) and any(
        e.validator == "additionalProperties" and e.absolute_path == error.absolute_path
        for e in errors)


_TYPE_WORDS = {"string": "a text", "object": "a mapping", "array": "a list",
               "number": "a number", "integer": "a whole number", "boolean": "true or false",
               "null": "empty"}


# --------------------------------------------------------------------------- loading

class _File:
    """One YAML file with its positions."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path = path
        self.shown = shown
        text = path.read_text(encoding="utf-8")
        self.lines = text.splitlines()
        self.data, self.marks, self.key_marks = load_yaml_with_marks(text, shown)

    @classmethod
    def of(cls, path: Path, shown: str, lines: list[str], data: Any, marks: dict[Any, Any],
           key_marks: dict[Any, Any]) -> _File:
        """A file whose data was read by something else (a DMN model), with its marks."""
        f = cls.__new__(cls)
        f.path, f.shown, f.lines = path, shown, lines
        f.data, f.marks, f.key_marks = data, marks, key_marks
        return f

    def mark(self, path: tuple[Any, ...], key: bool = False) -> Mark | None:
        table = self.key_marks if key else self.marks
        while True:
            m = table.get(path)
            if m is not None or not path:
                return m
            path = path[:-1]
            table = self.marks

    def location(self, path: tuple[Any, ...], key: bool = False) -> Location:
        m = self.mark(path, key)
        return Location(self.shown, m.line, m.column) if m else Location(self.shown)


class _Builder:
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

    # ---- reporting
    def error(self, code: str, message: str, f: _File | str, path: tuple[Any, ...] = (),
              key: bool = False, line: int | None = None, column: int | None = None) -> None:
        if isinstance(f, str):
            self.diagnostics.append(Diagnostic(code, message, f, line or 0, column or 0))
            return
        loc = f.location(path, key)
        self.diagnostics.append(Diagnostic(code, message, f.shown, line or loc.line,
                                           column or loc.column))

    def read(self, path: Path) -> _File | None:
        shown = str(path)
        try:
            return _File(path, shown)
        except YamlError as err:
            self.diagnostics.append(Diagnostic(err.code, err.message, shown,
                                               err.line or 0, err.column or 0))
        except (OSError, UnicodeDecodeError) as exc:
            self.diagnostics.append(Diagnostic("FILE-UNREADABLE",
                                               f"the file cannot be read ({exc})", shown))
        return None

    def validate(self, f: _File, kind: str) -> list[tuple[Any, ...]]:
        """Report every schema error of ``f``; return the paths that have errors."""
        errors = sorted(_validator(kind).iter_errors(_jsonable(f.data)),
                        key=lambda e: list(map(str, e.absolute_path)))
        errors = [e for e in errors if not _misspelt(e, errors)]
        for error in errors:
            message, at, is_key = _schema_message(error)
            self.error("SCHEMA", message, f, at, key=is_key)
        return [tuple(e.absolute_path) for e in errors]

    # ---- FEEL with positions
    def _cell_position(self, f: _File, path: tuple[Any, ...], err: RegelError) -> tuple[int, int]:
        m = f.mark(path)
        if m is None:
            return 0, 0
        return m.position(f.lines, err.span.start_pos if err.span is not None else 0)

    def _compile(self, compile_: Any, text: str, names: set[str], f: _File,
                 path: tuple[Any, ...]) -> Any:
        """``text`` compiled in the pack's dialect, or None with FEEL-SYNTAX reported at
        the character inside the cell."""
        try:
            return compile_(text, set(names) | self.parse_names, iso_dates=self.iso_dates)
        except FeelSyntaxError as err:
            line, col = self._cell_position(f, path, err)
            self.error("FEEL-SYNTAX", f"{err.message} (in '{text}')", f, path, line=line,
                       column=col)
        return None

    def compile_expr(self, text: str, names: set[str], f: _File,
                     path: tuple[Any, ...]) -> CompiledExpression | None:
        return self._compile(compile_expression, text, names, f, path)  # type: ignore[no-any-return]

    def compile_tests(self, text: str, names: set[str], f: _File,
                      path: tuple[Any, ...]) -> CompiledUnaryTests | None:
        return self._compile(compile_unary_tests, text, names, f, path)  # type: ignore[no-any-return]

    def check_names(self, node: feel_ast.Node, text: str, scope: set[str], pack_inputs: set[str],
                    decisions: set[str], f: _File, path: tuple[Any, ...], where: str) -> None:
        m = f.mark(path)
        for name, span in free_names(node):
            if name in scope:
                continue
            line, col = m.position(f.lines, span.start_pos) if m else (0, 0)
            if name in pack_inputs:
                self.error("NOT-REQUIRED", f"{where} uses the input '{name}', but the decision's "
                           "'requires: inputs' does not list it", f, path, line=line, column=col)
            elif name in decisions:
                self.error("NOT-REQUIRED", f"{where} uses the decision '{name}', but the "
                           "decision's 'requires: decisions' does not list it", f, path,
                           line=line, column=col)
            else:
                hint = did_you_mean(name, scope | set(BUILTINS))
                self.error("UNKNOWN-NAME", f"{where} uses the name '{name}', which is not "
                           f"defined here{hint}", f, path, line=line, column=col)


def _cell_text(value: Any) -> str:
    """A YAML cell as FEEL text: strings as written, other scalars as FEEL literals."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, _dt.datetime):
        return f'date and time("{value.isoformat()}")'
    if isinstance(value, _dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    return str(value)


def _lit(value: Any) -> str:
    """A value as a legal staffer wrote it: 0, "high", [1, 2, 3] (never Decimal('0'))."""
    from regel.feel.values import to_feel_literal
    return to_feel_literal(value)


def _constants(values: tuple[Any, ...] | None) -> dict[str, str]:
    """Allowed string values usable as bare names in cells (``unemployed``)."""
    out: dict[str, str] = {}
    for v in values or ():
        if isinstance(v, str) and _NAME_LIKE.match(v) and v not in _KEYWORDS:
            out[v] = v
    return out


_LITERAL_KINDS = {
    "number": (feel_ast.Number,),
    "string": (feel_ast.String,),
    "boolean": (feel_ast.Boolean,),
}


def _literal_fits(node: feel_ast.Node, type_name: str | None) -> bool:
    if type_name in (None, "any", "list", "context"):
        return True
    if isinstance(node, feel_ast.Temporal):
        value = node.value
        kind = {
            _dt.datetime: "date and time", _dt.date: "date", _dt.time: "time",
        }.get(type(value))
        if kind is None:
            from regel.feel.values import type_name as feel_type
            kind = feel_type(value)
        return kind == type_name
    allowed = _LITERAL_KINDS.get(type_name or "")
    if allowed is None:
        return not isinstance(node, (feel_ast.Number, feel_ast.String, feel_ast.Boolean))
    return isinstance(node, allowed)


def _literal_text(node: feel_ast.Node) -> str:
    if isinstance(node, feel_ast.String):
        return f'the text "{node.value}"'
    if isinstance(node, feel_ast.Number):
        return f"the number {node.value}"
    if isinstance(node, feel_ast.Boolean):
        return "true" if node.value else "false"
    if isinstance(node, feel_ast.Temporal):
        return f"the value {node.text}"
    return "a value"


def _value_fits(value: Any, type_name: str | None) -> bool:
    if type_name in (None, "any"):
        return True
    checks = {
        "number": lambda v: isinstance(v, (int, Decimal)) and not isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, _dt.date) and not isinstance(v, _dt.datetime),
        "date and time": lambda v: isinstance(v, _dt.datetime),
        "list": lambda v: isinstance(v, list),
        "context": lambda v: isinstance(v, dict),
    }
    check = checks.get(type_name or "")
    return True if check is None else bool(check(value))


def _feel_values(values: Any) -> tuple[Any, ...] | None:
    """Allowed values as FEEL values (whole numbers become Decimal like every number)."""
    if not values:
        return None
    return tuple(from_python(v, "an allowed value") for v in values)


def _date(value: Any) -> Any:
    """A date written bare (YAML reads it as a date) or quoted (a string the schema has
    already checked has the form YYYY-MM-DD)."""
    if isinstance(value, str):
        return _dt.date.fromisoformat(value)
    return value


# --------------------------------------------------------------------------- the pack

def load_pack(path_or_name: str | Path, *, tests: bool = True) -> Pack:
    """Load, check and compile a rule pack; raise ``PackError`` listing every problem.
    ``tests=False`` skips the pack's YAML tests (evaluation does not need them).

    >>> pack = load_pack("examples/packs/library-fees")   # doctest: +SKIP
    """
    root = find_pack(path_or_name)
    if root.is_file() and root.suffix.lower() == ".dmn":
        return load_dmn(root)
    b = _Builder(root)
    pack_file = b.read(root / "pack.yaml")
    if pack_file is None:
        raise PackError(b.diagnostics)
    if not isinstance(pack_file.data, dict):
        b.error("SCHEMA", "pack.yaml must be a mapping with id, title, version, ...", pack_file)
        raise PackError(b.diagnostics)
    b.iso_dates = pack_file.data.get("feel_dialect") != "dmn"
    decision_files = sorted((root / "decisions").glob("*.y*ml")) if (
        root / "decisions").is_dir() else []
    if not decision_files:
        b.error("PACK-LAYOUT", "the pack has no decisions: put one YAML file per decision in "
                "the folder decisions/", str(root / "decisions"))
    files = [f for f in (b.read(path) for path in decision_files) if f is not None]
    return _assemble(b, root, pack_file, files, tests)


def load_dmn(path: str | Path) -> Pack:
    """Load a DMN 1.1–1.5 model as a pack (see ``regel.dmn``); problems are reported as
    ``PackError`` with positions in the DMN file."""
    from regel.dmn.reader import read_dmn
    return load_documents(read_dmn(path))


def load_documents(docs: Any) -> Pack:
    """A pack from the documents ``regel.dmn.reader.read_dmn`` read from a model."""
    b = _Builder(docs.path, iso_dates=False)

    def file(doc: Any) -> _File:
        return _File.of(docs.path, docs.shown, docs.lines, doc.data, doc.marks, doc.key_marks)
    return _assemble(b, docs.path, file(docs.pack), [file(d) for d in docs.decisions], False)


def _assemble(b: _Builder, root: Path, pack_file: _File, decision_files: list[_File],
              tests: bool) -> Pack:
    """Check and compile a pack from its files (YAML, or documents read from DMN)."""
    bad_paths = b.validate(pack_file, "pack")
    inputs, broken_inputs = _build_inputs(b, pack_file, bad_paths)
    raw: dict[str, _File] = {}
    broken: set[str] = set()
    for f in decision_files:
        if not isinstance(f.data, dict):
            b.error("SCHEMA", "a decision file must be a mapping with id, label, versions", f)
            continue
        if b.validate(f, "decision"):
            if isinstance(f.data.get("id"), str):
                broken.add(f.data["id"])  # exists, but is reported already
            continue
        did = f.data["id"]
        if did in raw:
            b.error("DUPLICATE-ID", f"the decision id '{did}' is already used in "
                    f"{raw[did].shown}", f, ("id",))
            continue
        raw[did] = f

    order = _check_graph(b, raw, inputs, broken, broken_inputs)
    # every multi-word name of the pack parses as one name, so that one used but not
    # required is reported as NOT-REQUIRED rather than as two names in a row
    b.multi_word = {n for n in (*inputs, *raw) if " " in n}
    decisions: dict[str, Decision] = {}
    for did in order:
        decision = _build_decision(b, raw[did], inputs, set(raw), decisions)
        if decision is not None:
            decisions[did] = decision

    pack_tests = _load_tests(b, root) if tests and root.is_dir() else []
    if b.diagnostics:
        raise PackError(b.diagnostics)
    data = pack_file.data
    return Pack(
        id=data["id"], title=Text.of(data["title"]) or Text("", ""),
        version=str(data["version"]), jurisdiction=str(data["jurisdiction"]),
        inputs=inputs, decisions=decisions, path=root,
        fingerprint=fingerprint(pack_file.data, [raw[d].data for d in sorted(raw)]),
        source=data.get("source"), description=Text.of(data.get("description")),
        date_policy=data.get("date_policy"), tests=pack_tests,
        default_language=data.get("default_language") or "en",
        feel_dialect=data.get("feel_dialect") or "regel",
        failed_decisions=data.get("failed_decisions") or (
            "null" if data.get("feel_dialect") == "dmn" else "stop"),
    )


def _build_inputs(b: _Builder, f: _File, bad_paths: list[tuple[Any, ...]]
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
        if not isinstance(spec, dict) or any(p[:2] == path or p == ("inputs",)
                                             for p in bad_paths):
            broken.add(str(iid))
            continue
        allowed = None
        if spec.get("allowed") is not None:
            allowed = b.compile_tests(_cell_text(spec["allowed"]), set(), f, path + ("allowed",))
        values = _feel_values(spec.get("allowed_values"))
        for i, v in enumerate(values or ()):
            if not _value_fits(v, spec["type"]):
                b.error("TYPE-MISMATCH", f"the allowed value {_lit(v)} is not a {spec['type']}",
                        f, path + ("allowed_values", i))
        out[iid] = InputData(iid, spec["type"], Text.of(spec["label"]) or Text(iid, iid),
                             Text.of(spec.get("description")), allowed, values,
                             spec.get("items"), f.location(path, key=True), spec.get("unit"),
                             _labels(spec.get("values")), _labels(spec.get("fields")),
                             {str(k): str(u) for k, u in (spec.get("units") or {}).items()})
    return out, broken


def _check_graph(b: _Builder, raw: dict[str, _File], inputs: dict[str, InputData],
                 broken: set[str], broken_inputs: set[str]) -> list[str]:
    """Check required inputs and decisions exist and form no cycle; return the decisions
    in dependency order (each after the decisions it requires)."""
    for did, f in raw.items():
        req = f.data.get("requires") or {}
        for i, iid in enumerate(req.get("inputs") or []):
            if iid not in inputs and iid not in broken_inputs:
                b.error("UNKNOWN-INPUT", f"the decision '{did}' requires the input '{iid}', "
                        f"which pack.yaml does not define{did_you_mean(iid, inputs)}",
                        f, ("requires", "inputs", i))
        for i, dep in enumerate(req.get("decisions") or []):
            if dep not in raw and dep not in broken:
                b.error("UNKNOWN-DECISION", f"the decision '{did}' requires the decision "
                        f"'{dep}', which does not exist{did_you_mean(dep, raw)}",
                        f, ("requires", "decisions", i))
        for i, oid in enumerate(f.data.get("optional") or []):
            if oid not in (req.get("inputs") or []):
                b.error("UNKNOWN-INPUT", f"'{oid}' is marked optional but is not among the "
                        "inputs the decision requires", f, ("optional", i))

    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(did: str, trail: list[str]) -> None:
        if state.get(did) == 2:
            return
        if state.get(did) == 1:
            cycle = trail[trail.index(did):] + [did]
            f = raw[cycle[0]]
            deps = (f.data.get("requires") or {}).get("decisions") or []
            b.error("CYCLE", "the decisions require each other in a circle: "
                    + " -> ".join(cycle), f, ("requires", "decisions", deps.index(cycle[1])))
            return
        state[did] = 1
        for dep in (raw[did].data.get("requires") or {}).get("decisions") or []:
            if dep in raw:
                visit(dep, trail + [did])
        state[did] = 2
        order.append(did)

    for did in sorted(raw):
        visit(did, [])
    return order


def _columns(inputs: dict[str, InputData], built: dict[str, Decision]
             ) -> dict[str, tuple[str | None, tuple[Any, ...] | None]]:
    """What an input column that is just a name holds: (type, allowed values), from the
    pack input or from the single output of an earlier decision."""
    out: dict[str, tuple[str | None, tuple[Any, ...] | None]] = {
        i.id: (i.type, i.allowed_values) for i in inputs.values()}
    for d in built.values():
        types: set[str | None] = set()
        values: list[Any] = []
        for v in d.versions:
            if isinstance(v.logic, DecisionTable) and len(v.logic.outputs) == 1 and \
                    v.logic.aggregation is None and v.logic.hit_policy in (
                        "UNIQUE", "ANY", "PRIORITY", "FIRST"):
                o = v.logic.outputs[0]
                types.add(o.type)
                values.extend(x for x in o.allowed_values or () if x not in values)
            else:
                types.add(getattr(v.logic, "type", None))
        out[d.id] = (types.pop() if len(types) == 1 else None, tuple(values) or None)
    return out


def _build_decision(b: _Builder, f: _File, inputs: dict[str, InputData],
                    all_decisions: set[str], built: dict[str, Decision]) -> Decision | None:
    d = f.data
    req = d.get("requires") or {}
    req_inputs = tuple(req.get("inputs") or [])
    req_decisions = tuple(req.get("decisions") or [])
    parameters = tuple(d.get("parameters") or [])
    scope = set(req_inputs) | set(req_decisions) | set(parameters)
    where_ok = True
    b.parse_names = _field_names(inputs, built, req_inputs, req_decisions) | b.multi_word
    if parameters:   # a function reads its arguments, as a DMN knowledge model does
        for kind, names in (("inputs", req_inputs), ("decisions", req_decisions)):
            for i, name in enumerate(names):
                if kind == "decisions" and (name not in built or built[name].parameters):
                    continue
                b.error("FUNCTION-REQUIRES", f"'{d['id']}' has parameters, so it is a function "
                        "(a DMN business knowledge model): it may use its parameters and other "
                        f"functions, but not the {kind[:-1]} '{name}'; pass it as an argument",
                        f, ("requires", kind, i))

    version_by = None
    if d.get("version_by"):
        version_by = b.compile_expr(str(d["version_by"]), scope, f, ("version_by",))
        if version_by is not None:
            b.check_names(version_by.ast, version_by.text, scope, set(inputs), all_decisions, f,
                          ("version_by",), "version_by")

    versions: list[Version] = []
    for vi, v in enumerate(d["versions"]):
        vpath = ("versions", vi)
        logic: DecisionTable | LiteralExpression | None
        if "table" in v:
            logic = _build_table(b, f, v["table"], vpath + ("table",), scope, inputs,
                                 all_decisions, _columns(inputs, built))
        else:
            expr = b.compile_expr(_cell_text(v["expression"]), scope, f, vpath + ("expression",))
            logic = None
            if expr is not None:
                b.check_names(expr.ast, expr.text, scope, set(inputs), all_decisions, f,
                              vpath + ("expression",), "the expression")
                logic = LiteralExpression(expr.text, expr, v.get("type"))
        if logic is None:
            where_ok = False
            continue
        versions.append(Version(_date(v["valid_from"]), _date(v.get("valid_to")),
                                str(v["source"]), logic,
                                Text.of(v.get("interpretation")), Text.of(v.get("note")),
                                f.location(vpath)))
    _check_versions(b, f, d["id"], d["versions"])
    if not where_ok:
        return None
    versions.sort(key=lambda x: x.valid_from)
    return Decision(d["id"], Text.of(d["label"]) or Text(d["id"], d["id"]),
                    Text.of(d.get("question")), req_inputs, req_decisions,
                    frozenset(d.get("optional") or ()), tuple(versions), version_by,
                    f.location(("id",)), _units(d, versions), _field_labels(d, versions),
                    _labels(d.get("values")), Text.of(d.get("version_by_label")),
                    parameters)


def _field_names(inputs: dict[str, InputData], built: dict[str, Decision],
                 req_inputs: tuple[str, ...], req_decisions: tuple[str, ...]) -> set[str]:
    """Names that appear after a dot or as argument names (``Applicant.Monthly Income``,
    ``pmt(Per Month: x)``): the fields of required inputs, the outputs and fields of
    required decisions, and the parameters of required functions."""
    names: set[str] = set()
    for iid in req_inputs:
        if iid in inputs:
            names.update(inputs[iid].field_labels)
    for did in req_decisions:
        d = built.get(did)
        if d is None:
            continue
        names.update(d.parameters)
        names.update(d.field_labels)
        for v in d.versions:
            if isinstance(v.logic, DecisionTable):
                names.update(o.name for o in v.logic.outputs)
    return {n for n in names if " " in n}


def _labels(raw: Any) -> dict[str, Text]:
    return {str(k): Text.of(v) or Text(str(k), str(k)) for k, v in (raw or {}).items()}


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


def _check_versions(b: _Builder, f: _File, did: str, raw_versions: list[dict[str, Any]]) -> None:
    raw_versions = [{**v, "valid_from": _date(v["valid_from"]),
                     "valid_to": _date(v.get("valid_to"))} for v in raw_versions]
    indexed = sorted(enumerate(raw_versions), key=lambda iv: iv[1]["valid_from"])
    backwards = {i for i, v in indexed
                 if v.get("valid_to") is not None and v["valid_to"] <= v["valid_from"]}
    for i, v in indexed:
        if i in backwards:
            b.error("VERSION-ORDER", f"this version of '{did}' ends ({v['valid_to']}) before or "
                    f"on the day it starts ({v['valid_from']})", f, ("versions", i, "valid_to"))
    # a version that ends before it starts is reported once; its neighbours are not
    # then also said to overlap it or leave a gap
    indexed = [(i, v) for i, v in indexed if i not in backwards]
    for (i, a), (j, c) in zip(indexed, indexed[1:], strict=False):
        end = a.get("valid_to")
        if end is None:
            b.error("VERSION-OVERLAP", f"the version of '{did}' from {a['valid_from']} has no "
                    f"valid_to, so it overlaps the version from {c['valid_from']}; give it "
                    f"valid_to: {c['valid_from']}", f, ("versions", i, "valid_from"))
        elif end > c["valid_from"]:
            b.error("VERSION-OVERLAP", f"the versions of '{did}' overlap: one runs to {end}, the "
                    f"next starts on {c['valid_from']}", f, ("versions", j, "valid_from"))
        elif end < c["valid_from"]:
            b.error("VERSION-GAP", f"the versions of '{did}' leave a gap: one ends on {end}, the "
                    f"next starts on {c['valid_from']}; no rule covers the days between",
                    f, ("versions", j, "valid_from"))


def _build_table(b: _Builder, f: _File, t: dict[str, Any], path: tuple[Any, ...],
                 scope: set[str], inputs: dict[str, InputData], all_decisions: set[str],
                 columns: dict[str, tuple[str | None, tuple[Any, ...] | None]]
                 ) -> DecisionTable | None:
    ok = True
    standard = not b.iso_dates   # DMN's rules (feel_dialect: dmn) where they differ
    hit_policy = HIT_POLICIES[t["hit_policy"]]

    # input clauses
    clauses: list[InputClause] = []
    column_types: list[str | None] = []
    column_values: list[tuple[Any, ...] | None] = []
    constants: dict[str, str] = {}
    seen_ids: set[str] = set()
    for i, spec in enumerate(t.get("inputs") or []):
        ipath = path + ("inputs", i)
        text = _cell_text(spec["expression"])
        expr = b.compile_expr(text, scope, f, ipath + ("expression",))
        cid = spec.get("id") or default_column_id(text, i)
        if cid in seen_ids:
            b.error("DUPLICATE-ID", f"two input columns are named '{cid}'; give one an 'id'",
                    f, ipath)
        seen_ids.add(cid)
        if expr is None:
            ok = False
            continue
        b.check_names(expr.ast, text, scope, set(inputs), all_decisions, f,
                      ipath + ("expression",), "the input expression")
        declared_type, declared_values = columns.get(text, (None, None)) if text in scope \
            else (None, None)
        ctype = spec.get("type") or declared_type
        values = _feel_values(spec.get("allowed_values")) or declared_values
        constants.update(_constants(values))
        clauses.append(InputClause(cid, text, expr, Text.of(spec.get("label")), ctype, values))
        column_types.append(ctype)
        column_values.append(values)

    # output clauses
    outputs: list[OutputClause] = []
    for i, spec in enumerate(t["outputs"]):
        opath = path + ("outputs", i)
        name = spec["name"]
        if any(o.name == name for o in outputs):
            b.error("DUPLICATE-ID", f"two outputs are named '{name}'", f, opath + ("name",))
        values = _feel_values(spec.get("allowed_values"))
        constants.update(_constants(values))
        has_default = "default" in spec
        default = from_python(spec.get("default"), f"the default of '{name}'")
        multi_hit = hit_policy in ("COLLECT", "RULE ORDER", "OUTPUT ORDER")
        if isinstance(default, list) and not multi_hit:
            b.error("TYPE-MISMATCH", f"a list as default is only for tables that give lists "
                    f"(COLLECT, RULE ORDER, OUTPUT ORDER), not {hit_policy}", f,
                    opath + ("default",))
        # a multi-hit table's default is a list of values: check each element
        for d_i, item in enumerate(default if isinstance(default, list) else [default]):
            dpath = opath + ("default",) + ((d_i,) if isinstance(default, list) else ())
            if not has_default or item is None:
                continue
            if not _value_fits(item, spec.get("type")):
                b.error("TYPE-MISMATCH", f"the default {_lit(item)} is not a "
                        f"{spec.get('type')}", f, dpath)
            elif values is not None and item not in values:
                b.error("NOT-ALLOWED", f"the default {_lit(item)} is not one of the allowed "
                        f"values {_lit(list(values))}", f, dpath)
        outputs.append(OutputClause(name, Text.of(spec.get("label")), spec.get("type"), values,
                                    default, has_default, spec.get("unit")))

    # An allowed value that is also an input or decision name is ambiguous only where a cell
    # uses it bare; there it is reported, and everywhere the name keeps meaning the input.
    ambiguous = set(constants) & scope
    for name in ambiguous:
        del constants[name]
    cell_scope = scope | set(constants)

    def check_ambiguous(node: feel_ast.Node, cpath: tuple[Any, ...]) -> None:
        m = f.mark(cpath)
        for name, span in free_names(node):
            if name in ambiguous:
                line, col = m.position(f.lines, span.start_pos) if m else (0, 0)
                b.error("AMBIGUOUS-NAME", f"'{name}' is both an allowed value and an input or "
                        "decision of this decision; write the value in quotes to mean the text",
                        f, cpath, line=line, column=col)

    # hit policy against outputs
    agg = hit_policy.split(" ", 1)[1] if hit_policy.startswith("COLLECT ") else None
    if agg in ("SUM", "MIN", "MAX", "COUNT") and len(outputs) > 1:
        b.error("HIT-POLICY", f"{hit_policy} aggregates one output, but the table has "
                f"{len(outputs)}", f, path + ("hit_policy",))
    if agg == "SUM" and outputs and outputs[0].type not in (None, "number"):
        b.error("HIT-POLICY", f"COLLECT SUM adds numbers, but the output is a {outputs[0].type}",
                f, path + ("hit_policy",))
    # DMN ranks by the outputs that list values and lets the others be; a pack is stricter,
    # as an output without a ranking is there most often by mistake
    ranked = any(o.allowed_values for o in outputs)
    if hit_policy in ("PRIORITY", "OUTPUT ORDER") and not (standard and ranked):
        listed = "outputValues" if standard else "allowed_values"
        for i, o in enumerate(outputs):
            if not o.allowed_values:
                b.error("HIT-POLICY", f"{hit_policy} ranks results by the order of the output's "
                        f"{listed}, but the output '{o.name}' has none", f,
                        path + ("outputs", i))

    # rules
    rules: list[Rule] = []
    rule_ids: dict[str, int] = {}
    input_ids = [c.id for c in clauses]
    output_names = [o.name for o in outputs]
    for ri, r in enumerate(t.get("rules") or []):
        rpath = path + ("rules", ri)
        rid = str(r["id"])
        if rid in rule_ids:
            b.error("DUPLICATE-ID", f"the rule id '{rid}' is already used by rule "
                    f"{rule_ids[rid]} of this table", f, rpath + ("id",))
        rule_ids[rid] = ri + 1
        cells = _cells(b, f, r.get("when"), rpath + ("when",), input_ids, "input", rid,
                       allow_missing=True)
        outs = _cells(b, f, r.get("then"), rpath + ("then",), output_names, "output", rid,
                      allow_missing=False)
        if cells is None or outs is None or len(clauses) != len(input_ids):
            ok = False
            continue
        tests: list[CompiledUnaryTests] = []
        for ci, (cell, cpath) in enumerate(cells):
            compiled = b.compile_tests(_cell_text(cell) if cell is not None else "-",
                                       cell_scope, f, cpath)
            if compiled is None:
                ok = False
                continue
            b.check_names(compiled.ast, compiled.text, cell_scope, set(inputs), all_decisions,
                          f, cpath, f"the cell for '{input_ids[ci]}'")
            check_ambiguous(compiled.ast, cpath)
            for lit in literal_values(compiled.ast):
                if not _literal_fits(lit, column_types[ci]):
                    b.error("TYPE-MISMATCH", f"the column '{input_ids[ci]}' holds "
                            f"{column_types[ci]} values, but this cell compares with "
                            f"{_literal_text(lit)}", f, cpath)
            tests.append(compiled)
        exprs: list[CompiledExpression] = []
        for oi, (cell, cpath) in enumerate(outs):
            compiled_out = b.compile_expr(_cell_text(cell), cell_scope, f, cpath)
            if compiled_out is None:
                ok = False
                continue
            b.check_names(compiled_out.ast, compiled_out.text, cell_scope, set(inputs),
                          all_decisions, f, cpath, f"the output '{output_names[oi]}'")
            check_ambiguous(compiled_out.ast, cpath)
            _check_output_literal(b, f, cpath, compiled_out.ast, outputs[oi], constants)
            exprs.append(compiled_out)
        if len(tests) != len(clauses) or len(exprs) != len(outputs):
            continue
        rules.append(Rule(rid, ri + 1, tuple(tests), tuple(exprs), r.get("source"),
                          Text.of(r.get("note")), Text.of(r.get("interpretation")),
                          f.location(rpath)))
    if not ok:
        return None
    from regel.analysis.index import build_index
    index = build_index([[t.ast for t in r.tests] for r in rules], constants, len(clauses))
    return DecisionTable(hit_policy, tuple(clauses), tuple(outputs), tuple(rules),
                         constants=constants, index=index)


def _check_output_literal(b: _Builder, f: _File, path: tuple[Any, ...], node: feel_ast.Node,
                          out: OutputClause, constants: dict[str, str]) -> None:
    value: Any
    if isinstance(node, (feel_ast.String, feel_ast.Number, feel_ast.Boolean)):
        if not _literal_fits(node, out.type):
            b.error("TYPE-MISMATCH", f"the output '{out.name}' is a {out.type}, but this cell "
                    f"gives {_literal_text(node)}", f, path)
            return
        value = node.value
    elif isinstance(node, feel_ast.Name) and node.name in constants:
        value = constants[node.name]
    elif isinstance(node, feel_ast.Temporal):
        if not _literal_fits(node, out.type):
            b.error("TYPE-MISMATCH", f"the output '{out.name}' is a {out.type}, but this cell "
                    f"gives {_literal_text(node)}", f, path)
        return
    else:
        return
    if out.allowed_values is not None and value not in out.allowed_values:
        b.error("NOT-ALLOWED", f"{_lit(value)} is not one of the allowed values of "
                f"'{out.name}': {', '.join(map(_lit, out.allowed_values))}", f, path)


def _cells(b: _Builder, f: _File, raw: Any, path: tuple[Any, ...], columns: list[str],
           what: str, rid: str, allow_missing: bool
           ) -> list[tuple[Any, tuple[Any, ...]]] | None:
    """The cells of a rule's when/then in column order, each with its YAML path."""
    if isinstance(raw, dict):
        unknown = [k for k in raw if k not in columns]
        for k in unknown:
            b.error("UNKNOWN-COLUMN", f"rule '{rid}' names the {what} '{k}', which the table "
                    f"does not have{did_you_mean(str(k), columns)}", f, path + (k,), key=True)
        if unknown:
            return None
        missing = [c for c in columns if c not in raw]
        if missing and not allow_missing:
            b.error("CELL-COUNT", f"rule '{rid}' gives no value for the {what} "
                    f"'{missing[0]}'", f, path)
            return None
        return [(raw.get(c, "-"), path + (c,)) for c in columns]
    if isinstance(raw, list):
        if len(raw) != len(columns):
            b.error("CELL-COUNT", f"rule '{rid}' has {len(raw)} {what} cell(s), but the table "
                    f"has {len(columns)} {what}(s): {', '.join(columns)}", f, path)
            return None
        return [(cell, path + (i,)) for i, cell in enumerate(raw)]
    if len(columns) == 1:
        return [(raw, path)]
    b.error("CELL-COUNT", f"rule '{rid}' gives one {what} cell, but the table has "
            f"{len(columns)} {what}s: {', '.join(columns)}; use a list or a mapping", f, path)
    return None


def _load_tests(b: _Builder, root: Path) -> list[PackTest]:
    out: list[PackTest] = []
    folder = root / "tests"
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.y*ml")):
        f = b.read(path)
        if f is None or b.validate(f, "test"):
            continue
        for i, t in enumerate(f.data.get("tests") or []):
            facts = t.get("facts") or {}
            if t.get("case"):
                case_path = (path.parent / t["case"]).resolve()
                case_file = b.read(case_path)
                if case_file is None:
                    continue
                facts = (case_file.data or {}).get("facts", {})
                as_of = t.get("as_of") or (case_file.data or {}).get("as_of")
            else:
                as_of = t.get("as_of")
            out.append(PackTest(str(t["name"]), facts, _date(as_of), t.get("expect") or {},
                                t.get("matched") or {}, t.get("not_matched") or {},
                                f.location(("tests", i))))
    return out


# --------------------------------------------------------------------------- fingerprint

def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
        return "n:" + (format(d.normalize(), "f") if d != 0 else "0")
    if isinstance(value, (_dt.date, _dt.time)):
        return "t:" + value.isoformat()
    return "s:" + str(value)


def fingerprint(pack_data: dict[str, Any], decision_data: list[dict[str, Any]]) -> str:
    """SHA-256 of the pack's rules as data: the same content gives the same fingerprint
    whatever the file names, key order, quoting, comments or number formatting."""
    content = {"pack": _canonical(pack_data),
               "decisions": sorted((_canonical(d) for d in decision_data),
                                   key=lambda d: str(d.get("id")))}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
