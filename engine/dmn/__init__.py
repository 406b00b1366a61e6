"""DMN XML: read models as packs, write packs as DMN 1.5, and run the DMN TCK.

- ``engine.dmn.reader.read_dmn``: a DMN 1.1–1.5 file as pack documents (with positions);
  ``engine.loader.load_dmn`` loads it as a ``Pack``.
- ``engine.dmn.tck``: runs TCK folders and writes ``tck_results.csv``.
"""
