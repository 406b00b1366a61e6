"""The loader speaks Danish: broken packs from ``tests/loader/invalid/`` rendered in Danish
give the catalogue's Danish sentences (and English still gives expect.yaml's message);
tests/test_messages.py checks that every key is in the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

import regel
from regel import load_pack
from regel.base.errors import PackError, RegelError
from regel.base.messages import Msg
from regel.base.words import describe, did_you_mean, either
from regel.source.yamltree import load_yaml, load_yaml_file

INVALID = Path(__file__).resolve().parent / "invalid"

DANISH = {
    "unknown-input": "afgørelsen 'adult' kræver oplysningen 'aplication_date', som pack.yaml "
                     "ikke definerer (mente du 'application_date'?)",
    "not-required": "udtrykket bruger oplysningen 'application_date', men afgørelsens "
                    "'requires: inputs' nævner den ikke",
    "unknown-column": "reglen 'R3' nævner betingelsen 'applicant_agee', som tabellen ikke har "
                      "(mente du 'applicant_age'?)",
    "cell-count": "reglen 'R1' har 3 betingelsescelle(r), men tabellen har 2 betingelse(r): "
                  "applicant_age, employment",
    "schema-pack-version-number": "dette skal være en tekst, ikke et tal; skriv det i "
                                  "anførselstegn: \"1.0\"",
    "schema-wrong-type-label": "dette skal være en samling af felter, ikke en tekst",
    "schema-error-in-required-decision": "ukendt felt 'sorce' (mente du 'source'?); tilladt "
                                         "her: expression, interpretation, note, source, "
                                         "table, tables, type, valid_from, valid_to",
    "schema-bad-date-words": "'1 January 2020' er ikke en dato; skriv datoer som ÅÅÅÅ-MM-DD, "
                             "f.eks. 2024-07-01",
    "type-mismatch-input-cell": "kolonnen 'applicant_age' indeholder værdier af typen number, "
                                "men denne celle sammenligner med værdien 2020-01-01",
    "version-gap": "der er et hul mellem versionerne af 'adult': den ene slutter 2024-01-01, "
                   "den næste begynder 2024-07-01; ingen regel dækker dagene imellem",
    "yaml-duplicate-key": "feltnavnet 'type' står to gange i samme samling af felter",
    "yaml-syntax-tab": "et tabulatortegn kan ikke rykke YAML ind; ryk ind med mellemrum",
    "pack-layout-no-pack-yaml": "mappen har ingen pack.yaml; et regelsæt er en mappe med "
                                "pack.yaml og decisions/",
}


@pytest.mark.parametrize("case", sorted(DANISH))
def test_a_broken_pack_in_danish(case: str) -> None:
    folder = INVALID / case
    expect = load_yaml((folder / "expect.yaml").read_text(encoding="utf-8"), "expect.yaml")
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    err = caught.value
    where = err.first.location()
    assert err.render("da") == f"{where}: {expect['code']}: {DANISH[case]}"
    assert err.render("en") == f"{where}: {expect['code']}: {expect['message']}"


def test_a_file_that_is_not_there_or_a_folder_in_danish(tmp_path: Path) -> None:
    with pytest.raises(RegelError) as missing:
        load_yaml_file(tmp_path / "nowhere.yaml")
    assert missing.value.first.text("da") == "filen findes ikke"
    with pytest.raises(RegelError) as folder:
        load_yaml_file(tmp_path)
    assert folder.value.first.text("da") == "dette er en mappe, ikke en YAML-fil"
    assert folder.value.message == "this is a folder, not a YAML file"


def test_words_are_in_the_language_of_their_message() -> None:
    assert describe(5, show=True).render("da") == "tallet 5"
    assert describe("x", show=True).render("da") == "teksten 'x'"
    assert describe({}).render("da") == "en samling af felter"
    assert either([describe("x"), describe([])]).render("da") == "en tekst eller en liste"
    assert Msg("SCHEMA/wrong-type", {"wanted": either([describe("x"), describe(None)]),
                                     "actual": describe(1)}).render("da") == \
        "dette skal være en tekst eller tom, ikke et tal"
    hint = did_you_mean("adlt", ["adult"])
    assert isinstance(hint, Msg) and hint.render("da") == " (mente du 'adult'?)"
    assert did_you_mean("zzz", ["adult"]) == ""


def test_a_word_in_an_f_string_is_english() -> None:
    assert f"not {describe('thirty', show=True)}{did_you_mean('adlt', ['adult'])}" == \
        "not the text 'thirty' (did you mean 'adult'?)"


# --------------------------------------------------------------------------- every key

ENGINE = Path(regel.__file__).resolve().parent
#: the load and source stages, and the words they put into their messages
