"""Fixtures of the batch tests: the bundled pack and the library pack, loaded once."""

from __future__ import annotations

import pytest
from batch_helpers import LIBRARY

from regel import load_pack
from regel.model import Pack


@pytest.fixture(scope="session")
def sik() -> Pack:
    return load_pack("sikkerhedsstillelse")


@pytest.fixture(scope="session")
def library() -> Pack:
    return load_pack(str(LIBRARY))
