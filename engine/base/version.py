"""The engine's version, recorded in every trace and compared on replay."""

__version__ = "0.1.0"
