"""``regel.cli.common.echo`` writes a line without rich when rich would print it unchanged
(issue 16: importing rich is 10-20 ms of a ``regel eval``). What it prints must be what
rich prints, byte for byte, whichever way it goes."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from regel.base.words import visible
from regel.cli.common import echo


def rich_prints(text: str) -> str:
    """What echo printed through rich before (a console for plain lines)."""
    out = io.StringIO()
    Console(file=out, highlight=False, soft_wrap=True).print(visible(text), markup=False,
                                                             highlight=False)
    return out.getvalue()


TEXTS = [
    "", "Sikkerhedsstillelse (beloeb): 12345.67", "a\nb", "a\n", "\n", "ends with space ",
    "  leading", "tab\there", "emoji :smile: code", ":thumbs_up:", "time 10:00:00",
    "one: two: three", "::", ": :", "æøå § 9, stk. 4", "wide 漢字 and 🎉", "\x1b[31mred",
    "bell\x07", "cr\rlf", "null\x00", "bidi \u202e", "markup [bold]not[/bold]",
    "zero\u200bwidth", "combining e\u0301", "[link=x]y[/link]", "a\u2028b", "x\ty\tz",
    "Beløb (amount): [1, 2, \"a:b:c\"]", "{\"k\": \"v\"}",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("stderr", [False, True])
def test_as_rich_prints(text: str, stderr: bool, capsys: pytest.CaptureFixture[str]) -> None:
    echo(text, stderr=stderr)
    out, err = capsys.readouterr()
    assert (err if stderr else out) == rich_prints(text)
    assert (out if stderr else err) == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :\t\n\r\x1b[]/é漢🎉\u0301\u200b -_")) |
               st.characters(), max_size=40))
def test_any_text_as_rich_prints(text: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        echo(text)
    assert out.getvalue() == rich_prints(text)
