"""The decision service: an HTTP JSON API (``app``) over packs loaded once (``state``),
and, when present, the caseworker's page (``page``). Needs the extra ``regel[serve]``."""
