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
