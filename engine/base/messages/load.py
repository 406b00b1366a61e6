"""Messages of the load stage: finding a pack, its files against their schemas, and the
checks a schema cannot make. Also the words for values that ``regel.base.words`` gives
every stage ("a number", "the text 'x'")."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- finding the pack (regel.load.locate, regel.load.build)
    "PACK-LAYOUT/no-pack-yaml": {
        "en": "the folder has no pack.yaml; a rule pack is a folder with pack.yaml and "
              "decisions/",
        "da": "mappen har ingen pack.yaml; et regelsæt er en mappe med pack.yaml og "
              "decisions/",
    },
    "PACK-LAYOUT/no-decisions": {
        "en": "the pack has no decisions: put one YAML file per decision in the folder "
              "decisions/",
        "da": "regelsættet har ingen afgørelser: læg én YAML-fil for hver afgørelse i mappen "
              "decisions/",
    },
    "PACK-NOT-FOUND": {
        "en": "no pack folder or bundled pack named '{name}'{hint}; bundled packs: {known}",
        "da": "der er ingen regelsætmappe og intet medfølgende regelsæt ved navn "
              "'{name}'{hint}; medfølgende regelsæt: {known}",
    },

    # ---- the schemas (regel.load.schema)
    "SCHEMA/pack-not-mapping": {
        "en": "pack.yaml must be a mapping with id, title, version, ...",
        "da": "pack.yaml skal være en samling af felter med id, title, version, ...",
    },
    "SCHEMA/decision-not-mapping": {
        "en": "a decision file must be a mapping with id, label, versions",
        "da": "en afgørelsesfil skal være en samling af felter med id, label, versions",
    },
    "SCHEMA/missing-field": {
        "en": "the field '{name}' is missing here",
        "da": "feltet '{name}' mangler her",
    },
    "SCHEMA/unknown-field": {
        "en": "unknown field '{name}'{hint}; allowed here: {allowed}",
        "da": "ukendt felt '{name}'{hint}; tilladt her: {allowed}",
    },
    "SCHEMA/not-allowed": {
        "en": "'{value}' is not allowed here{hint}; choose one of: {options}",
        "da": "'{value}' er ikke tilladt her{hint}; vælg en af: {options}",
    },
    "SCHEMA/wrong-type": {
        "en": "this should be {wanted}, not {actual}",
        "da": "dette skal være {wanted}, ikke {actual}",
    },
    "SCHEMA/wrong-type-quote": {
        "en": "this should be {wanted}, not {actual}; write it in quotes: \"{quoted}\"",
        "da": "dette skal være {wanted}, ikke {actual}; skriv det i anførselstegn: \"{quoted}\"",
    },
    "SCHEMA/not-a-date": {
        "en": "'{value}' is not a date; write dates as YYYY-MM-DD, e.g. 2024-07-01",
        "da": "'{value}' er ikke en dato; skriv datoer som ÅÅÅÅ-MM-DD, f.eks. 2024-07-01",
    },
    "SCHEMA/not-a-name": {
        "en": "'{value}' is not a name: start with a letter or '_', then letters, digits "
              "and '_', with single spaces between words",
        "da": "'{value}' er ikke et navn: begynd med et bogstav eller '_', derefter "
              "bogstaver, cifre og '_', med ét mellemrum mellem ordene",
    },
    "SCHEMA/id-form": {
        "en": "'{value}' does not have the required form (lower-case letters, digits and '_')",
        "da": "'{value}' har ikke den krævede form (små bogstaver, cifre og '_')",
    },
    "SCHEMA/id-form-dash": {
        "en": "'{value}' does not have the required form (lower-case letters, digits and "
              "'_', '-')",
        "da": "'{value}' har ikke den krævede form (små bogstaver, cifre og '_', '-')",
    },
    "SCHEMA/min-items": {
        "en": "this list needs at least {count} item(s)",
        "da": "denne liste skal have mindst {count} element(er)",
    },
    "SCHEMA/empty-text": {
        "en": "this text must not be empty",
        "da": "denne tekst må ikke være tom",
    },
    "SCHEMA/table-and-expression": {
        "en": "a version has either a 'table' or an 'expression', not both",
        "da": "en version har enten en 'table' eller en 'expression', ikke begge",
    },
    "SCHEMA/no-logic": {
        "en": "a version needs a 'table' or an 'expression'",
        "da": "en version skal have en 'table' eller en 'expression'",
    },
    "SCHEMA/combination": {
        "en": "this combination of fields is not allowed here",
        "da": "denne kombination af felter er ikke tilladt her",
    },
    # {reason} is the schema checker's own (English) wording, for a rare kind of error
    "SCHEMA/jsonschema": {
        "en": "{reason}",
        "da": "værdien passer ikke til skemaet: {reason}",
    },
    "schema.type.integer": {"en": "a whole number", "da": "et heltal"},
    "schema.type.boolean": {"en": "true or false", "da": "sand eller falsk"},

    # ---- the decision graph (regel.load.checks)
    "UNKNOWN-INPUT": {
        "en": "the decision '{decision}' requires the input '{input}', which pack.yaml does "
              "not define{hint}",
        "da": "afgørelsen '{decision}' kræver oplysningen '{input}', som pack.yaml ikke "
              "definerer{hint}",
    },
    "UNKNOWN-INPUT/optional": {
        "en": "'{input}' is marked optional but is not among the inputs the decision requires",
        "da": "'{input}' er markeret som valgfri, men er ikke blandt de oplysninger, "
              "afgørelsen kræver",
    },
    "UNKNOWN-DECISION/required": {
        "en": "the decision '{decision}' requires the decision '{required}', which does not "
              "exist{hint}",
        "da": "afgørelsen '{decision}' kræver afgørelsen '{required}', som ikke findes{hint}",
    },
    "CYCLE": {
        "en": "the decisions require each other in a circle: {cycle}",
        "da": "afgørelserne kræver hinanden i en ring: {cycle}",
    },
    "FUNCTION-REQUIRES/input": {
        "en": "'{decision}' has parameters, so it is a function (a DMN business knowledge "
              "model): it may use its parameters and other functions, but not the input "
              "'{name}'; pass it as an argument",
        "da": "'{decision}' har parametre og er derfor en funktion (en DMN business "
              "knowledge model): den må bruge sine parametre og andre funktioner, men ikke "
              "oplysningen '{name}'; giv den med som argument",
    },
    "FUNCTION-REQUIRES/decision": {
        "en": "'{decision}' has parameters, so it is a function (a DMN business knowledge "
              "model): it may use its parameters and other functions, but not the decision "
              "'{name}'; pass it as an argument",
        "da": "'{decision}' har parametre og er derfor en funktion (en DMN business "
              "knowledge model): den må bruge sine parametre og andre funktioner, men ikke "
              "afgørelsen '{name}'; giv den med som argument",
    },
    "DUPLICATE-ID/decision": {
        "en": "the decision id '{id}' is already used in {file}",
        "da": "afgørelses-id'et '{id}' er allerede brugt i {file}",
    },
    "DUPLICATE-ID/source": {
        "en": "the source '{id}' is already described in {file}; describe each source "
              "once, in pack.yaml or in sources.yaml",
        "da": "kilden '{id}' er allerede beskrevet i {file}; beskriv hver kilde én gang, "
              "i pack.yaml eller i sources.yaml",
    },
    "SOURCE-UNKNOWN": {
        "en": "the source '{ref}' is not among the pack's sources{hint}; describe it in "
              "sources.yaml (known sources: {known})",
        "da": "kilden '{ref}' er ikke blandt regelsættets kilder{hint}; beskriv den i "
              "sources.yaml (kendte kilder: {known})",
    },
    "SOURCE-UNUSED": {
        "en": "the source '{id}' is described but nothing cites it; cite it in a version "
              "or a rule, or remove it",
        "da": "kilden '{id}' er beskrevet, men intet henviser til den; henvis til den i "
              "en version eller en regel, eller fjern den",
    },
    "ANSWER-PLACEHOLDER": {
        "en": "the answer uses '{{{name}}}', which is not a field of the result{hint}; "
              "use one of: {known}",
        "da": "svaret bruger '{{{name}}}', som ikke er et felt i resultatet{hint}; brug "
              "et af: {known}",
    },
    "ANSWER-PLACEHOLDER/field": {
        "en": "the answer picks its text by the field '{name}', which the result does not "
              "have{hint}; fields of the result: {known}",
        "da": "svaret vælger sin tekst efter feltet '{name}', som resultatet ikke har"
              "{hint}; resultatets felter: {known}",
    },

    # ---- versions
    "VERSION-ORDER": {
        "en": "this version of '{decision}' ends ({end}) before or on the day it starts "
              "({start})",
        "da": "denne version af '{decision}' slutter ({end}) før eller på den dag, den "
              "begynder ({start})",
    },
    "VERSION-OVERLAP/open-ended": {
        "en": "the version of '{decision}' from {start} has no valid_to, so it overlaps the "
              "version from {next}; give it valid_to: {next}",
        "da": "versionen af '{decision}' fra {start} har ingen valid_to og overlapper derfor "
              "versionen fra {next}; giv den valid_to: {next}",
    },
    "VERSION-OVERLAP": {
        "en": "the versions of '{decision}' overlap: one runs to {end}, the next starts on "
              "{next}",
        "da": "versionerne af '{decision}' overlapper hinanden: den ene gælder til {end}, den "
              "næste begynder {next}",
    },
    "VERSION-GAP": {
        "en": "the versions of '{decision}' leave a gap: one ends on {end}, the next starts "
              "on {next}; no rule covers the days between",
        "da": "der er et hul mellem versionerne af '{decision}': den ene slutter {end}, den "
              "næste begynder {next}; ingen regel dækker dagene imellem",
    },

    # ---- names in expressions; {where} is one of load.where.*
    "NOT-REQUIRED/input": {
        "en": "{where} uses the input '{name}', but the decision's 'requires: inputs' does "
              "not list it",
        "da": "{where} bruger oplysningen '{name}', men afgørelsens 'requires: inputs' "
              "nævner den ikke",
    },
    "NOT-REQUIRED/decision": {
        "en": "{where} uses the decision '{name}', but the decision's 'requires: decisions' "
              "does not list it",
        "da": "{where} bruger afgørelsen '{name}', men afgørelsens 'requires: decisions' "
              "nævner den ikke",
    },
    "UNKNOWN-NAME": {
        "en": "{where} uses the name '{name}', which is not defined here{hint}",
        "da": "{where} bruger navnet '{name}', som ikke er defineret her{hint}",
    },
    "UNKNOWN-NAME/vendor": {
        "en": "{where} uses '{name}', a {vendor} extension, not DMN; the DMN function is "
              "{standard}",
        "da": "{where} bruger '{name}', en udvidelse fra {vendor}, ikke DMN; DMN-funktionen "
              "er {standard}",
    },
    "UNKNOWN-NAME/vendor-only": {
        "en": "{where} uses '{name}', a {vendor} extension, not DMN; DMN has no such "
              "function, so write it with DMN's own functions",
        "da": "{where} bruger '{name}', en udvidelse fra {vendor}, ikke DMN; DMN har ingen "
              "tilsvarende funktion, så skriv det med DMN's egne funktioner",
    },
    "AMBIGUOUS-NAME": {
        "en": "'{name}' is both an allowed value and an input or decision of this decision; "
              "write the value in quotes to mean the text",
        "da": "'{name}' er både en tilladt værdi og en oplysning eller afgørelse, som denne "
              "afgørelse bruger; skriv værdien i anførselstegn, hvis det er teksten, der menes",
    },
    "READS-OUTPUT/taken": {
        "en": "reads_outputs names '{name}', which the decision already reads as an input, "
              "a decision or a parameter; read it one way only",
        "da": "reads_outputs nævner '{name}', som afgørelsen allerede bruger som oplysning, "
              "afgørelse eller parameter; brug navnet på én måde",
    },
    "READS-OUTPUT/not-required": {
        "en": "reads_outputs reads '{name}' from the decision '{decision}', but the "
              "decision's 'requires: decisions' does not list it",
        "da": "reads_outputs læser '{name}' fra afgørelsen '{decision}', men afgørelsens "
              "'requires: decisions' nævner den ikke",
    },
    "READS-OUTPUT/not-output": {
        "en": "reads_outputs reads '{name}' from the decision '{decision}', whose table has "
              "no output of that name",
        "da": "reads_outputs læser '{name}' fra afgørelsen '{decision}', men dens tabel har "
              "intet resultat med det navn",
    },
    "IMPLICIT-INPUT": {
        "en": "'{name}' is not declared in the model: it is read from the case, as Camunda "
              "reads a process variable (used by {decisions})",
        "da": "'{name}' er ikke erklæret i modellen: oplysningen læses fra sagen, sådan som "
              "Camunda læser en procesvariabel (bruges af {decisions})",
    },
    "load.where.version-by": {"en": "version_by", "da": "version_by"},
    "load.where.expression": {"en": "the expression", "da": "udtrykket"},
    "load.where.input-expression": {"en": "the input expression",
                                    "da": "betingelsens udtryk"},
    "load.where.cell": {"en": "the cell for '{column}'", "da": "cellen for '{column}'"},
    "load.where.output": {"en": "the output '{name}'", "da": "resultatet '{name}'"},
    "load.where.allowed": {"en": "the list of allowed values",
                           "da": "listen over tilladte værdier"},
    "FEEL-SYNTAX/in-pack": {
        "en": "{problem} (in '{text}')",
        "da": "{problem} (i '{text}')",
    },

    # ---- tables: ids, cells, hit policies
    "DUPLICATE-ID/input-column": {
        "en": "two input columns are named '{name}'; give one an 'id'",
        "da": "to betingelseskolonner hedder '{name}'; giv den ene et 'id'",
    },
    "DUPLICATE-ID/output": {
        "en": "two outputs are named '{name}'",
        "da": "to resultater hedder '{name}'",
    },
    "DUPLICATE-ID/rule": {
        "en": "the rule id '{rule}' is already used by rule {number} of this table",
        "da": "regel-id'et '{rule}' er allerede brugt af regel {number} i denne tabel",
    },
    "CELL-COUNT/inputs": {
        "en": "rule '{rule}' has {count} input cell(s), but the table has {expected} "
              "input(s): {columns}",
        "da": "reglen '{rule}' har {count} betingelsescelle(r), men tabellen har {expected} "
              "betingelse(r): {columns}",
    },
    "CELL-COUNT/outputs": {
        "en": "rule '{rule}' has {count} output cell(s), but the table has {expected} "
              "output(s): {columns}",
        "da": "reglen '{rule}' har {count} resultatcelle(r), men tabellen har {expected} "
              "resultat(er): {columns}",
    },
    "CELL-COUNT/one-input": {
        "en": "rule '{rule}' gives one input cell, but the table has {expected} inputs: "
              "{columns}; use a list or a mapping",
        "da": "reglen '{rule}' giver én betingelsescelle, men tabellen har {expected} "
              "betingelser: {columns}; brug en liste eller en samling af felter",
    },
    "CELL-COUNT/one-output": {
        "en": "rule '{rule}' gives one output cell, but the table has {expected} outputs: "
              "{columns}; use a list or a mapping",
        "da": "reglen '{rule}' giver én resultatcelle, men tabellen har {expected} "
              "resultater: {columns}; brug en liste eller en samling af felter",
    },
    "CELL-COUNT/missing-output": {
        "en": "rule '{rule}' gives no value for the output '{name}'",
        "da": "reglen '{rule}' giver ingen værdi for resultatet '{name}'",
    },
    "UNKNOWN-COLUMN/input": {
        "en": "rule '{rule}' names the input '{name}', which the table does not have{hint}",
        "da": "reglen '{rule}' nævner betingelsen '{name}', som tabellen ikke har{hint}",
    },
    "UNKNOWN-COLUMN/output": {
        "en": "rule '{rule}' names the output '{name}', which the table does not have{hint}",
        "da": "reglen '{rule}' nævner resultatet '{name}', som tabellen ikke har{hint}",
    },
    "HIT-POLICY/one-output": {
        "en": "{policy} aggregates one output, but the table has {count}",
        "da": "{policy} samler ét resultat, men tabellen har {count}",
    },
    "HIT-POLICY/sum-of-numbers": {
        "en": "COLLECT SUM adds numbers, but the output is a {type}",
        "da": "COLLECT SUM lægger tal sammen, men resultatet er af typen {type}",
    },
    "HIT-POLICY/ranking": {
        "en": "{policy} ranks results by the order of the output's {listed}, but the output "
              "'{name}' has none",
        "da": "{policy} ordner resultaterne efter rækkefølgen i resultatets {listed}, men "
              "resultatet '{name}' har ingen",
    },

    # ---- literals against types and allowed values; {type} is a FEEL type name
    "TYPE-MISMATCH/allowed-value": {
        "en": "the allowed value {value} is not a {type}",
        "da": "den tilladte værdi {value} er ikke af typen {type}",
    },
    "TYPE-MISMATCH/list-default": {
        "en": "a list as default is only for tables that give lists (COLLECT, RULE ORDER, "
              "OUTPUT ORDER), not {policy}",
        "da": "en liste som standardværdi er kun for tabeller, der giver lister (COLLECT, "
              "RULE ORDER, OUTPUT ORDER), ikke {policy}",
    },
    "TYPE-MISMATCH/default": {
        "en": "the default {value} is not a {type}",
        "da": "standardværdien {value} er ikke af typen {type}",
    },
    "TYPE-MISMATCH/input-cell": {
        "en": "the column '{name}' holds {type} values, but this cell compares with "
              "{literal}",
        "da": "kolonnen '{name}' indeholder værdier af typen {type}, men denne celle "
              "sammenligner med {literal}",
    },
    "TYPE-MISMATCH/output-cell": {
        "en": "the output '{name}' is a {type}, but this cell gives {literal}",
        "da": "resultatet '{name}' er af typen {type}, men denne celle giver {literal}",
    },
    "NOT-ALLOWED/default": {
        "en": "the default {value} is not one of the allowed values {allowed}",
        "da": "standardværdien {value} er ikke blandt de tilladte værdier {allowed}",
    },
    "NOT-ALLOWED/output": {
        "en": "{value} is not one of the allowed values of '{name}': {allowed}",
        "da": "{value} er ikke blandt de tilladte værdier for '{name}': {allowed}",
    },
    "NOT-ALLOWED/output-range": {
        "en": "{value} is outside the allowed values of '{name}': {allowed}",
        "da": "{value} ligger uden for de tilladte værdier for '{name}': {allowed}",
    },
    "load.literal.text": {"en": "the text \"{value}\"", "da": "teksten \"{value}\""},
    "load.literal.value": {"en": "the value {value}", "da": "værdien {value}"},
    "load.literal.any": {"en": "a value", "da": "en værdi"},

    # ---- words for values (regel.base.words), for every stage
    "value.empty": {"en": "empty", "da": "tom"},
    "value.boolean": {"en": "true/false", "da": "sand/falsk"},
    "value.number": {"en": "a number", "da": "et tal"},
    "value.number.shown": {"en": "the number {value}", "da": "tallet {value}"},
    "value.text": {"en": "a text", "da": "en tekst"},
    "value.text.shown": {"en": "the text '{value}'", "da": "teksten '{value}'"},
    "value.date": {"en": "a date", "da": "en dato"},
    "value.date.shown": {"en": "the date {value}", "da": "datoen {value}"},
    "value.date-time": {"en": "a date and time", "da": "et tidspunkt (dato og klokkeslæt)"},
    "value.list": {"en": "a list", "da": "en liste"},
    "value.mapping": {"en": "a mapping", "da": "en samling af felter"},
    "value.other": {"en": "{kind}", "da": "{kind}"},
    "words.or": {"en": "{first} or {second}", "da": "{first} eller {second}"},
    "words.none": {"en": "none", "da": "ingen"},
    "words.more": {"en": "and {count} more", "da": "og {count} flere"},

    # ---- issue 19: keys YAML does not read as text
    "SCHEMA/decision-name-not-text": {
        "en": "'{value}' cannot be the name of a decision in a test: YAML reads it as the "
              "value {value}, not as a name; write the decision's name",
        "da": "'{value}' kan ikke være navnet på en afgørelse i en test: YAML læser det som "
              "værdien {value}, ikke som et navn; skriv afgørelsens navn",
    },
    "SCHEMA/name-not-text": {
        "en": "'{value}' cannot be the name of an input: YAML reads it as the value "
              "{value}, not as a name, and FEEL has it as a word of its own; choose another "
              "name",
        "da": "'{value}' kan ikke være navnet på en oplysning: YAML læser det som værdien "
              "{value}, ikke som et navn, og i FEEL er det et ord med sin egen betydning; "
              "vælg et andet navn",
    },

    # ---- slips of the pen (regel.base.slips): a Danish thousands separator in an amount, a
    # Danish date where an ISO date is expected
    "AMOUNT-THOUSANDS": {
        "en": "{name} is an amount in {unit}, and {value} has three decimals: did you mean "
              "{whole}? (Danish thousands separator) Write amounts without a thousands "
              "separator, and øre with two decimals",
        "da": "{name} er et beløb i {unit}, og {value} har tre decimaler: mente du {whole}? "
              "(dansk tusindtalsseparator) Skriv beløb uden tusindtalsseparator og øre med to "
              "decimaler",
    },
    "DATE-NOT-ISO": {
        "en": "{name}: '{text}' is a date written day first; did you mean {iso}? Write dates "
              "as YYYY-MM-DD",
        "da": "{name}: '{text}' er en dato skrevet med dagen først; mente du {iso}? Skriv "
              "datoer som ÅÅÅÅ-MM-DD",
    },
}
