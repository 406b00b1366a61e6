"""The two ways regel builds a YAML file's values and marks must agree: straight from the
parser's events (``_from_events``, the fast way every ordinary file takes) and from the
composed nodes (``_from_nodes``, the way for anchors, aliases, merge keys and problems).
Every YAML file in the repository and a set of awkward texts are read both ways, with
libyaml and with the pure Python parser; values (with their types), the marks of values and
of keys, and a limit's error must be the same."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from regel.source import yamltree
from regel.source.yamltree import YamlError

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for folder in ("rules", "examples", "tests", "docs")
               for p in (ROOT / folder).rglob("*.y*ml") if p.is_file())
LOADERS = {"libyaml": yamltree._Loader, "python": yamltree._PyLoader}

#: texts that exercise what the event path must get exactly right, and what it must hand to
#: the node path (None from _from_events)
TEXTS = {
    "empty": "", "comment only": "# nothing\n", "null document": "~\n",
    "scalar document": "42\n", "document marker": "---\na: 1\n...\n",
    "types": "a: 1\nb: 2.50\nc: true\nd: null\ne: 2024-02-29\nf: '007'\ng: -0\nh: 1e3\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: x\n",
    "flow": "a: {b: [1, 2, {c: d}], e: []}\nf: {}\n",
    "nested lists": "- - - a\n    - b\n  - c\n- []\n",
    "quoted keys": "'a b': 1\n\"c\\td\": 2\n3: x\ntrue: y\n2024-01-01: z\n",
    "unicode": "beløb: 57000\nnavn: \"Æblø \\u00e6 \\U0001F600\"\n",
    "surrogate pair": 'emoji: "\\ud83d\\ude00"\n',   # libyaml: a syntax error
    "windows lines": "a: 1\r\nb:\r\n  - x\r\n",
    "explicit str tag": "a: !!str 12\nb: !!int '7'\n",
    "anchor": "a: &x [1, 2]\nb: *x\n",
    "merge": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "duplicate": "a: 1\nb: 2\na: 3\n",
    "duplicate equal number": "1: a\n1.0: b\n",
    "true and one": "true: a\n1: b\n",
    "complex key": "? [a, b]\n: c\n",
    "mapping tag": "a: !!set {x, y}\n",
    "lone surrogate": 'a: "\\ud800"\n',
    "bad date": "a: 2023-02-29\n",
    "infinity": "a: .inf\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "tab indent": "a:\n\t- 1\n",
    "too deep": "a: " + "[" * 300 + "]" * 300 + "\n",
}


def typed(value: Any) -> Any:
    """``value`` with the type of every part written out (True is not 1, 1 not 1.0)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


def outcome(run: Any) -> Any:
    """What reading gives: (values, marks, key marks), a regel error, or the parser's
    error (which ``load_yaml_with_marks`` then reports from the pure Python parser)."""
    try:
        data, marks, keys = run()
    except YamlError as exc:
        return ("error", exc.diagnostics[0].key, exc.diagnostics[0].span)
    except yaml.YAMLError as exc:
        return ("refused", type(exc).__name__, str(exc))
    return typed(data), marks, keys


def both(cls: type, text: str) -> tuple[Any, Any]:
    """(event path, node path) of ``text``, with the node path's limits checked first as
    ``_parse`` does; the event path is None when it hands the file over."""
    def nodes() -> Any:
        loader = yamltree._reader(cls, text, "f.yaml")
        yamltree._check_events(cls, text, "f.yaml")
        return yamltree._from_nodes(loader, "f.yaml")

    def events() -> Any:
        built = yamltree._from_events(yamltree._reader(cls, text, "f.yaml"), "f.yaml")
        if built is None:
            raise _HandedOver
        return built
    try:
        new = outcome(events)
    except _HandedOver:
        new = None
    return new, outcome(nodes)


class _HandedOver(Exception):
    pass


@pytest.mark.parametrize("cls", LOADERS.values(), ids=list(LOADERS))
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_every_repository_file_is_read_the_same_both_ways(path: Path, cls: type) -> None:
    new, old = both(cls, path.read_text(encoding="utf-8", errors="replace"))
    assert new is None or new == old


def test_the_event_path_reads_the_bundled_rules() -> None:
    """Every bundled rule file without an anchor (``&name``) takes the fast path, so that
    the test above compares."""
    rules = [p for p in FILES if p.is_relative_to(ROOT / "rules")
             and not re.search(r"(:|-) &\w", p.read_text(encoding="utf-8"))]
    assert len(rules) > 30
    for path in rules:
        new, _ = both(yamltree._Loader, path.read_text(encoding="utf-8"))
        assert new is not None, path


HANDED_OVER = {"anchor", "merge", "duplicate", "duplicate equal number", "true and one",
               "complex key", "mapping tag", "lone surrogate", "surrogate pair", "bad date",
               "infinity", "two documents"}
#: texts one parser or both refuse: the node path's YAML error is what the user sees
REFUSED = {"syntax error", "tab indent", "surrogate pair", "lone surrogate", "two documents"}


@pytest.mark.parametrize("cls", LOADERS.values(), ids=list(LOADERS))
@pytest.mark.parametrize("name", TEXTS)
def test_awkward_texts_are_read_the_same_or_handed_over(name: str, cls: type) -> None:
    new, old = both(cls, TEXTS[name])
    if old[0] == "refused":
        assert name in REFUSED and (new is None or new == old)
    elif name in HANDED_OVER:
        assert new is None
    else:
        assert new is not None and new == old


def test_the_limits_are_kept_on_the_event_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML-LIMIT/values at the same value as the node path's check."""
    monkeypatch.setattr(yamltree, "MAX_VALUES", 10)
    text = "".join(f"k{i}: {i}\n" for i in range(8))
    new, old = both(yamltree._Loader, text)
    assert new == old and new[0] == "error" and new[1] == "YAML-LIMIT/values"
    assert new[2].line == 5


def test_values_are_built_as_the_nodes_give_them() -> None:
    data, marks, keys = yamltree._from_events(
        yamltree._reader(yamltree._Loader, "a: 1.5\nb: [2024-01-31, x]\n", "f"), "f")
    assert data == {"a": Decimal("1.5"), "b": [datetime.date(2024, 1, 31), "x"]}
    assert (marks[("b", 1)].line, marks[("b", 1)].column) == (2, 17)
    assert (keys[("b",)].line, keys[("b",)].column) == (2, 1)


def test_a_mark_is_made_a_span_when_read() -> None:
    """The event path keeps each mark as PyYAML gives it, with its list or mapping (no
    path made for it), and makes the Span when it is read (yamltree.Marks): a large
    table's file has a mark per cell, a load reads few. The spans below are counted by
    hand in the text (1-based lines and columns, 0-based offsets, the end just past the
    last character)."""
    import pickle

    from regel.base.errors import Span

    text = "a: 1\nb:\n  - x\n  - y\n"
    _, marks, keys = yamltree.load_yaml_with_marks(text, "f.yaml")
    assert isinstance(marks, yamltree.Marks) and isinstance(keys, yamltree.Marks)
    assert not dict.__contains__(marks, ("b", 1))                   # no path made yet
    assert marks.later[("b",)][1].__class__ is tuple                 # nor its Span
    assert ("b", 1) in marks and ("b", 2) not in marks and ("b", -1) not in marks
    assert marks.get(("b", True)) == marks.get(("b", 1))   # (True is 1, as in a dict key)
    assert marks.get(("a", 0)) is None and marks.get("b") is None
    y = marks[("b", 1)]
    assert y == Span(4, 5, 4, 6, 18, 19, "f.yaml")
    assert marks.get(("b", 1)) is y and dict.__getitem__(marks, ("b", 1)) is y   # made once
    assert marks.get(("c",)) is None and marks.get(("c",), 0) == 0
    assert dict(marks.items())[("a",)] == Span(1, 4, 1, 5, 3, 4, "f.yaml")
    assert keys[("b",)] == Span(2, 1, 2, 2, 5, 6, "f.yaml")
    assert Span(3, 5, 3, 6, 12, 13, "f.yaml") in marks.values()
    again = pickle.loads(pickle.dumps(marks))   # (as a pack's kept YAML is)
    assert again == marks and again.file == "f.yaml" and again[("b", 0)].line == 3
    assert len(marks) == 5 and set(marks) == {(), ("a",), ("b",), ("b", 0), ("b", 1)}
    assert set(keys) == {("a",), ("b",)} and marks.copy() == marks
