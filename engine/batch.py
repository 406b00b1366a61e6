"""Caseloads on a cluster: ``partition`` turns one partition of JSONL lines (a Dask bag's,
a Spark RDD's) into the result lines ``regel batch`` writes for them, with the pack loaded
once per process. docs/batch.md says how to run it on Dask and on Spark.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
from collections.abc import Iterable, Iterator

from regel.api import Pack, load_pack
from regel.base.messages import language
from regel.feel import Limits
from regel.tools.batch import result_lines

__all__ = ["partition", "cached_pack", "Results"]

#: the packs this process has loaded, by the reference they were asked for with
_PACKS: dict[str, Pack] = {}
_LOCK = threading.Lock()

Line = str | bytes
Item = Line | tuple[int, Line]


def cached_pack(pack_ref: str | os.PathLike[str]) -> Pack:
    """The pack ``pack_ref`` (a bundled pack's name or a folder, as for ``load_pack``),
    loaded and checked the first time this process asks for it and kept for the process's
    life: every later partition in the process uses the same one. A bad pack raises
    ``PackError`` each time it is asked for."""
    key = os.fspath(pack_ref)
    with _LOCK:
        pack = _PACKS.get(key)
        if pack is None:
            pack = _PACKS[key] = load_pack(key)
        return pack


def partition(pack_ref: str | os.PathLike[str], lines: Iterable[Item], *,
              as_of: _dt.date | None = None, decisions: Iterable[str] | None = None,
              limits: Limits | None = None, trace: bool = False, lang: str | None = None,
              start: int = 1) -> Iterator[str]:
    """The result lines of a partition of JSONL lines: for each line, the JSON line that
    ``regel batch`` writes for it (without the line end), lazily and in input order; a bad
    line gives its error line and the partition goes on.

    A line is text (a line end is allowed; bytes that are not UTF-8, read with
    ``errors="surrogateescape"``, are named as ``regel batch`` names them) or bytes. Lines
    are numbered from ``start``; an item ``(number, line)`` gives its own number (the next
    plain line then counts on from it). ``as_of``, ``decisions``, ``limits`` and ``trace``
    are those of ``regel batch``; ``lang`` is the language of the error messages (default:
    the pack's). An unknown decision raises ``EvaluationError``, a bad pack ``PackError``."""
    pack = cached_pack(pack_ref)
    return Results(result_lines(pack, _numbered(lines, start), decisions=decisions,
                                as_of=as_of, trace=trace, lang=_language(pack, lang),
                                limits=limits))


class Results(Iterator[str]):
    """A partition's result lines, lazily; pickled (Dask's processes scheduler sends a
    partition's result back to the client that way), it is the lines not yet taken, as a
    list."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines

    def __iter__(self) -> Results:
        return self

    def __next__(self) -> str:
        return next(self.lines)

    def __reduce__(self) -> tuple[type[list[str]], tuple[list[str]]]:
        return list, (list(self.lines),)


def _numbered(lines: Iterable[Item], start: int) -> Iterator[tuple[int, Line]]:
    number = start
    for item in lines:
        if isinstance(item, tuple):
            number, line = item
        else:
            line = item
        yield number, line
        number += 1


def _language(pack: Pack, lang: str | None) -> str:
    """``lang``, else the pack's default language, else English (as ``regel batch``)."""
    return language(lang or pack.default_language)
