"""Messages of the source stage: reading a file (``regel.source.files``) and YAML
(``regel.source.yamltree``)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- files: FILE-NOT-FOUND, FILE-UNREADABLE
    "FILE-NOT-FOUND": {"en": "the file does not exist", "da": "filen findes ikke"},
    "FILE-UNREADABLE/folder": {
        "en": "this is a folder, not {what}",
        "da": "dette er en mappe, ikke {what}",
    },
    "FILE-UNREADABLE/os": {
        "en": "the file cannot be read ({reason})",
        "da": "filen kan ikke læses ({reason})",
    },
    "FILE-UNREADABLE/not-utf8": {
        "en": "the file is not UTF-8 text: the byte here is not valid UTF-8; save the file "
              "as UTF-8",
        "da": "filen er ikke UTF-8-tekst: tegnet her er ikke gyldigt UTF-8; gem filen "
              "som UTF-8",
    },
    # what a reader expects a file to be ("this is a folder, not a YAML file")
    "file.what.file": {"en": "a file", "da": "en fil"},
    "file.what.yaml": {"en": "a YAML file", "da": "en YAML-fil"},
    "file.what.dmn": {"en": "a DMN file", "da": "en DMN-fil"},
    "file.what.trace": {"en": "a trace's JSON file", "da": "en sporingsfil i JSON"},
    "file.what.cases": {"en": "a file of cases", "da": "en fil med sager"},

    # ---- YAML
    "YAML-SYNTAX/invalid": {
        "en": "the text is not valid YAML",
        "da": "teksten er ikke gyldig YAML",
    },
    "YAML-SYNTAX/tab": {
        "en": "a tab character cannot indent YAML; indent with spaces",
        "da": "et tabulatortegn kan ikke rykke YAML ind; ryk ind med mellemrum",
    },
    "YAML-SYNTAX/mapping-values": {
        "en": "mapping values are not allowed here (a text that contains ': ' must be in "
              "quotes, and a nested mapping must be indented under its key)",
        "da": "et kolon med en værdi efter er ikke tilladt her (en tekst, der indeholder "
              "': ', skal stå i anførselstegn, og felter inden i et felt skal rykkes ind "
              "under dets navn)",
    },
    # {problem} is PyYAML's own (English) wording
    "YAML-SYNTAX/brackets": {
        "en": "{problem} (check that every bracket is closed and items are separated by "
              "commas; inside [ ] or {{ }}, put a text that contains ?, :, comma or brackets "
              "in quotes)",
        "da": "YAML-teksten kan ikke læses: {problem} (kontrollér, at alle parenteser er "
              "lukket, og at elementerne er adskilt af kommaer; inden i [ ] eller {{ }} skal "
              "en tekst, der indeholder ?, :, komma eller parenteser, stå i anførselstegn)",
    },
    "YAML-SYNTAX/parser": {
        "en": "{problem}",
        "da": "YAML-teksten kan ikke læses: {problem}",
    },
    "YAML-SYNTAX/too-deep": {
        "en": "the YAML is nested too deeply",
        "da": "YAML-teksten har for mange niveauer inden i hinanden",
    },
    "YAML-SYNTAX/surrogate": {
        "en": "the escape '{escape}' is half of a surrogate pair without its other half, "
              "which is no character",
        "da": "escape-sekvensen '{escape}' er kun den ene halvdel af et surrogatpar og "
              "dermed intet tegn",
    },
    "YAML-SYNTAX/tag": {
        "en": "the tag '{tag}' is not allowed: rule files hold plain data only",
        "da": "mærket '{tag}' er ikke tilladt: regelfiler indeholder kun almindelige data",
    },
    "YAML-BAD-NUMBER": {
        "en": "'{number}' is not a finite number",
        "da": "'{number}' er ikke et endeligt tal",
    },
    "YAML-BAD-KEY": {
        "en": "a key must be a plain value, not a list or a mapping",
        "da": "et feltnavn skal være en enkelt værdi, ikke en liste eller en samling af felter",
    },
    "YAML-DUPLICATE-KEY": {
        "en": "the key '{name}' is written twice in the same mapping",
        "da": "feltnavnet '{name}' står to gange i samme samling af felter",
    },
    # {reason} is Python's own (English) wording, e.g. "day is out of range for month"
    "YAML-BAD-VALUE": {
        "en": "'{value}' cannot be read: {reason}",
        "da": "'{value}' kan ikke læses: {reason}",
    },

    # ---- issue 19: numbers by YAML 1.2, and what older YAML tools read otherwise
    "YAML-BAD-VALUE/tag": {
        "en": "'{value}' cannot be read as {tag}",
        "da": "'{value}' kan ikke læses som {tag}",
    },
    "YAML-BAD-NUMBER/too-large": {
        "en": "'{number}' is too large: a number may have at most 6,145 digits before the "
              "decimal point",
        "da": "'{number}' er for stort: et tal må højst have 6.145 cifre før kommaet",
    },
    # a plain integer with a leading zero (0450): YAML 1.2 reads it as {value}, YAML 1.1
    # tools (PyYAML, older editors and scripts) as the octal {old}, or as a text
    "YAML-AMBIGUOUS-NUMBER/octal": {
        "en": "'{number}' starts with a zero: YAML 1.2 reads it as {value}, but older YAML "
              "tools read it as the octal number {old}; write {value} if it is a number, "
              "or put it in quotes (\"{number}\") if it is a text such as a postal code",
        "da": "'{number}' begynder med et nul: YAML 1.2 læser det som {value}, men ældre "
              "YAML-værktøjer læser det som oktaltallet {old}; skriv {value}, hvis det er et "
              "tal, eller sæt det i anførselstegn (\"{number}\"), hvis det er en tekst som "
              "fx et postnummer",
    },
    "YAML-AMBIGUOUS-NUMBER/text": {
        "en": "'{number}' starts with a zero: YAML 1.2 reads it as the number {value}, but "
              "older YAML tools as the text '{number}'; write {value} if it is a number, or "
              "put it in quotes (\"{number}\") if it is a text such as a CPR number",
        "da": "'{number}' begynder med et nul: YAML 1.2 læser det som tallet {value}, men "
              "ældre YAML-værktøjer som teksten '{number}'; skriv {value}, hvis det er et "
              "tal, eller sæt det i anførselstegn (\"{number}\"), hvis det er en tekst som "
              "fx et CPR-nummer",
    },

    # ---- issue 19: readers with limits (docs/pack-format.md, "Limits")
    "FILE-UNREADABLE/not-a-file": {
        "en": "this is not a regular file (a pipe, a device or a socket), not {what}",
        "da": "dette er ikke en almindelig fil (men en pipe, en enhed eller en sokkel), "
              "ikke {what}",
    },
    "FILE-UNREADABLE/too-large": {
        "en": "the file is larger than {limit} MiB, the most a file read by regel may be",
        "da": "filen er større end {limit} MiB, som er det højeste, regel læser",
    },
    "YAML-SYNTAX/character": {
        "en": "the character {character} is not allowed in YAML (a NUL byte or another "
              "control character; is this a YAML file?)",
        "da": "tegnet {character} er ikke tilladt i YAML (et NUL-tegn eller et andet "
              "kontroltegn; er dette en YAML-fil?)",
    },
    "YAML-LIMIT/values": {
        "en": "the file holds more than {limit} values (each text, number, list and mapping "
              "counts, keys too); the value here is one too many",
        "da": "filen indeholder mere end {limit} værdier (hver tekst, hvert tal, hver liste "
              "og hver samling tæller med, også nøglerne); værdien her er én for mange",
    },
    "YAML-LIMIT/aliases": {
        "en": "aliases (*name) add more than {limit} values to this file: the value "
              "anchored here is used too many times",
        "da": "henvisninger (*navn) tilføjer mere end {limit} værdier til denne fil: "
              "værdien, der er mærket her, bruges for mange gange",
    },
}
