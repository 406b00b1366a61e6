"""The ``regel`` command: one module per verb, each with its parser and its run function."""

from regel.cli.main import main

__all__ = ["main"]
