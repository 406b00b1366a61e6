"""The names `regel export` gives a pack's inputs and decisions (issue 14): each is its
label in the pack's language made a DMN 1.3 FEEL name, because DMN editors draw an
element's name and nothing else; the import gives the pack ids back.

The rule (docs/dmn.md, "Writing DMN"): letters, digits and ``_`` are kept, and ``- / + *``
right after one of them (not at the end); an apostrophe is left out; a character with a
plain form is written plain (``²`` -> ``2``); brackets, commas, colons, full stops and
dashes part words; a name that starts with a digit gets ``_`` before it. A name another
element has, or FEEL reserves, gets `` 2`` (`` 3``...); a label that gives no name regel
reads back as one, or a name that would change what some expression reads, leaves the
element its id.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from regel import PackError, load_dmn, load_pack
from regel.dmn.feeltext import RESERVED, feel_name, readable_name, standard_feel
from regel.dmn.writer import dmn_names, write_dmn
from regel.feel.parser import parse_expression
from tests.packbuilder import write_pack

FEEL_NAMES = [
    # (label, the FEEL name), worked out by hand from the rule
    ("Regelsæt for gyldighed", "Regelsæt for gyldighed"),
    ("Gyldighedsperiode (år)", "Gyldighedsperiode år"),
    ("Oprindeligt stillet beløb (kr.)", "Oprindeligt stillet beløb kr"),
    ("Nedsættelser allerede givet (a1, a2, final)", "Nedsættelser allerede givet a1 a2 final"),
    ("Dato for bestået danskprøve på A1-niveau", "Dato for bestået danskprøve på A1-niveau"),
    ("24-års-kravet", "_24-års-kravet"),
    ("Boligareal (m²)", "Boligareal m2"),
    ("Tvangs- eller proformaægteskab", "Tvangs- eller proformaægteskab"),
    ("Sidste dag med offentlig hjælp (kontanthjælp o.l.)",
     "Sidste dag med offentlig hjælp kontanthjælp o l"),
    ("Permanent ophold søgt før 27. januar 2022 (overførte betingelser)",
     "Permanent ophold søgt før 27 januar 2022 overførte betingelser"),
    ("Borrower's age", "Borrowers age"),
    ("Fee: late – per day", "Fee late per day"),
    ("  Two   spaces\tand a tab ", "Two spaces and a tab"),
    ("Income/expense ratio", "Income/expense ratio"),
    ("a//b /* c", "a/ b c"),               # no comment opens inside a name
    ("Total +", "Total"),                  # no symbol at the end
    ("(((", None),
    ("§ 3", "_3"),
]


@pytest.mark.parametrize(("label", "name"), FEEL_NAMES)
def test_feel_name(label: str, name: str | None) -> None:
    assert feel_name(label) == name


@pytest.mark.parametrize(("label", "name"), [(a, b) for a, b in FEEL_NAMES if b])
def test_regel_reads_each_name_back_as_one_name(label: str, name: str) -> None:
    tree = parse_expression(f"{name} + 1", {name}, iso_dates=False)
    assert tree.left.name == name  # type: ignore[attr-defined]


@pytest.mark.parametrize(("label", "taken", "name"), [
    ("Fee", set(), "Fee"),
    ("Fee", {"Fee"}, "Fee 2"),
    ("Fee", {"Fee", "Fee 2"}, "Fee 3"),
    ("sum", set(), "sum 2"),                # a built-in function's name
    ("date and time", set(), "date and time 2"),
    ("not", set(), None),                   # a keyword, and a name may not start with one
    ("if paid", set(), None),
    ("(((", set(), None),
])
def test_readable_name(label: str, taken: set[str], name: str | None) -> None:
    assert readable_name(label, taken) == name
    assert "sum" in RESERVED and "if" in RESERVED


#: sikkerhedsstillelse: pack id -> the name the export gives it (its Danish label)
SIKKERHEDSSTILLELSE = {
    "validity_regime": "Regelsæt for gyldighed",
    "validity_years": "Gyldighedsperiode år",
    "original_amount": "Oprindeligt stillet beløb kr",
    "reductions_granted": "Nedsættelser allerede givet",
    "test_a1_passed_date": "Dato for bestået danskprøve på A1-niveau",
    "test_final_passed_date": "Dato for bestået afsluttende prøve danskuddannelsesloven",
    "temporary_permit_extendable":
        "Den midlertidige tilladelse kan forlænges efter afslag på permanent ophold",
    "extension_terms": "Vilkår for forlængelse eller ny sikkerhed",
    "satsregulering": "Satsreguleringsprocent",
}


def test_the_names_of_sikkerhedsstillelse() -> None:
    names = dmn_names(load_pack("sikkerhedsstillelse", tests=False))
    assert {k: names[k] for k in SIKKERHEDSSTILLELSE} == SIKKERHEDSSTILLELSE
    assert len(set(names.values())) == len(names)


def test_two_elements_with_one_label_and_a_label_that_starts_with_a_digit() -> None:
    """familiesammenfoering has an input and a decision both labelled "Den herboendes
    status": the input comes first and keeps the name."""
    names = dmn_names(load_pack("familiesammenfoering", tests=False))
    assert names["resident_status"] == "Den herboendes status"
    assert names["resident_status_requirement"] == "Den herboendes status 2"
    assert names["age_requirement"] == "_24-års-kravet"
    assert names["housing_m2"] == "Boligareal m2"


def test_standard_feel_renames_by_the_spans() -> None:
    rename = {"fee": "Late fee", "days": "Days late", "cap": "Fee ceiling"}
    text = 'min(fee * days, cap) + count(items[price > cap]) + {fee: 1}.fee'
    assert standard_feel(text, {"fee", "days", "cap", "items"}, rename=rename) == (
        'min(Late fee * Days late, Fee ceiling) + count(items[price > Fee ceiling])'
        ' + {fee: 1}.fee')
    # a name bound inside the expression is not the element
    assert standard_feel("for fee in [1, 2] return fee + days", {"fee", "days"},
                         rename=rename) == "for fee in [1, 2] return fee + Days late"


def _pack(tmp_path: Path, decisions: list[dict], inputs: dict) -> Path:
    return write_pack(tmp_path / "pack", decisions, inputs, default_language="en")


def _number(label: str) -> dict:
    return {"type": "number", "label": {"da": label, "en": label}}


def _decision(did: str, label: str, inputs: list[str], expression: str) -> dict:
    return {"id": did, "label": {"da": label, "en": label}, "requires": {"inputs": inputs},
            "versions": [{"valid_from": "2020-01-01", "source": "Testloven § 1",
                          "expression": expression, "type": "number"}]}


def test_a_name_that_would_change_what_an_expression_reads_leaves_the_ids(
        tmp_path: Path) -> None:
    """``a-b`` is a minus a b, but "A-B" is the name of c: named by their labels, the
    expression would read c. And in ``for x in ... return x + a`` the label of a, "x",
    would be the loop's x. Those elements keep their ids; the others take their labels."""
    inputs = {"a": _number("A"), "b": _number("B"), "c": _number("A-B"),
              "y": _number("x"), "z": _number("Zed")}
    pack = load_pack(_pack(tmp_path, [
        _decision("diff", "Difference", ["a", "b", "c"], "a-b + c"),
        _decision("loop", "Loop", ["y"], "sum(for x in [1, 2] return x + y)"),
        _decision("twice", "Twice", ["z"], "z * 2")], inputs))
    names = dmn_names(pack)
    assert names == {"a": "a", "b": "b", "c": "c", "y": "y", "z": "Zed",
                     "diff": "Difference", "loop": "Loop", "twice": "Twice"}
    facts = {"a": D(10), "b": D(3), "c": D(100), "y": D(5), "z": D(4)}
    want = {"diff": D(107), "loop": D(13), "twice": D(8)}
    text = write_dmn(pack).decode()
    (tmp_path / "m.dmn").write_text(text, encoding="utf-8")
    assert load_dmn(tmp_path / "m.dmn").evaluate(facts, trace=False).values == want
    plain = tmp_path / "plain.dmn"
    plain.write_text(re.sub(r"<extensionElements>.*?</extensionElements>", "", text,
                            flags=re.S), encoding="utf-8")
    tool = load_dmn(plain)
    got = tool.evaluate({names[k]: v for k, v in facts.items()}, trace=False).values
    assert got == {names[k]: v for k, v in want.items()}


def test_the_import_gives_back_the_ids_and_an_error_is_placed_in_the_text_as_written(
        tmp_path: Path) -> None:
    """A model exported by regel and edited in a DMN tool: a misspelt name after a renamed
    one is reported where it is in the file, though the import renamed what comes first."""
    pack = load_pack(_pack(tmp_path, [
        _decision("total", "Total (kr.)", ["amount_paid"], "amount_paid * 2")],
        {"amount_paid": _number("Amount paid (kr.)")}))
    text = write_dmn(pack).decode()
    assert "<text>Amount paid kr * 2</text>" in text
    again = tmp_path / "again.dmn"
    again.write_text(text, encoding="utf-8")
    model = load_dmn(again)
    assert list(model.inputs) == ["amount_paid"] and list(model.decisions) == ["total"]
    assert model.decisions["total"].versions[0].logic.text == "amount_paid * 2"  # type: ignore[union-attr]
    assert model.evaluate({"amount_paid": D(4)}, trace=False).values == {"total": D(8)}
    edited = text.replace("<text>Amount paid kr * 2</text>",
                          "<text>Amount paid kr * 2 + fee</text>")
    again.write_text(edited, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_dmn(again, strict=True)
    first = caught.value.diagnostics[0]
    line = edited.splitlines()[first.line - 1]
    assert line[first.column - 1:].startswith("fee</text>"), (first, line)


def test_a_model_from_another_tool_keeps_its_names(tmp_path: Path) -> None:
    """Without regel's extension data nothing is renamed: the names are the ids."""
    pack = load_pack(_pack(tmp_path, [
        _decision("total", "Total (kr.)", ["amount_paid"], "amount_paid * 2")],
        {"amount_paid": _number("Amount paid (kr.)")}))
    text = re.sub(r"<extensionElements>.*?</extensionElements>", "",
                  write_dmn(pack, "1.3").decode(), flags=re.S)
    (tmp_path / "tool.dmn").write_text(text, encoding="utf-8")
    model = load_dmn(tmp_path / "tool.dmn")
    assert list(model.inputs) == ["Amount paid kr"] and list(model.decisions) == ["Total kr"]
    assert model.evaluate({"Amount paid kr": D(4)}, as_of=dt.date(2024, 1, 1),
                          trace=False).values == {"Total kr": D(8)}


def test_dmn_1_5_names_the_elements_alike() -> None:
    pack = load_pack("sikkerhedsstillelse", tests=False)
    named = {}
    for version in ("1.3", "1.5"):
        text = write_dmn(pack, version).decode()
        named[version] = re.findall(r'<(?:inputData|decision) id="([^"]+)" name="([^"]+)"',
                                    text)
    assert named["1.3"] == named["1.5"]
    assert ("decision_validity_regime", "Regelsæt for gyldighed") in named["1.5"]
