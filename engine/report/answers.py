"""The answer to a question in one sentence: the decision's answer template (one text, or one
text per value of a field) with its placeholders filled in as a report shows values, or,
without a template, the decision's name and its result."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["answer_sentence", "value_key"]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_ ]*)\}")


def value_key(value: Any) -> str:
    """A value as the key of a template's cases: JSON text ("true", "a2", "3.5")."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _template(answer: Any, output: Any, lang: str) -> str:
    """The template text that fits the result, '' when none does."""
    if not isinstance(answer, dict):
        return ""
    if "cases" not in answer:
        return str(answer.get(lang) or "")
    field = answer.get("field")
    value = output.get(field) if field and isinstance(output, dict) else output
    texts = answer.get("cases") or {}
    chosen = texts.get(value_key(value)) or answer.get("otherwise") or {}
    return str(chosen.get(lang) or "") if isinstance(chosen, dict) else str(chosen)


def answer_sentence(answer: Any, output: Any, lang: str,
                    show: Callable[[str | None, Any], str], default: str) -> str:
    """The sentence for ``output``: the template filled in (``show(field, value)`` formats
    a field's value; field None is the whole result), or ``default``."""
    text = _template(answer, output, lang)
    if not text:
        return default

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "value":
            return show(None, output)
        if isinstance(output, dict) and name in output:
            return show(name, output[name])
        return m.group(0)   # the loader checks placeholders; an old trace shows it as written

    # a value that ends a sentence with its own full stop ("… 79.676,31 kr.") gives one
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", _PLACEHOLDER.sub(fill, text).strip())
