"""A citation as text: the short name (else the title) of the registered source it refers
to, in the reader's language, then its pinpoint ("Lov nr. 686 af 11. juni 2024, § 1, nr.
2"). Citations and sources come in their JSON form (a trace's ``citations`` and
``sources``); a citation may also be free prose (a plain string), shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["citation_text", "source_name", "cited_text", "text_in"]


def text_in(text: Any, lang: str) -> str:
    """A text of the registry ({da, en} or one string) in ``lang``."""
    if isinstance(text, Mapping):
        return str(text.get(lang) or text.get("en") or text.get("da") or "")
    return "" if text is None else str(text)


def source_name(entry: Mapping[str, Any] | None, lang: str) -> str:
    """How running text names a registered source: its short name, else its title."""
    if not entry:
        return ""
    return text_in(entry.get("short"), lang) or text_in(entry.get("title"), lang)


def citation_text(cite: Any, sources: Mapping[str, Any] | None, lang: str) -> str:
    """One citation as text: a plain string as it is; a citation ``{"ref", "at", "note"}``
    as the short name (else the title) of its source in ``lang``, then ", " and its
    pinpoint. A source the registry lacks is named by its id. The note is left out."""
    if not isinstance(cite, Mapping):
        return "" if cite is None else str(cite)
    ref = str(cite.get("ref") or "")
    name = source_name((sources or {}).get(ref), lang) or ref
    at = cite.get("at")
    return f"{name}, {at}" if at else name


def cited_text(source: Any, sources: Mapping[str, Any] | None, lang: str,
               sep: str = "; ") -> str:
    """A whole ``source`` field as text: a string as it is, a list of citations each as
    ``citation_text`` joined by ``sep``, nothing as ""."""
    if isinstance(source, (list, tuple)):
        return sep.join(citation_text(c, sources, lang) for c in source)
    return citation_text(source, sources, lang)
