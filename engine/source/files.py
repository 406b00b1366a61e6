"""Reading a file a user named: its bytes or text, or the engine's error saying plainly why
not, with the file as the error's source. One ladder for every reader:

- FILE-NOT-FOUND "the file does not exist";
- FILE-UNREADABLE "this is a folder, not <what>", "the file cannot be read (<reason>)",
  "the file is not UTF-8 text: ..." (at the first byte that is not), and the limits of
  ``read_bytes``: only a regular file (not a pipe or a device, which could block or never
  end) of at most MAX_FILE_BYTES.

``what`` names the file a reader expects, in the reader's language: one of the words
below (``YAML_FILE``, ...), or a plain text.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from regel.base.errors import RegelError, Span
from regel.base.messages import Msg

__all__ = ["read_bytes", "read_text", "open_binary", "file_error", "not_text_error",
           "A_FILE", "YAML_FILE", "DMN_FILE", "TRACE_FILE", "CASES_FILE", "MAX_FILE_BYTES"]

#: The largest file ``read_bytes`` reads (docs/pack-format.md, "Limits"): 8 MiB, hundreds
#: of times the largest rule file and DMN model known.
MAX_FILE_BYTES = 8 * 1024 * 1024

#: What a reader expects a file to be ("this is a folder, not a YAML file").
A_FILE = Msg("file.what.file")
YAML_FILE = Msg("file.what.yaml")
DMN_FILE = Msg("file.what.dmn")
TRACE_FILE = Msg("file.what.trace")
CASES_FILE = Msg("file.what.cases")


def read_bytes(path: str | Path, *, what: Msg | str = A_FILE,
               error: type[RegelError] = RegelError) -> bytes:
    """The bytes of ``path``, or ``error`` (FILE-NOT-FOUND, FILE-UNREADABLE). ``what``
    names the file the caller expects, for a folder given in its place. Only a regular
    file is opened (a pipe would wait for a writer, a device may never end), and one
    larger than MAX_FILE_BYTES is refused, also one that grows while it is read."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            with p.open("rb") as f:
                if os.fstat(f.fileno()).st_size <= MAX_FILE_BYTES:
                    data = f.read(MAX_FILE_BYTES + 1)
                    if len(data) <= MAX_FILE_BYTES:
                        return data
            raise error.of("FILE-UNREADABLE", key="FILE-UNREADABLE/too-large", at=str(p),
                           limit=MAX_FILE_BYTES // (1024 * 1024))
    except OSError as exc:
        raise file_error(exc, p, what=what, error=error) from None
    raise error.of("FILE-UNREADABLE", key="FILE-UNREADABLE/not-a-file", at=str(p), what=what)


def read_text(path: str | Path, *, what: Msg | str = A_FILE, encoding: str = "utf-8",
              error: type[RegelError] = RegelError) -> str:
    """The text of ``path`` in ``encoding`` ("utf-8-sig" drops a byte-order mark), with
    line ends made ``\\n`` as Python's text mode does; ``error`` as ``read_bytes``, and
    FILE-UNREADABLE for bytes that are not text in ``encoding``."""
    data = read_bytes(path, what=what, error=error)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise not_text_error(exc, Path(path), error=error) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def open_binary(path: str | Path, *, what: Msg | str = A_FILE,
                error: type[RegelError] = RegelError) -> BinaryIO:
    """``path`` opened for reading bytes (for files read in pieces), or ``error``."""
    p = Path(path)
    try:
        return p.open("rb")
    except OSError as exc:
        raise file_error(exc, p, what=what, error=error) from None


def file_error(exc: OSError, path: Path, *, what: Msg | str = A_FILE,
               error: type[RegelError] = RegelError) -> RegelError:
    """The engine's error for ``exc``, met opening or reading ``path``."""
    at = str(path)
    if isinstance(exc, FileNotFoundError):
        return error.of("FILE-NOT-FOUND", at=at)
    # a folder is PermissionError on Windows, IsADirectoryError elsewhere
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return error.of("FILE-UNREADABLE", key="FILE-UNREADABLE/folder", at=at,
                        what=what)
    return error.of("FILE-UNREADABLE", key="FILE-UNREADABLE/os", at=at,
                    reason=exc.strerror or str(exc))


def not_text_error(exc: UnicodeDecodeError, path: Path, *,
                   error: type[RegelError] = RegelError) -> RegelError:
    """The engine's error for bytes of ``path`` that do not decode as text, located at the
    first such byte."""
    before = exc.object[:exc.start]
    line_start = before.rfind(b"\n") + 1
    offset = len(before.decode(exc.encoding, "replace"))
    column = len(before[line_start:].decode(exc.encoding, "replace")) + 1
    line = before.count(b"\n") + 1
    span = Span(line, column, line, column + 1, offset, offset + 1, str(path))
    return error.of("FILE-UNREADABLE", key="FILE-UNREADABLE/not-utf8", at=span)
