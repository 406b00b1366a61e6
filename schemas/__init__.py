"""The JSON Schemas, installed as a data package so the loader finds them after pip install."""
