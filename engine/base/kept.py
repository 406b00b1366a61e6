"""What loading a pack made that its next load may read back instead of making anew: the
FEEL parses of its texts (``regel.feel.parser``) and its YAML files read with their
positions (``regel.source.yamltree``), kept in the user's cache (``regel.base.cache``).
A load runs in a ``kept(scope)`` block; inside it ``find(key)`` gives what an earlier block
of the same scope kept under ``key`` (a key holds all a value is made from), ``keep(key,
value)`` keeps a value made now. docs/architecture.md ("Kept for the next load") says
what is written when, what is not kept, and why a pickle may be read here."""

from __future__ import annotations

import contextvars
import hashlib
import importlib.util
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from regel.base import cache

__all__ = ["kept", "find", "keep", "found_or_made", "code_digest", "active", "give_up",
           "KEPT_CACHE", "MAX_BYTES", "MAX_VALUES", "MAX_FILES"]

#: The start of the name of a pack's kept file in the cache.
KEPT_CACHE = "kept-"
#: The most bytes (pickled) of one pack's kept values: a larger pack (a table of thousands
#: of rules) is read anew each time, as writing the file would cost more than it saves
MAX_BYTES = 2 * 1024 * 1024
#: The most values kept for one pack
MAX_VALUES = 10_000
#: The most packs kept for: the files of the packs loaded longest ago go (a pack in a
#: passing folder, a test's or an import's, is kept for too)
MAX_FILES = 32
#: The form of the file (a dict of keys to pickled values); a new form, a new name
_FORM = "1"


class _Kept:
    """One block's kept values: those its file held (read at the first ``find``), and
    those it used or made, pickled."""

    __slots__ = ("name", "prefix", "found", "used", "size", "made", "full")

    def __init__(self, name: str, prefix: str) -> None:
        self.name, self.prefix = name, prefix
        self.found: dict[Any, bytes] | None = None
        self.used: dict[Any, bytes] = {}
        self.size = 0
        self.made = self.full = False

    def take(self, key: Any, data: bytes) -> None:
        if key in self.used:
            return
        if self.size + len(data) > MAX_BYTES or len(self.used) >= MAX_VALUES:
            self.full = True
            return
        self.used[key] = data
        self.size += len(data)


_CURRENT: contextvars.ContextVar[_Kept | None] = contextvars.ContextVar("regel_kept",
                                                                        default=None)


def active() -> bool:
    """Whether a ``kept`` block is under way that may still keep something."""
    block = _CURRENT.get()
    return block is not None and not block.full


def give_up() -> None:
    """Keep nothing more in the block under way, and write nothing after it: its pack is
    too large for the cache (a file the maker will not keep)."""
    block = _CURRENT.get()
    if block is not None:
        block.full = True


@contextmanager
def kept(scope: str) -> Iterator[None]:
    """Run the block with the values kept for ``scope``; write them back after it (see the
    module's docstring)."""
    if cache.directory() is None:   # the cache is off: nothing to read or write
        yield
        return
    where = hashlib.sha256(scope.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    prefix = f"{KEPT_CACHE}{where}-"
    block = _Kept(f"{prefix}{_FORM}.pickle", prefix)
    token = _CURRENT.set(block)
    try:
        yield
    finally:
        _CURRENT.reset(token)
    if block.made and not block.full and cache.write(
            block.name, pickle.dumps(block.used, protocol=pickle.HIGHEST_PROTOCOL),
            replaces=block.prefix):
        cache.keep_newest(KEPT_CACHE, MAX_FILES)


def find(key: Any) -> Any:
    """The value kept under ``key`` (a tuple) for the block under way, unpickled anew; None
    when there is none (or no block)."""
    block = _CURRENT.get()
    if block is None or block.full:
        return None
    if block.found is None:
        block.found = _read(block.name)
    data = block.found.get(key)
    if data is None:
        return None
    try:
        value = pickle.loads(data)
    except Exception:  # whatever a damaged pickle raises: made anew
        return None
    block.take(key, data)
    return value


def keep(key: Any, value: Any) -> None:
    """Keep ``value`` (made now) under ``key`` for the next block of the same scope."""
    block = _CURRENT.get()
    if block is None or block.full:
        return
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that does not pickle (none should): not kept
        return
    block.made = True
    block.take(key, data)


def found_or_made(key: Any, make: Callable[[], Any], fits: Callable[[Any], bool]) -> Any:
    """The value kept under ``key`` when it ``fits`` (is of the kind ``make`` makes), else
    ``make()``, kept (a ``make`` that raises keeps nothing)."""
    value = find(key)
    if value is not None and fits(value):
        return value
    value = make()
    keep(key, value)
    return value


def code_digest(modules: Iterable[str], *parts: bytes) -> str:
    """A digest of what a maker's values are made from besides their input: the source of
    ``modules`` (found without importing them), Python's version and ``parts``."""
    made_of = [*parts, (sys.implementation.cache_tag or sys.version).encode()]
    for name in modules:
        spec = importlib.util.find_spec(name)
        try:
            with open(spec.origin if spec is not None and spec.origin else "", "rb") as f:
                made_of.append(f.read())
        except OSError:
            made_of.append(b"?")
    return hashlib.sha256(b"\0".join(made_of)).hexdigest()[:40]


def _read(name: str) -> dict[Any, bytes]:
    """The kept values of the file ``name``, pickled; none when it is absent or not what
    ``kept`` writes."""
    data = cache.read(name)
    if data is None or len(data) > MAX_BYTES + 64 * 1024:
        return {}
    try:
        found = pickle.loads(data)
    except Exception:  # whatever a damaged or foreign pickle raises: made anew
        return {}
    if not isinstance(found, dict) or not all(
            isinstance(k, tuple) and isinstance(v, bytes) for k, v in found.items()):
        return {}
    cache.touch(name)   # used: among the packs kept for (MAX_FILES)
    return found
