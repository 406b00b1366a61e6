"""matches(), replace() and split() read XML Schema regular expressions as XPath 3.1 does
(DMN 1.5 §10.3.4.3; XPath and XQuery Functions and Operators 3.1 §5.6; XML Schema 1.1
Part 2 Appendix G). Each case's expected value comes from those rules, not from running
the engine, and each is a place where Python's ``re`` reads the same text differently, so
a translator that passes Python's meanings through gives another answer:

* ``\\s`` is only space, tab, CR and LF (Python's also takes the no-break space, the
  vertical tab, ...); ``\\w`` is every character but punctuation, separators and others
  (\\p{P}, \\p{Z}, \\p{C}), so '+' and '$' are word characters and '_' (Pc) is not;
* with flag ``x`` whitespace outside character classes is removed before the pattern is
  read (so ``\\ s`` is ``\\s``) and ``#`` is an ordinary character, not a comment;
* ``\\i`` and ``\\c`` include the supplementary planes (#x10000-#xEFFFF);
* a quantifier may be followed by ``?`` (reluctant) but not by another quantifier: Python
  3.11 reads ``a*+`` as a possessive quantifier, XPath rejects it.
"""

from __future__ import annotations

import pytest

from regel.feel import evaluate

INVALID = "FEEL-INVALID-REGEX"

CASES = [
    # \s: XML Schema's four whitespace characters only
    ('matches(" ", "^\\\\s$")', True),
    ('matches("\\u00A0", "\\\\s")', False),
    ('matches("\\u000B", "\\\\s")', False),
    ('matches("\\u00A0", "^\\\\S$")', True),
    ('matches("\\u00A0", "^[\\\\s]$")', False),
    # \w: all but \p{P}, \p{Z}, \p{C}
    ('matches("+", "^\\\\w$")', True),
    ('matches("$", "^\\\\w$")', True),
    ('matches("_", "^\\\\w$")', False),
    ('matches("a_b", "^\\\\w+$")', False),
    ('matches("+", "^[\\\\w]$")', True),
    ('matches("_", "^\\\\W$")', True),
    ('matches("+", "\\\\W")', False),
    ('replace("a_b+c", "\\\\w", "x")', "x_xxx"),
    ('split("a_b c", "\\\\W")', ["a", "b", "c"]),
    # flag x: whitespace removed before the pattern is read; '#' is no comment
    ('matches("a", "^a#b$", "x")', False),
    ('matches("a#b", "^a #b$", "x")', True),
    ('replace("a#b", "#", "-", "x")', "a-b"),
    ('matches("hello world", "hello\\\\ sworld", "x")', True),   # TCK K2-MatchesFunc-1
    ('matches("ab", "^a b{1, 2}$", "x")', True),
    ('matches("a b", "^a[ ]b$", "x")', True),                  # but not inside a class
    # \i and \c: XML names, supplementary planes included
    ('matches("\U00010000", "^\\\\i$")', True),
    ('matches("\U00010000", "^\\\\c$")', True),
    ('matches("-", "^\\\\i$")', False),
    ('matches("-", "^\\\\c$")', True),
    # quantifiers: reluctant yes, possessive no
    ('replace("aaa", "a+?", "b")', "bbb"),
    ('replace("aaa", "a{2}?", "b")', "ba"),
    ('matches("aaa", "a*+")', None),
    ('matches("aaa", "a++")', None),
    ('matches("aaa", "a?+")', None),
    ('matches("aaa", "a{2}+")', None),
    ('matches("aaa", "a*?+")', None),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_xsd_meaning(expression: str, expected: object) -> None:
    result = evaluate(expression)
    assert result.value == expected, (expression, result.value, result.warning_codes)
    if expected is None:
        assert INVALID in result.warning_codes


@pytest.mark.parametrize("flags", ["s", "m", "i", "x", "q", "smix", ""])
def test_every_flag_is_accepted(flags: str) -> None:
    assert evaluate(f'matches("a", "a", "{flags}")').value is True


def test_an_unknown_flag_is_an_invalid_regex() -> None:
    result = evaluate('matches("a", "a", "p")')
    assert result.value is None and INVALID in result.warning_codes
