"""What the verbs of the ``regel`` command share: exit codes, printing, option helpers,
the as-of date, writing to a file or stdout, the language a verb speaks (``--lang``, else
its pack's), and the one way an error is reported (a text line on stderr, or the one JSON
error shape with ``--format json``), in that language. Every sentence comes from the
message catalogue (``regel.base.messages``); the help texts and argparse's usage errors
stay English.

Start-up: ``regel --help`` imports every verb module, so a verb module imports at the top only
what ``import regel`` loads anyway; anything heavier (rich, the reports, the table analysis,
the tools) is imported inside the run function that needs it, marked ``# lazy:``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regel.base.errors import CaseError, PackError, RegelError
from regel.base.messages import LANGUAGES, language, render
from regel.base.words import show_folders_as, visible
from regel.feel.budget import LIMIT_NAMES, Limits
from regel.feel.jsonio import dumps
from regel.feel.temporal import parse_date
from regel.feel.values import FeelNull, to_string
from regel.load import load_pack
from regel.load.checks import fact_slips
from regel.load.locate import bundled_packs, is_bare_name, local_pack
from regel.load.packfile import PackFile
from regel.model import Pack
from regel.run.evaluate import Case, Evaluation, evaluate
from regel.source.yamltree import load_yaml_file
from regel.tools.errorshape import error_json
from regel.tools.errorshape import in_case_file as _in_case_file
from regel.tools.lang import os_reason, pack_language

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["EXIT_OK", "EXIT_ERROR", "EXIT_USAGE", "LABELS", "PACK_HELP", "LANG_HELP",
           "UsageError", "Parser", "add_verb", "add_pack", "add_packs", "choose_packs",
           "add_format", "add_lang",
           "add_case_options", "console", "echo", "say", "display", "as_of", "evaluate_case",
           "unwritable", "usual_mode", "write_file", "emit", "use_language", "error_language",
           "error_json",
           "report_error"]

#: 0 success, 1 an error in the rules, the expression or the case, 2 a usage error.
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

#: the words of an error or warning line, by language (the catalogue's cli.label.* texts)
LABELS = {lang: {"error": render("cli.label.error", lang),
                 "warning": render("cli.label.warning", lang),
                 "at": render("cli.label.at", lang)}
          for lang in LANGUAGES}

PACK_HELP = "a pack folder, a bundled pack's name or a DMN model (.dmn)"

#: the help of --lang on a verb that has a pack
LANG_HELP = ("language of messages and output, da or en; default: the pack's "
             "default_language (when the pack does not load: the one its pack.yaml names, "
             "else en)")
#: the help of --lang on a verb without a pack
LANG_HELP_NO_PACK = "language of messages and output, da or en (default: en)"

Run = Callable[[argparse.Namespace], int]


class UsageError(RegelError):
    """A usage problem found after the options were parsed: exit 2 with its message."""


class Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code and a hint to --help."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {visible(message)}\n"
                         f"Run '{self.prog} --help' for examples.\n")
        raise SystemExit(EXIT_USAGE)


# --------------------------------------------------------------------------- options

def add_verb(subparsers: Any, name: str, help_: str, description: str,
             run: Run) -> argparse.ArgumentParser:
    """A verb's parser, its description printed as written, running ``run``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_, description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run)
    return parser


def add_pack(parser: argparse.ArgumentParser, help_: str = PACK_HELP) -> None:
    parser.add_argument("pack", metavar="PACK", help=help_)
    add_packs(parser, "pack")


def add_packs(parser: argparse.ArgumentParser, *attrs: str) -> None:
    """--packs DIR, and the arguments (``attrs``) whose bare pack name is looked up in DIR
    (else $REGEL_PACKS, else ./rules) before the bundled packs (``choose_packs``)."""
    parser.add_argument("--packs", metavar="DIR", default=None,
                        help="look a pack given by its bare name up as DIR/NAME first "
                             "(default: $REGEL_PACKS, else ./rules), then among the "
                             "bundled packs")
    parser.set_defaults(pack_args=attrs)


def choose_packs(args: argparse.Namespace) -> None:
    """Each bare pack name among the verb's pack arguments becomes the folder it names in
    the working folder (``rules/NAME``, or ``--packs``/``$REGEL_PACKS``) when there is one;
    one line on stderr says which copy is used (that folder, or the installed one), and
    messages name the files of an installed copy by the name given."""
    installed_as: dict[Path, str] = {}
    for attr in getattr(args, "pack_args", ()):
        text = getattr(args, attr, None)
        if not isinstance(text, str):
            continue
        name, at, rev = text.partition("@")
        if not is_bare_name(name):
            continue
        local = local_pack(name, getattr(args, "packs", None))
        installed = bundled_packs().get(name) if local is None else None
        if local is not None:
            setattr(args, attr, f"{local.as_posix()}{at}{rev}")
            say("cli.pack-used", error_language(args), True, path=local.as_posix())
        elif installed is not None:
            installed_as[installed] = name
            say("cli.pack-used/installed", error_language(args), True, name=name,
                path=str(installed))
    show_folders_as(installed_as)


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json"),
               help_: str | None = None) -> None:
    parser.add_argument("--format", choices=choices, default="text", help=help_)


def add_lang(parser: argparse.ArgumentParser, pack_arg: str | None = "pack",
             help_: str | None = None) -> None:
    """--lang da|en. Its default is decided when the verb runs: the language of the pack in
    the argument ``pack_arg`` (None: a verb without a pack, which speaks English)."""
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=help_ or (LANG_HELP if pack_arg else LANG_HELP_NO_PACK))
    parser.set_defaults(lang_pack=pack_arg)


def add_case_options(parser: argparse.ArgumentParser) -> None:
    """--case, --decision and --as-of, as ``regel eval`` and ``regel explain`` take them."""
    parser.add_argument("--case", metavar="FILE", required=True,
                        help="the case: a YAML or JSON file with 'facts:' (and optionally "
                             "'as_of:' and 'id:')")
    parser.add_argument("--decision", metavar="ID", action="append", dest="decisions",
                        help="evaluate only this decision (and what it needs); repeatable")
    parser.add_argument("--as-of", metavar="DATE", help="the evaluation date (YYYY-MM-DD); "
                        "default: the case's as_of, else today")
    add_limits(parser)


def add_limits(parser: argparse.ArgumentParser) -> None:
    """--limit NAME=N (repeatable): the evaluation budget of each evaluation."""
    parser.add_argument("--limit", metavar="NAME=N", action="append", dest="limits",
                        help="change a limit of the evaluation budget, e.g. --limit "
                             "steps=5000000; NAME is one of " + ", ".join(LIMIT_NAMES) +
                             "; default: the pack's limits:, else "
                             + ", ".join(f"{k}={v}" for k, v in Limits().as_dict().items()))


def limits_of(args: argparse.Namespace, pack: Pack | None = None) -> Limits | None:
    """The budget --limit asks for: the pack's limits (or the defaults) with the named
    ones changed; None when --limit is not given."""
    if not getattr(args, "limits", None):
        return None
    changes: dict[str, int] = {}
    for given in args.limits:
        name, _, number = given.partition("=")
        name = name.strip()
        if name not in LIMIT_NAMES or not number.strip().isdigit() or int(number) < 1:
            raise UsageError.of("USAGE", key="USAGE/limit", value=given,
                                names=", ".join(LIMIT_NAMES))
        changes[name] = int(number)
    base = pack.limits if pack is not None and pack.limits is not None else Limits()
    return base.changed(changes)


def limited(pack: Pack, args: argparse.Namespace) -> Pack:
    """``pack`` with the budget --limit asks for as its own."""
    limits = limits_of(args, pack)
    return replace(pack, limits=limits) if limits is not None else pack


# --------------------------------------------------------------------------- output

def console(stderr: bool = False, wrap: bool = False) -> Console:
    """A console for plain lines (no wrapping), or with ``wrap`` for trees and tables,
    which rich otherwise crops at the terminal's width."""
    from rich.console import Console  # lazy: rich costs ~10 ms; regel --help needs none
    return Console(stderr=stderr, highlight=False, soft_wrap=not wrap)


#: what rich changes in a text printed without markup: a tab (made spaces), and what may
#: be an emoji code (``:smile:``); a text without them it prints as it is
_RICH_CHANGES = re.compile(r"\t|:\S*?:")


def echo(text: str, stderr: bool = False) -> None:
    """Print one text as it is (no markup, no highlighting), on stdout or stderr, with its
    control characters made visible (a label or value could carry terminal escapes). A text
    rich would print unchanged is written directly: importing rich costs 10-20 ms of a
    ``regel eval`` of some 200 ms."""
    shown = visible(text)
    if _RICH_CHANGES.search(shown) is None:
        stream = sys.stderr if stderr else sys.stdout
        stream.write(shown + "\n")
        stream.flush()   # as rich does: lines on stdout and stderr stay in order
        return
    console(stderr).print(shown, markup=False, highlight=False)


def say(key: str, lang: str, stderr: bool = False, **values: Any) -> None:
    """Print the catalogue's message ``key`` in ``lang``."""
    echo(render(key, lang, values), stderr)


def display(value: Any, top: bool = True) -> str:
    """A FEEL value for people: texts bare at the top, quoted inside lists and contexts."""
    if isinstance(value, str):
        return value if top else '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(display(v, False) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {display(v, False)}" for k, v in value.items()) + "}"
    return to_string(value)


def emit(text: str, output: str | None) -> int:
    """Write ``text`` (ending in one newline) to the file ``output``, or to stdout."""
    text = text if text.endswith("\n") else text + "\n"
    if output:
        write_file(output, text.encode("utf-8"))
        return EXIT_OK
    sys.stdout.write(visible(text))
    return EXIT_OK


def _write_all(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb", closefd=False) as fh:
        fh.write(data)


def usual_mode(base: int = 0o666) -> int:
    """The mode a new file (``base`` 0666) or folder (0777) gets here: ``base`` less the
    umask (read by setting it back)."""
    umask = os.umask(0o077)
    os.umask(umask)
    return base & ~umask


def write_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: through a private temporary file in
    its folder (a name no one can predict, mode 0600) renamed over ``path`` at the end and
    only then given the usual mode. On any error the temporary file is removed and ``path``
    is as it was; an OSError becomes FILE-UNWRITABLE."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                   dir=path.parent)
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        _write_all(fd, data)
        if os.name == "nt":       # Windows renames no open file and has no fchmod
            os.close(fd)
            fd = -1
        os.replace(tmp, path)
        if fd >= 0:               # our own file, even if the name is swapped meanwhile
            os.fchmod(fd, usual_mode())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise unwritable(path, exc) from None
        raise
    finally:
        if fd >= 0:
            os.close(fd)


def unwritable(path: Path | str, exc: OSError) -> RegelError:
    """The error a file or folder that cannot be written gives."""
    return RegelError.of("FILE-UNWRITABLE", key="FILE-UNWRITABLE/file", at=str(path),
                         reason=os_reason(exc))


# --------------------------------------------------------------------------- evaluation

def as_of(text: str | None) -> Any:
    """The date of ``--as-of``, or None when it is not given."""
    if text is None:
        return None
    try:
        day = parse_date(text)
    except FeelNull:
        day = None
    if not isinstance(day, _dt.date):   # a pack's versions are dates of years 1..9999
        raise UsageError.of("USAGE", key="USAGE/as-of", value=text)
    return day


def evaluate_case(args: argparse.Namespace, trace: bool) -> tuple[Pack, Evaluation]:
    """Load ``args.pack`` (its language is then the default of ``--lang``) and evaluate
    ``args.case`` (``--decision``, ``--as-of``)."""
    pack = load_pack(args.pack, tests=False)
    use_language(args, pack)
    _case_slips(args.case, pack)
    case = Case.from_data(load_yaml_file(args.case), args.case)
    return pack, evaluate(pack, case, args.decisions, as_of(args.as_of), trace=trace,
                          limits=limits_of(args, pack))


def _case_slips(path: str, pack: Pack) -> None:
    """CaseError for slips of the pen among the facts of the case file ``path`` (an amount
    in kroner with three decimals, a date written day first), each at its line and column.
    A file that cannot be read is left to the case reader, which says why."""
    try:
        case_file = PackFile.read(Path(path), path)
    except RegelError:
        return
    facts = case_file.data.get("facts") if isinstance(case_file.data, dict) else None
    problems = list(fact_slips(case_file, ("facts",), facts, pack.inputs))
    if problems:
        raise CaseError(problems)


# --------------------------------------------------------------------------- language

def use_language(args: argparse.Namespace, pack: Pack | None) -> str:
    """The language of the verb's output once its pack is loaded: ``--lang``, else the
    pack's default_language, else English. It is kept in ``args`` for the errors that may
    still come."""
    args.lang = language(args.lang or (pack.default_language if pack is not None else None))
    return str(args.lang)


def error_language(args: argparse.Namespace) -> str:
    """The language of an error: ``--lang`` (or the loaded pack's, see ``use_language``);
    before the pack is loaded, or when it does not load, the default_language its pack.yaml
    names; else English."""
    lang = getattr(args, "lang", None)
    if lang:
        return str(lang)
    attr = getattr(args, "lang_pack", None)
    return pack_language(getattr(args, attr, None) if attr else None)


# --------------------------------------------------------------------------- errors

def report_error(err: RegelError, fmt: str, lang: str) -> int:
    """Report ``err``: the JSON error shape on stdout with ``--format json``, else lines on
    stderr in ``lang``. Returns the exit code."""
    if fmt == "json":
        echo(dumps(error_json(err, lang)))
        return EXIT_ERROR
    label = LABELS[lang]["error"]
    if isinstance(err, PackError):
        for d in err.diagnostics:
            echo(f"{label}: {d.render(lang)}", stderr=True)
        return EXIT_ERROR
    if isinstance(err, CaseError):
        for d in err.diagnostics:
            text = d.render(lang) if _in_case_file(d) else f"{d.code}: {d.text(lang)}"
            echo(f"{label}: {d.field or ''}: {text}", stderr=True)
        return EXIT_ERROR
    first, *more = err.diagnostics
    where = ""
    if err.span is not None:
        where = " " + LABELS[lang]["at"].format(line=err.span.line, column=err.span.column)
    source = f"{err.source}: " if err.source else ""
    echo(f"{label}: {source}{first.code}{where}: {first.text(lang)}", stderr=True)
    excerpt = err.excerpt()
    if excerpt:
        echo("\n".join("  " + line for line in excerpt.splitlines()), stderr=True)
    for d in more:
        echo(f"{label}: {d.render(lang)}", stderr=True)
    return EXIT_ERROR
