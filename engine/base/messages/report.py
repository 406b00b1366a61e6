"""Messages of the report stage: every sentence and label an explanation report shows, and
the labels of the terminal grid of a decision's tables (``regel show``)."""

MESSAGES: dict[str, dict[str, str]] = {
    "report.title": {"da": "Forklaring af afgørelse", "en": "Explanation of the decision"},
    "report.intro": {
        "da": "Denne forklaring viser, hvilke oplysninger der er lagt til grund, hvilke regler "
              "der førte til hvert resultat, med hvilken hjemmel, og hvorfor de øvrige regler "
              "ikke fandt anvendelse.",
        "en": "This explanation shows which facts were used, which rules led to each result, "
              "on which legal basis, and why the other rules did not apply.",
    },
    "report.pack": {"da": "Regelsæt", "en": "Rules"},
    "report.case": {"da": "Sag", "en": "Case"},
    "report.as_of": {"da": "Opgjort pr.", "en": "Assessed as of"},
    "report.facts": {"da": "Sagens oplysninger", "en": "The facts of the case"},
    "report.fact": {"da": "Oplysning", "en": "Fact"},
    "report.value": {"da": "Værdi", "en": "Value"},
    "report.questions": {"da": "Spørgsmål og svar", "en": "Questions and answers"},
    "report.supporting": {"da": "Bilag: Mellemregninger", "en": "Appendix: Intermediate results"},
    "report.supporting_intro": {
        "da": "Svarene i forklaringen bygger på disse mellemresultater.",
        "en": "The answers in this explanation rest on these intermediate results.",
    },
    "report.result": {"da": "Resultat", "en": "Result"},
    "report.decided_by": {"da": "Afgjort af", "en": "Decided by"},
    "report.decided_by_rule": {"da": "regel {rule}", "en": "rule {rule}"},
    "report.because": {"da": "Reglen fandt anvendelse, fordi:", "en": "The rule applied because:"},
    "report.column": {"da": "Betingelse", "en": "Condition"},
    "report.case_value": {"da": "Sagens værdi", "en": "Value in the case"},
    "report.rule_requires": {"da": "Reglen kræver", "en": "The rule requires"},
    "report.any_value": {"da": "(enhver værdi)", "en": "(any value)"},
    "report.expression": {
        "da": "Resultatet er beregnet efter en formel i regelsættet.",
        "en": "The result is computed by a formula in the rules.",
    },
    "report.how": {"da": "Sådan blev det afgjort", "en": "How it was decided"},
    "report.version": {"da": "Gældende regler", "en": "Rules in force"},
    "report.version_from_to": {
        "da": "regler gældende fra {start} til {end}",
        "en": "rules in force from {start} to {end}",
    },
    "report.version_from": {"da": "regler gældende fra {start}",
                            "en": "rules in force from {start}"},
    "report.selected_by_date": {
        "da": "valgt ud fra {what}: {date}",
        "en": "chosen by {what}: {date}",
    },
    "report.the_as_of_date": {"da": "opgørelsesdatoen", "en": "the as-of date"},
    "report.legal_basis": {"da": "Hjemmel", "en": "Legal basis"},
    "report.interpretation": {"da": "Fortolkning", "en": "Interpretation"},
    "report.interpretation_intro": {
        "da": "Resultatet bygger på en fortolkning, hvor kilderne ikke er entydige:",
        "en": "The result rests on an interpretation where the sources are not clear:",
    },
    "report.warning": {"da": "Advarsel", "en": "Warning"},
    "report.not_applied": {"da": "Regler der ikke fandt anvendelse",
                           "en": "Rules that did not apply"},
    "report.not_applied_count": {
        "da": "{count} regler fandt ikke anvendelse",
        "en": "{count} rules did not apply",
    },
    "report.not_applied_one": {"da": "1 regel fandt ikke anvendelse",
                               "en": "1 rule did not apply"},
    "report.not_listed": {
        "da": "{count} af disse regler er ikke vist her; myndigheden kan få dem alle med "
              "(se bilaget til myndigheden).",
        "en": "{count} of these rules are not shown here; the authority can have them all "
              "listed (see the appendix for the authority).",
    },
    "report.not_listed_one": {
        "da": "1 af disse regler er ikke vist her; myndigheden kan få den med "
              "(se bilaget til myndigheden).",
        "en": "1 of these rules is not shown here; the authority can have it listed "
              "(see the appendix for the authority).",
    },
    "report.authority.why_not": {"da": "Alle regler, der ikke fandt anvendelse",
                                 "en": "Every rule that did not apply"},
    "report.authority.why_not_how": {
        "da": "regel explain med --why-not all forklarer hver af dem",
        "en": "regel explain with --why-not all explains each of them",
    },
    "report.calculation_rule": {
        "da": "en beregningsregel, som de øvrige afgørelser bruger",
        "en": "a calculation rule that the other decisions use",
    },
    "report.not_applied_because": {
        "da": "{label} var {value}, men reglen kræver {cell}",
        "en": "{label} was {value}, but the rule requires {cell}",
    },
    "report.not_applied_because_absent": {
        "da": "{label} var {value}, men reglen gælder kun, når den ikke er oplyst",
        "en": "{label} was {value}, but the rule applies only when it is not given",
    },
    "report.rule": {"da": "Regel", "en": "Rule"},
    "report.reason": {"da": "Begrundelse", "en": "Reason"},
    "report.inputs_used": {"da": "Lagt til grund", "en": "Based on"},
    "report.from_fact": {"da": "sagens oplysning", "en": "case fact"},
    "report.from_decision": {"da": "mellemresultat", "en": "intermediate result"},
    "report.from_missing": {"da": "ikke oplyst", "en": "not given"},
    "report.from_default": {"da": "standardværdi", "en": "default"},
    "report.from_argument": {"da": "argument", "en": "argument"},
    "report.call_heading": {"da": "{label}, kald {n}: {arguments}",
                     "en": "{label}, call {n}: {arguments}"},
    "report.default_used": {
        "da": "Ingen regel fandt anvendelse; standardværdien gælder.",
        "en": "No rule applied; the default value applies.",
    },
    "report.answers": {"da": "Svar", "en": "Answer"},
    "report.answer_default": {"da": "{label}: {result}.", "en": "{label}: {result}."},
    "report.basis": {"da": "jf.", "en": "see"},
    "report.interpreted": {
        "da": "Svaret bygger på en fortolkning, hvor kilderne ikke er entydige; se nedenfor.",
        "en": "The answer rests on an interpretation where the sources are not clear; see "
              "below.",
    },
    "report.reasoning": {"da": "Sådan er det afgjort", "en": "How it was decided"},
    "report.rule_applied": {"da": "Den regel, der fandt anvendelse", "en": "The rule that applied"},
    "report.absent": {"da": "ikke oplyst", "en": "not given"},
    "report.none_in_sentence": {"da": "ingen", "en": "none"},
    "report.see_section": {"da": "se «{label}»", "en": "see “{label}”"},
    "report.sources": {"da": "Kilder", "en": "Sources"},
    "report.how.one": {"da": "Én regel passede på sagen.", "en": "One rule fits the case."},
    "report.how.same": {
        "da": "{count} regler passede på sagen, og de giver samme resultat.",
        "en": "{count} rules fit the case, and they give the same result.",
    },
    "report.how.priority": {
        "da": "{count} regler passede på sagen; resultatet er det, der har forrang.",
        "en": "{count} rules fit the case; the result is the one that takes precedence.",
    },
    "report.how.first": {
        "da": "{count} regler passede på sagen; den regel, der står først, afgør det.",
        "en": "{count} rules fit the case; the rule listed first decides.",
    },
    "report.how.all": {
        "da": "Resultatet samler det, som hver af de regler, der passede på sagen, giver "
              "({count}).",
        "en": "The result gathers what each rule that fits the case gives ({count}).",
    },
    "report.how.sum": {
        "da": "Resultatet er summen af det, som de {count} regler, der passede, giver.",
        "en": "The result is the sum of what the {count} rules that fit give.",
    },
    "report.how.min": {
        "da": "Resultatet er det mindste af det, som de {count} regler, der passede, giver.",
        "en": "The result is the smallest of what the {count} rules that fit give.",
    },
    "report.how.max": {
        "da": "Resultatet er det største af det, som de {count} regler, der passede, giver.",
        "en": "The result is the largest of what the {count} rules that fit give.",
    },
    "report.how.count": {"da": "{count} regler passede på sagen.",
                         "en": "{count} rules fit the case."},
    "report.how.none": {
        "da": "Ingen regel passede på sagen, så der er intet resultat.",
        "en": "No rule fits the case, so there is no result.",
    },
    "report.how.default": {
        "da": "Ingen regel passede på sagen, så standardværdien gælder.",
        "en": "No rule fits the case, so the default value applies.",
    },
    "report.authority": {"da": "Bilag: Til myndigheden", "en": "Appendix: For the authority"},
    "report.authority_intro": {
        "da": "Oplysninger til kontrol og efterprøvning af afgørelsen.",
        "en": "What is needed to check and replay the decision.",
    },
    "report.authority.pack": {"da": "Regelsæt og version", "en": "Rules and version"},
    "report.authority.fingerprint": {"da": "Regelsættets fingeraftryk (SHA-256)",
                                     "en": "Fingerprint of the rules (SHA-256)"},
    "report.authority.engine": {"da": "Program", "en": "Engine"},
    "report.authority.replay": {"da": "Efterprøvning", "en": "Replay"},
    "report.authority.replay_how": {
        "da": "gem sporet med regel explain {pack} --case SAG.yaml --format json -o spor.json "
              "og efterprøv det med regel replay spor.json",
        "en": "save the trace with regel explain {pack} --case CASE.yaml --format json -o "
              "trace.json and replay it with regel replay trace.json",
    },
    "report.page": {"da": "Side", "en": "Page"},

    # --- input cells in words (``< 2011-01-01`` is 'før 1. januar 2011') -------------------
    "report.cell.<": {"da": "under {v}", "en": "below {v}"},
    "report.cell.<=": {"da": "højst {v}", "en": "at most {v}"},
    "report.cell.>": {"da": "over {v}", "en": "above {v}"},
    "report.cell.>=": {"da": "mindst {v}", "en": "at least {v}"},
    "report.cell.=": {"da": "lig med {v}", "en": "equal to {v}"},
    "report.cell.!=": {"da": "forskellig fra {v}", "en": "other than {v}"},
    "report.cell.date<": {"da": "før {v}", "en": "before {v}"},
    "report.cell.date<=": {"da": "senest {v}", "en": "on or before {v}"},
    "report.cell.date>": {"da": "efter {v}", "en": "after {v}"},
    "report.cell.date>=": {"da": "den {v} eller senere", "en": "on or after {v}"},
    "report.cell.from": {"da": "fra og med {v}", "en": "from {v}"},
    "report.cell.after": {"da": "efter {v}", "en": "after {v}"},
    "report.cell.to": {"da": "til og med {v}", "en": "up to and including {v}"},
    "report.cell.before": {"da": "til {v} (ikke med)", "en": "up to {v} (not included)"},
    "report.cell.not": {"da": "ikke {v}", "en": "not {v}"},
    "report.cell.or": {"da": "eller", "en": "or"},
    "report.cell.true": {"da": "ja", "en": "yes"},
    "report.cell.false": {"da": "nej", "en": "no"},
    # --- the terminal grid of a decision's tables (regel show) ---------------------------
    "report.grid.period": {"da": "fra {start} til {end}", "en": "from {start} to {end}"},
    "report.grid.period_open": {"da": "fra {start} og frem", "en": "from {start} onwards"},
    "report.grid.expression": {"da": "udtryk", "en": "expression"},
    "report.grid.law": {"da": "hjemmel", "en": "law"},
    "report.grid.default": {"da": "standardværdi", "en": "default"},
    "report.grid.interpretation": {"da": "FORTOLKNING", "en": "INTERPRETATION"},
    # the printed page (regel.report.css) and the PDF (regel.report.pdf)
    "report.print.page": {"da": "Side {page} af {pages}", "en": "Page {page} of {pages}"},
    "REPORT-PDF-MISSING": {
        "da": "PDF kræver den valgfrie del: pip install 'regel[pdf]'",
        "en": "PDF needs the optional part: pip install 'regel[pdf]'",
    },
    "REPORT-PDF-MISSING/library": {
        "da": "PDF kræver tekstbibliotekerne Pango og HarfBuzz, som ikke kunne indlæses "
              "({reason}); på Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        "en": "PDF needs the text libraries Pango and HarfBuzz, which could not be loaded "
              "({reason}); on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
    },
}
