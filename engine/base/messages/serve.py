"""Messages of ``regel serve``: the decision service's HTTP JSON API (regel.serve)."""

MESSAGES: dict[str, dict[str, str]] = {
    "SERVE-NO-STARLETTE": {
        "en": "the decision service needs the libraries starlette and uvicorn, which are not "
              "installed; install them with pip install 'regel[serve]'",
        "da": "afgørelsestjenesten kræver bibliotekerne starlette og uvicorn, som ikke er "
              "installeret; installér dem med pip install 'regel[serve]'",
    },
    "SERVE-UNKNOWN-PACK": {
        "en": "the service has no rule pack named '{name}'{hint}",
        "da": "tjenesten har intet regelsæt med navnet '{name}'{hint}",
    },
    "SERVE-NOT-FOUND": {
        "en": "there is nothing at {path}; GET /openapi.json lists what the service offers",
        "da": "der findes intet på {path}; GET /openapi.json viser, hvad tjenesten tilbyder",
    },
    "SERVE-METHOD": {
        "en": "{path} does not take {method} requests",
        "da": "{path} tager ikke imod {method}-forespørgsler",
    },
    "SERVE-BODY-TOO-LARGE": {
        "en": "the request is larger than the service accepts ({limit} bytes at most)",
        "da": "forespørgslen er større, end tjenesten tager imod (højst {limit} byte)",
    },
    "SERVE-TIMEOUT": {
        "en": "the evaluation took longer than the service allows ({seconds} seconds) "
              "and was stopped",
        "da": "beregningen tog længere tid, end tjenesten tillader ({seconds} sekunder), "
              "og blev stoppet",
    },
    "SERVE-PARAMETER": {
        "en": "the parameter {name} cannot be '{value}'; it must be one of {allowed}",
        "da": "parameteren {name} kan ikke være '{value}'; den skal være en af {allowed}",
    },
    "SERVE-BODY-ENCODING": {
        "en": "the request body is not UTF-8 text",
        "da": "forespørgslens indhold er ikke UTF-8-tekst",
    },
    "SERVE-RELOAD-OFF": {
        "en": "reloading over HTTP is off; start the service with --reload-endpoint, "
              "or send it the signal SIGHUP",
        "da": "genindlæsning over HTTP er slået fra; start tjenesten med --reload-endpoint, "
              "eller send den signalet SIGHUP",
    },
    "serve.pack": {
        "en": "serving {pack} {version} (fingerprint {fingerprint}…)",
        "da": "stiller {pack} {version} til rådighed (fingeraftryk {fingerprint}…)",
    },
    "serve.listening": {
        "en": "the service answers at {url} (GET /openapi.json describes it)",
        "da": "tjenesten svarer på {url} (GET /openapi.json beskriver den)",
    },
}
