"""The report as a PDF, without a browser: the standalone HTML report laid out on A4 by
WeasyPrint (the optional extra ``regel[pdf]``), with the same print style sheet as a
browser uses (``regel.report.css``). Nothing is fetched: the report is self-contained, and
any address it names is refused rather than loaded. Without WeasyPrint, or without the
Pango libraries it draws text with, ``REPORT-PDF-MISSING`` says what to install."""

from __future__ import annotations

from typing import Any

from regel.base.errors import RegelError

__all__ = ["html_to_pdf"]


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's url_fetcher: a report loads nothing, from the network or from disk."""
    raise ValueError(f"not fetched: {url[:80]}")


def _weasyprint() -> Any:
    """The ``weasyprint`` module, or REPORT-PDF-MISSING saying what to install."""
    try:
        import weasyprint  # lazy: an optional extra, and ~0.5 s to import
    except ImportError as exc:
        raise RegelError.of("REPORT-PDF-MISSING") from exc
    except OSError as exc:  # the package is there, Pango (a C library) is not
        raise RegelError.of("REPORT-PDF-MISSING", key="REPORT-PDF-MISSING/library",
                            reason=str(exc).splitlines()[0][:200] if str(exc) else
                            type(exc).__name__) from exc
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """The HTML report ``html`` (from ``regel.report.render(..., "html", ...)``) as the
    bytes of an A4 PDF."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    data: bytes = document.write_pdf()
    return data
