"""The sources a report cites, numbered as footnotes in the order the report first cites
them, and the list of sources the report ends with (full title, issuer, number, date and
address), all from the trace's own registry (``trace["sources"]``). A citation written as
free prose (a pack without a registry) is shown as written, without a number."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from regel.base.citations import citation_text, text_in
from regel.report.formats import format_date

__all__ = ["Cite", "Footnotes", "SourceEntry"]


@dataclass(slots=True)
class Cite:
    """One citation as a report shows it: the source's short name and pinpoint, its note,
    and the footnote number of its source (None for free prose)."""
    text: str
    note: str = ""
    n: int | None = None


@dataclass(slots=True)
class SourceEntry:
    """One numbered source at the end of a report."""
    n: int
    title: str
    details: str
    url: str


class Footnotes:
    """Numbers the registry's sources as a report cites them."""

    def __init__(self, sources: dict[str, Any] | None, lang: str) -> None:
        self.sources = sources or {}
        self.lang = lang
        self.numbers: dict[str, int] = {}

    def cite(self, item: Any) -> Cite:
        """A citation of the trace (a citation object, or a string) as shown."""
        if not isinstance(item, dict):
            return Cite(str(item or ""))
        ref = str(item.get("ref") or "")
        note = text_in(item.get("note"), self.lang)
        if ref not in self.sources:   # not in the registry: `regel check` reports it
            return Cite(str(item.get("at") or ""), note)
        n = self.numbers.setdefault(ref, len(self.numbers) + 1)
        return Cite(citation_text(item, self.sources, self.lang), note, n)

    def cites(self, items: list[Any]) -> list[Cite]:
        """Several citations as shown (the trace has already left out repeats)."""
        return [c for c in map(self.cite, items) if c.text]

    def renumber(self, shown: list[Cite]) -> None:
        """Number the sources again in the order a reader meets ``shown`` (every citation
        in the order the report shows them; the same Cite may come more than once)."""
        order: dict[int, int] = {}
        for c in shown:
            if c.n is not None and c.n not in order:
                order[c.n] = len(order) + 1
        for c in {id(c): c for c in shown}.values():
            if c.n is not None:
                c.n = order[c.n]
        self.numbers = {ref: order[n] for ref, n in self.numbers.items() if n in order}

    def entries(self) -> list[SourceEntry]:
        """The cited sources in footnote order."""
        out = []
        for ref, n in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            e = self.sources[ref]
            parts = [str(e.get("issuer") or "")]
            if e.get("number"):
                parts.append(str(e["number"]))
            if e.get("date"):
                parts.append(format_date(_dt.date.fromisoformat(str(e["date"])), self.lang))
            out.append(SourceEntry(n, text_in(e.get("title"), self.lang),
                                   ", ".join(p for p in parts if p), str(e.get("url") or "")))
        return out
