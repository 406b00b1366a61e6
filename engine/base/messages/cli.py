"""Messages of the cli stage: the words of error and warning lines, the verbs' own errors,
and the sentences the verbs print (summaries, confirmations, progress). The help texts and
argparse's usage errors stay English."""

MESSAGES: dict[str, dict[str, str]] = {
    # usage problems found after the options were parsed (exit 2)
    "cli.usage-error": {"en": "error", "da": "fejl"},
    "USAGE/as-of": {"en": "--as-of '{value}' is not a date; write YYYY-MM-DD",
                    "da": "--as-of '{value}' er ikke en dato; skriv ÅÅÅÅ-MM-DD"},
    "USAGE/limit": {"en": "--limit '{value}': write NAME=N with a whole number N of at least "
                          "1; NAME is one of {names}",
                    "da": "--limit '{value}': skriv NAVN=N med et helt tal N på mindst 1; "
                          "NAVN er en af {names}"},
    "USAGE/error-format": {
        "en": "--error-format: unknown field {{{name}}}; the fields are {fields}",
        "da": "--error-format: ukendt felt {{{name}}}; felterne er {fields}",
    },
    "USAGE/cases": {"en": "--cases '{value}' must be a .jsonl or a .csv file",
                    "da": "--cases '{value}' skal være en .jsonl- eller en .csv-fil"},
    "USAGE/workers": {"en": "--workers must be 1 or more",
                      "da": "--workers skal være 1 eller mere"},
    "USAGE/pdf-output": {"en": "--format pdf writes a file: add -o FILE.pdf",
                         "da": "--format pdf skriver en fil: tilføj -o FIL.pdf"},
    "USAGE/input": {"en": "--input only makes sense with --tests",
                    "da": "--input giver kun mening sammen med --tests"},
    # which copy of a pack given by its bare name a verb uses (one line on stderr)
    "cli.pack-used": {"en": "pack: {path}", "da": "regelsæt: {path}"},
    "cli.pack-used/installed": {"en": "pack: {name} (the installed copy in {path})",
                                "da": "regelsæt: {name} (den installerede udgave i {path})"},
    # the words of an error or warning line
    "cli.label.error": {"en": "error", "da": "fejl"},
    "cli.label.warning": {"en": "warning", "da": "advarsel"},
    "cli.label.at": {"en": "at line {line}, column {column}",
                     "da": "i linje {line}, kolonne {column}"},
    "cli.severity.error": {"en": "error", "da": "fejl"},
    "cli.severity.warning": {"en": "warning", "da": "advarsel"},
    "cli.severity.info": {"en": "info", "da": "orientering"},

    # errors the verbs raise
    "FILE-UNWRITABLE/file": {"en": "cannot write the file ({reason})",
                             "da": "filen kan ikke skrives ({reason})"},
    "FILE-UNWRITABLE/pack-folder": {
        "en": "cannot write the pack folder ({reason}); nothing was written",
        "da": "regelsætsmappen kan ikke skrives ({reason}); intet blev skrevet",
    },
    "FILE-UNWRITABLE/not-a-folder": {
        "en": "this is a file, not a folder; give the folder to write the pack into",
        "da": "dette er en fil, ikke en mappe; angiv den mappe, regelsættet skal skrives i",
    },
    "CONTEXT-NOT-MAPPING": {
        "en": "the context must be a mapping of names to values, such as {example}",
        "da": "konteksten skal være en samling af navne med værdier, fx {example}",
    },
    "IMPORT-EXISTS": {
        "en": "{folder} exists and is not empty; choose another folder or add --force to "
              "replace it",
        "da": "{folder} findes allerede og er ikke tom; vælg en anden mappe, eller tilføj "
              "--force for at erstatte den",
    },
    "TCK-NOT-FOUND": {"en": "no such folder or file: {path}",
                      "da": "mappen eller filen findes ikke: {path}"},
    "TCK-EMPTY": {
        "en": "{path} holds no TCK test files (*-test-*.xml beside a *.dmn model)",
        "da": "{path} indeholder ingen TCK-testfiler (*-test-*.xml ved siden af en "
              "*.dmn-model)",
    },
    "UNKNOWN-DECISION/show": {
        "en": "the pack has no decision '{name}'{hint}; it has: {decisions}",
        "da": "regelsættet har ingen afgørelse '{name}'{hint}; det har: {decisions}",
    },

    # regel eval
    "cli.eval.optional-missing": {"en": "note: optional facts not given: {facts}",
                                  "da": "bemærk: valgfrie oplysninger ikke angivet: {facts}"},

    # regel check
    "cli.check.summary": {
        "en": "{status}: {pack} {version} — {decisions} decisions, {rules} rules, {tests} "
              "tests; {findings}; fingerprint {fingerprint}…",
        "da": "{status}: {pack} {version} — {decisions} afgørelser, {rules} regler, {tests} "
              "tests; {findings}; fingeraftryk {fingerprint}…",
    },
    "cli.check.ok": {"en": "ok", "da": "ok"},
    "cli.check.failed": {"en": "FAILED", "da": "FEJLET"},
    "cli.check.no-findings": {"en": "no findings", "da": "ingen fund"},
    "cli.check.error.one": {"en": "{count} error", "da": "{count} fejl"},
    "cli.check.error.many": {"en": "{count} errors", "da": "{count} fejl"},
    "cli.check.warning.one": {"en": "{count} warning", "da": "{count} advarsel"},
    "cli.check.warning.many": {"en": "{count} warnings", "da": "{count} advarsler"},
    "cli.check.info.one": {"en": "{count} info", "da": "{count} til orientering"},
    "cli.check.info.many": {"en": "{count} info", "da": "{count} til orientering"},
    "cli.check.load-errors": {"en": "{count} error(s)", "da": "{count} fejl"},
    "cli.check.rules": {"en": "rules: {rules}", "da": "regler: {rules}"},
    "cli.check.witness": {"en": "witness: {witness}", "da": "eksempel: {witness}"},
    "cli.check.case": {"en": "as a test case (paste into tests/*.yaml):",
                       "da": "som test (indsæt i tests/*.yaml):"},

    # regel test (its last line, "N passed, M failed", is the same in both languages)
    "cli.test.or": {"en": " or ", "da": " eller "},
    "cli.test.none-selected": {"en": "no test name contains {names}",
                               "da": "intet testnavn indeholder {names}"},
    "cli.test.low-coverage": {
        "en": "rule coverage {percent}% is below the minimum {minimum}%",
        "da": "regeldækningen {percent} % er under minimum {minimum} %",
    },

    # regel batch: the progress bar on a terminal
    "cli.batch.progress-done": {"en": "{done} cases", "da": "{done} sager"},
    "cli.batch.progress-rate": {"en": "{rate} cases/s", "da": "{rate} sager/s"},

    # regel import and regel export
    "cli.import.wrote": {
        "en": "wrote {folder}: {inputs} inputs, {decisions} decisions ({files} files) from "
              "{model} (DMN {version})",
        "da": "skrev {folder}: {inputs} oplysninger, {decisions} afgørelser ({files} filer) "
              "fra {model} (DMN {version})",
    },
    "cli.import.next": {
        "en": "next: regel check {folder}   then add citations, labels and YAML tests",
        "da": "næste skridt: regel check {folder}   tilføj derefter lovhenvisninger, "
              "betegnelser og YAML-tests",
    },
    "cli.export.wrote": {
        "en": "wrote {file}: DMN {version}, {inputs} inputs, {decisions} decisions "
              "({versions} versions), {size} bytes",
        "da": "skrev {file}: DMN {version}, {inputs} oplysninger, {decisions} afgørelser "
              "({versions} versioner), {size} byte",
    },

    # regel tck (the CSV file keeps the TCK's English words)
    "cli.tck.failure": {"en": "FAILURE", "da": "FORKERT"},
    "cli.tck.error": {"en": "ERROR", "da": "FEJL"},
    "cli.tck.summary": {
        "en": "{passed} of {cases} test cases passed ({rate} %); {models} models, {nodes} "
              "result nodes; {failed} failed, {errors} errors{results}",
        "da": "{passed} af {cases} testcases bestået ({rate} %); {models} modeller, {nodes} "
              "resultatknuder; {failed} forkerte, {errors} fejl{results}",
    },
    "cli.tck.results-in": {"en": "; results in {file}", "da": "; resultaterne står i {file}"},
    "cli.tck.progress": {"en": "{done}/{total} test files", "da": "{done}/{total} testfiler"},
}
