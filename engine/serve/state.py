"""The packs a running service answers with. ``ServeState.packs`` is the current
``dict[str, Pack]`` (pack id -> pack); a reload builds a whole new dict and swaps it in one
assignment, so a request that already took the dict finishes on the old packs."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from regel.api import Pack, load_pack

__all__ = ["PackRef", "ServeState", "load_packs"]

#: what the service is started with: a pack folder, a bundled pack's name, or a loaded Pack
PackRef = str | Path | Pack


def load_packs(refs: Sequence[PackRef]) -> dict[str, Pack]:
    """Each ref loaded (a ``Pack`` is taken as it is), by the pack's id; the first of two
    packs with one name wins. Loading errors (``RegelError``) pass on to the caller."""
    packs: dict[str, Pack] = {}
    for ref in refs:
        pack = ref if isinstance(ref, Pack) else load_pack(ref)
        packs.setdefault(pack.id, pack)
    return packs


class ServeState:
    """The service's packs: ``packs`` is the current pack id -> ``Pack`` dict. Read it once per
    request (``packs = state.packs``) and use that dict to the end."""

    def __init__(self, refs: Sequence[PackRef]) -> None:
        self.refs: list[PackRef] = list(refs)
        self.packs: dict[str, Pack] = load_packs(self.refs)
        self.generation = 0
        self._lock = threading.Lock()

    def reload(self) -> dict[str, Pack]:
        """Load every pack again from its ref and swap the new dict in at once. Only refs
        that are paths or names load again; a ``Pack`` object stays as it is. When a pack
        fails to load, the old packs stay and the error passes on."""
        with self._lock:
            fresh = load_packs(self.refs)
            self.packs = fresh
            self.generation += 1
            return fresh
