"""regel: decision tables in YAML with FEEL, evaluated with a full trace.

The package is the generic evaluator; it knows nothing about any particular law.
"""

from engine.errors import FeelEvaluationError, FeelSyntaxError, RegelError, Span

__version__ = "0.1.0"

__all__ = ["__version__", "RegelError", "FeelSyntaxError", "FeelEvaluationError", "Span"]
