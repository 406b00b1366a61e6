"""The load stage: a rule pack folder, a bundled pack's name or a DMN model -> the checked,
compiled ``regel.model.Pack``, with every problem found reported at once (``PackError``).

Rooms: ``locate`` finds a pack, ``packfile`` reads a file with positions, ``schema`` checks
it against its JSON Schema, ``checks`` makes the checks a schema cannot, ``build`` builds
the model and ``fingerprint`` hashes its content.
"""

from regel.load.build import load_dmn, load_documents, load_pack
from regel.load.locate import bundled_packs, find_pack, schema_dir

__all__ = ["load_pack", "load_dmn", "load_documents", "find_pack", "bundled_packs",
           "schema_dir"]
