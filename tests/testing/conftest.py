"""Fixtures for the tests of `regel test` and the pytest plugin (pytester runs pytest on
small packs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.testing.testing_helpers import write_pack

pytest_plugins = ["pytester"]


@pytest.fixture
def pack_dir(tmp_path: Path) -> Callable[..., Path]:
    """``pack_dir(tests)``: a fresh pack folder holding ``tests``."""
    counter = iter(range(1000))

    def make(tests: list[dict[str, Any]] | None, **kw: Any) -> Path:
        return write_pack(tmp_path / f"pack{next(counter)}", tests, **kw)

    return make
