"""What the tools and the command line need to speak the reader's language: the language a
pack speaks (read cheaply from its pack.yaml, for output made before or without the loaded
pack), a pack's own two-language text as a message value, an operating-system error in
words, and numbers written the Danish or the English way.
"""

from __future__ import annotations

import errno
from decimal import Decimal
from pathlib import Path

from regel.base.errors import RegelError
from regel.base.messages import LANGUAGES, Msg
from regel.source.yamltree import load_yaml_file

__all__ = ["pack_language", "os_reason", "decimal_text", "count_text"]


def _pack_folder(ref: str) -> Path | None:
    """The folder of the pack ``ref`` names (a folder, its pack.yaml, a bundled pack's name,
    or either with ``@REV``), or None (a DMN model, or nothing there)."""
    path = Path(ref)
    if not path.exists() and "@" in ref:
        path = Path(ref.rsplit("@", 1)[0])      # PACK@REV: the pack as it is checked out
    if not path.exists():
        from regel.load import bundled_packs  # lazy: only for a name that is no path
        return bundled_packs().get(path.as_posix())
    if path.is_file():
        return path.parent if path.name == "pack.yaml" else None
    return path


def pack_language(ref: str | Path | None) -> str:
    """The ``default_language`` the pack.yaml of the pack ``ref`` names (da or en), read
    without loading the pack; English when there is no such pack.yaml or it names none
    (a DMN model, a file that is not YAML or cannot be read, a folder that does not
    exist)."""
    if not ref:
        return "en"
    folder = _pack_folder(str(ref))
    if folder is None:
        return "en"
    try:    # read with the readers' limits: pack.yaml may be a pipe or megabytes of values
        data = load_yaml_file(folder / "pack.yaml")
    except RegelError:
        return "en"
    found = data.get("default_language") if isinstance(data, dict) else None
    return found if found in LANGUAGES else "en"


#: operating-system errors said in words; the English is the C library's own text
_OS_REASONS = {
    errno.ENOENT: "os.no-such-file", errno.EACCES: "os.permission-denied",
    errno.EPERM: "os.not-permitted", errno.ENOSPC: "os.no-space", errno.EISDIR: "os.is-folder",
    errno.ENOTDIR: "os.not-a-folder", errno.EROFS: "os.read-only", errno.EEXIST: "os.exists",
}


def os_reason(exc: OSError) -> Msg | str:
    """Why an operation on a file failed, as a message in either language where the error is
    a common one, else the system's own words."""
    key = _OS_REASONS.get(exc.errno or 0)
    return Msg(key) if key else str(exc.strerror or exc)


def decimal_text(value: float | Decimal, places: int, lang: str) -> str:
    """``value`` with ``places`` decimals: 1234.5, or in Danish 1234,5."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "da" else text


def count_text(value: int, lang: str) -> str:
    """A whole number with thousands grouped: 12,345 or 12.345."""
    text = f"{value:,}"
    return _danish(text) if lang == "da" else text


def _danish(text: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
