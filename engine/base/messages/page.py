"""Messages of the caseworker's page (regel.serve.page): the words of the pages that pick
a decision, ask for a case's facts and show the explanation report."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.title": {"da": "Afgørelser efter regelsæt", "en": "Decisions by rule pack"},
    "page.choose": {
        "da": "Vælg den afgørelse, du vil have truffet. Derefter udfylder du sagens "
              "oplysninger og får afgørelsen med en forklaring, du kan udskrive.",
        "en": "Choose the decision you want made. Then fill in the facts of the case and "
              "get the decision with an explanation you can print.",
    },
    "page.no-packs": {"da": "Der er ingen regelsæt indlæst.", "en": "No rule pack is loaded."},
    "page.version": {"da": "version {version}", "en": "version {version}"},
    "page.form-intro": {
        "da": "Udfyld sagens oplysninger. Felter mærket valgfri kan stå tomme.",
        "en": "Fill in the facts of the case. Fields marked optional may be left empty.",
    },
    "page.as-of": {"da": "Dato for vurderingen", "en": "Assessed as of"},
    "page.as-of-help": {
        "da": "Den dato, reglerne skal anvendes pr. Står feltet tomt, bruges dagens dato.",
        "en": "The date the rules are applied as of. When empty, today is used.",
    },
    "page.optional": {"da": "valgfri", "en": "optional"},
    "page.yes": {"da": "Ja", "en": "Yes"},
    "page.no": {"da": "Nej", "en": "No"},
    "page.unset": {"da": "– ikke oplyst –", "en": "– not given –"},
    "page.lines": {"da": "Skriv én værdi pr. linje.", "en": "Write one value a line."},
    "page.context-lines": {
        "da": "Skriv én pr. linje, som felt: værdi, felt: værdi.",
        "en": "Write one a line, as field: value, field: value.",
    },
    "page.context": {
        "da": "Skriv oplysningen som felt: værdi, felt: værdi.",
        "en": "Write the fact as field: value, field: value.",
    },
    "page.submit": {"da": "Træf afgørelse", "en": "Decide"},
    "page.problems": {
        "da": "Sagen kan ikke afgøres endnu. Ret de markerede oplysninger.",
        "en": "The case cannot be decided yet. Correct the marked facts.",
    },
    "page.failed": {
        "da": "Afgørelsen kunne ikke træffes:",
        "en": "The decision could not be made:",
    },
    "page.print": {"da": "Udskriv", "en": "Print"},
    "page.back": {"da": "Ret oplysningerne", "en": "Change the facts"},
    "page.other": {"da": "Vælg en anden afgørelse", "en": "Choose another decision"},
    "page.timeout": {
        "da": "Afgørelsen tog mere end {seconds} sekunder og blev stoppet. Kontakt den, der "
              "vedligeholder regelsættet.",
        "en": "The decision took more than {seconds} seconds and was stopped. Contact the "
              "maintainer of the rule pack.",
    },
    "page.unknown-pack": {
        "da": "Regelsættet '{name}' findes ikke her.",
        "en": "There is no rule pack '{name}' here.",
    },
    "page.unknown-decision": {
        "da": "Regelsættet har ingen afgørelse, der hedder '{name}'.",
        "en": "The rule pack has no decision named '{name}'.",
    },
    "page.too-large": {
        "da": "Formularen fylder mere end {limit} byte og blev ikke læst.",
        "en": "The form is larger than {limit} bytes and was not read.",
    },
}
