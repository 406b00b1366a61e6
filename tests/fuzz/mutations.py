"""Mutations of files for the fuzz suite (issue 19): bytes and lines changed, YAML data with
keys deleted, renamed or given values of another type, aliases and anchors, deep nesting,
other encodings, and XML elements and attributes changed. Each draws from hypothesis, so
that the standing tests and the long run share them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import cache
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.fuzz.feel_text import TEMPORAL_TEXTS, small_feel

__all__ = ["mutate_bytes", "mutate_lines", "mutate_yaml_data", "mutate_yaml_text",
           "reencode", "odd_values", "odd_scalars", "dump_yaml", "deep_text", "INSERTS"]

#: bytes that mean something to a reader: NUL, bytes that are not UTF-8, YAML and XML syntax
INSERTS = [
    b"\x00", b"\xff", b"\xfe", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\t", b"\r", b"\n",
    b"\r\n", b":", b": ", b"- ", b"{", b"}", b"[", b"]", b",", b"&a ", b"*a", b"*nope", b"<<: *a",
    b"!!binary ", b"!!python/object/apply:os.system ", b"!!set ", b"!!omap ", b"!!float ",
    b"!!str ", b"!custom ", b"? ", b"|", b">-", b"%YAML 1.1\n", b"%TAG ! tag:x,2024:\n",
    b"---\n", b"...\n", b"#", b"'", b'"', b"\\", b"\xe2\x80\xa8", b"\xc2\x85", b"\xf0\x9f\x98\x80",
    b"\xf4\x90\x80\x80", b"\xc0\x80", b"9" * 400, b"1e400", b".inf", b"-.nan", b"0x1F",
    b"0o17", b"1_000", b"1:20:30", b"yes", b"~", b"2024-02-30", b"<", b">", b"&", b"]]>",
    b"<!--", b"-->", b"&#0;", b"&#xD800;", b"&lt;", b"&nope;", b"<![CDATA[", b"<?pi x?>",
    b"\x1b[2J", b"\x7f", b"\x0b", b"\x0c", b"\xe2\x80\xae",
]

_insert = st.one_of(st.sampled_from(INSERTS), st.binary(min_size=1, max_size=4))


@st.composite
def mutate_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one byte changed, bytes inserted, deleted or repeated, or cut short."""
    size = len(data)
    at = draw(st.integers(0, size))
    kind = draw(st.sampled_from(["flip", "insert", "insert", "delete", "duplicate",
                                 "truncate"]))
    if kind == "flip" and size:
        at = min(at, size - 1)
        return data[:at] + draw(_insert)[:1] + data[at + 1:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 64)):]
    if kind == "duplicate":
        piece = data[at:at + draw(st.integers(1, 200))]
        where = draw(st.integers(0, size))
        return data[:where] + piece * draw(st.integers(1, 3)) + data[where:]
    if kind == "truncate":
        return data[:at]
    return data[:at] + draw(_insert) + data[at:]


@st.composite
def mutate_lines(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a line deleted, repeated, moved, indented or outdented."""
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "outdent", "tab"]))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = b" " * draw(st.integers(1, 8)) + lines[i]
    elif kind == "outdent":
        lines[i] = lines[i].lstrip(b" ")
    else:
        lines[i] = b"\t" + lines[i]
    return b"\n".join(lines)


@st.composite
def reencode(draw: st.DrawFn, data: bytes) -> bytes:
    """The same text in another encoding, with a byte order mark, or other line ends."""
    text = data.decode("utf-8", "surrogateescape")
    kind = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "bom",
                                 "crlf", "cr", "utf-8-nbsp"]))
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "cr":
        return data.replace(b"\n", b"\r")
    if kind == "utf-8-nbsp":
        return data.replace(b" ", b"\xc2\xa0", draw(st.integers(1, 5)))
    return text.encode(kind, "replace")


# ----------------------------------------------------------------------------- YAML values

_NUMBER_TEXTS = ["1,5", "1e400", "-1e-400", "0x1F", "1_000", "1:20", "0o17", "017", "+.inf",
                 ".NaN", "yes", "no", "on", "off", "~", "null", "Null", "NULL", "TRUE", "y",
                 "1" * 60, "0." + "0" * 60 + "1", "-0", "+5", "1.", ".5", "5e3", "12:30:00"]

odd_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**40, 10**40),
    st.sampled_from([0, -1, 2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=()), max_size=16),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.binary(max_size=6),
    st.sampled_from(TEMPORAL_TEXTS + _NUMBER_TEXTS + ["", " ", "-", "[]", "{}", "'", '"']),
    small_feel,
)


@cache
def odd_values(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Any plain value YAML or JSON can hold, nested a little: what a typo or an attack
    puts where a rule pack or a case expects something else."""
    keys = st.one_of(st.text(max_size=6), st.integers(-3, 3), st.none(), st.booleans())
    return st.recursive(odd_scalars, lambda c: st.one_of(
        st.lists(c, max_size=3), st.dictionaries(keys, c, max_size=3)), max_leaves=max_leaves)


def _slots(node: Any, out: list[tuple[Any, Any]], seen: set[int] | None = None
           ) -> list[tuple[Any, Any]]:
    """Every (container, key) place in a YAML tree, depth first; a container that aliases
    share (or that holds itself) once, and at most 5,000 places."""
    seen = set() if seen is None else seen
    if id(node) in seen or len(out) > 5000:
        return out
    seen.add(id(node))
    if isinstance(node, dict):
        for key in list(node):
            out.append((node, key))
            _slots(node[key], out, seen)
    elif isinstance(node, list):
        for i in range(len(node)):
            out.append((node, i))
            _slots(node[i], out, seen)
    return out


def _typo(key: Any) -> Any:
    text = str(key)
    if len(text) < 2:
        return text + "x"
    return text[1] + text[0] + text[2:]


@st.composite
def mutate_yaml_data(draw: st.DrawFn, data: Any) -> Any:
    """A copy of YAML ``data`` with one place changed: deleted, given another value or type,
    its key renamed, its value wrapped in a list, doubled or swapped with another's."""
    data = copy.deepcopy(data)
    slots = _slots(data, [])
    if not slots:
        return draw(odd_values())
    parent, key = slots[draw(st.integers(0, len(slots) - 1))]
    kind = draw(st.sampled_from(["delete", "value", "value", "feel", "rename", "wrap", "copy",
                                 "empty"]))
    if kind == "delete":
        del parent[key]
    elif kind == "value":
        parent[key] = draw(odd_values())
    elif kind == "feel":
        parent[key] = draw(small_feel)
    elif kind == "rename" and isinstance(parent, dict):
        new = draw(st.one_of(st.just(_typo(key)), st.text(max_size=8), st.integers(0, 3),
                             st.none(), st.booleans()))
        parent[new] = parent.pop(key)
    elif kind == "wrap":
        parent[key] = [parent[key]]
    elif kind == "copy":
        other_parent, other_key = slots[draw(st.integers(0, len(slots) - 1))]
        parent[key] = copy.deepcopy(other_parent[other_key])
    else:
        parent[key] = draw(st.sampled_from([[], {}, "", None]))
    return data


def dump_yaml(data: Any, unicode: bool = True) -> bytes:
    """YAML text of ``data``; text with half a surrogate pair is written as its bytes."""
    try:
        text = yaml.safe_dump(data, allow_unicode=unicode, sort_keys=False, width=100)
    except (yaml.YAMLError, RecursionError, ValueError):
        text = repr(data)
    return text.encode("utf-8", "surrogatepass")


def deep_text(kind: str, n: int) -> bytes:
    """A YAML value nested ``n`` deep: flow lists, flow mappings or indented mappings."""
    if kind == "list":
        return b"[" * n + b"1" + b"]" * n
    if kind == "map":
        return b"{a: " * n + b"1" + b"}" * n
    n = min(n, 400)             # indented: the text grows with the square of the depth
    return b"\n" + b"".join(b"  " * (i + 1) + b"a:\n" for i in range(n)) + b"  " * (n + 1) + b"1"


_ALIAS_TEXTS = [
    b"&a [*a]", b"&a {k: *a}", b"*nope", b"&a 1", b"{<<: *nope}", b"{<<: [1, 2]}",
    b"[&a x, *a, *a, *a, *a]", b"&a &b 1", b"!!binary aGVsbG8=", b"!!set {a, b}",
    b"!!omap [a: 1, b: 2]", b"!!python/name:os.system", b"!!timestamp 2024-01-01T10:00:00Z",
    b"!!int 0x10", b"!!float 1.5", b"!!str 12", b"!!null ''", b"!!bool yes", b"! x",
    b"!<tag:yaml.org,2002:str> x", b"!!map {a: 1}", b"|\n  text", b">-\n  folded", b"? [a]\n: 1",
    b"!!timestamp nope", b"!!bool maybe", b"!!int x", b"!!binary '!!!'", b"!!null x",
    b"!!seq {a: 1}", b"!!merge x", b"!!timestamp 2024-02-30",
]


def _bomb(depth: int, width: int) -> bytes:
    """Aliases to aliases: a few hundred bytes that stand for width ** depth values."""
    lines = [b"  l0: &l0 [" + b", ".join([b"x"] * width) + b"]"]
    for i in range(1, depth):
        refs = b", ".join([b"*l%d" % (i - 1)] * width)
        lines.append(b"  l%d: &l%d [%s]" % (i, i, refs))
    return b"\n" + b"\n".join(lines)


_VALUE_AFTER_KEY = re.compile(rb"^(\s*(?:- )?[A-Za-z_][\w ]*:)( .*)?$")


@st.composite
def mutate_yaml_text(draw: st.DrawFn, data: bytes) -> bytes:
    """YAML text with one value replaced by aliases, anchors, tags, a bomb of aliases, or a
    value nested hundreds deep."""
    lines = data.split(b"\n")
    places = [i for i, line in enumerate(lines) if _VALUE_AFTER_KEY.match(line)]
    kind = draw(st.sampled_from(["alias", "alias", "bomb", "deep", "multi-document"]))
    if kind == "bomb":
        value = _bomb(draw(st.integers(2, 12)), draw(st.integers(2, 12)))
    elif kind == "deep":
        value = deep_text(draw(st.sampled_from(["list", "map", "block"])),
                          draw(st.integers(50, 3000)))
    elif kind == "multi-document":
        return data + b"\n---\n" + draw(st.sampled_from([b"", b"a: 1", b"[1]", data[:200]]))
    else:
        value = draw(st.sampled_from(_ALIAS_TEXTS))
    if not places:
        return b"x: " + value + b"\n" + data
    i = places[draw(st.integers(0, len(places) - 1))]
    found = _VALUE_AFTER_KEY.match(lines[i])
    assert found is not None
    lines[i] = found.group(1) + b" " + value
    return b"\n".join(lines)
