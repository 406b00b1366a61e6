"""Reading YAML the way people write it, safely.

- Only plain data (PyYAML's safe loader): no tags that build Python objects.
- A key written twice in one mapping is an error (PyYAML would silently keep the last).
- Numbers with a fraction become ``Decimal`` from their exact text, never ``float``.
- Every error names the file, line and column.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from engine.errors import RegelError, Span

__all__ = ["YamlError", "load_yaml", "load_yaml_file"]


class YamlError(RegelError, ValueError):
    code = "YAML"


def _span(mark: Any) -> Span | None:
    if mark is None:
        return None
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2,
                mark.index, mark.index + 1)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads fractions as Decimal."""

    source = "<yaml>"


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise YamlError("a key must be a plain value, not a list or a mapping",
                            code="YAML-BAD-KEY", source=loader.source,
                            span=_span(key_node.start_mark)) from None
        if key in out:
            raise YamlError(f"the key '{key}' is written twice in the same mapping",
                            code="YAML-DUPLICATE-KEY", source=loader.source,
                            span=_span(key_node.start_mark))
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


def _decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise YamlError(f"'{text}' is not a finite number", code="YAML-BAD-NUMBER",
                        source=loader.source, span=_span(node.start_mark))
    return value


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def load_yaml(text: str, source: str = "<yaml>") -> Any:
    """Parse YAML text (JSON is YAML too) into plain data, or raise ``YamlError``."""
    loader = _Loader(text)
    loader.source = source
    try:
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "the text is not valid YAML"
        raise YamlError(f"{problem}", code="YAML-SYNTAX", source=source,
                        span=_span(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), code="YAML-SYNTAX", source=source) from None
    finally:
        loader.dispose()


def load_yaml_file(path: str | Path) -> Any:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlError("the file does not exist", code="FILE-NOT-FOUND",
                        source=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"the file cannot be read ({exc})", code="FILE-UNREADABLE",
                        source=str(p)) from None
    return load_yaml(text, str(p))
