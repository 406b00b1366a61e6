"""The package installs as `regel` with every room in it: each folder of engine/ is a package
listed in pyproject.toml (setuptools installs only those), and nothing else is installed at
the top level."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool: dict[str, object] = data["tool"]["setuptools"]
    return tool


def test_every_folder_of_the_engine_is_an_installed_package() -> None:
    folders = {".".join(("regel", *p.parent.relative_to(ROOT / "engine").parts))
               for p in (ROOT / "engine").rglob("__init__.py")}
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    assert folders - listed == set(), "add these to [tool.setuptools] packages"


def test_only_regel_is_installed_at_the_top_level() -> None:
    packages = _setuptools()["packages"]
    assert {p.split(".")[0] for p in packages} == {"regel"}  # type: ignore[attr-defined]
    assert _setuptools()["package-dir"] == {"regel": "engine", "regel.schemas": "schemas",
                                            "regel.rules": "rules"}
