"""DMN XML: read a model as the documents of a pack, and write a pack as DMN 1.5.

``regel.load_dmn`` loads a model as a pack; this room only translates.

>>> from regel.dmn import read_dmn, write_dmn                      # doctest: +SKIP
>>> Path("out.dmn").write_bytes(write_dmn(pack))   # DMN 1.5, valid against DMN15.xsd
"""

from regel.dmn.reader import DmnDocuments, read_dmn
from regel.dmn.writer import write_dmn

__all__ = ["read_dmn", "write_dmn", "DmnDocuments"]
