"""The bundled rule packs, installed as a data package (regel eval NAME finds them)."""
