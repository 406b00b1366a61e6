"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from regel.base.cache import ENV as CACHE_ENV

#: the folder of regel's cache this test run made (and removes at its end)
_CACHE_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """regel's cache (``regel.base.cache``) in a folder of this test run, not the user's:
    the tests, and the commands they start, fill it as a user's first runs would. xdist's
    workers share the folder of the process that started them."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    folder = tempfile.mkdtemp(prefix="regel-test-cache-")
    config.stash[_CACHE_KEY] = folder
    os.environ[CACHE_ENV] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_CACHE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


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
