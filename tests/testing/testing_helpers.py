"""Small packs with YAML tests, written into a folder, for the tests of `regel test` and
of the pytest plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import packbuilder

INPUTS = {"x": {"type": "number", "label": {"da": "x", "en": "x"}}}

#: grade: a UNIQUE table of three rules; double: an expression no test asks for
DECISIONS: list[dict[str, Any]] = [
    {"id": "grade", "label": {"da": "Karakter", "en": "Grade"},
     "requires": {"inputs": ["x"]},
     "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 1",
                   "table": {"hit_policy": "UNIQUE", "inputs": [{"expression": "x"}],
                             "outputs": [{"name": "grade",
                                          "allowed_values": ["low", "mid", "high"]}],
                             "rules": [{"id": "LOW", "when": ["< 10"], "then": "low"},
                                       {"id": "MID", "when": ["[10..20)"], "then": "mid"},
                                       {"id": "HIGH", "when": [">= 20"], "then": "high"}]}}]},
    {"id": "double", "label": {"da": "Dobbelt", "en": "Double"},
     "requires": {"inputs": ["x"]},
     "versions": [{"valid_from": "2000-01-01", "source": "Testloven § 2",
                   "expression": "x * 2"}]},
]


def write_pack(root: Path, tests: list[dict[str, Any]] | None,
               decisions: list[dict[str, Any]] | None = None) -> Path:
    """A pack folder ``root`` with the decisions above and ``tests`` in tests/basic.yaml."""
    return packbuilder.write_pack(root, DECISIONS if decisions is None else decisions, INPUTS,
                                  tests, tests_file="basic.yaml")
