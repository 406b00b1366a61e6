"""regel: decision tables in YAML with FEEL, evaluated with a full trace.

The package is the generic evaluator; it knows nothing about any particular law.

>>> import engine
>>> pack = engine.load_pack("examples/packs/library-fees")            # doctest: +SKIP
>>> result = pack.evaluate({"member_age": 15, ...}, as_of=date(2024, 8, 1))  # doctest: +SKIP
>>> result.values, result.trace                                       # doctest: +SKIP
"""

__version__ = "0.1.0"

from engine.diagnostics import CaseError, Diagnostic, EvaluationError, PackError  # noqa: E402
from engine.errors import FeelEvaluationError, FeelSyntaxError, RegelError, Span  # noqa: E402
from engine.evaluate import Case, Evaluation  # noqa: E402
from engine.loader import load_pack  # noqa: E402
from engine.model import Pack  # noqa: E402

__all__ = [
    "__version__", "load_pack", "Pack", "Case", "Evaluation",
    "RegelError", "PackError", "CaseError", "EvaluationError", "Diagnostic",
    "FeelSyntaxError", "FeelEvaluationError", "Span",
]
