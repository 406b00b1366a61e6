"""Every sentence a report shows, in Danish and English.

``tests/reports/test_messages.py`` checks that each key has both languages and that the
two templates have the same fields.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MESSAGES", "t"]

MESSAGES: dict[str, dict[str, str]] = {
    "title": {"da": "Forklaring af afgørelse", "en": "Explanation of the decision"},
    "intro": {
        "da": "Denne forklaring viser, hvilke oplysninger der er lagt til grund, hvilke regler "
              "der førte til hvert resultat, med hvilken hjemmel, og hvorfor de øvrige regler "
              "ikke fandt anvendelse.",
        "en": "This explanation shows which facts were used, which rules led to each result, "
              "on which legal basis, and why the other rules did not apply.",
    },
    "pack": {"da": "Regelsæt", "en": "Rules"},
    "case": {"da": "Sag", "en": "Case"},
    "as_of": {"da": "Opgjort pr.", "en": "Assessed as of"},
    "facts": {"da": "Sagens oplysninger", "en": "The facts of the case"},
    "fact": {"da": "Oplysning", "en": "Fact"},
    "value": {"da": "Værdi", "en": "Value"},
    "questions": {"da": "Spørgsmål og svar", "en": "Questions and answers"},
    "supporting": {"da": "Mellemresultater", "en": "Intermediate results"},
    "supporting_intro": {
        "da": "Resultaterne ovenfor bygger på disse mellemresultater.",
        "en": "The results above rest on these intermediate results.",
    },
    "result": {"da": "Resultat", "en": "Result"},
    "decided_by": {"da": "Afgjort af", "en": "Decided by"},
    "decided_by_rule": {"da": "regel {rule}", "en": "rule {rule}"},
    "because": {"da": "Reglen fandt anvendelse, fordi:", "en": "The rule applied because:"},
    "column": {"da": "Betingelse", "en": "Condition"},
    "case_value": {"da": "Sagens værdi", "en": "Value in the case"},
    "rule_requires": {"da": "Reglen kræver", "en": "The rule requires"},
    "any_value": {"da": "(enhver værdi)", "en": "(any value)"},
    "expression": {
        "da": "Resultatet er beregnet efter en formel i regelsættet.",
        "en": "The result is computed by a formula in the rules.",
    },
    "how": {"da": "Sådan blev det afgjort", "en": "How it was decided"},
    "version": {"da": "Gældende regler", "en": "Rules in force"},
    "version_from_to": {
        "da": "regler gældende fra {start} til {end}",
        "en": "rules in force from {start} to {end}",
    },
    "version_from": {"da": "regler gældende fra {start}", "en": "rules in force from {start}"},
    "selected_by_date": {
        "da": "valgt ud fra {what}: {date}",
        "en": "chosen by {what}: {date}",
    },
    "the_as_of_date": {"da": "opgørelsesdatoen", "en": "the as-of date"},
    "legal_basis": {"da": "Hjemmel", "en": "Legal basis"},
    "interpretation": {"da": "Fortolkning", "en": "Interpretation"},
    "interpretation_intro": {
        "da": "Resultatet bygger på en fortolkning, hvor kilderne ikke er entydige:",
        "en": "The result rests on an interpretation where the sources are not clear:",
    },
    "warning": {"da": "Advarsel", "en": "Warning"},
    "not_applied": {"da": "Regler der ikke fandt anvendelse", "en": "Rules that did not apply"},
    "not_applied_count": {
        "da": "{count} regler fandt ikke anvendelse (vis)",
        "en": "{count} rules did not apply (show)",
    },
    "not_applied_one": {
        "da": "1 regel fandt ikke anvendelse (vis)",
        "en": "1 rule did not apply (show)",
    },
    "calculation_rule": {
        "da": "en beregningsregel, som de øvrige afgørelser bruger",
        "en": "a calculation rule that the other decisions use",
    },
    "not_applied_because": {
        "da": "{label} var {value}, men reglen kræver {cell}",
        "en": "{label} was {value}, but the rule requires {cell}",
    },
    "rule": {"da": "Regel", "en": "Rule"},
    "reason": {"da": "Begrundelse", "en": "Reason"},
    "inputs_used": {"da": "Lagt til grund", "en": "Based on"},
    "from_fact": {"da": "sagens oplysning", "en": "case fact"},
    "from_decision": {"da": "mellemresultat", "en": "intermediate result"},
    "from_missing": {"da": "ikke oplyst", "en": "not given"},
    "from_default": {"da": "standardværdi", "en": "default"},
    "from_argument": {"da": "argument", "en": "argument"},
    "call_heading": {"da": "{label}, kald {n}: {arguments}",
                     "en": "{label}, call {n}: {arguments}"},
    "default_used": {
        "da": "Ingen regel fandt anvendelse; standardværdien gælder.",
        "en": "No rule applied; the default value applies.",
    },
    "footer": {
        "da": "Opgjort pr. {as_of} med regel {engine} og regelsættet {pack} {version}. "
              "Regelsættets fingeraftryk (SHA-256): {fingerprint}. Afgørelsen kan "
              "efterprøves med: regel replay TRACE.json",
        "en": "Assessed as of {as_of} with regel {engine} and the rules {pack} {version}. "
              "Fingerprint of the rules (SHA-256): {fingerprint}. The decision can be "
              "checked again with: regel replay TRACE.json",
    },
    "page": {"da": "Side", "en": "Page"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in."""
    template = MESSAGES[key][lang]
    return template.format(**values) if values else template
