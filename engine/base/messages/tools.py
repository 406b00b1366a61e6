"""Messages of the tools stage: the replay report (``regel replay``) and the pack tests
(``regel test``)."""

MESSAGES: dict[str, dict[str, str]] = {
    "tools.none": {"en": "none", "da": "ingen"},
    # --- regel replay: one line per difference -------------------------------------------
    "replay.identical": {
        "en": "Replay: identical (fingerprint {fingerprint}, {count} decisions)",
        "da": "Genkørsel: identisk (fingeraftryk {fingerprint}, {count} afgørelser)",
    },
    "replay.differences": {
        "en": "Replay: {count} differences",
        "da": "Genkørsel: {count} forskelle",
    },
    "replay.one_difference": {
        "en": "Replay: 1 difference",
        "da": "Genkørsel: 1 forskel",
    },
    "replay.context": {
        "en": "case {case}, as of {as_of}, pack {pack} {version}",
        "da": "sag {case}, pr. {as_of}, regelsæt {pack} {version}",
    },
    "replay.no_case_id": {"en": "without id", "da": "uden id"},
    "replay.note": {"en": "note", "da": "bemærk"},
    "replay.fingerprint": {
        "en": "fingerprint: recorded {recorded}, now {now} (the rules have changed)",
        "da": "fingeraftryk: registreret {recorded}, nu {now} (reglerne er ændret)",
    },
    "replay.output": {
        "en": "output of {decision}: recorded {recorded}, now {now}",
        "da": "resultat af {decision}: registreret {recorded}, nu {now}",
    },
    "replay.output_parts": {
        "en": "output of {decision} differs:",
        "da": "resultatet af {decision} er forskelligt:",
    },
    "replay.output_part": {
        "en": "{path}: recorded {recorded}, now {now}",
        "da": "{path}: registreret {recorded}, nu {now}",
    },
    "replay.more_parts": {
        "en": "… and {count} more",
        "da": "… og {count} mere",
    },
    "replay.version": {
        "en": "version of {decision}: recorded {recorded}, now {now}",
        "da": "version af {decision}: registreret {recorded}, nu {now}",
    },
    "replay.decided_by": {
        "en": "rules that decided {decision}: recorded {recorded}, now {now}",
        "da": "regler der afgjorde {decision}: registreret {recorded}, nu {now}",
    },
    "replay.missing_decision": {
        "en": "decision {decision}: in the trace, but {now}",
        "da": "afgørelsen {decision}: i sporet, men {now}",
    },
    "replay.missing_from_pack": {
        "en": "the pack no longer has it",
        "da": "regelsættet har den ikke længere",
    },
    "replay.not_evaluated": {
        "en": "it was not evaluated this time",
        "da": "den blev ikke vurderet denne gang",
    },
    "replay.case": {
        "en": "the pack no longer accepts the case: {message}",
        "da": "regelsættet accepterer ikke længere sagen: {message}",
    },
    "replay.engine_version": {
        "en": "engine version: recorded {recorded}, now {now}",
        "da": "motorversion: registreret {recorded}, nu {now}",
    },
    # --- regel test: failures and rule coverage. The last line of a run, "N passed, M
    # failed", stays the same in both languages so that CI can read it.
    "testing.not_evaluated": {
        "en": "{did}: expected {want}, but the decision was not evaluated",
        "da": "{did}: forventede {want}, men afgørelsen blev ikke evalueret",
    },
    "testing.unreadable": {
        "en": "{did}: the expected value cannot be read: {error}",
        "da": "{did}: den forventede værdi kan ikke læses: {error}",
    },
    "testing.no_field": {"en": "no such field", "da": "intet sådant felt"},
    "testing.matched_rules": {
        "en": "{did}: rules that matched: {rules}",
        "da": "{did}: regler, der gjaldt: {rules}",
    },
    "testing.verbose_hint": {
        "en": "(regel test -v shows the explanation of each failed decision)",
        "da": "(regel test -v viser forklaringen af hver afgørelse, der fejlede)",
    },
    "testing.differs": {
        "en": "{did}: expected {want}, got {got}",
        "da": "{did}: forventede {want}, fik {got}",
    },
    "testing.eval_failed": {
        "en": "evaluation failed: {error}",
        "da": "evalueringen mislykkedes: {error}",
    },
    "testing.should_match": {
        "en": "{did}: expected rule {rules} to match; matched: {matched}",
        "da": "{did}: forventede, at regel {rules} gjaldt; gjaldt: {matched}",
    },
    "testing.should_match_n": {
        "en": "{did}: expected rules {rules} to match; matched: {matched}",
        "da": "{did}: forventede, at reglerne {rules} gjaldt; gjaldt: {matched}",
    },
    "testing.should_not_match": {
        "en": "{did}: expected rule {rules} not to match, but it matched",
        "da": "{did}: forventede, at regel {rules} ikke gjaldt, men den gjaldt",
    },
    "testing.should_not_match_n": {
        "en": "{did}: expected rules {rules} not to match, but they matched",
        "da": "{did}: forventede, at reglerne {rules} ikke gjaldt, men de gjaldt",
    },
    "testing.coverage": {
        "en": "rule coverage: {n} of {total} rules matched by some test ({pct}%)",
        "da": "regeldækning: {n} af {total} regler gjaldt i mindst én test ({pct} %)",
    },
    "testing.never_matched": {
        "en": "{name}: rules never matched: {rules}",
        "da": "{name}: regler, der aldrig gjaldt: {rules}",
    },
    "testing.not_reached_version": {
        "en": " (no test reached this version)",
        "da": " (ingen test nåede denne version)",
    },
    "testing.not_reached": {
        "en": "decisions no test reached: {ids}",
        "da": "afgørelser, ingen test nåede: {ids}",
    },

    # ---- regel replay (regel.tools.replay): a trace that cannot be replayed --------------
    "TRACE-NOT-JSON/syntax": {
        "en": "the file is not JSON (line {line}, column {column}: {reason}); a trace is the "
              "JSON from 'regel explain PACK --case FILE --format json'",
        "da": "filen er ikke JSON (linje {line}, kolonne {column}: {reason}); et spor er den "
              "JSON, som 'regel explain PACK --case FILE --format json' skriver",
    },
    "TRACE-NOT-JSON/constant": {
        "en": "the file is not usable JSON ({name} is not a number JSON allows)",
        "da": "filen er ikke brugbar JSON ({name} er ikke et tal, JSON tillader)",
    },
    "TRACE-NOT-JSON/unusable": {
        "en": "the file is not usable JSON ({reason})",
        "da": "filen er ikke brugbar JSON ({reason})",
    },
    "TRACE-NOT-TRACE": {
        "en": "this is not a regel trace (a trace is a JSON object with \"format\": "
              "\"regel-trace\"; make one with 'regel explain PACK --case FILE --format json')",
        "da": "dette er ikke et regel-spor (et spor er et JSON-objekt med \"format\": "
              "\"regel-trace\"; lav et med 'regel explain PACK --case FILE --format json')",
    },
    "TRACE-VERSION/newer": {
        "en": "the trace has format version {version}, made by a newer regel; this regel "
              "({regel}) reads format versions up to {newest}",
        "da": "sporet har formatversion {version} og er lavet af en nyere version af regel; "
              "denne version ({regel}) kan læse formatversioner til og med {newest}",
    },
    "TRACE-VERSION/unreadable": {
        "en": "the trace has format version {version}, which this regel cannot read",
        "da": "sporet har formatversion {version}, som denne version af regel ikke kan læse",
    },
    "TRACE-FORMAT/format-version": {
        "en": "the trace has no valid format_version (a whole number)",
        "da": "sporet har ingen gyldig format_version (et helt tal)",
    },
    "TRACE-FORMAT/as-of": {
        "en": "the trace's as_of must be a date written YYYY-MM-DD, not {value}",
        "da": "sporets as_of skal være en dato skrevet ÅÅÅÅ-MM-DD, ikke {value}",
    },
    "TRACE-FORMAT/no-pack-id": {
        "en": "the trace does not name its rule pack (pack.id)",
        "da": "sporet siger ikke, hvilket regelsæt det er lavet med (pack.id)",
    },
    "TRACE-FORMAT/no-fingerprint": {
        "en": "the trace has no pack fingerprint (pack.fingerprint)",
        "da": "sporet har intet fingeraftryk af regelsættet (pack.fingerprint)",
    },
    "TRACE-FORMAT/no-inputs": {
        "en": "the trace has no case facts (inputs must be a JSON object)",
        "da": "sporet har ingen oplysninger om sagen (inputs skal være et JSON-objekt)",
    },
    "TRACE-FORMAT/no-outputs": {
        "en": "the trace records no outputs (the results of the asked decisions)",
        "da": "sporet har ingen outputs (resultaterne af de afgørelser, der blev spurgt om)",
    },
    "TRACE-FORMAT/no-decisions": {
        "en": "the trace has no list of decisions",
        "da": "sporet har ingen liste over afgørelser",
    },
    "TRACE-FORMAT/schema": {
        "en": "in the trace, {where} does not fit the trace schema: {reason}",
        "da": "i sporet passer {where} ikke til sporets skema: {reason}",
    },
    "TRACE-FORMAT/decision-no-id": {
        "en": "decision {position} of the trace has no id",
        "da": "afgørelse nr. {position} i sporet har intet id",
    },
    "TRACE-FORMAT/decision-no-version": {
        "en": "the decision '{decision}' in the trace has no version.valid_from",
        "da": "afgørelsen '{decision}' i sporet har ingen version.valid_from",
    },
    "TRACE-FORMAT/decided-by": {
        "en": "the decision '{decision}' in the trace has a decided_by that is not a list",
        "da": "afgørelsen '{decision}' i sporet har en decided_by, der ikke er en liste",
    },
    "TRACE-FORMAT/decision-schema": {
        "en": "the decision '{decision}' in the trace has a {where} that does not fit the "
              "trace schema: {reason}",
        "da": "afgørelsen '{decision}' i sporet har en {where}, der ikke passer til sporets "
              "skema: {reason}",
    },
    "replay.reason.missing": {"en": "it is missing", "da": "den mangler"},
    "replay.reason.type": {"en": "this should be {kinds}", "da": "den skal være {kinds}"},
    "replay.reason.date": {
        "en": "this should be a date written YYYY-MM-DD",
        "da": "den skal være en dato skrevet ÅÅÅÅ-MM-DD",
    },
    "replay.reason.format": {
        "en": "this should be a {format}",
        "da": "den skal have formatet {format}",
    },
    "replay.reason.pattern": {
        "en": "{value} does not have the form it must have (the pattern {pattern})",
        "da": "{value} har ikke den form, den skal have (mønsteret {pattern})",
    },
    # a rule the trace schema does not use where replay reads: the schema checker's words
    "replay.reason.other": {"en": "{text}", "da": "{text}"},
    "replay.json.object": {"en": "a JSON object", "da": "et JSON-objekt"},
    "replay.json.array": {"en": "a list", "da": "en liste"},
    "replay.json.string": {"en": "a text", "da": "en tekst"},
    "replay.json.number": {"en": "a number", "da": "et tal"},
    "replay.json.integer": {"en": "a whole number", "da": "et helt tal"},
    "replay.json.boolean": {"en": "true or false", "da": "true eller false"},
    "replay.json.null": {"en": "null", "da": "null"},
    "PACK-NOT-FOUND/not-bundled": {
        "en": "the trace was made with the rule pack '{name}', which is not bundled with "
              "this regel{hint} (bundled packs: {known}); give the pack's folder instead",
        "da": "sporet er lavet med regelsættet '{name}', som ikke følger med denne version "
              "af regel{hint} (medfølgende regelsæt: {known}); angiv regelsættets mappe i "
              "stedet",
    },
    "PACK-MISMATCH": {
        "en": "the trace was made with the rule pack '{recorded}', but the pack given is "
              "'{given}'",
        "da": "sporet er lavet med regelsættet '{recorded}', men det angivne regelsæt er "
              "'{given}'",
    },
    # ---- regel replay: each difference as a sentence (Difference.text) --------------------
    "replay.other_rules": {
        "en": "the pack's fingerprint was {recorded} and is now {now}: the rules are not the "
              "same",
        "da": "regelsættets fingeraftryk var {recorded} og er nu {now}: reglerne er ikke de "
              "samme",
    },
    "replay.rejected_fact": {"en": "{fact}: {problem}", "da": "{fact}: {problem}"},
    "replay.pack_fails": {
        "en": "the pack fails on the recorded case: {code}: {problem}",
        "da": "regelsættet fejler på den registrerede sag: {code}: {problem}",
    },
    "replay.asked_decision_gone": {
        "en": "the asked decision '{decision}' is in the trace, but the pack no longer has it",
        "da": "afgørelsen '{decision}', der blev spurgt om, er i sporet, men regelsættet har "
              "den ikke længere",
    },
    "replay.decision_gone": {
        "en": "the decision '{decision}' is in the trace, but the pack no longer has it",
        "da": "afgørelsen '{decision}' er i sporet, men regelsættet har den ikke længere",
    },
    "replay.decision_not_needed": {
        "en": "the decision '{decision}' is in the trace, but it was not evaluated this time "
              "(the asked decisions no longer need it)",
        "da": "afgørelsen '{decision}' er i sporet, men den blev ikke vurderet denne gang (de "
              "afgørelser, der blev spurgt om, bruger den ikke længere)",
    },
    "replay.whole_value": {"en": "(value)", "da": "(værdien)"},
    "replay.other_engine": {
        "en": "the trace was made by regel {recorded}; this is regel {now} (for information)",
        "da": "sporet er lavet med regel {recorded}; dette er regel {now} (til orientering)",
    },
    # ---- regel test (regel.tools.testing). The markers of a run, "FAILED", "ok" and the
    # last line, stay the same in both languages so that CI and a grep of a log read them
    "testing.failed": {"en": "FAILED {where}{name}", "da": "FAILED {where}{name}"},
    "testing.ok": {"en": "ok {where}{name}", "da": "ok {where}{name}"},
    "testing.summary": {"en": "{passed} passed, {failed} failed",
                        "da": "{passed} passed, {failed} failed"},
    "testing.untraced": {"en": "(untraced)", "da": "(uden sporing)"},
    "testing.expected": {"en": "the expected {did}", "da": "den forventede {did}"},
    "testing.internal_error": {
        "en": "internal error: {type}: {error}",
        "da": "intern fejl: {type}: {error}",
    },
    "testing.explain_failed": {
        "en": "(the explanation could not be rendered: {type}: {error})",
        "da": "(forklaringen kunne ikke vises: {type}: {error})",
    },
}


# ---------------------------------------------------------------------------------------------
# batch, tck, tck_cases, caseschema, pytest_plugin, the text of diff, and the words for
# operating-system errors that the tools and the command line share. Kept apart from the
# table above and merged into it here (a key may be defined only once).
_BATCH_TCK_DIFF: dict[str, dict[str, str]] = {
    # operating-system errors (English: the C library's own words)
    "os.no-such-file": {"en": "No such file or directory",
                        "da": "filen eller mappen findes ikke"},
    "os.permission-denied": {"en": "Permission denied", "da": "adgang nægtet"},
    "os.not-permitted": {"en": "Operation not permitted", "da": "handlingen er ikke tilladt"},
    "os.no-space": {"en": "No space left on device", "da": "der er ikke mere plads på disken"},
    "os.is-folder": {"en": "Is a directory", "da": "det er en mappe"},
    "os.not-a-folder": {"en": "Not a directory", "da": "det er ikke en mappe"},
    "os.read-only": {"en": "Read-only file system", "da": "filsystemet er skrivebeskyttet"},
    "os.exists": {"en": "File exists", "da": "filen findes allerede"},

    # batch: files
    "BATCH-INPUT": {"en": "the cases must be a .jsonl or .csv file",
                    "da": "sagerne skal være en .jsonl- eller .csv-fil"},
    "BATCH-WORKER": {
        "en": "a worker process died (out of memory, or killed); no results were written",
        "da": "en arbejdsproces døde (løb tør for hukommelse eller blev stoppet); der blev "
              "ikke skrevet nogen resultater",
    },
    "FILE-UNWRITABLE/results-there": {"en": "cannot write the results there ({reason})",
                                      "da": "resultaterne kan ikke skrives der ({reason})"},
    "FILE-UNWRITABLE/results": {
        "en": "cannot write the results ({reason}); nothing was written",
        "da": "resultaterne kan ikke skrives ({reason}); intet blev skrevet",
    },
    "FILE-UNWRITABLE/folder": {
        "en": "this is a folder; give the name of the results file",
        "da": "dette er en mappe; angiv navnet på resultatfilen",
    },
    "FILE-UNWRITABLE/over-cases": {
        "en": "the results would overwrite the cases; write them to another file",
        "da": "resultaterne ville overskrive sagerne; skriv dem til en anden fil",
    },
    "FILE-UNREADABLE/cases": {"en": "the cases cannot be read on ({reason})",
                              "da": "sagerne kan ikke læses færdig ({reason})"},
    "FILE-UNREADABLE/csv-stuck": {
        "en": "the CSV file cannot be read on from line {line} ({problem})",
        "da": "CSV-filen kan ikke læses videre fra linje {line} ({problem})",
    },
    "CSV-HEADER/empty": {
        "en": "the CSV file is empty; its first row must name the columns",
        "da": "CSV-filen er tom; dens første række skal navngive kolonnerne",
    },
    "CSV-HEADER/no-name": {
        "en": "column {column} of the header row has no name; the header names each column "
              "by its fact id (and 'id', 'as_of')",
        "da": "kolonne {column} i overskriftsrækken har intet navn; overskriftsrækken "
              "navngiver hver kolonne med oplysningens id (og 'id', 'as_of')",
    },
    "CSV-HEADER/twice": {"en": "the header names the column '{name}' twice",
                         "da": "overskriftsrækken navngiver kolonnen '{name}' to gange"},
    "UNKNOWN-DECISION/batch": {"en": "the pack has no decision '{name}'{hint}",
                               "da": "regelsættet har ingen afgørelse '{name}'{hint}"},
    "INTERNAL-ERROR/batch": {
        "en": "the engine failed on this case ({error}); please report it",
        "da": "regel fejlede på denne sag ({error}); meld venligst fejlen",
    },

    # batch: records that are not cases
    "CASE-FORMAT/empty-line": {
        "en": "the line is empty; a case is one JSON object per line",
        "da": "linjen er tom; en sag er ét JSON-objekt pr. linje",
    },
    "CASE-FORMAT/not-json": {"en": "the line is not valid JSON: {problem}",
                             "da": "linjen er ikke gyldig JSON: {problem}"},
    "CASE-FORMAT/not-an-object": {
        "en": "a case must be a JSON object of facts, not {what}",
        "da": "en sag skal være et JSON-objekt med oplysninger, ikke {what}",
    },
    "CASE-FORMAT/row-cells": {"en": "the row has {cells} cells and the header {columns}",
                              "da": "rækken har {cells} celler og overskriftsrækken {columns}"},
    "CASE-FORMAT/row-unreadable": {"en": "the row cannot be read as CSV ({problem})",
                                   "da": "rækken kan ikke læses som CSV ({problem})"},
    "batch.json.at-column": {"en": "{problem} (column {column})",
                             "da": "{problem} (kolonne {column})"},
    "batch.json.nested": {"en": "it is nested too deeply", "da": "den er for dybt indlejret"},
    "batch.json.constant": {"en": "{name} is not a number JSON allows",
                            "da": "{name} er ikke et tal, som JSON tillader"},
    "batch.json.key-twice": {"en": "the key '{key}' appears twice",
                             "da": "nøglen '{key}' forekommer to gange"},
    "batch.kind.empty": {"en": "empty", "da": "en tom værdi"},
    "batch.kind.boolean": {"en": "true/false", "da": "sand/falsk"},
    "batch.kind.number": {"en": "a number", "da": "et tal"},
    "batch.kind.text": {"en": "a text", "da": "en tekst"},
    "batch.kind.list": {"en": "a list", "da": "en liste"},
    "batch.kind.other": {"en": "{type}", "da": "{type}"},

    # batch: CSV cells
    "CASE-TYPE/csv-cell": {"en": "{label} {problem}", "da": "{label} {problem}"},
    "batch.the-text": {"en": "the text '{text}'", "da": "teksten '{text}'"},
    "batch.cell.number": {"en": "must be a number, not {value}{hint}",
                          "da": "skal være et tal, ikke {value}{hint}"},
    "batch.cell.decimal-point": {"en": "; write decimals with a point, such as 1234.50",
                                 "da": "; skriv decimaler med punktum, fx 1234.50"},
    "batch.cell.boolean": {"en": "must be true or false (or ja/nej, 1/0), not {value}",
                           "da": "skal være true eller false (eller ja/nej, 1/0), ikke {value}"},
    "batch.cell.json": {"en": "must be written as JSON, such as {example} ({detail})",
                        "da": "skal skrives som JSON, fx {example} ({detail})"},
    "batch.cell.nested": {"en": "nested too deeply", "da": "for dybt indlejret"},

    # batch: the summary line
    "batch.summary": {
        "en": "{cases} cases: {ok} ok, {failed} failed ({seconds} s, {rate} cases/s)",
        "da": "{cases} sager: {ok} ok, {failed} fejlede ({seconds} s, {rate} sager/s)",
    },

    # tck: reading test case files
    "TCK-CASE/malformed": {"en": "{file}: malformed XML at line {line}, column {column}",
                           "da": "{file}: XML'en er ikke velformet i linje {line}, kolonne "
                                 "{column}"},
    "TCK-CASE/unreadable": {"en": "{file}: cannot read the file ({reason})",
                            "da": "{file}: filen kan ikke læses ({reason})"},
    "TCK-CASE/root": {"en": "{file}: the root element is <{root}>, not <testCases>",
                      "da": "{file}: rodelementet er <{root}>, ikke <testCases>"},
    "TCK-CASE/case": {"en": "{file}: {problem}", "da": "{file}: {problem}"},
    "tck.in": {"en": "{where}: {problem}", "da": "{where}: {problem}"},
    "tck.where.case": {"en": "test case {id}", "da": "testcase {id}"},
    "tck.where.input": {"en": "test case {id}, input {name}", "da": "testcase {id}, input {name}"},
    "tck.where.result": {"en": "test case {id}, result {name}",
                         "da": "testcase {id}, resultat {name}"},
    "tck.input-no-name": {"en": "an <inputNode> has no name",
                          "da": "en <inputNode> har intet navn"},
    "tck.input-twice": {"en": "the input appears twice", "da": "input forekommer to gange"},
    "tck.result-no-name": {"en": "a <resultNode> has no name",
                           "da": "en <resultNode> har intet navn"},
    "tck.unexpected-element": {"en": "unexpected <{tag}>", "da": "uventet <{tag}>"},
    "tck.value.not-a-number": {"en": "{text} is not a number", "da": "{text} er ikke et tal"},
    "tck.value.not-finite": {"en": "{text} is not a finite number",
                             "da": "{text} er ikke et endeligt tal"},
    "tck.value.not-a-boolean": {"en": "{text} is not a boolean",
                                "da": "{text} er ikke en sandhedsværdi"},
    "tck.value.not-valid": {"en": "{text} is not a valid {kind}",
                            "da": "{text} er ikke gyldig som {kind}"},
    "tck.kind.date": {"en": "date", "da": "dato"},
    "tck.kind.time": {"en": "time", "da": "tidspunkt"},
    "tck.kind.date-and-time": {"en": "date and time", "da": "dato og tid"},
    "tck.kind.duration": {"en": "duration", "da": "varighed"},
    "tck.value.holds-elements": {"en": "a <value> must hold text, not elements",
                                 "da": "en <value> skal indeholde tekst, ikke elementer"},
    "tck.value.unknown-type": {"en": "unknown xsi:type {type}", "da": "ukendt xsi:type {type}"},
    "tck.value.component-no-name": {"en": "a <component> has no name",
                                    "da": "en <component> har intet navn"},
    "tck.value.component-twice": {"en": "component {name} appears twice",
                                  "da": "komponenten {name} forekommer to gange"},
    "tck.value.in-component": {"en": "component {name}: {problem}",
                               "da": "komponenten {name}: {problem}"},
    "tck.value.mixed": {"en": "expected one <value>, one <list> or <component>s, found {found}",
                        "da": "forventede én <value>, én <list> eller <component>-elementer, "
                              "fandt {found}"},
    "tck.value.list-holds": {"en": "a <list> holds <{tag}>, not <item>",
                             "da": "en <list> indeholder <{tag}>, ikke <item>"},
    "tck.value.in-list-item": {"en": "list item {index}: {problem}",
                               "da": "element {index} i listen: {problem}"},

    # tck: running test cases
    "tck.problem": {"en": "{code}: {text}", "da": "{code}: {text}"},
    "tck.problem.at": {"en": "{where}: {code}: {text}", "da": "{where}: {code}: {text}"},
    "tck.model-not-loading": {"en": "the model does not load: {problem}",
                              "da": "modellen kan ikke indlæses: {problem}"},
    "tck.input-beyond": {
        "en": "input {name}: regel cannot hold the value {value} (a year beyond "
              "-999999999 to 999999999, or a fraction of a second finer than nanoseconds)",
        "da": "input {name}: regel kan ikke rumme værdien {value} (et år uden for "
              "-999999999 til 999999999 eller en brøkdel af et sekund finere end "
              "nanosekunder)"},
    "tck.unsupported-type": {"en": "regel does not run test cases of type '{type}' yet",
                             "da": "regel kører endnu ikke testcases af typen '{type}'"},
    "tck.unsupported-type/invoking": {
        "en": "regel does not run test cases of type '{type}' yet (this one invokes '{name}')",
        "da": "regel kører endnu ikke testcases af typen '{type}' (denne kalder '{name}')"},
    "tck.crash": {"en": "regel failed with an internal error ({type}: {text})",
                  "da": "regel fejlede med en intern fejl ({type}: {text})"},
    "tck.in-node": {"en": "{name}: {problem}", "da": "{name}: {problem}"},
    "tck.an-error": {"en": "an error or null", "da": "en fejl eller null"},
    "tck.fact-problem": {"en": "{fact}: {problem}", "da": "{fact}: {problem}"},
    "tck.expected-got": {"en": "{name}: expected {expected}, got {actual}",
                         "da": "{name}: forventede {expected}, fik {actual}"},
    "tck.expected-got-error": {"en": "{name}: expected {expected}, got {actual} ({error})",
                               "da": "{name}: forventede {expected}, fik {actual} ({error})"},

    # caseschema: the schema's own sentences
    "schema.description": {
        "en": "A case for the rule pack '{pack}' {version}: the facts it accepts, generated "
              "from its pack.yaml by `regel schema`.",
        "da": "En sag til regelsættet '{pack}' {version}: de oplysninger, det tager imod, "
              "dannet ud fra dets pack.yaml af `regel schema`.",
    },
    "schema.id": {"en": "The case's id.", "da": "Sagens id."},
    "schema.as-of": {"en": "The date the case is judged at (YYYY-MM-DD).",
                     "da": "Den dato, sagen afgøres pr. (ÅÅÅÅ-MM-DD)."},
    "schema.decisions": {"en": "The questions the case is about (decision ids).",
                         "da": "De spørgsmål, sagen drejer sig om (afgørelsernes id'er)."},
    "schema.facts": {"en": "The case facts, by id.", "da": "Sagens oplysninger, efter id."},
    "schema.allowed": {"en": " (allowed: {allowed})", "da": " (tilladt: {allowed})"},

    # pytest_plugin
    "pytest.pack-not-loading": {"en": "the rule pack {folder} does not load:",
                                "da": "regelsættet {folder} kan ikke indlæses:"},

    # diff: the text of `regel diff`
    "diff.note": {"en": "note", "da": "bemærk"},
    "diff.note.ids": {"en": "the packs have different ids: {old} → {new}",
                      "da": "regelsættene har forskellige id'er: {old} → {new}"},
    "diff.note.version": {"en": "pack version: {old} → {new}",
                          "da": "regelsættets version: {old} → {new}"},
    "diff.note.literal": {
        "en": "{period}: not analysed by region (a literal expression); see the replayed cases",
        "da": "{period}: ikke analyseret efter område (et udtryk, ikke en tabel); se de "
              "genkørte sager",
    },
    "diff.note.capped": {"en": "only the first {count} regions are reported",
                         "da": "kun de første {count} områder er medtaget"},
    "diff.no-differences": {"en": "no differences", "da": "ingen forskelle"},
    "diff.decision": {"en": "decision {id}", "da": "afgørelse {id}"},
    "diff.version": {"en": "version from {date} {period}: {kind}",
                     "da": "version fra {date} {period}: {kind}"},
    "diff.rule": {"en": "rule {id}: {kind}", "da": "regel {id}: {kind}"},
    "diff.rule-order": {"en": "rule order: {old} → {new}", "da": "regelrækkefølge: {old} → {new}"},
    "diff.kind.added": {"en": "added", "da": "tilføjet"},
    "diff.kind.removed": {"en": "removed", "da": "fjernet"},
    "diff.kind.changed": {"en": "changed", "da": "ændret"},
    "diff.kind.moved": {"en": "moved", "da": "flyttet"},
    "diff.outputs-differ.one": {"en": "outputs differ in {count} region:",
                                "da": "resultaterne er forskellige i {count} område:"},
    "diff.outputs-differ.many": {"en": "outputs differ in {count} regions:",
                                 "da": "resultaterne er forskellige i {count} områder:"},
    "diff.where": {"en": "{period} where {condition}", "da": "{period} hvor {condition}"},
    "diff.every-case": {"en": "every case", "da": "alle sager"},
    "diff.condition.any": {"en": "{column} any", "da": "{column} vilkårlig"},
    "diff.condition.in": {"en": "{column} in {tests}", "da": "{column} i {tests}"},
    "diff.witness": {"en": "witness {witness}", "da": "eksempel {witness}"},
    "diff.no-inputs": {"en": "(no inputs)", "da": "(ingen oplysninger)"},
    "diff.rules-matched-same": {"en": "rules matched: the same {count} in both",
                                "da": "regler, der gjaldt: de samme {count} i begge"},
    "diff.rules-matched": {"en": "rules matched: {old} → {new}",
                           "da": "regler, der gjaldt: {old} → {new}"},
    "diff.none": {"en": "none", "da": "ingen"},
    "diff.output": {"en": "output", "da": "resultat"},
    "diff.error": {"en": "error ({error})", "da": "fejl ({error})"},
    "diff.whole-value": {"en": "(value)", "da": "(værdien)"},
    "diff.more": {"en": "… and {count} more (see --format json)",
                  "da": "… og {count} mere (se --format json)"},
    "diff.test": {"en": "test: {name}", "da": "test: {name}"},
    "diff.case": {"en": "case: {name}", "da": "sag: {name}"},
    "diff.changed-outcomes": {
        "en": "changed outcomes ({count} of {run} tests and cases run):",
        "da": "ændrede udfald ({count} af {run} kørte tests og sager):",
    },
    "diff.same-outcomes": {"en": "all {count} tests and cases give the same outcomes",
                           "da": "alle {count} tests og sager giver de samme udfald"},
    "diff.summary": {"en": "{rules}, {regions}, {outcomes}",
                     "da": "{rules}, {regions}, {outcomes}"},
    "diff.rules-changed.one": {"en": "{count} rule changed", "da": "{count} regel ændret"},
    "diff.rules-changed.many": {"en": "{count} rules changed", "da": "{count} regler ændret"},
    "diff.regions.one": {"en": "{count}{more} region with different outputs",
                         "da": "{count}{more} område med forskellige resultater"},
    "diff.regions.many": {"en": "{count}{more} regions with different outputs",
                          "da": "{count}{more} områder med forskellige resultater"},
    "diff.outcomes-changed.one": {"en": "{count} test outcome changed",
                                  "da": "{count} testudfald ændret"},
    "diff.outcomes-changed.many": {"en": "{count} test outcomes changed",
                                   "da": "{count} testudfald ændret"},
}

if MESSAGES.keys() & _BATCH_TCK_DIFF.keys():
    raise ValueError("a tools message key is defined twice: "
                     + ", ".join(sorted(MESSAGES.keys() & _BATCH_TCK_DIFF.keys())))
MESSAGES.update(_BATCH_TCK_DIFF)


# ---------------------------------------------------------------------------------------------
# regel replay: a trace that contradicts itself or holds a key twice, and the differences in
# what chose a version and in the decisions recorded. Kept apart and merged in (a key may be
# defined only once).
_REPLAY_GUARD: dict[str, dict[str, str]] = {
    "TRACE-DUPLICATE-KEY": {
        "en": "the trace holds the key \"{name}\" twice in one object ({path}); a JSON "
              "reader silently keeps only one of them, so the trace cannot be trusted",
        "da": "sporet indeholder nøglen \"{name}\" to gange i samme objekt ({path}); et "
              "program, der læser JSON, beholder uden varsel kun den ene, så man kan ikke "
              "stole på sporet",
    },
    "TRACE-FORMAT/decision-no-selected-by": {
        "en": "the decision '{decision}' in the trace does not say what chose its version "
              "(selected_by)",
        "da": "afgørelsen '{decision}' i sporet siger ikke, hvad der afgjorde, hvilken "
              "version der blev brugt (selected_by)",
    },
    "TRACE-INCONSISTENT/twice": {
        "en": "the decision '{decision}' is recorded twice in the trace (decisions number "
              "{first} and {second}); each decision is evaluated once",
        "da": "afgørelsen '{decision}' er registreret to gange i sporet (afgørelse nr. "
              "{first} og {second}); hver afgørelse vurderes kun én gang",
    },
    "TRACE-INCONSISTENT/no-decisions": {
        "en": "the trace gives an output for '{decision}' but records no decisions at all "
              "(decisions is empty)",
        "da": "sporet giver et resultat for '{decision}', men har slet ingen afgørelser "
              "registreret (decisions er tom)",
    },
    "TRACE-INCONSISTENT/no-record": {
        "en": "the trace gives an output for '{decision}' but has no record of that "
              "decision in decisions",
        "da": "sporet giver et resultat for '{decision}', men afgørelsen er ikke registreret "
              "i decisions",
    },
    "TRACE-INCONSISTENT/output": {
        "en": "the output of '{decision}' is {output} in outputs, but {record} in the "
              "decision's record",
        "da": "resultatet af '{decision}' er {output} i outputs, men {record} i "
              "registreringen af afgørelsen",
    },
    "TRACE-INCONSISTENT/as-of": {
        "en": "the trace's as_of is {as_of}, but its decisions' versions were chosen by the "
              "as-of date {date} (selected_by.date of '{decision}')",
        "da": "sporets as_of er {as_of}, men versionerne af afgørelserne blev valgt ud fra "
              "opgørelsesdatoen {date} (selected_by.date for '{decision}')",
    },
    "TRACE-INCONSISTENT/selected-date": {
        "en": "the version of '{decision}' was chosen by the as-of date, but its "
              "selected_by.date is {date} while the trace's as_of is {as_of}",
        "da": "versionen af '{decision}' blev valgt ud fra opgørelsesdatoen, men dens "
              "selected_by.date er {date}, mens sporets as_of er {as_of}",
    },
    "TRACE-INCONSISTENT/version-date": {
        "en": "the version of '{decision}' in the trace, {period}, is not in force on {date}, "
              "the date recorded as choosing it",
        "da": "versionen af '{decision}' i sporet, {period}, gælder ikke den {date}, som er "
              "registreret som den dato, der valgte den",
    },
    "TRACE-INCONSISTENT/input": {
        "en": "the decision '{decision}' read '{name}' as {value}, but the record of "
              "'{name}' gives {output}",
        "da": "afgørelsen '{decision}' læste '{name}' som {value}, men registreringen af "
              "'{name}' giver {output}",
    },
    "TRACE-INCONSISTENT/input-unrecorded": {
        "en": "the decision '{decision}' read the decision '{name}', which the trace does "
              "not record",
        "da": "afgørelsen '{decision}' læste afgørelsen '{name}', som ikke er registreret i "
              "sporet",
    },
    # the differences (replay.<kind> names each kind of difference)
    "replay.selected_by": {
        "en": "what chose the version of {decision}: recorded {recorded}, now {now}",
        "da": "det, der valgte versionen af {decision}: registreret {recorded}, nu {now}",
    },
    "replay.chosen_by_as_of": {"en": "{date} (the as-of date)", "da": "{date} (opgørelsesdatoen)"},
    "replay.chosen_by": {"en": "{date} (from {expression})", "da": "{date} (fra {expression})"},
    "replay.unrecorded_decision": {
        "en": "decision {decision}: evaluated this time, but not in the trace",
        "da": "afgørelsen {decision}: vurderet denne gang, men ikke i sporet",
    },
}

if MESSAGES.keys() & _REPLAY_GUARD.keys():
    raise ValueError("a tools message key is defined twice: "
                     + ", ".join(sorted(MESSAGES.keys() & _REPLAY_GUARD.keys())))
MESSAGES.update(_REPLAY_GUARD)


# batch: every input line gets a result line (issue 19): located problems of bytes, text and
# CSV quoting. Kept apart and merged in here (a key may be defined only once).
_BATCH_LINES: dict[str, dict[str, str]] = {
    "batch.json.lone-surrogate": {
        "en": "{escape} at column {column} is half of a surrogate pair, which is no character",
        "da": "{escape} i kolonne {column} er kun den ene halvdel af et surrogatpar og dermed "
              "intet tegn",
    },
    "CASE-FORMAT/not-utf8-at": {
        "en": "the line is not UTF-8 text: the byte {byte} at line {line}, column {column} is "
              "not UTF-8 (save the file as UTF-8)",
        "da": "linjen er ikke UTF-8-tekst: byten {byte} i linje {line}, kolonne {column} er "
              "ikke UTF-8 (gem filen som UTF-8)",
    },
    "CASE-FORMAT/row-not-utf8-at": {
        "en": "the row is not UTF-8 text: the byte {byte} at line {line}, column {column} is "
              "not UTF-8 (save the CSV file as UTF-8)",
        "da": "rækken er ikke UTF-8-tekst: byten {byte} i linje {line}, kolonne {column} er "
              "ikke UTF-8 (gem CSV-filen som UTF-8)",
    },
    "CASE-FORMAT/line-too-long": {
        "en": "the line is {size} bytes long, and a line of cases may hold at most {limit} MiB; "
              "it was not read",
        "da": "linjen fylder {size} byte, og en linje med sager må højst fylde {limit} MiB; "
              "den blev ikke læst",
    },
    "CSV-HEADER/too-long": {
        "en": "the header row is {size} bytes long, and a line may hold at most {limit} MiB",
        "da": "overskriftsrækken fylder {size} byte, og en linje må højst fylde {limit} MiB",
    },
    "CASE-FORMAT/empty-row": {
        "en": "the row is empty; a case is one row with a value in at least one cell",
        "da": "rækken er tom; en sag er én række med en værdi i mindst én celle",
    },
    "CASE-FORMAT/unclosed-quote": {
        "en": "the quote at line {line}, column {column} opens a cell that is not closed "
              "properly (a cell in quotes ends with a quote, then a separator or the end of "
              "the row); the lines after it are read as rows of their own",
        "da": "anførselstegnet i linje {line}, kolonne {column} åbner en celle, der ikke "
              "lukkes korrekt (en celle i anførselstegn slutter med et anførselstegn og "
              "derefter et skilletegn eller rækkens slutning); linjerne efter den læses som "
              "selvstændige rækker",
    },
    "CASE-FORMAT/after-quote": {
        "en": "text follows the closing quote of a cell at line {line}, column {column}: after "
              "a cell in quotes comes a separator or the end of the row (a quote inside a "
              "cell is written as two quotes: \"\")",
        "da": "der står tekst efter det afsluttende anførselstegn i en celle i linje {line}, "
              "kolonne {column}: efter en celle i anførselstegn kommer et skilletegn eller "
              "rækkens slutning (et anførselstegn inde i en celle skrives som to: \"\")",
    },
    "FILE-UNREADABLE/csv-header-at": {
        "en": "the header row is not UTF-8 text: the byte {byte} is not UTF-8 (save the CSV "
              "file as UTF-8)",
        "da": "overskriftsrækken er ikke UTF-8-tekst: byten {byte} er ikke UTF-8 (gem "
              "CSV-filen som UTF-8)",
    },
    "CSV-HEADER/unclosed-quote": {
        "en": "the quote here opens a cell of the header row that is not closed; the header "
              "row is one line that names each column",
        "da": "anførselstegnet her åbner en celle i overskriftsrækken, som ikke lukkes; "
              "overskriftsrækken er én linje, der navngiver hver kolonne",
    },
    "CSV-HEADER/after-quote": {
        "en": "text follows the closing quote of a cell of the header row here: after a cell "
              "in quotes comes a separator or the end of the row",
        "da": "der står tekst efter det afsluttende anførselstegn i en celle i "
              "overskriftsrækken her: efter en celle i anførselstegn kommer et skilletegn "
              "eller rækkens slutning",
    },
    "CSV-HEADER/unreadable": {
        "en": "the header row cannot be read as CSV ({problem})",
        "da": "overskriftsrækken kan ikke læses som CSV ({problem})",
    },
}

if MESSAGES.keys() & _BATCH_LINES.keys():
    raise ValueError("a tools message key is defined twice: "
                     + ", ".join(sorted(MESSAGES.keys() & _BATCH_LINES.keys())))
MESSAGES.update(_BATCH_LINES)
