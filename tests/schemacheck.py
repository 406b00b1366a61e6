"""One way for tests to check a trace's JSON against schemas/trace.schema.json."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from regel.load import schema_dir


@lru_cache(maxsize=1)
def _trace_validator() -> Draft202012Validator:
    schema = json.loads((schema_dir() / "trace.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def trace_errors(data: Any) -> list[str]:
    """Every way ``data`` (a trace as JSON data) breaks the trace schema, with its path."""
    return [f"{list(e.absolute_path)}: {e.message}"
            for e in _trace_validator().iter_errors(data)]
