"""Messages of the dmn stage: a DMN model regel cannot read (regel.dmn.reader), and XML
that is not well-formed (regel.source.xmltree, whose only reader of files is DMN)."""

_DMN_START = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20230324/MODEL/\">"

MESSAGES: dict[str, dict[str, str]] = {
    # ---- XML that is not well-formed (regel.source.xmltree)
    "XML-SYNTAX": {
        "en": "the file is not well-formed XML: {reason}",
        "da": "filen er ikke velformet XML: {reason}",
    },
    # expat's words for the usual mistakes (the English is expat's own)
    "xml.reason.invalid-token": {"en": "not well-formed (invalid token)",
                                 "da": "et ugyldigt tegn"},
    "xml.reason.tag-mismatch": {"en": "mismatched tag",
                                "da": "sluttagget passer ikke til starttagget"},
    "xml.reason.undefined-entity": {"en": "undefined entity", "da": "ukendt entitet"},
    "xml.reason.unclosed-token": {"en": "unclosed token",
                                  "da": "et tag eller en værdi er ikke afsluttet"},
    "xml.reason.no-elements": {"en": "no element found", "da": "der er intet element"},
    "xml.reason.syntax": {"en": "syntax error", "da": "syntaksfejl"},
    "xml.reason.junk-after-root": {"en": "junk after document element",
                                   "da": "der står noget efter dokumentets rodelement"},
    "xml.reason.duplicate-attribute": {"en": "duplicate attribute",
                                       "da": "den samme attribut står to gange"},
    "xml.reason.unbound-prefix": {"en": "unbound prefix",
                                  "da": "præfikset er ikke knyttet til et navnerum"},
    "xml.reason.bad-character-reference": {"en": "reference to invalid character number",
                                           "da": "henvisning til et ugyldigt tegnnummer"},
    "xml.reason.unclosed-cdata": {"en": "unclosed CDATA section",
                                  "da": "en CDATA-sektion er ikke afsluttet"},
    "xml.reason.bad-declaration": {"en": "XML declaration not well-formed",
                                   "da": "XML-erklæringen er ikke velformet"},
    "xml.reason.misplaced-declaration": {
        "en": "XML or text declaration not at start of entity",
        "da": "XML-erklæringen står ikke i begyndelsen af filen"},
    "xml.reason.unknown-encoding": {"en": "unknown encoding", "da": "ukendt tegnkodning"},
    "xml.reason.incorrect-encoding": {
        "en": "encoding specified in XML declaration is incorrect",
        "da": "tegnkodningen i XML-erklæringen er forkert"},
    "xml.reason.partial-character": {"en": "partial character",
                                     "da": "et tegn er ufuldstændigt"},
    "xml.reason.recursive-entity": {"en": "recursive entity reference",
                                    "da": "en entitet henviser til sig selv"},

    # ---- a DMN file that is not a model regel can read (regel.dmn.reader)
    "DMN-XML": {
        "en": "the file is not well-formed XML: {reason}{hint}",
        "da": "filen er ikke velformet XML: {reason}{hint}",
    },
    "dmn.xml-hint.invalid-token": {
        "en": "; in XML, write < as &lt; and & as &amp; (also inside a <text>, as in &lt; 18)",
        "da": "; i XML skrives < som &lt; og & som &amp; (også inde i en <text>, "
              "som i &lt; 18)",
    },
    "dmn.xml-hint.undefined-entity": {
        "en": "; XML knows only &lt; &gt; &amp; &quot; and &apos;",
        "da": "; XML kender kun &lt; &gt; &amp; &quot; og &apos;",
    },
    "DMN-NAMESPACE/root": {
        "en": "this is not a DMN 1.1–1.5 model: the root element is <{tag}> in the namespace "
              "{namespace}; a DMN model starts with " + _DMN_START,
        "da": "dette er ikke en DMN 1.1–1.5-model: rodelementet er <{tag}> i navnerummet "
              "{namespace}; en DMN-model begynder med " + _DMN_START,
    },
    "DMN-NAMESPACE/no-namespace": {
        "en": "this is not a DMN 1.1–1.5 model: the root element is <{tag}> without a "
              "namespace; a DMN model starts with " + _DMN_START,
        "da": "dette er ikke en DMN 1.1–1.5-model: rodelementet er <{tag}> uden navnerum; "
              "en DMN-model begynder med " + _DMN_START,
    },
    "DMN-NAMESPACE/mixed": {
        "en": "the element <{tag}> is in the namespace of DMN {version}, but the model is "
              "DMN {model}; a model is written in one DMN version",
        "da": "elementet <{tag}> står i navnerummet for DMN {version}, men modellen er "
              "DMN {model}; en model skrives i én DMN-version",
    },
    "DMN-UNSUPPORTED/element": {
        "en": "the DMN element <{tag}> is not supported by regel",
        "da": "DMN-elementet <{tag}> understøttes ikke af regel",
    },
    "DMN-UNSUPPORTED/element-what": {
        "en": "the DMN element <{tag}> ({what}) is not supported by regel",
        "da": "DMN-elementet <{tag}> ({what}) understøttes ikke af regel",
    },
    "DMN-UNSUPPORTED/reference": {
        "en": "the reference '{ref}' points into another model; imported models are not "
              "supported by regel",
        "da": "henvisningen '{ref}' peger ind i en anden model; regel understøtter ikke "
              "importerede modeller",
    },
    # what an unsupported element is, inside DMN-UNSUPPORTED/element-what
    "dmn.what.boxed-context": {"en": "a boxed context", "da": "en kontekst i boksform"},
    "dmn.what.boxed-relation": {"en": "a relation", "da": "en relation"},
    "dmn.what.boxed-list": {"en": "a boxed list", "da": "en liste i boksform"},
    "dmn.what.boxed-functionDefinition": {"en": "a boxed function definition",
                                          "da": "en funktionsdefinition i boksform"},
    "dmn.what.boxed-conditional": {"en": "a boxed conditional",
                                   "da": "en betingelse (if) i boksform"},
    "dmn.what.boxed-for": {"en": "a boxed for", "da": "en gentagelse (for) i boksform"},
    "dmn.what.boxed-every": {"en": "a boxed every", "da": "et 'every' i boksform"},
    "dmn.what.boxed-some": {"en": "a boxed some", "da": "et 'some' i boksform"},
    "dmn.what.boxed-filter": {"en": "a boxed filter", "da": "et filter i boksform"},
    "dmn.what.boxed-iterator": {"en": "a boxed iterator", "da": "en gennemløber i boksform"},
    "dmn.what.second-constraint": {
        "en": "a second constraint that is not a list of values; regel keeps one range or "
              "test per type",
        "da": "endnu en begrænsning, der ikke er en liste af værdier; regel gemmer ét "
              "interval eller én test pr. type",
    },
    "dmn.what.import": {"en": "an import of another model",
                        "da": "en import af en anden model"},
    "dmn.what.decision-service": {"en": "a decision service", "da": "en beslutningstjeneste"},
    "dmn.what.function-kind": {"en": "a function of kind {kind}",
                               "da": "en funktion af typen {kind}"},
    "dmn.what.second-logic": {"en": "a second piece of decision logic",
                              "da": "endnu en beslutningslogik"},
    "dmn.what.language": {"en": "a literal expression in the language '{language}'",
                          "da": "et udtryk skrevet i sproget '{language}'"},
    "dmn.what.imported-values": {"en": "imported values", "da": "importerede værdier"},
    "dmn.what.invocation-callee": {
        "en": "an invocation whose function is not named by a literal expression",
        "da": "et funktionskald, hvor funktionen ikke er angivet ved sit navn",
    },
    "DMN-UNKNOWN-TYPE": {
        "en": "the type '{type}' is neither a FEEL type nor an itemDefinition of this model",
        "da": "typen '{type}' er hverken en FEEL-type eller en itemDefinition i denne model",
    },
    "DMN-UNKNOWN-TYPE/circular": {
        "en": "the type '{type}' is defined in terms of itself; give it a FEEL type such as "
              "number or string",
        "da": "typen '{type}' er defineret ud fra sig selv; giv den en FEEL-type som "
              "number eller string",
    },
    "DMN-UNKNOWN-REFERENCE": {
        "en": "the reference '{ref}' names no element of this model",
        "da": "henvisningen '{ref}' peger ikke på noget element i denne model",
    },
    "DMN-NO-LOGIC/decision": {
        "en": "the decision '{name}' has no decision logic (a decision table, literal "
              "expression or invocation)",
        "da": "afgørelsen '{name}' har ingen beslutningslogik (en beslutningstabel, et "
              "udtryk eller et funktionskald)",
    },
    "DMN-NO-LOGIC/bkm": {
        "en": "the business knowledge model '{name}' has no encapsulated logic with one body",
        "da": "vidensmodellen '{name}' (business knowledge model) har ingen indkapslet "
              "logik med præcis ét udtryk",
    },
    "DMN-NO-LOGIC/service-input": {
        "en": "the decision '{name}' has no decision logic: a decision service that takes it "
              "as an input decision gets its value from the caller, and evaluated alone it "
              "is null",
        "da": "afgørelsen '{name}' har ingen beslutningslogik: en beslutningstjeneste, der "
              "tager den som input, får dens værdi af den, der kalder tjenesten, og alene "
              "giver den null",
    },
    "EXPORT-INNER-TABLE": {
        "en": "the decision '{decision}' was read from a DMN boxed expression with a decision "
              "table inside it, which regel cannot write back as DMN; export the model as "
              "it was written instead",
        "da": "afgørelsen '{decision}' er læst fra et DMN-udtryk i boksform med en "
              "beslutningstabel indeni, som regel ikke kan skrive tilbage som DMN; brug "
              "modellen, som den blev skrevet, i stedet",
    },
    "DMN-NO-LOGIC/service": {
        "en": "the decision service '{name}' has no output decision: DMN requires at least "
              "one, the decision it evaluates",
        "da": "beslutningstjenesten '{name}' har ingen afgørelse som resultat: DMN kræver "
              "mindst én, den afgørelse, tjenesten beregner",
    },
    "DMN-IMPORT": {
        "en": "the imported model '{name}' ({file}) cannot be read: {problem}",
        "da": "den importerede model '{name}' ({file}) kan ikke læses: {problem}",
    },
    "DMN-IMPORT/cycle": {
        "en": "the imported model '{name}' ({file}) imports this model again, directly or "
              "through other models",
        "da": "den importerede model '{name}' ({file}) importerer denne model igen, direkte "
              "eller gennem andre modeller",
    },
    "DMN-IMPORT/not-found": {
        "en": "the imported model '{name}' (namespace {namespace}) is not in this model's "
              "folder: regel looks for it by its locationURI, or for a .dmn file of that "
              "namespace beside this one",
        "da": "den importerede model '{name}' (navnerum {namespace}) ligger ikke i denne "
              "models mappe: regel leder efter den ud fra dens locationURI eller efter en "
              ".dmn-fil med det navnerum ved siden af denne",
    },
    "DMN-NO-LOGIC/part": {
        "en": "the <{tag}> has no <{part}>: DMN requires one, holding an expression",
        "da": "<{tag}> mangler sin <{part}>: DMN kræver den, med et udtryk i",
    },
    "DMN-NO-LOGIC/function": {
        "en": "the function definition has no body: DMN requires exactly one expression "
              "after its parameters",
        "da": "funktionsdefinitionen har ingen krop: DMN kræver præcis ét udtryk efter "
              "dens parametre",
    },
    "DMN-CONTEXT-ENTRY": {
        "en": "a context entry without a name (a <variable>) may only be the last entry, "
              "where it gives the context's result",
        "da": "en post i en kontekst uden navn (en <variable>) må kun stå sidst, hvor den "
              "giver kontekstens resultat",
    },
    "DMN-RELATION-ROW": {
        "en": "row {row} of the relation has {count} cell(s), but the relation has "
              "{columns} column(s)",
        "da": "række {row} i relationen har {count} celle(r), men relationen har {columns} "
              "kolonne(r)",
    },
    "DMN-ITERATOR-VARIABLE": {
        "en": "the <{tag}> names its iterator variable '{name}', which is not a FEEL name",
        "da": "<{tag}> kalder sin gennemløbsvariabel '{name}', som ikke er et FEEL-navn",
    },
    "DMN-DEFAULT": {
        "en": "the default output entry '{entry}' is not a constant value regel can read "
              "({problem}); a default is a value such as 0 or \"none\"",
        "da": "standardresultatet '{entry}' er ikke en fast værdi, som regel kan læse "
              "({problem}); et standardresultat er en værdi som 0 eller \"none\"",
    },
    "dmn.default.uses-name": {"en": "it uses the name '{name}'",
                              "da": "det bruger navnet '{name}'"},
    # the interpretation an imported decision carries when its DMN type has a constraint
    "dmn.unchecked-constraint": {
        "en": "regel does not check the DMN type constraint on the result: {constraints}",
        "da": "regel kontrollerer ikke DMN-typebegrænsningen for resultatet: {constraints}",
    },
    "DMN-EXTENSION": {
        "en": "regel's extension data cannot be read ({reason})",
        "da": "regels udvidelsesdata kan ikke læses ({reason})",
    },

    # ---- issue 19: XML beyond the readers' limits (docs/pack-format.md, "Limits")
    "xml.reason.entity-declaration": {
        "en": "the entity '{name}' is declared (<!ENTITY ...>): regel reads no entity "
              "declarations, as entities that expand into entities can stand for gigabytes "
              "of text; write the text itself",
        "da": "entiteten '{name}' er erklæret (<!ENTITY ...>): regel læser ingen "
              "erklæringer af entiteter, da entiteter, der udfoldes til andre entiteter, kan "
              "fylde gigabytes tekst; skriv selve teksten",
    },
    "xml.reason.unreadable-encoding": {
        "en": "the XML declaration names the encoding '{encoding}', which regel cannot read; "
              "save the file as UTF-8",
        "da": "XML-erklæringen angiver tegnkodningen '{encoding}', som regel ikke kan læse; "
              "gem filen som UTF-8",
    },
    "xml.reason.too-deep": {
        "en": "the elements are nested more than {limit} deep",
        "da": "elementerne ligger mere end {limit} niveauer inden i hinanden",
    },

    # ---- issue 14, part 3: files from real editors (Trisotech, KIE/Kogito, Signavio)
    "DMN-DUPLICATE-REQUIREMENT": {
        "en": "'{decision}' lists the requirement <{tag}> of '{name}' twice; regel reads "
              "it once",
        "da": "'{decision}' angiver kravet <{tag}> på '{name}' to gange; regel læser det "
              "én gang",
    },
    "DMN-UNSUPPORTED/vendor": {
        "en": "<{tag}> is {what}, a {vendor} extension, not DMN; regel runs what DMN "
              "defines",
        "da": "<{tag}> er {what}, en udvidelse fra {vendor}, ikke DMN; regel kører det, "
              "som DMN definerer",
    },
    "dmn.what.signavio-multi-instance": {
        "en": "a Signavio multi-instance decision",
        "da": "en Signavio-afgørelse, der gentages for hvert element (multi-instance)",
    },
}
