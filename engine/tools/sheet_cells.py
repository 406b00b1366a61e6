"""What a workbook cell holds and how it comes back (``regel sheet``): texts as written,
values as YAML scalars ("true", "2012-07-01", "[a, b]"), citations one per line
("bek-934-2006 § 6"), and the columns of each kind of part of a pack. A value a cell
cannot hold exactly stays in the row's "more (YAML)" cell, so nothing is lost."""

from __future__ import annotations

import copy
import datetime as _dt
import re
from decimal import Decimal
from typing import Any

import yaml

from regel.base.errors import RegelError
from regel.source.yamltree import SafeDumper, load_yaml

__all__ = ["MISSING", "TEXT", "VALUE", "CITES", "TESTS", "OUTPUT", "Column", "encode",
           "decode", "take", "put", "dump_yaml", "MORE", "DECISION_COLUMNS", "FACT_COLUMNS",
           "SOURCE_COLUMNS", "TEST_COLUMNS", "RULE_EXTRA", "INPUT_ROWS", "OUTPUT_ROWS",
           "VERSION_ROWS"]

MISSING: Any = object()
TEXT, VALUE, CITES = "text", "value", "cites"
#: a rule's input cell (FEEL tests as typed: "[1..5]" is a range, not a YAML list) and
#: output cell (YAML where it reads, else the text as typed)
TESTS, OUTPUT = "tests", "output"
MORE = "more (YAML)"

#: (header, path in the part's data, kind)
Column = tuple[str, tuple[str, ...], str]


def _both(header: str, key: str) -> list[Column]:
    return [(f"{header} (da)", (key, "da"), TEXT), (f"{header} (en)", (key, "en"), TEXT)]


DECISION_COLUMNS: list[Column] = [("id", ("id",), TEXT), *_both("label", "label"),
                                  *_both("question", "question")]
FACT_COLUMNS: list[Column] = [("name", ("name",), TEXT), ("type", ("type",), TEXT),
                              *_both("label", "label"),
                              ("allowed values", ("allowed_values",), VALUE),
                              ("allowed", ("allowed",), TEXT), ("unit", ("unit",), VALUE),
                              *_both("description", "description")]
SOURCE_COLUMNS: list[Column] = [("id", ("id",), TEXT), *_both("title", "title"),
                                *_both("short", "short"), ("issuer", ("issuer",), TEXT),
                                ("number", ("number",), TEXT), ("date", ("date",), VALUE),
                                ("language", ("language",), TEXT), ("url", ("url",), TEXT)]
TEST_COLUMNS: list[Column] = [("file", ("file",), TEXT), ("name", ("name",), TEXT),
                              ("as of", ("as_of",), VALUE), ("facts", ("facts",), VALUE),
                              ("expect", ("expect",), VALUE)]
RULE_EXTRA: list[Column] = [("source", ("source",), CITES),
                            *_both("interpretation", "interpretation"), *_both("note", "note")]
VERSION_ROWS: list[Column] = [("valid from", ("valid_from",), VALUE),
                              ("valid to", ("valid_to",), VALUE),
                              ("hit policy", ("table", "hit_policy"), TEXT),
                              ("type", ("type",), TEXT), ("expression", ("expression",), TEXT),
                              ("source", ("source",), CITES),
                              *_both("interpretation", "interpretation"),
                              *_both("note", "note")]
INPUT_ROWS: list[Column] = [("expression", ("expression",), TEXT), ("type", ("type",), TEXT),
                            ("allowed values", ("allowed_values",), VALUE)]
OUTPUT_ROWS: list[Column] = [("type", ("type",), TEXT),
                             ("allowed values", ("allowed_values",), VALUE),
                             ("default", ("default",), VALUE)]


class _CellDumper(SafeDumper):
    """YAML inside one cell: exact numbers, short lists and texts on one line."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "int" if re.fullmatch(r"-?\d+", text) else "float"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", text)


_CellDumper.add_representer(Decimal, _decimal)


def dump_yaml(value: Any, flow: bool | None = None) -> str:
    """``value`` as YAML for a cell: one line for scalars and short data, else a block."""
    text = yaml.dump(value, Dumper=_CellDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=flow, width=10_000 if flow else 90)
    text = text.rstrip("\n")
    return text[:-4] if text.endswith("\n...") else text


def _cites_text(value: Any) -> str | None:
    """Citations one per line ("ref pinpoint") when each is only a ref and a pinpoint."""
    if not isinstance(value, list) or not value:
        return None
    lines = []
    for c in value:
        if not (isinstance(c, dict) and set(c) <= {"ref", "at"} and isinstance(c.get("ref"), str)
                and re.fullmatch(r"[^\s,:#\[\]{}\-][^\s,\[\]{}]*", c["ref"])
                and isinstance(c.get("at", ""), str) and "\n" not in c.get("at", "")
                and c.get("at", "x").strip() == c.get("at", "x")):
            return None
        lines.append(c["ref"] + (" " + c["at"] if "at" in c else ""))
    return "\n".join(lines)


def encode(value: Any, kind: str) -> Any:
    """What a cell shows for ``value`` of a column of ``kind``, or MISSING when the cell
    cannot give it back exactly (the value then stays in "more (YAML)")."""
    if kind == TEXT:
        return value if isinstance(value, str) and value.strip() else MISSING
    shown: Any = _cites_text(value) if kind == CITES else None
    if shown is None:
        if isinstance(value, bool) or value is None:
            shown = dump_yaml(value)
        elif isinstance(value, (int, Decimal)) and len(Decimal(value).as_tuple().digits) <= 15:
            shown = value if isinstance(value, int) else float(value)
        elif isinstance(value, str) and value and "\n" not in value:
            shown = value
        else:
            shown = dump_yaml(value, flow=not (kind == CITES or _long(value)))
    try:
        same = _equal(decode(shown, kind), value)
    except Exception:   # noqa: BLE001 - a text that does not read back is shown as YAML
        same = False
    if same:
        return shown
    text = dump_yaml(value, flow=not _long(value))
    try:
        return text if _equal(decode(text, kind), value) else MISSING
    except RegelError:
        return MISSING


def _long(value: Any) -> bool:
    return len(dump_yaml(value, flow=True)) > 100


def _equal(a: Any, b: Any) -> bool:
    """Same data as the fingerprint sees it (2.50 is 2.5; a date is its ISO text)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    return type(a) is type(b) and a == b


def decode(cell: Any, kind: str, where: str = "<cell>") -> Any:
    """The value a cell gives back (MISSING for an empty cell); YamlError when a cell of
    values is not YAML."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return MISSING
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        number = Decimal(repr(cell))
        return int(number) if number == number.to_integral_value() else number
    if isinstance(cell, _dt.datetime):
        return cell.date() if cell.time() == _dt.time() else cell
    if isinstance(cell, (_dt.date, _dt.time)):
        return cell
    text = str(cell)
    if kind == TEXT:
        return text
    if kind == CITES and not re.match(r"\s*([-\[{]\s|[\[{])", text):
        return [_cite(line) for line in text.splitlines() if line.strip()]
    if kind in (TESTS, OUTPUT):
        return _feel_cell(text, kind, where)
    return load_yaml(text, where)


def _feel_cell(text: str, kind: str, where: str) -> Any:
    """A rule's cell: 'quoted' is YAML's text; a "FEEL string" stays as typed; a number,
    a truth value or a date as YAML reads it; an input cell is otherwise its text, an
    output cell YAML (a list) where it reads as YAML."""
    if text.startswith('"'):
        return text
    try:
        value = load_yaml(text, where)
    except RegelError:
        return text
    if text.startswith("'") or isinstance(value, (bool, int, Decimal, _dt.date, _dt.time)):
        return value
    return value if kind == OUTPUT and value is not None else text


def _cite(line: str) -> dict[str, str]:
    ref, _, at = line.strip().partition(" ")
    return {"ref": ref, "at": at.strip()} if at.strip() else {"ref": ref}


def take(data: dict[str, Any], column: Column) -> Any:
    """The cell of ``column`` for ``data``, removing what it shows from ``data`` (a copy
    the caller owns); MISSING when the value stays in "more (YAML)"."""
    _, path, kind = column
    parents, here = [], data
    for key in path[:-1]:
        nxt = here.get(key) if isinstance(here, dict) else None
        if not isinstance(nxt, dict):
            return MISSING
        parents.append((here, key))
        here = nxt
    if not isinstance(here, dict) or path[-1] not in here:
        return MISSING
    shown = encode(here[path[-1]], kind)
    if shown is not MISSING:
        del here[path[-1]]
        for parent, key in reversed(parents):
            if parent[key]:
                break
            del parent[key]
    return shown


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` in ``data`` (mappings made on the way)."""
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = copy.deepcopy(value)
