"""DMN XML: read models as packs, write packs as DMN 1.5, and run the DMN TCK.

>>> from engine.dmn import load_dmn, write_dmn                      # doctest: +SKIP
>>> pack = load_dmn("loan.dmn")                 # a DMN 1.1-1.5 model, as a Pack
>>> pack.evaluate({"Applicant Age": 30}).values
>>> Path("out.dmn").write_bytes(write_dmn(pack))   # DMN 1.5, valid against DMN15.xsd

- ``engine.dmn.reader``: a DMN file as the documents of a pack, with positions;
- ``engine.dmn.writer``: a pack as DMN 1.5;
- ``engine.dmn.tck``: runs TCK folders and writes ``tck_results.csv``;
- ``engine.dmn.commands``: ``regel import``, ``regel export`` and ``regel tck``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_dmn", "read_dmn", "write_dmn"]


def load_dmn(path: Any) -> Any:
    """A DMN model as a ``Pack`` (``PackError`` lists every problem with its position)."""
    from engine.loader import load_dmn as load
    return load(path)


def read_dmn(path: Any) -> Any:
    """A DMN model as pack documents (``engine.dmn.reader.DmnDocuments``)."""
    from engine.dmn.reader import read_dmn as read
    return read(path)


def write_dmn(pack: Any) -> bytes:
    """A pack as a DMN 1.5 document (UTF-8 bytes)."""
    from engine.dmn.writer import write_dmn as write
    return write(pack)
