"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture
def installed_regel() -> tuple[str, dict[str, str]]:
    """The installed ``regel`` command and an environment without PYTHONPATH, so that a
    subprocess uses the installed package, not the source tree. CI installs it
    (non-editable); elsewhere the test is skipped, never in CI."""
    beside = Path(sys.executable).parent / "regel"
    exe = str(beside) if beside.exists() else shutil.which("regel")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("the regel command is not installed next to the test interpreter")
        pytest.skip("regel is not installed in this environment (CI installs it)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return exe, env


@pytest.fixture(scope="session")
def chromium() -> str:
    """Headless Chromium (Debian's ``chromium``, which .ci/run installs) for the browser
    tests: skipped where it is missing, never in CI."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed here (CI installs it)")
    return exe
