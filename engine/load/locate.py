"""Finding a rule pack: a folder, its pack.yaml, a DMN file or a bundled pack's name; and
where the installed JSON Schemas and bundled packs are."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from regel.base.errors import PackError
from regel.base.messages import Msg
from regel.base.words import did_you_mean
from regel.load.packfile import diagnostic

__all__ = ["schema_dir", "rules_dir", "bundled_packs", "find_pack"]


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
