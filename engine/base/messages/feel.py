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
        "en": "'{name}' must be a list or a range of integers or dates but is {type}; the "
              "result is null",
        "da": "'{name}' skal være en liste eller et interval af heltal eller datoer, men er "
              "{type}; resultatet er null",
    },
    "FEEL-NOT-ITERABLE/descending": {
        "en": "'{name}' must be a range from its lower end, but starts at {start} and ends "
              "at {end}; a descending iteration is written {start}..{end}; the result is null",
        "da": "'{name}' skal være et interval, der starter ved den laveste værdi, men starter "
              "ved {start} og slutter ved {end}; en nedadgående gennemløbning skrives "
              "{start}..{end}; resultatet er null",
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
    "FEEL-SYNTAX/lone-surrogate": {
        "en": "'{escape}' is half of a surrogate pair without its other half, which is no "
              "character",
        "da": "'{escape}' er kun den ene halvdel af et surrogatpar og dermed intet tegn",
    },
    "FEEL-SYNTAX/not-unicode": {
        "en": "'\\{letter}{digits}' is not a Unicode character",
        "da": "'\\{letter}{digits}' er ikke et Unicode-tegn",
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
    "FEEL-SYNTAX/brackets-too-deep": {
        "en": "the brackets are nested more than {limit} deep",
        "da": "parenteserne ligger mere end {limit} niveauer inden i hinanden",
    },
    "FEEL-SYNTAX/too-deep": {
        "en": "the expression is nested too deeply",
        "da": "udtrykket er indlejret for dybt",
    },
    "FEEL-SYNTAX/too-long": {
        "en": "the expression is too long: {length} characters, and at most {limit} are read",
        "da": "udtrykket er for langt: {length} tegn, og der læses højst {limit}",
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
    # the evaluation budget (regel.feel.budget): {where} is feel.limit.where(-decision)
    "LIMIT-STEPS": {
        "en": "the evaluation stopped after {limit} steps (loop rounds, function calls and "
              "filtered items){where}; if that much work is intended, raise the limit with "
              "--limit steps=N or under limits: in pack.yaml",
        "da": "beregningen blev standset efter {limit} skridt (gennemløb af løkker, "
              "funktionskald og filtrerede elementer){where}; er så meget arbejde meningen, "
              "kan grænsen hæves med --limit steps=N eller under limits: i pack.yaml",
    },
    "LIMIT-ITEMS": {
        "en": "the evaluation stopped: a list grew beyond {limit} items{where}; raise the "
              "limit with --limit items=N or under limits: in pack.yaml if it is intended",
        "da": "beregningen blev standset: en liste voksede ud over {limit} elementer{where}; "
              "grænsen kan hæves med --limit items=N eller under limits: i pack.yaml, hvis "
              "det er meningen",
    },
    "LIMIT-CHARS": {
        "en": "the evaluation stopped: a text grew beyond {limit} characters{where}; raise "
              "the limit with --limit chars=N or under limits: in pack.yaml if it is intended",
        "da": "beregningen blev standset: en tekst voksede ud over {limit} tegn{where}; "
              "grænsen kan hæves med --limit chars=N eller under limits: i pack.yaml, hvis "
              "det er meningen",
    },
    "LIMIT-DEPTH": {
        "en": "the evaluation stopped: functions called each other more than {limit} levels "
              "deep{where} (a function that calls itself without end?)",
        "da": "beregningen blev standset: funktioner kaldte hinanden mere end {limit} niveauer "
              "ned{where} (en funktion, der kalder sig selv uden ende?)",
    },
    "feel.json.beyond-decimal": {
        "en": "the number {number} is beyond what any decimal number can hold",
        "da": "tallet {number} er større eller mindre, end noget decimaltal kan rumme",
    },
    "feel.limit.where": {
        "en": " at line {line}, column {column} of the expression `{expression}`",
        "da": " i linje {line}, kolonne {column} i udtrykket `{expression}`",
    },
    "feel.limit.where-decision": {
        "en": " in the decision {decision}{where}",
        "da": " i afgørelsen {decision}{where}",
    },
    # what a value given to FEEL is called in FEEL-FLOAT-INPUT and FEEL-UNSUPPORTED-INPUT
    "feel.where.value": {"en": "value", "da": "værdien"},
    "feel.where.input-value": {"en": "the input value", "da": "inputværdien"},
    "feel.where.item": {"en": "{where}[{index}]", "da": "element {index} i {where}"},
    "feel.where.key": {"en": "{where}.{key}", "da": "'{key}' i {where}"},
})

# ---- the words inside FEEL warnings: why a built-in refused its arguments (the reason of
# FEEL-INVALID-ARGUMENT, FEEL-BAD-ARGUMENTS and FEEL-INVALID-REGEX) and nouns in their values.
# FEEL's type and function names (number, string, date and time) stay as they are in Danish.
MESSAGES.update({
    # arguments of the wrong type ({type} is the FEEL type of the value given)
    "feel.reason.not-a-number": {
        "en": "{param} must be a number, not {type}",
        "da": "{param} skal være af typen number, ikke {type}"},
    "feel.reason.not-a-string": {
        "en": "{param} must be a string, not {type}",
        "da": "{param} skal være af typen string, ikke {type}"},
    "feel.reason.not-a-context": {
        "en": "{param} must be a context, not {type}",
        "da": "{param} skal være af typen context, ikke {type}"},
    "feel.reason.not-a-date": {
        "en": "{param} must be a date or a date and time, not {type}",
        "da": "{param} skal være af typen date eller date and time, ikke {type}"},
    "feel.reason.not-a-string-or-date": {
        "en": "{param} must be a string or a date and time, not {type}",
        "da": "{param} skal være af typen string eller date and time, ikke {type}"},
    "feel.reason.not-a-time": {
        "en": "{param} must be a time, not {type}",
        "da": "{param} skal være af typen time, ikke {type}"},
    "feel.reason.not-a-days-duration": {
        "en": "{param} must be a days and time duration, not {type}",
        "da": "{param} skal være af typen days and time duration, ikke {type}"},
    "feel.reason.not-a-boolean": {
        "en": "{param} must be a boolean, not {type}",
        "da": "{param} skal være af typen boolean, ikke {type}"},
    "feel.reason.not-a-function": {
        "en": "{param} must be a function, not {type}",
        "da": "{param} skal være en funktion, ikke {type}"},
    "feel.reason.item-not-a-string": {
        "en": "item {index} is {type}, not a string",
        "da": "element {index} er af typen {type}, ikke string"},
    "feel.reason.item-not-a-number": {
        "en": "item {index} is {type}, not a number",
        "da": "element {index} er af typen {type}, ikke number"},
    "feel.reason.item-not-a-boolean": {
        "en": "item {index} is {type}, not a boolean",
        "da": "element {index} er af typen {type}, ikke boolean"},
    "feel.reason.item-not-a-context": {
        "en": "item {index} is {type}, not a context",
        "da": "element {index} er af typen {type}, ikke context"},
    "feel.reason.entry-key": {
        "en": "entry {index} must have a key that is a string, not {type}",
        "da": "post {index} skal have en key af typen string, ikke {type}"},
    "feel.reason.entry-value": {
        "en": "entry {index} has no value",
        "da": "post {index} har ingen value"},
    "feel.reason.key-twice": {
        "en": "the key '{key}' is given twice",
        "da": "nøglen '{key}' er angivet to gange"},
    "feel.reason.key-not-a-context": {
        "en": "the entry '{key}' is {type}, not a context",
        "da": "posten '{key}' er af typen {type}, ikke context"},
    "feel.reason.keys-empty": {
        "en": "keys must name at least one key",
        "da": "keys skal angive mindst én nøgle"},
    "feel.reason.returned-not-a-boolean": {
        "en": "{param} returned {type}, not a boolean",
        "da": "{param} gav en værdi af typen {type}, ikke boolean"},
    # numbers out of bounds
    "feel.reason.not-finite": {
        "en": "{param} must be a finite number",
        "da": "{param} skal være et endeligt tal"},
    "feel.reason.not-whole": {
        "en": "{param} must be a whole number, not {value}",
        "da": "{param} skal være et helt tal, ikke {value}"},
    "feel.reason.too-large": {
        "en": "{param} is too large: {value}",
        "da": "{param} er for stort: {value}"},
    "feel.reason.not-between": {
        "en": "{param} must be between {low} and {high}, not {value}",
        "da": "{param} skal ligge mellem {low} og {high}, ikke {value}"},
    "feel.reason.position-outside": {
        "en": "{param} {position} is outside 1..{size} (or -{size}..-1)",
        "da": "{param} {position} ligger uden for 1..{size} (eller -{size}..-1)"},
    "feel.reason.negative": {
        "en": "{param} must not be negative, not {value}",
        "da": "{param} må ikke være negativ, men er {value}"},
    "feel.reason.not-positive": {
        "en": "{param} must be greater than 0, not {value}",
        "da": "{param} skal være større end 0, ikke {value}"},
    "feel.reason.not-computable": {
        "en": "the number cannot be computed ({kind})",
        "da": "tallet kan ikke beregnes ({kind})"},
    # dates, times and numbers made from their parts or from text
    "feel.reason.year-outside": {
        "en": "year {year} is outside the years FEEL can hold (-999999999 to 999999999)",
        "da": "året {year} ligger uden for de år, FEEL kan rumme (-999999999 til 999999999)"},
    "feel.reason.no-such-date": {
        "en": "{date} does not exist",
        "da": "datoen {date} findes ikke"},
    "feel.reason.second-outside": {
        "en": "second must be at least 0 and less than 60, not {value}",
        "da": "second skal være mindst 0 og mindre end 60, ikke {value}"},
    "feel.reason.offset-too-large": {
        "en": "offset {offset} is larger than 14 hours",
        "da": "offset {offset} er større end 14 timer"},
    "feel.reason.bad-grouping-separator": {
        "en": "grouping separator must be ' ', ',', '.' or null",
        "da": "grouping separator skal være ' ', ',', '.' eller null"},
    "feel.reason.bad-decimal-separator": {
        "en": "decimal separator must be ',', '.' or null",
        "da": "decimal separator skal være ',', '.' eller null"},
    "feel.reason.same-separators": {
        "en": "grouping and decimal separators must differ",
        "da": "grouping separator og decimal separator skal være forskellige"},
    "feel.reason.not-numeric": {
        "en": "'{text}' is not a number",
        "da": "'{text}' er ikke et tal"},
    # lists and ranges
    "feel.reason.not-comparable": {
        "en": "{left} and {right} cannot be compared",
        "da": "{left} og {right} kan ikke sammenlignes"},
    "feel.reason.values-not-comparable": {
        "en": "{type} values cannot be compared",
        "da": "værdier af typen {type} kan ikke sammenlignes"},
    "feel.reason.range-not-comparable": {
        "en": "the points and ranges must hold values of one comparable kind",
        "da": "punkterne og intervallerne skal have værdier af samme slags, som kan "
              "sammenlignes"},
    "feel.reason.not-a-range-literal": {
        "en": "'{text}' is not a range such as \"[1..10]\" whose ends are literal values",
        "da": "'{text}' er ikke et interval som \"[1..10]\" med faste værdier i begge ender"},
    "feel.reason.range-ends": {
        "en": "the ends of a range must be values of one type, not {start} and {end}",
        "da": "et intervals ender skal være værdier af samme type, ikke {start} og {end}"},
    "feel.reason.range-descending": {
        "en": "the range '{text}' starts after it ends",
        "da": "intervallet '{text}' starter efter, det slutter"},
    "feel.reason.not-defined-for": {
        "en": "is not defined for a {first} and {second}",
        "da": "er ikke defineret for et {first} og et {second}"},
    # calls whose arguments do not fit the parameters (FEEL-BAD-ARGUMENTS)
    "feel.reason.not-conforming": {
        "en": "the argument '{param}' is {value}, which is not of its type {type}",
        "da": "argumentet '{param}' er {value}, som ikke er af typen {type}"},
    "feel.reason.argument-count": {
        "en": "{count} argument(s) given, expected {expected}",
        "da": "{count} argument(er) angivet, forventede {expected}"},
    "feel.reason.parameter-names": {
        "en": "unknown or missing parameter names ({names})",
        "da": "ukendte eller manglende parameternavne ({names})"},
    "feel.reason.unknown-parameters": {
        "en": "unknown parameter(s) {names}",
        "da": "ukendt(e) parameternavn(e) {names}"},
    # what Python said when a built-in failed in a way it has no words for (its own words)
    "feel.reason.python-error": {
        "en": "{detail}",
        "da": "uventet fejl i beregningen ({detail})"},
    # regular expressions (FEEL-INVALID-REGEX) and replacement strings
    "feel.reason.regex-matches-empty": {
        "en": "the pattern matches the empty string",
        "da": "mønsteret passer på den tomme tekst"},
    "feel.reason.delimiter-matches-empty": {
        "en": "the delimiter matches the empty string",
        "da": "skilletegnet passer på den tomme tekst"},
    "feel.reason.bad-replacement": {
        "en": "bad replacement '{replacement}': {reason}",
        "da": "ugyldig erstatningstekst '{replacement}': {reason}"},
    "feel.reason.unknown-category": {
        "en": "unknown Unicode category \\p{{{name}}}",
        "da": "ukendt Unicode-kategori \\p{{{name}}}"},
    "feel.reason.unknown-flag": {
        "en": "unknown flag '{flag}' (flags are s, m, i, x and q)",
        "da": "ukendt flag '{flag}' (de mulige flag er s, m, i, x og q)"},
    "feel.reason.after-quantifier": {
        "en": "'{char}' at position {position} follows a quantifier",
        "da": "'{char}' på position {position} står efter en kvantor"},
    "feel.reason.bad-group": {
        "en": "'(?' is only allowed as '(?:'",
        "da": "'(?' må kun bruges som '(?:'"},
    "feel.reason.not-a-quantifier": {
        "en": "'{{' at position {position} does not start a quantifier",
        "da": "'{{' på position {position} indleder ikke en kvantor"},
    "feel.reason.ends-with-backslash": {
        "en": "the pattern ends with a backslash",
        "da": "mønsteret slutter med en omvendt skråstreg"},
    "feel.reason.no-such-group": {
        "en": "back-reference \\{number} to a group that does not exist",
        "da": "tilbagehenvisningen \\{number} peger på en gruppe, der ikke findes"},
    "feel.reason.unknown-escape": {
        "en": "unknown escape '\\{char}'",
        "da": "ukendt escape-tegn '\\{char}'"},
    "feel.reason.escape-needs-name": {
        "en": "'\\{char}' must be followed by {{name}}",
        "da": "'\\{char}' skal efterfølges af {{navn}}"},
    "feel.reason.block-escape": {
        "en": "\\{char}{{{name}}} names no Unicode block that XML Schema knows",
        "da": "\\{char}{{{name}}} er ikke navnet på en Unicode-blok, som XML Schema kender"},
    "feel.reason.class-not-closed": {
        "en": "a character class is not closed with ']'",
        "da": "en tegnklasse er ikke afsluttet med ']'"},
    "feel.reason.subtraction-not-last": {
        "en": "a class subtraction must end the character class",
        "da": "en klassesubtraktion skal stå sidst i tegnklassen"},
    "feel.reason.bracket-in-class": {
        "en": "'[' inside a character class must be escaped",
        "da": "'[' inde i en tegnklasse skal skrives som '\\['"},
    "feel.reason.range-out-of-order": {
        "en": "the range {low}-{high} is out of order",
        "da": "intervallet {low}-{high} står i omvendt rækkefølge"},
    "feel.reason.empty-class": {
        "en": "empty character class",
        "da": "tom tegnklasse"},
    "feel.reason.bad-backslash": {
        "en": "'\\' must be followed by '\\' or '$'",
        "da": "'\\' skal efterfølges af '\\' eller '$'"},
    "feel.reason.bad-dollar": {
        "en": "'$' must be followed by a group number",
        "da": "'$' skal efterfølges af et gruppenummer"},
    "feel.reason.unclosed-group": {
        "en": "the group opened at position {position} is not closed with ')'",
        "da": "gruppen, der begynder på position {position}, er ikke afsluttet med ')'"},
    "feel.reason.unbalanced": {
        "en": "the ')' at position {position} closes no group",
        "da": "')' på position {position} afslutter ingen gruppe"},
    "feel.reason.nothing-to-repeat": {
        "en": "the quantifier at position {position} has nothing before it to repeat",
        "da": "kvantoren på position {position} har intet foran sig at gentage"},
    "feel.reason.min-over-max": {
        "en": "in {quantifier} the least number of repetitions is above the greatest",
        "da": "i {quantifier} er det mindste antal gentagelser større end det største"},
    "feel.reason.open-group": {
        "en": "back-reference \\{number} stands inside the group it refers to",
        "da": "tilbagehenvisningen \\{number} står inde i den gruppe, den peger på"},
    "feel.reason.too-many-repeats": {
        "en": "{quantifier} repeats more than {limit} times, the most regel allows",
        "da": "{quantifier} gentager mere end {limit} gange, som er det højeste, regel "
              "tillader"},
    # limits that keep matching fast (regel.feel.regex)
    "feel.reason.regex-too-large": {
        "en": "the pattern is too large to match safely",
        "da": "mønsteret er for stort til at kunne afprøves sikkert"},
    "feel.reason.regex-too-slow": {
        "en": "a pattern with back-references may take at most {steps} steps, and this "
              "text needs more",
        "da": "et mønster med tilbagehenvisninger må højst bruge {steps} trin, og denne "
              "tekst kræver flere"},
    "feel.reason.not-a-character": {
        "en": "the text contains {code}, half of a surrogate pair, which is not a character",
        "da": "teksten indeholder {code}, som kun er den ene halvdel af et surrogatpar og "
              "ikke et tegn"},
    # nouns inside warnings' values
    "feel.word.the-context": {"en": "the context", "da": "konteksten"},
    "feel.word.the-filter": {"en": "the filter", "da": "filteret"},
    "feel.word.nothing": {"en": "nothing", "da": "ingenting"},
    "feel.word.range": {"en": "range", "da": "interval"},
    "feel.word.point": {"en": "point", "da": "punkt"},
})

# ---- issue 15: external functions, function(a) external {java: {...}} or {pmml: {...}}
MESSAGES.update({
    "FEEL-JAVA-UNKNOWN": {
        "en": "the Java method {method} of {java_class} is not one regel can call (regel has "
              "no Java; docs/feel.md lists the methods of java.lang it knows); the result is "
              "null",
        "da": "Java-metoden {method} i {java_class} kan regel ikke kalde (regel har ikke "
              "Java; docs/feel.md viser de metoder fra java.lang, regel kender); resultatet "
              "er null",
    },
    "FEEL-EXTERNAL-KIND": {
        "en": "an external function must say {{java: ...}} or {{pmml: ...}}, not {keys}; the "
              "result is null",
        "da": "en ekstern funktion skal angive {{java: ...}} eller {{pmml: ...}}, ikke {keys}; "
              "resultatet er null",
    },
    "FEEL-PMML": {
        "en": "the external function calls the PMML model {model} of {document}, and regel "
              "cannot evaluate PMML models",
        "da": "den eksterne funktion kalder PMML-modellen {model} i {document}, og regel kan "
              "ikke beregne PMML-modeller",
    },
    "FEEL-PMML/document": {
        "en": "the external function calls a PMML model of {document}, and regel cannot "
              "evaluate PMML models",
        "da": "den eksterne funktion kalder en PMML-model i {document}, og regel kan ikke "
              "beregne PMML-modeller",
    },
    "FEEL-SYNTAX/not-external": {
        "en": "after 'function(...)' comes the function's body or the word 'external', "
              "not '{word}'",
        "da": "efter 'function(...)' kommer funktionens krop eller ordet 'external', "
              "ikke '{word}'",
    },
    "feel.reason.java-argument": {
        "en": "a value of type {type} cannot be passed as Java's {java}",
        "da": "en værdi af typen {type} kan ikke gives videre som Javas {java}"},
    "feel.reason.java-format": {
        "en": "the format '{text}' needs other values (regel knows %s, %d, %n and %%)",
        "da": "formatet '{text}' kræver andre værdier (regel kender %s, %d, %n og %%)"},
})

# ---- issue 19: a value FEEL cannot hold, given from Python (regel.feel.api.from_python)
MESSAGES.update({
    "FEEL-NOT-FINITE-INPUT": {
        "en": "{where} is {value}, which is not a number FEEL can hold: a number must be "
              "finite, with at most 6,145 digits before the decimal point",
        "da": "{where} er {value}, som ikke er et tal, FEEL kan regne med: et tal skal være "
              "endeligt og have højst 6.145 cifre før kommaet",
    },
})
