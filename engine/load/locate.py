"""Finding a rule pack: a folder, its pack.yaml, a DMN file or a bundled pack's name; and
where the installed JSON Schemas and bundled packs are. ``local_pack``: a bare name is first
looked for as ``rules/NAME`` in the working folder (or in ``--packs DIR`` / ``REGEL_PACKS``),
so the pack being edited is the pack that runs."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from regel.base.errors import PackError
from regel.base.messages import Msg
from regel.base.words import did_you_mean
from regel.load.packfile import diagnostic

__all__ = ["schema_dir", "rules_dir", "bundled_packs", "find_pack", "local_pack", "is_bare_name",
           "PACKS_ENV", "LOCAL_PACKS"]

#: the environment variable naming the folder bare pack names are looked up in first
PACKS_ENV = "REGEL_PACKS"
#: that folder when neither --packs nor REGEL_PACKS names one (in the working folder)
LOCAL_PACKS = "rules"


def schema_dir() -> Path:
    """The JSON Schemas, installed as data inside the package (``regel.schemas``)."""
    return Path(str(files("regel.schemas")))


def rules_dir() -> Path:
    """The bundled packs' folder, installed inside the package (``regel.rules``)."""
    return Path(str(files("regel.rules")))


def bundled_packs() -> dict[str, Path]:
    """Packs shipped with regel, by folder name."""
    root = rules_dir()
    return {p.name: p for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file()}


def find_pack(path_or_name: str | Path) -> Path:
    """A pack folder from a path (folder or its pack.yaml) or a bundled pack's name."""
    p = Path(path_or_name)
    if p.is_file() and p.name == "pack.yaml":
        return p.parent
    if p.is_file() and p.suffix.lower() == ".dmn":
        return p
    if p.is_dir():
        if not os.path.lexists(p / "pack.yaml"):   # else reading it says what it is
            raise PackError([diagnostic("PACK-LAYOUT/no-pack-yaml", str(p))])
        return p
    bundled = bundled_packs()
    if str(path_or_name) in bundled:
        return bundled[str(path_or_name)]
    name = str(path_or_name)
    known: list[str] | Msg = sorted(bundled) or Msg("words.none")
    raise PackError([diagnostic("PACK-NOT-FOUND", name, name=name,
                                hint=did_you_mean(name, bundled), known=known)])


def is_bare_name(text: str) -> bool:
    """A pack named by its name alone (``sikkerhedsstillelse``): no folder, no file, no
    path separator, nothing at that path in the working folder."""
    return bool(text) and "/" not in text and os.sep not in text and text not in (".", "..") \
        and not text.lower().endswith((".dmn", ".yaml", ".yml")) and not os.path.lexists(text)


def local_pack(name: str, packs: str | None = None) -> Path | None:
    """The folder ``NAME`` with a pack.yaml inside ``packs`` (else ``$REGEL_PACKS``, else
    ``./rules``), as a path relative to the working folder when ``packs`` is; None when
    ``name`` is not a bare name or there is no such folder (the bundled pack is then used)."""
    if not is_bare_name(name):
        return None
    folder = Path(packs or os.environ.get(PACKS_ENV) or LOCAL_PACKS) / name
    return folder if (folder / "pack.yaml").is_file() else None
