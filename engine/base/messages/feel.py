"""Messages of the expression language: warnings FEEL gives where it turns a problem into null."""

MESSAGES: dict[str, dict[str, str]] = {
    "FEEL-TYPE-MISMATCH": {
        "en": "cannot apply '{op}' to {left} and {right}; the result is null",
        "da": "'{op}' kan ikke anvendes på {left} og {right}; resultatet er null",
    },
    "FEEL-NOT-COMPARABLE": {
        "en": "{left} and {right} cannot be compared; the result is null",
        "da": "{left} og {right} kan ikke sammenlignes; resultatet er null",
    },
    "FEEL-DIVISION-BY-ZERO": {
        "en": "division by zero; the result is null",
        "da": "division med nul; resultatet er null",
    },
    "FEEL-OVERFLOW": {
        "en": "the number is too large or too small to represent; the result is null",
        "da": "tallet er for stort eller for lille; resultatet er null",
    },
    "FEEL-UNKNOWN-NAME": {
        "en": "the name '{name}' is not defined; its value is null",
        "da": "navnet '{name}' er ikke defineret; værdien er null",
    },
    "FEEL-NO-SUCH-KEY": {
        "en": "{type} has no entry or property '{key}'; the result is null",
        "da": "{type} har ingen post eller egenskab '{key}'; resultatet er null",
    },
    "FEEL-INDEX-OUT-OF-RANGE": {
        "en": "index {index} is outside a list of {size} items; the result is null",
        "da": "indeks {index} ligger uden for en liste med {size} elementer; resultatet er null",
    },
    "FEEL-NOT-BOOLEAN": {
        "en": "{where} expects true or false but got {type}; it is treated as null",
        "da": "{where} forventer sand eller falsk, men fik {type}; det behandles som null",
    },
    "FEEL-DAY-CLAMPED": {
        "en": ("{date} + {duration} lands on a day that does not exist; "
               "FEEL uses the last day of the month: {result}"),
        "da": ("{date} + {duration} rammer en dag, der ikke findes; "
               "FEEL bruger månedens sidste dag: {result}"),
    },
    "FEEL-UNKNOWN-FUNCTION": {
        "en": "there is no function named '{name}'; the result is null",
        "da": "der findes ingen funktion ved navn '{name}'; resultatet er null",
    },
    "FEEL-NOT-A-FUNCTION": {
        "en": "'{name}' is {type}, not a function; the result is null",
        "da": "'{name}' er {type}, ikke en funktion; resultatet er null",
    },
    "FEEL-BAD-ARGUMENTS": {
        "en": "{function}() cannot be called with these arguments: {reason}; the result is null",
        "da": "{function}() kan ikke kaldes med disse argumenter: {reason}; resultatet er null",
    },
    "FEEL-INVALID-ARGUMENT": {
        "en": "{function}(): {reason}; the result is null",
        "da": "{function}(): {reason}; resultatet er null",
    },
    "FEEL-INVALID-TEMPORAL": {
        "en": "'{text}' is not a valid {type}; the result is null",
        "da": "'{text}' er ikke en gyldig {type}; resultatet er null",
    },
    "FEEL-NOT-ITERABLE": {
        "en": "'{name}' must be a list or a range of integers but is {type}; the result is null",
        "da": "'{name}' skal være en liste eller et interval af heltal, men er {type}; "
              "resultatet er null",
    },
    "FEEL-TOO-LARGE": {
        "en": "'{name}' would iterate over {size} numbers, more than the limit of {limit}; "
              "the result is null",
        "da": "'{name}' ville gennemløbe {size} tal, mere end grænsen på {limit}; "
              "resultatet er null",
    },
    "FEEL-BAD-TYPE": {
        "en": "unknown type '{name}' after 'instance of'; the result is null",
        "da": "ukendt type '{name}' efter 'instance of'; resultatet er null",
    },
    "FEEL-INVALID-REGEX": {
        "en": "{function}(): '{pattern}' is not a usable regular expression ({reason}); "
              "the result is null",
        "da": "{function}(): '{pattern}' er ikke et brugbart regulært udtryk ({reason}); "
              "resultatet er null",
    },
}

# ---- errors: FEEL text that does not parse (FEEL-SYNTAX, one variant per sentence) and
# values FEEL cannot take or compute (regel.feel.parser, .compiler, .api)
MESSAGES.update({
    "FEEL-SYNTAX/escape-digits": {
        "en": "'\\{letter}' must be followed by {width} hexadecimal digits",
        "da": "'\\{letter}' skal efterfølges af {width} hexadecimale cifre",
    },
    "FEEL-SYNTAX/not-unicode": {
        "en": "'\\{letter}{digits}' is not a Unicode character",
        "da": "'\\{letter}{digits}' er ikke et Unicode-tegn",
    },
    "FEEL-SYNTAX/unknown-escape": {
        "en": "unknown escape '\\{letter}' in a string; use \\\\ for a backslash",
        "da": "ukendt escape-tegn '\\{letter}' i en tekst; skriv \\\\ for en omvendt skråstreg",
    },
    "FEEL-SYNTAX/argument-twice": {
        "en": "the argument '{name}' is given twice",
        "da": "argumentet '{name}' er angivet to gange",
    },
    "FEEL-SYNTAX/key-twice": {
        "en": "the context has two entries named '{name}'",
        "da": "konteksten har to poster med navnet '{name}'",
    },
    "FEEL-SYNTAX/invalid-date": {
        "en": "{date} is not a valid date",
        "da": "{date} er ikke en gyldig dato",
    },
    "FEEL-SYNTAX/invalid-temporal": {
        "en": "@\"{literal}\" is not a valid {type}",
        "da": "@\"{literal}\" er ikke gyldig som {type}",
    },
    "FEEL-SYNTAX/unclosed-string": {
        "en": "this string is not closed: end it with a '\"' on the same line",
        "da": "teksten er ikke afsluttet: afslut den med et '\"' på samme linje",
    },
    "FEEL-SYNTAX/single-quotes": {
        "en": "strings are written in double quotes: \"text\", not 'text'",
        "da": "tekster skrives i dobbelte anførselstegn: \"tekst\", ikke 'tekst'",
    },
    "FEEL-SYNTAX/exclamation": {
        "en": "'!' is only used in '!=' (not equal); to negate, use not(...)",
        "da": "'!' bruges kun i '!=' (forskellig fra); brug not(...) for at vende en "
              "betingelse om",
    },
    "FEEL-SYNTAX/unexpected-character": {
        "en": "unexpected character {character}",
        "da": "uventet tegn {character}",
    },
    "FEEL-SYNTAX/ends-early": {
        "en": "the text ends too early",
        "da": "teksten slutter for tidligt",
    },
    "FEEL-SYNTAX/ends-early-expected": {
        "en": "the text ends too early; expected {expected}",
        "da": "teksten slutter for tidligt; forventede {expected}",
    },
    "FEEL-SYNTAX/double-equals": {
        "en": "use '=' to compare values, not '=='",
        "da": "brug '=' til at sammenligne værdier, ikke '=='",
    },
    "FEEL-SYNTAX/reversed-operator": {
        "en": "'={op}' is not an operator; did you mean '{op}='?",
        "da": "'={op}' er ikke en operator; mente du '{op}='?",
    },
    "FEEL-SYNTAX/two-names": {
        "en": "two names in a row ('{first}' then '{second}'): if they form one name, that "
              "name is not known here; otherwise an operator or a comma is missing",
        "da": "to navne i træk ('{first}' og så '{second}'): hvis de udgør ét navn, er det "
              "navn ikke kendt her; ellers mangler der en operator eller et komma",
    },
    "FEEL-SYNTAX/range-or-list": {
        "en": "unexpected {token}: a range needs '..' between its ends, as in [1..5]; a list "
              "needs commas, as in [1, 5]",
        "da": "uventet {token}: et interval skal have '..' mellem sine endepunkter, som i "
              "[1..5]; en liste skal have kommaer, som i [1, 5]",
    },
    "FEEL-SYNTAX/missing-dotdot": {
        "en": "unexpected {token}: missing '..' in the range (write [1..5])",
        "da": "uventet {token}: '..' mangler i intervallet (skriv [1..5])",
    },
    "FEEL-SYNTAX/misplaced-operator": {
        "en": "'{word}' cannot stand here; check the expression before it",
        "da": "'{word}' kan ikke stå her; se efter i udtrykket foran",
    },
    "FEEL-SYNTAX/unexpected-token": {
        "en": "unexpected {token}; expected {expected}",
        "da": "uventet {token}; forventede {expected}",
    },
    "FEEL-SYNTAX/parser": {
        "en": "{detail}",
        "da": "udtrykket kan ikke læses: {detail}",
    },
    "FEEL-SYNTAX/not-text": {
        "en": "expected FEEL text, got {type}",
        "da": "forventede FEEL-tekst, men fik {type}",
    },
    "FEEL-SYNTAX/too-deep": {
        "en": "the expression is nested too deeply",
        "da": "udtrykket er indlejret for dybt",
    },
    "FEEL-SYNTAX/unreadable": {
        "en": "cannot read this expression ({reason})",
        "da": "udtrykket kan ikke læses ({reason})",
    },
    "FEEL-SYNTAX/empty": {
        "en": "the expression is empty",
        "da": "udtrykket er tomt",
    },
    "FEEL-SYNTAX/empty-cell": {
        "en": "the cell is empty; write '-' to match any value",
        "da": "cellen er tom; skriv '-', hvis enhver værdi skal passe",
    },
    "FEEL-SYNTAX/unknown-type": {
        "en": "unknown type '{name}'; known types are {known}",
        "da": "ukendt type '{name}'; de kendte typer er {known}",
    },
    "FEEL-SYNTAX/construct": {
        "en": "this construct cannot be used here ({kind})",
        "da": "denne konstruktion kan ikke bruges her ({kind})",
    },
    # what the parser expected, inside FEEL-SYNTAX/...-expected
    "feel.token.number": {"en": "a number", "da": "et tal"},
    "feel.token.string": {"en": "a string", "da": "en tekst"},
    "feel.token.name": {"en": "a name", "da": "et navn"},
    "feel.token.end": {"en": "the end", "da": "slutningen"},
    "feel.token.date": {"en": "a date", "da": "en dato"},
    "FEEL-FLOAT-INPUT": {
        "en": "{where} is a binary floating-point number ({value}); pass a Decimal or a "
              "string so that no precision is lost",
        "da": "{where} er et binært kommatal ({value}); angiv en Decimal eller en tekst, så "
              "ingen præcision går tabt",
    },
    "FEEL-UNSUPPORTED-INPUT": {
        "en": "{where} has a type FEEL does not know: {type}",
        "da": "{where} har en type, som FEEL ikke kender: {type}",
    },
    "FEEL-RECURSION": {
        "en": "the evaluation recursed too deeply (a function that calls itself without end?)",
        "da": "beregningen gik for dybt (en funktion, der kalder sig selv uden ende?)",
    },
    # what a value given to FEEL is called in FEEL-FLOAT-INPUT and FEEL-UNSUPPORTED-INPUT
    "feel.where.value": {"en": "value", "da": "værdien"},
    "feel.where.input-value": {"en": "the input value", "da": "inputværdien"},
    "feel.where.item": {"en": "{where}[{index}]", "da": "element {index} i {where}"},
    "feel.where.key": {"en": "{where}.{key}", "da": "'{key}' i {where}"},
})
