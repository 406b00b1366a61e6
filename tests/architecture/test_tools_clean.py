"""ruff and mypy are clean on the package, and mypy holds the public API to strict's checks
(pyproject.toml names the modules). mypy must see the source folder under its installed
name, so it reads it through a link named ``regel``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=300)


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "engine", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean_and_strict_on_the_public_api(tmp_path: Path) -> None:
    (tmp_path / "regel").symlink_to(ROOT / "engine", target_is_directory=True)
    env = {**os.environ, "MYPYPATH": str(tmp_path)}
    done = _run("mypy", "--cache-dir", str(tmp_path / "cache"), "-p", "regel", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
