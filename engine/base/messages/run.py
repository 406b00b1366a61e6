"""Messages of the run stage: a case that does not fit the pack, a pack that fails on a case,
the warnings of an evaluation, and the sentences of the trace (how each result came about)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- the case file ------------------------------------------------------------------
    "CASE-FORMAT/no-facts": {
        "en": "a case file needs 'facts:' with the case facts, and may give 'as_of:' and 'id:'",
        "da": "en sagsfil skal have 'facts:' med sagens oplysninger og kan angive 'as_of:' "
              "og 'id:'",
    },
    "CASE-FORMAT/unknown-field": {
        "en": "unknown field '{name}' in the case file{hint}",
        "da": "ukendt felt '{name}' i sagsfilen{hint}",
    },
    "CASE-FORMAT/decisions": {
        "en": "'decisions' must be a list of decision ids, such as [reduction, recovery]",
        "da": "'decisions' skal være en liste med afgørelsernes id'er, fx [reduction, recovery]",
    },
    "CASE-FORMAT/facts": {
        "en": "'facts' must be a mapping of fact names to values",
        "da": "'facts' skal angive hver oplysning med navn og værdi",
    },
    "CASE-TYPE/as-of": {
        "en": "as_of must be a date such as 2024-07-01",
        "da": "as_of skal være en dato, fx 2024-07-01",
    },
    "CASE-TYPE/not-a-date": {
        "en": "'{text}' is not a date; write YYYY-MM-DD",
        "da": "'{text}' er ikke en dato; skriv ÅÅÅÅ-MM-DD",
    },
    # --- the case facts -----------------------------------------------------------------
    "CASE-TYPE/expected": {
        "en": "{label} must be {expected}, not {value}",
        "da": "{label} skal være {expected}, ikke {value}",
    },
    "CASE-TYPE/not-conforming": {
        "en": "{label} must be of the type {type}, not {value}",
        "da": "{label} skal være af typen {type}, ikke {value}",
    },
    "CASE-TYPE/thousands": {
        "en": "{label} is an amount in {unit}, and {value} has three decimals: did you mean "
              "{whole}? (Danish thousands separator) Write amounts without a thousands "
              "separator, and øre with two decimals",
        "da": "{label} er et beløb i {unit}, og {value} har tre decimaler: mente du {whole}? "
              "(dansk tusindtalsseparator) Skriv beløb uden tusindtalsseparator og øre med to "
              "decimaler",
    },
    "CASE-TYPE/danish-date": {
        "en": "{label}: '{text}' is a date written day first; did you mean {iso}? Write "
              "dates as YYYY-MM-DD",
        "da": "{label}: '{text}' er en dato skrevet med dagen først; mente du {iso}? Skriv "
              "datoer som ÅÅÅÅ-MM-DD",
    },
    "CASE-TYPE/not-iso-date": {
        "en": "'{text}' is a date written day first; did you mean {iso}? Write dates as "
              "YYYY-MM-DD",
        "da": "'{text}' er en dato skrevet med dagen først; mente du {iso}? Skriv datoer som "
              "ÅÅÅÅ-MM-DD",
    },
    "CASE-TYPE/invalid": {
        "en": "{label} '{text}' is not a valid {type}",
        "da": "{label}: '{text}' kan ikke læses som {type}",
    },
    "CASE-UNKNOWN-FACT": {
        "en": "the pack has no fact named '{name}'{hint}",
        "da": "regelsættet har ingen oplysning ved navn '{name}'{hint}",
    },
    "CASE-NOT-ALLOWED/values": {
        "en": "{label} is {value}, which is not one of: {allowed}{hint}",
        "da": "{label} er {value}, som ikke er en af: {allowed}{hint}",
    },
    "CASE-NOT-ALLOWED/range": {
        "en": "{label} is {value}, which is outside what the pack allows: {allowed}",
        "da": "{label} er {value}, som ligger uden for det, regelsættet tillader: {allowed}",
    },
    "CASE-NOT-ALLOWED/item-values": {
        "en": "{label}: item {index} is {value}, which is not one of: {allowed}",
        "da": "{label}: element {index} er {value}, som ikke er en af: {allowed}",
    },
    "CASE-NOT-ALLOWED/item-range": {
        "en": "{label}: item {index} is {value}, which is outside what the pack allows: "
              "{allowed}",
        "da": "{label}: element {index} er {value}, som ligger uden for det, regelsættet "
              "tillader: {allowed}",
    },
    "CASE-MISSING-FACT": {
        "en": "the case lacks '{name}' ({label}), which the decision '{decision}' needs",
        "da": "sagen mangler '{name}' ({label}), som afgørelsen '{decision}' bygger på",
    },
    # what a fact should be ("must be a number"), and a value as the case gave it
    "run.a.number": {"en": "a number", "da": "et tal"},
    "run.a.string": {"en": "a text", "da": "en tekst"},
    "run.a.boolean": {"en": "true or false", "da": "sand eller falsk"},
    "run.a.date": {"en": "a date", "da": "en dato"},
    "run.a.time": {"en": "a time", "da": "et klokkeslæt"},
    "run.a.date-and-time": {"en": "a date and time", "da": "en dato med klokkeslæt"},
    "run.a.days-and-time-duration": {"en": "a days and time duration",
                                     "da": "en varighed i dage og tid"},
    "run.a.years-and-months-duration": {"en": "a years and months duration",
                                        "da": "en varighed i år og måneder"},
    "run.a.list": {"en": "a list", "da": "en liste"},
    "run.a.context": {"en": "a mapping", "da": "en samling af navngivne felter"},
    # a type after "is not a valid" (en) or "kan ikke læses som" (da)
    "run.valid.date": {"en": "date", "da": "en dato"},
    "run.valid.time": {"en": "time", "da": "et klokkeslæt"},
    "run.valid.date-and-time": {"en": "date and time", "da": "en dato med klokkeslæt"},
    "run.valid.days-and-time-duration": {"en": "days and time duration",
                                         "da": "en varighed i dage og tid"},
    "run.valid.years-and-months-duration": {"en": "years and months duration",
                                            "da": "en varighed i år og måneder"},
    # --- a pack that fails on the case ----------------------------------------------------
    "UNKNOWN-DECISION": {
        "en": "the pack has no decision '{name}'{hint}",
        "da": "regelsættet har ingen afgørelse '{name}'{hint}",
    },
    "FEEL-RECURSION/decision": {
        "en": "the decision '{decision}' recursed too deeply (a function that calls itself "
              "without end?)",
        "da": "afgørelsen '{decision}' kaldte sig selv for mange gange (en funktion, der "
              "kalder sig selv uden ende?)",
    },
    "NO-TRACE": {
        "en": "this evaluation ran without a trace; evaluate with trace=True",
        "da": "denne beregning blev kørt uden sporing; beregn med trace=True",
    },
    "VERSION-DATE": {
        "en": "the date that selects the version of '{decision}' ({expression}) is {value}, "
              "not a date",
        "da": "datoen, der vælger versionen af '{decision}' ({expression}), er {value}, "
              "ikke en dato",
    },
    "VERSION-NONE/as-of": {
        "en": "no version of '{decision}' covers {date} (the as-of date); the versions cover "
              "{coverage}",
        "da": "ingen version af '{decision}' dækker {date} (opgørelsesdatoen); versionerne "
              "dækker {coverage}",
    },
    "VERSION-NONE/by": {
        "en": "no version of '{decision}' covers {date} (the date of {expression}); the "
              "versions cover {coverage}",
        "da": "ingen version af '{decision}' dækker {date} (datoen fra {expression}); "
              "versionerne dækker {coverage}",
    },
    "DATE-POLICY": {
        "en": "{warning}; the pack forbids this (date_policy: forbid)",
        "da": "{warning}; regelsættet forbyder dette (date_policy: forbid)",
    },
    "HIT-POLICY-VIOLATED/unique": {
        "en": "the UNIQUE table allows one matching rule, but {count} match: {rules}",
        "da": "tabellen er UNIQUE og tillader én opfyldt regel, men {count} er opfyldt: {rules}",
    },
    "HIT-POLICY-VIOLATED/any": {
        "en": "the ANY table allows several matching rules only when their outputs agree, "
              "but {first} gives {first_value} and {other} gives {other_value}",
        "da": "tabellen er ANY og tillader kun flere opfyldte regler, når deres resultater er "
              "ens, men {first} giver {first_value}, og {other} giver {other_value}",
    },
    "HIT-POLICY-VIOLATED/sum": {
        "en": "COLLECT SUM adds numbers, but rule {rule} gives {value}",
        "da": "COLLECT SUM lægger tal sammen, men regel {rule} giver {value}",
    },
    "HIT-POLICY-VIOLATED/compare": {
        "en": "{policy} compares the outputs, but {first} gives {first_value} and {other} "
              "gives {other_value}",
        "da": "{policy} sammenligner resultaterne, men {first} giver {first_value}, og "
              "{other} giver {other_value}",
    },
    # --- warnings of an evaluation ----------------------------------------------------
    "INPUT-MISSING": {
        "en": "the optional fact '{name}' is missing; its value is null",
        "da": "den valgfrie oplysning '{name}' mangler; dens værdi er null",
    },
    "RESULT-NOT-CONFORMING": {
        "en": "the result of '{decision}' is {value}, which is not of its declared type "
              "{type}; as in DMN, the result is null",
        "da": "resultatet af '{decision}' er {value}, som ikke er af den angivne type {type}; "
              "som i DMN er resultatet null",
    },
    "OUTPUT-NOT-ALLOWED": {
        "en": "rule {rule} gives {value} for '{output}', which is not one of its allowed values",
        "da": "regel {rule} giver {value} for '{output}', som ikke er en af dens tilladte "
              "værdier",
    },
    "INPUT-NOT-CONFORMING/type": {
        "en": "'{name}' is {value}, which is not of its type {type}; as in DMN, '{name}' is "
              "null",
        "da": "'{name}' er {value}, som ikke er af typen {type}; som i DMN er '{name}' null",
    },
    "INPUT-NOT-CONFORMING/values": {
        "en": "item {index} of '{name}' is {value}, which is not one of its allowed values "
              "({allowed}); as in DMN, '{name}' is null",
        "da": "element {index} i '{name}' er {value}, som ikke er en af de tilladte værdier "
              "({allowed}); som i DMN er '{name}' null",
    },
    "INPUT-NOT-CONFORMING/range": {
        "en": "item {index} of '{name}' is {value}, which is outside its allowed values "
              "{allowed}; as in DMN, '{name}' is null",
        "da": "element {index} i '{name}' er {value}, som ligger uden for de tilladte "
              "værdier {allowed}; som i DMN er '{name}' null",
    },
    "OUTPUT-NOT-ALLOWED/range": {
        "en": "rule {rule} gives {value} for '{output}', which is outside its allowed values "
              "{allowed}",
        "da": "regel {rule} giver {value} for '{output}', som ligger uden for dens tilladte "
              "værdier {allowed}",
    },
    "DECISION-BROKEN": {
        "en": "the decision '{decision}' cannot be evaluated: {problem} ({where})",
        "da": "afgørelsen '{decision}' kan ikke beregnes: {problem} ({where})",
    },
    "DECISION-BROKEN/needs": {
        "en": "the decision '{decision}' needs '{needs}', which cannot be evaluated: "
              "{problem} ({where})",
        "da": "afgørelsen '{decision}' bygger på '{needs}', som ikke kan beregnes: "
              "{problem} ({where})",
    },
    "DECISION-FAILED": {
        "en": "{error_code}: {error}; as in DMN, the result is null",
        "da": "{error_code}: {error}; som i DMN er resultatet null",
    },
    "run.date-policy-accepted": {
        "en": "{warning} (the pack's date policy accepts this)",
        "da": "{warning} (pakkens datopolitik accepterer dette)",
    },
    # --- how a result came about (the trace's resolution) ----------------------------------
    "run.how.expression": {
        "en": "the decision is a literal expression: {expression}",
        "da": "afgørelsen er et udtryk: {expression}",
    },
    "run.how.long-expression": {
        "en": "the decision is a literal expression (see regel show)",
        "da": "afgørelsen er et udtryk (se regel show)",
    },
    "run.how.broken": {
        "en": "the decision could not be evaluated (see the warning)",
        "da": "afgørelsen kunne ikke beregnes (se advarslen)",
    },
    "run.how.service": {
        "en": "the decision service is a function of ({parameters}) that evaluates "
              "{outputs}",
        "da": "beslutningstjenesten er en funktion af ({parameters}), som beregner {outputs}",
    },
    "run.reason.service-argument": {
        "en": "'{name}' must be of type {type}, not {actual}",
        "da": "'{name}' skal være af typen {type}, ikke {actual}",
    },
    "run.reason.service-result": {
        "en": "it gives a value of type {actual}, not of its type {type}",
        "da": "den giver en værdi af typen {actual}, ikke af sin type {type}",
    },
    "UNKNOWN-DECISION/service": {
        "en": "the pack has no decision service '{name}'{hint}",
        "da": "regelsættet har ingen beslutningstjeneste '{name}'{hint}",
    },
    "run.how.function": {
        "en": "the decision is a function of ({parameters}) that other decisions call",
        "da": "afgørelsen er en funktion af ({parameters}), som andre afgørelser kalder",
    },
    "run.how.function-expression": {
        "en": "the function is an expression",
        "da": "funktionen er et udtryk",
    },
    "run.resolution.default": {
        "en": "{policy}: no rule matched, so the default {value} applies",
        "da": "{policy}: ingen regel var opfyldt, så standardværdien {value} gælder",
    },
    "run.resolution.count-none": {
        "en": "COLLECT COUNT: no rule matched, so the count is 0",
        "da": "COLLECT COUNT: ingen regel var opfyldt, så antallet er 0",
    },
    "run.resolution.none": {
        "en": "{policy}: no rule matched and the table has no default, so the result is null",
        "da": "{policy}: ingen regel var opfyldt, og tabellen har ingen standardværdi, så "
              "resultatet er null",
    },
    "run.resolution.unique": {
        "en": "UNIQUE: exactly one rule matched ({rules})",
        "da": "UNIQUE: præcis én regel var opfyldt ({rules})",
    },
    "run.resolution.any-one": {
        "en": "ANY: one rule matched ({rules})",
        "da": "ANY: én regel var opfyldt ({rules})",
    },
    "run.resolution.any-many": {
        "en": "ANY: {count} rules matched ({rules}) with the same output",
        "da": "ANY: {count} regler var opfyldt ({rules}) med samme resultat",
    },
    "run.resolution.priority-one": {
        "en": "PRIORITY: one rule matched ({rules})",
        "da": "PRIORITY: én regel var opfyldt ({rules})",
    },
    "run.resolution.priority-many": {
        "en": "PRIORITY: {count} rules matched ({rules}); {winner} gives {value}, which comes "
              "first in the allowed values",
        "da": "PRIORITY: {count} regler var opfyldt ({rules}); {winner} giver {value}, som "
              "står først blandt de tilladte værdier",
    },
    "run.resolution.first-one": {
        "en": "FIRST: one rule matched ({rules})",
        "da": "FIRST: én regel var opfyldt ({rules})",
    },
    "run.resolution.first-many": {
        "en": "FIRST: {count} rules matched ({rules}); the first in table order, {winner}, "
              "decides",
        "da": "FIRST: {count} regler var opfyldt ({rules}); den første i tabellen, {winner}, "
              "afgør det",
    },
    "run.resolution.rule-order": {
        "en": "RULE ORDER: the outputs of {rules}, in table order",
        "da": "RULE ORDER: resultaterne af {rules} i tabellens rækkefølge",
    },
    "run.resolution.output-order": {
        "en": "OUTPUT ORDER: the outputs of {rules}, in the order of the allowed values",
        "da": "OUTPUT ORDER: resultaterne af {rules} i de tilladte værdiers rækkefølge",
    },
    "run.resolution.collect": {
        "en": "COLLECT: the outputs of {rules}",
        "da": "COLLECT: resultaterne af {rules}",
    },
    "run.resolution.sum": {
        "en": "COLLECT SUM: {rules} matched; their outputs add up to {value}",
        "da": "COLLECT SUM: {rules} var opfyldt; deres resultater giver tilsammen {value}",
    },
    "run.resolution.min": {
        "en": "{policy}: {rules} matched; the smallest output is {value} ({winner})",
        "da": "{policy}: {rules} var opfyldt; det mindste resultat er {value} ({winner})",
    },
    "run.resolution.max": {
        "en": "{policy}: {rules} matched; the largest output is {value} ({winner})",
        "da": "{policy}: {rules} var opfyldt; det største resultat er {value} ({winner})",
    },
    "run.resolution.count": {
        "en": "COLLECT COUNT: {count} rule(s) matched ({rules})",
        "da": "COLLECT COUNT: {count} regel/regler var opfyldt ({rules})",
    },
}

# ---- issue 19: a number fact FEEL cannot hold (an infinity, NaN, past 1E+6145)
MESSAGES.update({
    "CASE-TYPE/not-finite": {
        "en": "{label} must be a finite number with at most 6,145 digits before the decimal "
              "point, not {value}",
        "da": "{label} skal være et endeligt tal med højst 6.145 cifre før kommaet, ikke "
              "{value}",
    },
})
