"""Helpers for the batch tests: paths of the example cases, JSONL writing and reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from regel.feel.jsonio import dumps
from regel.source.yamltree import load_yaml_file

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "examples" / "packs" / "library-fees"
SIK_CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
LIB_CASES = sorted((LIBRARY / "cases").glob("*.yaml"))


def case_data(path: Path) -> dict[str, Any]:
    return load_yaml_file(path)


def jsonl(items: list[Any]) -> str:
    """JSONL text: a str item is written as is (for broken lines), others as JSON."""
    return "".join((i if isinstance(i, str) else dumps(i, indent=None)) + "\n" for i in items)


def read_results(path: Path) -> list[dict[str, Any]]:
    from decimal import Decimal
    return [json.loads(line, parse_float=Decimal)
            for line in path.read_text(encoding="utf-8").splitlines()]
