"""A decision's generated code is written for the classes of the facts it reads (a date
fact's value is a date, ...), which it checks when it begins (regel.run.compiled's
``_fact_kind``). Whatever the case gives (a fact missing, null, of another type, a number
the reference warns of), the evaluation must be the reference's: values, warnings with
their decisions and rules, and the trace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regel import load_pack
from regel.base.errors import RegelError
from regel.feel.codegen import source_of
from regel.feel.jsonio import dumps
from regel.run.compiled import compile_decision, fact_kinds
from tests.feel.test_codegen import mode
from tests.packbuilder import fact, table_decision, write_pack

_INPUTS = {
    "start": {"type": "date", "label": {"da": "start", "en": "start"}},
    "posted": {"type": "date", "label": {"da": "posted", "en": "posted"}},
    "amount": {"type": "number", "label": {"da": "amount", "en": "amount"}},
    "extra": {"type": "number", "label": {"da": "extra", "en": "extra"}},
    "kind": {"type": "string", "label": {"da": "kind", "en": "kind"},
             "allowed_values": ["a", "b"]},
    "flag": {"type": "boolean", "label": {"da": "flag", "en": "flag"}},
}

_EXPRESSION = """{
  year: start.year,
  from: if posted != null then posted else start,
  later: from >= start,
  total: amount + (if extra != null then extra else 0),
  moved: start + duration("P1M"),
  years: [start + duration("P1Y"), start - duration("P12M"), start + duration("P4Y")],
  posted_years: posted + duration("P2Y"),
  same: moved = from,
  a: kind = "a",
  flagged: if flag != null then flag else false,
  both: later and flagged,
  after: posted > start,
  is_set: flag = true,
  more: extra + 1,
  posted_year: posted.year,
  orders: [posted <= start, start < posted, extra >= amount, amount > extra, posted < posted],
  equals: [extra = amount, posted != start, posted = posted, flag != true, kind != "b"],
  rounded: [round half up(amount * 2, 2), round half up(extra * amount, 1),
            round half up(amount / 7, 3), min(amount, 60), max(amount * 1, 40)]
}"""


def _table(policy: str) -> dict[str, Any]:
    return {"hit_policy": policy,
            "inputs": [{"expression": "start"}, {"expression": "amount"},
                       {"expression": "posted"},
                       {"expression": "kind"}, {"expression": "flag"},
                       {"expression": "(if posted != null then posted else start) > start"}],
            "outputs": [{"name": "out"}, {"name": "n"}],
            "rules": [
                {"id": "R1", "when": ['< date("2020-01-01")', "[1..100]", "-", '"a"', "-", "-"],
                 "then": ['"early"', "amount * 2"]},
                {"id": "R2", "when": ["-", "> 100", '< date("2023-01-01")', "-", "true", "true"],
                 "then": ['"big"', "amount + 1"]},
                {"id": "R3", "when": ['>= date("2020-01-01")', "-", "-", '"b"', "-", "false"],
                 "then": ['"late"', "start.year"]},
                {"id": "R4", "when": ["-", "-", "-", "-", "-", "-"], "then": ['"other"', "0"]}]}


def _mixed(cells: list[str]) -> dict[str, Any]:
    """A table whose column's cells test literals of one type, and whose value is of
    another type in some cases (a number where the cells test texts, or the reverse)."""
    return {"hit_policy": "FIRST",
            "inputs": [{"expression": "if flag = true then amount else kind"}],
            "outputs": [{"name": "out"}],
            "rules": [*({"id": f"M{i}", "when": [c], "then": [f'"{i}"']}
                        for i, c in enumerate(cells, 1)),
                      {"id": "MX", "when": ["-"], "then": ['"other"']}]}


def _pack(root: Path) -> Any:
    requires = {"inputs": list(_INPUTS)}
    optional = ["posted", "extra", "flag"]
    decisions = [
        {"id": "lit", "label": {"da": "lit", "en": "lit"}, "requires": requires,
         "optional": optional,
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                       "expression": _EXPRESSION}]},
        {"id": "first", "label": {"da": "first", "en": "first"}, "requires": requires,
         "optional": optional,
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                       "table": _table("FIRST")}]},
        {"id": "collect", "label": {"da": "collect", "en": "collect"}, "requires": requires,
         "optional": optional,
         "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 3",
                       "table": _table("COLLECT")}]},
        *({"id": did, "label": {"da": did, "en": did}, "requires": requires,
           "optional": optional,
           "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 4",
                         "table": _mixed(cells)}]}
          for did, cells in (("texts", ['"a"', '"b"']), ("numbers", ["< 10", "[10..100]"])))]
    return load_pack(write_pack(root, decisions, _INPUTS))


_PLAIN = {"start": dt.date(2019, 5, 31), "amount": Decimal("50"), "kind": "a"}

#: each case: what is changed of the plain facts (None: the fact left out)
_CASES: list[dict[str, Any]] = [
    {},
    {"posted": dt.date(2019, 6, 30), "extra": Decimal("2.5"), "flag": True},
    {"posted": dt.date(2018, 1, 1), "flag": False, "kind": "b"},
    {"start": dt.date(2021, 1, 15), "amount": 150, "flag": True, "posted": dt.date(2022, 1, 1)},
    {"start": dt.date(2021, 1, 15), "kind": "b", "flag": None, "posted": None, "extra": None},
    {"start": None},                                   # a fact a decision needs: missing
    {"amount": None},
    {"kind": None},
    {"start": "2019-05-31"},                           # of another type
    {"amount": "50"},
    {"flag": "ja"},
    {"posted": 20190601},
    {"kind": "c"},                                     # not allowed
    {"amount": Decimal("50.000")},                     # three decimals: the reference warns
    {"extra": Decimal("1E+40"), "amount": Decimal("1E+40")},
    {"start": dt.date(2024, 1, 31), "posted": dt.date(2024, 2, 29)},   # a day clamped
    {"start": dt.date(2024, 2, 29), "posted": dt.date(2020, 2, 29)},   # 29 February
    {"start": dt.date(9999, 12, 15)},                  # past Python's last date
]


def _facts(change: dict[str, Any]) -> dict[str, Any]:
    facts = {**_PLAIN, **change}
    return {k: v for k, v in facts.items() if v is not None}


def _answer(pack: Any, facts: dict[str, Any], asked: list[str], trace: bool) -> Any:
    try:
        ev = pack.evaluate(facts, asked, as_of=dt.date(2024, 6, 1), trace=trace)
    except RegelError as err:
        return ("error", err.code, [d.code for d in err.diagnostics])
    said = [(w.code, w.decision, w.rule, repr(sorted(w.values.items()))) for w in ev.warnings]
    return ("value", dumps(ev.values), said,
            repr(ev.trace.to_json(why_not="all")["decisions"]) if trace else None)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _pack(tmp_path_factory.mktemp("typed"))


@pytest.mark.parametrize("trace", [False, True], ids=["untraced", "traced"])
@pytest.mark.parametrize("asked", [["lit"], ["first"], ["collect"], ["texts", "numbers"],
                                   ["lit", "first", "collect"]])
@pytest.mark.parametrize("change", _CASES, ids=[repr(c) for c in _CASES])
def test_typed_code_answers_as_the_reference(pack: Any, change: dict[str, Any],
                                             asked: list[str], trace: bool) -> None:
    facts = _facts(change)
    with mode("reference"):
        want = _answer(pack, facts, asked, trace)
    with mode("generated"):
        got = [_answer(pack, facts, asked, trace) for _ in range(2)]
    assert got == [want, want], change


def test_the_code_is_written_for_the_facts_classes(pack: Any) -> None:
    """The typed code is in fact what runs: a required fact's class is checked once, and
    the comparisons and cells of known classes are Python's own, without the general
    operators the code needs where a class is not known."""
    kinds = fact_kinds(pack)
    typed = source_of(compile_decision(pack.decisions["first"], False, kinds))
    plain = source_of(compile_decision(pack.decisions["first"]))
    assert typed.count("SLOW()") > plain.count("SLOW()")     # the checks where it begins
    assert typed.count("COMPARE(") < plain.count("COMPARE(")
    # a column whose cells all test literals of one type is checked once for it (or
    # null), with or without the facts' classes: no cell needs the general test
    assert "TEST(" not in typed and "TEST(" not in plain
    literal = source_of(compile_decision(pack.decisions["lit"], False, kinds))
    general = source_of(compile_decision(pack.decisions["lit"]))
    # start.year of a date known to be one; posted.year of one that may be null
    assert literal.count("PATH(") == 1 < general.count("PATH(")


# --------------------------------------------------------------- columns of one type

_CELLS = {
    "text": ['"a"', '"b"', 'not("a")', '"a", "b"', 'not("a", "b")'],
    "number": ["< 10", ">= 5", "[1..10]", "(1..10]", "5", "not(5)", "< 10, > 20",
               "not([1..3])", "]1..10[", "not(< 3)", "not(>= 7, 2)"],
    "date": ['< date("2020-01-01")', '[date("2019-01-01")..date("2021-01-01")]',
             'date("2020-01-01")', 'not(date("2020-01-01"))', '>= date("2020-06-01")'],
    "boolean": ["true", "false", "not(true)"],
}
_PICKED = {"pick": {"type": "string", "label": {"da": "pick", "en": "pick"}},
           **{k: v for k, v in _INPUTS.items() if k in ("start", "amount", "flag")},
           "text": {"type": "string", "label": {"da": "text", "en": "text"}}}
_COLUMN = ('if pick = "n" then amount else if pick = "s" then text else '
           'if pick = "d" then start else if pick = "b" then flag else null')


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(_CELLS)).flatmap(
           lambda family: st.lists(st.sampled_from(_CELLS[family]), min_size=1, max_size=4)),
       st.sampled_from(["UNIQUE", "FIRST", "COLLECT", "RULE ORDER", "ANY"]))
def test_a_column_of_one_type_tests_as_the_reference(tmp_path: Path, cells: list[str],
                                                     policy: str) -> None:
    """Whatever the column's value is (of its cells' type, another type, null), a table
    whose column's cells all test literals of one type answers, warns and traces as the
    reference does, traced and untraced."""
    rules = [{"id": f"R{i}", "when": [c], "then": [f'"{i}"']} for i, c in enumerate(cells)]
    table = {"hit_policy": policy, "inputs": [{"expression": _COLUMN}],
             "outputs": [{"name": "out"}], "rules": rules}
    decision = {"id": "t", "label": {"da": "t", "en": "t"},
                "requires": {"inputs": list(_PICKED)}, "optional": ["flag"],
                "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                              "table": table}]}
    pack = load_pack(write_pack(tmp_path / f"c{abs(hash((tuple(cells), policy)))}",
                                [decision], _PICKED))
    for pick in ("n", "s", "d", "b", "x"):
        for amount, text, start in ((Decimal(5), "a", dt.date(2020, 1, 1)),
                                    (Decimal(30), "c", dt.date(2022, 3, 1))):
            facts = {"pick": pick, "amount": amount, "text": text, "start": start,
                     **({"flag": amount < 10} if pick != "x" else {})}
            for trace in (False, True):
                with mode("reference"):
                    want = _answer(pack, facts, ["t"], trace)
                with mode("generated"):
                    got = [_answer(pack, facts, ["t"], trace) for _ in range(2)]
                assert got == [want, want], (cells, policy, facts, trace)


# ------------------------------------------- cells listing literals of a known class

_LISTED = {"kind": fact("kind", "string", allowed_values=["a", "b", "c"]),
           **{name: fact(name, kind) for name, kind in (
               ("note", "string"), ("amount", "number"), ("start", "date"),
               ("posted", "date"))}}
#: per column, cells that list literals (bare allowed words among them), and others
_LISTS = [["a, b", '"c", "a"', 'not("a", "b")', "-"],
          ['"x", "y"', '"y", "z", "x"', "-", "-"],
          ["5, 10", "7, 10.0, 1", "not(5, 7)", "-"],
          ['date("2020-01-01"), date("2021-01-01")', "-", "-", "-"],
          ['date("2020-01-01"), date("2021-01-01")', "-",
           'not(date("2020-01-01"), date("2022-01-01"))', "-"]]


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    def rules(columns: list[list[str]]) -> list[dict[str, Any]]:
        return [{"id": f"L{i}", "when": [c[i] for c in columns], "then": [f'"{i}"']}
                for i in range(4)]

    # (the FIRST table's date columns test nothing: a cell calling date() may warn)
    first = [*_LISTS[:3], ["-"] * 4, ["-"] * 4]
    decisions = [table_decision(did, rules(columns), policy,
                                inputs=[{"expression": k} for k in _LISTED],
                                requires={"inputs": list(_LISTED)},
                                optional=["note", "posted"])
                 for did, policy, columns in (("listed", "COLLECT", _LISTS),
                                              ("listed_first", "FIRST", first))]
    return load_pack(write_pack(tmp_path_factory.mktemp("listed"), decisions, _LISTED))


@pytest.mark.parametrize("trace", [False, True], ids=["untraced", "traced"])
@pytest.mark.parametrize("facts", [
    {"kind": "a", "note": "x", "amount": Decimal(5), "start": dt.date(2020, 1, 1),
     "posted": dt.date(2021, 1, 1)},
    {"kind": "c", "note": "z", "amount": Decimal("10.0"), "start": dt.date(2021, 1, 1),
     "posted": dt.date(2022, 1, 1)},
    {"kind": "b", "amount": Decimal(10), "start": dt.date(2020, 1, 2)},      # null: none
    {"kind": "a", "note": "w", "amount": Decimal(7), "start": dt.date(2019, 12, 31)},
    {"kind": "b", "note": "y", "amount": Decimal("0.5"), "start": dt.date(2021, 1, 1),
     "posted": dt.date(2020, 1, 1)},
], ids=repr)
def test_cells_listing_literals_test_as_the_reference(listed: Any, facts: dict[str, Any],
                                                      trace: bool) -> None:
    """A cell listing literals of the class its column's value is known to be of (or
    null) is one set lookup in the generated code; its matches (10.0 is 10; null is none
    of them), and the table's trace, are the reference's."""
    with mode("reference"):
        want = _answer(listed, facts, ["listed", "listed_first"], trace)
    with mode("generated"):
        got = [_answer(listed, facts, ["listed", "listed_first"], trace) for _ in range(2)]
    assert got == [want, want]
    # a FIRST table none of whose cells can warn stops at its first match
    first = source_of(compile_decision(listed.decisions["listed_first"], False,
                                       fact_kinds(listed)))
    assert "while True:" in first
    assert first.split("while True:")[1].count(" is MISSING:\n") == 1   # (after it: none)
    typed = source_of(compile_decision(listed.decisions["listed"], False, fact_kinds(listed)))
    assert typed.count(" is not True:") == 0      # no test after test: each list is a set
    # no cell or output of it can warn: its warnings are neither counted nor tested
    assert "len(s.warnings)" not in typed


def test_a_table_that_may_warn_counts_its_warnings(pack: Any) -> None:
    """Outputs that compute (``amount * 2``) may warn: the table counts the warnings its
    rules gave, to say whose they are or to hand them to the reference (the test above
    holds it to the reference's)."""
    typed = source_of(compile_decision(pack.decisions["first"], False, fact_kinds(pack)))
    assert "len(s.warnings)" in typed
