"""A pack's registry of sources (``sources.yaml`` and ``sources:`` in pack.yaml, merged),
the citations of versions, rules and the pack (a registered id and a pinpoint), and a
decision's answer template. Each function gives what it built and the problems it found,
located in the file: DUPLICATE-ID/source, SOURCE-UNKNOWN, SOURCE-UNUSED (a warning) and
ANSWER-PLACEHOLDER.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from regel.base.errors import Diagnostic
from regel.base.words import did_you_mean
from regel.load.packfile import PackFile, YamlPath
from regel.load.values import as_date
from regel.model import Citation, Cited, Decision, DecisionTable, Pack, Source, Text

__all__ = ["registry", "cited", "unused", "answer", "answer_fields", "SOURCES_FILE"]

#: the registry's own file, beside pack.yaml
SOURCES_FILE = "sources.yaml"

#: a placeholder in an answer text: {name}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def registry(files: Iterable[tuple[PackFile, list[YamlPath]]]
             ) -> tuple[dict[str, Source], set[str], list[Diagnostic]]:
    """The sources of ``files`` (pack.yaml, then sources.yaml, each with the paths its
    schema found wrong), the ids of entries left out for their schema errors (reported
    already), and DUPLICATE-ID at an id defined in a second file."""
    out: dict[str, Source] = {}
    broken: set[str] = set()
    where: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for f, bad in files:
        entries = f.data.get("sources") if isinstance(f.data, dict) else None
        if not isinstance(entries, dict) or ("sources",) in bad:
            continue
        for key, spec in entries.items():
            # an id YAML reads as a number (``1:``) is the text it was written as, as a
            # citation's ``ref: 1`` is (cited): ids are compared, sorted and shown as text
            path, sid = ("sources", key), str(key)
            if sid in where:
                problems.append(f.problem("DUPLICATE-ID/source", path, at_key=True, id=sid,
                                          file=where[sid]))
            elif any(p[:2] == path for p in bad) or not isinstance(spec, dict):
                broken.add(sid)
            else:
                out[sid] = _source(f, sid, spec, path)
            where.setdefault(sid, f.shown)
    return out, broken, problems


def _source(f: PackFile, sid: str, spec: dict[str, Any], path: YamlPath) -> Source:
    return Source(sid, Text.of(spec["title"]) or Text(sid, sid), str(spec["issuer"]),
                  str(spec["language"]), Text.of(spec.get("short")),
                  _text_or_none(spec.get("number")), as_date(spec.get("date")),
                  _text_or_none(spec.get("url")), f.location(path, at_key=True))


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def cited(f: PackFile, raw: Any, path: YamlPath, sources: dict[str, Source],
          broken: set[str] | frozenset[str] = frozenset()
          ) -> tuple[Cited | None, list[Diagnostic]]:
    """A ``source`` field at ``path``: free text as it is, or its citations, each of a
    registered source (SOURCE-UNKNOWN at the ``ref`` otherwise; an entry of ``broken``,
    whose problem is reported already, counts as registered)."""
    if raw is None:
        return None, []
    if not isinstance(raw, list):
        return str(raw), []
    out: list[Citation] = []
    problems: list[Diagnostic] = []
    for i, item in enumerate(raw):
        ref = str(item["ref"])
        if ref not in sources and ref not in broken:
            problems.append(f.problem("SOURCE-UNKNOWN", path + (i, "ref"), ref=ref,
                                      hint=did_you_mean(ref, sources),
                                      known=sorted(sources) or "—"))
        at = item.get("at")
        out.append(Citation(ref, None if at is None else str(at), Text.of(item.get("note")),
                            f.location(path + (i,))))
    return tuple(out), problems


def _citations(source: Cited | None) -> Iterator[Citation]:
    if isinstance(source, tuple):
        yield from source


def cited_ids(pack: Pack) -> set[str]:
    """The ids of every source that the pack, a version or a rule cites."""
    ids = {c.ref for c in _citations(pack.source)}
    for d in pack.decisions.values():
        for v in d.versions:
            ids.update(c.ref for c in _citations(v.source))
            tables = [v.logic] if isinstance(v.logic, DecisionTable) else []
            tables += [t for _, t in v.tables.values()]
            ids.update(c.ref for t in tables for r in t.rules for c in _citations(r.source))
    return ids


def unused(pack: Pack) -> list[Diagnostic]:
    """SOURCE-UNUSED (a warning) at each registered source that nothing cites."""
    used = cited_ids(pack)
    return [Diagnostic.of("SOURCE-UNUSED", at=s.location, severity="warning", id=sid)
            for sid, s in pack.sources.items() if sid not in used]


# --------------------------------------------------------------------------- answers

def answer_fields(d: dict[str, Any], decision: Decision) -> set[str]:
    """The names an answer template of the decision may use: ``value`` (the result), the
    outputs of a table with several, the keys of a context a literal expression writes,
    and the decision's ``fields``."""
    names = {"value", *(str(k) for k in d.get("fields") or {})}
    for v in decision.versions:
        if isinstance(v.logic, DecisionTable):
            if len(v.logic.outputs) > 1:
                names.update(o.name for o in v.logic.outputs)
        else:
            names.update(k for k, _ in getattr(v.logic.expression.ast, "entries", ()))
    return names


def case_key(value: Any) -> str:
    """A value as the key of ``cases``: its JSON text ("true", "3", a string as it is)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
        return format(d.normalize(), "f") if d != 0 else "0"
    return str(value)


def answer(f: PackFile, raw: Any, fields: set[str]
           ) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The decision's answer template as plain data (the keys of ``cases`` as JSON text),
    with ANSWER-PLACEHOLDER at each placeholder that names no field, and at a ``field``
    the result does not have."""
    if raw is None:
        return None, []
    problems: list[Diagnostic] = []
    if not any(k in raw for k in ("cases", "field", "otherwise")):
        problems += _placeholders(f, raw, ("answer",), fields)
        return {"da": str(raw["da"]), "en": str(raw["en"])}, problems
    field = raw.get("field")
    if field is not None and str(field) not in fields - {"value"}:
        problems.append(f.problem("ANSWER-PLACEHOLDER/field", ("answer", "field"),
                                  name=str(field), hint=did_you_mean(str(field), fields),
                                  known=sorted(fields - {"value"}) or "—"))
    cases: dict[str, dict[str, str]] = {}
    for key, text in raw["cases"].items():
        problems += _placeholders(f, text, ("answer", "cases", key), fields)
        cases[case_key(key)] = {"da": str(text["da"]), "en": str(text["en"])}
    other = raw.get("otherwise")
    if other is not None:
        problems += _placeholders(f, other, ("answer", "otherwise"), fields)
        other = {"da": str(other["da"]), "en": str(other["en"])}
    return {"field": None if field is None else str(field), "cases": cases,
            "otherwise": other}, problems


def _placeholders(f: PackFile, text: dict[str, Any], path: YamlPath, fields: set[str]
                  ) -> list[Diagnostic]:
    """ANSWER-PLACEHOLDER at each {name} of the text (both languages) that is no field."""
    problems = []
    for lang in ("da", "en"):
        value = str(text[lang])
        for m in _PLACEHOLDER.finditer(value):
            name = m.group(1).strip()
            if name in fields:
                continue
            line, column = f.position(path + (lang,), m.start())
            problems.append(f.problem("ANSWER-PLACEHOLDER", path + (lang,), line=line or None,
                                      column=column or None, name=name,
                                      hint=did_you_mean(name, fields), known=sorted(fields)))
    return problems
