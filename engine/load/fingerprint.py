"""The fingerprint of a pack's content: SHA-256 of its rules as canonical data, so that
a trace can tell whether it was made with the same rules."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from decimal import Decimal
from typing import Any

__all__ = ["fingerprint"]


def fingerprint(pack_data: dict[str, Any], decision_data: list[dict[str, Any]],
                registry: list[Any] | None = None) -> str:
    """SHA-256 of the pack's rules as data: the same content gives the same fingerprint
    whatever the file names, key order, quoting, comments or number formatting.
    ``registry``: the data of sources.yaml, when the pack has one (a pack without one has
    the fingerprint it had before sources.yaml existed)."""
    content = {"pack": _canonical(pack_data),
               "decisions": sorted((_canonical(d) for d in decision_data),
                                   key=lambda d: str(d.get("id")))}
    if registry:
        content["sources"] = [_canonical(r) for r in registry]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    """``value`` as JSON data that is the same for the same content: keys sorted, numbers
    normalised ("n:2.5"), dates and times as ISO text ("t:..."), other scalars as text."""
    kind = value.__class__
    if kind is str:
        return "s:" + value
    if isinstance(value, dict):
        if all(k.__class__ is str for k in value):   # (json.dumps sorts them)
            return {k: _canonical(v) for k, v in value.items()}
        # keys of other kinds: the last of those written the same wins, in sorted order
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
        return "n:" + (format(d.normalize(), "f") if d != 0 else "0")
    if isinstance(value, (_dt.date, _dt.time)):
        return "t:" + value.isoformat()
    return "s:" + str(value)
