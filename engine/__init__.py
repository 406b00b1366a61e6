"""regel: decision tables in YAML with FEEL, evaluated with a full trace.

The package is the generic evaluator; it knows nothing about any particular law.

>>> import regel
>>> pack = regel.load_pack("examples/packs/library-fees")            # doctest: +SKIP
>>> result = pack.evaluate({"member_age": 15, ...}, as_of=date(2024, 8, 1))  # doctest: +SKIP
>>> result.values, result.trace                                       # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from regel.api import Pack, load_dmn, load_pack
from regel.api import evaluate_case as evaluate
from regel.base.errors import (
    CaseError,
    Diagnostic,
    EvaluationError,
    FeelEvaluationError,
    FeelSyntaxError,
    LimitError,
    PackError,
    RegelError,
    Span,
)
from regel.base.version import __version__
from regel.feel import Limits
from regel.run.evaluate import Case, Evaluation

if TYPE_CHECKING:
    from regel.dmn import read_dmn, write_dmn
    from regel.tools.batch import BatchResult

__all__ = [
    "__version__", "load_pack", "load_dmn", "evaluate", "read_dmn", "write_dmn", "Pack",
    "Case",
    "Evaluation", "BatchResult",
    "RegelError", "PackError", "CaseError", "EvaluationError", "Diagnostic",
    "FeelSyntaxError", "FeelEvaluationError", "LimitError", "Limits", "Span",
]


def __getattr__(name: str) -> Any:
    """``read_dmn``, ``write_dmn`` (see ``regel.dmn``) and ``BatchResult``, imported when
    first used."""
    if name in ("read_dmn", "write_dmn"):
        from regel import dmn  # lazy: the DMN reader and writer, which YAML packs do not need
        return getattr(dmn, name)
    if name == "BatchResult":
        from regel.tools import batch  # lazy: one evaluation starts without the batch tools
        return batch.BatchResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
