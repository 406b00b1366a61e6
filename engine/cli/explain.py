"""``regel explain``: evaluate a case and show why, rule by rule, as text, Markdown, HTML, a
PDF or the JSON trace."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from regel.cli.common import (
    EXIT_OK,
    UsageError,
    add_case_options,
    add_format,
    add_lang,
    add_pack,
    add_verb,
    console,
    emit,
    evaluate_case,
    use_language,
    write_file,
)
from regel.feel.jsonio import dumps
from regel.run.trace import WHY_NOT_LIMIT

__all__ = ["HELP", "add_parser", "run"]

HELP = """\
Evaluate a case and show the whole explanation: for each decision the version of the
law that applied and the date that selected it, the inputs, every rule that matched and
the rules that did not (with the cell that excluded each and the value it saw), how the
hit policy resolved, the citations, interpretation notes and warnings. Of the rules that
did not match, each table explains the first 20 and counts the others; --why-not all
explains every one (--why-not N: the first N).
--format md or html writes a report to hand over (Danish by default for a Danish pack;
--lang en for English); -o FILE writes it to a file. --format pdf writes the same report as
an A4 PDF, with page numbers and the case id on every page, without a browser; it needs
-o FILE (a PDF is not text for the terminal) and the optional part WeasyPrint:
pip install 'regel[pdf]'. --format json prints the trace (schemas/trace.schema.json) for
archiving and for `regel replay`.

Examples:
  regel explain sikkerhedsstillelse --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml
  regel explain sikkerhedsstillelse --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml \\
      --format html -o forklaring.html
  regel explain sikkerhedsstillelse --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml \\
      --format pdf -o forklaring.pdf
  regel explain sikkerhedsstillelse --case examples/cases/04-forlaengelse-2014-reglen-2015.yaml \\
      --format json -o trace.json
"""


def add_parser(subparsers: Any) -> None:
    p = add_verb(subparsers, "explain", "evaluate a case and show why, rule by rule", HELP, run)
    add_pack(p)
    add_case_options(p)
    add_format(p, ("text", "md", "html", "pdf", "json"),
               "text for the terminal (default), md (Markdown), html (a standalone page to "
               "print or archive), pdf (the same on A4; needs -o and regel[pdf]), json (the "
               "trace, for replay)")
    add_lang(p, help_="language of the report and the messages, da or en; default: the "
             "pack's default_language (da for sikkerhedsstillelse)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    p.add_argument("--why-not", metavar="N|all", type=_why_not, default=WHY_NOT_LIMIT,
                   help="per table, say why the first N rules that did not match did not, "
                        f"and count the others (default {WHY_NOT_LIMIT}); all: every rule")


def _why_not(text: str) -> int | str:
    if text == "all":
        return text
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of rules or 'all'")
    return int(text)


def run(args: argparse.Namespace) -> int:
    if args.format == "pdf" and not args.output:
        raise UsageError.of("USAGE", key="USAGE/pdf-output")
    pack, result = evaluate_case(args, trace=True)
    assert result.trace is not None  # evaluated with trace=True
    text = dumps(result.trace.to_json(why_not=args.why_not))
    if args.format == "json":
        return emit(text, args.output)
    from regel.report import build, render  # lazy: the reports cost ~35 ms
    data = json.loads(text, parse_float=Decimal)
    lang = use_language(args, pack)
    if args.format == "text" and not args.output:
        from regel.report.terminal import terminal_renderable  # lazy: as regel.report
        console(wrap=True).print(terminal_renderable(build(data, lang)))
        return EXIT_OK
    if args.format == "pdf":
        from regel.report.pdf import html_to_pdf  # lazy: WeasyPrint is an optional extra
        write_file(args.output, html_to_pdf(render(data, "html", lang)))
        return EXIT_OK
    return emit(render(data, args.format, lang), args.output)
