"""A per-user cache of what regel can always rebuild, to start faster (the FEEL parser's
tables; the digests of pack files that passed their JSON Schema). Where: ``$REGEL_CACHE_DIR``,
else ``$XDG_CACHE_HOME/regel``, else ``~/.cache/regel`` (``%LOCALAPPDATA%/regel`` on
Windows); ``REGEL_CACHE_DIR=`` (empty) turns it off. The cache only ever saves time: one that
is absent, unreadable, unwritable, corrupt or not the user's own is passed over and the thing
rebuilt. A file is written whole to a temporary name and renamed into place, so no reader
sees half of one; a stale file is never read, as each name carries the digest of all it
was made from."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

__all__ = ["ENV", "directory", "read", "write", "append_line", "keep_newest", "touch"]

#: the variable that moves (a path) or turns off (empty) the cache
ENV = "REGEL_CACHE_DIR"

#: a file larger than this is not read (a cache that grew past reason starts over)
MAX_BYTES = 4 * 1024 * 1024
#: an older version of a file is removed once it has not been written for this long (a
#: day: two versions of regel in use side by side do not remove each other's at every run)
STALE_SECONDS = 24 * 60 * 60


def directory() -> Path | None:
    """The cache folder (perhaps not made yet), or None when caching is off or there is no
    home to put it in."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("LOCALAPPDATA" if os.name == "nt" else "XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "regel"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "regel" if os.path.isabs(home) else None


def read(name: str) -> bytes | None:
    """The cached file ``name``, or None: not there, unreadable, too large, or (on POSIX)
    not owned by this user or writable by others, whose bytes regel will not trust."""
    folder = directory()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as f:
            info = os.fstat(f.fileno())
            if not _trusted(info) or info.st_size > MAX_BYTES:
                return None
            return f.read()
    except OSError:
        return None


def _trusted(info: os.stat_result) -> bool:
    if os.name == "nt":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def write(name: str, data: bytes, *, replaces: str = "") -> bool:
    """Store ``data`` as ``name`` (whole, or not at all); files starting with ``replaces``
    (the older versions of the same thing) are removed once stale. False if it could not be
    stored."""
    folder = _made()
    if folder is None:
        return False
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temporary, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    if replaces:
        _remove_others(folder, replaces, name)
    return True


def append_line(name: str, line: str, limit: int = MAX_BYTES) -> bool:
    """Add ``line`` to the cached file ``name``, in one write (appends of a few bytes from
    processes at once do not mix on a local disk; a reader must still check each line). A
    file grown past ``limit`` bytes starts over."""
    folder = _made()
    if folder is None or "\n" in line:
        return False
    try:
        fd = os.open(folder / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        if os.fstat(fd).st_size > limit:
            os.ftruncate(fd, 0)
        os.write(fd, (line + "\n").encode("ascii"))
    except (OSError, UnicodeEncodeError):
        return False
    finally:
        os.close(fd)
    return True


def _made() -> Path | None:
    """The cache folder, made (only this user may enter it) if it was not there."""
    folder = directory()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def _remove_others(folder: Path, prefix: str, keep: str) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    stale = time.time() - STALE_SECONDS
    for other in names:
        if other.startswith(prefix) and other != keep:
            with contextlib.suppress(OSError):   # another process removed it first
                if os.stat(folder / other).st_mtime < stale:
                    os.unlink(folder / other)



def touch(name: str) -> None:
    """Mark the cached file ``name`` as used now (``keep_newest`` keeps the files used
    last)."""
    folder = directory()
    if folder is not None:
        with contextlib.suppress(OSError):
            os.utime(folder / name)


def keep_newest(prefix: str, count: int) -> None:
    """Remove all but the ``count`` files whose names start with ``prefix`` that were
    written or touched last (files kept per pack: packs in passing folders must not fill
    the cache)."""
    folder = directory()
    if folder is None:
        return
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return
    if len(names) <= count:
        return
    dated = []
    for name in names:
        with contextlib.suppress(OSError):   # another process removed it first
            dated.append((os.stat(folder / name).st_mtime, name))
    for _, name in sorted(dated, reverse=True)[count:]:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
