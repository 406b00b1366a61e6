"""DMN XML: read a model as the documents of a pack, and write a pack as DMN 1.5.

``regel.load_dmn`` loads a model as a pack; this room only translates. The reader and the
writer are imported when first asked for: a YAML pack loads without them.

>>> from regel.dmn import read_dmn, write_dmn                      # doctest: +SKIP
>>> Path("out.dmn").write_bytes(write_dmn(pack))   # DMN 1.5, valid against DMN15.xsd
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regel.dmn.reader import DmnDocuments, read_dmn
    from regel.dmn.writer import write_dmn

__all__ = ["read_dmn", "write_dmn", "DmnDocuments"]


def __getattr__(name: str) -> Any:
    """``read_dmn``, ``DmnDocuments`` and ``write_dmn``, from their modules."""
    if name in ("read_dmn", "DmnDocuments"):
        from regel.dmn import reader  # lazy: 8 ms that loading a YAML pack does not need
        return getattr(reader, name)
    if name == "write_dmn":
        from regel.dmn import writer  # lazy: as above
        return writer.write_dmn
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
