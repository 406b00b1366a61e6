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
