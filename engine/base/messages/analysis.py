"""Messages of the table analysis (``regel check``: regel.analysis.tables) and the errors of
``regel diff`` outside its report (regel.tools.diff: PACK@REV and case files)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- findings of the table analysis; {table} is an analysis.table
    "analysis.table": {"en": "'{decision}' (version {period})",
                       "da": "'{decision}' (version {period})"},
    "analysis.any-input": {"en": "any input", "da": "vilkårlige oplysninger"},
    # ---- a witness as a YAML test case (regel.analysis.witness)
    "analysis.case.gap": {"en": "{decision}: a case no rule answers",
                          "da": "{decision}: en sag, som ingen regel besvarer"},
    "analysis.case.overlap": {"en": "{decision}: a case that rules {rules} all match",
                              "da": "{decision}: en sag, som reglerne {rules} alle gælder for"},
    "analysis.case.computed": {
        "en": "the column '{column}' must be {value}; it is computed ({expression}): "
              "give facts that make it so",
        "da": "kolonnen '{column}' skal være {value}; den beregnes ({expression}): "
              "angiv oplysninger, der giver den værdi",
    },
    "analysis.case.expect": {"en": "write the answer the rules should give",
                             "da": "skriv det svar, reglerne skal give"},
    "OVERLAP": {
        "en": "in {table} ({policy}), rules {rules} can match the same case, e.g. {witness}",
        "da": "i {table} ({policy}) kan reglerne {rules} gælde for den samme sag, "
              "f.eks. {witness}",
    },
    "OVERLAP/any": {
        "en": "in {table} ({policy}), rules {rules} can match the same case with different "
              "outputs, e.g. {witness}",
        "da": "i {table} ({policy}) kan reglerne {rules} gælde for den samme sag med "
              "forskellige resultater, f.eks. {witness}",
    },
    "GAP": {
        "en": "in {table}, no rule covers e.g. {witness}: the result is null{unless}{more}",
        "da": "i {table} dækker ingen regel f.eks. {witness}: resultatet er null{unless}{more}",
    },
    "GAP/always": {
        "en": "in {table}, no rule covers e.g. {witness}: the result would be null, but the "
              "decision must always answer (always_answers){unless}{more}",
        "da": "i {table} dækker ingen regel f.eks. {witness}: resultatet ville være null, men "
              "afgørelsen skal altid give et svar (always_answers){unless}{more}",
    },
    "analysis.gap.unless-skipped": {
        "en": ", unless skipped rule {rules} covers it",
        "da": ", medmindre en udeladt regel ({rules}) dækker det",
    },
    "analysis.gap.more": {
        "en": " ({count} more gaps not listed)",
        "da": " (yderligere {count} huller er ikke vist)",
    },
    "MASKED/first": {
        "en": "in {table} ({policy}), rule {rule} can never decide: every case it matches is "
              "decided by earlier rules",
        "da": "i {table} ({policy}) kan regel {rule} aldrig blive afgørende: hver sag, den "
              "gælder for, afgøres af regler før den",
    },
    "MASKED/priority": {
        "en": "in {table} ({policy}), rule {rule} can never decide: every case it matches is "
              "decided by rules with a higher-ranked output",
        "da": "i {table} ({policy}) kan regel {rule} aldrig blive afgørende: hver sag, den "
              "gælder for, afgøres af regler med et højere prioriteret resultat",
    },
    "SUBSUMED": {
        "en": "in {table}, rule {rule} is covered by rule {other}, which gives the same "
              "outputs",
        "da": "i {table} er regel {rule} dækket af regel {other}, som giver de samme resultater",
    },
    "UNUSED-INPUT": {
        "en": "the input '{input}' is declared in pack.yaml but no decision requires it",
        "da": "oplysningen '{input}' er erklæret i pack.yaml, men ingen afgørelse bruger den",
    },
    "UNUSED-INPUT/column": {
        "en": "in {table}, every rule says '-' for the column '{column}': the column decides "
              "nothing",
        "da": "i {table} siger alle regler '-' i kolonnen '{column}': kolonnen afgør intet",
    },
    "TYPE-COMPARISON": {
        "en": "in {table}, rule {rule} compares the column '{column}', which holds {type} "
              "values, with the text '{name}' (an allowed value)",
        "da": "i {table} sammenligner regel {rule} kolonnen '{column}', der har værdier af "
              "typen {type}, med teksten '{name}' (en tilladt værdi)",
    },
    "ANALYSIS-LIMIT": {
        "en": "the analysis of {table} stopped after {limit} steps, before it was complete: "
              "overlaps, gaps and masked rules may be missing from these findings (the table "
              "has too many combinations of conditions; raise the limit with --limit steps=N "
              "or under limits: in pack.yaml)",
        "da": "analysen af {table} blev standset efter {limit} skridt, før den var færdig: "
              "overlap, huller og skjulte regler kan mangle blandt disse fund (tabellen har "
              "for mange kombinationer af betingelser; grænsen kan hæves med --limit steps=N "
              "eller under limits: i pack.yaml)",
    },
    "ANALYSIS-SKIPPED": {
        "en": "in {table}, rules {rules} were left out of the table analysis: a cell is not a "
              "constant test (an expression, a negation or another input), so overlaps and "
              "gaps involving them are not checked and they cover nothing",
        "da": "i {table} er regel {rules} udeladt af tabelanalysen: en celle er ikke en fast "
              "test (et udtryk, en negation eller en anden oplysning), så overlap og huller, "
              "hvor de indgår, kontrolleres ikke, og de dækker intet",
    },

    # ---- regel diff: packs at a git revision and case files (regel.tools.diff)
    "DIFF-REF": {
        "en": "'{ref}' is neither a pack folder nor PACK@REV",
        "da": "'{ref}' er hverken en mappe med et regelsæt eller PACK@REV",
    },
    "DIFF-REF/no-pack": {
        "en": "'{path}' at revision '{rev}' is not a rule pack (no pack.yaml)",
        "da": "'{path}' i revisionen '{rev}' er ikke et regelsæt (der er ingen pack.yaml)",
    },
    "DIFF-REF/bad-revision": {
        "en": "'{rev}' in '{ref}' is not a usable git revision: it must not start with '-' "
              "or hold spaces or control characters (write PACK@REV, e.g. rules/x@HEAD~1)",
        "da": "'{rev}' i '{ref}' kan ikke bruges som git-revision: den må ikke begynde med "
              "'-' eller indeholde mellemrum eller styretegn (skriv PACK@REV, "
              "f.eks. rules/x@HEAD~1)",
    },
    "DIFF-GIT/not-installed": {
        "en": "git is not installed, so PACK@REV cannot be read",
        "da": "git er ikke installeret, så PACK@REV kan ikke læses",
    },
    "DIFF-GIT/no-repository": {
        "en": "'{where}' is not inside a git repository, so '{ref}' cannot be read{hint}",
        "da": "'{where}' ligger ikke i et git-repository, så '{ref}' kan ikke læses{hint}",
    },
    "DIFF-GIT/outside": {
        "en": "'{where}' is outside the git repository {root}{hint}",
        "da": "'{where}' ligger uden for git-repositoryet {root}{hint}",
    },
    "DIFF-GIT/unreadable": {
        "en": "cannot read '{path}' at revision '{rev}': {problem}{hint}",
        "da": "'{path}' kan ikke læses i revisionen '{rev}': {problem}{hint}",
    },
    "diff.git.archive-failed": {"en": "git archive failed", "da": "git archive mislykkedes"},
    "diff.git.bundled-hint": {
        "en": "; '{where}' names the installed pack in {path}, which git does not track: name "
              "the pack's folder in your checkout instead, for example rules/{where}@{rev}",
        "da": "; '{where}' er navnet på det installerede regelsæt i {path}, som git ikke "
              "holder styr på: angiv i stedet regelsættets mappe i din arbejdskopi, for "
              "eksempel rules/{where}@{rev}",
    },
    "CASES-NOT-FOUND": {
        "en": "no case folder or file '{folder}'",
        "da": "der er ingen mappe eller fil med sager, der hedder '{folder}'",
    },
}
