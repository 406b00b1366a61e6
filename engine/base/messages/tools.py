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
        "da": "sag {case}, pr. {as_of}, pakke {pack} {version}",
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
        "da": "pakken har den ikke længere",
    },
    "replay.not_evaluated": {
        "en": "it was not evaluated this time",
        "da": "den blev ikke vurderet denne gang",
    },
    "replay.case": {
        "en": "the pack no longer accepts the case: {message}",
        "da": "pakken accepterer ikke længere sagen: {message}",
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
}
