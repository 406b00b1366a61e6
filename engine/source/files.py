"""Reading a file a user named: its bytes or text, or the engine's error saying plainly why
not, with the file as the error's source. One ladder for every reader:

- FILE-NOT-FOUND "the file does not exist";
- FILE-UNREADABLE "this is a folder, not <what>", "the file cannot be read (<reason>)" or
  "the file is not UTF-8 text: ..." (at the first byte that is not).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from regel.base.errors import RegelError, Span

__all__ = ["read_bytes", "read_text", "open_binary", "file_error", "not_text_error"]


def read_bytes(path: str | Path, *, what: str = "a file",
               error: type[RegelError] = RegelError) -> bytes:
    """The bytes of ``path``, or ``error`` (FILE-NOT-FOUND, FILE-UNREADABLE). ``what``
    names the file the caller expects, for a folder given in its place."""
    p = Path(path)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise file_error(exc, p, what=what, error=error) from None


def read_text(path: str | Path, *, what: str = "a file", encoding: str = "utf-8",
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


def open_binary(path: str | Path, *, what: str = "a file",
                error: type[RegelError] = RegelError) -> BinaryIO:
    """``path`` opened for reading bytes (for files read in pieces), or ``error``."""
    p = Path(path)
    try:
        return p.open("rb")
    except OSError as exc:
        raise file_error(exc, p, what=what, error=error) from None


def file_error(exc: OSError, path: Path, *, what: str = "a file",
               error: type[RegelError] = RegelError) -> RegelError:
    """The engine's error for ``exc``, met opening or reading ``path``."""
    if isinstance(exc, FileNotFoundError):
        return error("the file does not exist", code="FILE-NOT-FOUND", source=str(path))
    # a folder is PermissionError on Windows, IsADirectoryError elsewhere
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return error(f"this is a folder, not {what}", code="FILE-UNREADABLE", source=str(path))
    return error(f"the file cannot be read ({exc.strerror or exc})", code="FILE-UNREADABLE",
                 source=str(path))


def not_text_error(exc: UnicodeDecodeError, path: Path, *,
                   error: type[RegelError] = RegelError) -> RegelError:
    """The engine's error for bytes of ``path`` that do not decode as text, located at the
    first such byte."""
    before = exc.object[:exc.start]
    line_start = before.rfind(b"\n") + 1
    offset = len(before.decode(exc.encoding, "replace"))
    column = len(before[line_start:].decode(exc.encoding, "replace")) + 1
    line = before.count(b"\n") + 1
    return error("the file is not UTF-8 text: the byte here is not valid UTF-8; save the file "
                 "as UTF-8", code="FILE-UNREADABLE", source=str(path),
                 span=Span(line, column, line, column + 1, offset, offset + 1))
